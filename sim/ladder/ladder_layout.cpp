// The ladder's layout, one frame at a time: the Frame's geometry (plot, time column, lanes), the
// time axis (gaps, ticks, the now line) and the public entry points. A Frame fills the layout most
// important first: geometry -> time -> lanes -> segments and ghosts (ladder_segments.cpp) -> the lines
// text must not cover -> key labels -> marks -> other labels, the callout, gap labels (ladder_text.cpp).
// Texts are placed greedily on a grid of taken boxes; what finds no room is hidden, never overlapped.
#include "ladder/ladder_frame.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/event_text.hpp"
#include "trace/describe.hpp"

namespace tcpsim::viz {

namespace ladder {

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string seconds_text(Time t, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f s", decimals, static_cast<double>(t) / 1e9);
  return buf;
}

Frame::Frame(const LadderInput& in, LadderLayout& out)
    : in_(in), out_(out), run_(*in.run), ix_(*in.index), m_(*in.moment), cam_(in.camera),
      s_(in.metrics.scale), lh_(in.metrics.line_height) {}

void Frame::build() {
  geometry();
  time_axis();
  lanes();
  segments();
  ghosts();
  obstacles();
  labels(true);
  marks();
  labels(false);
  gap_labels();
}

float Frame::width(std::string_view t) const {
  return in_.metrics.text_width ? in_.metrics.text_width(t) : 7.0f * s_ * static_cast<float>(code_points(t));
}

float Frame::title_width(std::string_view t) const {
  return in_.metrics.title_width ? in_.metrics.title_width(t) : 1.25f * width(t);
}

bool Frame::in_plot(const Box& b) const {
  return b.y >= out_.plot.y && b.bottom() <= out_.plot.bottom() && b.x >= out_.plot.x && b.right() <= out_.plot.right();
}

/// Cuts `text` to `max_w` pixels (box padding included), ending in an ellipsis.
std::string Frame::fit(const std::string& text, float max_w) const {
  if (width(text) + 2 * pad_x() <= max_w) return text;
  std::vector<size_t> starts;  // byte offset of each code point, then the end
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  size_t lo = 0, hi = starts.size() - 1;  // code points kept
  while (lo < hi) {
    const size_t mid = (lo + hi + 1) / 2;
    if (width(text.substr(0, starts[mid]) + "…") + 2 * pad_x() <= max_w) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return text.substr(0, starts[lo]) + "…";
}

std::string Frame::lane_detail(const NodeRecord& node) {
  if (node.kind == NodeKind::Host) return ip_to_string(node.ip);
  return node.kind == NodeKind::Firewall ? "firewall" : "NAT";
}

void Frame::geometry() {
  out_.area = in_.area;
  out_.plot = ladder_plot(in_.area, in_.metrics);
  const Trace& t = run_.trace;
  const std::string widest = seconds_text(std::max<Time>(t.end_time, 0), 3);
  out_.axis_right = out_.plot.x + width(widest) + 14 * s_;
  // Lanes evenly spaced; the outer ones far enough in for their headers.
  const size_t n = run_.lanes.size();
  auto header_w = [&](size_t k) {
    const NodeRecord& node = t.nodes[run_.lanes[k]];
    return std::max(title_width(node.name), width(lane_detail(node))) + 12 * s_;
  };
  const float left_margin = n ? std::max(36 * s_, header_w(0) / 2) : 0;
  const float right_margin = n ? std::max(36 * s_, header_w(n - 1) / 2) : 0;
  lane_left_ = out_.axis_right + left_margin;
  const float lane_right = out_.area.right() - right_margin;
  lane_step_ = n > 1 ? std::max(1.0f, (lane_right - lane_left_) / static_cast<float>(n - 1)) : 0;
  if (n == 1) lane_left_ = (lane_left_ + lane_right) / 2;
  fold_px_ = kFoldPx * s_;
  s_top_ = cam_.story_at(0);
  s_bot_ = cam_.story_at(out_.plot.h);
  now_story_ = run_.clock.story(m_.now);
  out_.now_y = y(now_story_);
  out_.now_visible = out_.now_y >= out_.plot.y && out_.now_y <= out_.plot.bottom();
  out_.now_text = seconds_text(m_.now, 3);
  out_.run_top = y(0);
  out_.run_bottom = y(run_.clock.end());
  occ_.reset(out_.plot.y, out_.plot.h);
}

void Frame::time_axis() {
  const std::vector<StoryClock::Gap>& gaps = run_.clock.gaps();
  // Gaps overlapping the view (they are in story order).
  auto first = std::lower_bound(gaps.begin(), gaps.end(), s_top_ - StoryClock::kGapStory,
                                [](const StoryClock::Gap& g, double s) { return g.story < s; });
  for (auto g = first; g != gaps.end() && g->story <= s_bot_; ++g) {
    if (g->story + StoryClock::kGapStory < s_top_) continue;
    visible_gaps_.push_back(*g);
    LadderGap mark;
    mark.y0 = y(g->story);
    mark.y1 = y(g->story + StoryClock::kGapStory);
    mark.label.text = gap_text(g->to - g->from);
    out_.gaps.push_back(std::move(mark));
  }
  // Ticks at round simulated times, at least 2.5 lines apart, on each stretch between gaps.
  const double px_per_sec = cam_.pixels_per_story * run_.clock.scale();
  if (px_per_sec <= 0) return;
  const double min_step = 2.5 * lh_ / px_per_sec;
  double step = std::pow(10.0, std::floor(std::log10(min_step)));
  for (double k : {1.0, 2.0, 5.0, 10.0}) {
    if (step * k >= min_step) {
      step *= k;
      break;
    }
  }
  const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
  const Time step_ns = std::max<Time>(1, static_cast<Time>(std::llround(step * 1e9)));
  const double lo = std::max(0.0, s_top_), hi = std::min(run_.clock.end(), s_bot_);
  if (hi < lo) return;
  std::vector<std::pair<Time, Time>> pieces;  // simulated-time stretches without a gap
  Time from = run_.clock.sim(lo);
  for (const StoryClock::Gap& g : visible_gaps_) {
    if (g.from > from) pieces.push_back({from, g.from});
    from = std::max(from, g.to);
  }
  pieces.push_back({from, run_.clock.sim(hi)});
  for (const auto& [a, b] : pieces) {
    for (Time t = (a + step_ns - 1) / step_ns * step_ns; t <= b && out_.ticks.size() < 400; t += step_ns) {
      const float ty = y(run_.clock.story(t));
      if (ty < out_.plot.y + lh_ / 2 || ty > out_.plot.bottom() - lh_ / 2) continue;
      if (out_.now_visible && std::fabs(ty - out_.now_y) < lh_ * 1.1f) continue;  // the now label is there
      out_.ticks.push_back({ty, seconds_text(t, decimals)});
    }
  }
}

void Frame::lanes() {
  const Trace& t = run_.trace;
  int host = 0;
  const float top = std::max(out_.plot.y, out_.run_top);
  const float bottom = std::min(out_.plot.bottom(), out_.run_bottom);
  for (size_t k = 0; k < run_.lanes.size(); ++k) {
    const NodeRecord& node = t.nodes[run_.lanes[k]];
    LadderLane lane;
    lane.node = run_.lanes[k];
    lane.x = x_lane(k);
    lane.title = node.name;
    lane.detail = lane_detail(node);
    lane.colour = node.kind == NodeKind::Host ? host++ : -1;
    lane.down = lane.node < m_.host_down.size() && m_.host_down[lane.node];
    const float w = std::max(title_width(lane.title), width(lane.detail)) + 12 * s_;
    const float hx = std::clamp(lane.x - w / 2, out_.area.x, std::max(out_.area.x, out_.area.right() - w));
    lane.header = {hx, out_.area.y + 3 * s_, w, out_.plot.y - out_.area.y - 6 * s_};
    if (top < bottom) lane_spans(k, top, bottom, lane.spans);
    out_.lanes.push_back(std::move(lane));
  }
}

/// The lane's line between two rows, dotted in gaps and while its host was down (up to now).
void Frame::lane_spans(size_t k, float top, float bottom, std::vector<LaneSpan>& spans) const {
  const double a = cam_.story_at(top - out_.plot.y), b = cam_.story_at(bottom - out_.plot.y);
  std::vector<double> cuts{a, b};
  std::vector<LadderIndex::Span> down;
  for (const LadderIndex::Span& d : ix_.down[k]) {
    const LadderIndex::Span c{d.from, std::min(d.to, now_story_)};
    if (c.to > a && c.from < b && c.to > c.from) down.push_back(c);
  }
  for (const LadderIndex::Span& d : down) cuts.insert(cuts.end(), {d.from, d.to});
  for (const StoryClock::Gap& g : visible_gaps_) cuts.insert(cuts.end(), {g.story, g.story + StoryClock::kGapStory});
  std::sort(cuts.begin(), cuts.end());
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double u = std::max(cuts[i], a), v = std::min(cuts[i + 1], b);
    if (v <= u) continue;
    const double mid = (u + v) / 2;
    LaneLook look = LaneLook::Solid;
    for (const StoryClock::Gap& g : visible_gaps_) {
      if (mid > g.story && mid < g.story + StoryClock::kGapStory) look = LaneLook::Gap;
    }
    for (const LadderIndex::Span& d : down) {
      if (mid > d.from && mid < d.to) look = LaneLook::Down;
    }
    if (!spans.empty() && spans.back().look == look) {
      spans.back().y1 = y(v);
    } else {
      spans.push_back({y(u), y(v), look});
    }
  }
}

}  // namespace ladder

// ---- public API ----

void LadderLayout::clear() {
  lanes.clear();
  arrows.clear();
  bands.clear();
  ghosts.clear();
  ghost_bands.clear();
  marks.clear();
  gaps.clear();
  ticks.clear();
  callout = {};
  now_visible = false;
  now_text.clear();
  examined = 0;
}

bool segment_crosses(Point a, Point b, const Box& r) {
  // Liang-Barsky clipping: does any part of a-b lie inside r?
  float t0 = 0, t1 = 1;
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float p[4] = {-dx, dx, -dy, dy};
  const float q[4] = {a.x - r.x, r.right() - a.x, a.y - r.y, r.bottom() - a.y};
  for (int i = 0; i < 4; ++i) {
    if (std::fabs(p[i]) < 1e-9f) {
      if (q[i] < 0) return false;
      continue;
    }
    const float t = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, t);
    } else {
      t1 = std::min(t1, t);
    }
    if (t0 > t1) return false;
  }
  return true;
}

Box ladder_plot(const Box& area, const LadderMetrics& metrics) {
  const float header = std::round(metrics.line_height * 2.5f + 10 * metrics.scale);
  return {area.x, area.y + header, area.w, std::max(1.0f, area.h - header)};
}

void layout_ladder(const LadderInput& in, LadderLayout& out) {
  out.clear();
  if (!in.run || !in.index || !in.moment || in.camera.pixels_per_story <= 0) return;
  ladder::Frame(in, out).build();
}

LadderLayout layout_ladder(const LadderInput& in) {
  LadderLayout out;
  layout_ladder(in, out);
  return out;
}

std::string ghost_name(const LadderInput& in) {
  if (!in.other_name.empty()) return in.other_name;
  return in.viewing_twin ? "the fault run" : "the graceful twin";
}

std::string gap_text(Time d) {
  const double sec = static_cast<double>(d) / 1e9;
  char buf[48];
  if (sec < 1) {
    std::snprintf(buf, sizeof buf, "%.3g ms later", sec * 1e3);
  } else if (sec < 120) {
    std::snprintf(buf, sizeof buf, "%.3g s later", sec);
  } else if (sec < 7200) {
    std::snprintf(buf, sizeof buf, "%.3g min later", sec / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g h later", sec / 3600);
  }
  return buf;
}

std::string arrow_label(const Run& run, size_t i, bool absolute, int detail) {
  const Segment& s = run.trace.segments[i].seg;
  std::string out = flags_to_string(s.flags);
  // A reset must read as one from its first word, whatever else it carries.
  if ((s.flags & kRst) && out.rfind("RST", 0) != 0) out = "RST " + out;
  if (detail >= 2) {
    out += " " + run.numbers(i, absolute);
    if (s.data.len) out += " len=" + std::to_string(s.data.len);
  } else if (detail == 1) {
    out += " seq=" + std::to_string(absolute ? s.seq.v : run.rel.seq[i]);
  }
  const std::string tag = render::segment_tag(run.trace, i);
  if (!tag.empty()) out += " (" + tag + ")";
  return out;
}

Rgba style_rgba(const Palette& p, ArrowStyle style) {
  switch (style) {
    case ArrowStyle::Rst: return p.rst;
    case ArrowStyle::Syn: return p.syn;
    case ArrowStyle::Fin: return p.fin;
    case ArrowStyle::Data: return p.data;
    case ArrowStyle::Ack: return p.ack;
  }
  return p.ack;
}

Rgba mark_rgba(const Palette& p, MarkKind kind) {
  switch (kind) {
    case MarkKind::CallFailed:
    case MarkKind::Crash:
    case MarkKind::Kill:
    case MarkKind::Discard: return p.error;
    case MarkKind::Restart: return p.ok;
    case MarkKind::Timer:
    case MarkKind::Verdict:
    case MarkKind::Link:
    case MarkKind::Flow: return p.timer;
    case MarkKind::Note: return p.note;
    case MarkKind::State:
    case MarkKind::Call: return p.text;
  }
  return p.text;
}

double readable_zoom(double height, double scale) {
  return std::min(kReadableDelayPixels * scale, height / kDelaysInView) / StoryClock::kDelayStory;
}

void fit_camera(LadderCamera& camera, const Run& run, double height, double reserve, double min_zoom) {
  camera.fit(0, std::max(run.clock.end(), 1e-3), std::max(height * 0.5, height - reserve));
  if (camera.pixels_per_story < min_zoom) {
    camera.pixels_per_story = min_zoom;
    camera.top = -0.3;
  }
}

void follow_now(LadderCamera& camera, double now, double story_end, double height, double reserve) {
  const double pps = camera.pixels_per_story;
  const double y = camera.y(now);
  const double usable = std::max(height * 0.5, height - reserve);
  if (y > usable * 0.85) {
    // Scroll along, keeping room below the now line for what happens next, but never further than
    // where a fitted view puts the run's end (so a fitted view never moves).
    const double limit = story_end - usable * (1.04 / 1.08) / pps;
    camera.top = std::max(camera.top, std::min(now - usable * 0.85 / pps, limit));
  }
  if (y < 0) camera.top = now - height * 0.2 / pps;  // seeked back above the view
}

void clamp_camera(LadderCamera& camera, double story_end, double height) {
  const double span = height / camera.pixels_per_story;
  const double lo = -0.5 * span;
  const double hi = std::max(lo, story_end - 0.5 * span);
  camera.top = std::clamp(camera.top, lo, hi);
}

}  // namespace tcpsim::viz
