// The invariant checker (trace/invariants.hpp): it sees each kind of broken run, and random seeded
// scenarios (lossy, duplicating, reordering links; small buffers and segments; closes, aborts,
// crashes and links going down at random moments) keep every invariant.
#include "scenario_helpers.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "net/rng.hpp"
#include "trace/invariants.hpp"

using namespace tcpsim;

namespace {

/// A two-host run to break by hand: a handshake and 10 bytes read.
Trace small_run() {
  return testing::run_text(R"(host a
host b
link a b delay 10ms
at 0s b listen 80
at 0s b accept
at 0s a connect b:80
at 100ms a send "0123456789"
at 200ms b recv
at 300ms a close
at 300ms b close
)");
}

/// One random scenario from a seed: the shapes the library uses, with random numbers.
std::string random_scenario(uint64_t seed) {
  Rng r(seed);
  auto pick = [&](uint64_t n) { return r.below(n); };
  std::ostringstream s;
  s << "seed " << seed << "\nlimit time 20min events 200000\nhost a\nhost b\n";
  s << "link a b delay " << 1 + pick(50) << "ms";
  if (pick(2)) s << " loss " << pick(25) << "%";
  if (pick(3) == 0) s << " dup " << pick(10) << "%";
  if (pick(3) == 0) s << " reorder " << pick(10) << "%";
  if (pick(3) == 0) s << " jitter " << 1 + pick(20) << "ms";
  s << "\n";
  s << "set all rcvbuf " << 500 + pick(65035) << " mss " << 64 + pick(1397) << " sndbuf " << 1000 + pick(200000)
    << "\n";
  s << "at 0s b listen 80\nat 0s b accept\nat 0s a connect b:80\n";
  const uint64_t bytes = 1 + pick(300000);
  s << "at " << 10 + pick(500) << "ms a send " << bytes << "B\n";
  if (pick(2)) s << "at " << 10 + pick(500) << "ms b send " << 1 + pick(50000) << "B\n";
  // The reader: all of it, or a few reads (then a window left shut for a while).
  if (pick(3)) {
    s << "at " << pick(2000) << "ms b recv all\n";
  } else {
    for (uint64_t i = 0, n = 1 + pick(4); i < n; ++i) s << "at " << pick(60000) << "ms b recv " << 1 + pick(40000) << "\n";
  }
  if (pick(2)) s << "at " << pick(5000) << "ms a recv all\n";
  // How it ends: a graceful close, a half-close, an abort, or a fault.
  switch (pick(6)) {
    case 0: s << "at " << pick(30000) << "ms a close\nat " << pick(30000) << "ms b close\n"; break;
    case 1: s << "at " << pick(30000) << "ms a shutdown wr\n"; break;
    case 2: s << "at " << pick(30000) << "ms a abort\n"; break;
    case 3: s << "at " << pick(30000) << "ms b crash\nat " << pick(60000) + 30000 << "ms b restart\n"; break;
    case 4: s << "at " << pick(10000) << "ms link a b down\nat " << 10000 + pick(100000) << "ms link a b up\n"; break;
    default: s << "at " << pick(30000) << "ms b close\n"; break;
  }
  return s.str();
}

}  // namespace

TEST_CASE("invariants: a run of the simulator keeps them all") {
  CHECK(check_invariants(small_run()).empty());
}

TEST_CASE("invariants: time running backwards is seen") {
  Trace t = small_run();
  // The trace is append-only: the broken one is appended afresh, event 5 a moment before event 4.
  EventLog events;
  for (size_t i = 0; i < t.events.size(); ++i) {
    Event e = t.events[i];
    if (i == 5) e.t = t.events[4].t - 1;
    events.push_back(e);
  }
  t.events = std::move(events);
  const std::vector<std::string> found = check_invariants(t);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].rfind("time runs backwards: event 5 at ", 0) == 0);
}

TEST_CASE("invariants: a timer armed in the past is seen") {
  Trace t = small_run();
  Event e{};
  e.t = t.end_time;
  e.type = EventType::TimerArmed;
  e.conn = 2;
  e.a = static_cast<uint8_t>(TimerKind::Persist);
  e.value = static_cast<uint64_t>(Time{-5561838855} * kSec / 10);
  t.events.push_back(e);
  const std::vector<std::string> found = check_invariants(t);
  REQUIRE(found.size() == 1);
  INFO(found[0]);
  CHECK(found[0] == "connection 2's persist timer armed at " + format_seconds(t.end_time) +
                        " s for -556183885.500000 s, in the past");
}

TEST_CASE("invariants: more in flight than the peer's window is seen") {
  Trace t = small_run();
  TcbSnapshot s = t.tcbs.back();
  s.state = State::Established;
  s.snd_wnd = 100;
  s.snd_nxt = s.snd_una + 100000;  // more than any window without scaling
  t.tcbs.push_back(s);
  const std::vector<std::string> found = check_invariants(t);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].find("has 100000 octets in flight") != std::string::npos);
}

TEST_CASE("invariants: bytes read that the peer never sent are seen") {
  Trace t = small_run();
  // The trace is append-only: a corrupted return is appended as the call's latest CallReturn.
  for (size_t i = 0; i < t.calls.size(); ++i) {
    if (t.calls[i].kind != CallKind::Recv) continue;
    REQUIRE(t.calls.latest(i));
    CallReturn r = *t.calls.latest(i);
    r.data = "0123X56789";
    t.calls.amend(i, r);
  }
  const std::vector<std::string> found = check_invariants(t);
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "recv() on line 8 returned 10 octets that are not the peer's stream from offset 0");
}

TEST_CASE("invariants: a finished run with a connection stuck holding data is seen") {
  Trace t = small_run();
  TcbSnapshot s = t.tcbs.back();
  s.state = State::Established;
  s.unsent = 7;
  t.tcbs.push_back(s);
  const std::vector<std::string> found = check_invariants(t);
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "connection " + std::to_string(s.conn) +
                        " is stuck in ESTABLISHED with 7 octets unsent and 0 unacknowledged, and no timer");
}

TEST_CASE("invariants: every library scenario keeps them, both runs") {
  const std::vector<std::string> names = testing::library_files();
  REQUIRE(names.size() > 10);
  for (const std::string& n : names) {
    const ParseResult r = parse_scenario_file(n);
    REQUIRE(r.ok());
    for (RunKind k : {RunKind::Fault, RunKind::Twin}) {
      if (k == RunKind::Twin && !r.scenario->has_twin()) continue;
      INFO(n << (k == RunKind::Twin ? " (twin)" : ""));
      CHECK(check_invariants(run_scenario(*r.scenario, k)) == std::vector<std::string>{});
    }
  }
}

TEST_CASE("invariants: 150 random seeded scenarios keep them") {
  size_t data_moved = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    const std::string text = random_scenario(seed);
    INFO("seed " << seed << ":\n" << text);
    const Trace t = run_scenario(testing::parse_ok(text), RunKind::Fault);
    CHECK(check_invariants(t) == std::vector<std::string>{});
    for (const CallRecord& c : t.calls) data_moved += c.kind == CallKind::Recv && c.ret > 0 ? 1 : 0;
  }
  // The scenarios do move data, or the prefix rule proves little. (100 of them since SYNs are retried
  // one second apart, Linux >= 6.5, and the accept queue's limit holds at the final ACK; 98 since the RTO
  // is Linux's SRTT + RTTVAR, which retransmits a little later within the runs' fixed length.)
  CHECK(data_moved >= 95);
}
