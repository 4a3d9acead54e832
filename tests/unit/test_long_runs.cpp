// Issue 10's engine defects, each reproduced as its report gave it: a persist timer whose interval
// overflowed moved the clock back, and a transfer past 2 GiB stalled when modular sequence
// comparisons flipped. Both failed before the fix.
#include "scenario_helpers.hpp"

#include "net/event_queue.hpp"
#include "net/world.hpp"

using namespace tcpsim;

namespace {

/// The issue's repro: a 5 s link, a receiver that never reads, a sender that fills its window.
constexpr const char* kNobodyReads = R"(host a
host b
link a b delay 5s
at 0s b listen 80
at 0s a connect b:80
at 20s a send 1MB
)";

}  // namespace

TEST_CASE("persist: a receiver that never reads gets probes capped at the maximum RTO, in time order") {
  const Trace t = testing::run_text(kNobodyReads);
  INFO(t.stop_reason);
  CHECK(t.errors.empty());
  // Time never runs backwards, and no timer is armed in the past.
  Time last = 0;
  for (const Event& e : t.events) {
    REQUIRE(e.t >= last);
    last = e.t;
    if (e.type == EventType::TimerArmed) REQUIRE(static_cast<Time>(e.value) >= e.t);
    // The link never went down, so nothing may be dropped as if it had.
    if (e.type == EventType::SegmentDropped) FAIL("segment dropped: " << drop_reason_name(t.fate(e.ref).drop));
  }
  // Probes every rto << backoff, then every 120 s (Linux TCP_RTO_MAX) until the run's 4 h limit:
  // the sender neither gives up (the receiver answers every probe) nor probes faster than the cap.
  std::vector<Time> probes;
  for (const SegmentRecord& s : t.segments) {
    if (s.rule == Rule::ZeroWindowProbe) probes.push_back(s.sent_at);
  }
  REQUIRE(probes.size() > 100);
  for (size_t i = 1; i < probes.size(); ++i) CHECK(probes[i] - probes[i - 1] <= 120 * kSec);
  CHECK(probes.back() - probes[probes.size() - 2] == 120 * kSec);
  CHECK(testing::transitions_of(t, "a") == std::vector<std::string>{"CLOSED -> SYN-SENT (active-open)",
                                                                     "SYN-SENT -> ESTABLISHED (handshake-ack)"});
  CHECK(t.stop_reason == "time limit 4h");
}

TEST_CASE("event queue: an event earlier than the last one popped is refused") {
  EventQueue<int> q;
  REQUIRE(q.push(5 * kSec, 1));
  Time t = 0;
  CHECK(q.pop(&t) == 1);
  CHECK(t == 5 * kSec);
  CHECK(q.now() == 5 * kSec);
  CHECK_FALSE(q.push(4 * kSec, 2));
  CHECK(q.empty());
  CHECK(q.push(5 * kSec, 3));  // Now itself is allowed: equal times run in insertion order.
}

TEST_CASE("world: a timer armed in the past stops the run with an internal error naming its rule") {
  World w(1);
  w.add_host("a", 0x0A000001, TcpConfig{});
  w.finish_topology();
  w.at(10 * kSec, [&] { w.schedule_timer(0, 1, TimerKind::Persist, -5 * kSec); });
  w.at(20 * kSec, [&] { FAIL("the run went on after the internal error"); });
  w.run(3600 * kSec, 1000);
  const Trace& t = w.trace();
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].message ==
        "internal error: connection 1's persist timer (zero-window-probe: RFC 9293 §3.8.6.1; Linux "
        "tcp_xmit_probe_skb()) was armed for -5.000000 s at 10.000000 s, in the past; the run stops here (the "
        "clock never runs backwards)");
  CHECK(t.truncated);
  CHECK(t.stop_reason == "internal error");
  CHECK(t.end_time == 10 * kSec);
}

TEST_CASE("data: a 3 GB transfer finishes (byte counts are 64-bit offsets, not sequence numbers)") {
  // Large segments keep the test quick: 3 GB in 49,000 segments instead of 2.2 million.
  const Trace t = testing::run_text(R"(host a
host b
link a b delay 1ms
set all mss 65495
at 0s b listen 80
at 0s b accept
at 0s a connect b:80
at 1ms a send 3GB
at 1ms b recv all
at 1ms a close
at 2ms b close
)");
  INFO(t.stop_reason);
  CHECK(t.stop_reason == "finished");
  CHECK(t.errors.empty());
  const CallRecord& send = testing::call_on_line(t, 8);
  const CallRecord& recv = testing::call_on_line(t, 9);
  CHECK(send.ret == 3'000'000'000);
  CHECK(recv.ret == 3'000'000'000);
  CHECK(recv.returned >= 0);
  // Both sides closed gracefully: FIN/ACK both ways, the active closer in TIME-WAIT then CLOSED.
  REQUIRE_FALSE(testing::transitions_of(t, "a").empty());
  CHECK(testing::transitions_of(t, "a").back() == "TIME-WAIT -> CLOSED (time-wait-timeout)");
  // The last data segment carries the stream's last bytes at their true 64-bit offset.
  uint64_t last_end = 0;
  for (const SegmentRecord& s : t.segments) {
    if (s.seg.data.len) last_end = std::max(last_end, s.seg.data.offset + s.seg.data.len);
  }
  CHECK(last_end == 3'000'000'000);
}
