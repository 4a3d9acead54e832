#pragma once
// The immutable record of one run. The simulator appends to it while running; afterwards the CLI,
// the checker, the exporters and the visualizer only read it. docs/trace-format.md documents the
// JSON form (`tcpsim trace FILE --json`).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "net/vocabulary.hpp"
#include "tcp/errno.hpp"
#include "tcp/outputs.hpp"
#include "tcp/rules.hpp"
#include "tcp/segment.hpp"
#include "tcp/state.hpp"
#include "trace/amended_log.hpp"
#include "trace/append_only.hpp"
#include "trace/event_log.hpp"
#include "trace/segment_log.hpp"
#include "trace/streams.hpp"
#include "trace/tcb_log.hpp"
#include "util/chunked.hpp"
#include "util/time.hpp"

namespace tcpsim {

using NodeId = uint16_t;
using LinkId = uint16_t;
constexpr NodeId kNoNode = 0xFFFF;
constexpr LinkId kNoLink = 0xFFFF;

/// The JSON schema version written by `tcpsim trace --json`.
constexpr int kTraceVersion = 1;

/// What a node on the ladder is.
enum class NodeKind : uint8_t { Host, Firewall, Nat };

/// A host or middlebox.
struct NodeRecord {
  std::string name;
  NodeKind kind = NodeKind::Host;
  uint32_t ip = 0;  ///< Hosts only.
};

/// A link between two nodes (symmetric).
struct LinkRecord {
  NodeId a = kNoNode;
  NodeId b = kNoNode;
  Time delay = 0;
  Time jitter = 0;
  double loss = 0;
  double duplicate = 0;
  double reorder = 0;
  uint64_t bandwidth = 0;
};

/// Why a segment never reached its destination.
enum class DropReason : uint8_t {
  None,
  Loss,       ///< Random loss on a link.
  LinkDown,   ///< The link was down when the segment crossed it.
  HostDown,   ///< The destination host had crashed.
  Firewall,   ///< A firewall rule dropped or rejected it (`line` names the rule).
  Conntrack,  ///< A stateful middlebox did not know (or had forgotten) the flow.
  NoRoute,    ///< No host has the destination address.
  QueueFull,  ///< The link's queue was full.
};

/// Where a segment's journey ended.
enum class Outcome : uint8_t { InFlight, Delivered, Dropped };

/// Every segment put on the wire, as it was sent. What became of it (delivered, dropped, ignored by the
/// receiver) is in the events that refer to it by id; SegmentFates reads it from them. A record never
/// changes once appended.
struct SegmentRecord {
  Segment seg;
  Time sent_at = 0;
  uint32_t conn = 0;            ///< Sending connection id (0: a host's reset reply, a middlebox, an injection).
  NodeId from = kNoNode;        ///< Node that sent it.
  NodeId to = kNoNode;          ///< Host owning the destination address (kNoNode if none).
  Rule rule = Rule::None;       ///< Why it was sent.
  uint32_t reply_to = 0;        ///< 1-based index of the segment whose arrival produced this one (0: none).
  uint32_t dup_of = 0;          ///< 1-based index of the original if the link duplicated it.
  uint32_t line = 0;            ///< Scenario line of the inject (or firewall rule) that sent it, else 0.
};

/// Every kind of event in a trace.
enum class EventType : uint8_t {
  SegmentSent,       ///< ref = segment index.
  SegmentDelivered,  ///< ref = segment index, node = where.
  SegmentDropped,    ///< ref = segment index, a = DropReason, rule = a firewall's reject rule, value: see drop_event().
  SegmentForwarded,  ///< ref = segment index, node = middlebox it passed.
  ConnCreated,       ///< conn, node.
  StateChanged,      ///< conn, a = from State, b = to State, rule.
  TimerArmed,        ///< conn, a = TimerKind, value = deadline.
  TimerCancelled,    ///< conn, a = TimerKind, value = the deadline it had.
  TimerFired,        ///< conn, a = TimerKind, value = deadline.
  Discarded,         ///< conn, a = DiscardKind, value = bytes, rule = why.
  AppCall,           ///< ref = call index, node.
  AppReturn,         ///< ref = call index, node.
  Note,              ///< ref = note index.
  HostCrashed,       ///< node.
  HostRestarted,     ///< node.
  LinkDown,          ///< ref = link index.
  LinkUp,            ///< ref = link index.
  FlowForgotten,     ///< node = middlebox, ref = flow index.
  SegmentIgnored,    ///< ref = segment index, node = the receiving host, conn = its connection that judged
                     ///< it (0: none), rule = why its TCP dropped or ignored it (after its delivery).
  ProcessKilled,     ///< node = the host, ref = kill index (Trace::kills): `HOST kill [PROCESS]`, kill -9.
};

/// One line of the run's history, in time order (ties in the order they happened).
struct Event {
  Time t = 0;
  EventType type = EventType::Note;
  uint8_t a = 0;
  uint8_t b = 0;
  Rule rule = Rule::None;
  NodeId node = kNoNode;
  uint32_t conn = 0;
  uint32_t ref = 0;
  uint64_t value = 0;
};

inline void EventLog::push_ref(Time t, EventType type, uint8_t a, uint8_t b, Rule rule, uint16_t node, uint32_t conn,
                               uint32_t ref) {
  static_assert(static_cast<uint8_t>(EventType::ProcessKilled) <= kTypeMask, "an event type fits in 5 bits");
  if (packed_.size() % kBlock == 0) [[unlikely]] start_block(t);
  // Offsets are taken modulo 2^64, so any time (even one before the base) round-trips when it fits.
  const uint64_t dt = static_cast<uint64_t>(t) - static_cast<uint64_t>(bases_.back());
  // The usual event (near its block's base, a small connection id): straight into its packed slot.
  if (conn <= 0xFFFF && dt < kFar) [[likely]] {
    packed_.push_back(Packed{static_cast<uint32_t>(dt), static_cast<uint8_t>(type), a, b, static_cast<uint8_t>(rule), node,
                             static_cast<uint16_t>(conn), ref});
    return;
  }
  Event e;
  e.t = t;
  e.type = type;
  e.a = a;
  e.b = b;
  e.rule = rule;
  e.node = node;
  e.conn = conn;
  e.ref = ref;
  push_back_other(e, dt);
}

inline void EventLog::push_back(const Event& e) {
  if (e.value == 0) [[likely]] {
    push_ref(e.t, e.type, e.a, e.b, e.rule, e.node, e.conn, e.ref);
    return;
  }
  if (packed_.size() % kBlock == 0) [[unlikely]] start_block(e.t);
  push_back_other(e, static_cast<uint64_t>(e.t) - static_cast<uint64_t>(bases_.back()));
}

/// A segment-dropped event: where and why, and the scenario line of the firewall rule that decided it
/// (0: none). `value` holds the link (kNoLink: none) in its low 16 bits and the line in its high 32.
Event drop_event(uint32_t seg, uint32_t conn, DropReason why, NodeId node, LinkId link, uint32_t line, Rule rule);
/// The link of a segment-dropped event (kNoLink: it died at a node).
inline LinkId drop_link(const Event& e) { return static_cast<LinkId>(e.value & 0xFFFF); }
/// The firewall rule's scenario line of a segment-dropped event (0: none).
inline uint32_t drop_line(const Event& e) { return static_cast<uint32_t>(e.value >> 32); }

/// A connection (or a listening socket) that existed during the run. Ids start at 1. Read from
/// Trace::conns, it holds what was learned after it was appended too (ConnLearned).
struct ConnRecord {
  uint32_t id = 0;
  NodeId node = kNoNode;
  FourTuple tuple;
  bool listener = false;   ///< A listening socket (LISTEN), not a connection.
  bool passive = false;    ///< Created by a listener from a SYN.
  Seq iss;
  Seq irs;                 ///< The peer's ISN, once known (see irs_known).
  bool irs_known = false;
  uint32_t stream = 0;     ///< Stream holding the bytes this side sent.
  Time created = 0;
  std::string name;        ///< Scenario socket name (`as NAME`), if any.
};

/// What a connection's record came to know after it was appended: the peer's ISN (learned with the
/// state change into SYN-RECEIVED or ESTABLISHED) and the name of the socket that accept() or
/// connect() gave it. Each one holds all that was known by then.
struct ConnLearned {
  uint32_t event = 0;      ///< Events recorded before it was learned (it holds from this event on).
  bool irs_known = false;
  Seq irs;
  std::string name;
};
void apply_amendment(ConnRecord& c, const ConnLearned& l);

/// An application call and how it ended. Read from Trace::calls, it holds its CallReturn too.
struct CallRecord {
  uint32_t id = 0;
  NodeId node = kNoNode;
  uint32_t conn = 0;        ///< Connection the call acted on (0: none).
  CallKind kind = CallKind::Close;
  std::string subject;      ///< As written in the scenario (host or socket name).
  std::string args;         ///< Arguments as a person reads them ("server:80", "\"GET /\"", "linger 0").
  uint32_t line = 0;
  Time scheduled = 0;       ///< When the scenario asked for the call (`at`).
  Time issued = 0;          ///< When it started: later than `scheduled` if its thread was still busy.
  Time returned = -1;       ///< -1: never returned (blocked at the end, or the host crashed).
  int64_t ret = 0;          ///< Return value (bytes, 0, or -1 with err).
  Errno err = Errno::None;
  bool sigpipe = false;     ///< Linux would also raise SIGPIPE (EPIPE without MSG_NOSIGNAL).
  bool blocked = false;     ///< The call had to wait.
  bool killed = false;      ///< Its process was killed (kill -9) while it waited: it ended (`returned` is
                            ///< the kill's time) without returning anything to the application.
  std::string data;         ///< recv: the bytes returned (first 4096).
  uint64_t data_len = 0;    ///< recv/send: bytes moved.
};

/// How a call ended, appended when it returned (with its app-return event), or, for a call still
/// blocked when its host crashed or the run ended, then (returned = -1). The call record itself holds
/// what was known when it was made.
struct CallReturn {
  uint32_t conn = 0;        ///< The connection it acted on (connect() and accept() learn theirs).
  Time returned = -1;
  int64_t ret = 0;
  Errno err = Errno::None;
  bool sigpipe = false;
  bool blocked = false;
  std::string data;
  uint64_t data_len = 0;
  bool killed = false;      ///< Its process was killed while it waited (CallRecord::killed).
};
void apply_amendment(CallRecord& c, const CallReturn& r);

/// `note "..."` at its time.
struct NoteRecord {
  Time t = 0;
  std::string text;
  uint32_t line = 0;
};

/// A flow a stateful middlebox forgot.
struct FlowRecord {
  NodeId middlebox = kNoNode;
  Endpoint a;
  Endpoint b;
  Time last_seen = 0;
  uint32_t line = 0;  ///< Scenario line of the `forget` that emptied the flow table (0: the flow idled out).
};

/// A process killed by `HOST kill [PROCESS]` (kill -9): its blocked calls ended, then the kernel closed
/// each of its sockets as close() would (Linux do_exit() -> exit_files()).
struct KillRecord {
  Time t = 0;
  NodeId node = kNoNode;
  std::string process;         ///< The process's name: the host's own (its default process) or a declared one.
  uint32_t line = 0;           ///< Scenario line of the kill.
  std::vector<uint32_t> conns; ///< Connections and listeners whose sockets it closed, in descriptor order.
};

/// A problem found while running (an injection with no connection to evaluate `rcv.nxt` against...).
struct RunError {
  uint32_t line = 0;
  std::string message;
};

struct Trace;

constexpr uint32_t kNoEvent = UINT32_MAX;

/// What became of a segment, read from the events that refer to it: segment-delivered,
/// segment-dropped, segment-ignored. Derived (Trace::fate()), never stored in the segment's record.
struct SegmentFate {
  Outcome outcome = Outcome::InFlight;
  DropReason drop = DropReason::None;
  Rule verdict = Rule::None;       ///< The receiver's TCP dropped or ignored it, or a firewall rejected it: why.
  NodeId end_node = kNoNode;       ///< Node where it was delivered or dropped (kNoNode: on a link, or in flight).
  LinkId end_link = kNoLink;       ///< Link it was dropped on (loss, link down, queue full).
  Time end_at = 0;                 ///< Delivery or drop time (0: still in flight).
  uint32_t line = 0;               ///< Scenario line that decided it: the firewall rule that dropped it, else
                                   ///< the segment's own (its inject's).
  uint32_t end_event = kNoEvent;   ///< Its segment-delivered or segment-dropped event.
  uint32_t verdict_event = kNoEvent;  ///< Its segment-ignored event.
};

/// Where each segment's fate is told: the one index readers ask (Trace::fate(), Trace::fates()), four
/// bytes per segment. The trace only grows, so it extends itself over the segments and events
/// appended since it last looked.
class SegmentFates {
 public:
  /// Reads what `trace` appended since the last call.
  void extend(const Trace& trace);
  /// Segments indexed.
  size_t size() const { return ends_.size(); }
  /// A segment's segment-delivered or segment-dropped event, or kNoEvent.
  uint32_t end_event(size_t segment) const { return ends_[segment]; }
  /// A segment's segment-ignored event, or kNoEvent.
  uint32_t verdict_event(size_t segment) const;

 private:
  std::vector<uint32_t> ends_;
  std::unordered_map<uint32_t, uint32_t> verdicts_;  ///< Segment -> its segment-ignored event (few).
  size_t events_ = 0;                                ///< Events read so far.
};

/// One run of a scenario, complete.
struct Trace {
  int version = kTraceVersion;
  std::string file;
  std::string title;
  std::string summary;
  /// Who ran the TCP: "" for tcpsim's own model, "linux 6.18.0" for a `tcpsim kernel-check` recording.
  std::string source;
  uint64_t seed = 0;
  RunKind run = RunKind::Fault;
  bool has_twin = false;
  std::vector<NodeRecord> nodes;
  std::vector<LinkRecord> links;
  SegmentLog segments;                 ///< In send order (index = segment id; stored packed, read back as
                                       ///< SegmentRecord values; append-only).
  EventLog events;                     ///< In time order (stored packed, read back as Event values; append-only).
  AmendedLog<ConnRecord, ConnLearned> conns;  ///< conns[i].id == i + 1 (read back as values; append-only).
  AmendedLog<CallRecord, CallReturn> calls;   ///< calls[i].id == i + 1 (read back as values; append-only).
  std::vector<NoteRecord> notes;
  std::vector<FlowRecord> flows;
  std::vector<KillRecord> kills;    ///< By ProcessKilled events' ref.
  /// The processes the scenario declared (`process NAME on HOST`), in declaration order; every host also
  /// has its own, named after it, which makes the calls whose subject is the host.
  std::vector<std::pair<NodeId, std::string>> processes;
  TcbLog tcbs;                      ///< In time order, as differences; the latest one of a connection holds.
  StreamStore streams;
  Time end_time = 0;
  bool truncated = false;           ///< A `limit` stopped the run early.
  std::string stop_reason;          ///< "finished", or which limit stopped it.
  std::vector<RunError> errors;
  std::vector<TcpOptions> options;  ///< Option sets of injected segments (Segment::options - 1), each once.

  /// A segment's options besides MSS, or null.
  const TcpOptions* options_of(const Segment& s) const { return s.options ? &options[s.options - 1] : nullptr; }
  /// The index a segment carrying `o` holds (0 for none; an existing entry when the same set was
  /// added before). 0 too when the table is full (65535 different sets).
  uint16_t add_options(const TcpOptions& o);
  /// The connection record with this id (with what it learned later).
  ConnRecord conn(uint32_t id) const { return conns.at(id - 1); }
  /// All a connection knows now, to amend (Trace::conns.amend()) with what it just learned.
  ConnLearned learned(uint32_t id) const;
  /// Node index by name, or kNoNode.
  NodeId node_by_name(const std::string& name) const;
  /// Node index owning an IPv4 address, or kNoNode.
  NodeId node_by_ip(uint32_t ip) const;
  /// State of a connection at time t (after every event at t).
  State state_at(uint32_t conn, Time t) const;
  /// Approximate heap bytes the trace holds (what `limit memory` bounds).
  uint64_t memory_bytes() const;
  /// Payload bytes of a segment (at most `max`).
  std::string payload(const SegmentRecord& s, uint64_t max = UINT64_MAX) const;
  /// Where every segment's fate is told, brought up to date with what was appended since the last call.
  const SegmentFates& fates() const {
    fates_.extend(*this);
    return fates_;
  }
  /// What became of one segment (so far), read from its events.
  SegmentFate fate(size_t segment) const;

 private:
  mutable SegmentFates fates_;  ///< Derived from the events (see fates()); not part of the record.
};

/// Sequence and acknowledgment numbers relative to the ISNs, as Wireshark shows them (SYN = 0).
struct RelativeNumbers {
  std::vector<uint32_t> seq;   ///< Per segment: relative SEQ (absolute when no base is known).
  std::vector<uint32_t> ack;   ///< Per segment: relative ACK (absolute when no base is known).
  std::vector<uint8_t> known;  ///< Bit 0: seq is relative; bit 1: ack is relative.
};

/// Computes relative numbers from the point of view of the connection that makes them meaningful:
/// - a segment a connection sent: SEQ relative to its ISS, ACK to its IRS;
/// - a reset built from an offending segment (reset_reply()): in the same number space as the
///   segment it answers (its SEQ is that segment's ACK);
/// - anything else (an injected segment): relative to the receiving connection's IRS and ISS, if one
///   existed before it arrived (a blind RST lands "1006 past" what the receiver expects); otherwise
///   absolute (an old duplicate SYN shows the number the scenario gave it).
/// Unlike a per-address scheme this stays right when a rebooted host reuses the same ports.
RelativeNumbers relative_numbers(const Trace& trace);

/// Display names.
std::string_view node_kind_name(NodeKind k);
std::string_view drop_reason_name(DropReason r);
std::string_view event_type_name(EventType t);
std::string_view outcome_name(Outcome o);

}  // namespace tcpsim
