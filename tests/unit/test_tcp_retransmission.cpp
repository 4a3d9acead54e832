// Retransmission: the RTO timer and its backoff (RFC 6298 §5), RTT samples and Karn's rule
// (RFC 6298 §2-§3), fast retransmit (RFC 5681 §3.2) and partial ACKs (RFC 6582 §3.2).
// The fixtures leave RTO at kRto = 210 ms (Linux: SRTT 10 ms + RTTVAR rto-min) and the clock at kRtt = 10 ms.
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

namespace {
/// ESTABLISHED with four full segments (5840 octets) in flight, ISS+1 .. ISS+5841.
Harness socket_established_four_in_flight() {
  Harness h = socket_established();
  h.send(4 * 1460);
  REQUIRE(h.out.all<SegmentOut>().size() == 4);
  h.drain();
  return h;
}

/// One full segment [ISS+1+1460*i, +1460) with offset 1460*i, as the retransmission of `rule`.
/// The i-th full segment of the fixtures' sends of 4 * 1460 octets: Linux's send() marks PSH on every
/// second one (tcp_sendmsg_locked(): skbs of two MSS, forced_push()).
Out segment_n(int i, Rule rule) {
  const uint32_t off = 1460u * static_cast<uint32_t>(i);
  const uint8_t flags = i % 2 == 1 ? kPsh | kAck : kAck;
  return {.flags = flags, .seq = ISS + 1 + off, .ack = IRS + 1, .wnd = 65535, .len = 1460, .rule = rule, .off = off};
}
}  // namespace

TEST_CASE("ESTABLISHED RTO -> first unacknowledged segment retransmitted, RTO doubles") {
  Harness h = socket_established();
  h.send(100);
  h.drain();
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == kRtt + kRto);
  // RFC 6298 §5.4-§5.6: retransmit the earliest segment, double RTO, restart the timer.
  h.expect_segments({{.flags = kPsh | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 100,
                      .rule = Rule::Retransmit, .off = 0}});
  CHECK(h.conn.rto() == 2 * kRto);
  CHECK(h.conn.retransmissions() == 1);
  h.expect_timer(TimerKind::Retransmit, h.now + 2 * kRto);
}

TEST_CASE("ESTABLISHED RTO with several segments in flight -> only the first is resent") {
  Harness h = socket_established_four_in_flight();
  h.fire(TimerKind::Retransmit);
  h.expect_segments({segment_n(0, Rule::Retransmit)});
}

TEST_CASE("ESTABLISHED repeated RTO -> exponential backoff capped at rto-max") {
  TcpConfig cfg;
  cfg.rto_max = sec(1);
  Harness h = socket_established(cfg);
  h.send(100);
  const std::vector<Time> rtos = {2 * kRto, 4 * kRto, sec(1), sec(1), sec(1)};
  for (Time rto : rtos) {
    h.fire(TimerKind::Retransmit);
    h.expect_segments({{.flags = kPsh | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 100,
                        .rule = Rule::Retransmit, .off = 0}});
    CHECK(h.conn.rto() == rto);
    h.expect_timer(TimerKind::Retransmit, h.now + rto);
  }
}

TEST_CASE("ESTABLISHED rcv ACK with an RTT sample -> RTO = SRTT + RTTVAR (Linux tcp_rtt_estimator(), tcp_set_rto())") {
  Harness h = socket_syn_sent();
  h.now = ms(500);
  h.deliver(peer_syn_ack());  // First sample 500 ms: SRTT 500, mdev 4*250 = 1000 = RTTVAR, RTO 1.5 s.
  REQUIRE(h.conn.rto() == ms(1500));
  h.send(100);
  h.now = ms(800);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 101});  // Sample 300 ms.
  // SRTT = 500 + (300-500)/8 = 475. A falling RTT: |error| 200 - mdev/4 250 < 0, so mdev = 1000 - 50 =
  // 950, below RTTVAR's 1000, which stays (the window's largest mdev). RTO = 475 + 1000 (RFC 6298: 1425).
  CHECK(h.conn.rto() == ms(1475));
  h.send(100);
  h.expect_timer(TimerKind::Retransmit, ms(800) + ms(1475));
}

TEST_CASE("ESTABLISHED rcv ACK of a retransmitted segment -> no RTT sample (Karn), RTO stays backed off") {
  Harness h = socket_established();
  h.send(100);
  h.fire(TimerKind::Retransmit);  // RTO 420 ms now.
  h.now += ms(40);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 101});
  CHECK(h.conn.rto() == 2 * kRto);  // Karn: the ACK may answer either transmission.
  h.send(100);                     // New data is timed again.
  h.expect_timer(TimerKind::Retransmit, h.now + 2 * kRto);
  h.now += ms(30);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 201});
  // Sample 30 ms after SRTT 10: SRTT 12.5 ms; RTTVAR stays at its floor, rto-min: RTO 212.5 ms
  // (RFC 6298 would give 47.5 ms, clamped to 200 ms).
  CHECK(h.conn.rto() == ms(212) + 500 * kUs);
}

TEST_CASE("ESTABLISHED rcv 2 duplicate ACKs -> nothing") {
  Harness h = socket_established_four_in_flight();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  h.expect_nothing();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  h.expect_nothing();
}

TEST_CASE("ESTABLISHED rcv 3 duplicate ACKs -> fast retransmit of SND.UNA") {
  Harness h = socket_established_four_in_flight();
  h.now = ms(30);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});  // New ACK: not a duplicate.
  for (int i = 0; i < 2; ++i) {
    h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
    h.expect_nothing();
  }
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  // RFC 5681 §3.2: the third duplicate ACK retransmits the segment at SND.UNA at once.
  h.expect_segments({segment_n(1, Rule::FastRetransmit)});
  // Not a timeout: no backoff. The new ACK at 30 ms was a 20 ms sample: SRTT 11.25 ms + RTTVAR 200 ms.
  h.expect_timer(TimerKind::Retransmit, ms(30) + ms(211) + 250 * kUs);
  CHECK(h.conn.rto() == ms(211) + 250 * kUs);
}

TEST_CASE("ESTABLISHED rcv duplicate ACKs with a changing window -> not counted") {
  Harness h = socket_established_four_in_flight();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461, .wnd = 65535});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461, .wnd = 60000});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461, .wnd = 50000});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461, .wnd = 40000});
  // RFC 5681 §2: a window update is not a duplicate ACK.
  h.expect_nothing();
}

TEST_CASE("ESTABLISHED rcv duplicate ACKs carrying data -> not counted") {
  Harness h = socket_established_four_in_flight();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461, .len = 10});
  h.deliver({.flags = kAck, .seq = IRS + 11, .ack = ISS + 1461, .len = 10});
  h.deliver({.flags = kAck, .seq = IRS + 21, .ack = ISS + 1461, .len = 10});
  h.expect_segments({{.flags = kAck, .seq = ISS + 5841, .ack = IRS + 31, .wnd = 65505, .rule = Rule::Ack}});
}

TEST_CASE("ESTABLISHED rcv partial ACK in recovery -> next hole retransmitted") {
  Harness h = socket_established_four_in_flight();
  for (int i = 0; i < 4; ++i) h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  h.expect_segments({segment_n(1, Rule::FastRetransmit)});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 2921});  // Below the recovery point ISS+5841.
  // RFC 6582 §3.2 step 5: the partial ACK shows the next hole; resend it.
  h.expect_segments({segment_n(2, Rule::PartialAck)});
  // An RTT sample of 0 (the clock has not moved): SRTT 8.75 ms + RTTVAR 200 ms.
  h.expect_timer(TimerKind::Retransmit, h.now + ms(208) + 750 * kUs);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 5841});  // Full ACK: recovery ends.
  h.expect_nothing();
  h.expect_no_timer(TimerKind::Retransmit);
}

TEST_CASE("ESTABLISHED rcv ACK after recovery -> 3 new duplicate ACKs fast-retransmit again") {
  Harness h = socket_established_four_in_flight();
  for (int i = 0; i < 4; ++i) h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 5841});
  h.send(4 * 1460);
  h.drain();
  for (int i = 0; i < 3; ++i) h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 5841});
  h.expect_segments({segment_n(4, Rule::FastRetransmit)});  // The duplicate count started again.
}

TEST_CASE("ESTABLISHED RTO then partial ACKs -> the holes are resent one per ACK") {
  Harness h = socket_established_four_in_flight();
  h.fire(TimerKind::Retransmit);
  h.expect_segments({segment_n(0, Rule::Retransmit)});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1461});
  h.expect_segments({segment_n(1, Rule::PartialAck)});
}

TEST_CASE("FIN-WAIT-1 RTO -> FIN retransmitted") {
  Harness h = socket_fin_wait_1();
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Retransmit}});
  h.expect_state(State::FinWait1);
}

TEST_CASE("FIN-WAIT-1 RTO with data and FIN outstanding -> both in one retransmission") {
  Harness h = socket_established();
  h.send(100);
  h.close();  // The FIN goes out alone, after the data.
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 101, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Fin}});
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kFin | kPsh | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 100,
                      .rule = Rule::Retransmit, .off = 0}});
}

TEST_CASE("LAST-ACK RTO -> FIN retransmitted") {
  Harness h = socket_last_ack();
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Retransmit}});
  h.expect_state(State::LastAck);
}

TEST_CASE("ESTABLISHED RTO after everything was acknowledged -> stale, nothing") {
  Harness h = socket_established();
  h.send(100);
  const Time deadline = *h.conn.timer(TimerKind::Retransmit);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 101});
  h.now = deadline;
  h.drain();
  h.conn.on_timer(TimerKind::Retransmit, h.now, h.out);  // The host's stale callback.
  h.expect_nothing();
  CHECK(h.out.all<TimerOut>().empty());
}

TEST_CASE("ESTABLISHED RTO after an ACK inside a segment -> resend from SND.UNA, one MSS") {
  Harness h = socket_established();
  h.send(3000);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 501});
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kAck, .seq = ISS + 501, .ack = IRS + 1, .wnd = 65535, .len = 1460,
                      .rule = Rule::Retransmit, .off = 500}});
}
