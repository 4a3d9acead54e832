// Sending: segmentation within the peer's window, the retransmission timer (RFC 6298), fast
// retransmit (RFC 5681), zero-window probes and keep-alives. By default the sender is limited by the
// peer's window only; `congestion-control on` adds Linux's congestion window (connection_cwnd.cpp).
#include <algorithm>

#include "tcp/connection.hpp"

namespace tcpsim {

Seq Connection::data_seq(uint64_t offset) const {
  // The first data octet has sequence number ISS+1 (the SYN occupies ISS); sequence numbers wrap.
  return tcb_.iss + 1 + static_cast<uint32_t>(offset);
}

Seq Connection::data_end() const { return data_seq(snd_written_); }

int64_t Connection::stream_offset(Seq seq) const {
  // Counted from the acknowledged offset, whose sequence number is exact: anything in flight lies
  // within 2^31 of it, so the signed distance is right however many GiB went before (issue 10).
  return static_cast<int64_t>(snd_acked_) + (seq - data_seq(snd_acked_));
}

bool Connection::syn_acked() const { return tcb_.snd_una - data_seq(snd_acked_) >= 0; }

uint64_t Connection::unsent() const {
  // -1 before the SYN is sent; past the end once the FIN is.
  const int64_t sent = std::max<int64_t>(stream_offset(tcb_.snd_nxt), 0);
  return static_cast<uint64_t>(sent) < snd_written_ ? snd_written_ - static_cast<uint64_t>(sent) : 0;
}

uint64_t Connection::send_space() const {
  const uint64_t used = wmem_queued();
  const uint64_t buf = sndbuf();
  if (used >= buf) return sndbuf_autotuned() ? tail_room() : 0;
  if (!sndbuf_autotuned()) return buf - used;
  // Linux tcp_sendmsg_locked(): the unsent tail skb is filled up to size_goal, and a new skb is started
  // only while sk_stream_memory_free() (sk_wmem_queued < sk_sndbuf). At least this much is taken
  // (send_autotuned() says how much exactly: the pushes in between change the tail).
  return tail_room() + size_goal();
}

Payload Connection::payload_at(Seq seq, uint32_t len) const {
  if (len == 0) return {};
  return {send_stream_, len, static_cast<uint64_t>(stream_offset(seq))};
}

void Connection::mark_pushes(uint64_t take) {
  // Linux tcp_sendmsg_locked() copies a send() into skbs of size_goal bytes, filling first the unsent
  // tail skb left by an earlier send() (whose PSH it clears: "if (!copied) ... &= ~TCPHDR_PSH").
  // forced_push() (write_seq > pushed_seq + max_window/2) marks each full skb with PSH
  // (tcp_mark_push()), and tcp_push() marks the last skb of the call. Linux 6.18 on the kernel-check
  // TUN builds skbs of two MSS (size_goal) and finds forced_push() true for each, so a bulk send()
  // carries PSH on every second full segment and on its last one (measured: docs/kernel-check.md).
  if (take == 0) return;
  push_next_ = 0;  // The marks change: cut_at_push() searches afresh.
  const uint64_t goal = 2 * static_cast<uint64_t>(tcb_.snd_mss);
  const bool tail_unsent = unsent() > 0 && tail_skb_len_ > 0 && tail_skb_len_ < goal;
  if (tail_unsent && !push_marks_.empty() && push_marks_.back() == snd_written_) push_marks_.pop_back();
  if (!tail_unsent) tail_skb_len_ = 0;
  uint64_t pos = snd_written_;
  uint64_t left = take;
  while (left > 0) {
    const uint64_t copy = std::min(goal - tail_skb_len_, left);
    pos += copy;
    left -= copy;
    tail_skb_len_ += copy;
    if (tail_skb_len_ == goal) {
      push_marks_.push_back(pos);  // A full skb: forced_push(), tcp_mark_push().
      tail_skb_len_ = 0;
    }
  }
  if (push_marks_.empty() || push_marks_.back() != pos) push_marks_.push_back(pos);  // tcp_push().
}

uint8_t Connection::cut_at_push(Seq seq, uint32_t& len) {
  // A segment never spans the end of one of Linux's skbs; it carries PSH where send() marked one.
  // Marks at or below the acknowledged offset are no longer needed (nothing before SND.UNA is resent).
  const uint64_t off = static_cast<uint64_t>(stream_offset(seq));
  while (!push_marks_.empty() && push_marks_.front() <= std::min(snd_acked_, off)) push_marks_.pop_front();
  if (off < push_from_ || off >= push_next_) {
    const auto it = std::upper_bound(push_marks_.begin(), push_marks_.end(), off);
    if (it == push_marks_.end()) return 0;
    push_from_ = off;
    push_next_ = *it;  // No mark lies between them: it is the next one for any offset up to it.
  }
  if (push_next_ - off > len) return 0;
  len = static_cast<uint32_t>(push_next_ - off);
  return kPsh;
}

void Connection::send_syn(Rule rule, Outputs& out) {
  // <SEQ=ISS><CTL=SYN> (active) or <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> (passive or simultaneous),
  // both with the MSS option.
  const bool with_ack = state_ == State::SynReceived;
  emit(with_ack ? (kSyn | kAck) : kSyn, tcb_.iss, tcb_.rcv_nxt, {}, rule, out);
  if (tcb_.snd_nxt == tcb_.iss) tcb_.snd_nxt = tcb_.iss + 1;
}

void Connection::restart_retransmit_timer(Time now, Outputs& out) {
  arm(TimerKind::Retransmit, now + rto_, out);
}

void Connection::try_send(Time now, Outputs& out) {
  Tcb& t = tcb_;
  if (!may_send(state_) || !syn_acked()) return;
  const Rule data_rule = Rule::Data;
  const Seq first = t.snd_nxt;
  bool cwnd_limited = false;
  for (;;) {
    // RFC 9293 §3.8.6: never send beyond SND.UNA + SND.WND.
    const int32_t usable = (t.snd_una + t.snd_wnd) - t.snd_nxt;
    const Seq end = data_end();
    if (t.snd_nxt < end) {
      if (usable <= 0) break;
      // Linux tcp_write_xmit(), tcp_cwnd_test(): a new segment only while fewer than cwnd are in flight.
      if (cfg_.congestion_control && !cwnd_allows()) {
        cwnd_limited = true;
        break;
      }
      const uint32_t avail = static_cast<uint32_t>(end - t.snd_nxt);
      uint32_t len = std::min({avail, static_cast<uint32_t>(usable), static_cast<uint32_t>(t.snd_mss)});
      uint8_t flags = kAck;
      flags |= cut_at_push(t.snd_nxt, len);
      // The FIN rides on the last data segment when one more octet of window is left for it.
      const bool fin = fin_queued_ && !fin_sent_ && len == avail && static_cast<uint32_t>(usable) > len;
      if (fin) flags |= kFin;
      emit(flags, t.snd_nxt, t.rcv_nxt, payload_at(t.snd_nxt, len), fin ? fin_rule_ : data_rule, out);
      data_sent(now);
      if (!rtt_timing_) {
        rtt_timing_ = true;
        rtt_seq_ = t.snd_nxt;
        rtt_start_ = now;
      }
      t.snd_nxt += len;
      if (fin) {
        fin_sent_ = true;
        fin_seq_ = t.snd_nxt;
        t.snd_nxt += 1;
      }
      if (cfg_.congestion_control) cwnd_sent(t.snd_nxt);
      // RFC 6298 §5.1: start the timer when data is sent and it is not running.
      if (!armed(TimerKind::Retransmit)) restart_retransmit_timer(now, out);
      continue;
    }
    if (fin_queued_ && !fin_sent_ && t.snd_nxt == end) {
      if (usable <= 0) break;  // The FIN needs one octet of window, as the receiver's test demands.
      if (cfg_.congestion_control && !cwnd_allows()) {  // A FIN alone is a segment too (tcp_send_fin()).
        cwnd_limited = true;
        break;
      }
      emit(kFin | kAck, t.snd_nxt, t.rcv_nxt, {}, fin_rule_, out);
      if (!rtt_timing_) {
        rtt_timing_ = true;
        rtt_seq_ = t.snd_nxt;
        rtt_start_ = now;
      }
      fin_sent_ = true;
      fin_seq_ = t.snd_nxt;
      t.snd_nxt += 1;
      if (cfg_.congestion_control) cwnd_sent(t.snd_nxt);
      if (!armed(TimerKind::Retransmit)) restart_retransmit_timer(now, out);
    }
    break;
  }
  if (cfg_.congestion_control && (t.snd_nxt != first || cwnd_limited)) cwnd_validate(cwnd_limited);
  update_persist(now, out);
}

void Connection::update_persist(Time now, Outputs& out) {
  // RFC 9293 §3.8.6.1: with a zero window and data waiting (and nothing in flight for the
  // retransmission timer to cover), probe the window periodically.
  const bool waiting = unsent() > 0 || (fin_queued_ && !fin_sent_);
  const bool need = tcb_.snd_wnd == 0 && waiting && tcb_.snd_una == tcb_.snd_nxt && may_send(state_);
  if (need && !armed(TimerKind::Persist)) {
    // Linux tcp_probe0_when(): RTO << backoff, capped at the maximum RTO. Doubling stops at the cap,
    // so a backoff that grows for hours (a receiver that never reads) cannot overflow the interval.
    Time when = rto_;
    for (uint32_t i = 0; i < persist_backoff_ && when < cfg_.rto_max; ++i) when *= 2;
    arm(TimerKind::Persist, now + std::min(when, cfg_.rto_max), out);
  } else if (!need && armed(TimerKind::Persist)) {
    cancel(TimerKind::Persist, out);
  }
}

void Connection::on_persist_timeout(Time now, Outputs& out) {
  const bool waiting = unsent() > 0 || (fin_queued_ && !fin_sent_);
  if (tcb_.snd_wnd != 0 || !waiting) {
    try_send(now, out);
    return;
  }
  // Linux tcp_probe_timer(): give up after tcp_retries2 unanswered probes.
  if (probes_ >= cfg_.retries2) {
    set_error(Errno::TimedOut, out);
    discard_queues(Rule::GiveUpRetransmit, out);
    enter_closed(Rule::GiveUpRetransmit, out);
    return;
  }
  // Linux tcp_xmit_probe_skb(): <SEQ=SND.UNA-1><ACK=RCV.NXT>, no data: out of the peer's window, so
  // it must answer with an ACK carrying its current window.
  emit(kAck, tcb_.snd_una - 1, tcb_.rcv_nxt, {}, Rule::ZeroWindowProbe, out);
  ++probes_;
  // Linux tcp_send_probe0(): the backoff grows only while below tcp_retries2.
  if (persist_backoff_ < cfg_.retries2) ++persist_backoff_;
  update_persist(now, out);
}

void Connection::retransmit_head(Rule rule, Time now, Outputs& out) {
  rtt_timing_ = false;  // Karn's algorithm: never time a retransmitted segment.
  if (handshaking(state_)) {
    send_syn(rule, out);
    return;
  }
  const Tcb& t = tcb_;
  const uint32_t in_flight = static_cast<uint32_t>(t.snd_nxt - t.snd_una);
  if (in_flight == 0) return;
  const Seq end = data_end();
  uint32_t len = 0;
  if (t.snd_una < end) len = std::min({static_cast<uint32_t>(end - t.snd_una), in_flight,
                                       static_cast<uint32_t>(t.snd_mss)});
  uint8_t flags = kAck;
  if (len > 0) flags |= cut_at_push(t.snd_una, len);
  if (fin_sent_ && t.snd_una + len == fin_seq_) flags |= kFin;
  emit(flags, t.snd_una, t.rcv_nxt, payload_at(t.snd_una, len), rule, out);
  if (len > 0) data_sent(now);
}

void Connection::on_retransmit_timeout(Time now, Outputs& out) {
  const bool handshake = handshaking(state_);
  if (!handshake && tcb_.snd_una == tcb_.snd_nxt) return;  // Nothing outstanding.
  // Linux tcp_write_timeout(): SYN and SYN,ACK retries, tcp_orphan_retries for a connection its
  // application has closed, tcp_retries2 otherwise.
  // Linux >= 6.5 tcp_write_timeout(): SYN-SENT retries tcp_syn_retries + tcp_syn_linear_timeouts times.
  // A full socket in SYN-RECEIVED (a simultaneous open, which was SYN-SENT) retries tcp_syn_retries
  // times, counting the SYN's retransmissions (icsk_retransmits carries over); only a listener's
  // half-open connection (a request sock in Linux) uses tcp_synack_retries.
  const uint32_t limit = state_ == State::SynSent       ? cfg_.syn_retries + cfg_.syn_linear_timeouts
                         : state_ == State::SynReceived ? (passive_ ? cfg_.synack_retries : cfg_.syn_retries)
                         : orphan_                      ? cfg_.orphan_retries
                                                        : cfg_.retries2;
  if (retransmits_ >= limit) {
    if (state_ == State::SynReceived && passive_) {
      // Linux tcp_synack_retries: the half-open connection is dropped, nothing is sent.
      enter_closed(Rule::GiveUpSynAck, out);
      return;
    }
    // RFC 1122 §4.2.3.5 R2 / Linux tcp_write_err(): give up with ETIMEDOUT; no RST is sent.
    set_error(Errno::TimedOut, out);
    const Rule why = handshake ? Rule::GiveUpSyn : Rule::GiveUpRetransmit;
    discard_queues(why, out);
    enter_closed(why, out);
    return;
  }
  ++retransmits_;
  if (acked_ && state_ == State::SynReceived) {
    // Linux reqsk_timer_handler() for a request sock that is `acked` (its final ACK came while the
    // accept queue was full, tcp_check_req()): the timer backs off and counts toward
    // tcp_synack_retries, but no SYN,ACK goes out -- the client has one. (Seen on Linux 6.18 with
    // kernel-check: no SYN,ACK for 20 s; the client's next segment completes the handshake.)
    rto_ = std::min(rto_ * 2, cfg_.rto_max);
    restart_retransmit_timer(now, out);
    return;
  }
  if (handshake) syn_retransmitted_ = true;
  // RFC 6298 §5.5: back off the timer -- except, Linux >= 6.5 (tcp_retransmit_timer(),
  // tcp_syn_linear_timeouts), for the first syn-linear-timeouts SYN retransmissions, one RTO apart.
  if (state_ != State::SynSent || retransmits_ > cfg_.syn_linear_timeouts) rto_ = std::min(rto_ * 2, cfg_.rto_max);
  if (!handshake) {
    // Linux tcp_enter_loss(): ssthresh is recomputed unless a loss is already being recovered (fast
    // recovery, or this timeout repeats the last one: icsk_retransmits was not cleared by an ACK).
    if (cfg_.congestion_control) cwnd_on_timeout(!in_recovery_ || (cc_.loss && retransmits_ == 1));
    // Everything sent after SND.UNA may be lost: recover it one hole per partial ACK (RFC 6582).
    in_recovery_ = true;
    recover_ = tcb_.snd_nxt;
    dupacks_ = 0;
  }
  retransmit_head(Rule::Retransmit, now, out);  // RFC 6298 §5.4.
  restart_retransmit_timer(now, out);          // RFC 6298 §5.6.
}

Time Connection::keep_idle() const { return opts_.keepidle.value_or(cfg_.keepalive_idle); }
Time Connection::keep_intvl() const { return opts_.keepintvl.value_or(cfg_.keepalive_intvl); }
uint32_t Connection::keep_cnt() const { return opts_.keepcnt.value_or(cfg_.keepalive_cnt); }

void Connection::arm_keepalive(Time now, Outputs& out) {
  if (!opts_.keepalive || !keepalive_applies(state_)) {
    cancel(TimerKind::Keepalive, out);
    return;
  }
  // Linux inet_csk_reset_keepalive_timer(sk, keepalive_time_when(tp)) on setsockopt and when the
  // connection is established: one idle period from now.
  arm(TimerKind::Keepalive, now + keep_idle(), out);
}

void Connection::on_keepalive_timeout(Time now, Outputs& out) {
  // Linux tcp_keepalive_timer().
  if (!opts_.keepalive || !keepalive_applies(state_)) return;
  if (tcb_.snd_una != tcb_.snd_nxt || unsent() > 0) {
    // Data is outstanding: the retransmission timer watches the peer instead.
    arm(TimerKind::Keepalive, now + keep_idle(), out);
    return;
  }
  const Time idle = now - last_rcv_;
  if (idle < keep_idle()) {
    arm(TimerKind::Keepalive, last_rcv_ + keep_idle(), out);
    return;
  }
  if (probes_ >= keep_cnt()) {
    // Linux sends RST,ACK (tcp_send_active_reset) and reports ETIMEDOUT (tcp_write_err).
    emit_reset_ack(Rule::RstKeepaliveTimeout, out);
    set_error(Errno::TimedOut, out);
    discard_queues(Rule::RstKeepaliveTimeout, out);
    enter_closed(Rule::RstKeepaliveTimeout, out);
    return;
  }
  // RFC 1122 §4.2.3.6: a probe <SEQ=SND.NXT-1><ACK=RCV.NXT> with no data; a live peer must ACK it.
  emit(kAck, tcb_.snd_nxt - 1, tcb_.rcv_nxt, {}, Rule::KeepaliveProbe, out);
  ++probes_;
  arm(TimerKind::Keepalive, now + keep_intvl(), out);
}

}  // namespace tcpsim
