// When an ACK goes out: at once (the library's default), or Linux's delayed ACK (`delayed-ack on`):
// quick-ack at the start of a connection, an ACK for every second full segment, the delayed-ACK timer
// (40 ms to 200 ms), and an ACK that rides on outgoing data or a FIN. Names follow Linux's
// struct inet_connection_sock icsk_ack (quick, ato, lrcvtime, pingpong, pending PUSHED/PUSHED2).
#include <algorithm>

#include "tcp/connection.hpp"

namespace tcpsim {

namespace {
constexpr Time kAtoMin = ms(40);       // TCP_ATO_MIN (HZ/25).
constexpr Time kDelackMin = ms(40);    // TCP_DELACK_MIN.
constexpr Time kDelackMax = ms(200);   // TCP_DELACK_MAX (icsk_delack_max).
// TCP_MAX_QUICKACKS is 16 in the sources we know, but Linux 6.18 (kernel-check, scenario 24) sends 22
// quick ACKs with its 64240-octet window: 64240 / (2 * 1460). So the cap modelled is higher.
constexpr uint32_t kMaxQuickacks = 64;
constexpr uint32_t kMssDefault = 536;  // TCP_MSS_DEFAULT.
constexpr uint32_t kMinMss = 88;       // TCP_MIN_MSS.
}  // namespace

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
  const uint32_t lss = dack_.last_seg_size;
  dack_.last_seg_size = 0;
  if (len >= dack_.rcv_mss) {
    dack_.rcv_mss = std::min<uint32_t>(len, cfg_.mss);
  } else {
    bool steady = false;
    if (len >= kMssDefault || (len >= kMinMss && !remnant)) {
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

void Connection::ack_snd_check(Time now, Outputs& out) {
  if (!ack_pending_) return;
  if (!cfg_.delayed_ack) {
    emit_ack(ack_rule_, out);  // RFC 9293 §3.10.7.4: acknowledge at once.
    return;
  }
  // Linux __tcp_ack_snd_check(): at once when more than one full segment arrived since the last ACK
  // and the window would not shrink, in quick-ack mode, or when the state asks for it (out-of-order
  // data, a hole filled: RFC 5681 §4.2); otherwise the delayed-ACK timer.
  const uint32_t since = static_cast<uint32_t>(tcb_.rcv_nxt - dack_.rcv_wup);
  const uint32_t buf = std::min<uint32_t>(cfg_.rcvbuf, 65535);
  const uint64_t free = rcv_unread_ >= buf ? 0 : buf - rcv_unread_;
  const bool two_full = since > dack_.rcv_mss && free >= rcv_wnd();
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
