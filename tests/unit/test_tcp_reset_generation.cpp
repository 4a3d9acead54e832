// When this TCP sends an RST, and exactly which one: the reset reply to a segment (RFC 9293
// §3.10.7.1), bad ACKs during the handshake (§3.10.7.3, §3.10.7.4), ACKs (not RSTs) for
// out-of-window segments in synchronized states, close() with unread data and SO_LINGER {on,0}
// (RFC 1122 §4.2.2.13, Linux tcp_close()), ABORT (§3.10.5), and data after close().
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

namespace {
/// The reset reply to `in` matches `expected` (or there is none).
void expect_reset_reply(const In& in, std::optional<Out> expected) {
  const std::optional<Segment> r = reset_reply(make_segment(in));
  if (!expected) {
    CHECK_FALSE(r.has_value());
    return;
  }
  REQUIRE(r.has_value());
  CHECK(describe_segment(*r, Rule::None, false) == describe_expected(*expected));
}
}  // namespace

// ---- reset_reply(): a pure function of the offending segment ----

TEST_CASE("reset_reply to a segment without ACK -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>") {
  expect_reset_reply({.flags = kPsh, .seq = IRS + 1, .ack = Seq(0), .len = 100},
                     Out{.flags = kRst | kAck, .seq = Seq(0), .ack = IRS + 101, .wnd = 0});
}

TEST_CASE("reset_reply to a SYN -> the SYN counts one") {
  expect_reset_reply({.flags = kSyn, .seq = IRS, .ack = Seq(0), .mss = 1460},
                     Out{.flags = kRst | kAck, .seq = Seq(0), .ack = IRS + 1, .wnd = 0});
}

TEST_CASE("reset_reply to a FIN with data and no ACK -> the FIN counts one") {
  expect_reset_reply({.flags = kFin, .seq = IRS + 1, .ack = Seq(0), .len = 10},
                     Out{.flags = kRst | kAck, .seq = Seq(0), .ack = IRS + 12, .wnd = 0});
}

TEST_CASE("reset_reply to SYN,FIN with data and no ACK -> both count one") {
  expect_reset_reply({.flags = kSyn | kFin, .seq = IRS, .ack = Seq(0), .len = 10},
                     Out{.flags = kRst | kAck, .seq = Seq(0), .ack = IRS + 12, .wnd = 0});
}

TEST_CASE("reset_reply without ACK across the wrap -> SEG.SEQ+SEG.LEN modulo 2^32") {
  const std::optional<Segment> r = reset_reply(make_segment({.flags = 0, .seq = Seq(0xFFFFFFFA), .ack = Seq(0), .len = 10}));
  REQUIRE(r.has_value());
  CHECK(r->ack == Seq(4));
}

TEST_CASE("reset_reply to a segment with ACK -> <SEQ=SEG.ACK><CTL=RST>") {
  expect_reset_reply({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 77, .len = 100},
                     Out{.flags = kRst, .seq = ISS + 77, .wnd = 0});
}

TEST_CASE("reset_reply to a SYN,ACK -> <SEQ=SEG.ACK><CTL=RST>") {
  expect_reset_reply(peer_syn_ack(), Out{.flags = kRst, .seq = ISS + 1, .wnd = 0});
}

TEST_CASE("reset_reply to an RST -> nothing (an RST is never answered)") {
  expect_reset_reply({.flags = kRst, .seq = IRS + 1, .ack = Seq(0)}, std::nullopt);
  expect_reset_reply({.flags = kRst | kAck, .seq = IRS + 1, .ack = ISS + 1}, std::nullopt);
}

// ---- SYN-SENT: an ACK that does not acknowledge our SYN ----

TEST_CASE("SYN-SENT rcv SYN,ACK with SEG.ACK = ISS -> RST <SEQ=SEG.ACK>, stays SYN-SENT") {
  Harness h = socket_syn_sent();
  In syn_ack = peer_syn_ack();
  syn_ack.ack = ISS;
  h.deliver(syn_ack);
  // RFC 9293 §3.10.7.3: SEG.ACK =< ISS: <SEQ=SEG.ACK><CTL=RST>.
  h.expect_segments({{.flags = kRst, .seq = ISS, .wnd = 0, .rule = Rule::RstSynSentBadAck}});
  h.expect_verdict(Rule::RstSynSentBadAck);
  h.expect_state(State::SynSent);
  // Linux tcp_rcv_synsent_state_process(): the SYN was not retransmitted yet, so the retransmission
  // timer is re-armed at TCP_TIMEOUT_MIN (the tests below).
  h.expect_timer(TimerKind::Retransmit, ms(8));
  CHECK(h.conn.pending_error() == Errno::None);
}

TEST_CASE("SYN-SENT, SYN not retransmitted, rcv bad ACK at 40 ms -> RST, retransmission timer at 48 ms "
          "(TCP_TIMEOUT_MIN); it fires: the SYN again, the next 1 s later (Linux tcp_rcv_synsent_state_process())") {
  Harness h = socket_syn_sent();
  h.expect_timer(TimerKind::Retransmit, sec(1));
  h.now = ms(40);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS - 1000});
  h.expect_segments({{.flags = kRst, .seq = ISS - 1000, .wnd = 0, .rule = Rule::RstSynSentBadAck}});
  // "Previous FIN/ACK or RST/ACK might be ignored": if (!icsk->icsk_retransmits)
  // inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, TCP_TIMEOUT_MIN, TCP_RTO_MAX): 2 jiffies, HZ=250.
  h.expect_timer(TimerKind::Retransmit, ms(48));
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == ms(48));
  h.expect_segments({{.flags = kSyn, .seq = ISS, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  h.expect_state(State::SynSent);
  CHECK(h.conn.retransmissions() == 1);
  // An ordinary RTO expiry (tcp_retransmit_timer()): linear for the first SYN retransmissions.
  h.expect_timer(TimerKind::Retransmit, ms(1048));
  CHECK(h.conn.rto() == sec(1));
}

TEST_CASE("SYN-SENT after a SYN retransmission, rcv bad ACK -> RST, the retransmission timer keeps its deadline "
          "(Linux tcp_rcv_synsent_state_process(): icsk_retransmits != 0)") {
  Harness h = socket_syn_sent();
  h.fire(TimerKind::Retransmit);
  h.drain();
  h.expect_timer(TimerKind::Retransmit, sec(2));
  h.now = ms(1040);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS - 1000});
  h.expect_segments({{.flags = kRst, .seq = ISS - 1000, .wnd = 0, .rule = Rule::RstSynSentBadAck}});
  h.expect_timer(TimerKind::Retransmit, sec(2));
}

TEST_CASE("SYN-SENT, SYN not retransmitted, rcv RST with bad ACK -> dropped, retransmission timer at TCP_TIMEOUT_MIN "
          "(Linux tcp_rcv_synsent_state_process(): the ACK is checked before the RST bit)") {
  Harness h = socket_syn_sent();
  h.now = ms(40);
  h.deliver({.flags = kRst | kAck, .seq = IRS + 1, .ack = ISS - 1000});
  h.expect_nothing();
  h.expect_verdict(Rule::DropRstSynSent);
  h.expect_state(State::SynSent);
  h.expect_timer(TimerKind::Retransmit, ms(48));
}

TEST_CASE("SYN-SENT rcv ACK below ISS -> RST <SEQ=SEG.ACK>, stays SYN-SENT") {
  Harness h = socket_syn_sent();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS - 1000});
  h.expect_segments({{.flags = kRst, .seq = ISS - 1000, .wnd = 0, .rule = Rule::RstSynSentBadAck}});
  h.expect_state(State::SynSent);
}

TEST_CASE("SYN-SENT rcv SYN,ACK with SEG.ACK > SND.NXT -> RST <SEQ=SEG.ACK>, stays SYN-SENT") {
  Harness h = socket_syn_sent();
  In syn_ack = peer_syn_ack();
  syn_ack.ack = ISS + 2;
  h.deliver(syn_ack);
  h.expect_segments({{.flags = kRst, .seq = ISS + 2, .wnd = 0, .rule = Rule::RstSynSentBadAck}});
  h.expect_state(State::SynSent);
  // Past the wrap, 0x10 is still "greater than" ISS+1 = 0xFFFFFF01.
  syn_ack.ack = Seq(0x10);
  h.deliver(syn_ack);
  h.expect_segments({{.flags = kRst, .seq = Seq(0x10), .wnd = 0, .rule = Rule::RstSynSentBadAck}});
  h.expect_state(State::SynSent);
}

// ---- SYN-RECEIVED: an unacceptable ACK ----

TEST_CASE("SYN-RECEIVED rcv ACK of ISS -> RST <SEQ=SEG.ACK>, stays SYN-RECEIVED") {
  Harness h = socket_syn_received();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS});
  // RFC 9293 §3.10.7.4: SND.UNA < SEG.ACK =< SND.NXT fails: <SEQ=SEG.ACK><CTL=RST>.
  h.expect_segments({{.flags = kRst, .seq = ISS, .wnd = 0, .rule = Rule::RstSynReceivedBadAck}});
  h.expect_state(State::SynReceived);
  h.expect_timer(TimerKind::Retransmit, sec(1));
}

TEST_CASE("SYN-RECEIVED rcv ACK beyond SND.NXT -> RST <SEQ=SEG.ACK>, stays SYN-RECEIVED") {
  Harness h = socket_syn_received();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 500});
  h.expect_segments({{.flags = kRst, .seq = ISS + 500, .wnd = 0, .rule = Rule::RstSynReceivedBadAck}});
  h.expect_state(State::SynReceived);
}

// ---- Synchronized states answer with an ACK, not an RST ----

TEST_CASE("ESTABLISHED rcv data beyond the window -> ACK <SEQ=SND.NXT><ACK=RCV.NXT>, not RST") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1 + 70000, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
  h.expect_verdict(Rule::AckUnacceptable);
  h.expect_state(State::Established);
}

TEST_CASE("ESTABLISHED rcv bare ACK below the window -> ACK, not RST") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS - 100, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
  h.expect_state(State::Established);
}

TEST_CASE("ESTABLISHED rcv ACK beyond SND.NXT -> segment dropped silently, data too, not RST (Linux tcp_ack())") {
  Harness h = socket_established();
  h.send(100);
  h.drain();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 500, .len = 10});
  // Linux tcp_rcv_established(): tcp_ack() < 0 (SKB_DROP_REASON_TCP_ACK_UNSENT_DATA) -> discard; RFC
  // 9293 §3.10.7.4 would also send an ACK.
  h.expect_nothing();
  h.expect_verdict(Rule::DropAckUnsent);
  CHECK(h.conn.tcb().snd_una == ISS + 1);
  CHECK(h.conn.unread() == 0);
}

TEST_CASE("FIN-WAIT-2 rcv ACK beyond SND.NXT -> ACK, not RST") {
  Harness h = socket_fin_wait_2_half_closed();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 3});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnsent}});
  h.expect_state(State::FinWait2);
}

// ---- close() that resets ----

TEST_CASE("ESTABLISHED close() with unread data -> RST,ACK, CLOSED, no TIME-WAIT, data discarded") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.close();
  // RFC 1122 §4.2.2.13 / Linux tcp_close(): RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT> instead of FIN.
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 101, .wnd = 65435, .rule = Rule::RstCloseUnread}});
  h.expect_transitions({{State::Established, State::Closed, Rule::RstCloseUnread}});
  h.expect_discards({{DiscardKind::UnreadReceive, 100}});
  h.expect_notes({{NotifyKind::Closed}});
  h.expect_no_timers();
  CHECK(h.conn.unread() == 0);
}

TEST_CASE("ESTABLISHED close() with unread data and unacked data -> RST,ACK at SND.NXT, both discarded") {
  Harness h = socket_established();
  h.send(50);
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.close();
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 51, .ack = IRS + 101, .wnd = 65435, .rule = Rule::RstCloseUnread}});
  h.expect_discards({{DiscardKind::UnreadReceive, 100}, {DiscardKind::UnackedSend, 50}});
}

TEST_CASE("CLOSE-WAIT close() with unread data -> RST,ACK, CLOSED") {
  Harness h = socket_established();
  h.deliver({.flags = kFin | kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  REQUIRE(h.conn.state() == State::CloseWait);
  h.close();
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 102, .wnd = 65435, .rule = Rule::RstCloseUnread}});
  h.expect_transitions({{State::CloseWait, State::Closed, Rule::RstCloseUnread}});
  h.expect_discards({{DiscardKind::UnreadReceive, 100}});
}

TEST_CASE("FIN-WAIT-2 (half-closed) close() with unread data -> RST,ACK after our FIN, CLOSED") {
  Harness h = socket_fin_wait_2_half_closed();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 2, .len = 100});
  h.close();
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 2, .ack = IRS + 101, .wnd = 65435, .rule = Rule::RstCloseUnread}});
  h.expect_transitions({{State::FinWait2, State::Closed, Rule::RstCloseUnread}});
}

TEST_CASE("ESTABLISHED close() with SO_LINGER {on, 0} -> RST,ACK, CLOSED, no TIME-WAIT") {
  Harness h = socket_established();
  h.set_options(linger_on(0));
  h.send(100);  // Sent, not yet acknowledged.
  h.close();
  // Linux tcp_close() -> tcp_disconnect(): RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>.
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 101, .ack = IRS + 1, .wnd = 65535, .rule = Rule::RstLinger0}});
  h.expect_transitions({{State::Established, State::Closed, Rule::RstLinger0}});
  h.expect_discards({{DiscardKind::UnackedSend, 100}});
  h.expect_notes({{NotifyKind::Closed}});
  h.expect_no_timers();
}

TEST_CASE("CLOSE-WAIT close() with SO_LINGER {on, 0} -> RST,ACK, CLOSED") {
  Harness h = socket_close_wait();
  h.set_options(linger_on(0));
  h.close();
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::RstLinger0}});
  h.expect_state(State::Closed);
}

TEST_CASE("ESTABLISHED close() with SO_LINGER {on, 5 s} -> FIN as usual") {
  Harness h = socket_established();
  h.set_options(linger_on(sec(5)));
  h.close();
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Fin}});
}

TEST_CASE("TIME-WAIT close() with SO_LINGER {on, 0} -> nothing sent") {
  Harness h = socket_time_wait();
  h.set_options(linger_on(0));
  h.close();
  h.expect_nothing();
}

// ---- abort() ----

TEST_CASE("SYN-RECEIVED abort() -> RST,ACK, CLOSED") {
  Harness h = socket_syn_received();
  h.abort();
  // RFC 9293 §3.10.5 (Linux sends RST,ACK): <SEQ=SND.NXT><ACK=RCV.NXT>.
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::RstAbort}});
  h.expect_transitions({{State::SynReceived, State::Closed, Rule::RstAbort}});
  h.expect_no_timers();
}

TEST_CASE("ESTABLISHED abort() -> RST,ACK, CLOSED, queues discarded") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 10});
  h.send(20);
  h.abort();
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 21, .ack = IRS + 11, .wnd = 65525, .rule = Rule::RstAbort}});
  h.expect_transitions({{State::Established, State::Closed, Rule::RstAbort}});
  h.expect_discards({{DiscardKind::UnreadReceive, 10}, {DiscardKind::UnackedSend, 20}});
  h.expect_notes({{NotifyKind::Closed}});
}

TEST_CASE("FIN-WAIT-1 abort() -> RST,ACK after the FIN") {
  Harness h = socket_fin_wait_1();
  h.abort();
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 2, .ack = IRS + 1, .wnd = 65535, .rule = Rule::RstAbort}});
  h.expect_state(State::Closed);
}

TEST_CASE("FIN-WAIT-2 abort() -> RST,ACK") {
  Harness h = socket_fin_wait_2();
  h.abort();
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 2, .ack = IRS + 1, .wnd = 65535, .rule = Rule::RstAbort}});
  h.expect_state(State::Closed);
  h.expect_no_timers();
}

TEST_CASE("CLOSE-WAIT abort() -> RST,ACK") {
  Harness h = socket_close_wait();
  h.abort();
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::RstAbort}});
  h.expect_state(State::Closed);
}

TEST_CASE("SYN-SENT abort() -> CLOSED, nothing sent") {
  Harness h = socket_syn_sent();
  h.abort();
  h.expect_nothing();
  h.expect_transitions({{State::SynSent, State::Closed, Rule::AbortNothingSent}});
  h.expect_no_timers();
}

TEST_CASE("CLOSING abort() -> CLOSED, nothing sent") {
  Harness h = socket_closing();
  h.abort();
  h.expect_nothing();
  h.expect_transitions({{State::Closing, State::Closed, Rule::AbortNothingSent}});
}

TEST_CASE("LAST-ACK abort() -> CLOSED, nothing sent") {
  Harness h = socket_last_ack();
  h.abort();
  h.expect_nothing();
  h.expect_transitions({{State::LastAck, State::Closed, Rule::AbortNothingSent}});
}

TEST_CASE("TIME-WAIT abort() -> CLOSED, nothing sent") {
  Harness h = socket_time_wait();
  h.abort();
  h.expect_nothing();
  h.expect_transitions({{State::TimeWait, State::Closed, Rule::AbortNothingSent}});
  h.expect_no_timers();
}

TEST_CASE("CLOSED abort() -> nothing") {
  Harness h;
  h.abort();
  h.expect_nothing();
  h.expect_transitions({});
}

// ---- Data for an application that has closed ----

TEST_CASE("FIN-WAIT-1 (orphan) rcv data -> RST <SEQ=SEG.ACK>, CLOSED") {
  Harness h = socket_fin_wait_1();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  // RFC 1122 §4.2.2.13 / Linux tcp_rcv_state_process(): nobody can read it; reset.
  h.expect_segments({{.flags = kRst, .seq = ISS + 1, .wnd = 0, .rule = Rule::RstDataAfterClose}});
  h.expect_verdict(Rule::RstDataAfterClose);
  h.expect_transitions({{State::FinWait1, State::Closed, Rule::RstDataAfterClose}});
  h.expect_no_timers();
}

TEST_CASE("FIN-WAIT-2 (orphan) rcv data -> RST <SEQ=SEG.ACK>, CLOSED") {
  Harness h = socket_fin_wait_2();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 2, .len = 100});
  h.expect_segments({{.flags = kRst, .seq = ISS + 2, .wnd = 0, .rule = Rule::RstDataAfterClose}});
  h.expect_transitions({{State::FinWait2, State::Closed, Rule::RstDataAfterClose}});
  h.expect_no_timers();
}

TEST_CASE("FIN-WAIT-2 (orphan) rcv FIN with data -> RST, CLOSED") {
  Harness h = socket_fin_wait_2();
  h.deliver({.flags = kFin | kPsh | kAck, .seq = IRS + 1, .ack = ISS + 2, .len = 100});
  h.expect_segments({{.flags = kRst, .seq = ISS + 2, .wnd = 0, .rule = Rule::RstDataAfterClose}});
  h.expect_state(State::Closed);
}

TEST_CASE("FIN-WAIT-2 (orphan) rcv old duplicate data -> ACK, no RST") {
  Harness h = socket_fin_wait_2();
  h.deliver({.flags = kPsh | kAck, .seq = IRS - 99, .ack = ISS + 2, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckDuplicateData}});
  h.expect_state(State::FinWait2);
}

TEST_CASE("FIN-WAIT-2 (orphan) rcv bare FIN -> TIME-WAIT, no RST") {
  Harness h = socket_fin_wait_2();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 2});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Ack}});
  h.expect_state(State::TimeWait);
}

// ---- With RFC 5961 off, a SYN in the window is an error (RFC 793 §3.9) ----

TEST_CASE("ESTABLISHED rcv SYN in the window with rfc5961 off -> RST, CLOSED, ECONNRESET") {
  TcpConfig cfg;
  cfg.rfc5961 = false;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kSyn, .seq = IRS + 100, .ack = Seq(0), .mss = 1460});
  // The reset reply to a segment without ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
  h.expect_segments({{.flags = kRst | kAck, .seq = Seq(0), .ack = IRS + 101, .wnd = 0, .rule = Rule::RstSynInWindow}});
  h.expect_transitions({{State::Established, State::Closed, Rule::RstSynInWindow}});
  h.expect_notes({{NotifyKind::Error, Errno::ConnReset}, {NotifyKind::Closed}});
}
