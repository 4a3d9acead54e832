#include "trace/trace.hpp"

#include <map>
#include <utility>

namespace tcpsim {

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
  auto key = [](Endpoint a, Endpoint b) {
    return std::pair<uint64_t, uint64_t>((uint64_t{a.ip} << 16) | a.port, (uint64_t{b.ip} << 16) | b.port);
  };
  std::map<std::pair<uint64_t, uint64_t>, uint32_t> base;
  for (size_t i = 0; i < n; ++i) {
    const Segment& s = trace.segments[i].seg;
    if ((s.flags & kSyn) && !(s.flags & kRst)) base[key(s.src, s.dst)] = s.seq.v;
    uint8_t known = 0;
    r.seq[i] = s.seq.v;
    r.ack[i] = s.ack.v;
    if (auto it = base.find(key(s.src, s.dst)); it != base.end()) {
      r.seq[i] = s.seq.v - it->second;
      known |= 1;
    }
    if (s.flags & kAck) {
      if (auto it = base.find(key(s.dst, s.src)); it != base.end()) {
        r.ack[i] = s.ack.v - it->second;
        known |= 2;
      }
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
