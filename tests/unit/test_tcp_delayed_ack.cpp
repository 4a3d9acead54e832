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
  // Linux's window (tcp_select_window()): 100 + 2920 octets unread are far from filling its 131072-octet
  // buffer; rcv_ssthresh grew past 65535 (tcp_grow_window()): the header's largest window.
  h.expect_segments({{.flags = kAck, .seq = ISS + 51, .ack = IRS + 3021, .wnd = 65535, .rule = Rule::Ack}});
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

TEST_CASE("ESTABLISHED delayed-ack rcv full segments, none read -> quick ACKs, then the timer as the buffer fills") {
  // Linux (scenario 24 on the kernel): tcp_incr_quickack() gives 16 quick ACKs, tcp_grow_window() one
  // more per segment while rcv_ssthresh opens ("quick |= 1"); the window offered is Linux's
  // (__tcp_select_window(): 131072 octets of buffer, 2304 of truesize per 1460-octet segment: 82944 of
  // window; a multiple of the MSS; never shrunk). Then two full segments no longer earn an ACK: the window
  // Linux would offer is smaller than the one it offered (__tcp_ack_snd_check()): the timer.
  Harness h = socket_established(delayed());
  std::vector<uint32_t> acks, wnds;
  Time armed_by = 0;
  for (int i = 0; i < 30; ++i) {
    if (i == 20) armed_by = h.now;
    h.deliver({.flags = kAck, .seq = IRS + 1 + 1460 * i, .ack = ISS + 1, .len = 1460});
    for (const SegmentOut& s : h.out.all<SegmentOut>()) {
      acks.push_back(static_cast<uint32_t>(s.seg.ack - (IRS + 1)) / 1460);
      wnds.push_back(s.seg.wnd);
    }
    h.drain();
    h.advance(ms(1));
  }
  std::vector<uint32_t> want_acks, want_wnds;
  for (uint32_t i = 1; i <= 20; ++i) {
    want_acks.push_back(i);  // 20 ACKs at once, one per segment; the next 10 segments none.
    // 65535 while the buffer's free window exceeds it; from 12 segments unread (17520 octets) the free
    // window, a multiple of 1460 (64240); then the right edge stays where it was: never shrunk.
    want_wnds.push_back(i <= 11 ? 65535 : 64240 - 1460 * (i - 12));
  }
  CHECK(acks == want_acks);
  CHECK(wnds == want_wnds);
  // The delayed-ACK timer, armed by the 21st segment: its ACK covers all 30; the right edge has not moved.
  h.expect_timer(TimerKind::DelayedAck, armed_by + ms(40));  // ato: TCP_ATO_MIN.
  h.fire(TimerKind::DelayedAck);
  h.expect_segments({{.flags = kAck, .seq = ISS + 1, .ack = IRS + 1 + 43800, .wnd = 81760 - 43800, .rule = Rule::DelayedAck}});
}
