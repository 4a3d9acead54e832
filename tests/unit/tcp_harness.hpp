#pragma once
// Test harness for the TCP connection core, in the style of smoltcp's socket tests.
//
// A Harness owns one Connection with its config and a clock. Fixture functions
// (socket_established(), socket_fin_wait_1(), ...) return a connection already in that state with
// every output drained. A test then delivers a segment (deliver) or makes a user call and asserts:
//   expect_segments({...})  the exact segments emitted, in order (flags, seq, ack, wnd, len, rule),
//                           then that nothing else was;
//   expect_nothing()        that no segment was emitted;
// plus helpers for states, transitions, timers, notifications, discards and the verdict.
// Every event (segment, timer, user call) first clears the previous event's outputs.
//
// Sequence numbers start near the 2^32 wrap so wrap-around bugs show: our ISS is 0xFFFFFF00 and the
// peer's is 0xFFFFFFF0, so the peer's data wraps after 15 octets and ours after 255.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <utility>
#include <vector>

#include "tcp/connection.hpp"
#include "tcp/reset.hpp"

namespace tcpsim::test {

/// Our initial send sequence number (ISS).
inline constexpr Seq ISS{0xFFFFFF00};
/// The peer's initial sequence number (IRS as we see it).
inline constexpr Seq IRS{0xFFFFFFF0};
/// This connection's end.
inline constexpr Endpoint kLocal{0x0A000001, 40000};
/// The peer's end.
inline constexpr Endpoint kRemote{0x0A000002, 80};
/// Trace stream holding the octets we send.
inline constexpr uint32_t kLocalStream = 1;
/// Trace stream holding the octets the peer sends.
inline constexpr uint32_t kRemoteStream = 2;
/// Handshake round trip in the fixtures.
inline constexpr Time kRtt = ms(10);
/// The RTO after that one sample, as Linux computes it (tcp_rtt_estimator(), __tcp_set_rto()):
/// SRTT + RTTVAR = 10 ms + max(2 * 10 ms, rto-min 200 ms) = 210 ms (RFC 6298 would give 200 ms).
inline constexpr Time kRto = kRtt + ms(200);

/// A segment the peer sends to us. Written with designated initializers:
/// `{.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100}`. The payload is a reference into
/// the peer's stream at the offset its sequence number implies (first data octet IRS+1 = offset 0).
struct In {
  uint8_t flags = kAck;
  Seq seq{};
  Seq ack{};
  uint32_t len = 0;
  uint16_t wnd = 65535;
  uint16_t mss = 0;  ///< MSS option (0 = absent).
};

/// A segment we expect the connection to emit. `ack` must be 0 when the ACK bit is off; `off` is the
/// payload's offset in our stream, checked when it is not negative.
struct Out {
  uint8_t flags = 0;
  Seq seq{};
  Seq ack{};
  uint16_t wnd = 0;
  uint32_t len = 0;
  Rule rule = Rule::None;
  uint16_t mss = 0;
  int64_t off = -1;
};

/// Builds the wire segment for `in`, travelling from the peer to us.
inline Segment make_segment(const In& in) {
  Segment s;
  s.src = kRemote;
  s.dst = kLocal;
  s.seq = in.seq;
  s.ack = in.ack;
  s.flags = in.flags;
  s.wnd = in.wnd;
  s.mss = in.mss;
  if (in.len > 0) {
    const Seq first = in.seq + ((in.flags & kSyn) ? 1 : 0);
    s.data = {kRemoteStream, in.len, static_cast<uint32_t>(first - (IRS + 1))};
  }
  return s;
}

// ---- Formatting: every mismatch prints both sides in words, fields named. ----

/// `x` relative to `base` ("ISS+1", "IRS-1"), or hex when it is far from it.
inline std::string rel(Seq x, Seq base, const char* name) {
  const int32_t d = x - base;
  char buf[48];
  if (x.v == 0) {
    std::snprintf(buf, sizeof buf, "0");
  } else if (d == 0) {
    std::snprintf(buf, sizeof buf, "%s", name);
  } else if (d > -(1 << 24) && d < (1 << 24)) {
    std::snprintf(buf, sizeof buf, "%s%+d", name, d);
  } else {
    std::snprintf(buf, sizeof buf, "0x%08x", x.v);
  }
  return buf;
}

/// One line per segment: flags, seq (from ISS), ack (from IRS), wnd, len, mss, offset, rule.
inline std::string describe_segment(const Segment& s, Rule rule, bool show_off) {
  std::string r = flags_to_string(s.flags);
  r += " seq=" + rel(s.seq, ISS, "ISS");
  if (s.flags & kAck) {
    r += " ack=" + rel(s.ack, IRS, "IRS");
  } else if (s.ack.v != 0) {
    r += " ack(without ACK bit)=" + rel(s.ack, IRS, "IRS");
  }
  r += " wnd=" + std::to_string(s.wnd) + " len=" + std::to_string(s.data.len);
  if (s.mss) r += " mss=" + std::to_string(s.mss);
  if (show_off && s.data.len > 0) r += " off=" + std::to_string(s.data.offset);
  if (s.data.len > 0 && s.data.stream != kLocalStream) {
    r += " (payload from stream " + std::to_string(s.data.stream) + ")";
  }
  if (!(s.src == kLocal && s.dst == kRemote)) r += " (wrong endpoints)";
  r += " rule=" + std::string(rule_info(rule).key);
  return r;
}

/// The line describe_segment() prints for a segment matching `o`.
inline std::string describe_expected(const Out& o) {
  Segment s;
  s.src = kLocal;
  s.dst = kRemote;
  s.flags = o.flags;
  s.seq = o.seq;
  s.ack = o.ack;
  s.wnd = o.wnd;
  s.mss = o.mss;
  s.data = {o.len > 0 ? kLocalStream : 0, o.len, o.off >= 0 ? static_cast<uint64_t>(o.off) : 0};
  return describe_segment(s, o.rule, o.off >= 0);
}

/// Short name of a notification kind.
inline std::string notify_name(NotifyKind k) {
  switch (k) {
    case NotifyKind::Connected: return "connected";
    case NotifyKind::Readable: return "readable";
    case NotifyKind::Eof: return "eof";
    case NotifyKind::Writable: return "writable";
    case NotifyKind::Error: return "error";
    case NotifyKind::Closed: return "closed";
    case NotifyKind::BackToListen: return "back-to-listen";
    case NotifyKind::Reopen: return "reopen";
  }
  return "?";
}

/// "error(ECONNRESET)", "closed", ...
inline std::string describe_note(const NotifyOut& n) {
  std::string r = notify_name(n.kind);
  if (n.err != Errno::None) r += "(" + std::string(errno_name(n.err)) + ")";
  return r;
}

/// "SYN-SENT -> ESTABLISHED (handshake-ack)".
inline std::string describe_transition(const StateOut& s) {
  return std::string(state_name(s.from)) + " -> " + std::string(state_name(s.to)) + " (" +
         std::string(rule_info(s.rule).key) + ")";
}

/// "retransmit armed for 210ms" or "retransmit not armed".
inline std::string describe_timer(TimerKind k, std::optional<Time> t) {
  return std::string(timer_name(k)) + (t ? " armed for " + format_duration(*t) : " not armed");
}

/// One action of an Outputs list as a line: "segment RST+ACK seq=.. rule=rst-close-unread",
/// "timer retransmit cancelled", "state ESTABLISHED -> CLOSED (rst-close-unread)", "note closed",
/// "discard unread-receive 18 (rst-close-unread)".
inline std::string describe_action(const Output& a) {
  if (const auto* s = std::get_if<SegmentOut>(&a)) return "segment " + describe_segment(s->seg, s->rule, false);
  if (const auto* t = std::get_if<TimerOut>(&a)) {
    const char* what = t->action == TimerAction::Armed ? " armed for " : t->action == TimerAction::Cancelled ? " cancelled" : " fired";
    return "timer " + std::string(timer_name(t->kind)) + what +
           (t->action == TimerAction::Armed ? format_duration(t->deadline) : std::string());
  }
  if (const auto* st = std::get_if<StateOut>(&a)) return "state " + describe_transition(*st);
  if (const auto* n = std::get_if<NotifyOut>(&a)) return "note " + describe_note(*n);
  const auto& d = std::get<DiscardOut>(a);
  return "discard " + std::string(discard_name(d.kind)) + " " + std::to_string(d.bytes) + " (" +
         std::string(rule_info(d.rule).key) + ")";
}

/// One connection, its config (heap-held so a Harness can be moved), its clock and its last outputs.
class Harness {
 public:
  explicit Harness(TcpConfig config = {})
      : cfg(std::make_unique<TcpConfig>(config)), conn(*cfg, {kLocal, kRemote}, ISS, kLocalStream) {}

  std::unique_ptr<TcpConfig> cfg;  ///< The settings the connection started with (it keeps its own copy).
  Connection conn;
  Outputs out;   ///< What the last event produced (segments are consumed by expect_segments).
  Time now = 0;  ///< Simulated time of the next event.

  // ---- Events. Each clears the previous outputs first. ----

  /// The peer's segment `in` arrives now.
  void deliver(const In& in) { deliver_segment(make_segment(in)); }
  /// A hand-built segment arrives now.
  void deliver_segment(const Segment& s) {
    out.clear();
    conn.on_segment(s, now, out);
  }
  /// Moves the clock to the deadline of timer `k` (which must be armed) and fires it.
  void fire(TimerKind k, std::source_location loc = std::source_location::current()) {
    INFO("fire() called from line " << loc.line());
    const auto t = conn.timer(k);
    REQUIRE(t.has_value());
    now = *t;
    out.clear();
    conn.on_timer(k, now, out);
  }
  /// Moves the clock forward without an event.
  void advance(Time dt) { now += dt; }
  void open_active() {
    out.clear();
    conn.open_active(now, out);
  }
  void open_passive(const In& syn) {
    out.clear();
    conn.open_passive(make_segment(syn), now, out);
  }
  uint64_t send(uint64_t bytes) {
    out.clear();
    return conn.send(bytes, now, out);
  }
  uint64_t read(uint64_t max, std::vector<Payload>* pieces = nullptr) {
    out.clear();
    return conn.read(max, now, out, pieces);
  }
  void close() {
    out.clear();
    conn.close(now, out);
  }
  void shutdown_write() {
    out.clear();
    conn.shutdown_write(now, out);
  }
  void abort() {
    out.clear();
    conn.abort(now, out);
  }
  void set_options(const SocketOptions& o) {
    out.clear();
    conn.set_options(o, now, out);
  }
  /// A `set` line changed the host's settings to `c`: the connection is told, as the host tells it.
  void change_settings(const TcpConfig& c) {
    out.clear();
    *cfg = c;
    conn.on_settings(c);
  }
  /// Forgets every output (fixtures call this before handing the connection over).
  void drain() { out.clear(); }

  // ---- Assertions. ----

  /// The last event emitted exactly `expected`, in order; they are consumed.
  void expect_segments(const std::vector<Out>& expected, std::source_location loc = std::source_location::current()) {
    INFO("expect_segments() called from line " << loc.line());
    std::vector<std::string> want, got;
    for (const Out& o : expected) want.push_back(describe_expected(o));
    const std::vector<SegmentOut> sent = out.all<SegmentOut>();
    for (size_t i = 0; i < sent.size(); ++i) {
      const bool show_off = i < expected.size() && expected[i].off >= 0;
      got.push_back(describe_segment(sent[i].seg, sent[i].rule, show_off));
    }
    CHECK(got == want);
    std::erase_if(out.actions, [](const Output& a) { return std::holds_alternative<SegmentOut>(a); });
  }
  /// The last event emitted no segment (or every one was consumed by expect_segments).
  void expect_nothing(std::source_location loc = std::source_location::current()) {
    INFO("expect_nothing() called from line " << loc.line());
    std::vector<std::string> got;
    for (const SegmentOut& s : out.all<SegmentOut>()) got.push_back(describe_segment(s.seg, s.rule, false));
    CHECK(got == std::vector<std::string>{});
  }
  /// The connection is in state `s`.
  void expect_state(State s, std::source_location loc = std::source_location::current()) {
    INFO("expect_state() called from line " << loc.line());
    CHECK(std::string(state_name(conn.state())) == std::string(state_name(s)));
  }
  /// The last event made exactly these transitions.
  void expect_transitions(const std::vector<StateOut>& expected,
                          std::source_location loc = std::source_location::current()) {
    INFO("expect_transitions() called from line " << loc.line());
    std::vector<std::string> want, got;
    for (const StateOut& s : expected) want.push_back(describe_transition(s));
    for (const StateOut& s : out.all<StateOut>()) got.push_back(describe_transition(s));
    CHECK(got == want);
  }
  /// Timer `k` is armed for `deadline`.
  void expect_timer(TimerKind k, Time deadline, std::source_location loc = std::source_location::current()) {
    INFO("expect_timer() called from line " << loc.line());
    CHECK(describe_timer(k, conn.timer(k)) == describe_timer(k, deadline));
  }
  /// Timer `k` is not armed.
  void expect_no_timer(TimerKind k, std::source_location loc = std::source_location::current()) {
    INFO("expect_no_timer() called from line " << loc.line());
    CHECK(describe_timer(k, conn.timer(k)) == describe_timer(k, std::nullopt));
  }
  /// No timer of any kind is armed.
  void expect_no_timers(std::source_location loc = std::source_location::current()) {
    for (int k = 0; k < kTimerKinds; ++k) expect_no_timer(static_cast<TimerKind>(k), loc);
  }
  /// The last event told the socket layer exactly these things.
  void expect_notes(const std::vector<NotifyOut>& expected, std::source_location loc = std::source_location::current()) {
    INFO("expect_notes() called from line " << loc.line());
    std::vector<std::string> want, got;
    for (const NotifyOut& n : expected) want.push_back(describe_note(n));
    for (const NotifyOut& n : out.all<NotifyOut>()) got.push_back(describe_note(n));
    CHECK(got == want);
  }
  /// The last event discarded exactly these bytes.
  void expect_discards(const std::vector<DiscardOut>& expected,
                       std::source_location loc = std::source_location::current()) {
    INFO("expect_discards() called from line " << loc.line());
    std::vector<std::string> want, got;
    for (const DiscardOut& d : expected) want.push_back(std::string(discard_name(d.kind)) + " " + std::to_string(d.bytes));
    for (const DiscardOut& d : out.all<DiscardOut>()) got.push_back(std::string(discard_name(d.kind)) + " " + std::to_string(d.bytes));
    CHECK(got == want);
  }
  /// The last event produced exactly these actions, in this order (see describe_action()).
  void expect_actions(const std::vector<std::string>& expected,
                      std::source_location loc = std::source_location::current()) {
    INFO("expect_actions() called from line " << loc.line());
    std::vector<std::string> got;
    for (const Output& a : out.actions) got.push_back(describe_action(a));
    CHECK(got == expected);
  }
  /// The arriving segment was dropped or ignored by rule `r` (None when it was processed).
  void expect_verdict(Rule r, std::source_location loc = std::source_location::current()) {
    INFO("expect_verdict() called from line " << loc.line());
    CHECK(std::string(rule_info(out.verdict).key) == std::string(rule_info(r).key));
  }
  /// read(max) returns exactly these pieces of the peer's stream, as (length, stream offset) pairs.
  void expect_read(uint64_t max, const std::vector<std::pair<uint32_t, uint64_t>>& pieces,
                   std::source_location loc = std::source_location::current()) {
    INFO("expect_read() called from line " << loc.line());
    std::vector<Payload> got_pieces;
    const uint64_t n = read(max, &got_pieces);
    std::vector<std::string> want, got;
    uint64_t total = 0;
    for (const auto& [len, off] : pieces) {
      want.push_back("stream " + std::to_string(kRemoteStream) + " len " + std::to_string(len) + " off " +
                     std::to_string(off));
      total += len;
    }
    for (const Payload& p : got_pieces) {
      got.push_back("stream " + std::to_string(p.stream) + " len " + std::to_string(p.len) + " off " +
                    std::to_string(p.offset));
    }
    CHECK(got == want);
    CHECK(n == total);
  }
  /// The pending socket error (not cleared).
  void expect_error(Errno e, std::source_location loc = std::source_location::current()) {
    INFO("expect_error() called from line " << loc.line());
    CHECK(std::string(errno_name(conn.pending_error())) == std::string(errno_name(e)));
  }
};

/// SO_LINGER {on, t}.
inline SocketOptions linger_on(Time t) {
  SocketOptions o;
  o.linger = true;
  o.linger_time = t;
  return o;
}

/// SO_KEEPALIVE on, with TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT when given (else the host's settings).
inline SocketOptions keepalive_on(std::optional<Time> idle = std::nullopt, std::optional<Time> intvl = std::nullopt,
                                  std::optional<uint32_t> cnt = std::nullopt) {
  SocketOptions o;
  o.keepalive = true;
  o.keepidle = idle;
  o.keepintvl = intvl;
  o.keepcnt = cnt;
  return o;
}

// ---- Fixtures: one per state, outputs drained. ----

/// The SYN the peer sends: <SEQ=IRS><CTL=SYN> with MSS 1460.
inline In peer_syn() { return {.flags = kSyn, .seq = IRS, .ack = Seq(0), .len = 0, .wnd = 65535, .mss = 1460}; }

/// The peer's SYN,ACK to our SYN: <SEQ=IRS><ACK=ISS+1><CTL=SYN,ACK> with MSS 1460.
inline In peer_syn_ack() {
  return {.flags = kSyn | kAck, .seq = IRS, .ack = ISS + 1, .len = 0, .wnd = 65535, .mss = 1460};
}

/// Active open at t=0: SYN-SENT.
inline Harness socket_syn_sent(TcpConfig cfg = {}) {
  Harness h(cfg);
  h.open_active();
  REQUIRE(h.conn.state() == State::SynSent);
  h.drain();
  return h;
}

/// Passive open at t=0 (the listener got the peer's SYN): SYN-RECEIVED, our SYN,ACK sent.
inline Harness socket_syn_received(TcpConfig cfg = {}) {
  Harness h(cfg);
  h.open_passive(peer_syn());
  REQUIRE(h.conn.state() == State::SynReceived);
  h.drain();
  return h;
}

/// Active open, the SYN,ACK arrives after kRtt: ESTABLISHED, SND.NXT = ISS+1, RCV.NXT = IRS+1,
/// both windows 65535, MSS 1460, RTO 200 ms.
inline Harness socket_established(TcpConfig cfg = {}) {
  Harness h = socket_syn_sent(cfg);
  h.now = kRtt;
  h.deliver(peer_syn_ack());
  REQUIRE(h.conn.state() == State::Established);
  h.drain();
  return h;
}

/// ESTABLISHED, then close(): FIN-WAIT-1, FIN <SEQ=ISS+1> sent, the socket orphaned.
inline Harness socket_fin_wait_1(TcpConfig cfg = {}) {
  Harness h = socket_established(cfg);
  h.close();
  REQUIRE(h.conn.state() == State::FinWait1);
  h.drain();
  return h;
}

/// ESTABLISHED, then shutdown(SHUT_WR): FIN-WAIT-1, FIN sent, still receiving.
inline Harness socket_fin_wait_1_half_closed(TcpConfig cfg = {}) {
  Harness h = socket_established(cfg);
  h.shutdown_write();
  REQUIRE(h.conn.state() == State::FinWait1);
  h.drain();
  return h;
}

/// FIN-WAIT-1 (orphaned), then the ACK of our FIN: FIN-WAIT-2 with the fin-timeout running.
inline Harness socket_fin_wait_2(TcpConfig cfg = {}) {
  Harness h = socket_fin_wait_1(cfg);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 2});
  REQUIRE(h.conn.state() == State::FinWait2);
  h.drain();
  return h;
}

/// FIN-WAIT-1 (half-closed), then the ACK of our FIN: FIN-WAIT-2, still receiving.
inline Harness socket_fin_wait_2_half_closed(TcpConfig cfg = {}) {
  Harness h = socket_fin_wait_1_half_closed(cfg);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 2});
  REQUIRE(h.conn.state() == State::FinWait2);
  h.drain();
  return h;
}

/// FIN-WAIT-1, then the peer's FIN that does not acknowledge ours: CLOSING.
inline Harness socket_closing(TcpConfig cfg = {}) {
  Harness h = socket_fin_wait_1(cfg);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1});
  REQUIRE(h.conn.state() == State::Closing);
  h.drain();
  return h;
}

/// FIN-WAIT-2, then the peer's FIN: TIME-WAIT (RCV.NXT = IRS+2, SND.NXT = ISS+2).
inline Harness socket_time_wait(TcpConfig cfg = {}) {
  Harness h = socket_fin_wait_2(cfg);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 2});
  REQUIRE(h.conn.state() == State::TimeWait);
  h.drain();
  return h;
}

/// ESTABLISHED, then the peer's FIN: CLOSE-WAIT (RCV.NXT = IRS+2).
inline Harness socket_close_wait(TcpConfig cfg = {}) {
  Harness h = socket_established(cfg);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1});
  REQUIRE(h.conn.state() == State::CloseWait);
  h.drain();
  return h;
}

/// CLOSE-WAIT, then close(): LAST-ACK, FIN <SEQ=ISS+1> sent.
inline Harness socket_last_ack(TcpConfig cfg = {}) {
  Harness h = socket_close_wait(cfg);
  h.close();
  REQUIRE(h.conn.state() == State::LastAck);
  h.drain();
  return h;
}

// ---- Two connections back to back ----

/// Two connections wired back to back with a one-way delay: `a` is ours (ISS, kLocal) and `b` the
/// peer (IRS, kRemote, opened passively when its first SYN arrives unless opened before). Events
/// run in time order; `app` runs after each one (an application reading or writing).
class Pair {
 public:
  explicit Pair(TcpConfig config_a = {}, TcpConfig config_b = {})
      : cfg_a(std::make_unique<TcpConfig>(config_a)),
        cfg_b(std::make_unique<TcpConfig>(config_b)),
        a(*cfg_a, {kLocal, kRemote}, ISS, kLocalStream),
        b(*cfg_b, {kRemote, kLocal}, IRS, kRemoteStream) {}

  std::unique_ptr<TcpConfig> cfg_a, cfg_b;
  Connection a, b;
  Time now = 0;
  Time delay = ms(5);                ///< One-way delay.
  std::vector<std::string> log;      ///< "a>b SYN seq=... ack=... len=..." in the order sent.
  std::vector<StateOut> a_states, b_states;  ///< Every transition of each side.
  std::function<void(Pair&)> app;    ///< Runs after every event.

  /// Runs `call(connection, outputs)` on side a (or b) now and puts what it sends on the wire.
  template <typename F>
  void on_a(F call) { run(true, call); }
  template <typename F>
  void on_b(F call) { run(false, call); }

  /// Delivers segments and fires timers in time order until nothing is left or `limit` is reached.
  void run_until(Time limit) {
    for (int guard = 0; guard < 100000; ++guard) {
      Time next = limit + 1;
      for (const Flight& f : wire_) next = std::min(next, f.at);
      for (int k = 0; k < kTimerKinds; ++k) {
        for (Connection* c : {&a, &b}) {
          if (auto t = c->timer(static_cast<TimerKind>(k))) next = std::min(next, *t);
        }
      }
      if (next > limit) return;
      now = next;
      if (!wire_.empty() && wire_.front().at == now) {
        const Flight f = wire_.front();
        wire_.erase(wire_.begin());
        if (f.to_b && b.state() == State::Closed && f.seg.flags == kSyn && !b_opened_) {
          b_opened_ = true;
          on_b([&](Connection& c, Outputs& o) { c.open_passive(f.seg, now, o); });
        } else {
          run(!f.to_b, [&](Connection& c, Outputs& o) { c.on_segment(f.seg, now, o); });
        }
        continue;
      }
      for (int k = 0; k < kTimerKinds; ++k) {
        const auto kind = static_cast<TimerKind>(k);
        if (a.timer(kind) == now) {
          run(true, [&](Connection& c, Outputs& o) { c.on_timer(kind, now, o); });
          break;
        }
        if (b.timer(kind) == now) {
          run(false, [&](Connection& c, Outputs& o) { c.on_timer(kind, now, o); });
          break;
        }
      }
    }
    FAIL("Pair::run_until() did not settle");
  }

  /// Log lines of the segments sent, for a readable failure message.
  std::string transcript() const {
    std::string r;
    for (const std::string& l : log) r += l + "\n";
    return r;
  }

 private:
  struct Flight {
    Time at;
    bool to_b;
    Segment seg;
  };
  std::vector<Flight> wire_;  ///< Sorted by arrival time; equal times keep sending order.
  bool b_opened_ = false;
  bool in_app_ = false;

  template <typename F>
  void run(bool side_a, F call) {
    Outputs o;
    Connection& c = side_a ? a : b;
    if (!side_a && c.state() != State::Closed) b_opened_ = true;
    call(c, o);
    auto& states = side_a ? a_states : b_states;
    for (const StateOut& s : o.all<StateOut>()) states.push_back(s);
    for (const SegmentOut& s : o.all<SegmentOut>()) {
      log.push_back(std::string(side_a ? "a>b " : "b>a ") + format_duration(now) + " " + flags_to_string(s.seg.flags) +
                    " seq=" + std::to_string(s.seg.seq.v) + " ack=" + std::to_string(s.seg.ack.v) +
                    " wnd=" + std::to_string(s.seg.wnd) + " len=" + std::to_string(s.seg.data.len) + " (" +
                    std::string(rule_info(s.rule).key) + ")");
      Flight f{now + delay, side_a, s.seg};
      auto pos = std::upper_bound(wire_.begin(), wire_.end(), f.at,
                                  [](Time t, const Flight& x) { return t < x.at; });
      wire_.insert(pos, f);
    }
    if (app && !in_app_) {
      in_app_ = true;
      app(*this);
      in_app_ = false;
    }
  }
};

}  // namespace tcpsim::test

// Catch prints these in failed CHECKs.
namespace Catch {
template <>
struct StringMaker<tcpsim::Seq> {
  static std::string convert(tcpsim::Seq s) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", s.v);
    return buf;
  }
};
template <>
struct StringMaker<tcpsim::State> {
  static std::string convert(tcpsim::State s) { return std::string(tcpsim::state_name(s)); }
};
template <>
struct StringMaker<tcpsim::Errno> {
  static std::string convert(tcpsim::Errno e) { return std::string(tcpsim::errno_name(e)); }
};
template <>
struct StringMaker<tcpsim::Payload> {
  static std::string convert(const tcpsim::Payload& p) {
    return "{stream " + std::to_string(p.stream) + ", len " + std::to_string(p.len) + ", off " +
           std::to_string(p.offset) + "}";
  }
};
}  // namespace Catch
