// The SVG export's ladder: every item of a LadderLayout, in the order, weights and colours of
// ui_ladder.cpp (draw_layout, draw_arrow, draw_band, draw_ghost, marks, gaps, callout, headers), with
// what paper needs on top: legible text colours, halos around mark texts, and no playback colour.
#include <algorithm>
#include <cmath>

#include "ladder/ladder_svg_pen.hpp"

namespace tcpsim::viz::svg {

namespace {


const char* style_class(ArrowStyle st) {
  switch (st) {
    case ArrowStyle::Rst: return "rst";
    case ArrowStyle::Syn: return "syn";
    case ArrowStyle::Fin: return "fin";
    case ArrowStyle::Data: return "data";
    case ArrowStyle::Ack: return "ack";
  }
  return "ack";
}

/// The box of a reset's label: the reset red, darkened until its white text is legible.
Rgba reset_box(const Palette& p) { return legible(p.rst, {255, 255, 255}); }

Point direction(Point a, Point b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  return len < 1e-3f ? Point{0, 1} : Point{dx / len, dy / len};
}

/// A triangle with its tip at `tip` pointing along `dir`; open for ghosts.
void head(Pen& pen, Point tip, Point dir, float size, Rgba c, bool filled, float th) {
  const Point back{tip.x - dir.x * size, tip.y - dir.y * size};
  const Point n{-dir.y * size * 0.45f, dir.x * size * 0.45f};
  const std::vector<Point> tri{tip, {back.x + n.x, back.y + n.y}, {back.x - n.x, back.y - n.y}};
  if (filled) {
    pen.polygon(tri, c);
  } else {
    pen.polygon(tri, {0, 0, 0, 0}, c, th);
  }
}

/// The reset's arrowhead, recognisable without colour: a flat bar at the tip and a double head.
void rst_head(Pen& pen, Point tip, Point dir, float size, Rgba c, float th) {
  const Point n{-dir.y, dir.x};
  const float bar = size * 0.75f;
  pen.line({tip.x + n.x * bar, tip.y + n.y * bar}, {tip.x - n.x * bar, tip.y - n.y * bar}, c, th);
  const Point t1{tip.x - dir.x * th * 0.8f, tip.y - dir.y * th * 0.8f};
  head(pen, t1, dir, size, c, true, th);
  head(pen, {t1.x - dir.x * size * 0.7f, t1.y - dir.y * size * 0.7f}, dir, size, c, true, th);
}

void cross(Pen& pen, Point at, float r, Rgba c, float th) {
  pen.line({at.x - r, at.y - r}, {at.x + r, at.y + r}, c, th);
  pen.line({at.x - r, at.y + r}, {at.x + r, at.y - r}, c, th);
}

}  // namespace


void draw_arrow(Pen& pen, const LadderArrow& a) {
  const Palette& p = pen.p;
  const bool rst = a.style == ArrowStyle::Rst;
  const Rgba c = style_rgba(p, a.style);
  const float th = (rst ? 3.4f : a.style == ArrowStyle::Data ? 2.0f : 1.6f) * pen.s;
  pen.open(std::string("arrow ") + style_class(a.style) + (a.dropped ? " dropped" : ""));
  const Point dir = direction(a.from, a.full);
  const float hs = (rst ? 12.0f : 10.0f) * pen.s;
  // Stop the shaft under the head so its end stays sharp.
  const bool has_head = !(a.dropped && !a.in_flight);
  const float length = std::hypot(a.to.x - a.from.x, a.to.y - a.from.y);
  const float back = has_head ? std::min(hs * (rst ? 1.2f : 0.8f), length) : 0;
  pen.line(a.from, {a.to.x - dir.x * back, a.to.y - dir.y * back}, c, th);
  if (!has_head) {
    cross(pen, a.to, 7 * pen.s, drop_rgba(p), 2.5f * pen.s);
  } else if (rst) {
    rst_head(pen, a.to, dir, hs, c, th);
  } else {
    head(pen, a.to, dir, hs, c, true, th);
  }
  if (a.in_flight) pen.circle(a.to, 4.5f * pen.s, c, p.background, 1.2f * pen.s);  // never arrived
  pen.close();
}

void draw_ghost(Pen& pen, const LadderArrow& g) {
  const Palette& p = pen.p;
  const Rgba c = style_rgba(p, g.style).alpha(p.light ? 190 : 185);
  const float th = 2.4f * pen.s;
  pen.open(std::string("ghost ") + style_class(g.style));
  auto xy = [](Point q) { return num(q.x) + "," + num(q.y); };
  std::string d = "M";  // a quadratic curve through the control point
  d += xy(g.from);
  d += " Q";
  d += xy(g.control);
  d += ' ';
  d += xy(g.to);
  pen.path(d, c, th, dashes(9 * pen.s, 6 * pen.s));
  const bool bent = std::hypot(g.to.x - g.control.x, g.to.y - g.control.y) > 1.0f;
  const Point dir = bent ? direction(g.control, g.to) : direction(g.from, g.full);
  if (g.dropped && !g.in_flight) {
    cross(pen, g.to, 6 * pen.s, c, 2.0f * pen.s);
  } else if (g.in_flight) {
    pen.circle(g.to, 4.5f * pen.s, {0, 0, 0, 0}, c, th);
  } else {
    head(pen, g.to, dir, 10 * pen.s, c, false, th);
  }
  pen.close();
}

namespace {

void draw_band(Pen& pen, const LadderBand& b) {
  const Palette& p = pen.p;
  const Rgba c = b.ghost ? style_rgba(p, b.style).alpha(110) : style_rgba(p, b.style);
  pen.open(std::string(b.ghost ? "ghost band " : "band ") + style_class(b.style));
  const float th = (b.style == ArrowStyle::Rst ? 3.0f : 1.5f) * pen.s;
  if (b.outline.size() >= 3) pen.polygon(b.outline, c.alpha(b.ghost ? 25 : 55), c.alpha(b.ghost ? 110 : 200), th);
  if (b.dropped && !b.in_flight) {
    cross(pen, b.head, 7 * pen.s, drop_rgba(p), 2.5f * pen.s);
  } else if (b.in_flight) {
    pen.circle(b.head, 4.5f * pen.s, c);
  }
  pen.close();
}

// ---- the ladder (as draw_layout) ----

void draw_time_column(Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  pen.open("time");
  pen.line({l.axis_right, l.plot.y}, {l.axis_right, l.plot.bottom()}, p.grid, 1.0f);
  auto tick = [&](float y, const std::string& t) {
    pen.text(l.axis_right - 8 * pen.s, y - pen.lh / 2 + pen.ascent(pen.label), t, p.dim, pen.label, "end");
    pen.line({l.axis_right - 4 * pen.s, y}, {l.axis_right, y}, p.dim, 1.0f);
  };
  for (const LadderTick& t : l.ticks) tick(t.y, t.text);
  // The playback position is the run's end here: its time stamp, without the playback colour.
  if (l.now_visible) tick(l.now_y, l.now_text);
  pen.close();
}

void draw_gaps(Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  pen.open("gaps");
  for (const LadderGap& g : l.gaps) {
    const Box band{l.axis_right + 1, g.y0, l.plot.right() - l.axis_right - 1, g.y1 - g.y0};
    pen.rect(band, p.grid.alpha(p.light ? 90 : 70), 0);
    // A break mark on every lane: two short slanted strokes.
    const float mid = (g.y0 + g.y1) / 2, w = 7 * pen.s, h = 3 * pen.s;
    for (const LadderLane& lane : l.lanes) {
      for (float dy : {-h, h}) pen.line({lane.x - w, mid + dy + h}, {lane.x + w, mid + dy - h}, p.dim, 1.5f * pen.s);
    }
    pen.label_box(g.label, p.dim, pen.label_bg());
  }
  pen.close();
}

Rgba lane_rgba(const Palette& p, const LadderLane& lane) {
  return lane.colour >= 0 ? p.hosts[static_cast<size_t>(lane.colour) % p.hosts.size()] : p.lane;
}

void draw_lanes(Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  pen.open("lanes");
  for (const LadderLane& lane : l.lanes) {
    const Rgba c = lane_rgba(p, lane);
    for (const LaneSpan& sp : lane.spans) {
      const Point a{lane.x, sp.y0}, b{lane.x, sp.y1};
      switch (sp.look) {
        case LaneLook::Solid: pen.line(a, b, c.alpha(lane.colour >= 0 ? 200 : 170), 2.0f * pen.s); break;
        case LaneLook::Gap: pen.line(a, b, c.alpha(150), 2.0f * pen.s, dashes(2 * pen.s, 4 * pen.s)); break;
        case LaneLook::Down: pen.line(a, b, p.error.alpha(200), 2.0f * pen.s, dashes(5 * pen.s, 4 * pen.s)); break;
      }
    }
  }
  // The end of the run: a short bar across each lane.
  if (l.run_bottom > l.plot.y && l.run_bottom < l.plot.bottom()) {
    for (const LadderLane& lane : l.lanes) {
      pen.line({lane.x - 6 * pen.s, l.run_bottom}, {lane.x + 6 * pen.s, l.run_bottom}, p.lane, 2.0f * pen.s);
    }
  }
  pen.close();
}

void draw_headers(Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  pen.open("headers");
  pen.rect({l.area.x, l.area.y, l.area.w, l.plot.y - l.area.y}, p.panel, 0);
  pen.line({l.area.x, l.plot.y}, {l.area.right(), l.plot.y}, p.grid, 1.0f);
  pen.text(l.axis_right - 8 * pen.s, l.plot.y - 6 * pen.s - pen.line(pen.label) + pen.ascent(pen.label), "time", p.dim,
           pen.label, "end");
  for (const LadderLane& lane : l.lanes) {
    const Rgba c = lane_rgba(p, lane);
    const Box& h = lane.header;
    const float cx = h.x + h.w / 2;
    // The name in the text colour (host colours are too pale on paper); the colour is on the lane.
    pen.text(cx, h.y + pen.ascent(pen.title), lane.title, p.text, pen.title, "middle", "host");
    pen.text(cx, h.y + 1.25f * pen.lh + pen.ascent(pen.label), lane.down ? lane.detail + " (down)" : lane.detail,
             lane.down ? p.error : p.dim, pen.label, "middle");
    pen.line({lane.x, l.plot.y - 4 * pen.s}, {lane.x, l.plot.y}, c, 4.0f * pen.s);
  }
  pen.close();
}

void draw_marks(Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  for (const LadderMark& m : l.marks) {
    // Notes are the narration's: on paper a diamond without its words would only puzzle.
    if (m.kind == MarkKind::Note) continue;
    const Rgba c = mark_rgba(p, m.kind);
    pen.circle(m.anchor, (m.label.shown ? 3.5f : 2.5f) * pen.s, c.alpha(m.label.shown ? 230 : 150));
    if (!m.label.shown) continue;
    // A hair from the lane to text that slid down to make room.
    const float ty = m.label.box.y + m.label.box.h / 2;
    if (std::fabs(ty - m.anchor.y) > 3 * pen.s) {
      const float tx = m.label.box.x > m.anchor.x ? m.label.box.x : m.label.box.right();
      pen.line(m.anchor, {tx, ty}, c.alpha(90), 1.0f);
    }
    pen.text(m.label.box.x + 4 * pen.s, m.label.box.y + 1 * pen.s + pen.ascent(pen.label), m.label.text, c, pen.label,
             {}, m.kind == MarkKind::CallFailed ? "mark failed" : "mark", {0, 0, 0, 0}, true);
  }
}

/// The leader from the nearest edge of the callout's box to the ghost it explains (under the labels:
/// it often passes the ghost's own label).
void draw_leader(Pen& pen, const LadderLayout& l) {
  const LadderCallout& co = l.callout;
  if (!co.shown) return;
  const Box& b = co.box;
  const Point edge{std::clamp(co.anchor.x, b.x, b.right()), co.anchor.y < b.y ? b.y : b.bottom()};
  pen.open("callout-leader");
  pen.line(edge, co.anchor, pen.p.dim, 1.5f * pen.s, dashes(4 * pen.s, 3 * pen.s));
  pen.circle(co.anchor, 3 * pen.s, pen.p.dim);
  pen.close();
}

void draw_callout(Pen& pen, const LadderLayout& l) {
  const LadderCallout& co = l.callout;
  if (!co.shown) return;
  const Palette& p = pen.p;
  const Box& b = co.box;
  pen.open("callout");
  pen.rect(b, p.panel.alpha(245), 5 * pen.s, p.dim, 1.5f * pen.s);
  // The lines as the layout wrapped them: the title's 1.25 line heights each, the reason's 1.
  float y = b.y + 4 * pen.s;
  for (const std::string& line : co.title_lines) {
    const auto& font = co.compact ? pen.label : pen.title;
    pen.text(b.x + 8 * pen.s, y + pen.ascent(font), line, p.text, font);
    y += co.compact ? pen.lh : 1.25f * pen.lh;
  }
  y += 2 * pen.s;
  for (const std::string& line : co.reason_lines) {
    pen.text(b.x + 8 * pen.s, y + pen.ascent(pen.label), line, p.dim, pen.label);
    y += pen.lh;
  }
  pen.close();
}

}  // namespace

void draw_ladder(Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  draw_time_column(pen, l);
  draw_gaps(pen, l);
  draw_lanes(pen, l);
  // The marks' text boxes go under the arrows, so a shaft stays whole where it passes a mark.
  pen.open("mark-boxes");
  for (const LadderMark& m : l.marks) {
    if (m.label.shown) pen.rect(m.label.box, pen.label_bg(), 3 * pen.s);
  }
  pen.close();
  for (const LadderBand& b : l.ghost_bands) draw_band(pen, b);
  for (const LadderArrow& g : l.ghosts) draw_ghost(pen, g);
  for (const LadderBand& b : l.bands) draw_band(pen, b);
  for (const LadderArrow& a : l.arrows) draw_arrow(pen, a);
  pen.open("marks");
  draw_marks(pen, l);
  pen.close();
  draw_leader(pen, l);
  pen.open("labels");
  for (const LadderArrow& g : l.ghosts) {
    pen.label_box(g.label, style_rgba(p, g.style).alpha(p.light ? 200 : 190), pen.label_bg(), p.dim.alpha(110), false,
                  "label ghost");
    pen.label_box(g.reason, p.dim, pen.label_bg(), {0, 0, 0, 0}, false, "reason ghost");
  }
  for (const LadderBand& b : l.ghost_bands) {
    pen.label_box(b.label, p.dim, pen.label_bg(), {0, 0, 0, 0}, false, "label ghost");
  }
  for (const LadderBand& b : l.bands) {
    const bool rst = b.style == ArrowStyle::Rst && !b.dropped;
    if (rst) {
      pen.label_box(b.label, {255, 255, 255}, reset_box(p), {0, 0, 0, 0}, true, "label rst");
    } else {
      pen.label_box(b.label, b.dropped ? drop_rgba(p) : style_rgba(p, b.style), pen.label_bg(), {0, 0, 0, 0}, false,
                    "label");
    }
  }
  for (const LadderArrow& a : l.arrows) {
    const Rgba c = style_rgba(p, a.style);
    if (a.style == ArrowStyle::Rst) {
      pen.label_box(a.label, {255, 255, 255}, reset_box(p), {0, 0, 0, 0}, true, "label rst");  // white on red, bold
    } else {
      pen.label_box(a.label, c, pen.label_bg(), {0, 0, 0, 0}, false, "label");
    }
    pen.label_box(a.reason, drop_rgba(p), pen.label_bg(), {0, 0, 0, 0}, false, "reason");
  }
  pen.close();
  draw_callout(pen, l);
  draw_headers(pen, l);
}

}  // namespace tcpsim::viz::svg
