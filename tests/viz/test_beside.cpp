// A recorded run beside the simulated one (issue 13): the kernel's run of 06-close-unread-data, as
// `tcpsim kernel-check 06 --json` wrote it on Linux 6.18 (tests/viz/data), read, checked to be a run of
// the scenario on screen, paired with it by time and compared by sim/trace/run_compare; bad files get
// a message with file:line:col, never a crash. The window tests draw both ladders under xvfb-run.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "ladder/moment.hpp"
#include "model/beside.hpp"
#include "model/session.hpp"
#include "trace/trace_json.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

const std::string kLinux06 = TCPSIM_VIZ_DATA_DIR "/linux-06-close-unread-data.json";
const std::string kScn06 = TCPSIM_SCENARIO_DIR "/06-close-unread-data.scn";

std::string text_of(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("beside: the kernel's recording opens beside tcpsim's run of its scenario, titled by source") {
  Session s;
  REQUIRE(s.load_file(kScn06));
  Beside b;
  CHECK_FALSE(b.on());
  REQUIRE(b.open(kLinux06, *s.fault()));
  CHECK(b.error().empty());
  REQUIRE(b.on());
  CHECK(b.title() == "linux 6.18.44-fc-v1272");
  CHECK(b.sim_title() == "tcpsim");
  CHECK(run_source_title(s.fault()->trace) == "tcpsim");
  CHECK(b.compared() == s.fault()->serial);
  // The same comparison `tcpsim kernel-check 06` printed when it recorded this run: it agrees.
  const BesideVerdict& v = b.verdict();
  CHECK(v.comparable);
  CHECK_FALSE(v.comparison.first.has_value());
  CHECK_FALSE(v.mark.has_value());
  CHECK(v.comparison.segments == 6);
  CHECK(v.comparison.connections == 1);
  CHECK(v.comparison.calls == 7);
  CHECK(v.headline == "They agree: 6 segments in 1 connection, 7 calls (times within 10 ms + 10 %)");
}

TEST_CASE("beside: the two runs are paired by simulated time, lane for lane") {
  Session s;
  REQUIRE(s.load_file(kScn06));
  Beside b;
  REQUIRE(b.open(kLinux06, *s.fault()));
  const Run& sim = *s.fault();
  const Run& linux = *b.run();
  // The same hosts in the same columns.
  REQUIRE(linux.lanes.size() == sim.lanes.size());
  for (size_t i = 0; i < sim.lanes.size(); ++i) {
    CHECK(linux.trace.nodes[linux.lanes[i]].name == sim.trace.nodes[sim.lanes[i]].name);
  }
  // At each of tcpsim's steps, the kernel's run shows what it had done by that time, and nothing later
  // (AppState::refresh_moment(): steps_until(now)). At 200 ms tcpsim has sent its RST; the kernel's
  // left 0.9 ms later (200.9 ms), so it is not drawn yet; at 201 ms it is.
  const MomentBuilder linux_moments(linux);
  const auto rst_sent = [&](Time now) {
    const Moment m = linux_moments.at(linux.steps_until(now), now);
    bool rst = false;
    for (uint32_t i = 0; i < m.applied; ++i) {
      const Event& e = linux.trace.events[i];
      rst |= e.type == EventType::SegmentSent && (linux.trace.segments[e.ref].seg.flags & kRst);
    }
    return rst;
  };
  CHECK_FALSE(rst_sent(ms(200)));
  CHECK(rst_sent(ms(201)));
  for (size_t step = 1; step <= sim.steps.events.size(); ++step) {
    const Time now = sim.time_of_step(step);
    const size_t k = linux.steps_until(now);
    if (k > 0) CHECK(linux.time_of_step(k) <= now);
    if (k < linux.steps.events.size()) CHECK(linux.time_of_step(k + 1) > now);
  }
}

TEST_CASE("beside: where the runs part, the first difference is marked at its time") {
  // A what-if on screen: the server crashes at 180 ms, so it never calls close() at 200 ms as the
  // kernel's server did.
  Session s;
  REQUIRE(s.load_text(text_of(kScn06) + "\nat 180ms server crash\n", kScn06));
  Beside b;
  REQUIRE(b.open(kLinux06, *s.fault()));
  const BesideVerdict& v = b.verdict();
  CHECK(v.comparable);
  REQUIRE(v.comparison.first.has_value());
  REQUIRE(v.mark.has_value());
  CHECK(*v.mark == v.comparison.first->t);
  CHECK(v.comparison.first->category == "calls");
  CHECK(v.mark_label == "first difference (calls)");
  CHECK(v.headline.rfind("First difference at " + kernel::format_time(*v.mark) + " (calls), line 19: server close(). "
                         "linux 6.18.44-fc-v1272: server close() = 0 at 200.9 ms; tcpsim: no such call", 0) == 0);
  // Back to the scenario as written: compared again, they agree.
  Session again;
  REQUIRE(again.load_file(kScn06));
  b.compare_with(*again.fault());
  CHECK(b.compared() == again.fault()->serial);
  CHECK_FALSE(b.verdict().mark.has_value());
}

TEST_CASE("beside: a file that is not a trace gets a message with file:line:col, and nothing changes") {
  Session s;
  REQUIRE(s.load_file(kScn06));
  Beside b;
  REQUIRE(b.open(kLinux06, *s.fault()));
  std::string error;
  // Broken JSON: where it breaks.
  CHECK_FALSE(read_trace_text("{\n  \"version\": 1,\n  oops\n}\n", "run.json", &error));
  CHECK(error.rfind("run.json:3:3: error: not a tcpsim trace (JSON, as `tcpsim kernel-check --json` writes): "
                    "parse error at line 3, column 3: syntax error while parsing object key", 0) == 0);
  // A scenario file given instead of its recording.
  CHECK_FALSE(b.open(kScn06, *s.fault()));
  CHECK(b.error().rfind(kScn06 + ":1:1: error: not a tcpsim trace (JSON", 0) == 0);
  // JSON, but not a trace.
  CHECK_FALSE(b.open_text("[1, 2, 3]", "list.json", *s.fault()));
  CHECK(b.error() == "list.json:1:1: error: not a tcpsim trace: JSON, but without the trace's \"version\", "
                     "\"segments\" and \"events\" (docs/trace-format.md)");
  // A trace cut short.
  nlohmann::json doc = trace_to_json(s.fault()->trace);
  doc.erase("nodes");
  CHECK_FALSE(b.open_text(doc.dump(), "cut.json", *s.fault()));
  CHECK(b.error() == "cut.json:1:1: error: not a tcpsim trace: key 'nodes' not found");
  // Of another version of the format.
  doc = trace_to_json(s.fault()->trace);
  doc["version"] = 999;
  CHECK_FALSE(b.open_text(doc.dump(), "v999.json", *s.fault()));
  CHECK(b.error() == "v999.json:1:1: error: not a tcpsim trace: unsupported trace version 999");
  // Empty, and missing.
  CHECK_FALSE(b.open_text("", "empty.json", *s.fault()));
  CHECK(b.error().rfind("empty.json:1:1: error: not a tcpsim trace (JSON", 0) == 0);
  CHECK_FALSE(b.open("/nonexistent/run.json", *s.fault()));
  CHECK(b.error() == "/nonexistent/run.json: error: cannot open the file");
  // The recording opened before is still there.
  REQUIRE(b.on());
  CHECK(b.title() == "linux 6.18.44-fc-v1272");
}

TEST_CASE("beside: a run of another scenario is refused with what it is and how to open it") {
  Session s06, s02;
  REQUIRE(s06.load_file(kScn06));
  REQUIRE(s02.load_file(TCPSIM_SCENARIO_DIR "/02-graceful-close.scn"));
  Beside b;
  CHECK_FALSE(b.open(kLinux06, *s02.fault()));
  CHECK_FALSE(b.on());
  CHECK(b.error() == kLinux06 + ":1:1: error: a run of another scenario: \"Close with unread data\" "
                     "(scenarios/06-close-unread-data.scn), hosts client 10.0.0.1, server 10.0.0.2; the scenario on "
                     "screen is \"Graceful close and TIME-WAIT\", hosts client 10.0.0.1, server 10.0.0.2. Open it beside its own "
                     "scenario: tcpsim-viz scenarios/06-close-unread-data.scn --beside " + kLinux06);
  CHECK(check_beside(TCPSIM_SCENARIO_DIR "/02-graceful-close.scn", kLinux06) == b.error());
  CHECK(check_beside(kScn06, kLinux06).empty());
  // Any trace JSON of the scenario opens beside it: tcpsim's own run, titled "tcpsim".
  std::ostringstream own;
  write_trace_json(s06.fault()->trace, own);
  REQUIRE(b.open_text(own.str(), "tcpsim-06.json", *s06.fault()));
  CHECK(b.title() == "tcpsim");
  CHECK(b.verdict().headline.rfind("They agree: ", 0) == 0);
}

TEST_CASE("beside: `tcpsim-viz RUN.json` opens the scenario the recording names") {
  std::string error;
  // Recorded as scenarios/06-close-unread-data.scn (relative to where kernel-check ran): found in the library.
  const std::string scn = scenario_of_recording(kLinux06, TCPSIM_SCENARIO_DIR, &error);
  CHECK(error.empty());
  CHECK(scn.size() >= 24);
  CHECK(scn.substr(scn.size() - 24) == "06-close-unread-data.scn");
  CHECK(scenario_of_recording("/nonexistent/run.json", TCPSIM_SCENARIO_DIR, &error).empty());
  CHECK(error == "/nonexistent/run.json: error: cannot open the file");
}
