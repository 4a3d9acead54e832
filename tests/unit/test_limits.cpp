// Issue 10's bounds: the trace's memory budget (`limit memory`), output written as it is made and
// byte for byte as before, and the small holes: run errors and failures capped, --width and --rows
// checked, the reason a file cannot be written, one message for a file over 16 MiB.
#include "cli_helpers.hpp"
#include "scenario_helpers.hpp"

#include <sstream>

#include "export/pcapng.hpp"
#include "render/diff_text.hpp"
#include "render/event_dump.hpp"
#include "render/ladder_text.hpp"

using namespace tcpsim;
using cli_test::Result;
using cli_test::TempDir;

namespace {

/// A 1 GB transfer under a 1 MB budget: it passes the budget long before it finishes.
constexpr const char* kOverBudget = R"(host a
host b
link a b delay 1ms
limit memory 1MB
at 0ms b listen 80
at 0ms b accept
at 0ms a connect b:80
at 1ms a send 1GB
at 1ms b recv all
)";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

Result cli(const std::string& args, const TempDir& d) { return cli_test::run_tcpsim(args, d); }

}  // namespace

TEST_CASE("limit memory: parsed as a size, at least 1MB, and suggested for a misspelt limit", "[limits]") {
  CHECK(testing::parse_ok("host a\nlimit memory 4GB\n").memory_limit == 4'000'000'000);
  CHECK(testing::parse_ok("host a\n").memory_limit == kDefaultMemoryLimit);
  const ParseResult small = parse_scenario("host a\nlimit memory 10KB\n", "m.scn");
  REQUIRE(small.errors.size() == 1);
  CHECK(small.errors[0].message == "the memory limit must be at least 1MB");
  CHECK(small.errors[0].col == 14);
  const ParseResult typo = parse_scenario("host a\nlimit memroy 1GB\n", "m.scn");
  REQUIRE_FALSE(typo.errors.empty());
  CHECK(typo.errors[0].message == "unknown limit 'memroy'");
  CHECK(typo.errors[0].hint.find("memory") != std::string::npos);
}

TEST_CASE("limit memory: a run that passes its budget stops and says how to raise it", "[limits]") {
  const Trace t = testing::run_text(kOverBudget);
  CHECK(t.truncated);
  CHECK(t.stop_reason == "memory limit 1 MB");
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].line == 0);
  const std::string& m = t.errors[0].message;
  CHECK(m.rfind("the run's trace reached its memory limit of 1 MB at ", 0) == 0);
  CHECK(m.find(" s, after 16384 events; raise it with 'limit memory 2MB' (or stop the run sooner with 'limit time' "
               "or 'limit events')") != std::string::npos);
  // Looked at every 16,384 events: stopped within that many events' worth of the budget, not far past.
  CHECK(t.memory_bytes() < 10'000'000);
}

TEST_CASE("limit memory: every command exits 2 with the message", "[limits][cli]") {
  TempDir d;
  const std::string f = d.write("big.scn", kOverBudget);
  for (const std::string& cmd : std::vector<std::string>{"run", "check", "trace", "trace --json", "diff --also 'note \"x\"'",
                                                        "export --pcap " + quoted((d.path / "x.pcapng").string())}) {
    const Result r = cli(cmd + " " + quoted(f), d);
    INFO(cmd << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(f + ": error: the run's trace reached its memory limit of 1 MB at ") != std::string::npos);
    // The cut run is not drawn or written: the message is what matters (check prints its verdict).
    if (cmd != "check") CHECK(r.out.empty());
  }
  CHECK_FALSE(std::filesystem::exists(d.path / "x.pcapng"));
}

TEST_CASE("limit memory: the issue's keep-alive run without end stops at its budget in every command", "[limits][cli]") {
  // Probes once a second for a million hours with no event limit: before the budget, check grew
  // 0.5 GB/s and run, trace --json and export died past 4-10 GB.
  TempDir d;
  const std::string f = d.write("keepalive.scn", R"(host a
host b
link a b delay 1ms
set all keepalive-idle 1s keepalive-intvl 1s
limit time 1000000h events 18446744073709551615 memory 8MB
at 0s b listen 80
at 0s b accept
at 0s a connect b:80
at 1ms a setsockopt keepalive on
)");
  for (const std::string& cmd : {std::string("check"), std::string("run"), std::string("trace --json"),
                                 "export --pcap " + quoted((d.path / "k.pcapng").string())}) {
    const Result r = cli(cmd + " " + quoted(f), d);
    INFO(cmd << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(f + ": error: the run's trace reached its memory limit of 8 MB at ") != std::string::npos);
    CHECK(r.err.find("raise it with 'limit memory 16MB'") != std::string::npos);
  }
}

TEST_CASE("streaming: trace --json writes exactly what the JSON document dumps, for every library run", "[limits]") {
  for (const std::string& f : testing::library_files()) {
    const ParseResult r = parse_scenario_file(f);
    REQUIRE(r.ok());
    for (RunKind k : {RunKind::Fault, RunKind::Twin}) {
      if (k == RunKind::Twin && !r.scenario->has_twin()) continue;
      const Trace t = run_scenario(*r.scenario, k);
      std::ostringstream os;
      write_trace_json(t, os);
      INFO(f);
      CHECK(os.str() == trace_to_json(t).dump(2));
    }
  }
  std::ostringstream empty;
  write_trace_json(Trace{}, empty);
  CHECK(empty.str() == trace_to_json(Trace{}).dump(2));
}

TEST_CASE("streaming: the ladder, the event list and the capture written to a stream are the strings", "[limits]") {
  const Trace t = testing::run_text(R"(host a
host b
link a b delay 1ms loss 5%
at 0ms b listen 80
at 0ms b accept
at 0ms a connect b:80
at 1ms a send 300KB
at 1ms b recv all
at 5s a close
)");
  REQUIRE(t.segments.size() > 400);  // more than one 64 KB block of ladder rows
  std::ostringstream ladder, dump, cap;
  LadderOptions every;
  every.all_segments = true;  // a row per segment (folded, the transfer is a few rows)
  render_ladder(t, every, ladder);
  CHECK(ladder.str().size() > 65536);
  CHECK(ladder.str() == render_ladder(t, every));
  render_event_dump(t, false, dump);
  CHECK(dump.str() == render_event_dump(t, false));
  const CaptureCounts counts = write_pcapng(t, PcapngOptions{}, cap);
  const Pcapng whole = export_pcapng(t, PcapngOptions{});
  CHECK(cap.str() == whole.bytes);
  CHECK(counts.packets == whole.packets.size());
  CHECK(whole.packets == capture_packets(t, CaptureView{}));
  size_t commented = 0;
  for (const CapturePacket& p : whole.packets) commented += p.comments.empty() ? 0 : 1;
  CHECK(counts.commented == commented);
}

TEST_CASE("cli: run errors and failed expectations are capped at 20 with a count of the rest", "[limits][cli]") {
  TempDir d;
  std::string text = "host client\nhost server\nlink client server\nat 10ms server crash\n";
  for (int i = 0; i < 30; ++i) text += "at 20ms server listen " + std::to_string(80 + i) + "\n";
  const std::string f = d.write("many.scn", text);
  const Result r = cli("run " + quoted(f), d);
  CHECK(r.code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 21);
  CHECK(r.err.find(f + ": error: too many errors: 10 more not shown\n") != std::string::npos);

  std::string failing = std::string(cli_test::kGood);
  for (int i = 0; i < 25; ++i) failing += "expect client state CLOSE-WAIT\n";
  const std::string g = d.write("failing.scn", failing);
  const Result c = cli("check " + quoted(g), d);
  CHECK(c.code == 1);
  CHECK(c.out.find(g + ": too many failures: ") != std::string::npos);
  size_t shown = 0;
  for (size_t p = 0; (p = c.out.find(g + ":", p)) != std::string::npos; ++p) ++shown;
  CHECK(shown == 21);
}

TEST_CASE("cli: --width outside 60-400 and --rows below 1 are refused", "[limits][cli]") {
  TempDir d;
  const std::string f = d.write("good.scn", cli_test::kGood);
  const Result w = cli("run --width 1 " + quoted(f), d);
  CHECK(w.code == 2);
  CHECK(w.err.find("'1' is not a width (a whole number from 60 to 400)") != std::string::npos);
  CHECK(w.out.empty());
  CHECK(cli("run --width 401 " + quoted(f), d).code == 2);
  CHECK(cli("run --width 400 " + quoted(f), d).code == 0);
  const Result rows = cli("diff --rows -1 " + quoted(f), d);
  CHECK(rows.code == 2);
  CHECK(rows.err.find("'-1' is not a row count (a whole number from 1 to 1000000000)") != std::string::npos);
  CHECK(cli("diff --rows 3 " + quoted(f), d).code == 0);
}

TEST_CASE("cli: trace -o says why a file cannot be written", "[limits][cli]") {
  TempDir d;
  const std::string f = d.write("good.scn", cli_test::kGood);
  const std::string nowhere = (d.path / "no-such-dir" / "t.json").string();
  const Result r = cli("trace --json -o " + quoted(nowhere) + " " + quoted(f), d);
  CHECK(r.code == 2);
  CHECK(r.err == "tcpsim: error: cannot write '" + nowhere + "': No such file or directory\n");
  const Result proc = cli("trace -o /proc/x " + quoted(f), d);
  CHECK(proc.code == 2);
  CHECK(proc.err.rfind("tcpsim: error: cannot write '/proc/x': ", 0) == 0);
  CHECK(proc.err.size() > std::string("tcpsim: error: cannot write '/proc/x': \n").size());
  // Written to a file, the bytes are those of standard output.
  const std::string out = (d.path / "t.txt").string();
  CHECK(cli("trace -o " + quoted(out) + " " + quoted(f), d).code == 0);
  CHECK(cli_test::slurp(out) == cli("trace " + quoted(f), d).out);
}

TEST_CASE("parser: a file over 16 MiB read from disk gets the message the docs give", "[limits]") {
  TempDir d;
  const std::string f = d.write("huge.scn", std::string((size_t{16} << 20) + 10, '#'));
  const ParseResult r = parse_scenario_file(f);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "scenario is too large (more than 16777216 bytes; the limit is 16 MiB)");
}

TEST_CASE("streaming: diff --rows N draws N rows and counts the rest, drawn instant by instant", "[limits]") {
  const Scenario sc = testing::parse_ok(cli_test::kGood);
  const Trace fault = run_scenario(sc, RunKind::Fault);
  const Trace twin = run_scenario(sc, RunKind::Twin);
  DiffOptions o;
  o.ascii = true;
  const std::string all = render_diff(fault, twin, o);
  std::vector<size_t> totals;
  for (size_t k = 1; k <= 3; ++k) {
    o.max_rows = k;
    const std::string cut = render_diff(fault, twin, o);
    const size_t last = cut.rfind('\n', cut.size() - 2) + 1;
    const std::string tail = cut.substr(last);
    REQUIRE(tail.rfind("... ", 0) == 0);
    REQUIRE(tail.find(" more rows") != std::string::npos);
    totals.push_back(k + std::stoul(tail.substr(4)));
    // The rows drawn are the full diff's first rows.
    CHECK(all.rfind(cut.substr(0, last), 0) == 0);
  }
  CHECK(totals[0] == totals[1]);
  CHECK(totals[1] == totals[2]);
  o.max_rows = totals[0];
  CHECK(render_diff(fault, twin, o) == all);
  std::ostringstream os;
  o.max_rows = 0;
  render_diff(fault, twin, o, os);
  CHECK(os.str() == all);
}
