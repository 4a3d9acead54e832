// Closing: FIN from either side first, FIN on the last data segment, half-close, simultaneous
// close, TIME-WAIT and its 2*MSL timer, LAST-ACK, and Linux's orphaned FIN-WAIT-2 timeout
// (RFC 9293 §3.6, §3.10.4, §3.10.7.4, §3.10.8).
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

// ---- We close first ----

TEST_CASE("ESTABLISHED close() -> FIN-WAIT-1, FIN") {
  Harness h = socket_established();
  h.close();
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Fin}});
  h.expect_transitions({{State::Established, State::FinWait1, Rule::Fin}});
  h.expect_timer(TimerKind::Retransmit, h.now + kRto);
  CHECK(h.conn.tcb().snd_nxt == ISS + 2);
  CHECK(h.conn.orphaned());
  CHECK(h.conn.snd_shutdown());
}

TEST_CASE("ESTABLISHED close() with data queued behind the window -> FIN rides on the last data segment") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 100});
  h.send(300);
  h.expect_segments(
      {{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 100, .rule = Rule::Data, .off = 0}});
  h.close();
  h.expect_nothing();  // The window is full: data and FIN wait.
  h.expect_state(State::FinWait1);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 101, .wnd = 1000});
  h.expect_segments({{.flags = kFin | kPsh | kAck, .seq = ISS + 101, .ack = IRS + 1, .wnd = 65535, .len = 200,
                      .rule = Rule::Fin, .off = 100}});
  CHECK(h.conn.tcb().snd_nxt == ISS + 302);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 302, .wnd = 1000});
  h.expect_state(State::FinWait2);
}

TEST_CASE("FIN-WAIT-1 rcv ACK of FIN -> FIN-WAIT-2, fin-timeout armed (orphan)") {
  Harness h = socket_fin_wait_1();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 2});
  h.expect_nothing();
  h.expect_transitions({{State::FinWait1, State::FinWait2, Rule::AckOfFin}});
  h.expect_no_timer(TimerKind::Retransmit);
  h.expect_timer(TimerKind::FinWait2, h.now + sec(60));  // Linux tcp_fin_timeout.
}

TEST_CASE("FIN-WAIT-1 rcv ACK of data but not of FIN -> stays in FIN-WAIT-1") {
  Harness h = socket_established();
  h.send(100);
  h.close();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 101});
  h.expect_nothing();
  h.expect_state(State::FinWait1);
  // An RTT sample of 0: Linux's SRTT falls to 8.75 ms; RTTVAR stays 200 ms (tcp_rtt_estimator()).
  h.expect_timer(TimerKind::Retransmit, h.now + ms(200) + 8750 * kUs);
}

TEST_CASE("FIN-WAIT-2 rcv FIN -> TIME-WAIT, ACK, 2MSL timer") {
  Harness h = socket_fin_wait_2();
  h.now = sec(1);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 2});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Ack}});
  h.expect_transitions({{State::FinWait2, State::TimeWait, Rule::RcvFin}});
  h.expect_notes({{NotifyKind::Eof}});
  h.expect_timer(TimerKind::TimeWait, sec(1) + sec(60));  // 2 * MSL (30 s).
  h.expect_no_timer(TimerKind::FinWait2);
}

TEST_CASE("FIN-WAIT-2 orphan fin-timeout -> CLOSED, nothing sent") {
  Harness h = socket_fin_wait_2();
  h.fire(TimerKind::FinWait2);
  CHECK(h.now == kRtt + sec(60));
  h.expect_nothing();
  h.expect_transitions({{State::FinWait2, State::Closed, Rule::FinWait2Timeout}});
  h.expect_notes({{NotifyKind::Closed}});
  h.expect_no_timers();
}

// ---- TIME-WAIT ----

TEST_CASE("TIME-WAIT 2MSL timeout -> CLOSED") {
  Harness h = socket_time_wait();
  h.fire(TimerKind::TimeWait);
  CHECK(h.now == kRtt + sec(60));
  h.expect_nothing();
  h.expect_transitions({{State::TimeWait, State::Closed, Rule::TimeWaitTimeout}});
  h.expect_notes({{NotifyKind::Closed}});
  h.expect_no_timers();
}

TEST_CASE("TIME-WAIT rcv retransmitted FIN -> ACK, 2MSL restarted") {
  Harness h = socket_time_wait();
  h.now = sec(20);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 2});
  // RFC 9293 §3.10.7.4: "acknowledge it, and restart the 2 MSL timeout".
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::TimeWaitAck}});
  h.expect_timer(TimerKind::TimeWait, sec(20) + sec(60));
  h.expect_state(State::TimeWait);
}

TEST_CASE("TIME-WAIT rcv bare ACK at RCV.NXT -> nothing sent, 2MSL restarted") {
  Harness h = socket_time_wait();
  h.now = sec(20);
  h.deliver({.flags = kAck, .seq = IRS + 2, .ack = ISS + 2});
  h.expect_nothing();
  h.expect_verdict(Rule::DropTimeWait);
  h.expect_timer(TimerKind::TimeWait, sec(20) + sec(60));
}

TEST_CASE("TIME-WAIT rcv new SYN above RCV.NXT -> CLOSED, reopen") {
  Harness h = socket_time_wait();
  h.deliver({.flags = kSyn, .seq = IRS + 100000, .ack = Seq(0), .mss = 1460});
  // RFC 1122 §4.2.2.13: the host drops this TCB and hands the SYN to its listener.
  h.expect_nothing();
  h.expect_transitions({{State::TimeWait, State::Closed, Rule::TimeWaitNewSyn}});
  h.expect_notes({{NotifyKind::Reopen}, {NotifyKind::Closed}});
}

TEST_CASE("TIME-WAIT rcv new SYN above RCV.NXT -> the new connection's ISS is SND.NXT + 65537 (RFC 6191)") {
  Harness h = socket_time_wait();
  // Linux tcp_timewait_state_process(): isn = tw_snd_nxt + 65535 + 2. SND.NXT = ISS+2 (SYN and FIN).
  CHECK(h.conn.reopen_iss() == ISS + 2 + 65537);
  CHECK(h.conn.reopen_iss() > h.conn.tcb().snd_nxt);
}

TEST_CASE("TIME-WAIT rcv SYN in the window with rfc5961 off -> RST, CLOSED (RFC 793 §3.9)") {
  TcpConfig cfg;
  cfg.rfc5961 = false;
  Harness h = socket_time_wait(cfg);
  // No listener takes it (a SYN at RCV.NXT is not "above" it): RFC 793's TIME-WAIT fourth check.
  h.deliver({.flags = kSyn, .seq = IRS + 2, .ack = Seq(0), .mss = 1460});
  h.expect_segments({{.flags = kRst | kAck, .seq = Seq(0), .ack = IRS + 3, .wnd = 0, .rule = Rule::RstSynInWindow}});
  h.expect_transitions({{State::TimeWait, State::Closed, Rule::RstSynInWindow}});
  h.expect_verdict(Rule::RstSynInWindow);
  h.expect_no_timers();
}

TEST_CASE("TIME-WAIT rcv SYN in the window with rfc5961 on -> ACK, TIME-WAIT kept") {
  Harness h = socket_time_wait();
  h.deliver({.flags = kSyn, .seq = IRS + 2, .ack = Seq(0), .mss = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::TimeWaitAck}});
  h.expect_state(State::TimeWait);
}

// ---- The peer closes first ----

TEST_CASE("ESTABLISHED rcv FIN -> CLOSE-WAIT, ACK, EOF") {
  Harness h = socket_established();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1});
  // The FIN occupies IRS+1; the right edge stays put (one octet is below the SWS step).
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Ack}});
  h.expect_transitions({{State::Established, State::CloseWait, Rule::RcvFin}});
  h.expect_notes({{NotifyKind::Eof}});
  CHECK(h.conn.fin_received());
  CHECK(h.conn.rcv_shutdown());
}

TEST_CASE("ESTABLISHED rcv FIN with data -> data queued, then EOF, one ACK") {
  Harness h = socket_established();
  h.deliver({.flags = kFin | kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 102, .wnd = 65435, .rule = Rule::Ack}});
  h.expect_notes({{NotifyKind::Readable}, {NotifyKind::Eof}});
  h.expect_state(State::CloseWait);
  h.expect_read(1000, {{100, 0}});
}

TEST_CASE("ESTABLISHED rcv FIN before missing data -> held until the data arrives") {
  Harness h = socket_established();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 101, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckOutOfOrder}});
  h.expect_state(State::Established);
  CHECK_FALSE(h.conn.fin_received());
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 102, .wnd = 65435, .rule = Rule::Ack}});
  h.expect_notes({{NotifyKind::Readable}, {NotifyKind::Eof}});
  h.expect_state(State::CloseWait);
}

TEST_CASE("CLOSE-WAIT rcv retransmitted FIN -> ACK") {
  // Acceptable, as on Linux: its end is RCV.WUP (test_tcp_rcv_wup.cpp); its old FIN is re-ACKed.
  Harness h = socket_close_wait();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::AckDuplicateData}});
  h.expect_state(State::CloseWait);
}

TEST_CASE("CLOSE-WAIT send() -> data still flows the other way") {
  Harness h = socket_close_wait();
  h.send(100);
  h.expect_segments({{.flags = kPsh | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .len = 100,
                      .rule = Rule::Data, .off = 0}});
}

TEST_CASE("CLOSE-WAIT close() -> LAST-ACK, FIN") {
  Harness h = socket_close_wait();
  h.close();
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Fin}});
  h.expect_transitions({{State::CloseWait, State::LastAck, Rule::Fin}});
  h.expect_timer(TimerKind::Retransmit, h.now + kRto);
}

TEST_CASE("LAST-ACK rcv ACK of FIN -> CLOSED") {
  Harness h = socket_last_ack();
  h.deliver({.flags = kAck, .seq = IRS + 2, .ack = ISS + 2});
  h.expect_nothing();
  h.expect_transitions({{State::LastAck, State::Closed, Rule::AckOfFin}});
  h.expect_notes({{NotifyKind::Closed}});
  h.expect_no_timers();  // No TIME-WAIT on this side.
}

TEST_CASE("LAST-ACK rcv ACK not covering FIN -> stays in LAST-ACK") {
  Harness h = socket_last_ack();
  h.deliver({.flags = kAck, .seq = IRS + 2, .ack = ISS + 1});
  h.expect_nothing();
  h.expect_state(State::LastAck);
}

// ---- Both close at once ----

TEST_CASE("FIN-WAIT-1 rcv FIN -> CLOSING, ACK (simultaneous close)") {
  Harness h = socket_fin_wait_1();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Ack}});
  h.expect_transitions({{State::FinWait1, State::Closing, Rule::RcvFin}});
  h.expect_notes({{NotifyKind::Eof}});
}

TEST_CASE("CLOSING rcv ACK of FIN -> TIME-WAIT") {
  Harness h = socket_closing();
  h.deliver({.flags = kAck, .seq = IRS + 2, .ack = ISS + 2});
  h.expect_nothing();
  h.expect_transitions({{State::Closing, State::TimeWait, Rule::AckOfFin}});
  h.expect_timer(TimerKind::TimeWait, h.now + sec(60));
  h.expect_no_timer(TimerKind::Retransmit);
}

TEST_CASE("CLOSING RTO -> FIN retransmitted") {
  Harness h = socket_closing();
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Retransmit}});
}

TEST_CASE("FIN-WAIT-1 rcv FIN and ACK of FIN -> TIME-WAIT, ACK") {
  Harness h = socket_fin_wait_1();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 2});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Ack}});
  h.expect_transitions({{State::FinWait1, State::FinWait2, Rule::AckOfFin},
                        {State::FinWait2, State::TimeWait, Rule::RcvFin}});
  h.expect_timer(TimerKind::TimeWait, h.now + sec(60));
  h.expect_no_timer(TimerKind::FinWait2);
}

TEST_CASE("FIN-WAIT-1 (data behind a zero window) rcv FIN -> CLOSING; data and FIN sent when the window opens") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.send(100);
  h.close();
  h.expect_nothing();
  h.expect_state(State::FinWait1);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Ack}});
  h.expect_state(State::Closing);
  h.expect_timer(TimerKind::Persist, h.now + kRto);  // Still probing the zero window.
  // RFC 9293 §3.10.4: the FIN follows the queued data, whatever the peer did meanwhile.
  h.deliver({.flags = kAck, .seq = IRS + 2, .ack = ISS + 1, .wnd = 1000});
  h.expect_segments({{.flags = kFin | kPsh | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .len = 100,
                      .rule = Rule::Fin, .off = 0}});
  h.expect_no_timer(TimerKind::Persist);
  h.deliver({.flags = kAck, .seq = IRS + 2, .ack = ISS + 102, .wnd = 1000});
  h.expect_transitions({{State::Closing, State::TimeWait, Rule::AckOfFin}});
}

// ---- Half-close: shutdown(SHUT_WR) ----

TEST_CASE("ESTABLISHED shutdown(SHUT_WR) -> FIN-WAIT-1, FIN") {
  Harness h = socket_established();
  h.shutdown_write();
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::FinShutdown}});
  h.expect_transitions({{State::Established, State::FinWait1, Rule::FinShutdown}});
  CHECK_FALSE(h.conn.orphaned());
  CHECK(h.conn.snd_shutdown());
  CHECK_FALSE(h.conn.rcv_shutdown());
}

TEST_CASE("FIN-WAIT-1 (half-closed) rcv data -> delivered and ACKed") {
  Harness h = socket_fin_wait_1_half_closed();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 101, .wnd = 65435, .rule = Rule::Ack}});
  h.expect_state(State::FinWait1);
  CHECK(h.conn.unread() == 100);
}

TEST_CASE("FIN-WAIT-2 (half-closed) -> no fin-timeout; rcv data -> delivered and ACKed") {
  Harness h = socket_fin_wait_2_half_closed();
  h.expect_no_timer(TimerKind::FinWait2);  // Only an orphan is timed out.
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 2, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 101, .wnd = 65435, .rule = Rule::Ack}});
  h.expect_notes({{NotifyKind::Readable}});
  h.expect_read(100, {{100, 0}});
}

TEST_CASE("FIN-WAIT-2 (half-closed) rcv FIN -> TIME-WAIT, EOF") {
  Harness h = socket_fin_wait_2_half_closed();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 2});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Ack}});
  h.expect_state(State::TimeWait);
  CHECK(h.conn.fin_received());
}

TEST_CASE("FIN-WAIT-2 (half-closed) close() -> fin-timeout armed") {
  Harness h = socket_fin_wait_2_half_closed();
  h.close();
  h.expect_nothing();
  h.expect_timer(TimerKind::FinWait2, h.now + sec(60));
}

TEST_CASE("CLOSE-WAIT shutdown(SHUT_WR) -> LAST-ACK, FIN") {
  Harness h = socket_close_wait();
  h.shutdown_write();
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::FinShutdown}});
  h.expect_transitions({{State::CloseWait, State::LastAck, Rule::FinShutdown}});
}

// ---- End to end: two connections back to back ----

namespace {
/// Two connections established end to end (5 ms one way: the ACK reaches b at 15 ms).
Pair pair_established() {
  Pair p;
  p.on_a([&](Connection& c, Outputs& o) { c.open_active(p.now, o); });
  p.run_until(ms(20));
  REQUIRE(p.a.state() == State::Established);
  REQUIRE(p.b.state() == State::Established);
  p.a_states.clear();
  p.b_states.clear();
  p.log.clear();
  return p;
}
}  // namespace

TEST_CASE("ESTABLISHED both close() at once -> CLOSING on both sides, then TIME-WAIT, then CLOSED") {
  Pair p = pair_established();
  p.on_a([&](Connection& c, Outputs& o) { c.close(p.now, o); });
  p.on_b([&](Connection& c, Outputs& o) { c.close(p.now, o); });
  p.run_until(p.now + sec(1));
  INFO(p.transcript());
  CHECK(p.log.size() == 4);  // Two FINs cross, two ACKs cross.
  for (const std::vector<StateOut>* states : {&p.a_states, &p.b_states}) {
    REQUIRE(states->size() == 3);
    CHECK((*states)[0].to == State::FinWait1);
    CHECK((*states)[1].to == State::Closing);
    CHECK((*states)[2].to == State::TimeWait);
  }
  p.run_until(p.now + sec(61));
  CHECK(p.a.state() == State::Closed);
  CHECK(p.b.state() == State::Closed);
}

TEST_CASE("ESTABLISHED close() one side, the other closes on EOF -> TIME-WAIT here, LAST-ACK -> CLOSED there") {
  Pair p = pair_established();
  p.app = [](Pair& q) {
    if (q.b.state() == State::CloseWait) q.on_b([&](Connection& c, Outputs& o) { c.close(q.now, o); });
  };
  p.on_a([&](Connection& c, Outputs& o) { c.close(p.now, o); });
  p.run_until(p.now + sec(1));
  INFO(p.transcript());
  CHECK(p.log.size() == 4);  // FIN, ACK, FIN, ACK.
  CHECK(p.a.state() == State::TimeWait);
  CHECK(p.b.state() == State::Closed);
  REQUIRE(p.b_states.size() == 3);
  CHECK(p.b_states[1].to == State::LastAck);
}

// ---- FINs at the edges ----

TEST_CASE("ESTABLISHED (zero window) rcv bare FIN at RCV.NXT -> CLOSE-WAIT, ACK") {
  TcpConfig cfg;
  cfg.rcvbuf = 1000;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 1000});
  REQUIRE(h.conn.rcv_wnd() == 0);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1001, .ack = ISS + 1});
  // A FIN needs no buffer: accepted at RCV.NXT even with RCV.WND = 0 (as Linux tcp_data_queue()).
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1002, .wnd = 0, .rule = Rule::Ack}});
  h.expect_state(State::CloseWait);
}

TEST_CASE("ESTABLISHED (zero window) rcv data with FIN -> neither accepted, ACK with window 0") {
  TcpConfig cfg;
  cfg.rcvbuf = 1000;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 1000});
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1001, .ack = ISS + 1, .len = 10});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1001, .wnd = 0, .rule = Rule::Ack}});
  h.expect_state(State::Established);
  CHECK_FALSE(h.conn.fin_received());
}

TEST_CASE("FIN-WAIT-1 (half-closed) rcv FIN ahead of missing data -> held; data arrives -> CLOSING") {
  Harness h = socket_fin_wait_1_half_closed();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 51, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckOutOfOrder}});
  h.expect_state(State::FinWait1);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 50});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 52, .wnd = 65485, .rule = Rule::Ack}});
  h.expect_transitions({{State::FinWait1, State::Closing, Rule::RcvFin}});
  h.expect_notes({{NotifyKind::Readable}, {NotifyKind::Eof}});
}
