// Figure 5 in pixels: boxes on the RFC's grid, arrows routed as the RFC routes them, and each label
// beside its own arrow, where it covers no box, no arrow and no other label.
#include "model/state_diagram_layout.hpp"

#include <algorithm>
#include <cmath>

namespace tcpsim::viz {

namespace {

using B = DiagramBox;

/// The gap between CLOSED and LISTEN, in units of the other rows' gaps.
constexpr float kFirstGap = 1.5f;

/// Room kept between a label and anything else, in pixels per pixel of label font.
constexpr float kClear = 0.15f;

Box inflate(const Box& b, float d) { return {b.x - d, b.y - d, b.w + 2 * d, b.h + 2 * d}; }

/// The boxes and arrows of the figure, for a label font `lf`.
struct Grid {
  std::array<Box, kDiagramBoxes> boxes;
  float bw = 0, bh = 0;
  const Box& at(B b) const { return boxes[static_cast<int>(b)]; }
  float cx(B b) const { return at(b).x + bw / 2; }
  float cy(B b) const { return at(b).y + bh / 2; }
  float left(B b) const { return at(b).x; }
  float right(B b) const { return at(b).right(); }
  float top(B b) const { return at(b).y; }
  float bottom(B b) const { return at(b).bottom(); }
};

/// Figure 5's arrows in the order of figure5().edges, routed like the RFC's: straight where the RFC is
/// straight, around the corner where it goes around.
std::vector<std::vector<Point>> route_figure(const Grid& g) {
  const float w = g.bw, h = g.bh;
  const float x0 = g.cx(B::SynReceived), x1 = g.cx(B::Listen), x2 = g.cx(B::SynSent);
  const float span = g.left(B::SynSent) - g.right(B::ClosedTop);
  return {
      // CLOSED ↔ LISTEN, side by side.
      {{x1 - w * 0.2f, g.bottom(B::ClosedTop)}, {x1 - w * 0.2f, g.top(B::Listen)}},
      {{x1 + w * 0.2f, g.top(B::Listen)}, {x1 + w * 0.2f, g.bottom(B::ClosedTop)}},
      // CLOSED ⇄ SYN-SENT: side by side, first along CLOSED's row (room below them for the labels of
      // LISTEN → CLOSED and SYN-SENT → CLOSED), then down to SYN-SENT.
      {{g.right(B::ClosedTop), g.cy(B::ClosedTop) - h * 0.2f},
       {g.right(B::ClosedTop) + span * 0.45f, g.cy(B::ClosedTop) - h * 0.2f},
       {x2 + w * 0.25f, g.top(B::SynSent)}},
      {{x2 - w * 0.15f, g.top(B::SynSent)},
       {g.right(B::ClosedTop) + span * 0.35f, g.cy(B::ClosedTop) + h * 0.25f},
       {g.right(B::ClosedTop), g.cy(B::ClosedTop) + h * 0.25f}},
      {{g.right(B::Listen), g.cy(B::Listen) + h * 0.2f}, {g.left(B::SynSent), g.cy(B::SynSent) - h * 0.25f}},
      {{g.left(B::Listen), g.cy(B::Listen) + h * 0.2f}, {g.right(B::SynReceived), g.cy(B::SynReceived) - h * 0.25f}},
      // SYN-RECEIVED → LISTEN on a reset (RFC 9293 note 1): up, then across.
      {{x0 - w * 0.3f, g.top(B::SynReceived)},
       {x0 - w * 0.3f, g.cy(B::Listen) - h * 0.2f},
       {g.left(B::Listen), g.cy(B::Listen) - h * 0.2f}},
      {{g.left(B::SynSent), g.cy(B::SynSent) + h * 0.15f}, {g.right(B::SynReceived), g.cy(B::SynReceived) + h * 0.15f}},
      {{x0 + w * 0.3f, g.bottom(B::SynReceived)}, {g.left(B::Established), g.cy(B::Established) - h * 0.2f}},
      {{x2 - w * 0.3f, g.bottom(B::SynSent)}, {g.right(B::Established), g.cy(B::Established) - h * 0.2f}},
      {{x0 - w * 0.2f, g.bottom(B::SynReceived)}, {x0 - w * 0.2f, g.top(B::FinWait1)}},
      {{g.left(B::Established), g.cy(B::Established) + h * 0.2f}, {g.right(B::FinWait1), g.cy(B::FinWait1) - h * 0.2f}},
      {{g.right(B::Established), g.cy(B::Established) + h * 0.2f}, {g.left(B::CloseWait), g.cy(B::CloseWait) - h * 0.2f}},
      {{x0 - w * 0.2f, g.bottom(B::FinWait1)}, {x0 - w * 0.2f, g.top(B::FinWait2)}},
      {{g.right(B::FinWait1), g.cy(B::FinWait1) + h * 0.2f}, {x1 - w * 0.25f, g.top(B::Closing)}},
      {{x2, g.bottom(B::CloseWait)}, {x2, g.top(B::LastAck)}},
      // FIN-WAIT-2 → TIME-WAIT: down, then across.
      {{x0, g.bottom(B::FinWait2)}, {x0, g.cy(B::TimeWait)}, {g.left(B::TimeWait), g.cy(B::TimeWait)}},
      {{x1, g.bottom(B::Closing)}, {x1, g.top(B::TimeWait)}},
      {{x2 - w * 0.3f, g.bottom(B::LastAck)}, {x2 - w * 0.3f, g.top(B::ClosedEnd)}},
      {{g.right(B::TimeWait), g.cy(B::TimeWait)}, {g.left(B::ClosedEnd), g.cy(B::ClosedEnd)}},
  };
}

/// The grid for state names `nf` pixels high and labels `lf` high on a w x h canvas; false when the
/// boxes do not fit.
bool make_grid(float w, float h, float nf, float lf, const MeasureText& measure, Grid& g) {
  g.bw = std::ceil(measure("SYN-RECEIVED", nf, true) + nf * 0.9f);
  g.bh = std::ceil(nf * 1.5f);
  const float m = 2;
  // Under the bottom row, room for the name tags of TIME-WAIT and CLOSED, where connections end (both
  // of a connection's ends, often): beside those boxes run the arrows into them.
  const float bottom = std::ceil(tag_padding(lf).y * 2 + lf * 1.25f);
  if (3 * g.bw + 2 * nf > w - 2 * m || 7 * g.bh + (5 + kFirstGap) * nf > h - 2 * m - bottom) return false;
  const float cols[3] = {m + g.bw / 2, w / 2, w - m - g.bw / 2};
  const FigureLayout& f = figure5();
  for (int i = 0; i < kDiagramBoxes; ++i) {
    const UnitPoint u = f.boxes[i].centre;
    const float cx = cols[u.x < 0.25f ? 0 : u.x > 0.75f ? 2 : 1];
    // As in the RFC, CLOSED stands further above LISTEN than the other rows stand apart: the labels
    // of the two arrows between them sit in that gap.
    const float row = std::round(u.y * 6);
    const float cy = m + g.bh / 2 + (row == 0 ? 0 : row + kFirstGap - 1) / (5 + kFirstGap) * (h - 2 * m - g.bh - bottom);
    g.boxes[i] = {std::round(cx - g.bw / 2), std::round(cy - g.bh / 2), g.bw, g.bh};
  }
  return true;
}

/// Everything a label must keep clear of, and the test.
struct Obstacles {
  const FigureScene& s;
  float clear = 2;
  /// Whether text boxes `parts` (of the label of arrow `own`; its own arrow may pass between them when
  /// `straddle`) fit: inside the canvas, clear of boxes, arrows and placed labels.
  bool free(const std::vector<Box>& parts, const Box& whole, int own, bool straddle) const {
    if (whole.x < 1 || whole.y < 1 || whole.right() > s.w - 1 || whole.bottom() > s.h - 1) return false;
    for (const Box& b : s.boxes) {
      if (inflate(b, clear).overlaps(whole)) return false;
    }
    for (size_t i = 0; i < s.arrows.size(); ++i) {
      const bool mine = static_cast<int>(i) == own && straddle;
      for (const Box& p : mine ? parts : std::vector<Box>{whole}) {
        if (polyline_crosses(s.arrows[i], inflate(p, clear * 0.75f))) return false;
      }
    }
    for (const PlacedLabel& l : s.placed) {
      if (inflate(l.box, clear).overlaps(whole)) return false;
    }
    for (const Box& b : s.slots) {
      if (b.w > 0 && b.overlaps(whole)) return false;
    }
    return true;
  }
};

/// Places beside box `i` for a row of name tags as wide as `names` of "server :80", best first: on the
/// side facing the middle of the figure, below, above, on the outer side; those where no arrow runs and
/// no other box or slot is.
std::vector<Box> slot_candidates(const FigureScene& s, size_t i, int names, const MeasureText& measure) {
  const Point pad = tag_padding(s.label_font);
  const float w = static_cast<float>(names) * (std::ceil(measure("server :80", s.label_font, false) + 2 * pad.x) + kTagGap);
  const float h = std::ceil(s.label_font + 2 * pad.y), gap = std::max(2.0f, s.label_font * 0.25f);
  const float clear = std::max(1.5f, s.label_font * kClear);
  const Box& b = s.boxes[i];
  const bool inner_right = b.x + b.w / 2 <= s.w / 2 + 1;
  const float beside_in = inner_right ? b.right() + gap : b.x - gap - w;
  const float beside_out = inner_right ? b.x - gap - w : b.right() + gap;
  const float mid_y = b.y + (b.h - h) / 2;
  const Box tries[] = {{beside_in, mid_y, w, h},
                       {beside_in, b.y - h / 2, w, h},
                       {beside_in, b.bottom() - h / 2, w, h},
                       {inner_right ? b.right() - w : b.x, b.bottom() + gap, w, h},
                       {inner_right ? b.x : b.right() - w, b.bottom() + gap, w, h},
                       {b.x + (b.w - w) / 2, b.bottom() + gap, w, h},
                       {inner_right ? b.right() - w : b.x, b.y - gap - h, w, h},
                       {inner_right ? b.x : b.right() - w, b.y - gap - h, w, h},
                       {beside_out, mid_y, w, h},
                       {beside_out, b.y - h / 2, w, h},
                       {beside_out, b.bottom() - h / 2, w, h}};
  std::vector<Box> out;
  for (const Box& t : tries) {
    const Box r{std::round(t.x), std::round(t.y), w, h};
    bool ok = r.x >= 1 && r.y >= 1 && r.right() <= s.w - 1 && r.bottom() <= s.h - 1;
    for (size_t k = 0; ok && k < s.boxes.size(); ++k) ok = !inflate(s.boxes[k], clear).overlaps(r);
    for (size_t k = 0; ok && k < s.slots.size(); ++k) ok = !(s.slots[k].w > 0 && inflate(s.slots[k], clear).overlaps(r));
    for (size_t k = 0; ok && k < s.arrows.size(); ++k) ok = !polyline_crosses(s.arrows[k], inflate(r, clear));
    if (ok) out.push_back(r);
  }
  return out;
}

/// A label's shapes: two lines with a rule, or one line.
struct LabelForm {
  std::vector<std::string> lines;
  std::vector<float> widths;
  bool rule = false;
};

std::vector<LabelForm> forms_of(const EdgeLabel& l, float lf, const MeasureText& measure) {
  const std::string trigger(l.trigger), action(l.action);
  if (action.empty()) return {{{trigger}, {measure(trigger, lf, false)}, false}};
  const std::string one = trigger + " / " + action;
  return {{{trigger, action}, {measure(trigger, lf, false), measure(action, lf, false)}, true},
          {{one}, {measure(one, lf, false)}, false}};
}

/// The label of arrow `edge` laid out with its top-left corner at (x, y).
PlacedLabel shape(int edge, const LabelForm& f, float x, float y, float lf, float gap) {
  PlacedLabel p;
  p.edge = edge;
  const float w = *std::max_element(f.widths.begin(), f.widths.end());
  float top = y;
  for (size_t i = 0; i < f.lines.size(); ++i) {
    p.lines.push_back({{std::round(x + (w - f.widths[i]) / 2), std::round(top), f.widths[i], lf}, f.lines[i]});
    top += lf + gap;
  }
  p.rule = f.rule;
  p.rule_y = std::round(y + lf + gap / 2);
  p.box = {x, y, w, top - gap - y};
  return p;
}

/// Tries to place arrow `edge`'s label beside its arrow; true when it found a place.
bool place_label(FigureScene& s, int edge, const MeasureText& measure, const Obstacles& obs) {
  const float lf = s.label_font, gap = std::max(2.0f, lf * 0.3f), off = std::max(2.0f, lf * 0.35f);
  const std::vector<Point>& path = s.arrows[static_cast<size_t>(edge)];
  const std::vector<LabelForm> forms = forms_of(figure5().edges[static_cast<size_t>(edge)].label, lf, measure);
  for (float frac : {0.5f, 0.38f, 0.62f, 0.27f, 0.73f, 0.16f, 0.84f, 0.06f}) {
    const auto [p, d] = polyline_at(path, frac);
    const Point n{-d.y, d.x};
    for (const LabelForm& f : forms) {
      const float w = *std::max_element(f.widths.begin(), f.widths.end());
      const float h = lf * static_cast<float>(f.lines.size()) + gap * static_cast<float>(f.lines.size() - 1);
      // On a horizontal stretch a two-line label straddles the arrow, trigger above and action below.
      if (f.lines.size() == 2 && std::fabs(d.y) < 0.05f) {
        PlacedLabel l = shape(edge, f, std::round(p.x - w / 2), std::round(p.y - lf - off), lf, 2 * off);
        l.rule = false;
        l.straddle = true;
        std::vector<Box> parts;
        for (const PlacedText& t : l.lines) parts.push_back(t.box);
        if (obs.free(parts, l.box, edge, true)) {
          s.placed.push_back(std::move(l));
          return true;
        }
      }
      // Beside the arrow, on either side: the label's nearest edge `off` away from the line.
      for (float side : {1.0f, -1.0f}) {
        const float reach = std::fabs(n.x) * w / 2 + std::fabs(n.y) * h / 2 + off;
        const Point c{p.x + side * n.x * reach, p.y + side * n.y * reach};
        PlacedLabel l = shape(edge, f, std::round(c.x - w / 2), std::round(c.y - h / 2), lf, gap);
        if (obs.free({l.box}, l.box, edge, false)) {
          s.placed.push_back(std::move(l));
          return true;
        }
      }
    }
  }
  return false;
}

/// Places every label, hardest first: those that found no place go to the front and all start over.
bool place_labels(FigureScene& s, const MeasureText& measure) {
  std::vector<int> order;
  for (size_t i = 0; i < s.arrows.size(); ++i) order.push_back(static_cast<int>(i));
  const Obstacles obs{s, std::max(1.5f, s.label_font * kClear)};
  for (int round = 0; round < 4; ++round) {
    s.placed.clear();
    std::vector<int> failed, done;
    for (int e : order) (place_label(s, e, measure, obs) ? done : failed).push_back(e);
    if (failed.empty()) {
      std::sort(s.placed.begin(), s.placed.end(), [](const PlacedLabel& a, const PlacedLabel& b) { return a.edge < b.edge; });
      return true;
    }
    order = failed;
    order.insert(order.end(), done.begin(), done.end());
    if (round == 3) s.unplaced = failed;
  }
  return false;
}

/// Where each state's name goes: centred in its box.
void name_boxes(FigureScene& s, const MeasureText& measure) {
  for (int i = 0; i < kDiagramBoxes; ++i) {
    const Box& b = s.boxes[static_cast<size_t>(i)];
    const float w = measure(figure5().boxes[static_cast<size_t>(i)].name, s.name_font, true);
    s.names[static_cast<size_t>(i)] = {std::round(b.x + (b.w - w) / 2), std::round(b.y + (b.h - s.name_font) / 2), w,
                                       s.name_font};
  }
}

}  // namespace

FigureScene layout_figure(float w, float h, const MeasureText& measure, float max_font, float scale) {
  FigureScene s;
  s.w = w;
  s.h = h;
  s.line = std::max(1.0f, scale);
  // The largest font at which the boxes fit and every label finds a place; below kMinLabelFont the
  // labels go and the boxes take the room.
  Grid g;
  FigureScene best;  // the largest font at which every label found a place, should no font leave room
  for (float lf = std::floor(max_font * 2) / 2; lf >= kMinLabelFont; lf -= 0.5f) {
    if (!make_grid(w, h, lf * 1.15f, lf, measure, g)) continue;
    s.label_font = lf;
    s.name_font = lf * 1.15f;
    s.boxes = g.boxes;
    name_boxes(s, measure);
    s.arrows = route_figure(g);
    s.head = std::max(5.0f, lf * 0.6f);
    s.slots = {};
    const std::vector<int> before = s.unplaced;
    if (!place_labels(s, measure)) {
      if (!before.empty()) s.unplaced = before;  // keep the first attempt's
      continue;
    }
    s.labels = true;
    s.unplaced = before;
    // Room for name tags, box by box (those most often occupied first), wherever every label still
    // finds a place: for two tags where both ends of a connection, or a listener and the connection it
    // is making, are often in the same state together; else for one. A font that leaves a box no room
    // gives way to a smaller one.
    bool all = true;
    for (B b : {B::Listen, B::Established, B::ClosedEnd, B::SynReceived, B::SynSent, B::TimeWait, B::FinWait1,
                B::CloseWait, B::FinWait2, B::LastAck, B::Closing, B::ClosedTop}) {
      const size_t i = static_cast<size_t>(b);
      const int want = b == B::Listen || b == B::Established || b == B::ClosedEnd ? 2 : 1;
      for (int names = want; names >= 1 && s.slots[i].w == 0; --names) {
        for (const Box& slot : slot_candidates(s, i, names, measure)) {
          s.slots[i] = slot;
          if (place_labels(s, measure)) break;
          s.slots[i] = {};
        }
        if (s.slots[i].w == 0) all = false;
      }
    }
    place_labels(s, measure);
    if (all) return s;
    if (!best.labels) best = s;
  }
  if (best.labels) return best;
  // No room for labels: the boxes as large as fit, names only.
  float nf = std::min(max_font * 1.15f, 40.0f);
  while (nf > 6 && !make_grid(w, h, nf, nf / 1.15f, measure, g)) nf -= 0.5f;
  make_grid(w, h, std::max(nf, 6.0f), std::max(nf, 6.0f) / 1.15f, measure, g);
  s.name_font = std::max(nf, 6.0f);
  s.label_font = std::max(kMinLabelFont, s.name_font / 1.15f);
  s.boxes = g.boxes;
  name_boxes(s, measure);
  s.arrows = route_figure(g);
  s.head = std::max(5.0f, s.name_font * 0.5f);
  s.slots = {};
  for (size_t i = 0; i < s.boxes.size(); ++i) {
    const std::vector<Box> c = slot_candidates(s, i, 1, measure);
    if (!c.empty()) s.slots[i] = c.front();
  }
  s.placed.clear();
  s.labels = false;
  return s;
}

bool same_path(const std::vector<Point>& a, const std::vector<Point>& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](Point p, Point q) { return p.x == q.x && p.y == q.y; });
}

bool polyline_crosses(const std::vector<Point>& pts, const Box& r) {
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    if (segment_crosses(pts[i], pts[i + 1], r)) return true;
  }
  return false;
}

std::pair<Point, Point> polyline_at(const std::vector<Point>& pts, float fraction) {
  if (pts.size() < 2) return {pts.empty() ? Point{} : pts[0], {1, 0}};
  float total = 0;
  for (size_t i = 0; i + 1 < pts.size(); ++i) total += std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
  float want = total * std::clamp(fraction, 0.0f, 1.0f);
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const float seg = std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
    if (seg <= 0) continue;
    const Point d{(pts[i + 1].x - pts[i].x) / seg, (pts[i + 1].y - pts[i].y) / seg};
    if (want <= seg || i + 2 == pts.size()) {
      const float t = std::min(want, seg);
      return {{pts[i].x + d.x * t, pts[i].y + d.y * t}, d};
    }
    want -= seg;
  }
  return {pts.back(), {1, 0}};
}

}  // namespace tcpsim::viz
