#pragma once
// Why a segment was sent or a state was entered: each Rule names the protocol rule that decided it.
// The CLI, the visualizer and the exporters show the label and the citation; tests assert on the Rule.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tcpsim {

// X(Enum, key, short label, citation, one-sentence explanation)
#define TCPSIM_RULES(X)                                                                                          \
  X(None, "none", "", "", "")                                                                                    \
  X(ActiveOpen, "active-open", "connect()", "RFC 9293 §3.10.1",                                                  \
    "An active OPEN sends <SEQ=ISS><CTL=SYN> with the MSS option and enters SYN-SENT.")                          \
  X(PassiveOpen, "passive-open", "listen()", "RFC 9293 §3.10.1",                                                 \
    "A passive OPEN waits in LISTEN for a SYN.")                                                                 \
  X(SynAckPassive, "syn-ack", "rcv SYN", "RFC 9293 §3.10.7.2",                                                   \
    "A SYN arriving in LISTEN is answered with <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; the new connection enters "  \
    "SYN-RECEIVED.")                                                                                             \
  X(SynAckSimultaneous, "syn-ack-simultaneous", "rcv SYN", "RFC 9293 §3.10.7.3",                                 \
    "A SYN without ACK in SYN-SENT is a simultaneous open: answer <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and enter " \
    "SYN-RECEIVED.")                                                                                             \
  X(SynAckAgain, "syn-ack-again", "rcv duplicate SYN", "Linux tcp_check_req()",                                  \
    "A retransmitted SYN in SYN-RECEIVED means our SYN,ACK was lost: send it again.")                           \
  X(HandshakeAck, "handshake-ack", "rcv SYN+ACK", "RFC 9293 §3.10.7.3",                                          \
    "A SYN,ACK that acknowledges our SYN completes the handshake: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, "         \
    "ESTABLISHED.")                                                                                              \
  X(SynAckTextDropped, "syn-ack-text-dropped", "rcv SYN+ACK with data", "Linux tcp_rcv_state_process()",        \
    "Linux completes the handshake on a SYN,ACK but frees it with its data and FIN (it takes them only with TCP " \
    "Fast Open, RFC 7413): the ACK acknowledges the SYN alone and the peer sends the rest again. RFC 9293 "      \
    "§3.10.7.3 would queue the text.")                                                                           \
  X(AckSimultaneousOpen, "ack-simultaneous-open", "rcv SYN,ACK in SYN-RECEIVED", "Linux tcp_data_queue()",    \
    "In a simultaneous open the peer's SYN,ACK completes the handshake; Linux acknowledges it (its SYN is "     \
    "already received), an ACK RFC 9293 Figure 7 does not draw.")                                               \
  X(AckOfSyn, "ack-of-syn", "rcv ACK of SYN", "RFC 9293 §3.10.7.4",                                              \
    "In SYN-RECEIVED an ACK with SND.UNA < SEG.ACK =< SND.NXT acknowledges our SYN: ESTABLISHED.")               \
  X(Data, "data", "send()", "RFC 9293 §3.10.2",                                                                  \
    "Queued application data is sent in segments of at most one MSS, never beyond the peer's window.")          \
  X(Ack, "ack", "rcv data", "RFC 9293 §3.10.7.4",                                                                \
    "Data or FIN that arrived in order is acknowledged: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.")                   \
  X(DelayedAck, "delayed-ack", "delayed-ACK timer", "Linux tcp_delack_timer_handler(), tcp_send_delayed_ack()",  \
    "With delayed ACKs on, an ACK that could wait waited up to 40-200 ms for data or a FIN to ride on; none came " \
    "in time, so the timer sends it alone.")                                                                      \
  X(AckOutOfOrder, "ack-out-of-order", "rcv out-of-order data", "RFC 5681 §4.2",                                 \
    "Data above RCV.NXT is queued and acknowledged at once with RCV.NXT (a duplicate ACK that tells the sender "  \
    "of the hole).")                                                                                             \
  X(AckDuplicateData, "ack-duplicate", "rcv duplicate data", "RFC 9293 §3.10.7.4",                               \
    "Data (or a FIN) already received is dropped and acknowledged again, at once, with RCV.NXT (Linux "          \
    "tcp_data_queue(): a retransmission).")                                                                      \
  X(AckUnacceptable, "ack-unacceptable", "rcv out-of-window segment", "RFC 9293 §3.10.7.4",                      \
    "A segment outside the receive window is dropped and answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> — "  \
    "not with an RST.")                                                                                          \
  X(AckUnsent, "ack-of-unsent", "rcv ACK beyond SND.NXT", "RFC 9293 §3.10.7.4",                                  \
    "An ACK for data never sent (SEG.ACK > SND.NXT) is dropped and answered with an ACK.")                      \
  X(AckTooOld, "ack-too-old", "rcv too-old ACK", "RFC 5961 §5.2",                                                \
    "An ACK below SND.UNA - MAX.SND.WND is dropped and answered with an ACK.")                                  \
  X(ChallengeAckRst, "challenge-ack-rst", "rcv in-window RST", "RFC 5961 §3.2",                                  \
    "An RST inside the window but not exactly at RCV.NXT may be forged: answer with a challenge ACK "            \
    "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; a peer that really lost the connection replies with an exact RST.")  \
  X(ChallengeAckSyn, "challenge-ack-syn", "rcv SYN", "RFC 5961 §4.2",                                            \
    "A SYN in a synchronized state is answered with a challenge ACK; the connection is kept.")                  \
  X(SynInSynReceived, "syn-in-syn-received", "rcv SYN in SYN-RECEIVED", "RFC 9293 §3.10.7.4",                   \
    "A new SYN in a passive SYN-RECEIVED: the half-open connection returns to LISTEN, nothing is sent.")        \
  X(Fin, "fin", "close()", "RFC 9293 §3.10.4",                                                                   \
    "CLOSE sends FIN after all queued data; the application will send no more.")                               \
  X(FinShutdown, "fin-shutdown", "shutdown(SHUT_WR)", "RFC 9293 §3.10.4",                                        \
    "shutdown(SHUT_WR) sends FIN after all queued data but keeps receiving (half-close).")                     \
  X(AckOfFin, "ack-of-fin", "rcv ACK of FIN", "RFC 9293 §3.10.7.4",                                              \
    "Our FIN has been acknowledged.")                                                                            \
  X(RcvFin, "rcv-fin", "rcv FIN", "RFC 9293 §3.10.7.4",                                                          \
    "The peer sent FIN: it will send no more data; recv() returns 0 once the data before it is read.")          \
  X(TimeWaitAck, "time-wait-ack", "rcv in TIME-WAIT", "RFC 9293 §3.10.7.4",                                      \
    "In TIME-WAIT a retransmitted FIN (or another non-RST segment) is acknowledged and 2MSL restarts.")         \
  X(TimeWaitTimeout, "time-wait-timeout", "2MSL timeout", "RFC 9293 §3.10.8",                                    \
    "TIME-WAIT lasted 2*MSL, long enough for old duplicates to die: the TCB is deleted.")                       \
  X(TimeWaitNewSyn, "time-wait-new-syn", "rcv new SYN in TIME-WAIT", "RFC 1122 §4.2.2.13; Linux",                \
    "A SYN above RCV.NXT may reopen a connection in TIME-WAIT: the old TCB is dropped and the listener "         \
    "takes the SYN.")                                                                                            \
  X(FinWait2Timeout, "fin-wait-2-timeout", "FIN-WAIT-2 timeout", "Linux tcp_fin_timeout",                       \
    "An orphaned FIN-WAIT-2 connection (its application closed) is dropped after tcp_fin_timeout.")             \
  X(Retransmit, "rto", "retransmission timeout", "RFC 6298 §5.4",                                                \
    "The retransmission timer expired: the earliest unacknowledged segment is sent again and RTO doubles.")     \
  X(FastRetransmit, "fast-retransmit", "3 duplicate ACKs", "RFC 5681 §3.2",                                      \
    "Three duplicate ACKs: the segment at SND.UNA is retransmitted without waiting for the timer.")             \
  X(PartialAck, "partial-ack", "rcv partial ACK", "RFC 6582 §3.2",                                               \
    "During recovery an ACK that covers only part of the outstanding data shows the next hole: resend it.")     \
  X(ZeroWindowProbe, "zero-window-probe", "persist timeout", "RFC 9293 §3.8.6.1; Linux tcp_xmit_probe_skb()",   \
    "The peer's window is zero: a probe <SEQ=SND.UNA-1><ACK=RCV.NXT> makes it answer with its current window.") \
  X(KeepaliveProbe, "keepalive-probe", "keepalive timeout", "RFC 1122 §4.2.3.6",                                 \
    "The connection was idle: a probe <SEQ=SND.NXT-1><ACK=RCV.NXT> with no data makes a live peer answer with " \
    "an ACK.")                                                                                                   \
  X(WindowUpdate, "window-update", "recv() opened the window", "RFC 1122 §4.2.3.3",                              \
    "The application read data and the window opened by at least min(RCV.BUFF/2, MSS): advertise it.")         \
  X(RstNoConnection, "rst-no-connection", "no connection", "RFC 9293 §3.10.7.1",                                 \
    "No connection matches this segment. Without ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; with ACK: "    \
    "<SEQ=SEG.ACK><CTL=RST>.")                                                                                   \
  X(RstListenAck, "rst-listen-ack", "rcv ACK in LISTEN", "RFC 9293 §3.10.7.2",                                   \
    "An ACK arriving at a listener acknowledges nothing it sent: <SEQ=SEG.ACK><CTL=RST>; it stays in LISTEN.")  \
  X(RstSynSentBadAck, "rst-syn-sent-bad-ack", "rcv bad ACK in SYN-SENT",                                        \
    "RFC 9293 §3.10.7.3; Linux tcp_rcv_synsent_state_process()",                                                 \
    "In SYN-SENT an ACK with SEG.ACK =< ISS or SEG.ACK > SND.NXT does not acknowledge our SYN (an old "          \
    "duplicate): <SEQ=SEG.ACK><CTL=RST>; stay in SYN-SENT. Linux, if it has not retransmitted the SYN yet, "     \
    "re-arms the retransmission timer at TCP_TIMEOUT_MIN (8 ms): the SYN goes again at once.")                  \
  X(RstSynReceivedBadAck, "rst-syn-received-bad-ack", "rcv bad ACK in SYN-RECEIVED", "RFC 9293 §3.10.7.4",       \
    "In SYN-RECEIVED an ACK outside SND.UNA < SEG.ACK =< SND.NXT: <SEQ=SEG.ACK><CTL=RST>.")                      \
  X(RstCloseUnread, "rst-close-unread", "close() with unread data", "RFC 1122 §4.2.2.13; Linux tcp_close()",     \
    "close() while received data is still unread: the data is thrown away and RST,ACK "                         \
    "<SEQ=SND.NXT><ACK=RCV.NXT> replaces the FIN; no TIME-WAIT.")                                               \
  X(RstLinger0, "rst-linger-0", "close() with SO_LINGER 0", "Linux tcp_disconnect()",                            \
    "close() with SO_LINGER {on, 0} aborts the connection: RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>, no TIME-WAIT.")   \
  X(RstAbort, "rst-abort", "abort()", "RFC 9293 §3.10.5; Linux tcp_disconnect()",                               \
    "ABORT in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 or CLOSE-WAIT sends a reset. RFC 9293's form is " \
    "<SEQ=SND.NXT><CTL=RST>; Linux, where an abort is SO_LINGER {on, 0} then close(), sends RST,ACK "           \
    "<SEQ=SND.NXT><ACK=RCV.NXT>, as shown.")                                                                               \
  X(CloseNothingSent, "close-silent", "close()", "RFC 9293 §3.10.4",                                             \
    "CLOSE in this state deletes the TCB without sending anything.")                                            \
  X(AbortNothingSent, "abort-silent", "abort()", "RFC 9293 §3.10.5",                                             \
    "ABORT in this state deletes the TCB without sending anything.")                                            \
  X(RstDataAfterClose, "rst-data-after-close", "rcv data after close()",                                         \
    "RFC 1122 §4.2.2.13; Linux tcp_rcv_state_process()",                                                         \
    "New data for a connection whose application already closed it can never be read: "                        \
    "<SEQ=SEG.ACK><CTL=RST>, CLOSED.")                                                                           \
  X(RstKeepaliveTimeout, "rst-keepalive-timeout", "keepalive probes unanswered", "Linux tcp_keepalive_timer()",  \
    "TCP_KEEPCNT probes went unanswered: Linux sends RST,ACK and the application gets ETIMEDOUT.")              \
  X(RstListenerClosed, "rst-listener-closed", "listener closed", "Linux inet_csk_listen_stop()",                 \
    "Closing a listening socket resets the connections still waiting in its accept queue.")                     \
  X(ListenerGone, "listener-gone", "listener closed", "Linux inet_csk_listen_stop()",                          \
    "The listener closed before the handshake completed: the half-open connection disappears without a "       \
    "word; a later ACK from the client meets no connection and is reset.")                                     \
  X(RstSynInWindow, "rst-syn-in-window", "rcv SYN, RFC 5961 off", "RFC 793 §3.9",                               \
    "Without RFC 5961 a SYN inside the window is an error: send RST and reset the connection.")                 \
  X(RcvRst, "rcv-rst", "rcv RST", "RFC 9293 §3.10.7.4",                                                          \
    "An acceptable RST (RFC 5961: exactly at RCV.NXT) resets the connection; pending calls fail.")              \
  X(RcvRstAfterFin, "rcv-rst-after-fin", "rcv RST at RCV.NXT-1", "Linux tcp_reset_check()",                   \
    "In CLOSE-WAIT, CLOSING or LAST-ACK an RST at RCV.NXT-1 is accepted: the peer's RST follows its FIN, which "  \
    "already took that number.")                                                                                 \
  X(RcvRst793, "rcv-rst-793", "rcv RST, RFC 5961 off", "RFC 793 §3.9",                                          \
    "Without RFC 5961 any RST inside the window resets the connection.")                                        \
  X(RcvRstSynSent, "rcv-rst-syn-sent", "rcv RST", "RFC 9293 §3.10.7.3",                                          \
    "In SYN-SENT an RST whose ACK acknowledges our SYN means nobody listens there: connection refused.")        \
  X(RcvRstTimeWait, "rcv-rst-time-wait", "rcv RST in TIME-WAIT", "RFC 1337; Linux tcp_timewait_state_process()", \
    "With net.ipv4.tcp_rfc1337 = 0 (Linux's default) an RST at RCV.NXT ends TIME-WAIT early.")                   \
  X(GiveUpRetransmit, "give-up-retransmit", "retransmissions exhausted", "RFC 1122 §4.2.3.5; Linux tcp_retries2", \
    "tcp_retries2 retransmissions went unacknowledged: the connection is dropped without an RST and the "       \
    "application gets ETIMEDOUT.")                                                                               \
  X(GiveUpSyn, "give-up-syn", "SYN retries exhausted", "RFC 1122 §4.2.3.5; Linux tcp_syn_retries",               \
    "tcp_syn_retries SYNs went unanswered: connect() fails with ETIMEDOUT.")                                    \
  X(GiveUpSynAck, "give-up-syn-ack", "SYN,ACK retries exhausted", "Linux tcp_synack_retries",                    \
    "The handshake never completed: the half-open connection is dropped silently.")                            \
  X(HostCrash, "host-crash", "host crashed", "scenario",                                                         \
    "The host crashed: every TCB it held is gone, without sending anything.")                                   \
  X(FirewallReject, "fw-reject", "firewall reject", "Linux REJECT --reject-with tcp-reset (nf_send_reset)",      \
    "The firewall answers in the destination's name: with ACK <SEQ=SEG.ACK><CTL=RST>, else "                    \
    "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.")                                                                \
  X(ConntrackReset, "conntrack-reset", "middlebox forgot the flow", "stateful middlebox (conntrack/NAT)",        \
    "A middlebox whose flow table forgot this connection rejects its segment with a reset built like "          \
    "REJECT --reject-with tcp-reset.")                                                                           \
  X(DropRstOutOfWindow, "rst-out-of-window", "rcv RST outside the window", "RFC 5961 §3.2; RFC 9293 §3.10.7.4", \
    "An RST whose sequence number is outside the receive window is dropped silently.")                          \
  X(DropRstListen, "rst-in-listen", "rcv RST in LISTEN", "RFC 9293 §3.10.7.2",                                   \
    "A listener ignores RSTs: there is nothing to reset.")                                                       \
  X(DropRstSynSent, "rst-syn-sent-unacceptable", "rcv RST without our SYN's ACK", "RFC 9293 §3.10.7.3",          \
    "In SYN-SENT an RST counts only if its ACK acknowledges our SYN; this one is dropped.")                     \
  X(DropRstNoConnection, "rst-never-answered", "rcv RST, no connection", "RFC 9293 §3.10.7.1",                   \
    "An RST for no connection is dropped: an RST is never answered with an RST.")                                \
  X(DropNoAckBit, "no-ack-bit", "rcv segment without ACK", "RFC 9293 §3.10.7.4",                                 \
    "In SYN-RECEIVED and the synchronized states a segment without the ACK bit is dropped.")                   \
  X(DropSynSentNoSyn, "syn-sent-no-syn", "rcv segment without SYN", "RFC 9293 §3.10.7.3",                        \
    "In SYN-SENT a segment with neither SYN nor RST is dropped.")                                               \
  X(DropListenOther, "listen-other", "rcv non-SYN in LISTEN", "RFC 9293 §3.10.7.2",                              \
    "A listener drops any segment that is neither SYN, ACK nor RST.")                                            \
  X(DropSynFinListen, "syn-fin-listen", "rcv SYN+FIN in LISTEN", "Linux tcp_rcv_state_process()",                \
    "Linux drops a SYN that also carries FIN in LISTEN (\"if (th->fin) goto discard\"): no connection "       \
    "starts and nothing is sent. RFC 9293 §3.10.7.2 would take the SYN and queue the FIN.")                   \
  X(DropAckUnsent, "ack-of-unsent-dropped", "rcv ACK beyond SND.NXT in ESTABLISHED",                             \
    "Linux tcp_ack(), tcp_rcv_established()",                                                                     \
    "In ESTABLISHED Linux discards a segment whose ACK acknowledges data never sent, its text too, and "       \
    "sends nothing (RFC 9293 §3.10.7.4 would send an ACK; the other synchronized states do).")                 \
  X(DropBacklogFull, "backlog-full", "accept queue full", "Linux tcp_conn_request()",                            \
    "More than backlog connections wait for accept(): the SYN is dropped and the client will retransmit it.")              \
  X(DropAcceptQueueFull, "accept-queue-full", "accept queue full at the final ACK",                              \
    "Linux tcp_check_req(); tcp_abort_on_overflow = 0",                                                          \
    "The handshake's final ACK arrived while more than backlog connections wait for accept(): it is dropped "   \
    "and the connection stays SYN-RECEIVED, marked acked: its SYN,ACK is not sent again. The client's next "    \
    "segment (its data, retransmitted) completes the handshake once accept() has made room.")                  \
  X(RstAcceptQueueFull, "rst-accept-queue-full", "accept queue full, abort-on-overflow",                          \
    "Linux tcp_check_req(); tcp_abort_on_overflow = 1",                                                          \
    "With tcp_abort_on_overflow on, a final ACK that finds the accept queue full is answered with "             \
    "<SEQ=SEG.ACK><CTL=RST> and the half-open connection is forgotten.")                                        \
  X(DropTimeWait, "time-wait-drop", "rcv in TIME-WAIT", "Linux tcp_timewait_state_process()",                   \
    "In TIME-WAIT an RST not exactly at RCV.NXT is dropped, and an in-window bare ACK only restarts 2MSL.")     \
  X(DropOldAck, "old-ack", "rcv old ACK", "RFC 9293 §3.10.7.4",                                                  \
    "An ACK below SND.UNA is a duplicate of an earlier one and is ignored.")                                     \
  X(AckRateLimited, "ack-rate-limited", "ACK rate-limited", "Linux tcp_oow_rate_limited()",                    \
    "An out-of-window ACK or challenge ACK was already sent less than ack-ratelimit ago: this one is not "     \
    "sent, so two confused ends cannot trade ACKs forever.")                                                   \
  X(Injected, "injected", "injected", "scenario",                                                                \
    "A segment injected by the scenario (an old duplicate or a forged segment).")

/// The rule that decided an output or a transition.
enum class Rule : uint8_t {
#define TCPSIM_RULE_ENUM(e, k, l, c, t) e,
  TCPSIM_RULES(TCPSIM_RULE_ENUM)
#undef TCPSIM_RULE_ENUM
};

/// Static description of a Rule.
struct RuleInfo {
  std::string_view key;    ///< Stable identifier used in JSON and scenario files ("rst-close-unread").
  std::string_view label;  ///< The event in a few words ("close() with unread data").
  std::string_view cite;   ///< The deciding document and section ("RFC 1122 §4.2.2.13").
  std::string_view text;   ///< One sentence a student can read.
};

/// Looks up a rule's description.
const RuleInfo& rule_info(Rule r);
/// Finds a rule by its key.
std::optional<Rule> parse_rule(std::string_view key);
/// True for the rules whose segment is a reset built from an offending segment by reset_reply()
/// (<SEQ=SEG.ACK><CTL=RST> or <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>).
bool is_reset_reply(Rule r);

}  // namespace tcpsim
