// Opening a connection: the three-way handshake (active and passive), simultaneous open, the MSS
// option and the effective MSS (RFC 9293 §3.5, §3.7.1, §3.10.7.2-§3.10.7.4), and the RTO the
// handshake leaves behind (RFC 6298 §2, §5.7).
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

// ---- CLOSED ----

TEST_CASE("CLOSED open_active -> SYN-SENT, SYN with MSS 1460") {
  Harness h;
  h.open_active();
  // RFC 9293 §3.10.1: <SEQ=ISS><CTL=SYN>, SND.UNA = ISS, SND.NXT = ISS+1.
  h.expect_segments({{.flags = kSyn, .seq = ISS, .wnd = 65535, .rule = Rule::ActiveOpen, .mss = 1460}});
  h.expect_transitions({{State::Closed, State::SynSent, Rule::ActiveOpen}});
  h.expect_timer(TimerKind::Retransmit, sec(1));  // RFC 6298 §2.1: initial RTO 1 s.
  CHECK(h.conn.tcb().snd_una == ISS);
  CHECK(h.conn.tcb().snd_nxt == ISS + 1);
  CHECK_FALSE(h.conn.passive());
}

TEST_CASE("CLOSED open_active with mss 1200 -> SYN carries MSS 1200") {
  TcpConfig cfg;
  cfg.mss = 1200;
  Harness h(cfg);
  h.open_active();
  h.expect_segments({{.flags = kSyn, .seq = ISS, .wnd = 65535, .rule = Rule::ActiveOpen, .mss = 1200}});
}

// ---- SYN-SENT ----

TEST_CASE("SYN-SENT rcv SYN,ACK -> ESTABLISHED, ACK") {
  Harness h = socket_syn_sent();
  h.now = kRtt;
  h.deliver(peer_syn_ack());
  // RFC 9293 §3.10.7.3: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::HandshakeAck}});
  h.expect_transitions({{State::SynSent, State::Established, Rule::HandshakeAck}});
  h.expect_notes({{NotifyKind::Connected}});
  h.expect_no_timer(TimerKind::Retransmit);
  CHECK(h.conn.tcb().snd_una == ISS + 1);
  CHECK(h.conn.tcb().irs == IRS);
  CHECK(h.conn.tcb().rcv_nxt == IRS + 1);
  CHECK(h.conn.tcb().snd_wnd == 65535);
  CHECK(h.conn.tcb().snd_mss == 1460);
}

TEST_CASE("SYN-SENT rcv SYN,ACK carrying data -> ESTABLISHED, data dropped, ACK of the SYN alone (Linux)") {
  Harness h = socket_syn_sent();
  h.now = kRtt;
  In synack = peer_syn_ack();
  synack.len = 100;
  h.deliver(synack);
  // Linux tcp_rcv_state_process(), SYN-SENT: the handshake completes and the skb is freed with its
  // data (taken only with TCP Fast Open); RFC 9293 §3.10.7.3 would queue it. ack=IRS+1: the peer
  // sends the 100 octets again.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::SynAckTextDropped}});
  h.expect_transitions({{State::SynSent, State::Established, Rule::HandshakeAck}});
  h.expect_notes({{NotifyKind::Connected}});
  CHECK(h.conn.unread() == 0);
  CHECK(h.conn.tcb().rcv_nxt == IRS + 1);
}

TEST_CASE("SYN-SENT rcv SYN,ACK carrying data and FIN -> ESTABLISHED, not CLOSE-WAIT: both dropped (Linux)") {
  Harness h = socket_syn_sent();
  h.now = kRtt;
  In synack = peer_syn_ack();
  synack.flags |= kFin;
  synack.len = 10;
  h.deliver(synack);
  // Linux tcp_rcv_state_process(): the FIN goes with the freed skb, so the connection stays ESTABLISHED.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::SynAckTextDropped}});
  h.expect_transitions({{State::SynSent, State::Established, Rule::HandshakeAck}});
  CHECK(h.conn.state() == State::Established);
}

TEST_CASE("SYN-SENT rcv SYN,ACK with MSS 1000 -> effective MSS 1000") {
  Harness h = socket_syn_sent();
  In syn_ack = peer_syn_ack();
  syn_ack.mss = 1000;
  h.deliver(syn_ack);
  CHECK(h.conn.tcb().snd_mss == 1000);
  h.drain();
  h.send(1500);
  h.expect_segments({
      {.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 1000, .rule = Rule::Data, .off = 0},
      {.flags = kPsh | kAck, .seq = ISS + 1001, .ack = IRS + 1, .wnd = 65535, .len = 500, .rule = Rule::Data, .off = 1000},
  });
}

TEST_CASE("SYN-SENT rcv SYN,ACK without MSS option -> effective MSS 536") {
  Harness h = socket_syn_sent();
  In syn_ack = peer_syn_ack();
  syn_ack.mss = 0;
  h.deliver(syn_ack);
  // RFC 9293 §3.7.1: without the option the sender assumes 536 (IPv4).
  CHECK(h.conn.tcb().snd_mss == 536);
  h.drain();
  h.send(600);
  h.expect_segments({
      {.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 536, .rule = Rule::Data, .off = 0},
      {.flags = kPsh | kAck, .seq = ISS + 537, .ack = IRS + 1, .wnd = 65535, .len = 64, .rule = Rule::Data, .off = 536},
  });
}

TEST_CASE("SYN-SENT rcv SYN,ACK with MSS above ours -> effective MSS is ours") {
  TcpConfig cfg;
  cfg.mss = 1200;
  Harness h = socket_syn_sent(cfg);
  h.deliver(peer_syn_ack());  // The peer offers 1460.
  CHECK(h.conn.tcb().snd_mss == 1200);
}

TEST_CASE("SYN-SENT rcv SYN -> SYN-RECEIVED, SYN,ACK (simultaneous open)") {
  Harness h = socket_syn_sent();
  h.now = ms(5);
  h.deliver(peer_syn());
  // RFC 9293 §3.10.7.3: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, with the MSS option again.
  h.expect_segments({{.flags = kSyn | kAck,
                      .seq = ISS,
                      .ack = IRS + 1,
                      .wnd = 65535,
                      .rule = Rule::SynAckSimultaneous,
                      .mss = 1460}});
  h.expect_transitions({{State::SynSent, State::SynReceived, Rule::SynAckSimultaneous}});
  h.expect_notes({});
  h.expect_timer(TimerKind::Retransmit, sec(1));  // Still the SYN's timer.
  CHECK(h.conn.tcb().rcv_nxt == IRS + 1);
  CHECK_FALSE(h.conn.passive());
}

TEST_CASE("SYN-SENT send() -> data waits for ESTABLISHED, then carries the handshake's ACK") {
  Harness h = socket_syn_sent();
  CHECK(h.send(100) == 100);
  h.expect_nothing();
  h.now = kRtt;
  h.deliver(peer_syn_ack());
  h.expect_segments(
      {{.flags = kPsh | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 100, .rule = Rule::Data, .off = 0}});
  h.expect_timer(TimerKind::Retransmit, kRtt + kRto);
}

TEST_CASE("SYN-SENT rcv ACK of SYN without SYN -> dropped") {
  Harness h = socket_syn_sent();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});
  // RFC 9293 §3.10.7.3, fifth: "If neither of the SYN or RST bits is set, then drop the segment".
  h.expect_nothing();
  h.expect_verdict(Rule::DropSynSentNoSyn);
  h.expect_state(State::SynSent);
}

TEST_CASE("SYN-SENT RTO -> SYN retransmitted, RTO kept for the first 4 retries (Linux tcp_syn_linear_timeouts)") {
  Harness h = socket_syn_sent();
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == sec(1));
  h.expect_segments({{.flags = kSyn, .seq = ISS, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  // Linux >= 6.5 tcp_retransmit_timer(): linear, one RTO apart, while total_rto <= tcp_syn_linear_timeouts.
  h.expect_timer(TimerKind::Retransmit, sec(2));
  CHECK(h.conn.rto() == sec(1));
  h.expect_state(State::SynSent);
}

TEST_CASE("SYN-SENT RTO with syn-linear-timeouts 0 -> SYN retransmitted, RTO doubles (RFC 6298 §5.5)") {
  TcpConfig cfg;
  cfg.syn_linear_timeouts = 0;
  Harness h = socket_syn_sent(cfg);
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == sec(1));
  h.expect_segments({{.flags = kSyn, .seq = ISS, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  h.expect_timer(TimerKind::Retransmit, sec(3));
  CHECK(h.conn.rto() == sec(2));
}

TEST_CASE("SYN-SENT rcv SYN,ACK after 500 ms -> RTO from the RTT sample (RFC 6298 §2.2)") {
  Harness h = socket_syn_sent();
  h.now = ms(500);
  h.deliver(peer_syn_ack());
  // SRTT = R = 500 ms, RTTVAR = R/2 = 250 ms, RTO = SRTT + 4*RTTVAR = 1.5 s.
  CHECK(h.conn.rto() == ms(1500));
  h.drain();
  h.send(10);
  h.expect_timer(TimerKind::Retransmit, ms(500) + ms(1500));
}

TEST_CASE("SYN-SENT rcv SYN,ACK after a retransmitted SYN -> no RTT sample (Karn), RTO 3 s (RFC 6298 §5.7)") {
  Harness h = socket_syn_sent();
  h.fire(TimerKind::Retransmit);  // t = 1 s (RTO stays 1 s: tcp_syn_linear_timeouts).
  h.now = ms(1500);
  h.deliver(peer_syn_ack());
  h.expect_state(State::Established);
  // Karn: the SYN,ACK may answer either SYN, so it gives no sample; RFC 6298 §5.7: data starts
  // with an RTO of 3 s.
  CHECK(h.conn.rto() == sec(3));
  h.drain();
  h.send(10);
  h.expect_timer(TimerKind::Retransmit, ms(1500) + sec(3));
}

TEST_CASE("SYN-SENT rcv SYN,ACK after two retransmitted SYNs -> RTO re-initialized to exactly 3 s") {
  // RFC 6298 §5.7: "re-initialized to 3 seconds", even though the backed-off RTO is already 4 s.
  TcpConfig cfg;
  cfg.syn_linear_timeouts = 0;  // Exponential backoff from the first retry, as before Linux 6.5.
  Harness h = socket_syn_sent(cfg);
  h.fire(TimerKind::Retransmit);  // t = 1 s, RTO 2 s
  h.fire(TimerKind::Retransmit);  // t = 3 s, RTO 4 s
  CHECK(h.conn.rto() == sec(4));
  h.now = ms(3500);
  h.deliver(peer_syn_ack());
  h.expect_state(State::Established);
  CHECK(h.conn.rto() == sec(3));
}

// ---- LISTEN (a connection made from a listener's SYN) ----

TEST_CASE("LISTEN rcv SYN -> SYN-RECEIVED, SYN,ACK with MSS") {
  Harness h;
  h.open_passive(peer_syn());
  // RFC 9293 §3.10.7.2: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
  h.expect_segments(
      {{.flags = kSyn | kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::SynAckPassive, .mss = 1460}});
  h.expect_transitions({{State::Listen, State::SynReceived, Rule::SynAckPassive}});
  h.expect_timer(TimerKind::Retransmit, sec(1));
  CHECK(h.conn.passive());
  CHECK(h.conn.tcb().snd_nxt == ISS + 1);
  CHECK(h.conn.tcb().rcv_nxt == IRS + 1);
  CHECK(h.conn.tcb().snd_mss == 1460);
}

TEST_CASE("LISTEN rcv SYN without MSS option -> effective MSS 536") {
  Harness h;
  In syn = peer_syn();
  syn.mss = 0;
  h.open_passive(syn);
  CHECK(h.conn.tcb().snd_mss == 536);
  h.drain();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_state(State::Established);
  h.send(1000);
  h.expect_segments({
      {.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 536, .rule = Rule::Data, .off = 0},
      {.flags = kPsh | kAck, .seq = ISS + 537, .ack = IRS + 1, .wnd = 65535, .len = 464, .rule = Rule::Data, .off = 536},
  });
}

// ---- SYN-RECEIVED ----

TEST_CASE("SYN-RECEIVED rcv ACK of SYN -> ESTABLISHED, nothing sent") {
  Harness h = socket_syn_received();
  h.now = kRtt;
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Established, Rule::AckOfSyn}});
  h.expect_notes({{NotifyKind::Connected}});
  h.expect_no_timer(TimerKind::Retransmit);
  CHECK(h.conn.tcb().snd_una == ISS + 1);
  CHECK(h.conn.rto() == kRto);  // A 10 ms sample: Linux's SRTT 10 ms + RTTVAR max(20 ms, rto-min).
}

TEST_CASE("SYN-RECEIVED rcv ACK of SYN with data -> ESTABLISHED, data acknowledged") {
  Harness h = socket_syn_received();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 20});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 21, .wnd = 65515, .rule = Rule::Ack}});
  h.expect_state(State::Established);
  h.expect_notes({{NotifyKind::Connected}, {NotifyKind::Readable}});
  CHECK(h.conn.unread() == 20);
}

TEST_CASE("SYN-RECEIVED rcv duplicate SYN -> SYN,ACK again") {
  Harness h = socket_syn_received();
  h.now = ms(300);
  h.deliver(peer_syn());
  // Our SYN,ACK was lost (Linux tcp_check_req()): send it again; the timer keeps running.
  h.expect_segments(
      {{.flags = kSyn | kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::SynAckAgain, .mss = 1460}});
  h.expect_state(State::SynReceived);
  h.expect_timer(TimerKind::Retransmit, sec(1));
}

TEST_CASE("SYN-RECEIVED RTO -> SYN,ACK retransmitted") {
  Harness h = socket_syn_received();
  h.fire(TimerKind::Retransmit);
  h.expect_segments(
      {{.flags = kSyn | kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  h.expect_timer(TimerKind::Retransmit, sec(3));
}

TEST_CASE("SYN-RECEIVED (passive) rcv final ACK, accept queue full -> dropped, acked: RTOs send no SYN,ACK, "
          "retries exhausted -> CLOSED silently (Linux tcp_check_req(), reqsk_timer_handler())") {
  Harness h = socket_syn_received();
  h.now = ms(20);
  h.out.clear();
  h.conn.on_segment(make_segment({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1}), h.now, h.out, true, true);
  // tcp_check_req(), listen_overflow with tcp_abort_on_overflow = 0: inet_rsk(req)->acked = 1, dropped.
  h.expect_nothing();
  h.expect_verdict(Rule::DropAcceptQueueFull);
  h.expect_state(State::SynReceived);
  // reqsk_timer_handler(): the timer keeps its schedule (1, 3, 7, 15, 31 s) but an acked request sends
  // no SYN,ACK -- the client has one.
  for (Time at : {sec(1), sec(3), sec(7), sec(15), sec(31)}) {
    h.fire(TimerKind::Retransmit);
    CHECK(h.now == at);
    h.expect_nothing();
    h.expect_state(State::SynReceived);
  }
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == sec(63));
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Closed, Rule::GiveUpSynAck}});
}

TEST_CASE("SYN-RECEIVED (passive) acked, rcv data with the ACK once the queue has room -> ESTABLISHED, "
          "data taken (Linux tcp_check_req() creates the child, tcp_child_process())") {
  Harness h = socket_syn_received();
  h.now = ms(20);
  h.out.clear();
  h.conn.on_segment(make_segment({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1}), h.now, h.out, true, true);
  h.fire(TimerKind::Retransmit);
  h.expect_nothing();
  h.now = sec(2);
  h.deliver({.flags = kAck | kPsh, .seq = IRS + 1, .ack = ISS + 1, .len = 18});
  h.expect_state(State::Established);
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 19, .wnd = 65535 - 18, .rule = Rule::Ack}});
  CHECK(h.conn.unread() == 18);
}

TEST_CASE("SYN-RECEIVED rcv segment without ACK -> dropped") {
  Harness h = socket_syn_received();
  h.deliver({.flags = kPsh, .seq = IRS + 1, .ack = Seq(0), .len = 10});
  h.expect_nothing();
  h.expect_verdict(Rule::DropNoAckBit);
  h.expect_state(State::SynReceived);
}

// ---- SYN-RECEIVED after a simultaneous open ----

TEST_CASE("SYN-RECEIVED (simultaneous open) rcv SYN,ACK -> ESTABLISHED, ACK (Linux tcp_data_queue())") {
  Harness h = socket_syn_sent();
  h.deliver(peer_syn());
  h.drain();
  h.now = kRtt;
  h.deliver(peer_syn_ack());
  // RFC 9293 §3.5 Figure 7, line 6: the peer's SYN,ACK acknowledges our SYN. The figure sends nothing
  // more; Linux treats the SYN,ACK's SYN as a retransmission of one already received and ACKs it.
  h.expect_segments(
      {{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckSimultaneousOpen}});
  h.expect_transitions({{State::SynReceived, State::Established, Rule::AckOfSyn}});
  h.expect_notes({{NotifyKind::Connected}});
  h.expect_no_timer(TimerKind::Retransmit);
  CHECK(h.conn.tcb().snd_una == ISS + 1);
  CHECK(h.conn.tcb().rcv_nxt == IRS + 1);
}

TEST_CASE("SYN-RECEIVED (simultaneous open) rcv ACK -> ESTABLISHED") {
  Harness h = socket_syn_sent();
  h.deliver(peer_syn());
  h.drain();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Established, Rule::AckOfSyn}});
  h.expect_notes({{NotifyKind::Connected}});
}

TEST_CASE("SYN-RECEIVED (simultaneous open) RTO -> SYN,ACK retransmitted") {
  Harness h = socket_syn_sent();
  h.deliver(peer_syn());
  h.drain();
  h.fire(TimerKind::Retransmit);
  h.expect_segments(
      {{.flags = kSyn | kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
}

// ---- End to end: two connections back to back ----

TEST_CASE("CLOSED connect() to a listener -> SYN, SYN,ACK, ACK; both ESTABLISHED") {
  Pair p;
  p.on_a([&](Connection& c, Outputs& o) { c.open_active(p.now, o); });
  p.run_until(sec(5));
  INFO(p.transcript());
  CHECK(p.log.size() == 3);
  CHECK(p.a.state() == State::Established);
  CHECK(p.b.state() == State::Established);
  CHECK(p.a.tcb().rcv_nxt == p.b.tcb().snd_nxt);
  CHECK(p.b.tcb().rcv_nxt == p.a.tcb().snd_nxt);
}

TEST_CASE("SYN-SENT both (simultaneous open) -> SYNs cross, SYN,ACKs cross, ACKs cross, both ESTABLISHED") {
  Pair p;
  p.on_a([&](Connection& c, Outputs& o) { c.open_active(p.now, o); });
  p.on_b([&](Connection& c, Outputs& o) { c.open_active(p.now, o); });
  p.run_until(sec(5));
  INFO(p.transcript());
  // RFC 9293 §3.5 Figure 7's four segments, then each side's ACK of the other's SYN,ACK (Linux).
  REQUIRE(p.log.size() == 6);
  CHECK(p.log[4].find("(ack-simultaneous-open)") != std::string::npos);
  CHECK(p.log[5].find("(ack-simultaneous-open)") != std::string::npos);
  for (const std::vector<StateOut>* states : {&p.a_states, &p.b_states}) {
    REQUIRE(states->size() == 3);
    CHECK((*states)[0].to == State::SynSent);
    CHECK((*states)[1].to == State::SynReceived);
    CHECK((*states)[2].to == State::Established);
  }
  CHECK(p.a.tcb().rcv_nxt == IRS + 1);
  CHECK(p.b.tcb().rcv_nxt == ISS + 1);
}
