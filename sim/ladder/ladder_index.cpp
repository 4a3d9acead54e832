#include "ladder/ladder_index.hpp"

#include <algorithm>
#include <unordered_map>

#include "render/event_text.hpp"

namespace tcpsim::viz {

namespace {

uint64_t route_key(const LadderRoute& r) {
  return uint64_t{r.from} | uint64_t{r.end2} << 16 | uint64_t{r.dropped} << 32 | uint64_t(r.style) << 33;
}

}  // namespace

LadderRoute route_of(const Trace& t, size_t segment, const std::vector<uint16_t>& lane_of, bool* unfinished) {
  const SegmentRecord& s = t.segments[segment];
  const SegmentFate f = t.fate(segment);
  auto lane = [&](NodeId n) -> uint16_t { return n < lane_of.size() ? lane_of[n] : 0; };
  LadderRoute r;
  r.from = lane(s.from);
  r.style = render::segment_kind(s.seg.flags, s.seg.data.len);
  *unfinished = false;
  switch (f.outcome) {
    case Outcome::Dropped:
      r.dropped = true;
      if (f.end_node != kNoNode) {
        r.end2 = static_cast<uint16_t>(2 * lane(f.end_node));
      } else if (f.end_link < t.links.size()) {
        // Died on the wire: the cross goes halfway along the link.
        r.end2 = static_cast<uint16_t>(lane(t.links[f.end_link].a) + lane(t.links[f.end_link].b));
      } else {
        r.end2 = static_cast<uint16_t>(2 * r.from);
      }
      break;
    case Outcome::Delivered:
      r.end2 = static_cast<uint16_t>(2 * lane(f.end_node != kNoNode ? f.end_node : s.to));
      break;
    case Outcome::InFlight:
      r.end2 = static_cast<uint16_t>(s.to != kNoNode ? r.from + lane(s.to) : 2 * r.from);
      *unfinished = true;
      break;
  }
  return r;
}

LadderIndex::LadderIndex(const Run& run) : serial(run.serial), lanes(run.lanes.size()) {
  const Trace& t = run.trace;
  lane_of.assign(t.nodes.size(), 0);
  for (size_t k = 0; k < run.lanes.size(); ++k) {
    if (run.lanes[k] < lane_of.size()) lane_of[run.lanes[k]] = static_cast<uint16_t>(k);
  }
  auto lane = [&](NodeId n) -> uint16_t { return n < lane_of.size() ? lane_of[n] : 0; };

  // Segments: story times and routes.
  const size_t n = t.segments.size();
  send.resize(n);
  end.resize(n);
  route.resize(n);
  std::unordered_map<uint64_t, uint16_t> route_ids;
  for (size_t i = 0; i < n; ++i) {
    const SegmentRecord& s = t.segments[i];
    bool never_ended = false;
    const LadderRoute r = route_of(t, i, lane_of, &never_ended);
    send[i] = run.clock.story(s.sent_at);
    // One still on its way when the run ended is drawn halfway to its destination, at the end.
    end[i] = never_ended ? run.clock.end() : run.clock.story(t.fate(i).end_at);
    if (never_ended) unfinished.push_back(static_cast<uint32_t>(i));
    if (!never_ended) max_span = std::max(max_span, end[i] - send[i]);
    const uint64_t key = route_key(r);
    auto it = route_ids.find(key);
    if (it == route_ids.end()) {
      const auto id = static_cast<uint16_t>(std::min<size_t>(routes.size(), 0xFFFE));
      if (routes.size() < 0xFFFF) routes.push_back(r);
      it = route_ids.emplace(key, id).first;
    }
    route[i] = it->second;
  }

  // Block summaries: per block of kBlock segments, each route's count and first and last member.
  const size_t nblocks = (n + kBlock - 1) / kBlock;
  block_parts.reserve(nblocks + 1);
  block_max_end.reserve(nblocks);
  for (size_t b = 0; b < nblocks; ++b) {
    block_parts.push_back(static_cast<uint32_t>(parts.size()));
    const size_t first_part = parts.size();
    double latest = 0;
    for (size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
      latest = std::max(latest, end[i]);
      auto p = std::find_if(parts.begin() + static_cast<long>(first_part), parts.end(),
                            [&](const BlockPart& q) { return q.route == route[i]; });
      if (p == parts.end()) {
        parts.push_back({route[i], 1, static_cast<uint32_t>(i), static_cast<uint32_t>(i)});
      } else {
        ++p->count;
        p->last = static_cast<uint32_t>(i);
      }
    }
    block_max_end.push_back(latest);
  }
  block_parts.push_back(static_cast<uint32_t>(parts.size()));

  answered = render::answered_segments(t);

  // Marks and host-down stretches.
  down.resize(lanes);
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    Mark m;
    m.event = static_cast<uint32_t>(i);
    m.story = run.clock.story(e.t);
    m.pos2 = static_cast<uint16_t>(2 * lane(e.node));
    bool keep = true;
    switch (e.type) {
      case EventType::StateChanged: m.kind = MarkKind::State; break;
      case EventType::AppCall:
      case EventType::AppReturn: {
        const CallRecord& c = t.calls[e.ref];
        const bool waited = render::call_waited(c);
        const bool is_return = e.type == EventType::AppReturn;
        // A call that returned at once is one mark; one that waited is two (issued, returned).
        if (is_return && !waited) {
          keep = false;
        } else if (!is_return && waited) {
          m.kind = MarkKind::Call;
        } else {
          m.kind = c.returned >= 0 && (c.ret < 0 || c.err != Errno::None) ? MarkKind::CallFailed : MarkKind::Call;
        }
        break;
      }
      case EventType::Note:
        m.kind = MarkKind::Note;
        m.pos2 = kMargin;
        break;
      case EventType::HostCrashed:
        m.kind = MarkKind::Crash;
        if (e.node < lane_of.size()) down[lane(e.node)].push_back({m.story, run.clock.end()});
        break;
      case EventType::HostRestarted:
        m.kind = MarkKind::Restart;
        if (e.node < lane_of.size() && !down[lane(e.node)].empty()) down[lane(e.node)].back().to = m.story;
        break;
      case EventType::Discarded: m.kind = MarkKind::Discard; break;
      case EventType::TimerFired: m.kind = MarkKind::Timer; break;
      case EventType::SegmentDelivered:
        m.kind = MarkKind::Verdict;
        keep = t.fate(e.ref).verdict != Rule::None;
        break;
      case EventType::LinkDown:
      case EventType::LinkUp:
        m.kind = MarkKind::Link;
        keep = e.ref < t.links.size();
        if (keep) m.pos2 = static_cast<uint16_t>(lane(t.links[e.ref].a) + lane(t.links[e.ref].b));
        break;
      case EventType::FlowForgotten: m.kind = MarkKind::Flow; break;
      case EventType::ProcessKilled: m.kind = MarkKind::Kill; break;
      default: keep = false; break;
    }
    if (keep) marks.push_back(m);
  }
}

const LadderIndex& LadderIndexCache::of(const Run& run) {
  // Two slots, least recently used replaced: the two runs of one frame never evict each other.
  for (size_t k = 0; k < 2; ++k) {
    if (slots_[k] && slots_[k]->serial == run.serial) {
      next_ = 1 - k;
      return *slots_[k];
    }
  }
  std::unique_ptr<LadderIndex>& slot = slots_[next_];
  next_ = (next_ + 1) % 2;
  slot = std::make_unique<LadderIndex>(run);
  return *slot;
}

}  // namespace tcpsim::viz
