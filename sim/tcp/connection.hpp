#pragma once
// One TCP connection as pure logic: (TCB, event, now, settings) -> Outputs.
//
// Events are an arriving segment, a timer firing, or a user call (OPEN, SEND, RECEIVE, CLOSE, ABORT,
// shutdown). Nothing here reads a clock, performs I/O or schedules a callback: timers are deadlines
// held as data and reported in Outputs, and the host decides when to call back. The host's settings
// are a copy the connection owns; a `set` line mid-run reaches it as an event (on_settings()).
//
// The code is split by feature: connection.cpp (state, timers, emitting, resets),
// connection_input.cpp (SEGMENT ARRIVES, RFC 9293 §3.10.7; SYN-SENT and TIME-WAIT in
// connection_input_edges.cpp), connection_output.cpp (sending,
// retransmission, probes) and connection_user.cpp (user calls, §3.10.1-§3.10.6).
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "tcp/config.hpp"
#include "tcp/outputs.hpp"
#include "tcp/segment.hpp"
#include "tcp/seq.hpp"
#include "tcp/state.hpp"
#include "util/fifo.hpp"

namespace tcpsim {

/// Linux's TCP_MSS_DEFAULT: the MSS assumed when none is known (delayed ACKs, send-buffer skbs).
inline constexpr uint32_t kTcpMssDefault = 536;
/// Linux's TCP_INIT_CWND (tcp_init_cwnd(), RFC 6928): the initial congestion window in segments.
inline constexpr uint32_t kTcpInitCwnd = 10;

/// The RFC 9293 §3.3.1 sequence variables plus the few others this TCP keeps.
struct Tcb {
  Seq iss;                   ///< ISS: initial send sequence number.
  Seq snd_una;               ///< SND.UNA: oldest unacknowledged sequence number.
  Seq snd_nxt;               ///< SND.NXT: next sequence number to send.
  uint32_t snd_wnd = 0;      ///< SND.WND: the peer's advertised window.
  Seq snd_wl1;               ///< SND.WL1: SEG.SEQ of the segment that last updated SND.WND.
  Seq snd_wl2;               ///< SND.WL2: SEG.ACK of the segment that last updated SND.WND.
  uint32_t max_snd_wnd = 0;  ///< MAX.SND.WND of RFC 5961 §5.
  uint16_t snd_mss = 536;    ///< Effective send MSS: min(peer's MSS option or 536, our MSS).
  Seq irs;                   ///< IRS: initial receive sequence number.
  Seq rcv_nxt;               ///< RCV.NXT: next sequence number expected.
  Seq rcv_adv;               ///< Right edge last advertised: RCV.NXT + RCV.WND as the peer knows it.
};

/// Options set per socket with setsockopt().
struct SocketOptions {
  bool linger = false;          ///< SO_LINGER l_onoff.
  Time linger_time = 0;         ///< SO_LINGER l_linger.
  bool keepalive = false;       ///< SO_KEEPALIVE.
  std::optional<Time> keepidle;       ///< TCP_KEEPIDLE (else the host's keepalive-idle).
  std::optional<Time> keepintvl;      ///< TCP_KEEPINTVL (else the host's keepalive-intvl).
  std::optional<uint32_t> keepcnt;    ///< TCP_KEEPCNT (else the host's keepalive-cnt).
  bool reuseaddr = false;       ///< SO_REUSEADDR (sk_reuse): kept by the connection for the port it holds.
  /// O_NONBLOCK: the socket layer's, not TCP's (the connection ignores it); accept() does not pass it
  /// on to the socket it returns (Linux: only accept4(SOCK_NONBLOCK) would).
  bool nonblock = false;
};

/// A TCP connection (a TCB with its queues, timers and socket-level flags).
class Connection {
 public:
  /// Creates a connection in CLOSED with the host's settings as they are now. `send_stream` names the
  /// trace stream that holds the bytes this side sends; `iss` is drawn by the host from the scenario's seed.
  Connection(const TcpConfig& config, FourTuple tuple, Seq iss, uint32_t send_stream);

  // ---- Opening (connection_user.cpp) ----
  /// Active OPEN (connect): CLOSED -> SYN-SENT, sends <SEQ=ISS><CTL=SYN> with MSS.
  void open_active(Time now, Outputs& out);
  /// Passive OPEN: the connection starts in LISTEN and processes the SYN the listener received.
  void open_passive(const Segment& syn, Time now, Outputs& out);

  // ---- Events ----
  /// SEGMENT ARRIVES (RFC 9293 §3.10.7.3 and §3.10.7.4) for this connection. `listener` says whether
  /// the host listens on this port (a new SYN may reopen a TIME-WAIT connection only then);
  /// `accept_queue_full` whether the listener of this passive connection has no room for it.
  void on_segment(const Segment& seg, Time now, Outputs& out, bool listener = true, bool accept_queue_full = false);
  /// A timer deadline was reached. Stale calls (the timer is no longer armed at `now`) are ignored.
  void on_timer(TimerKind kind, Time now, Outputs& out);
  /// The host's settings changed (a `set` line): every later decision follows `config`. Nothing is
  /// re-armed: a running timer keeps the deadline it was given, as a changed sysctl does on Linux.
  void on_settings(const TcpConfig& config) { cfg_ = config; }

  // ---- User calls (connection_user.cpp) ----
  /// SEND: queues up to `bytes` octets (bounded by the send buffer); returns how many were taken.
  uint64_t send(uint64_t bytes, Time now, Outputs& out);
  /// RECEIVE: removes up to `max` unread octets; appends their payload references to `pieces` when
  /// it is not null. May send a window update. Returns the number of octets read.
  uint64_t read(uint64_t max, Time now, Outputs& out, std::vector<Payload>* pieces);
  /// shutdown(SHUT_WR): FIN after the queued data; receiving continues (half-close).
  void shutdown_write(Time now, Outputs& out);
  /// shutdown(SHUT_RD): the application will read no more (Linux sends nothing).
  void shutdown_read();
  /// close() with Linux semantics: RST if unread data or SO_LINGER {on,0}, else FIN.
  void close(Time now, Outputs& out);
  /// ABORT (RFC 9293 §3.10.5): RST in the states that have a peer to tell, then CLOSED. `rule` names
  /// who aborted (the application's abort(), or a listener closing with this connection unaccepted).
  void abort(Time now, Outputs& out, Rule rule = Rule::RstAbort);
  /// The TCB vanishes (CLOSED) without sending anything: the host crashed (Rule::HostCrash), or the
  /// listener of a half-open connection closed (Rule::ListenerGone).
  void drop(Rule rule, Outputs& out);
  /// Applies setsockopt() changes; (re)arms the keepalive timer when needed.
  void set_options(const SocketOptions& opts, Time now, Outputs& out);

  /// The ISS of a connection that reopens this one from TIME-WAIT (RFC 6191; Linux: SND.NXT + 65537).
  Seq reopen_iss() const;

  // ---- Observers ----
  State state() const { return state_; }
  const Tcb& tcb() const { return tcb_; }
  const FourTuple& tuple() const { return tuple_; }
  const SocketOptions& options() const { return opts_; }
  uint32_t send_stream() const { return send_stream_; }
  /// The host's settings this connection follows.
  const TcpConfig& config() const { return cfg_; }
  /// Whether the connection came from a listener (passive OPEN).
  bool passive() const { return passive_; }
  /// Deadline of a timer, if armed.
  std::optional<Time> timer(TimerKind k) const { return timers_[static_cast<size_t>(k)]; }
  /// Octets received in order and not yet read by the application.
  uint64_t unread() const { return rcv_unread_; }
  /// Octets held above a hole in the out-of-order queue.
  uint64_t out_of_order_bytes() const;
  /// Octets written by the application and not yet acknowledged.
  uint64_t send_buffered() const { return snd_written_ - snd_acked_; }
  /// Octets written and not yet sent.
  uint64_t unsent() const;
  /// Free send-buffer space.
  uint64_t send_space() const;
  /// Total octets the application has written.
  uint64_t bytes_written() const { return snd_written_; }
  /// The receive window we would advertise now (RCV.WND).
  uint32_t rcv_wnd() const;
  /// Current retransmission timeout.
  Time rto() const { return rto_; }
  /// Number of consecutive retransmissions of the current SND.UNA.
  uint32_t retransmissions() const { return retransmits_; }
  /// Congestion window in segments (Linux snd_cwnd; followed only with `congestion-control on`).
  uint32_t cwnd() const { return cc_.cwnd; }
  /// Slow-start threshold in segments (Linux snd_ssthresh; 0x7fffffff until the first loss).
  uint32_t ssthresh() const { return cc_.ssthresh; }
  /// Segments sent and not yet acknowledged (Linux packets_out; counted with `congestion-control on`).
  uint32_t packets_out() const { return static_cast<uint32_t>(cc_.ends.size()); }
  /// Segments in flight as Linux counts them (tcp_packets_in_flight(), Reno without SACK): packets_out
  /// less one per duplicate ACK (sacked_out, connection_cwnd.cpp).
  uint32_t packets_in_flight() const;
  // Linux's send buffer in memory units (`sndbuf-autotune on`; connection_sndbuf.cpp).
  /// Whether it is modelled: the setting is on and no `sndbuf` line fixed the buffer (SOCK_SNDBUF_LOCK).
  bool sndbuf_autotuned() const { return cfg_.sndbuf_autotune && !cfg_.sndbuf_set; }
  /// sk_sndbuf: what tcp_init_buffer_space() and tcp_sndbuf_expand() made it (else the `sndbuf` setting).
  uint64_t sndbuf() const;
  /// sk_wmem_queued: what the queued data costs against sndbuf() (else the octets queued).
  uint64_t wmem_queued() const;
  /// A send() could not copy everything (Linux tcp_sendmsg() sets SOCK_NOSPACE before it waits).
  void set_nospace() { nospace_ = true; }
  /// SOCK_NOSPACE: a writer waits for room; cleared by the wake-up (sk_stream_write_space()).
  bool nospace() const { return nospace_; }
  /// After a segment was processed and sending done (Linux tcp_data_snd_check() -> tcp_check_space()).
  void check_space(Outputs& out);

  // Socket-level flags as Linux keeps them in struct sock.
  /// Pending error (sk_err), reported once then cleared by the socket layer.
  Errno pending_error() const { return sk_err_; }
  /// Reads and clears the pending error (sock_error()).
  Errno take_error() { Errno e = sk_err_; sk_err_ = Errno::None; return e; }
  /// A FIN was received in order (SOCK_DONE).
  bool fin_received() const { return fin_received_; }
  /// RCV_SHUTDOWN: no more data will be readable (FIN received, shutdown(SHUT_RD), close, reset).
  bool rcv_shutdown() const { return rcv_shutdown_; }
  /// SEND_SHUTDOWN: the application may no longer send.
  bool snd_shutdown() const { return snd_shutdown_; }
  /// The application has closed its socket; nobody will read or be told anything.
  bool orphaned() const { return orphan_; }

 private:
  // connection.cpp
  void set_state(State to, Rule rule, Outputs& out);
  void arm(TimerKind k, Time deadline, Outputs& out);
  void cancel(TimerKind k, Outputs& out);
  void cancel_all_timers(Outputs& out);
  bool armed(TimerKind k) const { return timers_[static_cast<size_t>(k)].has_value(); }
  void emit(uint8_t flags, Seq seq, Seq ack, Payload data, Rule rule, Outputs& out);
  void emit_ack(Rule rule, Outputs& out);
  /// An ACK answering an unacceptable segment (out of window, challenge, ACK of unsent data): sent
  /// unless one went out less than ack-ratelimit ago and `seg` carries no data (Linux
  /// tcp_oow_rate_limited()). Records the verdict either way.
  void emit_oow_ack(const Segment& seg, Rule rule, Time now, Outputs& out);
  void emit_reset_ack(Rule rule, Outputs& out);
  /// Emits the reset reply to `seg` (RFC 9293 §3.10.7.1 form) if it is not itself an RST.
  void reply_reset(const Segment& seg, Rule rule, Outputs& out);
  /// RFC 6298 §5.7: the RTO once data starts after a retransmitted SYN without an RTT sample.
  static constexpr Time kFallbackRto = sec(3);
  /// Linux TCP_TIMEOUT_MIN: 2 jiffies, 8 ms with HZ=250 (the retransmission timer's shortest deadline).
  static constexpr Time kTimeoutMin = ms(8);
  void notify(NotifyKind k, Outputs& out, Errno err = Errno::None);
  void set_error(Errno e, Outputs& out);
  void discard_queues(Rule rule, Outputs& out);
  void enter_closed(Rule rule, Outputs& out);
  void enter_time_wait(Rule rule, Time now, Outputs& out);
  void reset_by_peer(Rule rule, Outputs& out);
  uint32_t advertise_window();

  // connection_input.cpp, connection_input_edges.cpp
  void on_segment_open(const Segment& seg, Time now, Outputs& out, bool accept_queue_full = false);
  void on_segment_syn_sent(const Segment& seg, Time now, Outputs& out);
  void on_segment_time_wait(const Segment& seg, Time now, Outputs& out, bool listener);
  bool acceptable(const Segment& seg) const;
  /// Linux tcp_sequence()'s left edge: a segment wholly before RCV.NXT whose end reaches RCV.WUP.
  bool old_at_wup(const Segment& seg) const;
  /// Old text (data or a FIN before RCV.NXT) taken by the acceptability test: ACK it at once.
  void ack_old_text(Outputs& out);
  /// An RST at RCV.NXT-1 in CLOSE-WAIT, CLOSING or LAST-ACK (Linux tcp_reset_check()).
  bool rst_after_fin(const Segment& seg) const;
  bool process_ack(const Segment& seg, Time now, Outputs& out);
  void process_text_and_fin(const Segment& seg, Time now, Outputs& out);
  /// The segment may take the fast path (header prediction): ESTABLISHED, ACK (and PSH) alone, at
  /// RCV.NXT, its text inside the window, nothing held out of order.
  bool predicted(const Segment& seg) const;
  /// In-order text at RCV.NXT, already trimmed to the window: queued for the application.
  void take_in_order(Payload data, uint8_t flags, Time now, Outputs& out);
  /// After a segment was processed: send what may go, wake a writer, acknowledge (at once or delayed).
  void after_input(Time now, Outputs& out);
  void queue_out_of_order(Seq seq, Payload data, bool fin);
  void drain_out_of_order();
  void process_fin(Time now, Outputs& out);
  void take_window(const Segment& seg);
  void update_rtt(Time sample);

  // connection_ack.cpp: when an ACK goes out (Linux's delayed ACK with `delayed-ack on`).
  void incr_quickack();
  void enter_quickack();
  /// In-order data of `len` octets arrived (tcp_measure_rcv_mss(), tcp_event_data_recv()); `remnant`:
  /// it carried PSH or FIN.
  void data_received(uint32_t len, bool remnant, Time now);
  /// A segment with data left (tcp_event_data_sent()).
  void data_sent(Time now);
  /// An ACK-bearing segment left (tcp_event_ack_sent()).
  void ack_sent(Outputs& out);
  /// After a segment was processed: the pending ACK now, or the delayed-ACK timer (__tcp_ack_snd_check()).
  void ack_snd_check(Time now, Outputs& out);
  void on_delayed_ack_timeout(Outputs& out);
  /// After recv() took data (tcp_cleanup_rbuf()).
  void ack_after_read(Outputs& out);
  /// Linux's receive window (delayed-ack on, the default rcvbuf): the octets the receive buffer can
  /// still take (tcp_space()), the window it would offer now (__tcp_select_window()), and the offer
  /// made: never shrinking (tcp_select_window()). `linux_window()` is false when not modelled.
  bool linux_window() const;
  int64_t linux_space() const;
  uint32_t linux_select_window();
  uint32_t linux_advertise_window();

  // connection_cwnd.cpp: Linux's congestion window (`congestion-control on`).
  /// Whether the window allows one more segment now (Linux tcp_cwnd_test()).
  bool cwnd_allows() const { return packets_in_flight() < cc_.cwnd; }
  /// A new segment (data or FIN) ending at `end_seq` left (Linux packets_out++).
  void cwnd_sent(Seq end_seq) { cc_.ends.push_back(static_cast<uint64_t>(stream_offset(end_seq))); }
  /// After try_send(): how fully the window is used (Linux tcp_cwnd_validate()).
  void cwnd_validate(bool cwnd_limited);
  /// SND.UNA advanced: segments acknowledged leave the flight; the window grows (tcp_cong_control()).
  void cwnd_acked();
  /// The retransmission timer fired (Linux tcp_enter_loss()); `first`: not a repeated timeout of a loss.
  void cwnd_on_timeout(bool first);
  /// Fast retransmit (Linux tcp_enter_recovery(), tcp_init_cwnd_reduction()).
  void cwnd_on_fast_retransmit();
  /// Recovery is over: SND.UNA reached the recovery point (Linux tcp_end_cwnd_reduction()).
  void cwnd_recovered();

  // connection_output.cpp
  void send_syn(Rule rule, Outputs& out);
  void try_send(Time now, Outputs& out);
  void retransmit_head(Rule rule, Time now, Outputs& out);
  void restart_retransmit_timer(Time now, Outputs& out);
  void update_persist(Time now, Outputs& out);
  void on_retransmit_timeout(Time now, Outputs& out);
  void on_persist_timeout(Time now, Outputs& out);
  void on_keepalive_timeout(Time now, Outputs& out);
  void arm_keepalive(Time now, Outputs& out);
  Time keep_idle() const;
  Time keep_intvl() const;
  uint32_t keep_cnt() const;
  /// Sequence number of the data octet at a 64-bit stream offset.
  Seq data_seq(uint64_t offset) const;
  Seq data_end() const;
  /// Stream offset of a send-side sequence number (-1: the SYN; snd_written_: the FIN). Byte counts
  /// are 64-bit offsets; sequence numbers exist only on the wire.
  int64_t stream_offset(Seq seq) const;
  /// Our SYN has been acknowledged (SND.UNA passed ISS), without comparing against ISS: that
  /// comparison flips once 2^31 octets are acknowledged.
  bool syn_acked() const;
  Payload payload_at(Seq seq, uint32_t len) const;
  /// Records where Linux's send() of `take` more octets puts PSH (tcp_sendmsg_locked()).
  void mark_pushes(uint64_t take);
  /// Shortens a data segment starting at `seq` of `len` octets to end at the next PSH mark, if it
  /// reaches one, and returns kPsh then (else 0).
  uint8_t cut_at_push(Seq seq, uint32_t& len);
  bool fin_acked() const { return fin_sent_ && tcb_.snd_una > fin_seq_; }

  TcpConfig cfg_;
  FourTuple tuple_;
  uint32_t send_stream_;
  State state_ = State::Closed;
  Tcb tcb_;
  SocketOptions opts_;
  bool passive_ = false;
  std::array<std::optional<Time>, kTimerKinds> timers_{};

  // Send side: the stream offset of the first data octet is 0; it has sequence number ISS+1.
  uint64_t snd_written_ = 0;  ///< Octets the application has written.
  uint64_t snd_acked_ = 0;    ///< Data octets acknowledged.
  bool fin_queued_ = false;   ///< CLOSE/shutdown asked for a FIN after the data.
  bool fin_sent_ = false;     ///< The FIN has been sent (it occupies fin_seq_).
  Seq fin_seq_;
  Rule fin_rule_ = Rule::Fin; ///< close() or shutdown(SHUT_WR): which call queued the FIN.
  Fifo<uint64_t> push_marks_;///< Stream offsets ending a segment with PSH, ascending.
  /// cut_at_push()'s last answer: the first mark above every offset in [push_from_, push_next_) is
  /// push_next_ (0: none known). Segments go out in order, so the next one nearly always finds it here.
  uint64_t push_from_ = 0;
  uint64_t push_next_ = 0;
  uint64_t tail_skb_len_ = 0;        ///< Octets in the last skb-sized piece (Linux's unsent tail skb).

  // Retransmission (RFC 6298) and loss recovery (RFC 5681, RFC 6582).
  Time rto_;
  Time srtt8_ = 0;           ///< 8 * SRTT (Linux tp->srtt_us).
  Time mdev4_ = 0;           ///< 4 * mean deviation (Linux tp->mdev_us).
  Time mdev_max_ = 0;        ///< Largest mdev4_ in this window of data (Linux tp->mdev_max_us).
  Time rttvar_ = 0;          ///< What the RTO adds to SRTT, >= rto-min (Linux tp->rttvar_us).
  Seq rtt_window_end_;       ///< SND.NXT when the window began (Linux tp->rtt_seq).
  bool have_rtt_ = false;
  bool rtt_timing_ = false;  ///< A segment is being timed (Karn: never a retransmitted one).
  Seq rtt_seq_;
  Time rtt_start_ = 0;
  uint32_t retransmits_ = 0;
  bool syn_retransmitted_ = false;
  /// A passive SYN-RECEIVED connection whose final ACK was dropped for the full accept queue (Linux
  /// inet_rsk(req)->acked): its SYN,ACK is not retransmitted.
  bool acked_ = false;
  uint32_t dupacks_ = 0;
  bool in_recovery_ = false;
  Seq recover_;
  /// Linux's congestion window, in segments (struct tcp_sock), used with `congestion-control on`.
  struct CongestionState {
    uint32_t cwnd = kTcpInitCwnd;     ///< snd_cwnd: TCP_INIT_CWND (tcp_init_cwnd(), RFC 6928).
    uint32_t ssthresh = 0x7fffffff;   ///< snd_ssthresh: TCP_INFINITE_SSTHRESH until the first loss.
    uint32_t cwnd_cnt = 0;            ///< snd_cwnd_cnt: ACKed segments towards the next +1 (tcp_cong_avoid_ai()).
    Fifo<uint64_t> ends;              ///< Stream offset after each segment in flight: packets_out = size().
    uint32_t max_packets_out = 0;     ///< max_packets_out in the current window (tcp_cwnd_validate()).
    uint64_t usage_end = 0;           ///< cwnd_usage_seq, as a stream offset.
    bool cwnd_limited = false;        ///< is_cwnd_limited: the window held data back in this window.
    bool loss = false;                ///< TCP_CA_Loss (after a timeout), not TCP_CA_Recovery.
  } cc_;
  uint64_t sk_sndbuf_ = 0;   ///< Linux sk_sndbuf as tcp_sndbuf_expand() grew it (0: not yet).
  bool nospace_ = false;     ///< SOCK_NOSPACE (connection_sndbuf.cpp).
  Fifo<uint64_t> skb_ends_;  ///< Stream offset after each skb tcp_sendmsg() built, not yet all sent.
  /// SEND with `sndbuf-autotune on`: Linux tcp_sendmsg_locked()'s skbs (connection_sndbuf.cpp).
  uint64_t send_autotuned(uint64_t bytes, Time now, Outputs& out);
  uint64_t size_goal() const;
  uint64_t sent_offset() const;
  uint64_t tail_room() const;
  uint32_t probes_ = 0;      ///< Unanswered zero-window or keepalive probes (Linux icsk_probes_out).
  Time last_oow_ack_ = -1;   ///< When the last out-of-window or challenge ACK went out (-1: never).
  uint32_t persist_backoff_ = 0;  ///< Doublings of the persist interval (Linux icsk_backoff).
  Time last_rcv_ = 0;        ///< When a segment last arrived (keepalive idle time).

  // Receive side.
  Fifo<Payload> rcv_queue_;        ///< In-order data not yet read.
  uint64_t rcv_unread_ = 0;
  struct OooPiece {
    Seq seq;
    Payload data;
    bool fin;
  };
  std::vector<OooPiece> ooo_;  ///< Out-of-order data, sorted by sequence number, non-overlapping.
  bool ack_pending_ = false;   ///< An ACK must go out (piggybacked on data if any is sent): ICSK_ACK_SCHED.
  Rule ack_rule_ = Rule::Ack;
  /// Linux's delayed-ACK state (icsk_ack), used with `delayed-ack on` (connection_ack.cpp).
  struct DelayedAckState {
    uint32_t quick = 0;          ///< Quick ACKs left (icsk_ack.quick).
    Time ato = 0;                ///< Delayed-ACK timeout estimate (icsk_ack.ato; 0 until the first data).
    Time lrcvtime = 0;           ///< When data last arrived.
    bool pingpong = false;       ///< Interactive: ACKs wait to ride on the reply.
    bool ack_now = false;        ///< ICSK_ACK_NOW: this ACK may not wait.
    bool pushed = false;         ///< ICSK_ACK_PUSHED: a small (pushed) segment arrived.
    bool pushed2 = false;        ///< ICSK_ACK_PUSHED2: two of them.
    uint32_t rcv_mss = 536;      ///< The peer's MSS as measured (icsk_ack.rcv_mss).
    uint32_t last_seg_size = 0;  ///< icsk_ack.last_seg_size.
    Seq rcv_wup;                 ///< RCV.NXT when the last ACK went out (tp->rcv_wup).
    // Linux's receive window (tcp_select_window()), modelled with delayed-ack on: 0 until the first data.
    uint32_t rcv_wnd = 0;        ///< The window last offered, from rcv_wup, uncapped (tp->rcv_wnd).
    uint32_t rcv_ssthresh = 0;   ///< tp->rcv_ssthresh: how far the window may open now.
    uint32_t window_clamp = 65535;  ///< tp->window_clamp.
  } dack_;

  // Socket-level flags (Linux struct sock).
  Errno sk_err_ = Errno::None;
  bool fin_received_ = false;
  bool rcv_shutdown_ = false;
  bool snd_shutdown_ = false;
  bool orphan_ = false;
};

}  // namespace tcpsim
