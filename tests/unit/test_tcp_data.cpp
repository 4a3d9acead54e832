// Moving data in ESTABLISHED: segmentation by MSS, PSH, cumulative ACKs, the peer's window, the
// receive window and its updates (RFC 1122 §4.2.3.3), zero windows and the persist timer
// (RFC 9293 §3.8.6.1), out-of-order and duplicate data (RFC 9293 §3.10.7.4, RFC 5681 §4.2).
// The peer's data starts at IRS+1 = 0xFFFFFFF1, so most transfers here wrap 2^32.
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

namespace {
/// ESTABLISHED with a 4000-octet receive buffer (step for window updates: min(2000, 1460) = 1460).
Harness socket_established_rcvbuf_4000() {
  TcpConfig cfg;
  cfg.rcvbuf = 4000;
  return socket_established(cfg);
}

/// Fills a 4000-octet receive window with three segments; the last ACK advertises 0.
void fill_4000(Harness& h) {
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1461, .wnd = 2540, .rule = Rule::Ack}});
  h.deliver({.flags = kAck, .seq = IRS + 1461, .ack = ISS + 1, .len = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 2921, .wnd = 1080, .rule = Rule::Ack}});
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 2921, .ack = ISS + 1, .len = 1080});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 4001, .wnd = 0, .rule = Rule::Ack}});
}
}  // namespace

// ---- Sending ----

TEST_CASE("ESTABLISHED send() 3000 octets -> segments of one MSS, PSH on every second one and the last") {
  Harness h = socket_established();
  CHECK(h.send(3000) == 3000);
  // Our sequence numbers wrap between the first and the second segment. Linux tcp_sendmsg_locked():
  // skbs of two MSS, each full one marked PSH by forced_push(), the last by tcp_push().
  h.expect_segments({
      {.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 1460, .rule = Rule::Data, .off = 0},
      {.flags = kPsh | kAck, .seq = ISS + 1461, .ack = IRS + 1, .wnd = 65535, .len = 1460, .rule = Rule::Data, .off = 1460},
      {.flags = kPsh | kAck, .seq = ISS + 2921, .ack = IRS + 1, .wnd = 65535, .len = 80, .rule = Rule::Data, .off = 2920},
  });
  h.expect_timer(TimerKind::Retransmit, kRtt + kRto);  // RFC 6298 §5.1.
  CHECK(h.conn.tcb().snd_nxt == ISS + 3001);
  CHECK(h.conn.unsent() == 0);
  CHECK(h.conn.send_buffered() == 3000);
}

TEST_CASE("ESTABLISHED rcv cumulative ACK -> SND.UNA advances, timer restarts, then stops") {
  Harness h = socket_established();
  h.send(3000);
  h.drain();
  h.now = ms(60);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 2921});  // Two segments at once.
  h.expect_nothing();
  h.expect_notes({});  // No writer waits for room (SOCK_NOSPACE): nobody to wake.
  CHECK(h.conn.tcb().snd_una == ISS + 2921);
  CHECK(h.conn.send_buffered() == 80);
  // RFC 6298 §5.3. A 50 ms sample: Linux's SRTT 15 ms + RTTVAR 200 ms (tcp_rtt_estimator()).
  h.expect_timer(TimerKind::Retransmit, ms(60) + ms(215));
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 3001});
  h.expect_nothing();
  h.expect_no_timer(TimerKind::Retransmit);  // RFC 6298 §5.2.
  CHECK(h.conn.send_buffered() == 0);
}

TEST_CASE("ESTABLISHED rcv old ACK -> ignored") {
  Harness h = socket_established();
  h.send(3000);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_nothing();
  h.expect_verdict(Rule::DropOldAck);
  CHECK(h.conn.tcb().snd_una == ISS + 1461);
}

TEST_CASE("ESTABLISHED send() beyond the peer's window -> stops at SND.UNA+SND.WND") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 1000});
  h.expect_nothing();
  CHECK(h.conn.tcb().snd_wnd == 1000);
  h.send(2500);
  // RFC 9293 §3.8.6: never beyond SND.UNA + SND.WND; no PSH, the queue is not empty.
  h.expect_segments(
      {{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 1000, .rule = Rule::Data, .off = 0}});
  CHECK(h.conn.unsent() == 1500);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 501, .wnd = 1000});  // Half acknowledged.
  h.expect_segments(
      {{.flags = kAck, .seq = ISS + 1001, .ack = IRS + 1, .wnd = 65535, .len = 500, .rule = Rule::Data, .off = 1000}});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1501, .wnd = 1000});
  h.expect_segments(  // The last octets: PSH.
      {{.flags = kPsh | kAck, .seq = ISS + 1501, .ack = IRS + 1, .wnd = 65535, .len = 1000, .rule = Rule::Data, .off = 1500}});
}

TEST_CASE("ESTABLISHED rcv ACK with an older window (SND.WL1) -> window not taken") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 11, .ack = ISS + 1, .wnd = 1000});  // SND.WL1 = IRS+11.
  // RFC 9293 §3.10.7.4: a segment with SEG.SEQ < SND.WL1 is older: its window is stale.
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 50000});
  CHECK(h.conn.tcb().snd_wnd == 1000);
}

// ---- Receiving ----

TEST_CASE("ESTABLISHED rcv data -> ACK, window shrinks by the unread octets") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});  // Wraps 2^32.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 101, .wnd = 65435, .rule = Rule::Ack}});
  h.expect_notes({{NotifyKind::Readable}});
  CHECK(h.conn.unread() == 100);
  CHECK(h.conn.tcb().rcv_nxt == IRS + 101);
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 101, .ack = ISS + 1, .len = 200});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 301, .wnd = 65235, .rule = Rule::Ack}});
  CHECK(h.conn.unread() == 300);
  CHECK(h.conn.rcv_wnd() == 65235);
}

TEST_CASE("ESTABLISHED read() -> pieces in order; no window update while the window is large") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 101, .ack = ISS + 1, .len = 200});
  h.expect_read(1000, {{100, 0}, {200, 100}});
  h.expect_nothing();  // 65235 is far above min(rcvbuf/2, MSS): nothing to tell.
  CHECK(h.conn.unread() == 0);
  // RFC 1122 §4.2.3.3: the right edge moves only by at least min(RCV.BUFF/2, MSS) = 1460.
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 301, .ack = ISS + 1, .len = 10});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 311, .wnd = 65225, .rule = Rule::Ack}});
}

TEST_CASE("ESTABLISHED read() part of a segment -> the piece is split") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.expect_read(30, {{30, 0}});
  CHECK(h.conn.unread() == 70);
  h.expect_read(100, {{70, 30}});
  h.expect_read(100, {});
}

TEST_CASE("ESTABLISHED rcv data filling the window -> ACK advertises 0") {
  Harness h = socket_established_rcvbuf_4000();
  fill_4000(h);
  CHECK(h.conn.unread() == 4000);
  CHECK(h.conn.rcv_wnd() == 0);
}

TEST_CASE("ESTABLISHED read() after a zero window -> window update only once it opens by min(rcvbuf/2, MSS)") {
  Harness h = socket_established_rcvbuf_4000();
  fill_4000(h);
  h.read(1000);
  h.expect_nothing();  // RFC 1122 §4.2.3.3: 1000 < min(2000, 1460), keep the right edge.
  h.read(459);
  h.expect_nothing();  // 1459 < 1460.
  h.read(1);
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 4001, .wnd = 1460, .rule = Rule::WindowUpdate}});
  CHECK(h.conn.rcv_wnd() == 1460);
}

TEST_CASE("ESTABLISHED rcv data into a zero window -> dropped, ACK with window 0") {
  Harness h = socket_established_rcvbuf_4000();
  fill_4000(h);
  h.deliver({.flags = kAck, .seq = IRS + 4001, .ack = ISS + 1, .len = 100});
  // RFC 9293 §3.10.7.4: with RCV.WND = 0 no data is acceptable; the ACK repeats the window.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 4001, .wnd = 0, .rule = Rule::Ack}});
  CHECK(h.conn.unread() == 4000);
  CHECK(h.conn.tcb().rcv_nxt == IRS + 4001);
}

TEST_CASE("ESTABLISHED rcv data beyond the window -> trimmed to the window") {
  Harness h = socket_established_rcvbuf_4000();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 1460});
  h.deliver({.flags = kAck, .seq = IRS + 1461, .ack = ISS + 1, .len = 1460});
  h.drain();
  h.deliver({.flags = kAck, .seq = IRS + 2921, .ack = ISS + 1, .len = 1460});  // Only 1080 fit.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 4001, .wnd = 0, .rule = Rule::Ack}});
  CHECK(h.conn.unread() == 4000);
  h.expect_read(4000, {{1460, 0}, {1460, 1460}, {1080, 2920}});
}

TEST_CASE("ESTABLISHED rcv out-of-order data -> queued, duplicate ACK of RCV.NXT") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 101, .ack = ISS + 1, .len = 100});
  // RFC 5681 §4.2: acknowledge at once, with the hole's start.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckOutOfOrder}});
  h.expect_notes({});
  CHECK(h.conn.unread() == 0);
  CHECK(h.conn.out_of_order_bytes() == 100);
  h.deliver({.flags = kAck, .seq = IRS + 201, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckOutOfOrder}});
  CHECK(h.conn.out_of_order_bytes() == 200);
}

TEST_CASE("ESTABLISHED rcv data filling the hole -> queued data delivered in order, one ACK") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 201, .ack = ISS + 1, .len = 100});
  h.deliver({.flags = kAck, .seq = IRS + 101, .ack = ISS + 1, .len = 100});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 301, .wnd = 65235, .rule = Rule::Ack}});
  h.expect_notes({{NotifyKind::Readable}});
  CHECK(h.conn.unread() == 300);
  CHECK(h.conn.out_of_order_bytes() == 0);
  h.expect_read(1000, {{100, 0}, {100, 100}, {100, 200}});
}

TEST_CASE("ESTABLISHED rcv overlapping out-of-order data -> each octet queued once") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 101, .ack = ISS + 1, .len = 100});
  h.deliver({.flags = kAck, .seq = IRS + 51, .ack = ISS + 1, .len = 200});  // Covers 51..250.
  CHECK(h.conn.out_of_order_bytes() == 200);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 60});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 251, .wnd = 65285, .rule = Rule::Ack}});
  h.expect_read(1000, {{60, 0}, {40, 60}, {100, 100}, {50, 200}});
}

TEST_CASE("ESTABLISHED rcv duplicate data -> dropped and re-ACKed") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.drain();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 101, .wnd = 65435, .rule = Rule::AckDuplicateData}});
  h.expect_verdict(Rule::AckDuplicateData);
  h.expect_notes({});
  CHECK(h.conn.unread() == 100);
}

TEST_CASE("ESTABLISHED rcv partly duplicate data -> only the new part is queued") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 51, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 151, .wnd = 65385, .rule = Rule::Ack}});
  h.expect_read(1000, {{100, 0}, {50, 100}});
}

TEST_CASE("ESTABLISHED rcv data while data is queued -> ACK rides on the data") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.send(100);
  h.drain();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 10, .wnd = 1000});
  h.expect_segments({{.flags = kPsh | kAck, .seq = ISS + 1, .ack = IRS + 11, .wnd = 65525, .len = 100,
                      .rule = Rule::Data, .off = 0}});
}

// ---- Zero window: the persist timer ----

TEST_CASE("ESTABLISHED send() into a zero window -> persist timer, nothing sent") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.send(100);
  h.expect_nothing();
  h.expect_timer(TimerKind::Persist, kRtt + kRto);  // One RTO.
  h.expect_no_timer(TimerKind::Retransmit);
}

TEST_CASE("ESTABLISHED persist timeout -> zero-window probe <SEQ=SND.UNA-1>, interval doubles") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.send(100);
  h.fire(TimerKind::Persist);
  // Linux tcp_xmit_probe_skb(): <SEQ=SND.UNA-1><ACK=RCV.NXT>, no data, out of the peer's window.
  h.expect_segments({{.flags = kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ZeroWindowProbe}});
  h.expect_timer(TimerKind::Persist, h.now + 2 * kRto);
  h.fire(TimerKind::Persist);
  h.expect_segments({{.flags = kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ZeroWindowProbe}});
  h.expect_timer(TimerKind::Persist, h.now + 4 * kRto);
  // The peer answers with its window, still zero: the probing continues.
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.expect_nothing();
  h.fire(TimerKind::Persist);
  h.expect_segments({{.flags = kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ZeroWindowProbe}});
  h.expect_timer(TimerKind::Persist, h.now + 8 * kRto);
}

TEST_CASE("ESTABLISHED persist backoff -> capped at rto-max") {
  TcpConfig cfg;
  cfg.rto_max = sec(1);
  Harness h = socket_established(cfg);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.send(100);
  const std::vector<Time> intervals = {2 * kRto, 4 * kRto, sec(1), sec(1), sec(1)};
  for (Time next : intervals) {
    h.fire(TimerKind::Persist);
    h.expect_segments({{.flags = kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ZeroWindowProbe}});
    h.expect_timer(TimerKind::Persist, h.now + next);
  }
}

TEST_CASE("ESTABLISHED rcv window update during persist -> data sent, persist cancelled") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.send(100);
  h.fire(TimerKind::Persist);
  h.drain();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 1000});
  h.expect_segments(
      {{.flags = kPsh | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 100, .rule = Rule::Data, .off = 0}});
  h.expect_no_timer(TimerKind::Persist);
  h.expect_timer(TimerKind::Retransmit, h.now + kRto);
}

TEST_CASE("ESTABLISHED rcv ACK closing the window with data in flight -> retransmit timer, then persist") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 1000});
  h.send(1500);
  h.expect_segments(
      {{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 1000, .rule = Rule::Data, .off = 0}});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1001, .wnd = 0});
  h.expect_nothing();
  h.expect_no_timer(TimerKind::Retransmit);
  // An RTT sample of 0: Linux's SRTT falls to 8.75 ms; RTTVAR stays 200 ms (tcp_rtt_estimator()).
  h.expect_timer(TimerKind::Persist, h.now + ms(200) + 8750 * kUs);
}

// ---- Probes from the peer ----

TEST_CASE("ESTABLISHED rcv keep-alive probe <SEQ=RCV.NXT-1> -> ACK") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS, .ack = ISS + 1});
  // Below the window: RFC 9293 §3.10.7.4 answers <SEQ=SND.NXT><ACK=RCV.NXT>, which is what the
  // prober wants to see.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
}

TEST_CASE("ESTABLISHED (zero window) rcv zero-window probe <SEQ=RCV.NXT-1> -> ACK with window 0") {
  Harness h = socket_established_rcvbuf_4000();
  fill_4000(h);
  h.deliver({.flags = kAck, .seq = IRS + 4000, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 4001, .wnd = 0, .rule = Rule::AckUnacceptable}});
  h.read(2000);
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 4001, .wnd = 2000, .rule = Rule::WindowUpdate}});
  h.now += sec(1);  // The next probe comes a persist interval later.
  h.deliver({.flags = kAck, .seq = IRS + 4000, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 4001, .wnd = 2000, .rule = Rule::AckUnacceptable}});
}

TEST_CASE("ESTABLISHED rcv two out-of-window ACKs within 500 ms -> only the first is answered") {
  // Linux tcp_oow_rate_limited() (tcp_invalid_ratelimit = 500 ms): two confused ends cannot trade
  // ACKs forever.
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
  h.now += ms(499);
  h.deliver({.flags = kAck, .seq = IRS, .ack = ISS + 1});
  h.expect_nothing();
  h.expect_verdict(Rule::AckRateLimited);
  h.now += ms(1);
  h.deliver({.flags = kAck, .seq = IRS, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
}

TEST_CASE("ESTABLISHED rcv out-of-window data twice at once -> both answered (data is never rate-limited)") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1 + 70000, .ack = ISS + 1, .len = 10});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
  h.deliver({.flags = kAck, .seq = IRS + 1 + 70000, .ack = ISS + 1, .len = 10});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
}

TEST_CASE("ESTABLISHED rcv two out-of-window ACKs at once with ack-ratelimit 0 -> both answered") {
  TcpConfig cfg;
  cfg.ack_ratelimit = 0;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kAck, .seq = IRS, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
  h.deliver({.flags = kAck, .seq = IRS, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
}

// ---- End to end: two connections back to back ----

TEST_CASE("ESTABLISHED 100000 octets through a 4000-octet window with a stalled reader -> all delivered in order") {
  TcpConfig cb;
  cb.rcvbuf = 4000;
  Pair p({}, cb);
  p.on_a([&](Connection& c, Outputs& o) { c.open_active(p.now, o); });
  p.run_until(ms(20));
  REQUIRE(p.b.state() == State::Established);
  uint64_t written = 0, received = 0;
  bool in_order = true;
  bool reading = false;
  p.app = [&](Pair& q) {
    if (written < 100000) {
      q.on_a([&](Connection& c, Outputs& o) { written += c.send(100000 - written, q.now, o); });
    }
    if (reading) {
      q.on_b([&](Connection& c, Outputs& o) {
        std::vector<Payload> pieces;
        c.read(UINT64_MAX, q.now, o, &pieces);
        for (const Payload& piece : pieces) {
          in_order = in_order && piece.stream == kLocalStream && piece.offset == received;
          received += piece.len;
        }
      });
    }
  };
  p.app(p);
  p.run_until(sec(2));  // Nobody reads: the window closes and a probes it.
  INFO(p.transcript());
  CHECK(p.b.unread() == 4000);
  CHECK(p.a.timer(TimerKind::Persist).has_value());
  reading = true;
  p.app(p);  // The reader wakes up; its window update restarts the flow.
  p.run_until(sec(60));
  CHECK(received == 100000);
  CHECK(in_order);
  CHECK(p.a.send_buffered() == 0);
  CHECK(p.a.retransmissions() == 0);
}

TEST_CASE("ESTABLISHED rcv ACK below SND.UNA-MAX.SND.WND -> ACK, dropped (RFC 5961 §5.2)") {
  Harness h = socket_established();
  h.send(65535);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 65536});
  h.send(5000);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 70536});
  REQUIRE(h.conn.tcb().snd_una == ISS + 70536);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 5000});  // One below SND.UNA - 65535.
  h.expect_segments({{.flags = kAck, .seq = ISS + 70536, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckTooOld}});
  h.expect_verdict(Rule::AckTooOld);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 5001});  // At the edge: an old ACK, ignored.
  h.expect_nothing();
  h.expect_verdict(Rule::DropOldAck);
}
