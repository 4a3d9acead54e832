// Hit-testing the ladder (which arrow, band, ghost or mark is under the mouse) and the tooltip that
// tells the student what it is and which rule made it happen.
#include "ladder/ladder_frame.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/event_text.hpp"
#include "trace/describe.hpp"

namespace tcpsim::viz {

namespace {

using ladder::bezier;

/// Pixels from p to the segment a-b.
float distance_to_segment(Point p, Point a, Point b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

/// True when p is inside the convex polygon.
bool inside_convex(const std::vector<Point>& poly, Point p) {
  if (poly.size() < 3) return false;
  int sign = 0;
  for (size_t i = 0; i < poly.size(); ++i) {
    const Point a = poly[i];
    const Point b = poly[(i + 1) % poly.size()];
    const float cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    if (cross == 0) continue;
    const int s = cross > 0 ? 1 : -1;
    if (sign == 0) sign = s;
    if (s != sign) return false;
  }
  return sign != 0;
}

}  // namespace

LadderHit hit_test(const LadderLayout& l, float x, float y, float tol) {
  using K = LadderHit::Kind;
  if (!l.plot.contains(x, y)) return {};
  if (l.callout.shown && l.callout.box.contains(x, y)) return {K::Callout, 0, -1};
  for (size_t i = 0; i < l.arrows.size(); ++i) {
    const LadderArrow& a = l.arrows[i];
    if ((a.label.shown && a.label.box.contains(x, y)) || (a.reason.shown && a.reason.box.contains(x, y))) {
      return {K::Arrow, i, a.segment};
    }
  }
  for (size_t i = 0; i < l.marks.size(); ++i) {
    if (l.marks[i].label.shown && l.marks[i].label.box.contains(x, y)) return {K::Mark, i, -1};
  }
  for (size_t i = 0; i < l.ghosts.size(); ++i) {
    if (l.ghosts[i].label.shown && l.ghosts[i].label.box.contains(x, y)) return {K::Ghost, i, -1};
  }
  for (size_t i = 0; i < l.bands.size(); ++i) {
    if (l.bands[i].label.shown && l.bands[i].label.box.contains(x, y)) return {K::Band, i, l.bands[i].first};
  }
  // The nearest line within the tolerance.
  LadderHit best;
  float best_d = tol;
  const Point p{x, y};
  for (size_t i = 0; i < l.arrows.size(); ++i) {
    const float d = distance_to_segment(p, l.arrows[i].from, l.arrows[i].to);
    if (d <= best_d) {
      best = {K::Arrow, i, l.arrows[i].segment};
      best_d = d;
    }
  }
  if (best.kind != K::None) return best;
  for (size_t i = 0; i < l.marks.size(); ++i) {
    const Point a = l.marks[i].anchor;
    if (std::fabs(a.x - x) <= tol && std::fabs(a.y - y) <= tol) return {K::Mark, i, -1};
  }
  for (size_t i = 0; i < l.ghosts.size(); ++i) {
    const LadderArrow& g = l.ghosts[i];
    Point prev = g.from;
    for (int k = 1; k <= 12; ++k) {
      const Point next = bezier(g.from, g.control, g.to, static_cast<float>(k) / 12);
      if (distance_to_segment(p, prev, next) <= tol) return {K::Ghost, i, -1};
      prev = next;
    }
  }
  for (size_t i = 0; i < l.bands.size(); ++i) {
    const LadderBand& b = l.bands[i];
    bool near = inside_convex(b.outline, p);
    for (size_t k = 0; !near && k < b.outline.size(); ++k) {
      near = distance_to_segment(p, b.outline[k], b.outline[(k + 1) % b.outline.size()]) <= tol;
    }
    if (near) return {K::Band, i, b.first};
  }
  for (size_t i = 0; i < l.ghost_bands.size(); ++i) {
    if (inside_convex(l.ghost_bands[i].outline, p)) return {K::GhostBand, i, -1};
  }
  for (size_t i = 0; i < l.gaps.size(); ++i) {
    if (l.gaps[i].label.shown && l.gaps[i].label.box.contains(x, y)) return {K::Gap, i, -1};
  }
  return {};
}

namespace {

std::string segment_story(const Run& run, size_t i, bool absolute) {
  const Trace& t = run.trace;
  const SegmentRecord& s = t.segments[i];
  const SegmentFate f = t.fate(i);
  auto name = [&](NodeId n) { return n < t.nodes.size() ? t.nodes[n].name : std::string("?"); };
  std::string out = arrow_label(run, i, absolute) + " win=" + std::to_string(s.seg.wnd);
  out += describe_options(t, s.seg);
  out += "\n" + name(s.from) + " → " + (s.to != kNoNode ? name(s.to) : std::string("nobody")) + ", sent at " +
         render::format_ms(s.sent_at) + " s";
  switch (f.outcome) {
    case Outcome::Delivered: out += ", arrived at " + render::format_ms(f.end_at) + " s"; break;
    case Outcome::Dropped:
      out += "\n✗ died at " + render::format_ms(f.end_at) + " s: " + render::drop_text(f);
      if (f.end_node != kNoNode) out += " (at " + name(f.end_node) + ")";
      break;
    case Outcome::InFlight: out += ", still in flight when the run ended"; break;
  }
  if (s.rule != Rule::None) {
    out += "\nwhy: " + std::string(rule_info(s.rule).label) + " — " + render::short_cite(s.rule);
  }
  if (f.outcome == Outcome::Delivered && f.verdict != Rule::None) {
    bool answered = false;
    for (size_t k = i + 1; k < t.segments.size() && !answered; ++k) {
      answered = t.segments[k].reply_to == i + 1 && t.segments[k].dup_of == 0;
    }
    out += "\n" + render::verdict_text(t, i, answered);
  }
  return out;
}

}  // namespace

std::string hit_tooltip(const LadderInput& in, const LadderLayout& l, const LadderHit& hit) {
  using K = LadderHit::Kind;
  if (!in.run) return "";
  const Run& run = *in.run;
  const Trace& t = run.trace;
  switch (hit.kind) {
    case K::None: return "";
    case K::Arrow: return segment_story(run, l.arrows[hit.item].segment, in.absolute) + "\n(click: inspect it)";
    case K::Ghost: {
      if (!in.other) return "";
      return "Ghost of " + ghost_name(in) + " (not this run):\n" + segment_story(*in.other, l.ghosts[hit.item].segment, in.absolute);
    }
    case K::Band:
    case K::GhostBand: {
      const bool ghost = hit.kind == K::GhostBand;
      const LadderBand& b = ghost ? l.ghost_bands[hit.item] : l.bands[hit.item];
      const Run& r = ghost ? *in.other : run;
      const SegmentRecord& f = r.trace.segments[b.first];
      const SegmentRecord& z = r.trace.segments[b.last];
      std::string out = (ghost ? std::string("Ghost: ") : std::string()) + std::to_string(b.count) + " segments from " +
                        r.trace.nodes[f.from].name + ", sent " + render::format_ms(f.sent_at) + "–" +
                        render::format_ms(z.sent_at) + " s";
      if (b.dropped) out += ", all " + render::drop_text(r.trace.fate(b.first));
      out += "\nfirst: " + arrow_label(r, b.first, in.absolute) + "\nlast:  " + arrow_label(r, b.last, in.absolute);
      out += "\nZoom in (mouse wheel) to see them one by one.";
      return out;
    }
    case K::Mark: {
      const LadderMark& mk = l.marks[hit.item];
      const Event& e = t.events[mk.event];
      std::string out;
      switch (mk.kind) {
        case MarkKind::Note: out = "Note: " + (e.ref < t.notes.size() ? t.notes[e.ref].text : std::string()); break;
        case MarkKind::State:
          out = render::plain_text(render::state_change_text(t, e, render::glyphs(false)));
          if (e.rule != Rule::None) out += "\n" + render::short_cite(e.rule) + ": " + std::string(rule_info(e.rule).text);
          break;
        case MarkKind::Call:
        case MarkKind::CallFailed: {
          const CallRecord& c = t.calls[e.ref];
          out = render::call_prefix(t, c) + ": " + render::plain_text(render::call_result_text(t, c)) +
                "\n(scenario line " + std::to_string(c.line) + ")";
          break;
        }
        default: out = ladder::mark_text(t, *in.index, mk.event, mk.kind); break;  // also when hidden
      }
      return out + "\nat " + render::format_ms(e.t) + " s";
    }
    case K::Callout: return in.divergence ? in.headline : "";
    case K::Gap: return "Nothing happens here; the ladder skips the idle time (" + l.gaps[hit.item].label.text + ").";
  }
  return "";
}

}  // namespace tcpsim::viz
