// Linux's send buffer (`set HOST sndbuf-autotune on`): sk_sndbuf is memory, 2 x max(10, cwnd) x 2304
// at MSS 1460 (tcp_init_buffer_space(), tcp_sndbuf_expand()), grown on ACKs only while a writer waits
// (SOCK_NOSPACE) and packets in flight < cwnd (tcp_should_expand_sndbuf()); the writer wakes once
// sndbuf - wmem_queued >= wmem_queued / 2 (sk_stream_write_space()). The figures below are Linux 6.18's,
// read with SO_MEMINFO from a client socket whose peer acknowledged one segment at a time
// (docs/kernel-check.md): 46720 taken by the first send(1 MB), sndbuf 46080 -> 101376 at the 12th ACK,
// sk_wmem_queued 39812 at the 11th and 37520 at the 12th.
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

/// The peer acknowledges the first `segments` full segments, its window 65535.
void ack_up_to(Harness& h, uint32_t segments) {
  h.deliver({.flags = kAck, .seq = IRS + 1, .ack = ISS + 1 + 1460 * segments});
}
}  // namespace

TEST_CASE("sndbuf-autotune ESTABLISHED sndbuf = 2 x 10 x 2304 = 46080; send(1 MB) takes 32 segments = 46720") {
  Harness h = socket_established(autotuned());
  CHECK(h.conn.sndbuf_autotuned());
  CHECK(h.conn.sndbuf() == 46080);
  // tcp_sendmsg_locked(): new skbs while sk_wmem_queued < sk_sndbuf, each filled: 46720 > 46080.
  CHECK(h.conn.send_space() == 46720);
  CHECK(h.send(1 << 20) == 46720);
  CHECK(h.conn.send_space() == 0);
  CHECK(h.conn.packets_out() == 10);
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
  CHECK_FALSE(h.conn.nospace());  // sk_stream_write_space() woke the writer.
  // SOCK_NOSPACE is clear: later ACKs do not grow the buffer although the window is not full.
  ack_up_to(h, 16);
  CHECK(h.conn.sndbuf() == 101376);
  CHECK(h.conn.wmem_queued() == 23360 + 8 * 832);
  // The writer copies while sk_wmem_queued < sk_sndbuf: ceil((101376 - 30016) / 1460) = 49 segments.
  CHECK(h.send(1 << 20) == 49 * 1460);
}
