// Rows of the transition table that group several states (tcp/transitions.hpp), taken from the
// states the rest of the suite does not reach: the rule is one code path, these show it is the same
// path from each state, with the exact segments.
#include <catch2/catch.hpp>

#include "scenario_helpers.hpp"
#include "tcp_harness.hpp"

namespace tcpsim {

using namespace tcpsim::test;
using namespace tcpsim::testing;

TEST_CASE("SYN-RECEIVED (simultaneous open) syn-retries exhausted -> CLOSED, ETIMEDOUT, no RST") {
  // Linux tcp_write_timeout(): a full socket in TCP_SYN_RECV retries tcp_syn_retries times (with no
  // linear timeouts); tcp_synack_retries is the listener's request socks' limit.
  TcpConfig cfg;
  cfg.syn_retries = 2;
  cfg.synack_retries = 5;
  Harness h = socket_syn_sent(cfg);
  h.now = ms(5);
  h.deliver(peer_syn());
  h.expect_state(State::SynReceived);
  // SYN,ACKs again at 1 s and 3 s (RTO 1 s, doubled); the third timeout gives up.
  for (Time at : {sec(1), sec(3)}) {
    h.fire(TimerKind::Retransmit);
    CHECK(h.now == at);
    h.expect_segments(
        {{.flags = kSyn | kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  }
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == sec(7));
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Closed, Rule::GiveUpSyn}});
  h.expect_notes({{NotifyKind::Error, Errno::TimedOut}, {NotifyKind::Closed}});
  h.expect_no_timers();
}

TEST_CASE("SYN-RECEIVED (simultaneous open) counts the SYN's retransmissions toward syn-retries") {
  // Linux tcp_rcv_synsent_state_process(), crossed SYNs: the socket enters TCP_SYN_RECV with
  // icsk_retransmits as the SYN left it, so tcp_write_timeout() gives up after tcp_syn_retries
  // retransmissions in all; the backoff, linear in SYN-SENT (tcp_syn_linear_timeouts), doubles now.
  TcpConfig cfg;
  cfg.syn_retries = 3;
  cfg.synack_retries = 5;
  Harness h = socket_syn_sent(cfg);
  for (Time at : {sec(1), sec(2)}) {
    h.fire(TimerKind::Retransmit);
    CHECK(h.now == at);
    h.expect_segments({{.flags = kSyn, .seq = ISS, .ack = Seq(0), .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  }
  h.now = sec(2) + ms(500);
  h.deliver(peer_syn());
  h.expect_state(State::SynReceived);
  h.expect_segments(
      {{.flags = kSyn | kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::SynAckSimultaneous, .mss = 1460}});
  h.fire(TimerKind::Retransmit);  // the third retransmission, one RTO (1 s) after the second
  CHECK(h.now == sec(3));
  h.expect_segments(
      {{.flags = kSyn | kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  h.fire(TimerKind::Retransmit);  // 2 s later: three retransmissions done, give up
  CHECK(h.now == sec(5));
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Closed, Rule::GiveUpSyn}});
  h.expect_notes({{NotifyKind::Error, Errno::TimedOut}, {NotifyKind::Closed}});
  h.expect_no_timers();
}

TEST_CASE("LAST-ACK (orphan) FIN retransmissions exhausted after orphan-retries -> CLOSED, ETIMEDOUT, no RST") {
  TcpConfig cfg;
  cfg.orphan_retries = 1;
  Harness h = socket_last_ack(cfg);
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Retransmit}});
  h.fire(TimerKind::Retransmit);
  h.expect_nothing();
  h.expect_transitions({{State::LastAck, State::Closed, Rule::GiveUpRetransmit}});
  h.expect_error(Errno::TimedOut);
  h.expect_no_timers();
}

TEST_CASE("CLOSE-WAIT keepalive probes unanswered -> RST,ACK, CLOSED, ETIMEDOUT") {
  Harness h = socket_close_wait();  // the peer's FIN arrived at 10 ms
  h.set_options(keepalive_on(sec(10), sec(1), 2));
  h.expect_timer(TimerKind::Keepalive, ms(10) + sec(10));
  // RFC 1122 §4.2.3.6: probes <SEQ=SND.NXT-1><ACK=RCV.NXT> (RCV.NXT is past the peer's FIN).
  for (int probe = 0; probe < 2; ++probe) {
    h.fire(TimerKind::Keepalive);
    h.expect_segments({{.flags = kAck, .seq = ISS, .ack = IRS + 2, .wnd = 65535, .rule = Rule::KeepaliveProbe}});
  }
  h.fire(TimerKind::Keepalive);
  CHECK(h.now == ms(10) + sec(12));
  h.expect_segments(
      {{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 2, .wnd = 65535, .rule = Rule::RstKeepaliveTimeout}});
  h.expect_transitions({{State::CloseWait, State::Closed, Rule::RstKeepaliveTimeout}});
  h.expect_error(Errno::TimedOut);
}

TEST_CASE("CLOSE-WAIT in the accept queue, listener closed -> RST,ACK, CLOSED") {
  // The client closes before the server accepts: the queued connection is in CLOSE-WAIT when Linux
  // inet_csk_listen_stop() resets it.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80 as l
at 0ms client connect server:80
at 100ms client close
at 200ms l close
)");
  const std::vector<std::string> server = transitions_of(t, "server");
  REQUIRE(server.size() >= 2);
  CHECK(server[server.size() - 2] == "CLOSE-WAIT -> CLOSED (rst-listener-closed)");
  CHECK(server.back() == "LISTEN -> CLOSED (close-silent)");
  CHECK(sent_by(t, "server").back() == "RST+ACK seq=1 ack=2 win=65535 [rst-listener-closed]");
  CHECK(t.errors.empty());
}

}  // namespace tcpsim
