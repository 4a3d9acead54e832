#pragma once
// RFC 9293 Figure 5 and every transition this TCP may take, as one constexpr table.
//
// Connection::set_state() (and the host, for a listener's own transitions) looks each transition up
// here: a transition with no row is a bug in tcpsim. Debug, sanitizer and fuzz builds and the test
// binaries stop on it; a release run reports it as an internal error, the way a broken invariant is
// reported, and goes on. Each row counts how often it allowed a transition, so a test can name the
// rows nothing exercises. The visualizer draws Figure 5's arrows and labels from kFigure5 (their
// layout in pixels is its own business).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tcp/rules.hpp"
#include "tcp/state.hpp"

namespace tcpsim {

/// The arrows of RFC 9293 Figure 5, in the order kFigure5 lists them.
enum class Arrow : int8_t {
  None = -1,            ///< The figure draws no arrow for this transition.
  PassiveOpen,          ///< CLOSED -> LISTEN.
  ListenClose,          ///< LISTEN -> CLOSED.
  ActiveOpen,           ///< CLOSED -> SYN-SENT.
  SynSentClose,         ///< SYN-SENT -> CLOSED.
  ListenSend,           ///< LISTEN -> SYN-SENT.
  ListenSyn,            ///< LISTEN -> SYN-RECEIVED.
  SynReceivedRst,       ///< SYN-RECEIVED -> LISTEN.
  SimultaneousSyn,      ///< SYN-SENT -> SYN-RECEIVED.
  AckOfSyn,             ///< SYN-RECEIVED -> ESTABLISHED.
  SynAck,               ///< SYN-SENT -> ESTABLISHED.
  SynReceivedClose,     ///< SYN-RECEIVED -> FIN-WAIT-1.
  EstablishedClose,     ///< ESTABLISHED -> FIN-WAIT-1.
  EstablishedFin,       ///< ESTABLISHED -> CLOSE-WAIT.
  FinWait1AckOfFin,     ///< FIN-WAIT-1 -> FIN-WAIT-2.
  FinWait1Fin,          ///< FIN-WAIT-1 -> CLOSING.
  CloseWaitClose,       ///< CLOSE-WAIT -> LAST-ACK.
  FinWait2Fin,          ///< FIN-WAIT-2 -> TIME-WAIT.
  ClosingAckOfFin,      ///< CLOSING -> TIME-WAIT.
  LastAckAckOfFin,      ///< LAST-ACK -> CLOSED.
  TimeWaitTimeout,      ///< TIME-WAIT -> CLOSED.
};

/// An arrow of Figure 5 with its label, the RFC's "event / action" ("x": nothing, left empty here).
struct FigureArrow {
  State from;                ///< Where it starts.
  State to;                  ///< Where it points.
  std::string_view trigger;  ///< "rcv SYN", "CLOSE", "Timeout=2MSL".
  std::string_view action;   ///< "snd SYN,ACK", "delete TCB"; empty when nothing is sent.
};

/// Figure 5's twenty arrows. Two are never taken here: LISTEN -> SYN-SENT (Linux has no SEND on a
/// listening socket) and SYN-RECEIVED -> FIN-WAIT-1 (a CLOSE in SYN-RECEIVED waits, as RFC 9293
/// §3.10.4 allows, and the FIN leaves from ESTABLISHED).
inline constexpr std::array<FigureArrow, 20> kFigure5 = {{
    {State::Closed, State::Listen, "passive OPEN", "create TCB"},
    {State::Listen, State::Closed, "CLOSE", "delete TCB"},
    {State::Closed, State::SynSent, "active OPEN", "snd SYN"},
    {State::SynSent, State::Closed, "CLOSE", "delete TCB"},
    {State::Listen, State::SynSent, "SEND", "snd SYN"},
    {State::Listen, State::SynReceived, "rcv SYN", "snd SYN,ACK"},
    {State::SynReceived, State::Listen, "rcv RST", ""},
    {State::SynSent, State::SynReceived, "rcv SYN", "snd SYN,ACK"},
    {State::SynReceived, State::Established, "rcv ACK of SYN", ""},
    {State::SynSent, State::Established, "rcv SYN,ACK", "snd ACK"},
    {State::SynReceived, State::FinWait1, "CLOSE", "snd FIN"},
    {State::Established, State::FinWait1, "CLOSE", "snd FIN"},
    {State::Established, State::CloseWait, "rcv FIN", "snd ACK"},
    {State::FinWait1, State::FinWait2, "rcv ACK of FIN", ""},
    {State::FinWait1, State::Closing, "rcv FIN", "snd ACK"},
    {State::CloseWait, State::LastAck, "CLOSE", "snd FIN"},
    {State::FinWait2, State::TimeWait, "rcv FIN", "snd ACK"},
    {State::Closing, State::TimeWait, "rcv ACK of FIN", ""},
    {State::LastAck, State::Closed, "rcv ACK of FIN", ""},
    {State::TimeWait, State::Closed, "Timeout=2MSL", "delete TCB"},
}};

/// One allowed transition: from any state of `from`, `rule` leads to `to`.
struct Transition {
  StateSet from;          ///< The states it may leave, grouped as the cited rule groups them.
  Rule rule;              ///< The rule that takes it (what the trace records as its cause).
  State to;               ///< The state it enters.
  Arrow arrow;            ///< The Figure 5 arrow it takes for the figure's reason, or Arrow::None.
  std::string_view cite;  ///< The document and section (or Linux function) that says so.
};

/// Every state but CLOSED (a crash may find a TCB in any of them).
inline constexpr StateSet kAnyButClosed = kSynchronized | kHandshaking | StateSet{State::Listen};

namespace transition_rows {
using S = State;
using R = Rule;
using A = Arrow;
inline constexpr auto kRows = std::to_array<Transition>({
  // ---- Figure 5.
  {{S::Closed}, R::PassiveOpen, S::Listen, A::PassiveOpen, "RFC 9293 §3.10.1"},
  {{S::Listen}, R::CloseNothingSent, S::Closed, A::ListenClose, "RFC 9293 §3.10.4"},
  {{S::Closed}, R::ActiveOpen, S::SynSent, A::ActiveOpen, "RFC 9293 §3.10.1"},
  // CLOSE and shutdown(SHUT_WR) in SYN-SENT: "delete the TCB" (Linux tcp_close_state()).
  {{S::SynSent}, R::CloseNothingSent, S::Closed, A::SynSentClose, "RFC 9293 §3.10.4"},
  {{S::SynSent}, R::AbortNothingSent, S::Closed, A::SynSentClose, "RFC 9293 §3.10.5"},
  {{S::Listen}, R::SynAckPassive, S::SynReceived, A::ListenSyn, "RFC 9293 §3.10.7.2"},
  // RST in a SYN-RECEIVED that came from LISTEN: "return this connection to LISTEN state".
  {{S::SynReceived}, R::RcvRst, S::Listen, A::SynReceivedRst, "RFC 9293 §3.10.7.4"},
  {{S::SynReceived}, R::RcvRst793, S::Listen, A::SynReceivedRst, "RFC 793 §3.9"},
  {{S::SynSent}, R::SynAckSimultaneous, S::SynReceived, A::SimultaneousSyn, "RFC 9293 §3.10.7.3"},
  {{S::SynReceived}, R::AckOfSyn, S::Established, A::AckOfSyn, "RFC 9293 §3.10.7.4"},
  {{S::SynSent}, R::HandshakeAck, S::Established, A::SynAck, "RFC 9293 §3.10.7.3"},
  // A CLOSE queued in SYN-RECEIVED leaves from ESTABLISHED, right after the ACK of our SYN.
  {{S::Established}, R::Fin, S::FinWait1, A::EstablishedClose, "RFC 9293 §3.10.4"},
  {{S::Established}, R::FinShutdown, S::FinWait1, A::EstablishedClose, "RFC 9293 §3.10.4; Linux tcp_shutdown()"},
  {{S::Established}, R::RcvFin, S::CloseWait, A::EstablishedFin, "RFC 9293 §3.10.7.4"},
  {{S::FinWait1}, R::AckOfFin, S::FinWait2, A::FinWait1AckOfFin, "RFC 9293 §3.10.7.4"},
  {{S::FinWait1}, R::RcvFin, S::Closing, A::FinWait1Fin, "RFC 9293 §3.10.7.4"},
  {{S::CloseWait}, R::Fin, S::LastAck, A::CloseWaitClose, "RFC 9293 §3.10.4"},
  {{S::CloseWait}, R::FinShutdown, S::LastAck, A::CloseWaitClose, "RFC 9293 §3.10.4; Linux tcp_shutdown()"},
  {{S::FinWait2}, R::RcvFin, S::TimeWait, A::FinWait2Fin, "RFC 9293 §3.10.7.4"},
  {{S::Closing}, R::AckOfFin, S::TimeWait, A::ClosingAckOfFin, "RFC 9293 §3.10.7.4"},
  {{S::LastAck}, R::AckOfFin, S::Closed, A::LastAckAckOfFin, "RFC 9293 §3.10.7.4"},
  {{S::TimeWait}, R::TimeWaitTimeout, S::Closed, A::TimeWaitTimeout, "RFC 9293 §3.10.8"},

  // ---- Handshake, not drawn.
  // A new SYN in a SYN-RECEIVED that came from LISTEN returns it to LISTEN.
  {{S::SynReceived}, R::SynInSynReceived, S::Listen, A::None, "RFC 9293 §3.10.7.4"},
  {{S::SynSent}, R::RcvRstSynSent, S::Closed, A::None, "RFC 9293 §3.10.7.3"},
  // SYN-RECEIVED reached from SYN-SENT (simultaneous open) gives up after synack-retries as a
  // passive one does, but fails connect() with ETIMEDOUT like SYN-SENT.
  {{S::SynSent, S::SynReceived}, R::GiveUpSyn, S::Closed, A::None, "RFC 1122 §4.2.3.5; Linux tcp_syn_retries"},
  {{S::SynReceived}, R::GiveUpSynAck, S::Closed, A::None, "Linux tcp_synack_retries"},
  {{S::SynReceived}, R::ListenerGone, S::Closed, A::None, "Linux inet_csk_listen_stop()"},
  {{S::SynReceived}, R::RstAcceptQueueFull, S::Closed, A::None, "Linux tcp_check_req(); tcp_abort_on_overflow"},

  // ---- Resets received (RFC 9293 §3.10.7.4, second check, grouped as it groups the states).
  // SYN-RECEIVED from an active OPEN: "the connection was refused".
  {{S::SynReceived}, R::RcvRst, S::Closed, A::None, "RFC 9293 §3.10.7.4"},
  // ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: "connection reset"; CLOSING, LAST-ACK: "enter CLOSED".
  {kAbortResets - kHandshaking, R::RcvRst, S::Closed, A::None, "RFC 9293 §3.10.7.4"},
  {{S::Closing, S::LastAck}, R::RcvRst, S::Closed, A::None, "RFC 9293 §3.10.7.4"},
  // An RST at RCV.NXT-1 after the peer's FIN (it took that number): Linux accepts it, RFC 9293 does not.
  {{S::CloseWait, S::Closing, S::LastAck}, R::RcvRstAfterFin, S::Closed, A::None, "Linux tcp_reset_check()"},
  // Without RFC 5961: any in-window RST, and a SYN in the window is an error answered with a reset.
  {kPeerAlive, R::RcvRst793, S::Closed, A::None, "RFC 793 §3.9"},
  {kPeerAlive, R::RstSynInWindow, S::Closed, A::None, "RFC 793 §3.9"},
  {{S::TimeWait}, R::RstSynInWindow, S::Closed, A::None, "RFC 793 §3.9 (TIME-WAIT, fourth check)"},
  {{S::TimeWait}, R::RcvRstTimeWait, S::Closed, A::None, "RFC 1337; Linux tcp_timewait_state_process()"},
  {{S::FinWait1, S::FinWait2}, R::RstDataAfterClose, S::Closed, A::None,
   "RFC 1122 §4.2.2.13; Linux tcp_rcv_state_process()"},

  // ---- Timeouts.
  {{S::TimeWait}, R::TimeWaitNewSyn, S::Closed, A::None, "RFC 1122 §4.2.2.13; Linux tcp_v4_rcv()"},
  {{S::FinWait2}, R::FinWait2Timeout, S::Closed, A::None, "Linux tcp_fin_timeout"},
  // Data or a FIN is outstanding, or a window probe goes unanswered.
  {kMaySend, R::GiveUpRetransmit, S::Closed, A::None, "RFC 1122 §4.2.3.5; Linux tcp_write_err()"},
  {kOpen, R::RstKeepaliveTimeout, S::Closed, A::None, "Linux tcp_keepalive_timer()"},

  // ---- The application tears down.
  {kOpen, R::RstCloseUnread, S::Closed, A::None, "RFC 1122 §4.2.2.13; Linux tcp_close()"},
  {kPeerAlive, R::RstLinger0, S::Closed, A::None, "Linux tcp_close(), tcp_disconnect()"},
  {kAbortResets, R::RstAbort, S::Closed, A::None, "RFC 9293 §3.10.5"},
  {{S::Closing, S::LastAck, S::TimeWait}, R::AbortNothingSent, S::Closed, A::None, "RFC 9293 §3.10.5"},
  // Connections still in the accept queue (ESTABLISHED, or CLOSE-WAIT once the peer closed).
  {{S::Established, S::CloseWait}, R::RstListenerClosed, S::Closed, A::None, "Linux inet_csk_listen_stop()"},

  // ---- Faults of the scenario.
  {kAnyButClosed, R::HostCrash, S::Closed, A::None, "scenario: crash HOST"},
});
}  // namespace transition_rows
/// Every transition tcpsim may take. Figure 5's arrows first, in its order, then the ones it does not
/// draw: timeouts, resets, aborts, Linux's choices and the scenario's faults.
inline constexpr auto kTransitions = transition_rows::kRows;

/// Index of the row of kTransitions that allows `from` -> `to` by `rule`, or -1.
constexpr int find_transition(State from, Rule rule, State to) {
  for (size_t i = 0; i < kTransitions.size(); ++i) {
    const Transition& t = kTransitions[i];
    if (t.rule == rule && t.to == to && t.from.has(from)) return static_cast<int>(i);
  }
  return -1;
}

/// What happens when a transition has no row.
enum class TransitionCheck : uint8_t {
  Report,  ///< Returned as not allowed; the host adds an internal error to the run (release builds).
  Fail,    ///< Printed to standard error and the process aborts (debug builds and the test binaries).
};

/// The current mode: Fail where TCPSIM_INVARIANTS is defined (debug, sanitizer, fuzz builds), else Report.
TransitionCheck transition_check();
/// Sets the mode (the test binaries set Fail for every test).
void set_transition_check(TransitionCheck mode);

/// Looks the transition up and counts its row. False when no row allows it (in Fail mode the process
/// has aborted by then, naming it).
bool record_transition(State from, Rule rule, State to);
/// The internal error a run reports for a transition no row allows.
std::string transition_error(State from, Rule rule, State to);
/// How many transitions row `row` of kTransitions has allowed in this process.
uint64_t transition_hits(size_t row);
/// How many of them left state `from`.
uint64_t transition_hits(size_t row, State from);
/// One line per row: its states, rule and citation ("ESTABLISHED, CLOSE-WAIT -rst-listener-closed-> ...").
std::string describe_transition_row(size_t row);

}  // namespace tcpsim
