#pragma once
// What one step of a connection produces: segments to send, timer changes, state changes,
// notifications for the socket layer and bytes discarded. The caller applies them; the connection
// itself never performs I/O, reads a clock or schedules anything.
#include <cstdint>
#include <string_view>
#include <vector>

#include "tcp/errno.hpp"
#include "tcp/rules.hpp"
#include "tcp/segment.hpp"
#include "tcp/state.hpp"
#include "util/time.hpp"

namespace tcpsim {

/// The timers of one connection. Each is data: an optional deadline held in the TCB.
enum class TimerKind : uint8_t {
  Retransmit,  ///< RFC 6298 retransmission timer (also SYN and SYN,ACK retries).
  Persist,     ///< RFC 9293 §3.8.6.1 zero-window probe timer.
  Keepalive,   ///< RFC 1122 §4.2.3.6 keep-alive timer.
  TimeWait,    ///< RFC 9293 §3.10.8 2*MSL timer.
  FinWait2,    ///< Linux tcp_fin_timeout for orphaned FIN-WAIT-2 connections.
};
constexpr int kTimerKinds = 5;

/// Name for display and JSON: "retransmit", "persist", "keepalive", "time-wait", "fin-wait-2".
std::string_view timer_name(TimerKind k);

/// What happened to a timer.
enum class TimerAction : uint8_t { Armed, Cancelled, Fired };

/// What the socket layer is told.
enum class NotifyKind : uint8_t {
  Connected,     ///< The connection reached ESTABLISHED.
  Readable,      ///< In-order data was added to the receive queue.
  Eof,           ///< A FIN was received in order (recv() will return 0 after the data).
  Writable,      ///< Acknowledged data freed send-buffer space.
  Error,         ///< A pending socket error was set (ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT).
  Closed,        ///< The connection reached CLOSED; it no longer takes segments.
  BackToListen,  ///< A passive SYN-RECEIVED connection was reset: it returns to LISTEN (is dropped).
  Reopen,        ///< TIME-WAIT accepted a new SYN: the host drops this TCB and gives the SYN to its listener.
};

/// Bytes lost when a connection is torn down.
enum class DiscardKind : uint8_t {
  UnreadReceive,   ///< Received in order, never read by the application.
  OutOfOrder,      ///< Received above a hole, never delivered.
  UnsentSend,      ///< Written by the application, never sent.
  UnackedSend,     ///< Sent but not acknowledged when the connection died.
};

/// Name for display and JSON, e.g. "unread-receive".
std::string_view discard_name(DiscardKind k);

/// A segment the connection wants sent, with the rule that produced it.
struct SegmentOut {
  Segment seg;
  Rule rule;
};

/// A timer that was armed (with its deadline), cancelled or fired.
struct TimerOut {
  TimerKind kind;
  TimerAction action;
  Time deadline;
};

/// A transition of RFC 9293 Figure 5 with the rule that caused it.
struct StateOut {
  State from;            ///< The state left.
  State to;              ///< The state entered.
  Rule rule;             ///< Why.
  bool allowed = true;   ///< A row of kTransitions (tcp/transitions.hpp) allows it; false is a bug.
};

/// A notification for the socket layer.
struct NotifyOut {
  NotifyKind kind;
  Errno err = Errno::None;
};

/// Bytes discarded by an RST, a close with unread data or a timeout.
struct DiscardOut {
  DiscardKind kind;
  uint64_t bytes;
};

/// Everything one call into a Connection produced, in order within each kind.
struct Outputs {
  std::vector<SegmentOut> segments;
  std::vector<TimerOut> timers;
  std::vector<StateOut> states;
  std::vector<NotifyOut> notes;
  std::vector<DiscardOut> discards;
  /// For an arriving segment that was dropped or ignored: the rule that says so (None when processed).
  Rule verdict = Rule::None;

  /// Empties every list (keeping capacity, so a host can reuse one Outputs without allocating).
  void clear() {
    segments.clear();
    timers.clear();
    states.clear();
    notes.clear();
    discards.clear();
    verdict = Rule::None;
  }
};

}  // namespace tcpsim
