#include "trace/trace.hpp"

#include <map>
#include <tuple>
#include <utility>

namespace tcpsim {

uint64_t Trace::memory_bytes() const {
  uint64_t n = segments.memory_bytes() + events.memory_bytes() + tcbs.memory_bytes();
  n += conns.memory_bytes() + notes.capacity() * sizeof(NoteRecord) + flows.capacity() * sizeof(FlowRecord) +
       errors.capacity() * sizeof(RunError) +
       kills.capacity() * sizeof(KillRecord) + options.capacity() * sizeof(TcpOptions);
  n += calls.memory_bytes();
  for (const CallReturn& r : calls.amendments()) n += r.data.capacity() > 15 ? r.data.capacity() : 0;
  for (const Stream& s : streams.streams()) n += sizeof(Stream) + s.chunks.capacity() * sizeof(StreamChunk);
  for (const std::string& l : streams.literals()) n += sizeof(std::string) + l.capacity();
  return n;
}

uint16_t Trace::add_options(const TcpOptions& o) {
  if (o.empty()) return 0;
  for (size_t i = 0; i < options.size(); ++i) {
    if (options[i] == o) return static_cast<uint16_t>(i + 1);
  }
  if (options.size() >= UINT16_MAX) return 0;
  options.push_back(o);
  return static_cast<uint16_t>(options.size());
}

void apply_amendment(ConnRecord& c, const ConnLearned& l) {
  c.irs_known = l.irs_known;
  c.irs = l.irs;
  c.name = l.name;
}

void apply_amendment(CallRecord& c, const CallReturn& r) {
  c.conn = r.conn;
  c.returned = r.returned;
  c.ret = r.ret;
  c.err = r.err;
  c.sigpipe = r.sigpipe;
  c.blocked = r.blocked;
  c.data = r.data;
  c.data_len = r.data_len;
  c.killed = r.killed;
}

ConnLearned Trace::learned(uint32_t id) const {
  ConnRecord c = conn(id);
  return {static_cast<uint32_t>(events.size()), c.irs_known, c.irs, std::move(c.name)};
}

NodeId Trace::node_by_name(const std::string& name) const {
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].name == name) return static_cast<NodeId>(i);
  }
  return kNoNode;
}

NodeId Trace::node_by_ip(uint32_t ip) const {
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].kind == NodeKind::Host && nodes[i].ip == ip) return static_cast<NodeId>(i);
  }
  return kNoNode;
}

State Trace::state_at(uint32_t conn_id, Time t) const {
  State s = State::Closed;
  bool seen = false;
  for (const Event& e : events) {
    if (e.t > t) break;
    if (e.conn != conn_id) continue;
    if (e.type == EventType::ConnCreated && !seen) {
      // A passive connection is born in LISTEN; an active one in CLOSED.
      s = conn(conn_id).passive ? State::Listen : State::Closed;
      seen = true;
    } else if (e.type == EventType::StateChanged) {
      s = static_cast<State>(e.b);
    }
  }
  return s;
}

std::string Trace::payload(const SegmentRecord& s, uint64_t max) const {
  std::string out;
  streams.copy(s.seg.data, out, max);
  return out;
}

RelativeNumbers relative_numbers(const Trace& trace) {
  RelativeNumbers r;
  const size_t n = trace.segments.size();
  r.seq.resize(n);
  r.ack.resize(n);
  r.known.resize(n);
  // Connections by (node, local, remote), in creation order, to find who received a segment.
  std::map<std::tuple<NodeId, uint64_t, uint64_t>, std::vector<uint32_t>> by_tuple;
  auto key = [](const Endpoint& e) { return (uint64_t{e.ip} << 16) | e.port; };
  for (const ConnRecord& c : trace.conns) {
    if (!c.listener) by_tuple[{c.node, key(c.tuple.local), key(c.tuple.remote)}].push_back(c.id);
  }
  for (size_t i = 0; i < n; ++i) {
    const SegmentRecord& rec = trace.segments[i];
    const SegmentFate fate = trace.fate(i);
    const Segment& s = rec.seg;
    r.seq[i] = s.seq.v;
    r.ack[i] = s.ack.v;
    uint8_t known = 0;
    uint32_t seq_base = 0;
    uint32_t ack_base = 0;
    if (rec.dup_of) {
      r.seq[i] = r.seq[rec.dup_of - 1];
      r.ack[i] = r.ack[rec.dup_of - 1];
      r.known[i] = r.known[rec.dup_of - 1];
      continue;
    }
    if (rec.reply_to && (s.flags & kRst) && is_reset_reply(rec.rule)) {
      // <SEQ=SEG.ACK> or <ACK=SEG.SEQ+SEG.LEN>: the answered segment's numbers, seen from its receiver.
      const size_t x = rec.reply_to - 1;
      const SegmentRecord& o = trace.segments[x];
      if ((r.known[x] & 2) && (o.seg.flags & kAck)) {
        seq_base = o.seg.ack.v - r.ack[x];
        known |= 1;
      }
      if (r.known[x] & 1) {
        ack_base = o.seg.seq.v - r.seq[x];
        known |= 2;
      }
    } else if (rec.conn && !trace.conn(rec.conn).listener) {
      const ConnRecord& c = trace.conn(rec.conn);
      seq_base = c.iss.v;
      known |= 1;
      if (c.irs_known) {
        ack_base = c.irs.v;
        known |= 2;
      }
    } else if (fate.end_node != kNoNode || rec.to != kNoNode) {
      const NodeId at = fate.end_node != kNoNode ? fate.end_node : rec.to;
      const Time when = fate.outcome == Outcome::Delivered ? fate.end_at : rec.sent_at;
      auto it = by_tuple.find({at, key(s.dst), key(s.src)});
      if (it != by_tuple.end()) {
        uint32_t receiver = 0;
        for (uint32_t id : it->second) {
          // Only a connection that existed before it arrived: an old duplicate SYN that creates one
          // keeps its own (absolute) numbers.
          if (trace.conn(id).created < when) receiver = id;
        }
        if (receiver) {
          const ConnRecord& c = trace.conn(receiver);
          if (c.irs_known) {
            seq_base = c.irs.v;
            known |= 1;
          }
          ack_base = c.iss.v;
          known |= 2;
        }
      }
    }
    if (known & 1) r.seq[i] = s.seq.v - seq_base;
    if ((known & 2) && (s.flags & kAck)) {
      r.ack[i] = s.ack.v - ack_base;
    } else {
      known &= static_cast<uint8_t>(~2);
    }
    r.known[i] = known;
  }
  return r;
}

std::string_view node_kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::Host: return "host";
    case NodeKind::Firewall: return "firewall";
    case NodeKind::Nat: return "nat";
  }
  return "?";
}

std::string_view drop_reason_name(DropReason r) {
  switch (r) {
    case DropReason::None: return "none";
    case DropReason::Loss: return "loss";
    case DropReason::LinkDown: return "link down";
    case DropReason::HostDown: return "host down";
    case DropReason::Firewall: return "firewall";
    case DropReason::Conntrack: return "unknown flow";
    case DropReason::NoRoute: return "no route";
    case DropReason::QueueFull: return "queue full";
  }
  return "?";
}

std::string_view event_type_name(EventType t) {
  switch (t) {
    case EventType::SegmentSent: return "segment-sent";
    case EventType::SegmentDelivered: return "segment-delivered";
    case EventType::SegmentDropped: return "segment-dropped";
    case EventType::SegmentForwarded: return "segment-forwarded";
    case EventType::ConnCreated: return "conn-created";
    case EventType::StateChanged: return "state-changed";
    case EventType::TimerArmed: return "timer-armed";
    case EventType::TimerCancelled: return "timer-cancelled";
    case EventType::TimerFired: return "timer-fired";
    case EventType::Discarded: return "discarded";
    case EventType::AppCall: return "app-call";
    case EventType::AppReturn: return "app-return";
    case EventType::Note: return "note";
    case EventType::HostCrashed: return "host-crashed";
    case EventType::HostRestarted: return "host-restarted";
    case EventType::LinkDown: return "link-down";
    case EventType::LinkUp: return "link-up";
    case EventType::FlowForgotten: return "flow-forgotten";
    case EventType::SegmentIgnored: return "segment-ignored";
    case EventType::ProcessKilled: return "process-killed";
  }
  return "?";
}

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::InFlight: return "in-flight";
    case Outcome::Delivered: return "delivered";
    case Outcome::Dropped: return "dropped";
  }
  return "?";
}

}  // namespace tcpsim
