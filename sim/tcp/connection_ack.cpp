// When an ACK goes out: at once (the library's default), or Linux's delayed ACK (`delayed-ack on`):
// quick-ack at the start of a connection, an ACK for every second full segment, the delayed-ACK timer
// (40 ms to 200 ms), and an ACK that rides on outgoing data or a FIN. Names follow Linux's
// struct inet_connection_sock icsk_ack (quick, ato, lrcvtime, pingpong, pending PUSHED/PUSHED2).
#include <algorithm>

#include "tcp/connection.hpp"
#include "util/inline.hpp"

namespace tcpsim {

namespace {
constexpr Time kAtoMin = ms(40);       // TCP_ATO_MIN (HZ/25).
constexpr Time kDelackMin = ms(40);    // TCP_DELACK_MIN.
constexpr Time kDelackMax = ms(200);   // TCP_DELACK_MAX (icsk_delack_max).
// TCP_MAX_QUICKACKS. (Linux 6.18 sends 22 quick ACKs at the start of scenario 24: 16, and those
// tcp_grow_window() adds while the window opens: "icsk_ack.quick |= 1".)
constexpr uint32_t kMaxQuickacks = 16;
constexpr uint32_t kMinMss = 88;       // TCP_MIN_MSS.
// Linux's receive buffer, as kernel-check's namespaces have it: sk_rcvbuf is tcp_rmem[1] (131072; tcpsim
// does not map `rcvbuf`, and nothing is read often enough for tcp_rcv_space_adjust() to grow it), and
// each segment costs its skb's truesize, of which the window counts len/truesize (scaling_ratio, in
// 1/256: TCP_RMEM_TO_WIN_SCALE). A TUN device's skb for a 1500-octet packet is a kmalloc-2048 head
// (packet + NET_SKB_PAD + skb_shared_info) plus struct sk_buff: truesize 2304, so a 1460-octet
// segment's ratio is 162 and the buffer holds 82944 octets of window (tcp_win_from_space()).
constexpr int64_t kRcvbufMem = 131072;
uint32_t skb_truesize(uint32_t len) {
  const uint32_t head = ((len + 40 + 64 + 63) / 64) * 64 + 320;  // SKB_DATA_ALIGN(data) + shared info.
  uint32_t bucket = 32;
  while (bucket < head) bucket *= 2;                              // kmalloc size classes.
  return bucket + 256;                                             // + SKB_DATA_ALIGN(sizeof(sk_buff)).
}
uint32_t scaling_ratio(uint32_t len) {
  // Linux tcp_measure_rcv_mss(): scaling_ratio = (skb->len << TCP_RMEM_TO_WIN_SCALE) / skb->truesize.
  return std::max<uint32_t>((len << 8) / skb_truesize(len), 1);
}
int64_t win_from_space(int64_t space, uint32_t ratio) { return (space * ratio) >> 8; }  // tcp_win_from_space().
}  // namespace

bool Connection::linux_window() const {
  // Linux's window with `delayed-ack on` at the default rcvbuf (a smaller `rcvbuf` keeps its meaning:
  // the window is what it leaves free), from the first data on (the handshake's offer stays tcpsim's).
  return cfg_.delayed_ack && cfg_.rcvbuf >= 65535 && dack_.rcv_wnd != 0;
}

int64_t Connection::linux_space() const {
  // Linux tcp_space(): the window the buffer's free memory is worth; unread data costs its truesize.
  const uint32_t mss = std::max<uint32_t>(dack_.rcv_mss, 1);
  const int64_t rmem = static_cast<int64_t>(rcv_unread_ * skb_truesize(mss) / mss);
  return win_from_space(kRcvbufMem - rmem, scaling_ratio(mss));
}

uint32_t Connection::linux_select_window() {
  // Linux __tcp_select_window(), without window scaling.
  const int64_t full = std::min<int64_t>(dack_.window_clamp, win_from_space(kRcvbufMem, scaling_ratio(dack_.rcv_mss)));
  const int64_t mss = std::min<int64_t>(dack_.rcv_mss, full);
  int64_t free = linux_space();
  if (free < full / 2) {
    dack_.quick = 0;  // "icsk->icsk_ack.quick = 0": the buffer is half full, no more quick ACKs.
    if (free < mss) return 0;
  }
  free = std::min<int64_t>(free, dack_.rcv_ssthresh);
  int64_t window = dack_.rcv_wnd;
  // "If our current window offering is within 1 mss of the free space we just keep it."
  if (window <= free - mss || window > free) {
    window = (free / mss) * mss;
  } else if (mss == full && free > window + full / 2) {
    window = free;
  }
  return static_cast<uint32_t>(window);
}

uint32_t Connection::linux_advertise_window() {
  // Linux tcp_select_window(): never shrink the offer ("Never shrink the offered window"); the new
  // offer counts from RCV.NXT (tp->rcv_wnd, tp->rcv_wup); the header carries at most 65535.
  const uint32_t cur = rcv_wnd();
  uint32_t win = linux_select_window();
  if (win < cur) win = cur;
  dack_.rcv_wnd = win;
  dack_.rcv_wup = tcb_.rcv_nxt;
  tcb_.rcv_adv = tcb_.rcv_nxt + win;
  return std::min<uint32_t>(win, 65535);
}

void Connection::incr_quickack() {
  // Linux tcp_incr_quickack(): about half a window of segments (tp->rcv_wnd: the window last
  // advertised, not what is left of it), at least 2.
  const uint32_t advertised = static_cast<uint32_t>(std::max<int32_t>(tcb_.rcv_adv - dack_.rcv_wup, 0));
  uint32_t q = advertised / (2 * std::max<uint32_t>(dack_.rcv_mss, 1));
  if (q == 0) q = 2;
  dack_.quick = std::max(dack_.quick, std::min(q, kMaxQuickacks));
}

void Connection::enter_quickack() {
  // Linux tcp_enter_quickack_mode(): duplicate or out-of-window data -- acknowledge at once for a while.
  incr_quickack();
  dack_.pingpong = false;
  dack_.ato = kAtoMin;
}

void Connection::data_received(uint32_t len, bool remnant, Time now) {
  if (!cfg_.delayed_ack || len == 0) return;
  // Linux tcp_measure_rcv_mss(): the largest segment seen estimates the peer's MSS; a smaller one
  // (pushed by the sender) is remembered, so reading it may send the ACK at once (tcp_cleanup_rbuf()).
  if (dack_.rcv_wnd == 0 && cfg_.rcvbuf >= 65535) {
    // Linux's window from here on (linux_window()): tp->rcv_wnd and rcv_ssthresh start at the
    // handshake's offer (tcp_init_buffer_space()), a multiple of the MSS.
    // tcp_select_initial_window(): "Quantize space offering to a multiple of mss".
    const uint32_t offer = std::min<uint32_t>(static_cast<uint32_t>(tcb_.rcv_adv - dack_.rcv_wup), 65535);
    dack_.rcv_wnd = std::max<uint32_t>(offer > cfg_.mss ? offer / cfg_.mss * cfg_.mss : offer, 1);
    dack_.rcv_ssthresh = dack_.rcv_wnd;
    dack_.window_clamp = 65535;
  }
  const uint32_t lss = dack_.last_seg_size;
  dack_.last_seg_size = 0;
  if (len >= dack_.rcv_mss) {
    if (len != dack_.rcv_mss && linux_window()) {
      // tcp_measure_rcv_mss(): a new scaling_ratio sets the clamp to the buffer's window
      // (tcp_set_window_clamp()); rcv_ssthresh follows it.
      const uint32_t clamp = static_cast<uint32_t>(win_from_space(kRcvbufMem, scaling_ratio(std::min<uint32_t>(len, cfg_.mss))));
      if (clamp < dack_.window_clamp) {
        dack_.rcv_ssthresh = std::min(dack_.rcv_ssthresh, clamp);
      } else {
        dack_.rcv_ssthresh = std::max(std::min(dack_.rcv_wnd, clamp), dack_.rcv_ssthresh);
      }
      dack_.window_clamp = clamp;
    }
    dack_.rcv_mss = std::min<uint32_t>(len, cfg_.mss);
  } else {
    bool steady = false;
    if (len >= kTcpMssDefault || (len >= kMinMss && !remnant)) {
      dack_.last_seg_size = len;
      if (len == lss) {
        dack_.rcv_mss = len;
        steady = true;
      }
    }
    if (!steady) {
      if (dack_.pushed) dack_.pushed2 = true;
      dack_.pushed = true;
    }
  }
  // Linux tcp_event_data_recv(): the first data starts quick-ack mode; later, ato follows the gaps
  // between arrivals; a gap longer than the RTO starts quick-ack again.
  if (dack_.ato == 0) {
    incr_quickack();
    dack_.ato = kAtoMin;
  } else {
    const Time m = now - dack_.lrcvtime;
    if (m <= kAtoMin / 2) {
      dack_.ato = dack_.ato / 2 + kAtoMin / 2;
    } else if (m < dack_.ato) {
      dack_.ato = std::min(dack_.ato / 2 + m, rto_);
    } else if (m > rto_) {
      incr_quickack();
    }
  }
  dack_.lrcvtime = now;
  if (linux_window() && len >= 128) {
    // Linux tcp_grow_window(): while the buffer has room, each segment whose truesize fits opens
    // rcv_ssthresh by two segments, and keeps quick-ack mode on ("icsk_ack.quick |= 1").
    const int64_t room = std::min<int64_t>(dack_.window_clamp, linux_space()) - dack_.rcv_ssthresh;
    if (room > 0 && win_from_space(skb_truesize(len), scaling_ratio(len)) <= len) {
      const int64_t incr = std::max<int64_t>(2 * cfg_.mss, 2 * len);
      dack_.rcv_ssthresh += static_cast<uint32_t>(std::min(room, incr));
      dack_.quick |= 1;
    }
  }
}

void Connection::data_sent(Time now) {
  // Linux tcp_event_data_sent(): data sent within ato of the last arrival is a reply: the connection
  // is interactive (pingpong), and its ACKs wait to ride on the next reply.
  if (cfg_.delayed_ack && now - dack_.lrcvtime < dack_.ato) dack_.pingpong = true;
}

void Connection::ack_sent(Outputs& out) {
  // Linux tcp_event_ack_sent(): tcp_dec_quickack_mode(), the delayed-ACK timer stops, the pending
  // flags clear, and RCV.NXT is where the last ACK stood (rcv_wup).
  if (ack_pending_ && dack_.quick > 0) {
    if (--dack_.quick == 0) dack_.ato = kAtoMin;
  }
  ack_pending_ = false;
  dack_.ack_now = false;
  dack_.pushed = dack_.pushed2 = false;
  dack_.rcv_wup = tcb_.rcv_nxt;
  if (armed(TimerKind::DelayedAck)) cancel(TimerKind::DelayedAck, out);
}

TCPSIM_UNIT_INLINE void Connection::ack_snd_check(Time now, Outputs& out) {
  if (!ack_pending_) return;
  if (!cfg_.delayed_ack) {
    emit_ack(ack_rule_, out);  // RFC 9293 §3.10.7.4: acknowledge at once.
    return;
  }
  // Linux __tcp_ack_snd_check(): at once when more than one full segment arrived since the last ACK
  // and the window would not shrink, in quick-ack mode, or when the state asks for it (out-of-order
  // data, a hole filled: RFC 5681 §4.2); otherwise the delayed-ACK timer.
  const uint32_t since = static_cast<uint32_t>(tcb_.rcv_nxt - dack_.rcv_wup);
  // "... and right edge of window advances far enough": Linux compares the window it would offer now
  // with the one it offered last (tp->rcv_wnd), or all was read (below SO_RCVLOWAT, 1).
  bool grows;
  if (linux_window()) {
    grows = rcv_unread_ == 0 || linux_select_window() >= dack_.rcv_wnd;
  } else {
    const uint32_t buf = std::min<uint32_t>(cfg_.rcvbuf, 65535);
    const uint64_t free = rcv_unread_ >= buf ? 0 : buf - rcv_unread_;
    grows = free >= rcv_wnd();
  }
  const bool two_full = since > dack_.rcv_mss && grows;
  const bool quick = dack_.quick > 0 && !dack_.pingpong;
  if (two_full || quick || dack_.ack_now || !ooo_.empty()) {
    emit_ack(ack_rule_, out);
    return;
  }
  // Linux tcp_send_delayed_ack(): wait ato, bounded by the RTT (at least 40 ms) and 200 ms.
  Time ato = dack_.ato;
  if (ato > kDelackMin) {
    Time max_ato = ms(500);
    if (dack_.pingpong || dack_.pushed) max_ato = kDelackMax;
    if (have_rtt_) max_ato = std::min(max_ato, std::max(srtt8_ / 8, kDelackMin));
    ato = std::min(ato, max_ato);
  }
  ato = std::min(ato, kDelackMax);
  Time deadline = now + ato;
  if (const auto armed_at = timer(TimerKind::DelayedAck)) {
    if (*armed_at <= now + ato / 4) {  // "If delack timer is about to expire, send ACK now."
      emit_ack(ack_rule_, out);
      return;
    }
    if (*armed_at <= deadline) return;  // Keep the earlier deadline.
  }
  arm(TimerKind::DelayedAck, deadline, out);
}

void Connection::on_delayed_ack_timeout(Outputs& out) {
  // Linux tcp_delack_timer_handler(): a missed delayed ACK inflates ato -- or, in pingpong mode, the
  // reply did not come: leave pingpong and deflate ato. Then the ACK goes out.
  if (!ack_pending_ || state_ == State::Closed || state_ == State::Listen) return;
  if (!dack_.pingpong) {
    dack_.ato = std::min(dack_.ato * 2, rto_);
  } else {
    dack_.pingpong = false;
    dack_.ato = kAtoMin;
  }
  emit_ack(Rule::DelayedAck, out);
}

void Connection::ack_after_read(Outputs& out) {
  // Linux tcp_cleanup_rbuf(): after recv() emptied the receive queue, a scheduled ACK goes out at once
  // when two full segments are unacknowledged, or a small pushed segment was read (and the connection
  // is not interactive).
  if (!cfg_.delayed_ack || !ack_pending_) return;
  const uint32_t since = static_cast<uint32_t>(tcb_.rcv_nxt - dack_.rcv_wup);
  const bool small_read = (dack_.pushed2 || (dack_.pushed && !dack_.pingpong)) && rcv_unread_ == 0;
  if (since > dack_.rcv_mss || small_read) emit_ack(ack_rule_, out);
}

}  // namespace tcpsim
