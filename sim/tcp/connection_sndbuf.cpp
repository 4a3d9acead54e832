// Linux's send buffer (`sndbuf-autotune on`): sk_sndbuf is memory, not payload, and grows with the
// congestion window (tcp_init_buffer_space(), tcp_new_space() -> tcp_sndbuf_expand()).
//   - per_mss = roundup_pow_of_two(MSS + MAX_TCP_HEADER + SKB_DATA_ALIGN(sizeof(skb_shared_info)))
//     + SKB_DATA_ALIGN(sizeof(sk_buff)): what one MSS-sized skb costs at worst (non-GSO, kmalloc'ed
//     head). Measured on Linux 6.18 (SO_MEMINFO): 2304 at MSS 1460, i.e. the headers add at most 588
//     octets (kSkbHeaders) and sk_buff 256 (kSkbStruct).
//   - At ESTABLISHED, tcp_init_buffer_space(): sk_sndbuf = max(tcp_wmem[1], 2 x max(10, cwnd) x per_mss)
//     (46080 at MSS 1460).
//   - tcp_check_space(), after an incoming segment's ACK and the sending it allowed: while SOCK_NOSPACE
//     (a writer ran out of room), tcp_should_expand_sndbuf() (packets in flight < cwnd: the send buffer,
//     not the window, held data back) -> sk_sndbuf = 2 x max(10, cwnd) x per_mss, never smaller, at most
//     tcp_wmem[2] (4 MB); then sk_stream_write_space() wakes the writer once sk_sndbuf - sk_wmem_queued >=
//     sk_wmem_queued / 2, clearing SOCK_NOSPACE.
// sk_wmem_queued is counted as the payload queued (unsent and unacknowledged): Linux adds each skb's
// overhead too, but its skbs are GSO-sized (up to half the peer's window), so the overhead is a few
// hundred octets per 20-odd segments (docs/kernel-check.md says what that leaves differing).
#include <algorithm>
#include <bit>

#include "tcp/connection.hpp"

namespace tcpsim {

namespace {
constexpr uint64_t kSkbHeaders = 576;      ///< MAX_TCP_HEADER + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)).
constexpr uint64_t kSkbStruct = 256;       ///< SKB_DATA_ALIGN(sizeof(struct sk_buff)).
constexpr uint64_t kSkbHead = 832;         ///< SKB_TRUESIZE() of an skb's head without payload.
constexpr uint64_t kWmemDefault = 16384;   ///< net.ipv4.tcp_wmem[1]: sk_sndbuf of a new socket.
constexpr uint64_t kWmemMax = 4194304;     ///< net.ipv4.tcp_wmem[2]: tcp_sndbuf_expand()'s ceiling.
constexpr uint32_t kInitCwnd = 10;         ///< TCP_INIT_CWND.
constexpr uint32_t kReordering = 3;        ///< net.ipv4.tcp_reordering (tp->reordering).

/// Linux tcp_sndbuf_expand()'s target for a connection with this MSS and congestion window.
uint64_t sndbuf_target(uint32_t mss, uint32_t cwnd) {
  const uint64_t per_mss = std::bit_ceil(mss + kSkbHeaders) + kSkbStruct;
  const uint64_t nr_segs = std::max({kInitCwnd, cwnd, kReordering + 1});
  // "Cubic needs 1.7 factor, rounded to 2 to include extra cushion" (Reno has no sndbuf_expand()).
  return std::min(2 * nr_segs * per_mss, kWmemMax);
}
}  // namespace

uint64_t Connection::sndbuf() const {
  if (!sndbuf_autotuned()) return cfg_.sndbuf;
  // tcp_init_buffer_space() at ESTABLISHED: tcp_sndbuf_expand() with the initial window (10 segments).
  return std::max({sk_sndbuf_, kWmemDefault, sndbuf_target(tcb_.snd_mss, kInitCwnd)});
}

uint64_t Connection::wmem_queued() const {
  const uint64_t queued = send_buffered();
  if (!sndbuf_autotuned()) return queued;
  // Sent data sits in skbs of two segments (tcp_write_xmit() -> tso_fragment() at tcp_tso_autosize()'s
  // two segments), each charged its head, SKB_TRUESIZE(MAX_TCP_HEADER) = 832 octets (measured with
  // SO_MEMINFO on Linux 6.18); unsent data sits in few skbs of up to half the peer's window (not counted).
  const uint64_t mss = tcb_.snd_mss;
  const uint64_t sent = queued - std::min(queued, unsent());
  const uint64_t segs = (sent + mss - 1) / mss;
  return queued + (segs + 1) / 2 * kSkbHead;
}

void Connection::check_space() {
  if (!sndbuf_autotuned() || !nospace_) return;
  // Linux tcp_new_space(): tcp_should_expand_sndbuf() (no SOCK_SNDBUF_LOCK, no memory pressure, and
  // "if we filled the congestion window, do not expand": tcp_packets_in_flight() >= snd_cwnd).
  if (packets_out() < cc_.cwnd) {
    sk_sndbuf_ = std::max(sndbuf(), sndbuf_target(tcb_.snd_mss, cc_.cwnd));
  }
  // sk_stream_write_space(): __sk_stream_is_writeable() clears SOCK_NOSPACE and wakes the writer.
  const uint64_t buf = sndbuf();
  const uint64_t queued = wmem_queued();
  if (buf > queued && buf - queued >= queued / 2) nospace_ = false;
}

}  // namespace tcpsim
