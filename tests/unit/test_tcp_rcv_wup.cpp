// The acceptability test's left edge as Linux draws it (tcp_sequence(): end_seq must not be before
// RCV.WUP, RCV.NXT as of the last window advertised), on top of RFC 9293 §3.10.7.4's table; and
// what tcp_data_queue() does with the old text such a segment carries: an ACK at once, never
// rate-limited (tests/pkt/close-wait-syn-fin-retransmit.pkt is the same on the wire).
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

TEST_CASE("CLOSE-WAIT rcv retransmitted FIN right after a challenge ACK -> ACK at once, not rate-limited") {
  Harness h = socket_close_wait();
  h.now += ms(100);
  h.deliver({.flags = kSyn, .seq = IRS, .ack = Seq(0)});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::ChallengeAckSyn}});
  h.now += ms(100);  // Within tcp_invalid_ratelimit (500 ms) of the challenge ACK.
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::AckDuplicateData}});
  h.expect_verdict(Rule::AckDuplicateData);
  h.expect_state(State::CloseWait);
}

TEST_CASE("CLOSE-WAIT rcv retransmitted FIN acknowledging our data -> its ACK field is processed") {
  Harness h = socket_close_wait();
  h.send(100);
  h.drain();
  h.now += ms(10);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 101});
  h.expect_segments({{.flags = kAck, .seq = ISS + 101, .ack = IRS + 2, .wnd = 65535, .rule = Rule::AckDuplicateData}});
  CHECK(h.conn.tcb().snd_una == ISS + 101);
  h.expect_no_timer(TimerKind::Retransmit);
}

TEST_CASE("CLOSE-WAIT rcv old bare ACK below RCV.WUP -> out-of-window ACK, rate-limited") {
  Harness h = socket_close_wait();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});  // Ends at IRS+1, before RCV.WUP = IRS+2.
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::AckUnacceptable}});
  h.now += ms(100);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_nothing();
  h.expect_verdict(Rule::AckRateLimited);
}

TEST_CASE("LAST-ACK rcv retransmitted FIN -> ACK at once, still LAST-ACK") {
  Harness h = socket_last_ack();
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::AckDuplicateData}});
  h.expect_state(State::LastAck);
}

TEST_CASE("CLOSING rcv retransmitted FIN without the ACK of ours -> ACK at once, still CLOSING") {
  Harness h = socket_closing();
  h.now += ms(50);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::AckDuplicateData}});
  h.expect_state(State::Closing);
}

TEST_CASE("ESTABLISHED rcv retransmission of the last segment acknowledging our data -> ACK, SND.UNA advances") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.send(50);
  h.drain();
  h.now += ms(10);
  // Ends at RCV.NXT = RCV.WUP: acceptable (Linux tcp_sequence()), so its ACK counts.
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 51, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 51, .ack = IRS + 101, .wnd = 65435, .rule = Rule::AckDuplicateData}});
  h.expect_verdict(Rule::AckDuplicateData);
  CHECK(h.conn.tcb().snd_una == ISS + 51);
  CHECK(h.conn.unread() == 100);
}

TEST_CASE("ESTABLISHED rcv old data ending below RCV.WUP -> out-of-window ACK, its ACK field ignored") {
  Harness h = socket_established();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 101, .ack = ISS + 1, .len = 100});
  h.send(50);
  h.drain();
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 51, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 51, .ack = IRS + 201, .wnd = 65335, .rule = Rule::AckDuplicateData}});
  h.expect_verdict(Rule::AckDuplicateData);
  CHECK(h.conn.tcb().snd_una == ISS + 1);
}

TEST_CASE("ESTABLISHED (rfc5961 off) rcv duplicate SYN ending at RCV.WUP -> ACK, no reset") {
  // A SYN keeps the RFC's test: RFC 793's "SYN in the window" reset must not catch the peer's old SYN.
  TcpConfig cfg;
  cfg.rfc5961 = false;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kSyn | kAck, .seq = IRS, .ack = ISS + 1});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::AckUnacceptable}});
  h.expect_state(State::Established);
}
