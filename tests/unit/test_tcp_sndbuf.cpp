// Linux's send buffer (`set HOST sndbuf-autotune on`): sk_sndbuf is memory, 2 x max(10, cwnd) x 2304
// at MSS 1460 (tcp_init_buffer_space(), tcp_sndbuf_expand()), grown on ACKs only while a writer waits
// (SOCK_NOSPACE) and packets in flight < cwnd (tcp_should_expand_sndbuf()); the writer wakes once
// sndbuf - wmem_queued >= wmem_queued / 2 (sk_stream_write_space()). The figures below are Linux 6.18's,
// read with SO_MEMINFO from a client socket whose peer acknowledged one segment at a time
// (docs/kernel-check.md): 46720 taken by the first send(1 MB), sndbuf 46080 -> 101376 at the 12th ACK,
// sk_wmem_queued 39812 at the 11th and 37520 at the 12th, 78840 taken by a send() at the 16th.
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

namespace {
TcpConfig autotuned() {
  TcpConfig cfg;
  cfg.congestion_control = true;
  cfg.sndbuf_autotune = true;
  return cfg;
}

bool has_notify(const Outputs& out, NotifyKind k) {
  for (const Output& a : out.actions) {
    if (const auto* n = std::get_if<NotifyOut>(&a); n && n->kind == k) return true;
  }
  return false;
}

/// The peer acknowledges the first `segments` full segments, its window 65535.
void ack_up_to(Harness& h, uint32_t segments) {
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1 + 1460 * segments});
}
}  // namespace

TEST_CASE("sndbuf-autotune ESTABLISHED sndbuf = 2 x 10 x 2304 = 46080; send(1 MB) takes 32 segments = 46720") {
  Harness h = socket_established(autotuned());
  CHECK(h.conn.sndbuf_autotuned());
  CHECK(h.conn.sndbuf() == 46080);
  // Linux tcp_sendmsg_locked(): skbs of size_goal = 22 segments (half the peer's 65535 window):
  // the first is filled (32120), pushed (10 segments out: the rest stays the tail skb), refilled to 22
  // segments (14600 more), and then sk_wmem_queued (46720 + heads) >= sk_sndbuf: no new skb.
  CHECK(h.conn.send_space() == 32120);  // At least one skb's worth.
  CHECK(h.send(1 << 20) == 46720);
  CHECK(h.conn.send_space() == 0);
  CHECK(h.conn.packets_out() == 10);
}

TEST_CASE("sndbuf-autotune send(20000) then send(1 MB) -> the tail skb is filled to 22 segments: 26720 (Linux 6.18 too)") {
  Harness h = socket_established(autotuned());
  CHECK(h.send(20000) == 20000);
  CHECK(h.conn.packets_out() == 10);  // 14600 sent, 5400 left in the tail skb.
  CHECK(h.send(1 << 20) == 32120 - 5400);
  CHECK(h.conn.send_space() == 0);
}

TEST_CASE("sndbuf-autotune off, or sndbuf set: payload octets against `sndbuf` as before") {
  TcpConfig off;
  off.congestion_control = true;
  Harness a = socket_established(off);
  CHECK_FALSE(a.conn.sndbuf_autotuned());
  CHECK(a.send(1 << 20) == 131072);
  TcpConfig locked = autotuned();
  REQUIRE(apply_setting(locked, "sndbuf", 50000));  // Linux SO_SNDBUF: SOCK_SNDBUF_LOCK.
  Harness b = socket_established(locked);
  CHECK_FALSE(b.conn.sndbuf_autotuned());
  CHECK(b.conn.sndbuf() == 50000);
  CHECK(b.send(1 << 20) == 50000);
}

TEST_CASE("sndbuf-autotune ACKs one at a time: no growth while the window is full, 101376 at the 12th ACK, then the wake") {
  Harness h = socket_established(autotuned());
  REQUIRE(h.send(1 << 20) == 46720);
  h.conn.set_nospace();  // The socket layer: send() could not copy everything.
  for (uint32_t k = 1; k <= 11; ++k) {
    ack_up_to(h, k);
    // Slow start: cwnd 10 + k, and two segments out per ACK: in flight == cwnd, no expansion.
    CHECK(h.conn.cwnd() == 10 + k);
    CHECK(h.conn.packets_out() == 10 + k);
    CHECK(h.conn.sndbuf() == 46080);
  }
  // All 32 segments sent: 30660 octets queued in 11 two-segment skbs of 832 octets' head each.
  CHECK(h.conn.wmem_queued() == 39812);
  CHECK(h.conn.nospace());  // 46080 - 39812 < 39812 / 2: not writeable, the writer sleeps.
  ack_up_to(h, 12);
  // Nothing left to send: 20 in flight < cwnd 22 -> tcp_sndbuf_expand(): 2 x 22 x 2304.
  CHECK(h.conn.cwnd() == 22);
  CHECK(h.conn.packets_out() == 20);
  CHECK(h.conn.sndbuf() == 101376);
  CHECK(h.conn.wmem_queued() == 37520);
  CHECK_FALSE(h.conn.nospace());  // sk_stream_write_space() woke the writer:
  CHECK(has_notify(h.out, NotifyKind::Writable));
  // SOCK_NOSPACE is clear: later ACKs do not grow the buffer although the window is not full.
  ack_up_to(h, 16);
  CHECK(h.conn.sndbuf() == 101376);
  CHECK(h.conn.wmem_queued() == 23360 + 8 * 832);
  // The writer fills a 32120-octet skb (10 segments go out: cwnd 26, 16 in flight), refills the rest to
  // 32120, starts one more skb (wmem_queued 81728 < 101376) and stops: 78840, as Linux 6.18 took.
  CHECK(h.send(1 << 20) == 78840);
}

TEST_CASE("sndbuf-autotune a duplicate ACK's room goes to a new segment first: the window is full again, the buffer stays") {
  // Scenario 19's first round: 7 segments acknowledged, the 8th lost, a duplicate ACK for the 9th.
  Harness h = socket_established(autotuned());
  REQUIRE(h.send(1 << 20) == 46720);
  h.conn.set_nospace();
  ack_up_to(h, 7);
  CHECK(h.conn.cwnd() == 17);
  CHECK(h.conn.packets_out() == 17);
  CHECK(h.conn.sndbuf() == 46080);
  CHECK(h.conn.nospace());
  ack_up_to(h, 7);  // The same ACK again: a duplicate, it acknowledges nothing.
  // tcp_data_snd_check(): tcp_push_pending_frames() first -- tcp_packets_in_flight() = 17 - 1 < cwnd 17
  // lets the 25th segment out (seq=35041, as in scenario 19) -- then tcp_check_space(): 18 - 1 = cwnd,
  // "do not expand".
  h.expect_segments({{.flags = kAck, .seq = ISS + 1 + 24 * 1460, .ack = IRS + 1, .wnd = 65535, .len = 1460,
                      .rule = Rule::Data, .off = 24 * 1460}});
  CHECK(h.conn.packets_out() == 18);
  CHECK(h.conn.packets_in_flight() == 17);
  CHECK(h.conn.sndbuf() == 46080);
  CHECK(h.conn.nospace());
  CHECK_FALSE(has_notify(h.out, NotifyKind::Writable));
}

TEST_CASE("sndbuf-autotune a duplicate ACK leaves the flight (Reno's sacked_out): nothing to send, the buffer grows to 2 x 17 x 2304 and the writer wakes") {
  // As above, but the peer's window (17 segments) holds the rest back: the duplicate ACK's room stays.
  Harness h = socket_established(autotuned());
  REQUIRE(h.send(1 << 20) == 46720);
  h.conn.set_nospace();
  const uint16_t wnd = 17 * 1460;
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1 + 7 * 1460, .wnd = wnd});
  CHECK(h.conn.cwnd() == 17);
  CHECK(h.conn.packets_out() == 17);
  CHECK(h.conn.sndbuf() == 46080);
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1 + 7 * 1460, .wnd = wnd});  // A duplicate.
  CHECK(h.conn.packets_out() == 17);  // Nothing sent: the peer's window is full.
  CHECK(h.conn.packets_in_flight() == 16);
  // tcp_packets_in_flight() = 17 - 1 < cwnd 17 -> tcp_sndbuf_expand(); 25 segments queued (17 sent in
  // 9 skbs, 8 unsent in 1): 36500 + 10 x 832 = 44820, and 78336 - 44820 >= 44820 / 2.
  CHECK(h.conn.sndbuf() == 78336);
  CHECK(h.conn.wmem_queued() == 44820);
  CHECK_FALSE(h.conn.nospace());
  CHECK(has_notify(h.out, NotifyKind::Writable));
  // The woken writer fills the tail skb (11680 unsent of 32120).
  CHECK(h.send(64000 - 46720) == 64000 - 46720);
}
