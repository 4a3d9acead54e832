// SEGMENT ARRIVES in SYN-SENT (RFC 9293 §3.10.7.3) and in TIME-WAIT (Linux
// tcp_timewait_state_process()), the two states whose rules stand apart from §3.10.7.4's checks.
#include <algorithm>

#include "tcp/connection.hpp"

namespace tcpsim {

void Connection::on_segment_syn_sent(const Segment& seg, Time now, Outputs& out) {
  Tcb& t = tcb_;
  bool ack_ok = false;
  // RFC 9293 §3.10.7.3, first: check the ACK bit.
  if (seg.flags & kAck) {
    if (seg.ack <= t.iss || seg.ack > t.snd_nxt) {
      // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set, if so drop
      // the segment and return) <SEQ=SEG.ACK><CTL=RST>". We stay in SYN-SENT.
      // Linux tcp_rcv_synsent_state_process(): "Previous FIN/ACK or RST/ACK might be ignored": if the SYN
      // has not been retransmitted yet (icsk_retransmits == 0), the retransmission timer is re-armed at
      // TCP_TIMEOUT_MIN, so the SYN goes again at once (the peer's old connection, reset by our RST,
      // then lets it through); then reset_and_undo. This holds with the RST bit set too.
      if (retransmits_ == 0) arm(TimerKind::Retransmit, now + kTimeoutMin, out);
      if (seg.flags & kRst) {
        out.verdict = Rule::DropRstSynSent;
      } else {
        reply_reset(seg, Rule::RstSynSentBadAck, out);
        out.verdict = Rule::RstSynSentBadAck;
      }
      return;
    }
    ack_ok = true;
  }
  // Second: check the RST bit.
  if (seg.flags & kRst) {
    if (ack_ok) {
      // "If the ACK was acceptable, then signal to the user 'error: connection reset', drop the
      // segment, enter CLOSED state" (Linux: ECONNREFUSED).
      reset_by_peer(Rule::RcvRstSynSent, out);
    } else {
      out.verdict = Rule::DropRstSynSent;  // "Otherwise (no ACK), drop the segment and return."
    }
    return;
  }
  // Fourth: check the SYN bit.
  if (!(seg.flags & kSyn)) {
    out.verdict = Rule::DropSynSentNoSyn;  // "If neither of the SYN or RST bits is set, drop."
    return;
  }
  t.irs = seg.seq;
  t.rcv_nxt = seg.seq + 1;
  t.rcv_adv = t.rcv_nxt;
  advertise_window();
  t.snd_mss = std::min<uint16_t>(seg.mss ? seg.mss : 536, cfg_.mss);  // RFC 9293 §3.7.1: default 536.
  last_rcv_ = now;
  if (ack_ok) {
    t.snd_una = seg.ack;
    if (rtt_timing_ && !syn_retransmitted_) update_rtt(now - rtt_start_);
    rtt_timing_ = false;
  }
  take_window(seg);
  if (t.snd_una > t.iss) {
    // "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to ESTABLISHED, form an
    // ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it."
    cancel(TimerKind::Retransmit, out);
    retransmits_ = 0;
    set_state(State::Established, Rule::HandshakeAck, out);
    if (syn_retransmitted_ && !have_rtt_) rto_ = kFallbackRto;  // RFC 6298 §5.7.
    notify(NotifyKind::Connected, out);
    arm_keepalive(now, out);
    ack_pending_ = true;
    ack_rule_ = Rule::HandshakeAck;
    if (seg.data.len > 0 || (seg.flags & kFin)) {
      // RFC 9293 §3.10.7.3 would go on to the sixth step and queue the SYN,ACK's text. Linux does not
      // (tcp_rcv_state_process(), SYN-SENT: "Do step6 onward by hand", then __kfree_skb()): without
      // TCP Fast Open the data and FIN are dropped, the ACK says RCV.NXT = IRS+1, and the peer
      // retransmits them. A student checking against Linux sees that ACK.
      ack_rule_ = Rule::SynAckTextDropped;
    }
    try_send(now, out);
    if (ack_pending_) emit_ack(ack_rule_, out);
    return;
  }
  // "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and
  // send it." (Simultaneous open.)
  set_state(State::SynReceived, Rule::SynAckSimultaneous, out);
  send_syn(Rule::SynAckSimultaneous, out);
}

Seq Connection::reopen_iss() const {
  // RFC 1122 §4.2.2.13 and RFC 6191: the new connection's sequence numbers must lie above the old
  // one's, so the peer's TIME-WAIT-era duplicates cannot be taken for new data. Linux
  // tcp_timewait_state_process(): isn = tw_snd_nxt + 65535 + 2, never 0.
  Seq isn = tcb_.snd_nxt + (65535 + 2);
  if (isn.v == 0) isn = isn + 1;
  return isn;
}

void Connection::on_segment_time_wait(const Segment& seg, Time now, Outputs& out, bool listener) {
  // Linux tcp_timewait_state_process(), which refines RFC 9293's "the only thing that can arrive in
  // this state is a retransmission of the remote FIN".
  const Tcb& t = tcb_;
  if (seg.flags & kRst) {
    if (seg.seq == t.rcv_nxt && !cfg_.rfc1337) {
      // RFC 1337 describes this "TIME-WAIT assassination"; Linux (tcp_rfc1337 = 0) allows it.
      enter_closed(Rule::RcvRstTimeWait, out);
    } else {
      out.verdict = Rule::DropTimeWait;
    }
    return;
  }
  if ((seg.flags & (kSyn | kAck)) == kSyn && seg.seq > t.rcv_nxt && listener) {
    // RFC 1122 §4.2.2.13: a new SYN above RCV.NXT may reopen the connection. Linux (tcp_v4_rcv(),
    // TCP_TW_SYN) does so only when a listener takes it; otherwise the SYN is answered below with an
    // ACK, TIME-WAIT stays, and the client's SYN-SENT resets it in turn.
    notify(NotifyKind::Reopen, out);
    enter_closed(Rule::TimeWaitNewSyn, out);
    return;
  }
  if ((seg.flags & kSyn) && !cfg_.rfc5961 && acceptable(seg)) {
    // RFC 793 §3.9, TIME-WAIT, fourth check: "If the SYN is in the window it is an error, send a
    // reset ... enter the CLOSED state". (RFC 5961 §4.2, on by default, answers with an ACK instead.)
    reply_reset(seg, Rule::RstSynInWindow, out);
    out.verdict = Rule::RstSynInWindow;
    enter_closed(Rule::RstSynInWindow, out);
    return;
  }
  if (seg.seq == t.rcv_nxt && seg.seg_len() == 0) {
    // An in-window bare ACK: restart 2MSL, say nothing.
    if (seg.flags & kAck) arm(TimerKind::TimeWait, now + 2 * cfg_.msl, out);
    out.verdict = Rule::DropTimeWait;
    return;
  }
  // RFC 9293 §3.10.7.4: "Acknowledge it, and restart the 2 MSL timeout." (Linux rate-limits these too.)
  emit_oow_ack(seg, Rule::TimeWaitAck, now, out);
  if (seg.flags & kAck) arm(TimerKind::TimeWait, now + 2 * cfg_.msl, out);
}

}  // namespace tcpsim
