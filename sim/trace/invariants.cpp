#include "trace/invariants.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

namespace tcpsim {

bool invariants_enabled() {
  // The environment wins both ways: TCPSIM_INVARIANTS=1 checks a release build's runs, =0 skips the
  // cost in a debug build.
  if (const char* env = std::getenv("TCPSIM_INVARIANTS"); env && *env) return std::strcmp(env, "0") != 0;
#ifdef TCPSIM_INVARIANTS
  return true;
#else
  return false;
#endif
}

namespace {

/// At most this many findings of one kind: one broken rule usually breaks it on every event after.
constexpr size_t kMaxPerCheck = 3;

class Checker {
 public:
  explicit Checker(const Trace& t) : t_(t) {}

  std::vector<std::string> run() {
    time_order();
    windows();
    delivered_prefix();
    nothing_stuck();
    return std::move(found_);
  }

 private:
  void report(size_t& count, const std::string& what) {
    if (count++ < kMaxPerCheck) found_.push_back(what);
  }

  static std::string at(Time t) { return " at " + format_seconds(t) + " s"; }

  void time_order() {
    size_t n = 0;
    Time last = 0;
    for (size_t i = 0; i < t_.events.size(); ++i) {
      const Event& e = t_.events[i];
      if (e.t < last) report(n, "time runs backwards: event " + std::to_string(i) + at(e.t) + " after" + at(last));
      last = std::max(last, e.t);
      if (e.type == EventType::TimerArmed && static_cast<Time>(e.value) < e.t) {
        report(n, "connection " + std::to_string(e.conn) + "'s " + std::string(timer_name(static_cast<TimerKind>(e.a))) +
                      " timer armed" + at(e.t) + " for " + format_seconds(static_cast<Time>(e.value)) +
                      " s, in the past");
      }
    }
    if (!t_.events.empty() && t_.end_time < t_.events.back().t) {
      report(n, "the run ends" + at(t_.end_time) + ", before its last event" + at(t_.events.back().t));
    }
    Time sent = 0;
    for (size_t i = 0; i < t_.segments.size(); ++i) {
      const SegmentRecord& s = t_.segments[i];
      if (s.sent_at < sent) report(n, "segment #" + std::to_string(i + 1) + " sent" + at(s.sent_at) + " after" + at(sent));
      sent = std::max(sent, s.sent_at);
      const SegmentFate f = t_.fate(i);
      if (f.outcome != Outcome::InFlight && f.end_at < s.sent_at) {
        report(n, "segment #" + std::to_string(i + 1) + " ended" + at(f.end_at) + ", before it was sent" + at(s.sent_at));
      }
    }
    Time snap = 0;
    for (const TcbSnapshot& s : t_.tcbs) {
      if (s.t < snap) report(n, "a TCB snapshot of connection " + std::to_string(s.conn) + at(s.t) + " after" + at(snap));
      snap = std::max(snap, s.t);
    }
  }

  void windows() {
    // RFC 9293 §3.8.6: never send beyond SND.UNA + SND.WND. A peer may shrink its window under data
    // already sent (§3.8.6.2.1), so the bound is the largest window it offered; the SYN and the FIN
    // each take one more sequence number.
    size_t n = 0;
    std::map<uint32_t, uint32_t> max_wnd;
    for (const TcbSnapshot& s : t_.tcbs) {
      if (!is_synchronized(s.state)) continue;
      uint32_t& w = max_wnd[s.conn];
      w = std::max(w, s.snd_wnd);
      const int32_t in_flight = s.snd_nxt - s.snd_una;
      if (in_flight < 0 || static_cast<int64_t>(in_flight) > int64_t{w} + 2) {
        report(n, "connection " + std::to_string(s.conn) + " has " + std::to_string(in_flight) +
                      " octets in flight" + at(s.t) + ", beyond the largest window its peer offered (" +
                      std::to_string(w) + ")");
      }
      // The receiver only accepts what its window allowed, and never offers more than its buffer.
      const uint64_t held = s.unread + s.out_of_order;
      if (s.rcvbuf > 0 && (held > s.rcvbuf || s.rcv_wnd > s.rcvbuf)) {
        report(n, "connection " + std::to_string(s.conn) + " holds " + std::to_string(held) + " octets with window " +
                      std::to_string(s.rcv_wnd) + at(s.t) + ", over its " + std::to_string(s.rcvbuf) + "-octet buffer");
      }
    }
  }

  void delivered_prefix() {
    size_t n = 0;
    // The streams that could feed each connection: data delivered to its address and port. A
    // connection that received injected data reads bytes no peer sent; it is left out.
    std::map<std::tuple<NodeId, uint32_t, uint16_t>, std::set<uint32_t>> by_address;
    std::set<std::tuple<NodeId, uint32_t, uint16_t>> injected_at;
    for (size_t i = 0; i < t_.segments.size(); ++i) {
      const SegmentRecord& s = t_.segments[i];
      const SegmentFate f = t_.fate(i);
      if (f.outcome != Outcome::Delivered || s.seg.data.len == 0) continue;
      const auto key = std::make_tuple(f.end_node, s.seg.dst.ip, s.seg.dst.port);
      by_address[key].insert(s.seg.data.stream);
      if (s.rule == Rule::Injected || s.conn == 0) injected_at.insert(key);
    }
    std::map<uint32_t, std::set<uint32_t>> sources;
    std::set<uint32_t> injected;
    for (const ConnRecord& c : t_.conns) {
      const auto key = std::make_tuple(c.node, c.tuple.local.ip, c.tuple.local.port);
      if (auto it = by_address.find(key); it != by_address.end()) sources[c.id] = it->second;
      if (injected_at.count(key)) injected.insert(c.id);
    }
    std::map<uint32_t, uint64_t> read;  // Octets read so far, per connection.
    for (const CallRecord& c : t_.calls) {
      if (c.kind != CallKind::Recv || c.conn == 0 || c.ret <= 0) continue;
      uint64_t& offset = read[c.conn];
      const uint64_t start = offset;
      offset += static_cast<uint64_t>(c.ret);
      if (injected.count(c.conn)) continue;
      bool matched = false;
      std::string expected;
      for (uint32_t stream : sources[c.conn]) {
        expected.clear();
        t_.streams.copy(Payload{stream, static_cast<uint32_t>(c.data.size()), start}, expected, c.data.size());
        if (expected == c.data) matched = true;
      }
      if (!matched) {
        report(n, "recv() on line " + std::to_string(c.line) + " returned " + std::to_string(c.ret) +
                      " octets that are not the peer's stream from offset " + std::to_string(start));
      }
    }
  }

  void nothing_stuck() {
    // A finished run emptied its queue: any timer would still be in it. An open connection left with
    // data to send or to see acknowledged has nothing that will ever move it.
    if (t_.truncated || t_.stop_reason != "finished") return;
    size_t n = 0;
    for (const ConnRecord& c : t_.conns) {
      const uint32_t conn = c.id;
      const TcbSnapshot* s = t_.tcbs.latest(conn);
      if (!s) continue;
      if (s->state == State::Closed || s->state == State::Listen || s->state == State::TimeWait) continue;
      if (s->unsent + s->unacked == 0) continue;
      report(n, "connection " + std::to_string(conn) + " is stuck in " + std::string(state_name(s->state)) + " with " +
                    std::to_string(s->unsent) + " octets unsent and " + std::to_string(s->unacked) +
                    " unacknowledged, and no timer");
    }
  }

  const Trace& t_;
  std::vector<std::string> found_;
};

}  // namespace

std::vector<std::string> check_invariants(const Trace& trace) { return Checker(trace).run(); }

}  // namespace tcpsim
