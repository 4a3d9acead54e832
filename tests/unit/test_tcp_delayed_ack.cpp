// Linux's delayed ACK (`set HOST delayed-ack on`): quick-ack at the start of a connection
// (tcp_incr_quickack()), pingpong mode for request/response and after a FIN (tcp_event_data_sent(),
// tcp_fin()), an ACK for every second full segment (__tcp_ack_snd_check()), the delayed-ACK timer
// (tcp_send_delayed_ack(), tcp_delack_timer_handler()) and an ACK riding on data.
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

namespace {
TcpConfig delayed() {
  TcpConfig cfg;
  cfg.delayed_ack = true;
  return cfg;
}

/// ESTABLISHED with delayed ACKs, after a 100-octet request (ACKed at once: quick-ack) and a 50-octet
/// reply sent 5 ms later, within ato: the connection is in pingpong mode.
Harness socket_established_pingpong() {
  Harness h = socket_established(delayed());
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.drain();
  h.advance(ms(5));
  h.send(50);
  h.drain();
  h.deliver({.flags = kAck, .seq = IRS + 101, .ack = ISS + 51});
  h.drain();
  return h;
}
}  // namespace

TEST_CASE("ESTABLISHED delayed-ack rcv first data -> ACK at once, quick-ack") {
  // Linux tcp_event_data_recv(), tcp_incr_quickack(): the first data starts quick-ack mode.
  Harness h = socket_established(delayed());
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 101, .wnd = 65435, .rule = Rule::Ack}});
  h.expect_no_timer(TimerKind::DelayedAck);
}

TEST_CASE("ESTABLISHED rcv data, delayed-ack off -> ACK at once, no timer") {
  Harness plain = socket_established();
  plain.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  plain.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 101, .wnd = 65435, .rule = Rule::Ack}});
  plain.expect_no_timer(TimerKind::DelayedAck);
}

TEST_CASE("ESTABLISHED delayed-ack pingpong rcv request -> timer, ACK rides on reply") {
  Harness h = socket_established_pingpong();
  h.advance(ms(100));
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 101, .ack = ISS + 51, .len = 100});
  h.expect_nothing();
  // ato is 40 ms (TCP_ATO_MIN): the timer is armed 40 ms ahead.
  h.expect_timer(TimerKind::DelayedAck, h.now + ms(40));
  h.advance(ms(10));
  h.send(20);
  h.expect_segments({{.flags = kPsh | kAck, .seq = ISS + 51, .ack = IRS + 201, .wnd = 65335, .len = 20,
                      .rule = Rule::Data, .off = 50}});
  h.expect_no_timer(TimerKind::DelayedAck);
}

TEST_CASE("ESTABLISHED delayed-ack pingpong timeout -> ACK alone, pingpong left") {
  Harness h = socket_established_pingpong();
  h.advance(ms(100));
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 101, .ack = ISS + 51, .len = 100});
  h.expect_nothing();
  h.fire(TimerKind::DelayedAck);
  h.expect_segments({{.flags = kAck, .seq = ISS + 51, .ack = IRS + 201, .wnd = 65335, .rule = Rule::DelayedAck}});
  // Pingpong mode is left: the next data is acknowledged at once again (quick-ack remains).
  h.advance(ms(100));
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 201, .ack = ISS + 51, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 51, .ack = IRS + 301, .wnd = 65235, .rule = Rule::Ack}});
}

TEST_CASE("ESTABLISHED delayed-ack pingpong rcv two full segments -> ACK at once") {
  Harness h = socket_established_pingpong();
  h.advance(ms(100));
  h.deliver({.flags = kAck, .seq = IRS + 101, .ack = ISS + 51, .len = 1460});
  h.expect_nothing();
  h.expect_timer(TimerKind::DelayedAck, h.now + ms(40));
  h.deliver({.flags = kAck, .seq = IRS + 1561, .ack = ISS + 51, .len = 1460});
  h.expect_segments({{.flags = kAck, .seq = ISS + 51, .ack = IRS + 3021, .wnd = 62515, .rule = Rule::Ack}});
  h.expect_no_timer(TimerKind::DelayedAck);
}

TEST_CASE("ESTABLISHED delayed-ack rcv FIN -> CLOSE-WAIT, ACK rides on our FIN") {
  // Linux tcp_fin(): inet_csk_enter_pingpong_mode(); the ACK rides on the FIN close() sends.
  Harness h = socket_established(delayed());
  h.deliver({.flags = kPsh | kAck, .seq = IRS + 1, .ack = ISS + 1, .len = 100});
  h.read(100);
  h.drain();
  h.advance(ms(100));
  h.deliver({.flags = kFin | kAck, .seq = IRS + 101, .ack = ISS + 1});
  h.expect_nothing();
  h.expect_state(State::CloseWait);
  h.expect_timer(TimerKind::DelayedAck, h.now + ms(40));
  h.advance(ms(10));
  h.close();
  h.expect_segments({{.flags = kFin | kAck, .seq = ISS + 1, .ack = IRS + 102, .wnd = 65435, .rule = Rule::Fin}});
  h.expect_no_timer(TimerKind::DelayedAck);
}

TEST_CASE("ESTABLISHED delayed-ack rcv out-of-order data -> duplicate ACK at once") {
  Harness h = socket_established_pingpong();
  h.deliver({.flags = kAck, .seq = IRS + 1101, .ack = ISS + 51, .len = 100});
  h.expect_segments({{.flags = kAck, .seq = ISS + 51, .ack = IRS + 101, .wnd = 65435, .rule = Rule::AckOutOfOrder}});
}
