// When an arriving RST (or SYN) ends the connection: SYN-SENT (RFC 9293 §3.10.7.3), the RFC 5961
// §3.2 exact-match rule and challenge ACKs, RFC 5961 §4.2 for SYNs, the RFC 793 behaviour with
// rfc5961 off, passive SYN-RECEIVED returning to LISTEN, TIME-WAIT and RFC 1337, and the errors
// Linux's tcp_reset() reports.
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

namespace {
TcpConfig rfc5961_off() {
  TcpConfig cfg;
  cfg.rfc5961 = false;
  return cfg;
}
}  // namespace

// ---- SYN-SENT ----

TEST_CASE("SYN-SENT rcv RST with acceptable ACK -> CLOSED, ECONNREFUSED") {
  Harness h = socket_syn_sent();
  h.deliver({.flags = kRst | kAck, .seq = Seq(0), .ack = ISS + 1, .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::SynSent, State::Closed, Rule::RcvRstSynSent}});
  h.expect_notes({{NotifyKind::Error, Errno::ConnRefused}, {NotifyKind::Closed}});
  h.expect_error(Errno::ConnRefused);
  h.expect_no_timers();
}

TEST_CASE("SYN-SENT rcv RST without ACK -> dropped") {
  Harness h = socket_syn_sent();
  h.deliver({.flags = kRst, .seq = IRS, .ack = Seq(0), .wnd = 0});
  // RFC 9293 §3.10.7.3: only an RST whose ACK acknowledges our SYN counts.
  h.expect_nothing();
  h.expect_verdict(Rule::DropRstSynSent);
  h.expect_state(State::SynSent);
  h.expect_timer(TimerKind::Retransmit, sec(1));
}

TEST_CASE("SYN-SENT rcv RST with unacceptable ACK -> dropped, no RST in reply") {
  Harness h = socket_syn_sent();
  h.deliver({.flags = kRst | kAck, .seq = Seq(0), .ack = ISS, .wnd = 0});
  h.expect_nothing();
  h.expect_verdict(Rule::DropRstSynSent);
  h.expect_state(State::SynSent);
  h.deliver({.flags = kRst | kAck, .seq = Seq(0), .ack = ISS + 2, .wnd = 0});
  h.expect_nothing();
  h.expect_state(State::SynSent);
}

// ---- ESTABLISHED: RFC 5961 §3.2 ----

TEST_CASE("ESTABLISHED rcv RST at RCV.NXT -> CLOSED, ECONNRESET") {
  Harness h = socket_established();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::Established, State::Closed, Rule::RcvRst}});
  h.expect_notes({{NotifyKind::Error, Errno::ConnReset}, {NotifyKind::Closed}});
  h.expect_error(Errno::ConnReset);
  h.expect_no_timers();
  CHECK(h.conn.rcv_shutdown());
  CHECK(h.conn.snd_shutdown());
}

TEST_CASE("ESTABLISHED rcv RST,ACK at RCV.NXT -> CLOSED, ECONNRESET") {
  Harness h = socket_established();
  h.deliver({.flags = kRst | kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.expect_nothing();
  h.expect_state(State::Closed);
  h.expect_error(Errno::ConnReset);
}

TEST_CASE("ESTABLISHED rcv RST in the window but not at RCV.NXT -> challenge ACK") {
  Harness h = socket_established();
  h.deliver({.flags = kRst, .seq = IRS + 1000, .ack = Seq(0), .wnd = 0});
  // RFC 5961 §3.2: it may be forged; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ChallengeAckRst}});
  h.expect_verdict(Rule::ChallengeAckRst);
  h.expect_state(State::Established);
  h.expect_error(Errno::None);
}

TEST_CASE("ESTABLISHED rcv RST out of the window -> dropped silently") {
  Harness h = socket_established();
  h.deliver({.flags = kRst, .seq = IRS + 1 + 65535, .ack = Seq(0), .wnd = 0});  // Just past the right edge.
  h.expect_nothing();
  h.expect_verdict(Rule::DropRstOutOfWindow);
  h.deliver({.flags = kRst, .seq = IRS, .ack = Seq(0), .wnd = 0});  // Just below RCV.NXT.
  h.expect_nothing();
  h.expect_verdict(Rule::DropRstOutOfWindow);
  h.expect_state(State::Established);
}

TEST_CASE("ESTABLISHED rcv RST at the window's last octet -> challenge ACK") {
  Harness h = socket_established();
  h.deliver({.flags = kRst, .seq = IRS + 65535, .ack = Seq(0), .wnd = 0});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ChallengeAckRst}});
}

TEST_CASE("ESTABLISHED rcv RST in the window with rfc5961 off -> CLOSED, ECONNRESET") {
  Harness h = socket_established(rfc5961_off());
  h.deliver({.flags = kRst, .seq = IRS + 1000, .ack = Seq(0), .wnd = 0});
  // RFC 793 §3.9: any RST in the window resets.
  h.expect_nothing();
  h.expect_transitions({{State::Established, State::Closed, Rule::RcvRst793}});
  h.expect_notes({{NotifyKind::Error, Errno::ConnReset}, {NotifyKind::Closed}});
}

TEST_CASE("ESTABLISHED rcv RST out of the window with rfc5961 off -> dropped") {
  Harness h = socket_established(rfc5961_off());
  h.deliver({.flags = kRst, .seq = IRS + 1 + 70000, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_state(State::Established);
}

TEST_CASE("ESTABLISHED (zero receive window) rcv RST at RCV.NXT -> CLOSED") {
  TcpConfig cfg;
  cfg.rcvbuf = 1000;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 1000});
  REQUIRE(h.conn.rcv_wnd() == 0);
  h.deliver({.flags = kRst, .seq = IRS + 1001, .ack = Seq(0), .wnd = 0});
  // RFC 9293 §3.10.7.4: with RCV.WND = 0 an RST is acceptable at RCV.NXT.
  h.expect_state(State::Closed);
}

TEST_CASE("ESTABLISHED rcv RST -> data received before it stays readable") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.deliver({.flags = kRst, .seq = IRS + 101, .ack = Seq(0), .wnd = 0});
  h.expect_state(State::Closed);
  h.expect_discards({});
  CHECK(h.conn.unread() == 100);
  h.expect_read(1000, {{100, 0}});
  h.expect_nothing();  // No window update from a closed connection.
}

TEST_CASE("ESTABLISHED rcv RST -> unsent, unacknowledged and out-of-order octets discarded") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 1000});
  h.send(3000);  // 1000 in flight, 2000 waiting.
  h.deliver({.flags = kAck, .seq = IRS + 51, .ack = ISS + 1, .len = 30, .wnd = 1000});  // Out of order.
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.expect_discards({{DiscardKind::UnsentSend, 2000}, {DiscardKind::UnackedSend, 1000}, {DiscardKind::OutOfOrder, 30}});
  CHECK(h.conn.send_buffered() == 0);
  CHECK(h.conn.out_of_order_bytes() == 0);
}

// ---- Other synchronized states ----

TEST_CASE("CLOSE-WAIT rcv RST at RCV.NXT -> CLOSED, EPIPE") {
  Harness h = socket_close_wait();
  h.deliver({.flags = kRst, .seq = IRS + 2, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::CloseWait, State::Closed, Rule::RcvRst}});
  // Linux tcp_reset(): the peer had already finished sending, so the writer sees EPIPE.
  h.expect_notes({{NotifyKind::Error, Errno::BrokenPipe}, {NotifyKind::Closed}});
}

TEST_CASE("FIN-WAIT-1 rcv RST at RCV.NXT -> CLOSED, ECONNRESET") {
  Harness h = socket_fin_wait_1_half_closed();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::FinWait1, State::Closed, Rule::RcvRst}});
  h.expect_error(Errno::ConnReset);
}

TEST_CASE("FIN-WAIT-2 rcv RST at RCV.NXT -> CLOSED") {
  Harness h = socket_fin_wait_2();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::FinWait2, State::Closed, Rule::RcvRst}});
  h.expect_no_timers();
}

TEST_CASE("CLOSING rcv RST at RCV.NXT -> CLOSED") {
  Harness h = socket_closing();
  h.deliver({.flags = kRst, .seq = IRS + 2, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::Closing, State::Closed, Rule::RcvRst}});
}

TEST_CASE("LAST-ACK rcv RST at RCV.NXT -> CLOSED") {
  Harness h = socket_last_ack();
  h.deliver({.flags = kRst, .seq = IRS + 2, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::LastAck, State::Closed, Rule::RcvRst}});
}

TEST_CASE("LAST-ACK rcv RST in the window but not at RCV.NXT -> challenge ACK") {
  Harness h = socket_last_ack();
  h.deliver({.flags = kRst, .seq = IRS + 10, .ack = Seq(0), .wnd = 0});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::ChallengeAckRst}});
  h.expect_state(State::LastAck);
}

// ---- A SYN in a synchronized state: RFC 5961 §4.2 ----

TEST_CASE("ESTABLISHED rcv SYN in the window -> challenge ACK") {
  Harness h = socket_established();
  h.deliver({.flags = kSyn, .seq = IRS + 100, .ack = Seq(0), .mss = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ChallengeAckSyn}});
  h.expect_verdict(Rule::ChallengeAckSyn);
  h.expect_state(State::Established);
}

TEST_CASE("ESTABLISHED rcv SYN at RCV.NXT -> challenge ACK") {
  Harness h = socket_established();
  h.deliver({.flags = kSyn, .seq = IRS + 1, .ack = Seq(0), .mss = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ChallengeAckSyn}});
  h.expect_state(State::Established);
}

TEST_CASE("ESTABLISHED rcv retransmitted SYN,ACK -> challenge ACK (our handshake ACK was lost)") {
  // RFC 5961 §4.2: any SYN in a synchronized state, whatever its sequence number, gets a challenge ACK
  // (Linux tcp_validate_incoming(): syn_challenge). It carries what the peer needs: ACK of its SYN.
  Harness h = socket_established();
  h.deliver(peer_syn_ack());
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ChallengeAckSyn}});
  h.expect_state(State::Established);
}

TEST_CASE("CLOSE-WAIT rcv SYN in the window -> challenge ACK") {
  Harness h = socket_close_wait();
  h.deliver({.flags = kSyn, .seq = IRS + 100, .ack = Seq(0), .mss = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::ChallengeAckSyn}});
  h.expect_state(State::CloseWait);
}

// (With rfc5961 off a SYN in the window resets: see test_tcp_reset_generation.cpp.)

// ---- SYN-RECEIVED ----

TEST_CASE("SYN-RECEIVED (passive) rcv RST at RCV.NXT -> back to LISTEN, nothing sent") {
  Harness h = socket_syn_received();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  // RFC 9293 §3.10.7.4: "return this connection to LISTEN state and return"; no user is told.
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Listen, Rule::RcvRst}});
  h.expect_notes({{NotifyKind::BackToListen}});
  h.expect_error(Errno::None);
  h.expect_no_timers();
}

TEST_CASE("SYN-RECEIVED (passive) rcv RST in the window but not at RCV.NXT -> challenge ACK") {
  Harness h = socket_syn_received();
  h.deliver({.flags = kRst, .seq = IRS + 10, .ack = Seq(0), .wnd = 0});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ChallengeAckRst}});
  h.expect_state(State::SynReceived);
}

TEST_CASE("SYN-RECEIVED (passive) rcv RST in the window with rfc5961 off -> back to LISTEN") {
  Harness h = socket_syn_received(rfc5961_off());
  h.deliver({.flags = kRst, .seq = IRS + 10, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Listen, Rule::RcvRst793}});
  h.expect_notes({{NotifyKind::BackToListen}});
}

TEST_CASE("SYN-RECEIVED (passive) rcv new SYN in the window -> back to LISTEN, nothing sent") {
  Harness h = socket_syn_received();
  h.deliver({.flags = kSyn, .seq = IRS + 100, .ack = Seq(0), .mss = 1460});
  h.expect_nothing();
  h.expect_state(State::Listen);
  h.expect_transitions({{State::SynReceived, State::Listen, Rule::SynInSynReceived}});
  h.expect_notes({{NotifyKind::BackToListen}});
}

TEST_CASE("ESTABLISHED rcv SYN outside the window -> challenge ACK (RFC 5961 §4.2)") {
  Harness h = socket_established();
  h.deliver({.flags = kSyn, .seq = IRS + 1 + 100000, .ack = Seq(0), .mss = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ChallengeAckSyn}});
  h.expect_verdict(Rule::ChallengeAckSyn);
  h.expect_state(State::Established);
}

TEST_CASE("ESTABLISHED rcv SYN outside the window with rfc5961 off -> plain ACK (RFC 793)") {
  TcpConfig cfg;
  cfg.rfc5961 = false;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kSyn, .seq = IRS + 1 + 100000, .ack = Seq(0), .mss = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
  h.expect_state(State::Established);
}

TEST_CASE("SYN-RECEIVED (simultaneous open) rcv RST at RCV.NXT -> CLOSED, ECONNRESET") {
  Harness h = socket_syn_sent();
  h.deliver(peer_syn());
  h.drain();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Closed, Rule::RcvRst}});
  // Linux tcp_reset() reports ECONNRESET outside SYN-SENT (RFC 9293 says "connection refused").
  h.expect_notes({{NotifyKind::Error, Errno::ConnReset}, {NotifyKind::Closed}});
}

// ---- TIME-WAIT ----

TEST_CASE("TIME-WAIT rcv RST at RCV.NXT -> CLOSED (rfc1337 off, Linux default)") {
  Harness h = socket_time_wait();
  h.deliver({.flags = kRst, .seq = IRS + 2, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::TimeWait, State::Closed, Rule::RcvRstTimeWait}});
  h.expect_notes({{NotifyKind::Closed}});
  h.expect_no_timers();
}

TEST_CASE("TIME-WAIT rcv RST at RCV.NXT with rfc1337 on -> ignored") {
  TcpConfig cfg;
  cfg.rfc1337 = true;
  Harness h = socket_time_wait(cfg);
  const Time deadline = *h.conn.timer(TimerKind::TimeWait);
  h.now = sec(5);
  h.deliver({.flags = kRst, .seq = IRS + 2, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_verdict(Rule::DropTimeWait);
  h.expect_state(State::TimeWait);
  h.expect_timer(TimerKind::TimeWait, deadline);  // RFC 1337: the RST does not shorten TIME-WAIT.
}

TEST_CASE("TIME-WAIT rcv RST not at RCV.NXT -> ignored") {
  Harness h = socket_time_wait();
  h.deliver({.flags = kRst, .seq = IRS + 50, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_verdict(Rule::DropTimeWait);
  h.expect_state(State::TimeWait);
}

// ---- An RST at RCV.NXT-1 after the peer's FIN: Linux tcp_reset_check() ----
// The keep-alive race: the peer closed (its FIN took RCV.NXT-1) while our next request was already on
// its way, acknowledging only up to the FIN. The peer resets it with <SEQ=SEG.ACK><CTL=RST>, so the RST
// carries the FIN's own number. Linux accepts it in these three states; RFC 9293 would drop it.

TEST_CASE("CLOSE-WAIT rcv RST at RCV.NXT-1 -> CLOSED, EPIPE (Linux tcp_reset_check())") {
  Harness h = socket_close_wait();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::CloseWait, State::Closed, Rule::RcvRstAfterFin}});
  // Linux tcp_reset(): in CLOSE-WAIT the error is EPIPE; the application's next send() gets it.
  h.expect_notes({{NotifyKind::Error, Errno::BrokenPipe}, {NotifyKind::Closed}});
  h.expect_error(Errno::BrokenPipe);
  h.expect_no_timers();
}

TEST_CASE("CLOSE-WAIT rcv RST,ACK at RCV.NXT-1 with rfc5961 off -> CLOSED, EPIPE (Linux tcp_reset_check())") {
  TcpConfig cfg;
  cfg.rfc5961 = false;
  Harness h = socket_close_wait(cfg);
  h.deliver({.flags = kRst | kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::CloseWait, State::Closed, Rule::RcvRstAfterFin}});
  h.expect_error(Errno::BrokenPipe);
}

TEST_CASE("CLOSING rcv RST at RCV.NXT-1 -> CLOSED (Linux tcp_reset_check())") {
  Harness h = socket_closing();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::Closing, State::Closed, Rule::RcvRstAfterFin}});
  h.expect_no_timers();
}

TEST_CASE("LAST-ACK rcv RST at RCV.NXT-1 -> CLOSED (Linux tcp_reset_check())") {
  Harness h = socket_last_ack();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_transitions({{State::LastAck, State::Closed, Rule::RcvRstAfterFin}});
  h.expect_no_timers();
}

TEST_CASE("LAST-ACK rcv RST at RCV.NXT-2 -> dropped, out of the window") {
  Harness h = socket_last_ack();
  h.deliver({.flags = kRst, .seq = IRS, .ack = Seq(0), .wnd = 0});
  // Only RCV.NXT-1 is special (tcp_reset_check()); anything further back is an old RST.
  h.expect_nothing();
  h.expect_verdict(Rule::DropRstOutOfWindow);
  h.expect_state(State::LastAck);
}

TEST_CASE("ESTABLISHED rcv RST at RCV.NXT-1 -> dropped (no FIN took that number)") {
  Harness h = socket_established();
  h.deliver({.flags = kRst, .seq = IRS, .ack = Seq(0), .wnd = 0});
  h.expect_nothing();
  h.expect_verdict(Rule::DropRstOutOfWindow);
  h.expect_state(State::Established);
}
