#pragma once
// The immutable record of one run. The simulator appends to it while running; afterwards the CLI,
// the checker, the exporters and the visualizer only read it. docs/trace-format.md documents the
// JSON form (`tcpsim trace FILE --json`).
#include <cstdint>
#include <string>
#include <vector>

#include "net/vocabulary.hpp"
#include "tcp/errno.hpp"
#include "tcp/outputs.hpp"
#include "tcp/rules.hpp"
#include "tcp/segment.hpp"
#include "tcp/state.hpp"
#include "trace/event_log.hpp"
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

/// Every segment put on the wire, with its whole journey.
struct SegmentRecord {
  Segment seg;
  Time sent_at = 0;
  Time end_at = 0;              ///< Delivery or drop time.
  uint32_t conn = 0;            ///< Sending connection id (0: a host's reset reply, a middlebox, an injection).
  NodeId from = kNoNode;        ///< Node that sent it.
  NodeId to = kNoNode;          ///< Host owning the destination address (kNoNode if none).
  NodeId end_node = kNoNode;    ///< Node where it was delivered or dropped (kNoNode: dropped on a link).
  LinkId end_link = kNoLink;    ///< Link it was dropped on (loss, link down, queue full).
  Rule rule = Rule::None;       ///< Why it was sent.
  Rule verdict = Rule::None;    ///< If the receiver dropped or ignored it: the rule that says so.
  Outcome outcome = Outcome::InFlight;
  DropReason drop = DropReason::None;
  uint32_t reply_to = 0;        ///< 1-based index of the segment whose arrival produced this one (0: none).
  uint32_t dup_of = 0;          ///< 1-based index of the original if the link duplicated it.
  uint32_t line = 0;            ///< Scenario line of the firewall rule or inject that decided it.
};

/// Every kind of event in a trace.
enum class EventType : uint8_t {
  SegmentSent,       ///< ref = segment index.
  SegmentDelivered,  ///< ref = segment index, node = where.
  SegmentDropped,    ///< ref = segment index.
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

/// A connection (or a listening socket) that existed during the run. Ids start at 1.
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

/// An application call and how it ended.
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
  std::string data;         ///< recv: the bytes returned (first 4096).
  uint64_t data_len = 0;    ///< recv/send: bytes moved.
};

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

/// A problem found while running (an injection with no connection to evaluate `rcv.nxt` against...).
struct RunError {
  uint32_t line = 0;
  std::string message;
};

/// One run of a scenario, complete.
struct Trace {
  int version = kTraceVersion;
  std::string file;
  std::string title;
  std::string summary;
  uint64_t seed = 0;
  RunKind run = RunKind::Fault;
  bool has_twin = false;
  std::vector<NodeRecord> nodes;
  std::vector<LinkRecord> links;
  Chunked<SegmentRecord> segments;  ///< In send order (index = segment id).
  EventLog events;                  ///< In time order (stored packed: read back as Event values).
  std::vector<ConnRecord> conns;    ///< conns[i].id == i + 1.
  std::vector<CallRecord> calls;    ///< calls[i].id == i + 1.
  std::vector<NoteRecord> notes;
  std::vector<FlowRecord> flows;
  TcbLog tcbs;                      ///< In time order, as differences; the latest one of a connection holds.
  StreamStore streams;
  Time end_time = 0;
  bool truncated = false;           ///< A `limit` stopped the run early.
  std::string stop_reason;          ///< "finished", or which limit stopped it.
  std::vector<RunError> errors;

  /// The connection record with this id.
  const ConnRecord& conn(uint32_t id) const { return conns.at(id - 1); }
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
