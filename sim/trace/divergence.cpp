#include "trace/divergence.hpp"

#include <algorithm>

#include "trace/describe.hpp"

namespace tcpsim {

bool call_waited(const CallRecord& c) { return c.blocked || c.returned != c.issued; }

bool diff_compared(const Trace& tr, const Event& e) {
  switch (e.type) {
    case EventType::SegmentSent:
      return tr.segments[e.ref].dup_of == 0;  // A copy the link made: the network's doing, shown in the ladder.
    case EventType::AppReturn:
      // A call that returned at once is told where it was made; a blocking call also where it returns.
      return call_waited(tr.calls[e.ref]);
    case EventType::LinkDown:
    case EventType::LinkUp:
      return e.ref < tr.links.size();
    case EventType::StateChanged:
    case EventType::AppCall:
    case EventType::Discarded:
    case EventType::HostCrashed:
    case EventType::HostRestarted:
    case EventType::FlowForgotten:
    case EventType::ProcessKilled:
      return true;
    default:
      return false;  // Timers, arrivals, notes, forwarding: not compared.
  }
}

DiffKey diff_key(const Trace& tr, const RelativeNumbers& nums, const Event& e) {
  DiffKey k;
  k.trace = &tr;
  k.event = e;
  k.t = e.t;
  if (e.node < tr.nodes.size()) k.node = tr.nodes[e.node].name;
  switch (e.type) {
    case EventType::SegmentSent: {
      const SegmentRecord& s = tr.segments[e.ref];
      k.kind = DiffKey::Kind::Segment;
      k.segment = e.ref;
      k.seq = nums.seq[e.ref];
      k.ack = nums.ack[e.ref];
      if (s.to < tr.nodes.size()) k.dest = tr.nodes[s.to].name;
      break;
    }
    case EventType::StateChanged: k.kind = DiffKey::Kind::State; break;
    case EventType::AppCall:
    case EventType::AppReturn:
      k.kind = DiffKey::Kind::Call;
      // A blocking call is two moments: when it is made (issued) and when it returns.
      k.issued = e.type == EventType::AppCall && call_waited(tr.calls[e.ref]);
      break;
    case EventType::Discarded: k.kind = DiffKey::Kind::Discard; break;
    default: k.kind = DiffKey::Kind::Other; break;
  }
  return k;
}

namespace {

bool same_segment(const DiffKey& a, const DiffKey& b) {
  const SegmentRecord& x = a.trace->segments[static_cast<size_t>(a.segment)];
  const SegmentRecord& y = b.trace->segments[static_cast<size_t>(b.segment)];
  if (x.seg.flags != y.seg.flags || a.seq != b.seq || x.seg.data.len != y.seg.data.len) return false;
  if ((x.seg.flags & kAck) && a.ack != b.ack) return false;
  // The receiver by name; by address when no host has it.
  if (a.dest != b.dest || (a.dest.empty() && x.seg.dst.ip != y.seg.dst.ip)) return false;
  // The fate: delivered, or dropped for the same reason (a firewall's by the same rule line).
  const SegmentFate xf = a.trace->fate(static_cast<size_t>(a.segment));
  const SegmentFate yf = b.trace->fate(static_cast<size_t>(b.segment));
  const bool xd = xf.outcome == Outcome::Dropped, yd = yf.outcome == Outcome::Dropped;
  if (xd != yd) return false;
  if (!xd) return true;
  return xf.drop == yf.drop && (xf.drop != DropReason::Firewall || xf.line == yf.line);
}

bool same_call(const DiffKey& a, const DiffKey& b) {
  const CallRecord& x = a.trace->calls[a.event.ref];
  const CallRecord& y = b.trace->calls[b.event.ref];
  if (a.issued != b.issued || x.subject != y.subject || describe_call(x) != describe_call(y)) return false;
  return a.issued || describe_result(x) == describe_result(y);
}

bool same_other(const DiffKey& a, const DiffKey& b) {
  const Event& x = a.event;
  const Event& y = b.event;
  if (x.type != y.type) return false;
  switch (x.type) {
    case EventType::LinkDown:
    case EventType::LinkUp: {
      const LinkRecord& l = a.trace->links[x.ref];
      const LinkRecord& m = b.trace->links[y.ref];
      return a.trace->nodes[l.a].name == b.trace->nodes[m.a].name && a.trace->nodes[l.b].name == b.trace->nodes[m.b].name;
    }
    case EventType::FlowForgotten: {
      const bool xk = x.ref < a.trace->flows.size(), yk = y.ref < b.trace->flows.size();
      if (!xk || !yk) return xk == yk;
      const FlowRecord& f = a.trace->flows[x.ref];
      const FlowRecord& g = b.trace->flows[y.ref];
      // A `forget` line is named; a flow that idled out by when it was last seen.
      return f.a == g.a && f.b == g.b && f.line == g.line && (f.line || f.last_seen == g.last_seen);
    }
    default: return true;  // A host crashing or restarting.
  }
}

}  // namespace

bool same_moment(const DiffKey& a, const DiffKey& b) {
  if (a.kind != b.kind || a.t != b.t || a.node != b.node) return false;
  switch (a.kind) {
    case DiffKey::Kind::Segment: return same_segment(a, b);
    case DiffKey::Kind::State:
      return a.event.a == b.event.a && a.event.b == b.event.b && a.event.rule == b.event.rule;
    case DiffKey::Kind::Call: return same_call(a, b);
    case DiffKey::Kind::Discard: return a.event.a == b.event.a && a.event.value == b.event.value;
    case DiffKey::Kind::Other: return same_other(a, b);
  }
  return false;
}

bool pairable(const DiffKey& a, const DiffKey& b) {
  if (a.kind != b.kind || a.node != b.node) return false;
  if (a.kind != DiffKey::Kind::Call) return true;
  const CallRecord& x = a.trace->calls[a.event.ref];
  const CallRecord& y = b.trace->calls[b.event.ref];
  return a.issued == b.issued && x.subject == y.subject && x.kind == y.kind;
}

DiffCursor::DiffCursor(const Trace& tr, const RelativeNumbers& nums, bool segments_only, size_t from_event)
    : tr_(tr), nums_(nums), segments_only_(segments_only), next_(from_event) {
  advance();
}

void DiffCursor::advance() {
  while (next_ < tr_.events.size()) {
    const size_t i = next_++;
    const Event& e = tr_.events[i];
    if (segments_only_ && e.type != EventType::SegmentSent) continue;
    if (!diff_compared(tr_, e)) continue;
    at_ = i;
    cur_ = diff_key(tr_, nums_, e);
    return;
  }
  at_ = tr_.events.size();
  done_ = true;
}

Divergence find_divergence(const Trace& fault, const Trace& twin, const RelativeNumbers& fault_nums,
                           const RelativeNumbers& twin_nums) {
  Divergence d;
  DiffCursor f(fault, fault_nums, false), w(twin, twin_nums, false);
  while (f.peek() && w.peek() && same_moment(*f.peek(), *w.peek())) {
    d.last_common = f.peek()->t;
    f.next();
    w.next();
    ++d.common;
  }
  d.fault_event = f.event();
  d.twin_event = w.event();
  if (!f.peek() && !w.peek()) return d;
  d.identical = false;
  d.at = std::min(f.peek() ? f.peek()->t : INT64_MAX, w.peek() ? w.peek()->t : INT64_MAX);
  // The first segment either run sends that the other does not send the same way.
  DiffCursor fs(fault, fault_nums, true), ws(twin, twin_nums, true);
  while (fs.peek() && ws.peek() && same_moment(*fs.peek(), *ws.peek())) {
    fs.next();
    ws.next();
  }
  if (fs.peek()) d.fault_segment = fs.peek()->segment;
  if (ws.peek()) d.twin_segment = ws.peek()->segment;
  d.fault_segment_event = fs.event();
  d.twin_segment_event = ws.event();
  return d;
}

Divergence find_divergence(const Trace& fault, const Trace& twin) {
  return find_divergence(fault, twin, relative_numbers(fault), relative_numbers(twin));
}

}  // namespace tcpsim
