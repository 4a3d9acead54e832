// User calls and the socket-level flags Linux keeps in struct sock: SEND and the send buffer,
// RECEIVE, CLOSE in the early states (RFC 9293 §3.10.2-§3.10.4), shutdown(), the pending error
// (sk_err, read once), SOCK_DONE and RCV_SHUTDOWN.
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

// ---- The pending error ----

TEST_CASE("ESTABLISHED rcv RST -> take_error() returns ECONNRESET once, then nothing") {
  Harness h = socket_established();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  CHECK(h.conn.pending_error() == Errno::ConnReset);
  CHECK(h.conn.pending_error() == Errno::ConnReset);  // Looking does not clear it.
  CHECK(h.conn.take_error() == Errno::ConnReset);
  CHECK(h.conn.take_error() == Errno::None);
  CHECK(h.conn.pending_error() == Errno::None);
}

TEST_CASE("ESTABLISHED -> no pending error") {
  Harness h = socket_established();
  CHECK(h.conn.pending_error() == Errno::None);
  CHECK(h.conn.take_error() == Errno::None);
}

// ---- Receiving: EOF and RCV_SHUTDOWN ----

TEST_CASE("ESTABLISHED rcv FIN after data -> fin_received(), rcv_shutdown(), the data still readable") {
  Harness h = socket_established();
  CHECK_FALSE(h.conn.fin_received());
  CHECK_FALSE(h.conn.rcv_shutdown());
  h.deliver({.flags = kFin | kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  CHECK(h.conn.fin_received());
  CHECK(h.conn.rcv_shutdown());
  CHECK_FALSE(h.conn.snd_shutdown());
  h.expect_read(1000, {{100, 0}});
  h.expect_nothing();  // No window update after the peer's FIN.
  h.expect_read(1000, {});
}

TEST_CASE("CLOSED (reset) read() -> the data that arrived before the RST") {
  Harness h = socket_established();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 40});
  h.deliver({.flags = kAck, .seq = IRS + 41, .ack = ISS + 1, .len = 60});
  h.deliver({.flags = kRst, .seq = IRS + 101, .ack = Seq(0), .wnd = 0});
  REQUIRE(h.conn.state() == State::Closed);
  CHECK_FALSE(h.conn.fin_received());
  CHECK(h.conn.rcv_shutdown());
  h.expect_read(30, {{30, 0}});
  h.expect_read(1000, {{10, 30}, {60, 40}});
}

TEST_CASE("ESTABLISHED shutdown(SHUT_RD) -> rcv_shutdown(), nothing sent") {
  Harness h = socket_established();
  h.conn.shutdown_read();
  CHECK(h.conn.rcv_shutdown());
  CHECK_FALSE(h.conn.fin_received());
  h.expect_state(State::Established);
  h.expect_nothing();
}

// ---- Sending ----

TEST_CASE("ESTABLISHED send() beyond sndbuf -> takes only the free space") {
  TcpConfig cfg;
  cfg.sndbuf = 4000;
  Harness h = socket_established(cfg);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 0});
  CHECK(h.send(10000) == 4000);
  CHECK(h.conn.send_space() == 0);
  CHECK(h.send(1) == 0);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1, .wnd = 1000});
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1001, .wnd = 1000});
  h.expect_notes({});  // Nobody waits for room (SOCK_NOSPACE is not set).
  CHECK(h.conn.send_space() == 1000);
  CHECK(h.send(5000) == 1000);
}

TEST_CASE("ESTABLISHED send buffer full, SOCK_NOSPACE -> Writable once a third of it is free, once") {
  // Linux tcp_check_space() -> sk_stream_write_space(): the writer is woken when sk_sndbuf -
  // sk_wmem_queued >= sk_wmem_queued / 2, not on every ACK, and SOCK_NOSPACE is cleared.
  TcpConfig cfg;
  cfg.sndbuf = 3000;
  Harness h = socket_established(cfg);
  CHECK(h.send(5000) == 3000);
  h.conn.set_nospace();  // The socket layer's send() sleeps for room.
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 901});
  h.expect_notes({});  // 900 free, 2100 queued: 900 < 1050.
  CHECK(h.conn.nospace());
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1001});
  h.expect_notes({{NotifyKind::Writable}});  // 1000 free, 2000 queued: 1000 >= 1000.
  CHECK_FALSE(h.conn.nospace());
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 2001});
  h.expect_notes({});  // Woken already: SOCK_NOSPACE is clear.
}

TEST_CASE("FIN-WAIT-1 send() -> 0 octets taken") {
  Harness h = socket_fin_wait_1_half_closed();
  CHECK(h.send(100) == 0);
  h.expect_nothing();
}

TEST_CASE("CLOSED send() -> 0 octets taken") {
  Harness h;
  CHECK(h.send(100) == 0);
  h.expect_nothing();
}

TEST_CASE("CLOSED (reset) send() -> 0 octets taken") {
  Harness h = socket_established();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  CHECK(h.send(100) == 0);
  h.expect_nothing();
}

// ---- CLOSE and shutdown() in the early states ----

TEST_CASE("SYN-SENT close() -> CLOSED, nothing sent") {
  Harness h = socket_syn_sent();
  h.close();
  // RFC 9293 §3.10.4: "delete the TCB".
  h.expect_nothing();
  h.expect_transitions({{State::SynSent, State::Closed, Rule::CloseNothingSent}});
  h.expect_no_timers();
}

TEST_CASE("SYN-RECEIVED close() -> FIN once the handshake completes") {
  Harness h = socket_syn_received();
  h.close();
  // RFC 9293 §3.10.4: the FIN waits until ESTABLISHED is reached.
  h.expect_nothing();
  h.expect_state(State::SynReceived);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Fin}});
  h.expect_transitions({{State::SynReceived, State::Established, Rule::AckOfSyn},
                        {State::Established, State::FinWait1, Rule::Fin}});
}

TEST_CASE("SYN-RECEIVED send() then close() -> data and FIN in one segment after the handshake") {
  Harness h = socket_syn_received();
  CHECK(h.send(100) == 100);
  h.close();
  h.expect_nothing();
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1});
  h.expect_segments({{.flags = kFin | kPsh | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .len = 100,
                      .rule = Rule::Fin, .off = 0}});
  h.expect_state(State::FinWait1);
}

TEST_CASE("SYN-SENT shutdown(SHUT_WR) -> CLOSED, nothing sent") {
  Harness h = socket_syn_sent();
  h.shutdown_write();
  // Linux tcp_shutdown() -> tcp_close_state(): SYN-SENT has nothing to finish.
  h.expect_nothing();
  h.expect_state(State::Closed);
}

TEST_CASE("ESTABLISHED close() twice -> the second call does nothing") {
  Harness h = socket_established();
  h.close();
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 1, .wnd = 65535, .rule = Rule::Fin}});
  h.close();
  h.expect_nothing();
  h.expect_transitions({});
}

TEST_CASE("ESTABLISHED shutdown(SHUT_WR) twice -> one FIN") {
  Harness h = socket_established();
  h.shutdown_write();
  h.shutdown_write();
  h.expect_nothing();
  CHECK(h.conn.tcb().snd_nxt == ISS + 2);
}

TEST_CASE("ESTABLISHED send() after shutdown(SHUT_WR) -> 0 octets taken") {
  Harness h = socket_established();
  h.shutdown_write();
  CHECK(h.send(100) == 0);
  h.expect_nothing();
}

TEST_CASE("CLOSED (reset) close() -> nothing") {
  Harness h = socket_established();
  h.deliver({.flags = kRst, .seq = IRS + 1, .ack = Seq(0), .wnd = 0});
  h.close();
  h.expect_nothing();
  h.expect_transitions({});
}

// ---- The host crashed ----

TEST_CASE("ESTABLISHED crash -> CLOSED, nothing sent, queues discarded") {
  Harness h = socket_established();
  h.send(100);
  h.drain();
  h.conn.drop(Rule::HostCrash, h.out);
  h.expect_nothing();
  h.expect_transitions({{State::Established, State::Closed, Rule::HostCrash}});
  h.expect_discards({{DiscardKind::UnackedSend, 100}});
  h.expect_no_timers();
}
