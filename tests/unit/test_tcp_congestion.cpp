// Linux's congestion window (`set HOST congestion-control on`), counted in segments: 10 segments at
// first (tcp_init_cwnd(), RFC 6928), slow start (tcp_slow_start(), RFC 5681 §3.1), a loss window of one
// segment after a timeout (tcp_enter_loss()), cwnd = ssthresh after fast recovery; off, the sender is
// limited by the peer's window only, as before. In flight, a duplicate ACK counts one segment less
// (tcp_packets_in_flight(), Reno without SACK).
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

namespace {
TcpConfig congestion() {
  TcpConfig cfg;
  cfg.congestion_control = true;
  return cfg;
}

size_t data_segments(const Outputs& out) {
  size_t n = 0;
  for (const Output& a : out.actions) {
    if (const auto* s = std::get_if<SegmentOut>(&a); s && s->seg.data.len > 0) ++n;
  }
  return n;
}

/// ESTABLISHED with the congestion window on, 40 full segments written: the first 10 are out.
Harness socket_established_iw10() {
  Harness h = socket_established(congestion());
  h.send(40 * 1460);
  REQUIRE(data_segments(h.out) == 10);
  h.drain();
  return h;
}

/// The peer acknowledges `segments` more full segments (ACK = ISS+1 + 1460 * total).
void ack_up_to(Harness& h, uint32_t total_segments) {
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1 + 1460 * total_segments});
}
}  // namespace

TEST_CASE("ESTABLISHED congestion-control send 40 segments -> 10 sent (IW10), then waits") {
  Harness h = socket_established(congestion());
  h.send(40 * 1460);
  CHECK(data_segments(h.out) == 10);
  CHECK(h.conn.cwnd() == 10);
  CHECK(h.conn.packets_out() == 10);
  CHECK(h.conn.ssthresh() == 0x7fffffff);
  CHECK(h.conn.tcb().snd_nxt == ISS + 1 + 10 * 1460);
  // Nothing more until an ACK: a later send() of more data waits too.
  h.send(1460);
  CHECK(data_segments(h.out) == 0);
}

TEST_CASE("ESTABLISHED congestion-control slow start rcv ACK of 1 segment -> cwnd 11, 2 sent") {
  Harness h = socket_established_iw10();
  ack_up_to(h, 1);
  CHECK(h.conn.cwnd() == 11);
  CHECK(data_segments(h.out) == 2);  // 9 in flight, 11 allowed.
  CHECK(h.conn.packets_out() == 11);
}

TEST_CASE("ESTABLISHED congestion-control slow start rcv ACK of 2 segments (delayed) -> cwnd 12, 3 sent") {
  // Linux tcp_slow_start(): cwnd += the segments the ACK covers, so a delayed ACK of two grows it by two.
  Harness h = socket_established_iw10();
  ack_up_to(h, 2);
  CHECK(h.conn.cwnd() == 12);
  CHECK(data_segments(h.out) == 4);  // 8 in flight, 12 allowed.
}

TEST_CASE("ESTABLISHED congestion-control slow start each ACK grows cwnd -> 20 after the first window") {
  Harness h = socket_established_iw10();
  for (uint32_t i = 1; i <= 10; ++i) ack_up_to(h, i);
  CHECK(h.conn.cwnd() == 20);
  CHECK(h.conn.packets_out() == 20);
}

TEST_CASE("ESTABLISHED congestion-control RTO -> cwnd 1, ssthresh 5, then slow start") {
  Harness h = socket_established_iw10();
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 1460,
                      .rule = Rule::Retransmit, .off = 0}});
  CHECK(h.conn.cwnd() == 1);
  CHECK(h.conn.ssthresh() == 5);  // Linux tcp_reno_ssthresh(): max(cwnd / 2, 2).
  // The ACK of the retransmission (a partial ACK: 9 segments are still out) grows the window to 2;
  // the partial ACK resends the next hole (RFC 6582; PSH: send() marked every second segment), and no
  // new data goes out.
  h.advance(ms(10));
  ack_up_to(h, 1);
  CHECK(h.conn.cwnd() == 2);
  h.expect_segments({{.flags = kPsh | kAck, .seq = ISS + 1 + 1460, .ack = IRS + 1, .wnd = 65535, .len = 1460,
                      .rule = Rule::PartialAck, .off = 1460}});
  // Everything acknowledged (9 segments): slow start from 2 up to ssthresh 5, and the 6 segments left
  // over go to congestion avoidance (tcp_slow_start() returns them): one more, cwnd 6, 6 new segments.
  ack_up_to(h, 10);
  CHECK(h.conn.cwnd() == 6);
  CHECK(data_segments(h.out) == 6);
}

TEST_CASE("ESTABLISHED congestion-control dup ACK with cwnd full -> one new segment (sacked_out)") {
  // Linux tcp_packets_in_flight() without SACK: each duplicate ACK counts one segment as having left
  // the network (tcp_add_reno_sack()), so a full window lets one new segment out (RFC 3042's limited
  // transmit, as Linux does it).
  Harness h = socket_established_iw10();
  CHECK(h.conn.packets_in_flight() == 10);
  ack_up_to(h, 0);
  h.expect_segments({{.flags = kAck, .seq = ISS + 1 + 10 * 1460, .ack = IRS + 1, .wnd = 65535, .len = 1460,
                      .rule = Rule::Data, .off = 10 * 1460}});
  CHECK(h.conn.cwnd() == 10);  // A duplicate ACK does not grow the window.
  CHECK(h.conn.packets_out() == 11);
  CHECK(h.conn.packets_in_flight() == 10);
  ack_up_to(h, 0);
  h.expect_segments({{.flags = kPsh | kAck, .seq = ISS + 1 + 11 * 1460, .ack = IRS + 1, .wnd = 65535,
                      .len = 1460, .rule = Rule::Data, .off = 11 * 1460}});
  CHECK(h.conn.packets_out() == 12);
  // An ACK of new data clears the count (tcp_reset_reno_sack()): 11 out, 11 in flight, cwnd 11.
  ack_up_to(h, 1);
  CHECK(h.conn.cwnd() == 11);
  CHECK(data_segments(h.out) == 0);
  CHECK(h.conn.packets_in_flight() == 11);
}

TEST_CASE("ESTABLISHED congestion-control 3 dup ACKs -> fast retransmit, cwnd = ssthresh = 5") {
  Harness h = socket_established_iw10();
  // The first two each let one new segment out (above); the third retransmits the first.
  for (int i = 0; i < 3; ++i) ack_up_to(h, 0);
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 1460,
                      .rule = Rule::FastRetransmit, .off = 0}});
  CHECK(h.conn.ssthresh() == 5);
  CHECK(h.conn.cwnd() == 5);
  CHECK(h.conn.packets_out() == 12);
  CHECK(h.conn.packets_in_flight() == 9);  // 12 out, 3 duplicate ACKs: nothing new within cwnd 5.
  // The recovery point (12 segments) acknowledged: cwnd = ssthresh (RFC 6582 §3.2 step 6), then
  // congestion avoidance counts the 12 segments acknowledged: one more per window of 5
  // (tcp_cong_avoid_ai()): 7.
  ack_up_to(h, 12);
  CHECK(h.conn.cwnd() == 7);
  CHECK(data_segments(h.out) == 7);
}

TEST_CASE("ESTABLISHED congestion-control off send 40 segments -> the whole window at once") {
  Harness h = socket_established();
  h.send(40 * 1460);
  CHECK(data_segments(h.out) == 40);  // 58400 octets within the peer's 65535.
  CHECK(h.conn.packets_out() == 0);  // Nothing is counted with the setting off.
  h.fire(TimerKind::Retransmit);
  CHECK(h.conn.cwnd() == 10);  // Untouched.
}
