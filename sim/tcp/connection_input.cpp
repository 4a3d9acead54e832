// SEGMENT ARRIVES (RFC 9293 §3.10.7.3 and §3.10.7.4), with RFC 5961's checks and Linux's choices
// where the RFC leaves one open. Early rejections come first, then one step per RFC "check".
#include <algorithm>

#include "tcp/connection.hpp"
#include "tcp/reset.hpp"
#include "util/inline.hpp"

namespace tcpsim {

void Connection::on_segment(const Segment& seg, Time now, Outputs& out, bool listener, bool accept_queue_full) {
  if (predicted(seg)) [[likely]] {
    // Linux tcp_rcv_established()'s fast path (header prediction): such a segment passes RFC 9293
    // §3.10.7.4's first five checks as a matter of course (at RCV.NXT inside the window, no RST, no SYN,
    // ACK set, not SYN-RECEIVED), and its text needs no trimming: only the ACK and the text are processed,
    // by the same steps as on the full path, so the outputs are the same.
    if (!process_ack(seg, now, out)) return;
    last_rcv_ = now;
    if (seg.data.len > 0) take_in_order(seg.data, seg.flags, now, out);
    after_input(now, out);
    return;
  }
  switch (state_) {
    case State::Closed:
    case State::Listen:
      return;  // A closed TCB takes no segments (the host answers for it); listeners are the host's.
    case State::SynSent:
      on_segment_syn_sent(seg, now, out);
      return;
    case State::TimeWait:
      on_segment_time_wait(seg, now, out, listener);
      return;
    default:
      break;
  }
  // SYN-RECEIVED and the synchronized states.

  // Linux tcp_check_req(): a retransmitted SYN in SYN-RECEIVED means our SYN,ACK was lost: resend it.
  if (state_ == State::SynReceived && seg.flags == kSyn && seg.seq == tcb_.irs) {
    send_syn(Rule::SynAckAgain, out);
    return;
  }

  // RFC 9293 §3.5 Figure 7, line 6 (simultaneous open): in SYN-RECEIVED reached from SYN-SENT, the
  // peer's SYN,ACK <SEQ=IRS><ACK=SND.NXT> acknowledges our SYN and completes the handshake. Its SYN
  // is the one already taken (RCV.NXT = IRS+1), so the rest is processed as the ACK it carries, as
  // Linux tcp_validate_incoming() does, rather than as an old segment or a new SYN.
  if (state_ == State::SynReceived && !passive_ && (seg.flags & (kSyn | kAck | kRst)) == (kSyn | kAck) &&
      seg.seq == tcb_.irs && seg.ack == tcb_.snd_nxt) {
    Segment rest = seg;
    rest.flags = static_cast<uint8_t>(rest.flags & ~kSyn);
    rest.seq = seg.seq + 1;
    // Linux answers it with an ACK, which RFC 9293 Figure 7 does not draw: tcp_data_queue() finds the
    // SYN,ACK's SYN below RCV.NXT, a "retransmission", and acknowledges it at once.
    ack_pending_ = true;
    ack_rule_ = Rule::AckSimultaneousOpen;
    on_segment_open(rest, now, out);
    if (state_ == State::SynReceived) ack_pending_ = false;  // Not taken: no ACK for it.
    return;
  }
  on_segment_open(seg, now, out, accept_queue_full);
}

void Connection::on_segment_open(const Segment& seg, Time now, Outputs& out, bool accept_queue_full) {
  // SYN-RECEIVED and the synchronized states, RFC 9293 §3.10.7.4's checks in order.

  // ---- First: check the sequence number (RFC 9293 §3.10.7.4, the acceptability table).
  if ((seg.flags & kRst) && rst_after_fin(seg)) {
    // Linux tcp_reset_check(): in CLOSE-WAIT, CLOSING and LAST-ACK an RST at RCV.NXT-1 resets. The
    // peer's FIN took that number and its RST (sent by close() with unread data, say) follows it; RFC
    // 9293 would drop it as outside the window and leave a student's client waiting for nothing.
    reset_by_peer(Rule::RcvRstAfterFin, out);
    return;
  }
  if (!acceptable(seg)) {
    if (seg.flags & kRst) {
      out.verdict = Rule::DropRstOutOfWindow;  // RFC 5961 §3.2: an out-of-window RST is dropped silently.
      return;
    }
    const uint32_t syn = (seg.flags & kSyn) ? 1 : 0;
    const bool old_data = seg.data.len > 0 && (seg.seq + syn + seg.data.len) <= tcb_.rcv_nxt;
    Rule r = old_data ? Rule::AckDuplicateData : Rule::AckUnacceptable;
    // RFC 5961 §4.2: a SYN in a synchronized state gets a challenge ACK "irrespective of the sequence
    // number" (Linux tcp_validate_incoming() sends it from this first check: syn_challenge).
    if (syn && cfg_.rfc5961 && is_synchronized(state_)) r = Rule::ChallengeAckSyn;
    // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the
    // RST bit is set, if so drop the segment and return): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
    emit_oow_ack(seg, r, now, out);
    return;
  }

  // ---- Second: check the RST bit.
  if (seg.flags & kRst) {
    if (cfg_.rfc5961 && seg.seq != tcb_.rcv_nxt) {
      // RFC 5961 §3.2: in the window but not exactly RCV.NXT: challenge ACK, keep the connection.
      emit_oow_ack(seg, Rule::ChallengeAckRst, now, out);
      return;
    }
    const Rule r = cfg_.rfc5961 ? Rule::RcvRst : Rule::RcvRst793;
    if (state_ == State::SynReceived && passive_) {
      // "If this connection was initiated with a passive OPEN (i.e., came from the LISTEN state),
      // then return this connection to LISTEN state and return."
      cancel_all_timers(out);
      set_state(State::Listen, r, out);
      notify(NotifyKind::BackToListen, out);
      return;
    }
    reset_by_peer(r, out);
    return;
  }

  // ---- Third (security) is not modelled. Fourth: check the SYN bit.
  if (seg.flags & kSyn) {
    if (state_ == State::SynReceived && passive_) {
      // RFC 9293 §3.10.7.4: a new SYN in a passive SYN-RECEIVED returns the connection to LISTEN.
      cancel_all_timers(out);
      set_state(State::Listen, Rule::SynInSynReceived, out);
      notify(NotifyKind::BackToListen, out);
      return;
    }
    if (cfg_.rfc5961) {
      // RFC 5961 §4.2: any SYN in a synchronized state gets a challenge ACK.
      emit_oow_ack(seg, Rule::ChallengeAckSyn, now, out);
      return;
    }
    // RFC 793 §3.9: "If the SYN is in the window it is an error, send a reset ... enter the CLOSED state".
    reply_reset(seg, Rule::RstSynInWindow, out);
    out.verdict = Rule::RstSynInWindow;
    reset_by_peer(Rule::RstSynInWindow, out);
    return;
  }

  // ---- Fifth: check the ACK field.
  if (!(seg.flags & kAck)) {
    out.verdict = Rule::DropNoAckBit;  // "if the ACK bit is off, drop the segment and return"
    return;
  }
  if (state_ == State::SynReceived) {
    if (!(tcb_.snd_una < seg.ack && seg.ack <= tcb_.snd_nxt)) {
      // "If the segment acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST>
      // and send it." The connection stays in SYN-RECEIVED.
      reply_reset(seg, Rule::RstSynReceivedBadAck, out);
      out.verdict = Rule::RstSynReceivedBadAck;
      return;
    }
    if (passive_ && accept_queue_full) {
      if (cfg_.abort_on_overflow) {
        // Linux tcp_check_req() with tcp_abort_on_overflow = 1: the client is told at once with a
        // reset <SEQ=SEG.ACK><CTL=RST>, and the half-open connection is forgotten.
        reply_reset(seg, Rule::RstAcceptQueueFull, out);
        out.verdict = Rule::RstAcceptQueueFull;
        enter_closed(Rule::RstAcceptQueueFull, out);
        return;
      }
      // Linux tcp_check_req() (listen_overflow, tcp_abort_on_overflow = 0): the ACK is dropped, the
      // connection stays in SYN-RECEIVED and the request is marked `inet_rsk(req)->acked`: the client
      // has its SYN,ACK, so its timer sends none again (on_retransmit_timeout()). The client's next
      // segment with this ACK (its data, retransmitted) completes the handshake once accept() has made room.
      acked_ = true;
      out.verdict = Rule::DropAcceptQueueFull;
      return;
    }
    // "enter ESTABLISHED state and continue processing with the variables below set to:
    // SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK".
    take_window(seg);
    set_state(State::Established, Rule::AckOfSyn, out);
    if (syn_retransmitted_ && !have_rtt_) rto_ = kFallbackRto;  // RFC 6298 §5.7.
    notify(NotifyKind::Connected, out);
    if (fin_queued_) set_state(State::FinWait1, fin_rule_, out);  // A close() queued in SYN-RECEIVED.
    last_rcv_ = now;
    arm_keepalive(now, out);
  }
  if (!process_ack(seg, now, out)) return;
  last_rcv_ = now;
  if (state_ == State::FinWait1 && fin_acked()) {
    // "if the FIN segment is now acknowledged, then enter FIN-WAIT-2 and continue processing".
    set_state(State::FinWait2, Rule::AckOfFin, out);
    if (orphan_) arm(TimerKind::FinWait2, now + cfg_.fin_timeout, out);  // Linux tcp_fin_timeout.
  } else if (state_ == State::Closing && fin_acked()) {
    enter_time_wait(Rule::AckOfFin, now, out);
    return;
  } else if (state_ == State::LastAck && fin_acked()) {
    // "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state, and return."
    enter_closed(Rule::AckOfFin, out);
    return;
  }

  // ---- Sixth (URG) is not modelled. Seventh and eighth: the segment text and the FIN.
  process_text_and_fin(seg, now, out);
  if (state_ == State::Closed || state_ == State::TimeWait) return;
  after_input(now, out);
}

bool Connection::predicted(const Segment& seg) const {
  // ESTABLISHED; ACK (and PSH) alone; exactly at RCV.NXT, so acceptable when it carries nothing or its
  // text ends inside the window advertised (RCV.ADV); nothing held out of order; not shut for reading.
  // (Linux predicts on the window too, and on the ACK; tcpsim's full path handles those the same way.)
  return state_ == State::Established && (seg.flags & ~kPsh) == kAck && seg.seq == tcb_.rcv_nxt &&
         ooo_.empty() && !rcv_shutdown_ && (seg.data.len == 0 || seg.seq + seg.data.len <= tcb_.rcv_adv);
}

TCPSIM_UNIT_INLINE void Connection::after_input(Time now, Outputs& out) {
  try_send(now, out);
  check_space(out);         // Linux tcp_data_snd_check(): tcp_check_space() after the push.
  ack_snd_check(now, out);  // At once, or (delayed-ack on) Linux's delayed-ACK rules.
}

TCPSIM_UNIT_INLINE void Connection::take_in_order(Payload data, uint8_t flags, Time now, Outputs& out) {
  Tcb& t = tcb_;
  rcv_queue_.push_back(data);
  rcv_unread_ += data.len;
  t.rcv_nxt += data.len;
  data_received(data.len, (flags & (kPsh | kFin)) != 0, now);
  // RFC 5681 §4.2 (Linux tcp_data_queue(): ICSK_ACK_NOW): data that fills a hole is acknowledged at once.
  if (!ooo_.empty()) dack_.ack_now = true;
  drain_out_of_order();
  notify(NotifyKind::Readable, out);
  ack_pending_ = true;
  ack_rule_ = Rule::Ack;
}

bool Connection::rst_after_fin(const Segment& seg) const {
  return seg.seq == tcb_.rcv_nxt - 1 && fin_received_ &&
         (state_ == State::CloseWait || state_ == State::Closing || state_ == State::LastAck);
}

bool Connection::acceptable(const Segment& seg) const {
  // RFC 9293 §3.10.7.4, first check: the four cases of the acceptability table, against the window
  // the peer was last told (RCV.NXT .. RCV.NXT+RCV.WND).
  const uint32_t len = seg.seg_len();
  const uint32_t wnd = rcv_wnd();
  const Seq nxt = tcb_.rcv_nxt;
  if (len == 0) {
    if (wnd == 0) return seg.seq == nxt;
    return seq_in(seg.seq, nxt, nxt + wnd);
  }
  if (wnd == 0) {
    // "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be made
    // to accept valid ACKs, URGs, and RSTs": a segment exactly at RCV.NXT is processed for its
    // control fields; its data is then trimmed away (and acknowledged with the zero window).
    return seg.seq == nxt || old_at_wup(seg);
  }
  return seq_in(seg.seq, nxt, nxt + wnd) || seq_in(seg.seq + (len - 1), nxt, nxt + wnd) || old_at_wup(seg);
}

bool Connection::old_at_wup(const Segment& seg) const {
  // Linux tcp_sequence(): the left edge is RCV.WUP, not RCV.NXT: "!before(end_seq, tp->rcv_wup)".
  // RCV.WUP is RCV.NXT as of the last segment that advertised a window (tcp_select_window() sets
  // tp->rcv_wup; here ack_sent()). So a segment that lies wholly before RCV.NXT is still acceptable
  // when its end reaches RCV.WUP: the exact retransmission of the last segment taken (its data or its
  // FIN ends at RCV.NXT) or, with an ACK still delayed, anything since the last one. Its RST, SYN and
  // ACK are checked as any acceptable segment's; tcp_data_queue() then re-acknowledges its old text
  // at once (process_text_and_fin()). The right edge is the RFC's (tcpsim's RCV.ADV is Linux's
  // rcv_wup + rcv_wnd); Linux also takes a segment starting exactly there, which tcpsim does not.
  // A SYN is left to the RFC's test: RFC 5961 §4.2 challenges it either way, and without RFC 5961
  // (RFC 793's "SYN in the window: reset") Linux's edge does not apply.
  if (seg.flags & kSyn) return false;
  return seg.seq < tcb_.rcv_nxt && seg.seq + seg.seg_len() <= tcb_.rcv_nxt && dack_.rcv_wup <= seg.seq + seg.seg_len();
}

void Connection::take_window(const Segment& seg) {
  tcb_.snd_wnd = seg.wnd;
  tcb_.snd_wl1 = seg.seq;
  tcb_.snd_wl2 = seg.ack;
  tcb_.max_snd_wnd = std::max(tcb_.max_snd_wnd, tcb_.snd_wnd);
}

void Connection::update_rtt(Time m) {
  // Linux tcp_rtt_estimator() and tcp_set_rto(), in this simulator's time unit. srtt8_ is 8*SRTT;
  // mdev4_ is 4*mean deviation; rttvar_ is the largest mdev4_ of the last window of data, never below
  // rto-min. The RTO is SRTT + RTTVAR: Linux's floor, tcp_rto_min, is added to SRTT (through
  // RTTVAR), not clamped on the sum as RFC 6298 §2.4 does -- a 40 ms RTT gives 240 ms, not 200 ms.
  if (m <= 0) m = 1;
  if (!have_rtt_) {
    srtt8_ = m * 8;            // "take the measured time to be rtt"
    mdev4_ = m * 2;            // "make sure rto = 3*rtt"
    rttvar_ = std::max(mdev4_, cfg_.rto_min);
    mdev_max_ = rttvar_;
    rtt_window_end_ = tcb_.snd_nxt;
    have_rtt_ = true;
  } else {
    Time err = m - srtt8_ / 8;
    srtt8_ += err;             // srtt = 7/8 srtt + 1/8 new
    if (err < 0) {
      err = -err - mdev4_ / 4;
      if (err > 0) err /= 8;   // a falling RTT moves mdev eight times less
    } else {
      err -= mdev4_ / 4;
    }
    mdev4_ += err;             // mdev = 3/4 mdev + 1/4 |error|
    if (mdev4_ > mdev_max_) {
      mdev_max_ = mdev4_;
      rttvar_ = std::max(rttvar_, mdev_max_);
    }
    if (tcb_.snd_una > rtt_window_end_) {
      // Once per window of data: rttvar decays towards the window's largest mdev.
      if (mdev_max_ < rttvar_) rttvar_ -= (rttvar_ - mdev_max_) / 4;
      rtt_window_end_ = tcb_.snd_nxt;
      mdev_max_ = cfg_.rto_min;
    }
  }
  if (srtt8_ < 1) srtt8_ = 1;
  // __tcp_set_rto() then tcp_bound_rto(): SRTT + RTTVAR, at most rto-max.
  rto_ = std::min(srtt8_ / 8 + rttvar_, cfg_.rto_max);
}

TCPSIM_UNIT_INLINE bool Connection::process_ack(const Segment& seg, Time now, Outputs& out) {
  Tcb& t = tcb_;
  if (seg.ack > t.snd_nxt) {
    // RFC 9293 §3.10.7.4: "If the ACK acknowledges something not yet sent (SEG.ACK > SND.NXT), then
    // send an ACK, drop the segment, and return." Linux does so (a challenge ACK) in the other
    // synchronized states (tcp_rcv_state_process()), but in ESTABLISHED tcp_rcv_established() drops
    // the segment silently when tcp_ack() returns SKB_DROP_REASON_TCP_ACK_UNSENT_DATA.
    if (state_ == State::Established) {
      out.verdict = Rule::DropAckUnsent;
    } else {
      emit_oow_ack(seg, Rule::AckUnsent, now, out);
    }
    return false;
  }
  if (cfg_.rfc5961 && seg.ack < t.snd_una - std::max<uint32_t>(t.max_snd_wnd, 1)) {
    // RFC 5961 §5.2: acceptable ACKs satisfy (SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT.
    emit_oow_ack(seg, Rule::AckTooOld, now, out);
    return false;
  }
  probes_ = 0;  // Linux tcp_ack(): any acceptable ACK answers outstanding probes.
  // RFC 5681 §2: a duplicate ACK carries no data, no SYN/FIN, the same window, acknowledges SND.UNA,
  // and arrives while data is outstanding.
  const bool duplicate = seg.ack == t.snd_una && seg.data.len == 0 && !(seg.flags & (kSyn | kFin)) &&
                         seg.wnd == t.snd_wnd && t.snd_una != t.snd_nxt;
  if (t.snd_una < seg.ack) {
    uint32_t acked = static_cast<uint32_t>(seg.ack - t.snd_una);
    if (!syn_acked()) --acked;  // Our SYN occupied one sequence number.
    if (fin_sent_ && seg.ack > fin_seq_ && t.snd_una <= fin_seq_) --acked;  // So did our FIN.
    snd_acked_ += acked;
    t.snd_una = seg.ack;
    retransmits_ = 0;
    dupacks_ = 0;
    if (rtt_timing_ && seg.ack > rtt_seq_) {
      update_rtt(now - rtt_start_);  // Karn: the timed segment was never retransmitted.
      rtt_timing_ = false;
    }
    if (in_recovery_) {
      if (seg.ack >= recover_) {
        in_recovery_ = false;
        if (cfg_.congestion_control) cwnd_recovered();
      } else {
        retransmit_head(Rule::PartialAck, now, out);  // RFC 6582 §3.2 step 5.
      }
    }
    // Linux tcp_ack(): tcp_fastretrans_alert() (recovery over) first, then tcp_cong_control().
    if (cfg_.congestion_control) cwnd_acked();
    // RFC 6298 §5.2/§5.3: stop the timer when all is acknowledged, else restart it.
    if (t.snd_una == t.snd_nxt) {
      cancel(TimerKind::Retransmit, out);
    } else {
      restart_retransmit_timer(now, out);
    }
    // The writer is told when enough of the buffer is free (check_space()), not on every ACK.
  } else if (seg.ack < t.snd_una) {
    // "If the ACK is a duplicate (SEG.ACK < SND.UNA), it can be ignored" -- the ACK field only: the
    // segment's data and FIN are still processed below, so it is "ignored" only when it carries nothing.
    if (seg.data.len == 0 && !(seg.flags & kFin)) out.verdict = Rule::DropOldAck;
  } else if (duplicate) {
    if (++dupacks_ == cfg_.dupack_threshold && !in_recovery_) {
      // RFC 5681 §3.2 / RFC 6582 §3.2: fast retransmit, remember the recovery point.
      in_recovery_ = true;
      recover_ = t.snd_nxt;
      if (cfg_.congestion_control) cwnd_on_fast_retransmit();
      retransmit_head(Rule::FastRetransmit, now, out);
      restart_retransmit_timer(now, out);
    }
  }
  // RFC 9293 §3.10.7.4: "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If
  // (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND,
  // set SND.WL1 <- SEG.SEQ, and set SND.WL2 <- SEG.ACK."
  if (t.snd_una <= seg.ack && (t.snd_wl1 < seg.seq || (t.snd_wl1 == seg.seq && t.snd_wl2 <= seg.ack))) {
    const bool opened = t.snd_wnd == 0 && seg.wnd > 0;
    take_window(seg);
    if (opened) persist_backoff_ = 0;  // Linux tcp_ack_probe(): the window opened, clear the backoff.
  }
  return true;
}

TCPSIM_UNIT_INLINE void Connection::process_text_and_fin(const Segment& seg, Time now, Outputs& out) {
  Tcb& t = tcb_;
  const uint32_t syn = (seg.flags & kSyn) ? 1 : 0;
  Seq start = seg.seq + syn;
  Payload data = seg.data;
  const Seq end = start + data.len;  // The FIN, if any, occupies `end`.
  const bool has_fin = seg.flags & kFin;

  if (!may_recv(state_)) {
    // CLOSE-WAIT, CLOSING, LAST-ACK: "This should not occur, since a FIN has been received from the
    // remote side. Ignore the segment text." Linux tcp_rcv_state_process() ignores it only from
    // RCV.NXT on; a segment before RCV.NXT (a retransmitted FIN, old data: acceptable at RCV.WUP)
    // goes to tcp_data_queue(), which takes it as a retransmission and ACKs at once, never
    // rate-limited: tcp_enter_quickack_mode() and inet_csk_schedule_ack(). A bare ACK is not.
    if (seg.seq < t.rcv_nxt && (data.len > 0 || has_fin)) ack_old_text(out);
    return;
  }
  if (rcv_shutdown_ && !fin_received_ && data.len > 0 && end > t.rcv_nxt &&
      (state_ == State::FinWait1 || state_ == State::FinWait2)) {
    // RFC 1122 §4.2.2.13 / Linux tcp_rcv_state_process(): new data for an application that has
    // closed can never be read: reset, <SEQ=SEG.ACK><CTL=RST>, and drop the connection.
    // Linux: tcp_reset() purges and closes, then tcp_v4_do_rcv() sends the reset.
    out.verdict = Rule::RstDataAfterClose;
    discard_queues(Rule::RstDataAfterClose, out);
    set_error(Errno::ConnReset, out);
    enter_closed(Rule::RstDataAfterClose, out);
    reply_reset(seg, Rule::RstDataAfterClose, out);
    return;
  }

  // Trim what lies before RCV.NXT and beyond the advertised right edge (RFC 9293 §3.10.7.4: "Segments
  // with higher beginning sequence numbers may be held for later processing").
  if (data.len > 0) {
    if (start < t.rcv_nxt) {
      const uint32_t cut = static_cast<uint32_t>(t.rcv_nxt - start);
      if (cut >= data.len) {
        data.len = 0;
      } else {
        data.offset += cut;
        data.len -= cut;
      }
      start = t.rcv_nxt;
    }
    const Seq right = t.rcv_adv;
    if (data.len > 0 && start + data.len > right) {
      const int32_t room = right - start;
      data.len = room > 0 ? static_cast<uint32_t>(room) : 0;
      ack_pending_ = true;  // Tell the sender what the window really is.
      dack_.ack_now = true;
      ack_rule_ = Rule::Ack;
    }
  }
  // The FIN counts only when all the data before it was accepted.
  const bool fin_here = has_fin && start + data.len == end;

  if (data.len > 0 && start > t.rcv_nxt) {
    queue_out_of_order(start, data, fin_here);
    ack_pending_ = true;  // RFC 5681 §4.2: an out-of-order segment is acknowledged at once.
    ack_rule_ = Rule::AckOutOfOrder;
    return;
  }
  if (data.len > 0) {
    take_in_order(data, seg.flags, now, out);
  } else if (seg.data.len > 0 && !fin_here) {
    if (seg.seq + syn + seg.data.len <= t.rcv_nxt) {
      ack_old_text(out);  // All of it was old (acceptable at RCV.WUP): a retransmission.
    } else {
      ack_pending_ = true;  // Data that did not fit (zero window): acknowledge what we have.
      if (cfg_.delayed_ack) enter_quickack();  // Linux tcp_data_queue(): out of window, ACK at once.
      ack_rule_ = Rule::Ack;
    }
  }

  // ---- Eighth: check the FIN bit.
  if (fin_here) {
    if (end == t.rcv_nxt) {
      process_fin(now, out);
    } else if (end > t.rcv_nxt) {
      queue_out_of_order(end, {}, true);
      ack_pending_ = true;
      ack_rule_ = Rule::AckOutOfOrder;
    }
  } else if (!ooo_.empty() && ooo_.front().fin && ooo_.front().seq == t.rcv_nxt) {
    ooo_.erase(ooo_.begin());  // A FIN that arrived early is now in order.
    process_fin(now, out);
  }
}

void Connection::ack_old_text(Outputs& out) {
  // Linux tcp_data_queue(): "A retransmit, 2nd most common case. Force an immediate ack.":
  // tcp_enter_quickack_mode() and inet_csk_schedule_ack(); the ACK is not rate-limited.
  ack_pending_ = true;
  if (cfg_.delayed_ack) enter_quickack();
  ack_rule_ = Rule::AckDuplicateData;
  out.verdict = Rule::AckDuplicateData;
}

void Connection::queue_out_of_order(Seq seq, Payload data, bool fin) {
  // Keep ooo_ sorted and non-overlapping: add only the parts of [seq, seq+len) not already held.
  // A FIN is kept as a zero-length marker at the sequence number it occupies.
  const Seq fin_at = seq + data.len;
  // Common case: the new piece overlaps nothing already held: insert it in place.
  if (!fin && data.len > 0) {
    const Seq end = seq + data.len;
    auto pos = std::upper_bound(ooo_.begin(), ooo_.end(), seq, [](Seq s, const OooPiece& p) { return s < p.seq; });
    const bool clear_before = pos == ooo_.begin() || std::prev(pos)->seq + std::prev(pos)->data.len <= seq;
    const bool clear_after = pos == ooo_.end() || end <= pos->seq;
    if (clear_before && clear_after) {
      ooo_.insert(pos, {seq, data, false});
      return;
    }
  }
  std::vector<OooPiece> add;
  Seq s = seq;
  for (const OooPiece& p : ooo_) {
    if (data.len == 0) break;
    if (p.fin) continue;
    const Seq p_end = p.seq + p.data.len;
    if (p_end <= s) continue;
    if (p.seq >= s + data.len) break;
    if (p.seq > s) {
      Payload head = data;
      head.len = static_cast<uint32_t>(p.seq - s);
      add.push_back({s, head, false});
    }
    const uint32_t cut = static_cast<uint32_t>(p_end - s);
    if (cut >= data.len) {
      data.len = 0;
    } else {
      data.offset += cut;
      data.len -= cut;
      s = p_end;
    }
  }
  if (data.len > 0) add.push_back({s, data, false});
  if (fin && std::none_of(ooo_.begin(), ooo_.end(), [&](const OooPiece& p) { return p.fin; })) {
    add.push_back({fin_at, {}, true});
  }
  ooo_.insert(ooo_.end(), add.begin(), add.end());
  std::sort(ooo_.begin(), ooo_.end(), [](const OooPiece& a, const OooPiece& b) { return a.seq < b.seq; });
}

void Connection::drain_out_of_order() {
  // Deliver held data that the new in-order data made contiguous. A FIN marker exactly at RCV.NXT is
  // left at the front for process_text_and_fin.
  Tcb& t = tcb_;
  while (!ooo_.empty()) {
    const OooPiece p = ooo_.front();
    if (p.seq > t.rcv_nxt) break;
    if (p.fin) {
      if (p.seq == t.rcv_nxt) break;
      ooo_.erase(ooo_.begin());
      continue;
    }
    const Seq p_end = p.seq + p.data.len;
    if (p_end > t.rcv_nxt) {
      const uint32_t cut = static_cast<uint32_t>(t.rcv_nxt - p.seq);
      Payload d = p.data;
      d.offset += cut;
      d.len -= cut;
      rcv_queue_.push_back(d);
      rcv_unread_ += d.len;
      t.rcv_nxt += d.len;
    }
    ooo_.erase(ooo_.begin());
  }
}

void Connection::process_fin(Time now, Outputs& out) {
  // RFC 9293 §3.10.7.4, eighth: "signal the user 'connection closing' ... advance RCV.NXT over the
  // FIN, and send an acknowledgment for the FIN."
  Tcb& t = tcb_;
  t.rcv_nxt += 1;
  t.rcv_adv += 1;  // The FIN takes a sequence number but no buffer space: the window does not shrink.
  fin_received_ = true;  // Linux tcp_fin(): SOCK_DONE and RCV_SHUTDOWN.
  rcv_shutdown_ = true;
  ooo_.clear();
  notify(NotifyKind::Eof, out);
  ack_pending_ = true;
  ack_rule_ = Rule::Ack;
  // Only the states may_recv() names take a FIN: SYN-RECEIVED has become ESTABLISHED by now.
  switch (state_) {
    case State::Established:
      set_state(State::CloseWait, Rule::RcvFin, out);
      // Linux tcp_fin(): the peer is done; its FIN's ACK may wait for our reply (pingpong mode).
      if (cfg_.delayed_ack) dack_.pingpong = true;
      break;
    case State::FinWait1:
      dack_.ack_now = true;  // Linux tcp_fin(): a simultaneous close acknowledges the FIN at once.
      // "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT ...; otherwise,
      // enter the CLOSING state." (An ACK of our FIN has already moved us to FIN-WAIT-2.)
      set_state(State::Closing, Rule::RcvFin, out);
      break;
    case State::FinWait2:
      emit_ack(Rule::Ack, out);
      enter_time_wait(Rule::RcvFin, now, out);
      break;
    default:
      break;
  }
}

}  // namespace tcpsim
