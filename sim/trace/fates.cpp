// Each segment's fate, read from the events that refer to it (trace.hpp: SegmentFates). The network
// appends a segment-delivered or segment-dropped event when a journey ends, and the receiving host a
// segment-ignored event when its TCP turns the segment down; nothing is written back into the segment.
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
  if (trace.segments.size() < fates_.size() || trace.events.size() < events_) *this = {};  // Not the same trace.
  for (size_t i = fates_.size(); i < trace.segments.size(); ++i) {
    SegmentFate f;
    f.line = trace.segments[i].line;
    fates_.push_back(f);
  }
  for (; events_ < trace.events.size(); ++events_) {
    const Event& e = trace.events[events_];
    if (e.ref >= fates_.size()) continue;
    SegmentFate& f = fates_[e.ref];
    switch (e.type) {
      case EventType::SegmentDelivered:
        f.outcome = Outcome::Delivered;
        f.end_at = e.t;
        f.end_node = e.node;
        f.end_event = static_cast<uint32_t>(events_);
        break;
      case EventType::SegmentDropped:
        f.outcome = Outcome::Dropped;
        f.drop = static_cast<DropReason>(e.a);
        f.end_at = e.t;
        f.end_node = e.node;
        f.end_link = drop_link(e);
        f.end_event = static_cast<uint32_t>(events_);
        if (drop_line(e)) f.line = drop_line(e);
        if (e.rule != Rule::None) f.verdict = e.rule;
        break;
      case EventType::SegmentIgnored:
        f.verdict = e.rule;
        f.verdict_event = static_cast<uint32_t>(events_);
        break;
      default:
        break;
    }
  }
}

}  // namespace tcpsim
