#pragma once
// What one step of a connection produces: one list of actions in the order the connection took them
// (segments to send, timer changes, state changes, notifications for the socket layer, bytes discarded),
// each with its cause. The caller applies them in that order; the connection itself never performs I/O,
// reads a clock or schedules anything.
#include <cstdint>
#include <string_view>
#include <variant>
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
  DelayedAck,  ///< Linux's delayed-ACK timer (tcp_send_delayed_ack()), with `delayed-ack on` only.
};
constexpr int kTimerKinds = 6;

/// Name for display and JSON: "retransmit", "persist", "keepalive", "time-wait", "fin-wait-2",
/// "delayed-ack".
std::string_view timer_name(TimerKind k);

/// What happened to a timer.
enum class TimerAction : uint8_t { Armed, Cancelled, Fired };

/// What the socket layer is told.
enum class NotifyKind : uint8_t {
  Connected,     ///< The connection reached ESTABLISHED.
  Readable,      ///< In-order data was added to the receive queue.
  Eof,           ///< A FIN was received in order (recv() will return 0 after the data).
  Writable,      ///< A writer out of room (SOCK_NOSPACE) may copy again: sk_stream_write_space().
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

/// Bytes discarded by an RST, a close with unread data or a timeout, with the rule that discarded them.
struct DiscardOut {
  DiscardKind kind;
  uint64_t bytes;
  Rule rule = Rule::None;
};

/// One thing a connection did.
using Output = std::variant<SegmentOut, TimerOut, StateOut, NotifyOut, DiscardOut>;

/// Everything one call into a Connection produced, in the order it happened.
struct Outputs {
  std::vector<Output> actions;
  /// For an arriving segment that was dropped or ignored: the rule that says so (None when processed).
  Rule verdict = Rule::None;

  /// Appends an action.
  template <typename T>
  void add(const T& action) {
    actions.emplace_back(action);
  }
  /// The actions of one kind, in order.
  template <typename T>
  std::vector<T> all() const {
    std::vector<T> v;
    for (const Output& a : actions) {
      if (const T* x = std::get_if<T>(&a)) v.push_back(*x);
    }
    return v;
  }
  /// Whether the connection told the socket layer `k`.
  bool notified(NotifyKind k) const {
    for (const Output& a : actions) {
      if (const NotifyOut* n = std::get_if<NotifyOut>(&a); n && n->kind == k) return true;
    }
    return false;
  }
  /// Empties the list (keeping capacity, so a host can reuse one Outputs without allocating).
  void clear() {
    actions.clear();
    verdict = Rule::None;
  }
};

}  // namespace tcpsim
