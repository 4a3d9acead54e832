// Connection core: the one place state is assigned, timers as data, emitting segments, teardown.
#include "tcp/connection.hpp"

#include <algorithm>

#include "tcp/reset.hpp"
#include "tcp/transitions.hpp"

namespace tcpsim {

namespace {
constexpr uint32_t kMaxWindow = 65535;  // No window scaling (RFC 7323 is not modelled).
}

Connection::Connection(const TcpConfig& config, FourTuple tuple, Seq iss, uint32_t send_stream)
    : cfg_(config), tuple_(tuple), send_stream_(send_stream), rto_(config.rto_initial) {
  dack_.rcv_mss = std::min<uint32_t>(536, config.mss);  // Linux tcp_initialize_rcv_mss().
  tcb_.iss = iss;
  tcb_.snd_una = iss;
  tcb_.snd_nxt = iss;
}

void Connection::set_state(State to, Rule rule, Outputs& out) {
  if (to == state_) return;
  // Every transition must have a row in kTransitions; one without is a bug in this file's callers.
  out.add(StateOut{state_, to, rule, record_transition(state_, rule, to)});
  state_ = to;
}

void Connection::arm(TimerKind k, Time deadline, Outputs& out) {
  timers_[static_cast<size_t>(k)] = deadline;
  out.add(TimerOut{k, TimerAction::Armed, deadline});
}

void Connection::cancel(TimerKind k, Outputs& out) {
  auto& t = timers_[static_cast<size_t>(k)];
  if (!t) return;
  out.add(TimerOut{k, TimerAction::Cancelled, *t});
  t.reset();
}

void Connection::cancel_all_timers(Outputs& out) {
  for (int k = 0; k < kTimerKinds; ++k) cancel(static_cast<TimerKind>(k), out);
}

uint32_t Connection::rcv_wnd() const {
  int32_t w = tcb_.rcv_adv - tcb_.rcv_nxt;
  return w > 0 ? static_cast<uint32_t>(w) : 0;
}

uint32_t Connection::advertise_window() {
  if (linux_window()) return linux_advertise_window();  // delayed-ack on: Linux's (connection_ack.cpp).
  // RFC 1122 §4.2.3.3 (receiver SWS avoidance): move the right edge only when it can advance by at
  // least min(RCV.BUFF/2, MSS); RFC 9293 §3.8.6.2.2: never shrink it.
  const uint32_t buf = std::min(cfg_.rcvbuf, kMaxWindow);
  const uint64_t free = rcv_unread_ >= buf ? 0 : buf - rcv_unread_;
  const Seq right = tcb_.rcv_nxt + static_cast<uint32_t>(free);
  const uint32_t step = std::min<uint32_t>(buf / 2, cfg_.mss);
  if (right > tcb_.rcv_adv && static_cast<uint32_t>(right - tcb_.rcv_adv) >= std::max<uint32_t>(step, 1)) {
    tcb_.rcv_adv = right;
  }
  if (tcb_.rcv_adv < tcb_.rcv_nxt) tcb_.rcv_adv = tcb_.rcv_nxt;
  return std::min<uint32_t>(rcv_wnd(), kMaxWindow);
}

void Connection::emit(uint8_t flags, Seq seq, Seq ack, Payload data, Rule rule, Outputs& out) {
  Segment s;
  s.src = tuple_.local;
  s.dst = tuple_.remote;
  s.seq = seq;
  s.ack = (flags & kAck) ? ack : Seq(0);
  s.flags = flags;
  s.data = data;
  if (flags & kSyn) s.mss = cfg_.mss;
  // The window field of an ACK-less RST carries nothing; every other segment advertises RCV.WND.
  s.wnd = ((flags & kRst) && !(flags & kAck)) ? 0 : static_cast<uint16_t>(advertise_window());
  if (flags & kAck) ack_sent(out);
  out.add(SegmentOut{s, rule});
}

void Connection::emit_ack(Rule rule, Outputs& out) {
  // RFC 9293 §3.10.7.4: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
  emit(kAck, tcb_.snd_nxt, tcb_.rcv_nxt, {}, rule, out);
}

void Connection::emit_oow_ack(const Segment& seg, Rule rule, Time now, Outputs& out) {
  // Data without SYN is not part of an ACK loop, so it is always acknowledged (tcp_oow_rate_limited()).
  const bool loop_prone = seg.data.len == 0 || (seg.flags & kSyn);
  if (loop_prone && cfg_.ack_ratelimit > 0 && last_oow_ack_ >= 0 && now - last_oow_ack_ < cfg_.ack_ratelimit) {
    out.verdict = Rule::AckRateLimited;
    return;
  }
  if (loop_prone) last_oow_ack_ = now;
  emit_ack(rule, out);
  out.verdict = rule;
}

void Connection::reply_reset(const Segment& seg, Rule rule, Outputs& out) {
  if (auto r = reset_reply(seg)) out.add(SegmentOut{*r, rule});
}

void Connection::emit_reset_ack(Rule rule, Outputs& out) {
  // RFC 1122 §4.2.2.13 / Linux tcp_send_active_reset(): RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>.
  emit(kRst | kAck, tcb_.snd_nxt, tcb_.rcv_nxt, {}, rule, out);
}

void Connection::notify(NotifyKind k, Outputs& out, Errno err) { out.add(NotifyOut{k, err}); }

void Connection::set_error(Errno e, Outputs& out) {
  sk_err_ = e;
  notify(NotifyKind::Error, out, e);
}

void Connection::discard_queues(Rule rule, Outputs& out) {
  if (rcv_unread_ > 0) out.add(DiscardOut{DiscardKind::UnreadReceive, rcv_unread_, rule});
  if (uint64_t o = out_of_order_bytes(); o > 0) out.add(DiscardOut{DiscardKind::OutOfOrder, o, rule});
  if (uint64_t u = unsent(); u > 0) out.add(DiscardOut{DiscardKind::UnsentSend, u, rule});
  if (uint64_t a = send_buffered() - unsent(); a > 0) out.add(DiscardOut{DiscardKind::UnackedSend, a, rule});
  rcv_queue_.clear();
  rcv_unread_ = 0;
  ooo_.clear();
  snd_acked_ = snd_written_;
}

void Connection::enter_closed(Rule rule, Outputs& out) {
  cancel_all_timers(out);
  rcv_shutdown_ = true;
  snd_shutdown_ = true;
  set_state(State::Closed, rule, out);
  notify(NotifyKind::Closed, out);
}

void Connection::enter_time_wait(Rule rule, Time now, Outputs& out) {
  // RFC 9293 §3.10.7.4: "Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers."
  cancel_all_timers(out);
  set_state(State::TimeWait, rule, out);
  arm(TimerKind::TimeWait, now + 2 * cfg_.msl, out);
  // Linux tcp_time_wait(): the timewait socket starts with tw_last_oow_ack_time = 0, so its first
  // out-of-window ACK is never rate-limited by one the full socket sent (tcp_oow_rate_limited()).
  last_oow_ack_ = -1;
}

void Connection::reset_by_peer(Rule rule, Outputs& out) {
  // Linux tcp_reset(): the error depends on the state the RST arrived in.
  Errno e = Errno::ConnReset;
  if (state_ == State::SynSent) e = Errno::ConnRefused;
  if (state_ == State::CloseWait) e = Errno::BrokenPipe;
  set_error(e, out);
  // Linux tcp_reset() purges the write queue; the receive queue stays readable (recv() returns the
  // data that arrived before the RST, then the error). An orphan has no reader: its data is lost too.
  if (uint64_t u = unsent(); u > 0) out.add(DiscardOut{DiscardKind::UnsentSend, u, rule});
  if (uint64_t a = send_buffered() - unsent(); a > 0) out.add(DiscardOut{DiscardKind::UnackedSend, a, rule});
  snd_acked_ = snd_written_;
  if (uint64_t o = out_of_order_bytes(); o > 0) out.add(DiscardOut{DiscardKind::OutOfOrder, o, rule});
  ooo_.clear();
  if (orphan_ && rcv_unread_ > 0) {
    out.add(DiscardOut{DiscardKind::UnreadReceive, rcv_unread_, rule});
    rcv_queue_.clear();
    rcv_unread_ = 0;
  }
  enter_closed(rule, out);
}

uint64_t Connection::out_of_order_bytes() const {
  uint64_t n = 0;
  for (const OooPiece& p : ooo_) n += p.data.len;
  return n;
}

void Connection::on_timer(TimerKind kind, Time now, Outputs& out) {
  auto& t = timers_[static_cast<size_t>(kind)];
  if (!t || *t > now) return;  // Stale: cancelled or re-armed since.
  out.add(TimerOut{kind, TimerAction::Fired, *t});
  t.reset();
  switch (kind) {
    case TimerKind::Retransmit:
      on_retransmit_timeout(now, out);
      break;
    case TimerKind::Persist:
      on_persist_timeout(now, out);
      break;
    case TimerKind::Keepalive:
      on_keepalive_timeout(now, out);
      break;
    case TimerKind::TimeWait:
      // RFC 9293 §3.10.8: "If the time-wait timeout expires on a connection, delete the TCB".
      enter_closed(Rule::TimeWaitTimeout, out);
      break;
    case TimerKind::FinWait2:
      // Linux tcp_fin_timeout: an orphan may not wait in FIN-WAIT-2 forever.
      if (state_ == State::FinWait2) enter_closed(Rule::FinWait2Timeout, out);
      break;
    case TimerKind::DelayedAck:
      on_delayed_ack_timeout(out);
      break;
  }
}

}  // namespace tcpsim
