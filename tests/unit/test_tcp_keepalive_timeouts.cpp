// Keep-alives (RFC 1122 §4.2.3.6, Linux tcp_keepalive_timer()) and giving up: retransmissions
// (RFC 1122 §4.2.3.5, Linux tcp_retries2), SYN retries (tcp_syn_retries), SYN,ACK retries
// (tcp_synack_retries) and unanswered zero-window probes (Linux tcp_probe_timer()).
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

namespace {
/// The keep-alive probe: <SEQ=SND.NXT-1><ACK=RCV.NXT>, no data.
Out keepalive_probe() {
  return {.flags = kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::KeepaliveProbe};
}
}  // namespace

// ---- Keep-alive ----

TEST_CASE("ESTABLISHED set SO_KEEPALIVE -> timer armed one keepalive-idle (7200 s) later") {
  // Linux inet_csk_reset_keepalive_timer(sk, keepalive_time_when(tp)) in setsockopt(SO_KEEPALIVE).
  Harness h = socket_established();
  h.now = sec(1);
  h.set_options(keepalive_on());
  h.expect_nothing();
  h.expect_timer(TimerKind::Keepalive, sec(1) + sec(7200));
}

TEST_CASE("ESTABLISHED keepalive timeout -> probe <SEQ=SND.NXT-1>, no data") {
  Harness h = socket_established();
  h.set_options(keepalive_on());
  h.fire(TimerKind::Keepalive);
  h.expect_segments({keepalive_probe()});
  h.expect_timer(TimerKind::Keepalive, h.now + sec(75));  // keepalive-intvl.
  h.expect_state(State::Established);
}

TEST_CASE("ESTABLISHED keepalive probes unanswered (Linux defaults) -> RST,ACK after 9 probes, ETIMEDOUT") {
  Harness h = socket_established();
  h.set_options(keepalive_on());
  for (int i = 0; i < 9; ++i) {
    h.fire(TimerKind::Keepalive);
    CHECK(h.now == kRtt + sec(7200) + i * sec(75));
    h.expect_segments({keepalive_probe()});
  }
  h.fire(TimerKind::Keepalive);
  CHECK(h.now == kRtt + sec(7200) + 9 * sec(75));
  // Linux tcp_keepalive_timer(): tcp_send_active_reset() then tcp_write_err().
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::RstKeepaliveTimeout}});
  h.expect_transitions({{State::Established, State::Closed, Rule::RstKeepaliveTimeout}});
  h.expect_notes({{NotifyKind::Error, Errno::TimedOut}, {NotifyKind::Closed}});
  h.expect_no_timers();
}

TEST_CASE("ESTABLISHED keepalive with TCP_KEEPIDLE/INTVL/CNT -> 3 probes then RST,ACK") {
  Harness h = socket_established();
  h.set_options(keepalive_on(sec(10), sec(2), 3));
  h.expect_timer(TimerKind::Keepalive, kRtt + sec(10));
  for (int i = 0; i < 3; ++i) {
    h.fire(TimerKind::Keepalive);
    CHECK(h.now == kRtt + sec(10) + i * sec(2));
    h.expect_segments({keepalive_probe()});
  }
  h.fire(TimerKind::Keepalive);
  CHECK(h.now == kRtt + sec(16));
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::RstKeepaliveTimeout}});
  h.expect_error(Errno::TimedOut);
  h.expect_state(State::Closed);
}

TEST_CASE("ESTABLISHED keepalive probe answered -> count reset, next probe after a full idle time") {
  Harness h = socket_established();
  h.set_options(keepalive_on(sec(10), sec(2), 3));
  h.fire(TimerKind::Keepalive);
  h.fire(TimerKind::Keepalive);
  h.expect_segments({keepalive_probe()});  // Two probes out.
  h.now = ms(12500);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});  // The peer is alive.
  h.expect_nothing();
  h.fire(TimerKind::Keepalive);  // Due at 14.01 s: idle only 1.51 s.
  h.expect_nothing();
  h.expect_timer(TimerKind::Keepalive, ms(12500) + sec(10));
  for (int i = 0; i < 3; ++i) {  // Three fresh probes before giving up.
    h.fire(TimerKind::Keepalive);
    h.expect_segments({keepalive_probe()});
  }
  h.fire(TimerKind::Keepalive);
  CHECK(h.now == ms(12500) + sec(10) + 3 * sec(2));
  h.expect_segments({{.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::RstKeepaliveTimeout}});
}

TEST_CASE("ESTABLISHED keepalive timeout after recent data -> no probe, re-armed from the last receive") {
  Harness h = socket_established();
  h.set_options(keepalive_on(sec(10), sec(2), 3));
  h.now = sec(5);
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 10});
  h.fire(TimerKind::Keepalive);
  h.expect_nothing();
  h.expect_timer(TimerKind::Keepalive, sec(15));
}

TEST_CASE("ESTABLISHED keepalive timeout with data in flight -> no probe, the RTO watches instead") {
  Harness h = socket_established();
  h.set_options(keepalive_on(sec(10), sec(2), 3));
  h.send(100);
  h.fire(TimerKind::Keepalive);
  h.expect_nothing();
  h.expect_timer(TimerKind::Keepalive, h.now + sec(10));
}

TEST_CASE("ESTABLISHED clear SO_KEEPALIVE -> timer cancelled") {
  Harness h = socket_established();
  h.set_options(keepalive_on());
  h.set_options(SocketOptions{});
  h.expect_no_timer(TimerKind::Keepalive);
}

TEST_CASE("SYN-SENT set SO_KEEPALIVE -> armed when ESTABLISHED") {
  Harness h = socket_syn_sent();
  h.set_options(keepalive_on(sec(10)));
  h.expect_no_timer(TimerKind::Keepalive);
  h.now = kRtt;
  h.deliver(peer_syn_ack());
  h.expect_timer(TimerKind::Keepalive, kRtt + sec(10));
}

// ---- Giving up on retransmissions ----

TEST_CASE("ESTABLISHED retransmissions exhausted (retries2 = 3) -> CLOSED, ETIMEDOUT, no RST") {
  TcpConfig cfg;
  cfg.retries2 = 3;
  Harness h = socket_established(cfg);
  h.send(100);
  const Out resend = {.flags = kPsh | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 100,
                      .rule = Rule::Retransmit, .off = 0};
  for (Time at : {kRtt + kRto, kRtt + 3 * kRto, kRtt + 7 * kRto}) {
    h.fire(TimerKind::Retransmit);
    CHECK(h.now == at);
    h.expect_segments({resend});
  }
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == kRtt + 15 * kRto);
  // RFC 1122 §4.2.3.5 / Linux tcp_write_err(): no RST, the application gets ETIMEDOUT.
  h.expect_nothing();
  h.expect_transitions({{State::Established, State::Closed, Rule::GiveUpRetransmit}});
  h.expect_notes({{NotifyKind::Error, Errno::TimedOut}, {NotifyKind::Closed}});
  h.expect_discards({{DiscardKind::UnackedSend, 100}});
  h.expect_no_timers();
}

TEST_CASE("ESTABLISHED 15 retransmissions unanswered (Linux defaults) -> ETIMEDOUT 934.83 s after sending") {
  Harness h = socket_established();
  h.send(100);
  for (int i = 0; i < 15; ++i) {
    h.fire(TimerKind::Retransmit);
    REQUIRE(h.out.all<SegmentOut>().size() == 1);
  }
  h.fire(TimerKind::Retransmit);
  // 0.21 + 0.42 + ... + 107.52 s, then six waits at rto-max 120 s: 934.83 s (Linux's well-known 924.6 s
  // is for an RTO of exactly 200 ms; with a 10 ms RTT Linux's first RTO is 210 ms, tcp_set_rto()).
  CHECK(h.now - kRtt == ms(934830));
  h.expect_nothing();
  h.expect_error(Errno::TimedOut);
  h.expect_state(State::Closed);
}

TEST_CASE("FIN-WAIT-1 (orphan) FIN retransmissions exhausted after orphan-retries -> CLOSED, ETIMEDOUT, no RST") {
  // Linux tcp_write_timeout(): an orphan gets tcp_orphan_retries, not tcp_retries2.
  TcpConfig cfg;
  cfg.orphan_retries = 2;
  cfg.retries2 = 15;
  Harness h = socket_fin_wait_1(cfg);
  h.fire(TimerKind::Retransmit);
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Retransmit}});
  h.fire(TimerKind::Retransmit);
  h.expect_nothing();
  h.expect_transitions({{State::FinWait1, State::Closed, Rule::GiveUpRetransmit}});
}

TEST_CASE("FIN-WAIT-1 (half-closed) FIN retransmissions exhausted after retries2 -> CLOSED, ETIMEDOUT") {
  // Not an orphan (shutdown(SHUT_WR) only): tcp_retries2 applies.
  TcpConfig cfg;
  cfg.orphan_retries = 1;
  cfg.retries2 = 2;
  Harness h = socket_fin_wait_1_half_closed(cfg);
  h.fire(TimerKind::Retransmit);
  h.fire(TimerKind::Retransmit);
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Retransmit}});
  h.fire(TimerKind::Retransmit);
  h.expect_nothing();
  h.expect_transitions({{State::FinWait1, State::Closed, Rule::GiveUpRetransmit}});
  h.expect_error(Errno::TimedOut);
}

TEST_CASE("SYN-SENT SYN retries exhausted -> CLOSED, ETIMEDOUT 131 s after the first SYN, no RST") {
  Harness h = socket_syn_sent();
  // Linux >= 6.5 tcp_retransmit_timer(): the first tcp_syn_linear_timeouts = 4 retries keep the 1 s
  // RTO, then it doubles; tcp_write_timeout() allows tcp_syn_retries + tcp_syn_linear_timeouts = 10
  // retransmissions. SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35 and 67 s; ETIMEDOUT at 131 s.
  for (Time at : {sec(1), sec(2), sec(3), sec(4), sec(5), sec(7), sec(11), sec(19), sec(35), sec(67)}) {
    h.fire(TimerKind::Retransmit);
    CHECK(h.now == at);
    h.expect_segments({{.flags = kSyn, .seq = ISS, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  }
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == sec(131));
  h.expect_nothing();
  h.expect_transitions({{State::SynSent, State::Closed, Rule::GiveUpSyn}});
  h.expect_notes({{NotifyKind::Error, Errno::TimedOut}, {NotifyKind::Closed}});
  h.expect_no_timers();
}

TEST_CASE("SYN-SENT SYN retries exhausted with syn-linear-timeouts 0 -> ETIMEDOUT at 127 s (Linux < 6.5)") {
  TcpConfig cfg;
  cfg.syn_linear_timeouts = 0;
  Harness h = socket_syn_sent(cfg);
  // Exponential from the first retry (RFC 6298 §5.5): SYNs at 0, 1, 3, 7, 15, 31 and 63 s.
  for (Time at : {sec(1), sec(3), sec(7), sec(15), sec(31), sec(63)}) {
    h.fire(TimerKind::Retransmit);
    CHECK(h.now == at);
    h.expect_segments({{.flags = kSyn, .seq = ISS, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  }
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == sec(127));
  h.expect_transitions({{State::SynSent, State::Closed, Rule::GiveUpSyn}});
  h.expect_error(Errno::TimedOut);
}

TEST_CASE("SYN-SENT SYN retries with syn-retries 2, syn-linear-timeouts 1 -> SYNs at 0, 1, 2, 4 s; ETIMEDOUT at 8 s") {
  TcpConfig cfg;
  cfg.syn_retries = 2;
  cfg.syn_linear_timeouts = 1;
  Harness h = socket_syn_sent(cfg);
  for (Time at : {sec(1), sec(2), sec(4)}) {
    h.fire(TimerKind::Retransmit);
    CHECK(h.now == at);
    h.expect_segments({{.flags = kSyn, .seq = ISS, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  }
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == sec(8));
  h.expect_transitions({{State::SynSent, State::Closed, Rule::GiveUpSyn}});
}

TEST_CASE("SYN-RECEIVED (passive) SYN,ACK retries exhausted -> CLOSED silently") {
  Harness h = socket_syn_received();
  // Linux tcp_synack_retries = 5: SYN,ACKs at 0, 1, 3, 7, 15 and 31 s; dropped at 63 s.
  for (Time at : {sec(1), sec(3), sec(7), sec(15), sec(31)}) {
    h.fire(TimerKind::Retransmit);
    CHECK(h.now == at);
    h.expect_segments(
        {{.flags = kSyn | kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Retransmit, .mss = 1460}});
  }
  h.fire(TimerKind::Retransmit);
  CHECK(h.now == sec(63));
  h.expect_nothing();
  h.expect_transitions({{State::SynReceived, State::Closed, Rule::GiveUpSynAck}});
  h.expect_notes({{NotifyKind::Closed}});  // Nobody accepted it: no error to report.
  h.expect_error(Errno::None);
}

TEST_CASE("ESTABLISHED zero-window probes unanswered (retries2 = 3) -> CLOSED, ETIMEDOUT") {
  TcpConfig cfg;
  cfg.retries2 = 3;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  h.send(100);
  for (int i = 0; i < 3; ++i) {
    h.fire(TimerKind::Persist);
    h.expect_segments({{.flags = kAck, .seq = ISS, .ack = IRS + 1, .wnd = 65535, .rule = Rule::ZeroWindowProbe}});
  }
  h.fire(TimerKind::Persist);
  h.expect_nothing();
  h.expect_transitions({{State::Established, State::Closed, Rule::GiveUpRetransmit}});
  h.expect_notes({{NotifyKind::Error, Errno::TimedOut}, {NotifyKind::Closed}});
  h.expect_discards({{DiscardKind::UnsentSend, 100}});
}
