// User calls (RFC 9293 §3.10.1-§3.10.6) with the choices Linux makes where an application would
// notice: close() with unread data resets, SO_LINGER {on, 0} resets, shutdown() half-closes.
#include <algorithm>

#include "tcp/connection.hpp"

namespace tcpsim {

void Connection::open_active(Time now, Outputs& out) {
  // RFC 9293 §3.10.1, CLOSED: "issue a SYN segment ... Set SND.UNA to ISS, SND.NXT to ISS+1, enter
  // SYN-SENT state".
  passive_ = false;
  tcb_.rcv_adv = tcb_.rcv_nxt;
  set_state(State::SynSent, Rule::ActiveOpen, out);
  send_syn(Rule::ActiveOpen, out);
  rtt_timing_ = true;
  rtt_seq_ = tcb_.iss;
  rtt_start_ = now;
  restart_retransmit_timer(now, out);
}

void Connection::open_passive(const Segment& syn, Time now, Outputs& out) {
  // RFC 9293 §3.10.7.2, LISTEN, third check: "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ ... ISS
  // should be selected and a SYN segment sent of the form <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
  // SND.NXT is set to ISS+1 and SND.UNA to ISS. The connection state should be changed to SYN-RECEIVED."
  passive_ = true;
  state_ = State::Listen;  // Born from the listener; its first recorded transition leaves LISTEN.
  tcb_.irs = syn.seq;
  tcb_.rcv_nxt = syn.seq + 1;
  tcb_.rcv_adv = tcb_.rcv_nxt;
  tcb_.snd_mss = std::min<uint16_t>(syn.mss ? syn.mss : 536, cfg_.mss);  // RFC 9293 §3.7.1.
  tcb_.snd_wnd = syn.wnd;
  tcb_.snd_wl1 = syn.seq;
  last_rcv_ = now;
  set_state(State::SynReceived, Rule::SynAckPassive, out);
  send_syn(Rule::SynAckPassive, out);
  rtt_timing_ = true;
  rtt_seq_ = tcb_.iss;
  rtt_start_ = now;
  restart_retransmit_timer(now, out);
}

uint64_t Connection::send(uint64_t bytes, Time now, Outputs& out) {
  if (!may_queue(state_) || snd_shutdown_) return 0;
  if (sndbuf_autotuned()) return send_autotuned(bytes, now, out);
  const uint64_t take = std::min(bytes, send_space());
  mark_pushes(take);
  snd_written_ += take;
  try_send(now, out);  // RFC 9293 §3.10.2: queued data is sent when the window allows.
  return take;
}

uint64_t Connection::read(uint64_t max, Time now, Outputs& out, std::vector<Payload>* pieces) {
  uint64_t n = 0;
  while (n < max && !rcv_queue_.empty()) {
    Payload& p = rcv_queue_.front();
    const uint64_t take = std::min<uint64_t>(p.len, max - n);
    if (pieces) pieces->push_back({p.stream, static_cast<uint32_t>(take), p.offset});
    n += take;
    if (take == p.len) {
      rcv_queue_.pop_front();
    } else {
      p.offset += take;
      p.len -= static_cast<uint32_t>(take);
    }
  }
  rcv_unread_ -= n;
  if (n > 0) ack_after_read(out);  // Linux tcp_cleanup_rbuf() (delayed-ack on).
  // RFC 1122 §4.2.3.3: once the window can open by min(RCV.BUFF/2, MSS) and the sender may be
  // stalled behind a small window, tell it with a window update.
  if (n > 0 && may_recv(state_) && !fin_received_) {
    const uint32_t step = std::min<uint32_t>(std::min<uint32_t>(cfg_.rcvbuf, 65535) / 2, cfg_.mss);
    const uint32_t before = rcv_wnd();
    if (before < step) {
      const Seq old_right = tcb_.rcv_adv;
      advertise_window();
      if (tcb_.rcv_adv != old_right) emit_ack(Rule::WindowUpdate, out);
    }
  }
  (void)now;
  return n;
}

void Connection::shutdown_write(Time now, Outputs& out) {
  if (snd_shutdown_) return;
  snd_shutdown_ = true;
  switch (state_) {
    case State::SynSent:
      // Linux tcp_shutdown() -> tcp_close_state(): SYN-SENT goes straight to CLOSED.
      enter_closed(Rule::CloseNothingSent, out);
      return;
    case State::SynReceived:
      // RFC 9293 §3.10.4: queue the FIN "for processing after entering ESTABLISHED state".
      fin_queued_ = true;
      fin_rule_ = Rule::FinShutdown;
      return;
    case State::Established:
      fin_queued_ = true;
      fin_rule_ = Rule::FinShutdown;
      set_state(State::FinWait1, Rule::FinShutdown, out);
      break;
    case State::CloseWait:
      fin_queued_ = true;
      fin_rule_ = Rule::FinShutdown;
      set_state(State::LastAck, Rule::FinShutdown, out);
      break;
    default:
      return;
  }
  try_send(now, out);
}

void Connection::shutdown_read() { rcv_shutdown_ = true; }

void Connection::close(Time now, Outputs& out) {
  if (orphan_) return;
  orphan_ = true;
  switch (state_) {
    case State::Closed:
    case State::Listen:
      return;
    case State::SynSent:
      // RFC 9293 §3.10.4: "Delete the TCB".
      enter_closed(Rule::CloseNothingSent, out);
      return;
    case State::TimeWait:
      // The socket already saw the whole exchange; only unread data (if any) is thrown away.
      if (rcv_unread_ > 0) discard_queues(Rule::None, out);
      return;
    default:
      break;
  }
  if (rcv_unread_ > 0 && peer_alive(state_)) {
    // RFC 1122 §4.2.2.13 / Linux tcp_close(): "If an application closes with data still unread, the
    // TCP SHOULD send a RST to show that data was lost." No FIN, no TIME-WAIT.
    // Linux __tcp_close(): tcp_set_state(TCP_CLOSE), then tcp_send_active_reset().
    discard_queues(Rule::RstCloseUnread, out);
    enter_closed(Rule::RstCloseUnread, out);
    emit_reset_ack(Rule::RstCloseUnread, out);
    return;
  }
  if (opts_.linger && opts_.linger_time == 0) {
    // Linux tcp_close() -> tcp_disconnect(): SO_LINGER {on, 0} aborts after the unread-data check.
    // Linux tcp_disconnect() resets where ABORT would, and where our FIN still waits behind data.
    const bool resets = abort_resets(state_) || (peer_alive(state_) && unsent() > 0);
    // Linux tcp_disconnect(): tcp_set_state(TCP_CLOSE) first, then the reset.
    discard_queues(Rule::RstLinger0, out);
    enter_closed(Rule::RstLinger0, out);
    if (resets) emit_reset_ack(Rule::RstLinger0, out);
    return;
  }
  // A normal close: FIN after the queued data (RFC 9293 §3.10.4).
  rcv_shutdown_ = true;
  snd_shutdown_ = true;
  if (!fin_queued_) {
    fin_queued_ = true;
    fin_rule_ = Rule::Fin;
  }
  switch (state_) {
    case State::Established:
      set_state(State::FinWait1, Rule::Fin, out);
      break;
    case State::CloseWait:
      set_state(State::LastAck, Rule::Fin, out);
      break;
    case State::FinWait2:
      arm(TimerKind::FinWait2, now + cfg_.fin_timeout, out);  // Linux tcp_fin_timeout for orphans.
      break;
    default:
      break;  // SYN-RECEIVED waits for ESTABLISHED; FIN-WAIT-1, CLOSING, LAST-ACK already sent FIN.
  }
  try_send(now, out);
}

void Connection::abort(Time now, Outputs& out, Rule rule) {
  (void)now;
  orphan_ = true;
  if (state_ == State::Closed) return;
  discard_queues(abort_resets(state_) ? rule : Rule::AbortNothingSent, out);
  if (abort_resets(state_)) {
    // RFC 9293 §3.10.5: "Send a reset segment ... all queued SENDs and RECEIVEs should be given
    // 'connection reset' notification ... enter CLOSED state".
    emit_reset_ack(rule, out);
    enter_closed(rule, out);
    return;
  }
  // LISTEN, SYN-SENT, CLOSING, LAST-ACK, TIME-WAIT: "respond with 'ok' and delete the TCB".
  enter_closed(Rule::AbortNothingSent, out);
}

void Connection::drop(Rule rule, Outputs& out) {
  if (state_ == State::Closed) return;
  discard_queues(rule, out);
  enter_closed(rule, out);
}

void Connection::set_options(const SocketOptions& opts, Time now, Outputs& out) {
  const bool keep_changed = opts.keepalive != opts_.keepalive || opts.keepidle != opts_.keepidle;
  opts_ = opts;
  if (keep_changed) arm_keepalive(now, out);
}

}  // namespace tcpsim
