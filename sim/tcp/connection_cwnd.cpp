// Linux's congestion window (`congestion-control on`), counted in segments as Linux counts it
// (snd_cwnd, packets_out): the Reno algorithm of RFC 5681 as Linux's tcp_cong.c implements it
// (tcp_reno_cong_avoid(), tcp_slow_start(), tcp_cong_avoid_ai(), tcp_reno_ssthresh()).
//   - The window starts at 10 segments (tcp_init_cwnd(), RFC 6928).
//   - Slow start (RFC 5681 §3.1): each ACK grows it by the segments it acknowledges, up to ssthresh
//     (an ACK for two segments, delayed, grows it by two); above ssthresh, by one segment per window.
//   - A timeout (tcp_enter_loss(), RFC 5681 §3.1 eq. 4): ssthresh = max(cwnd/2, 2), cwnd = 1, then
//     slow start again.
//   - Fast retransmit (tcp_enter_recovery()): ssthresh = max(cwnd/2, 2); cwnd = ssthresh, held until
//     the recovery point is acknowledged (Linux reduces it gradually with PRR, RFC 6937: not modelled).
// In flight (packets_in_flight()) is Linux's tcp_packets_in_flight() for Reno without SACK: the segments
// sent and not acknowledged (packets_out) less those each duplicate ACK says left the network
// (sacked_out). Lost and retransmitted segments (lost_out, retrans_out) are not counted apart. With the
// setting off nothing here runs.
#include <algorithm>

#include "tcp/connection.hpp"

namespace tcpsim {

uint32_t Connection::packets_in_flight() const {
  // Linux tcp_packets_in_flight() = packets_out - tcp_left_out() + retrans_out, tcp_left_out() =
  // sacked_out + lost_out. Without SACK, each duplicate ACK counts one segment as delivered:
  // tcp_add_reno_sack() -> sacked_out++, at most packets_out - 1 (tcp_limit_reno_sacked()); an ACK of
  // new data clears it (tcp_reset_reno_sack(); in Recovery Linux keeps sacked_out - (acked - 1),
  // tcp_remove_reno_sacks(), where tcpsim's count of duplicate ACKs starts again at 0). lost_out and
  // retrans_out are left at 0: the one segment a fast retransmit marks lost (tcp_mark_head_lost()) is
  // the one it retransmits, so the two cancel; after a timeout (every segment lost,
  // tcp_timeout_mark_lost()) Linux's flight is much smaller than this one (not modelled).
  const uint32_t packets = packets_out();
  return packets - std::min(dupacks_, packets > 0 ? packets - 1 : 0);
}

void Connection::cwnd_validate(bool cwnd_limited) {
  // Linux tcp_cwnd_validate(): once per window of data (or at once when the window held data back),
  // remember whether the sender was cwnd-limited (tcp_write_xmit(): tcp_packets_in_flight() >= cwnd)
  // and how many segments it had out (packets_out).
  cwnd_limited = cwnd_limited || packets_in_flight() >= cc_.cwnd;
  const uint64_t una = static_cast<uint64_t>(stream_offset(tcb_.snd_una));
  const auto out = static_cast<uint32_t>(cc_.ends.size());
  if (una >= cc_.usage_end || cwnd_limited || (!cc_.cwnd_limited && out > cc_.max_packets_out)) {
    cc_.cwnd_limited = cwnd_limited;
    cc_.max_packets_out = out;
    cc_.usage_end = static_cast<uint64_t>(std::max<int64_t>(stream_offset(tcb_.snd_nxt), 0));
  }
}

void Connection::cwnd_acked() {
  // Linux tcp_clean_rtx_queue(): every segment wholly acknowledged leaves packets_out.
  const uint64_t una = static_cast<uint64_t>(stream_offset(tcb_.snd_una));
  uint32_t acked = 0;
  while (!cc_.ends.empty() && cc_.ends.front() <= una) {
    cc_.ends.pop_front();
    ++acked;
  }
  // Linux tcp_cong_control(): in Recovery the window is being reduced (not raised); in Open and Loss,
  // tcp_may_raise_cwnd() on data acknowledged, and tcp_reno_cong_avoid() only when the window is what
  // limits the sender (tcp_is_cwnd_limited(): in slow start, while cwnd < 2 * max_packets_out).
  if (acked == 0 || (in_recovery_ && !cc_.loss)) return;
  const bool slow_start = cc_.cwnd < cc_.ssthresh;
  if (!cc_.cwnd_limited && !(slow_start && cc_.cwnd < 2 * cc_.max_packets_out)) return;
  if (slow_start) {
    // Linux tcp_slow_start(): cwnd += acked, up to ssthresh; what is left goes to congestion avoidance.
    const uint32_t cwnd = std::min(cc_.cwnd + acked, cc_.ssthresh);
    acked -= cwnd - cc_.cwnd;
    cc_.cwnd = cwnd;
    if (acked == 0) return;
  }
  // Linux tcp_cong_avoid_ai(tp, cwnd, acked): one segment more per window of segments acknowledged.
  const uint32_t w = cc_.cwnd;
  if (cc_.cwnd_cnt >= w) {
    cc_.cwnd_cnt = 0;
    ++cc_.cwnd;
  }
  cc_.cwnd_cnt += acked;
  if (cc_.cwnd_cnt >= w) {
    const uint32_t delta = cc_.cwnd_cnt / w;
    cc_.cwnd_cnt -= delta * w;
    cc_.cwnd += delta;
  }
}

void Connection::cwnd_on_timeout(bool first) {
  // Linux tcp_enter_loss(): ssthresh from the window (tcp_reno_ssthresh(): max(cwnd/2, 2)) unless
  // this timeout repeats one of a loss already being recovered (or comes during fast recovery, whose
  // reduction stands); every segment out is marked lost (tcp_timeout_mark_lost()), so the window is
  // the segments in flight + 1 = 1 (RFC 5681 §3.1: the loss window, one segment).
  if (first) cc_.ssthresh = std::max(cc_.cwnd / 2, 2u);
  cc_.cwnd = 1;
  cc_.cwnd_cnt = 0;
  cc_.loss = true;
}

void Connection::cwnd_on_fast_retransmit() {
  // Linux tcp_enter_recovery() -> tcp_init_cwnd_reduction(): ssthresh = max(cwnd/2, 2) (RFC 5681
  // §3.2 step 2 with the window for FlightSize); RFC 6582 §3.2 step 3 sets cwnd = ssthresh on exit.
  cc_.ssthresh = std::max(cc_.cwnd / 2, 2u);
  cc_.cwnd = cc_.ssthresh;
  cc_.cwnd_cnt = 0;
  cc_.loss = false;
}

void Connection::cwnd_recovered() {
  // Linux tcp_end_cwnd_reduction(): leaving Recovery, cwnd = ssthresh (RFC 6582 §3.2 step 6); leaving
  // Loss, the window slow-started from 1 stays as it is.
  if (!cc_.loss) cc_.cwnd = cc_.ssthresh;
  cc_.loss = false;
}

}  // namespace tcpsim
