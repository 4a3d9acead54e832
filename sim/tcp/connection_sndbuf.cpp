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
// sk_wmem_queued is the payload queued (unsent and unacknowledged) plus each skb's head, 832 octets
// (wmem_queued()): unsent data in GSO-sized skbs (up to half the peer's window, size_goal()), sent data
// in skbs of two segments (docs/kernel-check.md says what that leaves differing).
#include <algorithm>
#include <bit>

#include "tcp/connection.hpp"

namespace tcpsim {

namespace {
constexpr uint64_t kSkbHeaders = 576;      ///< MAX_TCP_HEADER + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)).
constexpr uint64_t kSkbStruct = 256;       ///< SKB_DATA_ALIGN(sizeof(struct sk_buff)).
constexpr uint64_t kSkbHead = 832;         ///< SKB_TRUESIZE() of an skb's head without payload.
constexpr uint64_t kGsoMaxSize = 65536;    ///< GSO_LEGACY_MAX_SIZE: sk_gso_max_size.
constexpr uint64_t kWmemDefault = 16384;   ///< net.ipv4.tcp_wmem[1]: sk_sndbuf of a new socket.
constexpr uint64_t kWmemMax = 4194304;     ///< net.ipv4.tcp_wmem[2]: tcp_sndbuf_expand()'s ceiling.
constexpr uint32_t kReordering = 3;        ///< net.ipv4.tcp_reordering (tp->reordering).

/// Linux tcp_sndbuf_expand()'s target for a connection with this MSS and congestion window.
uint64_t sndbuf_target(uint32_t mss, uint32_t cwnd) {
  const uint64_t per_mss = std::bit_ceil(mss + kSkbHeaders) + kSkbStruct;
  const uint64_t nr_segs = std::max({kTcpInitCwnd, cwnd, kReordering + 1});
  // "Cubic needs 1.7 factor, rounded to 2 to include extra cushion" (Reno has no sndbuf_expand()).
  return std::min(2 * nr_segs * per_mss, kWmemMax);
}
}  // namespace

uint64_t Connection::sndbuf() const {
  if (!sndbuf_autotuned()) return cfg_.sndbuf;
  // tcp_init_buffer_space() at ESTABLISHED: tcp_sndbuf_expand() with the initial window (10 segments).
  return std::max({sk_sndbuf_, kWmemDefault, sndbuf_target(tcb_.snd_mss, kTcpInitCwnd)});
}

uint64_t Connection::sent_offset() const {
  const int64_t sent = std::max<int64_t>(stream_offset(tcb_.snd_nxt), 0);
  return std::min<uint64_t>(static_cast<uint64_t>(sent), snd_written_);
}

uint64_t Connection::size_goal() const {
  // Linux tcp_xmit_size_goal(): GSO-sized skbs, bounded to half the peer's largest window
  // (tcp_bound_to_half_wnd()), a whole number of segments: 22 x 1460 = 32120 behind a 65535 window.
  const uint64_t mss = tcb_.snd_mss;
  uint64_t goal = kGsoMaxSize;
  const uint64_t cutoff = tcb_.max_snd_wnd > kTcpMssDefault ? tcb_.max_snd_wnd / 2 : tcb_.max_snd_wnd;
  if (cutoff > 0 && goal > cutoff) goal = cutoff;
  return std::max<uint64_t>(goal / mss, 1) * mss;
}

uint64_t Connection::tail_room() const {
  // tcp_write_queue_tail(): the last skb not yet (wholly) sent takes more data up to size_goal.
  const uint64_t sent = sent_offset();
  if (skb_ends_.empty() || skb_ends_.back() <= sent || skb_ends_.back() != snd_written_) return 0;
  const uint64_t start = std::max(skb_ends_.size() >= 2 ? *(skb_ends_.end() - 2) : 0, sent);
  const uint64_t len = skb_ends_.back() - start;
  return len < size_goal() ? size_goal() - len : 0;
}

uint64_t Connection::wmem_queued() const {
  const uint64_t queued = send_buffered();
  if (!sndbuf_autotuned()) return queued;
  // Each skb is charged its head, SKB_TRUESIZE(MAX_TCP_HEADER) = 832 octets (measured with SO_MEMINFO
  // on Linux 6.18), plus its payload. Sent data sits in skbs of two segments (tcp_write_xmit() ->
  // tso_fragment() at tcp_tso_autosize()'s two segments); each unsent skb is one head.
  const uint64_t mss = tcb_.snd_mss;
  const uint64_t sent = sent_offset();
  const uint64_t in_flight = sent - std::min(sent, snd_acked_);
  uint64_t skbs = ((in_flight + mss - 1) / mss + 1) / 2;
  for (auto it = skb_ends_.end(); it != skb_ends_.begin() && *(it - 1) > sent; --it) ++skbs;
  return queued + skbs * kSkbHead;
}

uint64_t Connection::send_autotuned(uint64_t bytes, Time now, Outputs& out) {
  // Linux tcp_sendmsg_locked(): fill the tail skb up to size_goal; when it is full, push
  // (forced_push() or tcp_push_one(): what the windows allow goes out, the rest stays the tail skb,
  // which takes more); a new skb only while sk_stream_memory_free(). tcp_push() at the end.
  const uint64_t sent = sent_offset();
  while (!skb_ends_.empty() && skb_ends_.front() <= sent) skb_ends_.pop_front();
  uint64_t taken = 0;
  while (taken < bytes) {
    uint64_t room = tail_room();
    if (room == 0) {
      if (wmem_queued() >= sndbuf()) break;  // sk_stream_memory_free() -> wait_for_space.
      skb_ends_.push_back(snd_written_);     // tcp_stream_alloc_skb(), tcp_skb_entail().
      room = size_goal();
    }
    const uint64_t copy = std::min(room, bytes - taken);
    mark_pushes(copy);
    snd_written_ += copy;
    skb_ends_.back() = snd_written_;
    taken += copy;
    if (copy == room) try_send(now, out);  // The skb is full: forced_push() / tcp_push_one().
  }
  try_send(now, out);  // tcp_push() (RFC 9293 §3.10.2: queued data is sent when the window allows).
  return taken;
}

void Connection::check_space(Outputs& out) {
  // Linux tcp_check_space(): nothing unless a writer ran out of room (SOCK_NOSPACE).
  if (!nospace_) return;
  // Linux tcp_new_space(): tcp_should_expand_sndbuf() (no SOCK_SNDBUF_LOCK, no memory pressure, and
  // "if we filled the congestion window, do not expand": tcp_packets_in_flight() >= snd_cwnd, duplicate
  // ACKs left out as Reno's sacked_out, packets_in_flight()).
  if (sndbuf_autotuned() && packets_in_flight() < cc_.cwnd) {
    sk_sndbuf_ = std::max(sndbuf(), sndbuf_target(tcb_.snd_mss, cc_.cwnd));
  }
  // sk_stream_write_space(): __sk_stream_is_writeable() (sk_stream_wspace() >= sk_stream_min_wspace():
  // sk_sndbuf - sk_wmem_queued >= sk_wmem_queued / 2) clears SOCK_NOSPACE and wakes the writer. So a
  // writer is woken once enough of the buffer is free, not on every ACK (issue 11).
  const uint64_t buf = sndbuf();
  const uint64_t queued = wmem_queued();
  const uint64_t wspace = buf > queued ? buf - queued : 0;
  if (wspace >= queued / 2) {
    nospace_ = false;
    notify(NotifyKind::Writable, out);  // Also on a duplicate ACK, which acknowledges nothing.
  }
}

}  // namespace tcpsim
