// The ladder's segments: found by binary search on their story times, folded into bands when
// arrows of one route would be under a few pixels apart (whole blocks of the index at once when the
// view is zoomed far out), and the ghost of the other run from where the runs part.
#include "ladder/ladder_frame.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/event_text.hpp"
#include "trace/describe.hpp"

namespace tcpsim::viz::ladder {

namespace {

/// Keeps the part of a convex polygon with y <= limit (Sutherland-Hodgman, one edge).
std::vector<Point> clip_below(const std::vector<Point>& poly, float limit) {
  std::vector<Point> out;
  for (size_t i = 0; i < poly.size(); ++i) {
    const Point a = poly[i];
    const Point b = poly[(i + 1) % poly.size()];
    const bool ain = a.y <= limit, bin = b.y <= limit;
    if (ain) out.push_back(a);
    if (ain != bin && b.y != a.y) out.push_back(lerp(a, b, (limit - a.y) / (b.y - a.y)));
  }
  return out;
}

}  // namespace

const Moment::Flight* Frame::flight_of(const Moment& m, uint32_t segment) const {
  auto f = std::lower_bound(m.flights.begin(), m.flights.end(), segment,
                            [](const Moment::Flight& x, uint32_t s) { return x.segment < s; });
  return f != m.flights.end() && f->segment == segment ? &*f : nullptr;
}

void Frame::segments() {
  const auto& send = ix_.send;
  const uint32_t visible = std::min<uint32_t>(m_.visible_segments, static_cast<uint32_t>(send.size()));
  const size_t hi = static_cast<size_t>(std::upper_bound(send.begin(), send.begin() + visible, s_bot_) - send.begin());
  const size_t lo =
      static_cast<size_t>(std::lower_bound(send.begin(), send.begin() + static_cast<long>(hi), s_top_ - ix_.max_span) -
                          send.begin());
  groups_.assign(ix_.routes.size(), Group{});
  for (uint32_t u : ix_.unfinished) {
    if (u >= lo) break;
    add(u);
  }
  const double fold_story = fold_px_ / cam_.pixels_per_story;
  constexpr uint32_t B = LadderIndex::kBlock;
  size_t i = lo;
  while (i < hi) {
    const size_t b = i / B;
    if (i % B == 0 && i + B <= hi) {
      if (ix_.block_max_end[b] < s_top_) {  // entirely above the view
        i += B;
        continue;
      }
      const bool holds_selected = in_.selected >= static_cast<int64_t>(i) && in_.selected < static_cast<int64_t>(i + B);
      if (send[i + B - 1] - send[i] <= fold_story && !holds_selected) {
        // A block narrower than the fold distance: merge its per-route summaries unvisited.
        for (uint32_t p = ix_.block_parts[b]; p < ix_.block_parts[b + 1]; ++p) {
          const LadderIndex::BlockPart& part = ix_.parts[p];
          merge(part.route, part.first, part.last, part.count);
        }
        i += B;
        continue;
      }
    }
    add(static_cast<uint32_t>(i));
    ++i;
  }
  for (size_t r = 0; r < groups_.size(); ++r) flush(static_cast<uint16_t>(r));
}

/// One segment, looked at on its own.
void Frame::add(uint32_t i) {
  ++out_.examined;
  const Moment::Flight* f = flight_of(m_, i);
  const double drawn_end = f ? ix_.send[i] + f->progress * (ix_.end[i] - ix_.send[i]) : ix_.end[i];
  if (std::max(ix_.send[i], drawn_end) < s_top_) return;
  if (static_cast<int64_t>(i) == in_.selected) {
    emit_arrow(i);  // the selected arrow never folds
    return;
  }
  merge(ix_.route[i], i, i, 1);
}

/// Adds members [first..last] (`count` of them, all of route r) to r's open group.
void Frame::merge(uint16_t r, uint32_t first, uint32_t last, uint32_t count) {
  Group& g = groups_[r];
  if (g.open && y(ix_.send[first]) - y(g.send1) <= fold_px_) {
    g.last = last;
    g.count += count;
    g.send1 = ix_.send[last];
    g.end0 = std::min(g.end0, ix_.end[first]);
    g.end1 = std::max(g.end1, ix_.end[last]);
    return;
  }
  flush(r);
  g = Group{true, first, last, count, ix_.send[first], ix_.send[last], ix_.end[first], ix_.end[last]};
}

void Frame::flush(uint16_t r) {
  Group& g = groups_[r];
  if (!g.open) return;
  g.open = false;
  if (g.count == 1) {
    emit_arrow(g.first);
    return;
  }
  const LadderRoute& route = ix_.routes[r];
  LadderBand b;
  b.route = r;
  b.style = route.style;
  b.dropped = route.dropped;
  b.first = g.first;
  b.last = g.last;
  b.count = g.count;
  b.send0 = g.send0;
  b.send1 = g.send1;
  if (band_shape(x_lane(route.from), x2(route.end2), g.send0, g.send1, g.end0, g.end1, b)) {
    out_.bands.push_back(std::move(b));
  }
}

/// The band's outline from its sends to its ends, cut at the now line; false when nothing is left.
bool Frame::band_shape(float xs, float xe, double send0, double send1, double end0, double end1, LadderBand& b) const {
  const Point p0{xs, y(send0)}, p1{xe, y(end0)}, p2{xe, y(end1)}, p3{xs, y(send1)};
  const float limit = out_.now_y + 0.5f;
  b.in_flight = p2.y > limit;
  b.outline = b.in_flight ? clip_below({p0, p1, p2, p3}, limit) : std::vector<Point>{p0, p1, p2, p3};
  if (b.outline.empty()) return false;
  const Point start = lerp(p0, p3, 0.5f), stop = lerp(p1, p2, 0.5f);
  b.head = stop;
  if (stop.y > limit && stop.y > start.y) b.head = lerp(start, stop, std::max(0.0f, (limit - start.y) / (stop.y - start.y)));
  return true;
}

void Frame::emit_arrow(uint32_t i) {
  const LadderRoute& route = ix_.routes[ix_.route[i]];
  LadderArrow a;
  a.segment = i;
  a.style = route.style;
  a.selected = static_cast<int64_t>(i) == in_.selected;
  a.from = {x_lane(route.from), y(ix_.send[i])};
  a.full = {x2(route.end2), y(ix_.end[i])};
  if (const Moment::Flight* f = flight_of(m_, i)) {
    a.in_flight = true;
    a.to = lerp(a.from, a.full, static_cast<float>(f->progress));
  } else {
    a.to = a.full;
    a.in_flight = run_.trace.fate(i).outcome == Outcome::InFlight;
    a.dropped = route.dropped;
  }
  a.control = lerp(a.from, a.to, 0.5f);
  out_.arrows.push_back(std::move(a));
}

int64_t Frame::other_divergence() const {
  const Divergence& d = *in_.divergence;
  return in_.viewing_twin ? d.fault_segment : d.twin_segment;
}

int64_t Frame::own_divergence() const {
  const Divergence& d = *in_.divergence;
  return in_.viewing_twin ? d.twin_segment : d.fault_segment;
}

bool Frame::ghost_on() const {
  return in_.ghost && in_.other && in_.other_moment && in_.other_index && in_.divergence && !in_.divergence->identical;
}

/// True when the run on screen has a segment like the other run's segment `gi`: same time, ends,
/// fate, flags and length, and the same relative numbers (the runs' ISNs may differ). Not worth a ghost.
bool Frame::same_as_real(const Run& o, size_t gi) const {
  const SegmentRecord& g = o.trace.segments[gi];
  const auto& segs = run_.trace.segments;
  auto it = std::lower_bound(segs.begin(), segs.end(), g.sent_at,
                             [](const SegmentRecord& s, Time t) { return s.sent_at < t; });
  for (; it != segs.end() && (*it).sent_at == g.sent_at; ++it) {
    const auto i = static_cast<size_t>(it - segs.begin());
    const SegmentRecord s = *it;
    const SegmentFate f = run_.trace.fate(i);
    const SegmentFate gf = o.trace.fate(gi);
    if (s.from == g.from && f.end_node == gf.end_node && f.end_at == gf.end_at && f.outcome == gf.outcome &&
        s.seg.flags == g.seg.flags && s.seg.data.len == g.seg.data.len && run_.rel.seq[i] == o.rel.seq[gi] &&
        run_.rel.ack[i] == o.rel.ack[gi]) {
      return true;
    }
  }
  return false;
}

void Frame::ghosts() {
  if (!ghost_on()) return;
  const Run& o = *in_.other;
  const Moment& om = *in_.other_moment;
  const int64_t start = other_divergence();
  if (start < 0) return;
  const auto& segs = o.trace.segments;
  const auto g0 = static_cast<long>(std::min<size_t>(static_cast<size_t>(start), segs.size()));
  const auto g1 = std::max(g0, static_cast<long>(std::min<size_t>(om.visible_segments, segs.size())));
  // Both runs share simulated time; the ghost is placed with this run's story clock.
  const Time t_top = run_.clock.sim(std::max(0.0, s_top_)) - o.max_flight;
  const Time t_bot = run_.clock.sim(s_bot_);
  auto first = std::lower_bound(segs.begin() + g0, segs.begin() + g1, t_top,
                                [](const SegmentRecord& s, Time t) { return s.sent_at < t; });
  struct GhostGroup {
    LadderRoute route;
    Group g;
    float last_y;
  };
  std::vector<GhostGroup> open;
  auto flush_ghost = [&](GhostGroup& gg) {
    if (!gg.g.open) return;
    gg.g.open = false;
    if (gg.g.count == 1) {
      emit_ghost(gg.g.first, gg.route, gg.g.send0, gg.g.end0);
      return;
    }
    LadderBand b;
    b.ghost = true;
    b.style = gg.route.style;
    b.dropped = gg.route.dropped;
    b.first = gg.g.first;
    b.last = gg.g.last;
    b.count = gg.g.count;
    b.send0 = gg.g.send0;
    b.send1 = gg.g.send1;
    if (band_shape(x_lane(gg.route.from), x2(gg.route.end2), gg.g.send0, gg.g.send1, gg.g.end0, gg.g.end1, b)) {
      out_.ghost_bands.push_back(std::move(b));
    }
  };
  size_t looked = 0;
  for (auto it = first; it != segs.begin() + g1; ++it) {
    const SegmentRecord& s = *it;
    if (s.sent_at > t_bot || ++looked > 20000) break;
    ++out_.examined;
    const auto i = static_cast<uint32_t>(it - segs.begin());
    if (same_as_real(o, i)) continue;
    bool never_ended = false;
    const LadderRoute r = route_of(o.trace, i, ix_.lane_of, &never_ended);
    const Time end_at = o.trace.fate(i).end_at;
    // This run's folded idle stretch has no room for the other run's traffic: its times would be
    // squeezed there, and it would read as happening in this run's silence (a busy twin once did).
    if (run_.clock.in_gap(s.sent_at) || (!never_ended && run_.clock.in_gap(end_at))) continue;
    const double send = run_.clock.story(s.sent_at);
    const double end = never_ended ? run_.clock.end() : run_.clock.story(end_at);
    if (end < s_top_) continue;
    auto gi = std::find_if(open.begin(), open.end(), [&](const GhostGroup& x) { return x.route == r; });
    if (gi == open.end()) {
      open.push_back({r, Group{}, 0});
      gi = open.end() - 1;
    }
    const float sy = y(send);
    if (gi->g.open && sy - gi->last_y <= fold_px_) {
      gi->g.last = i;
      ++gi->g.count;
      gi->g.send1 = send;
      gi->g.end1 = std::max(gi->g.end1, end);
    } else {
      flush_ghost(*gi);
      gi->g = Group{true, i, i, 1, send, send, end, end};
    }
    gi->last_y = sy;
  }
  for (GhostGroup& gg : open) flush_ghost(gg);
}

void Frame::emit_ghost(uint32_t i, const LadderRoute& route, double send, double end) {
  LadderArrow a;
  a.segment = i;
  a.style = route.style;
  a.ghost = true;
  const float xs = x_lane(route.from), xe = x2(route.end2);
  const float dir = xe >= xs ? 1.0f : -1.0f;
  // Beside the real arrows: leaves a little off the lane, and bows below them (real labels sit above).
  a.from = {xs + dir * 7 * s_, y(send)};
  a.full = {xe, y(end)};
  const Point mid = lerp(a.from, a.full, 0.5f);
  const float dx = a.full.x - a.from.x, dy = a.full.y - a.from.y;
  const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
  Point normal{-dy / len, dx / len};
  if (normal.y < 0 || (normal.y == 0 && normal.x < 0)) normal = {-normal.x, -normal.y};
  const float bulge = std::clamp(0.035f * len, 12.0f, 28.0f) * s_;
  const Point control{mid.x + normal.x * bulge * 2, mid.y + normal.y * bulge * 2};  // the curve peaks at half of this
  a.control = control;
  a.to = a.full;
  if (const Moment::Flight* f = flight_of(*in_.other_moment, i)) {
    // Cut the curve at the packet (de Casteljau).
    const auto p = static_cast<float>(f->progress);
    a.in_flight = true;
    a.to = bezier(a.from, control, a.full, p);
    a.control = lerp(a.from, control, p);
  } else {
    a.dropped = route.dropped;
  }
  out_.ghosts.push_back(std::move(a));
}

}  // namespace tcpsim::viz::ladder
