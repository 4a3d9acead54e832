// Each segment's fate, read from the events that refer to it (trace.hpp: SegmentFates). The network
// appends a segment-delivered or segment-dropped event when a journey ends, and the receiving host a
// segment-ignored event when its TCP turns the segment down; nothing is written back into the segment.
// The index is a cache inside the Trace, extended on the first question after the trace grew: a
// finished trace only reads it (a Run builds it once, up front), so concurrent readers do not race.
#include "trace/trace.hpp"

namespace tcpsim {

Event drop_event(uint32_t seg, uint32_t conn, DropReason why, NodeId node, LinkId link, uint32_t line, Rule rule) {
  Event e{};
  e.type = EventType::SegmentDropped;
  e.node = node;
  e.conn = conn;
  e.ref = seg;
  e.a = static_cast<uint8_t>(why);
  e.rule = rule;
  e.value = uint64_t{link} | (uint64_t{line} << 32);
  return e;
}

void SegmentFates::extend(const Trace& trace) {
  if (trace.segments.size() < ends_.size() || trace.events.size() < events_) *this = {};  // Not the same trace.
  ends_.resize(trace.segments.size(), kNoEvent);
  for (; events_ < trace.events.size(); ++events_) {
    const Event& e = trace.events[events_];
    const auto at = static_cast<uint32_t>(events_);
    if ((e.type == EventType::SegmentDelivered || e.type == EventType::SegmentDropped) && e.ref < ends_.size()) {
      ends_[e.ref] = at;
    } else if (e.type == EventType::SegmentIgnored) {
      verdicts_[e.ref] = at;
    }
  }
}

uint32_t SegmentFates::verdict_event(size_t segment) const {
  if (verdicts_.empty()) return kNoEvent;
  const auto it = verdicts_.find(static_cast<uint32_t>(segment));
  return it == verdicts_.end() ? kNoEvent : it->second;
}

SegmentFate Trace::fate(size_t segment) const {
  const SegmentFates& index = fates();
  SegmentFate f;
  f.line = segments[segment].line;
  f.end_event = index.end_event(segment);
  f.verdict_event = index.verdict_event(segment);
  if (f.end_event != kNoEvent) {
    const Event& e = events[f.end_event];
    f.end_at = e.t;
    f.end_node = e.node;
    if (e.type == EventType::SegmentDelivered) {
      f.outcome = Outcome::Delivered;
    } else {
      f.outcome = Outcome::Dropped;
      f.drop = static_cast<DropReason>(e.a);
      f.end_link = drop_link(e);
      if (drop_line(e)) f.line = drop_line(e);
      f.verdict = e.rule;  // A middlebox's reject (fw-reject, conntrack-reset), or none.
    }
  }
  if (f.verdict_event != kNoEvent) f.verdict = events[f.verdict_event].rule;
  return f;
}

}  // namespace tcpsim
