// The ladder diagram panel. Layout, culling, folding and hit-testing are model code
// (viz/model/ladder_layout.hpp); this file turns the mouse into camera moves and selections, then
// draws the LadderLayout with ImDrawList inside the canvas's clip rectangle.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <optional>
#include <vector>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "ladder/ladder_layout.hpp"

namespace tcpsim::viz {

namespace {

ImVec2 v(Point p) { return {p.x, p.y}; }



/// A polyline in dashes of `dash` pixels separated by `gap`, measured along its length.
void dashed_polyline(ImDrawList* dl, const ImVec2* pts, int n, ImU32 c, float th, float dash, float gap) {
  float phase = 0;  // distance into the current dash + gap period
  for (int i = 0; i + 1 < n; ++i) {
    const ImVec2 a = pts[i], b = pts[i + 1];
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    float at = 0;
    while (at < len) {
      const bool in_dash = phase < dash;
      const float step = std::min(len - at, in_dash ? dash - phase : dash + gap - phase);
      if (in_dash && len > 0) {
        dl->AddLine({a.x + (b.x - a.x) * at / len, a.y + (b.y - a.y) * at / len},
                    {a.x + (b.x - a.x) * (at + step) / len, a.y + (b.y - a.y) * (at + step) / len}, c, th);
      }
      at += step;
      phase += step;
      if (phase >= dash + gap) phase = 0;
    }
  }
}

/// A straight line in dashes.
void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 c, float th, float dash, float gap) {
  const ImVec2 pts[2] = {a, b};
  dashed_polyline(dl, pts, 2, c, th, dash, gap);
}

/// A quadratic curve in dashes (the ghost's arc).
void dashed_curve(ImDrawList* dl, Point a, Point ctrl, Point b, ImU32 c, float th, float dash, float gap) {
  constexpr int kSteps = 32;
  ImVec2 pts[kSteps + 1];
  for (int k = 0; k <= kSteps; ++k) {
    const float t = static_cast<float>(k) / kSteps, u = 1 - t;
    pts[k] = {u * u * a.x + 2 * u * t * ctrl.x + t * t * b.x, u * u * a.y + 2 * u * t * ctrl.y + t * t * b.y};
  }
  dashed_polyline(dl, pts, kSteps + 1, c, th, dash, gap);
}

/// A triangle with its tip at `tip` pointing along `dir` (normalized); open for ghosts.
void head(ImDrawList* dl, ImVec2 tip, ImVec2 dir, float size, ImU32 c, bool filled, float th) {
  const ImVec2 back{tip.x - dir.x * size, tip.y - dir.y * size};
  const ImVec2 n{-dir.y * size * 0.45f, dir.x * size * 0.45f};
  const ImVec2 l{back.x + n.x, back.y + n.y}, r{back.x - n.x, back.y - n.y};
  if (filled) {
    dl->AddTriangleFilled(tip, l, r, c);
  } else {
    dl->AddTriangle(tip, l, r, c, th);
  }
}

/// The reset's arrowhead, recognisable without colour: a flat bar at the tip and a double head.
void rst_head(ImDrawList* dl, ImVec2 tip, ImVec2 dir, float size, ImU32 c, float th) {
  const ImVec2 n{-dir.y, dir.x};
  dl->AddLine({tip.x + n.x * size * 0.75f, tip.y + n.y * size * 0.75f}, {tip.x - n.x * size * 0.75f, tip.y - n.y * size * 0.75f},
              c, th);
  const ImVec2 t1{tip.x - dir.x * th * 0.8f, tip.y - dir.y * th * 0.8f};
  head(dl, t1, dir, size, c, true, th);
  head(dl, {t1.x - dir.x * size * 0.7f, t1.y - dir.y * size * 0.7f}, dir, size, c, true, th);
}

void cross(ImDrawList* dl, ImVec2 at, float r, ImU32 c, float th) {
  dl->AddLine({at.x - r, at.y - r}, {at.x + r, at.y + r}, c, th);
  dl->AddLine({at.x - r, at.y + r}, {at.x + r, at.y - r}, c, th);
}

ImVec2 direction(Point a, Point b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  return len < 1e-3f ? ImVec2{0, 1} : ImVec2{dx / len, dy / len};
}

/// Per-frame drawing context: the draw list, fonts and the palette's colours.
struct Pen {
  ImDrawList* dl;
  ImFont* font;
  ImFont* title;
  float size;        // font size of labels
  float title_size;  // font size of lane titles
  float s;           // UI scale
  const Palette& p;

  void text(const LadderLabel& l, Rgba fg, Rgba bg, Rgba border = {0, 0, 0, 0}) const {
    if (!l.shown) return;
    // A backdrop in the page's own colour needs no rounded corners (nobody sees them, and a software
    // renderer pays for their vertices); a coloured one (white on red for resets) gets them.
    const Rgba page = label_bg();
    const bool plain = bg.r == page.r && bg.g == page.g && bg.b == page.b;
    dl->AddRectFilled({l.box.x, l.box.y}, {l.box.right(), l.box.bottom()}, col(bg), plain && !border.a ? 0.0f : 3 * s);
    if (border.a) dl->AddRect({l.box.x, l.box.y}, {l.box.right(), l.box.bottom()}, col(border), 3 * s, 0, 1.2f * s);
    dl->AddText(font, size, {l.box.x + 4 * s, l.box.y + 1 * s}, col(fg), l.text.c_str());
  }
  Rgba label_bg() const { return p.background.alpha(p.light ? 235 : 225); }
};

void draw_time_column(const Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  pen.dl->AddLine({l.axis_right, l.plot.y}, {l.axis_right, l.plot.bottom()}, col(p.grid), 1.0f);
  for (const LadderTick& t : l.ticks) {
    const ImVec2 sz = pen.font->CalcTextSizeA(pen.size, FLT_MAX, 0, t.text.c_str());
    pen.dl->AddText(pen.font, pen.size, {l.axis_right - 8 * pen.s - sz.x, t.y - sz.y / 2}, col(p.dim), t.text.c_str());
    pen.dl->AddLine({l.axis_right - 4 * pen.s, t.y}, {l.axis_right, t.y}, col(p.dim), 1.0f);
  }
}

void draw_gaps(const Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  for (const LadderGap& g : l.gaps) {
    pen.dl->AddRectFilled({l.axis_right + 1, g.y0}, {l.plot.right(), g.y1}, col(p.grid.alpha(p.light ? 90 : 70)));
    // A break mark on every lane: two short slanted strokes.
    const float mid = (g.y0 + g.y1) / 2, w = 7 * pen.s, h = 3 * pen.s;
    for (const LadderLane& lane : l.lanes) {
      for (float dy : {-h, h}) {
        pen.dl->AddLine({lane.x - w, mid + dy + h}, {lane.x + w, mid + dy - h}, col(p.dim), 1.5f * pen.s);
      }
    }
    pen.text(g.label, p.dim, pen.label_bg());
  }
}

void draw_lanes(const Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  for (const LadderLane& lane : l.lanes) {
    const Rgba c = lane.colour >= 0 ? p.hosts[static_cast<size_t>(lane.colour) % p.hosts.size()] : p.lane;
    for (const LaneSpan& sp : lane.spans) {
      const ImVec2 a{lane.x, sp.y0}, b{lane.x, sp.y1};
      switch (sp.look) {
        case LaneLook::Solid: pen.dl->AddLine(a, b, col(c.alpha(lane.colour >= 0 ? 200 : 170)), 2.0f * pen.s); break;
        case LaneLook::Gap: dashed_line(pen.dl, a, b, col(c.alpha(150)), 2.0f * pen.s, 2 * pen.s, 4 * pen.s); break;
        case LaneLook::Down: dashed_line(pen.dl, a, b, col(p.error.alpha(200)), 2.0f * pen.s, 5 * pen.s, 4 * pen.s); break;
      }
    }
  }
  if (l.run_bottom > l.plot.y && l.run_bottom < l.plot.bottom()) {
    for (const LadderLane& lane : l.lanes) {
      pen.dl->AddLine({lane.x - 6 * pen.s, l.run_bottom}, {lane.x + 6 * pen.s, l.run_bottom}, col(p.lane), 2.0f * pen.s);
    }
  }
}

void draw_headers(const Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  pen.dl->AddRectFilled({l.area.x, l.area.y}, {l.area.right(), l.plot.y}, col(p.panel));
  pen.dl->AddLine({l.area.x, l.plot.y}, {l.area.right(), l.plot.y}, col(p.grid), 1.0f);
  for (const LadderLane& lane : l.lanes) {
    const Rgba c = lane.colour >= 0 ? p.hosts[static_cast<size_t>(lane.colour) % p.hosts.size()] : p.lane;
    const Box& h = lane.header;
    const ImVec2 ts = pen.title->CalcTextSizeA(pen.title_size, FLT_MAX, 0, lane.title.c_str());
    const std::string detail = lane.down ? lane.detail + " (down)" : lane.detail;
    const ImVec2 ds = pen.font->CalcTextSizeA(pen.size, FLT_MAX, 0, detail.c_str());
    const float cx = h.x + h.w / 2;
    pen.dl->AddText(pen.title, pen.title_size, {cx - ts.x / 2, h.y}, col(lane.colour >= 0 ? c : p.text),
                    lane.title.c_str());
    pen.dl->AddText(pen.font, pen.size, {cx - ds.x / 2, h.y + ts.y}, col(lane.down ? p.error : p.dim), detail.c_str());
    // The lane's colour runs into the plot from a short bar under the header.
    pen.dl->AddLine({lane.x, l.plot.y - 4 * pen.s}, {lane.x, l.plot.y}, col(c), 4.0f * pen.s);
  }
}

void draw_band(const Pen& pen, const LadderBand& b, bool hovered) {
  const Palette& p = pen.p;
  const Rgba c = b.ghost ? style_rgba(p, b.style).alpha(110) : style_rgba(p, b.style);
  std::vector<ImVec2> pts;
  for (const Point& q : b.outline) pts.push_back(v(q));
  if (pts.size() >= 3) {
    // The outline drawn next covers the fill's edge: no anti-aliased fringe needed under it.
    const ImDrawListFlags keep = pen.dl->Flags;
    pen.dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    pen.dl->AddConvexPolyFilled(pts.data(), static_cast<int>(pts.size()), col(c.alpha(b.ghost ? 25 : 55)));
    pen.dl->Flags = keep;
  }
  const float th = (b.style == ArrowStyle::Rst ? 3.0f : 1.5f) * pen.s * (hovered ? 1.6f : 1.0f);
  pen.dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col(c.alpha(b.ghost ? 110 : 200)), ImDrawFlags_Closed, th);
  if (b.dropped && !b.in_flight) {
    cross(pen.dl, v(b.head), 7 * pen.s, col(drop_rgba(p)), 2.5f * pen.s);
  } else if (b.in_flight) {
    pen.dl->AddCircleFilled(v(b.head), 4.5f * pen.s, col(c));
  }
}

void draw_arrow(const Pen& pen, const LadderArrow& a, bool hovered) {
  const Palette& p = pen.p;
  const bool rst = a.style == ArrowStyle::Rst;
  const Rgba c = style_rgba(p, a.style);
  const float th = (rst ? 3.4f : a.style == ArrowStyle::Data ? 2.0f : 1.6f) * pen.s;
  const ImVec2 from = v(a.from), to = v(a.to);
  if (a.selected || hovered) {
    pen.dl->AddLine(from, to, col(a.selected ? p.selection.alpha(p.light ? 110 : 150) : p.selection.alpha(70)),
                    th + 7 * pen.s);
  }
  const ImVec2 dir = direction(a.from, a.full);  // also right for a packet that has just left
  const float hs = (rst ? 12.0f : 10.0f) * pen.s;
  // Stop the shaft under the head so its end stays sharp.
  const bool has_head = !(a.dropped && !a.in_flight);
  const float back = has_head ? std::min(hs * (rst ? 1.2f : 0.8f), std::hypot(to.x - from.x, to.y - from.y)) : 0;
  pen.dl->AddLine(from, {to.x - dir.x * back, to.y - dir.y * back}, col(c), th);
  if (a.dropped && !a.in_flight) {
    cross(pen.dl, to, 7 * pen.s, col(drop_rgba(p)), 2.5f * pen.s);
    return;
  }
  if (rst) {
    rst_head(pen.dl, to, dir, hs, col(c), th);
  } else {
    head(pen.dl, to, dir, hs, col(c), true, th);
  }
  if (a.in_flight) {
    // The packet itself, riding at the tip.
    pen.dl->AddCircleFilled(to, 4.5f * pen.s, col(c));
    pen.dl->AddCircle(to, 4.5f * pen.s, col(p.background), 12, 1.2f * pen.s);
  }
}

void draw_ghost(const Pen& pen, const LadderArrow& g, bool hovered) {
  const Palette& p = pen.p;
  const Rgba c = style_rgba(p, g.style).alpha(hovered ? 240 : (p.light ? 190 : 185));
  const float th = 2.4f * pen.s;
  dashed_curve(pen.dl, g.from, g.control, g.to, col(c), th, 9 * pen.s, 6 * pen.s);
  const bool bent = std::hypot(g.to.x - g.control.x, g.to.y - g.control.y) > 1.0f;
  const ImVec2 dir = bent ? direction(g.control, g.to) : direction(g.from, g.full);
  if (g.dropped && !g.in_flight) {
    cross(pen.dl, v(g.to), 6 * pen.s, col(c), 2.0f * pen.s);
  } else if (g.in_flight) {
    pen.dl->AddCircle(v(g.to), 4.5f * pen.s, col(c), 12, th);
  } else {
    head(pen.dl, v(g.to), dir, 10 * pen.s, col(c), false, th);
  }
}

/// The marks' text boxes go under the arrows, so a shaft stays whole where it passes a mark; the text
/// goes on top (draw_marks). In the page's own colour, they need no rounded corners (see Pen::text).
void draw_mark_boxes(const Pen& pen, const LadderLayout& l) {
  for (const LadderMark& m : l.marks) {
    if (!m.label.shown) continue;
    const Box& b = m.label.box;
    pen.dl->AddRectFilled({b.x, b.y}, {b.right(), b.bottom()}, col(pen.label_bg()));
  }
}

void draw_marks(const Pen& pen, const LadderLayout& l) {
  const Palette& p = pen.p;
  for (const LadderMark& m : l.marks) {
    const Rgba c = mark_rgba(p, m.kind);
    if (m.kind == MarkKind::Note) {
      // A subtle mark in the time column: a small speech-bubble diamond.
      const ImVec2 a = v(m.anchor);
      const float r = 4 * pen.s;
      pen.dl->AddQuadFilled({a.x, a.y - r}, {a.x + r, a.y}, {a.x, a.y + r}, {a.x - r, a.y}, col(c.alpha(200)));
      continue;
    }
    pen.dl->AddCircleFilled(v(m.anchor), (m.label.shown ? 3.5f : 2.5f) * pen.s, col(c.alpha(m.label.shown ? 230 : 150)));
    if (!m.label.shown) continue;
    // A hair from the lane to text that slid down to make room.
    const float ty = m.label.box.y + m.label.box.h / 2;
    if (std::fabs(ty - m.anchor.y) > 3 * pen.s) {
      const float tx = m.label.box.x > m.anchor.x ? m.label.box.x : m.label.box.right();
      pen.dl->AddLine(v(m.anchor), {tx, ty}, col(c.alpha(90)), 1.0f);
    }
    pen.dl->AddText(pen.font, pen.size, {m.label.box.x + 4 * pen.s, m.label.box.y + 1 * pen.s}, col(c),
                    m.label.text.c_str());
  }
}

void draw_now(const Pen& pen, const LadderLayout& l) {
  if (!l.now_visible) return;
  const Palette& p = pen.p;
  pen.dl->AddLine({l.axis_right, l.now_y}, {l.plot.right(), l.now_y}, col(p.now_line), 1.5f * pen.s);
  const ImVec2 sz = pen.font->CalcTextSizeA(pen.size, FLT_MAX, 0, l.now_text.c_str());
  const ImVec2 at{l.axis_right - 8 * pen.s - sz.x, l.now_y - sz.y / 2};
  pen.dl->AddRectFilled({at.x - 3 * pen.s, at.y - 1}, {l.axis_right, at.y + sz.y + 1}, col(p.now_line), 3 * pen.s);
  pen.dl->AddText(pen.font, pen.size, at, col(p.light ? Rgba{255, 255, 255} : Rgba{0, 0, 0}), l.now_text.c_str());
}

void draw_callout(const Pen& pen, const LadderLayout& l) {
  const LadderCallout& co = l.callout;
  if (!co.shown) return;
  const Palette& p = pen.p;
  const Box& b = co.box;
  // The leader from the nearest edge of the box to the ghost it explains.
  const ImVec2 edge{std::clamp(co.anchor.x, b.x, b.right()), co.anchor.y < b.y ? b.y : b.bottom()};
  dashed_line(pen.dl, edge, v(co.anchor), col(p.dim), 1.5f * pen.s, 4 * pen.s, 3 * pen.s);
  pen.dl->AddCircleFilled(v(co.anchor), 3 * pen.s, col(p.dim));
  pen.dl->AddRectFilled({b.x, b.y}, {b.right(), b.bottom()}, col(p.panel.alpha(245)), 5 * pen.s);
  pen.dl->AddRect({b.x, b.y}, {b.right(), b.bottom()}, col(p.dim), 5 * pen.s, 0, 1.5f * pen.s);
  // Line heights as the layout counted them: the title's 1.25 lines, the reason's 1.
  float y = b.y + 4 * pen.s;
  for (const std::string& line : co.title_lines) {
    pen.dl->AddText(co.compact ? pen.font : pen.title, co.compact ? pen.size : pen.title_size, {b.x + 8 * pen.s, y},
                    col(p.text), line.c_str());
    y += co.compact ? pen.size : pen.size * 1.25f;
  }
  y += 2 * pen.s;
  for (const std::string& line : co.reason_lines) {
    pen.dl->AddText(pen.font, pen.size, {b.x + 8 * pen.s, y}, col(p.dim), line.c_str());
    y += pen.size;
  }
}

void draw_layout(const Pen& pen, const LadderLayout& l, const LadderHit& hover) {
  const Palette& p = pen.p;
  using K = LadderHit::Kind;
  pen.dl->AddRectFilled({l.area.x, l.plot.y}, {l.area.right(), l.plot.bottom()}, col(p.background));
  draw_time_column(pen, l);
  draw_gaps(pen, l);
  draw_lanes(pen, l);
  draw_now(pen, l);
  draw_mark_boxes(pen, l);
  for (size_t i = 0; i < l.ghost_bands.size(); ++i) draw_band(pen, l.ghost_bands[i], hover.kind == K::GhostBand && hover.item == i);
  for (size_t i = 0; i < l.ghosts.size(); ++i) draw_ghost(pen, l.ghosts[i], hover.kind == K::Ghost && hover.item == i);
  for (size_t i = 0; i < l.bands.size(); ++i) draw_band(pen, l.bands[i], hover.kind == K::Band && hover.item == i);
  for (size_t i = 0; i < l.arrows.size(); ++i) draw_arrow(pen, l.arrows[i], hover.kind == K::Arrow && hover.item == i);
  draw_marks(pen, l);
  for (const LadderArrow& g : l.ghosts) {
    pen.text(g.label, style_rgba(p, g.style).alpha(p.light ? 200 : 190), pen.label_bg(), p.dim.alpha(110));
    pen.text(g.reason, p.dim, pen.label_bg());
  }
  for (const LadderBand& b : l.ghost_bands) pen.text(b.label, p.dim, pen.label_bg());
  for (const LadderBand& b : l.bands) pen.text(b.label, b.dropped ? drop_rgba(p) : style_rgba(p, b.style), pen.label_bg());
  for (const LadderArrow& a : l.arrows) {
    const Rgba c = style_rgba(p, a.style);
    if (a.style == ArrowStyle::Rst) {
      pen.text(a.label, {255, 255, 255}, c);  // resets stand out: white on red
    } else {
      pen.text(a.label, c, pen.label_bg());
    }
    pen.text(a.reason, drop_rgba(p), pen.label_bg());
  }
  draw_callout(pen, l);
}

/// The text has errors: the last good run stays, dimmed, with the errors over it (a typo in front of
/// a class never blanks the screen).
void draw_stale(const AppState& app, ImDrawList* dl, ImVec2 origin, ImVec2 size, ImFont* font) {
  const Palette& p = *app.palette;
  dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), col(p.background.alpha(150)));
  std::string text = "The scenario has errors; this is its last good run.";
  const std::vector<Diagnostic>& errors = app.session.errors();
  for (size_t i = 0; i < errors.size() && i < 4; ++i) {
    text += "\n" + (errors[i].line ? "line " + std::to_string(errors[i].line) + ": " : std::string()) + errors[i].message;
  }
  if (errors.size() > 4) text += "\n... " + std::to_string(errors.size() - 4) + " more in the editor";
  const float pad = 10 * app.scale;
  const float wrap = size.x - 4 * pad;
  const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text.c_str());
  const ImVec2 a(origin.x + pad, origin.y + size.y - ts.y - 3 * pad);
  const ImVec2 b(a.x + ts.x + 2 * pad, a.y + ts.y + 2 * pad);
  dl->AddRectFilled(a, b, col(p.panel), 4 * app.scale);
  dl->AddRect(a, b, col(p.error), 4 * app.scale, 0, 2 * app.scale);
  dl->AddText(font, font->FontSize, ImVec2(a.x + pad, a.y + pad), col(p.error), text.c_str(), nullptr, wrap);
}

/// The first difference between the run on screen and the run beside, across the plot at its time.
void draw_difference(const Pen& pen, const LadderLayout& l, const Run& run, const LadderCamera& cam, Time at,
                     const std::string& label) {
  const float y = l.plot.y + static_cast<float>(cam.y(run.clock.story(at)));
  if (y < l.plot.y || y > l.plot.bottom()) return;
  const Rgba c = pen.p.error;
  dashed_line(pen.dl, {l.plot.x, y}, {l.plot.right(), y}, col(c), 2.5f * pen.s, 9 * pen.s, 5 * pen.s);
  const char* text = label.c_str();
  const ImVec2 sz = pen.font->CalcTextSizeA(pen.size, FLT_MAX, 0, text);
  const ImVec2 a{l.plot.right() - sz.x - 14 * pen.s, y - sz.y - 6 * pen.s};
  pen.dl->AddRectFilled({a.x - 4 * pen.s, a.y - 1}, {a.x + sz.x + 4 * pen.s, a.y + sz.y + 1}, col(c), 3 * pen.s);
  pen.dl->AddText(pen.font, pen.size, a, col(Rgba{255, 255, 255}), text);
}

/// One ladder canvas: the run on screen (`primary`: clicks select and open what-ifs; the ghost) or a
/// run beside it (hover only).
struct Pane {
  const Run* run = nullptr;
  const Moment* moment = nullptr;
  LadderCamera* cam = nullptr;
  bool primary = true;
  const char* id = "##ladder_canvas";
  std::optional<Time> mark;  ///< The first difference with the run beside, marked at its time.
};

void draw_pane(AppState& app, const Pane& pane, ImVec2 origin, ImVec2 size) {
  const Run* run = pane.run;
  ImGui::SetCursorScreenPos(origin);
  const bool released = ImGui::InvisibleButton(pane.id, size,
                                                ImGuiButtonFlags_MouseButtonLeft |      // click selects, drag pans
                                                    ImGuiButtonFlags_MouseButtonRight |  // drag pans
                                                    ImGuiButtonFlags_MouseButtonMiddle);  // drag pans
  ImGui::SetItemAllowOverlap();  // the fit/follow buttons sit on top
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();

  ImFont* font = app.fonts.ui ? app.fonts.ui : ImGui::GetFont();
  ImFont* title_font = app.fonts.large ? app.fonts.large : font;
  LadderInput in;
  in.run = run;
  in.index = &app.ladder_index.of(*run);
  in.moment = pane.moment;
  in.absolute = app.view.absolute;
  in.selected = pane.primary ? app.selected : -1;
  in.area = {origin.x, origin.y, size.x, size.y};
  in.metrics.scale = app.scale;
  in.metrics.line_height = font->FontSize;
  in.metrics.text_width = [font](std::string_view t) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
  };
  in.metrics.title_width = [title_font](std::string_view t) {
    return title_font->CalcTextSizeA(title_font->FontSize, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
  };
  const Run* other = app.other_run();
  if (pane.primary && !app.beside.beside.on() && app.view.ghost && other && app.ghost) {
    in.ghost = true;
    in.other = other;
    in.other_index = &app.ladder_index.of(*other);
    in.other_moment = &*app.ghost;
    in.divergence = &app.ghost_divergence();
    in.headline = app.ghost_headline();
    in.viewing_twin = app.viewing == RunKind::Twin;
    in.other_name = app.ghost_name();
    if (const Branch* b = app.ghost_branch()) {
      in.ghost_label = b->name;  // "original: RST+ACK seq=1 ack=19"
      in.explain_ghost = true;
    }
  }
  const Box plot = ladder_plot(in.area, in.metrics);

  // The camera: fit on request, the user's zoom and pan, then following the playback.
  LadderCamera& cam = *pane.cam;
  ImGuiIO& io = ImGui::GetIO();
  if (cam.fit_pending) {
    const double readable = readable_zoom(plot.h, app.scale);
    fit_camera(cam, *run, plot.h, ladder_reserve(in.metrics), cam.fit_readable ? readable : 0.0);
    cam.fit_pending = false;
    cam.fit_readable = false;  // from now on "Fit" shows the whole run
    cam.follow = true;
  }
  if (hovered && io.MouseWheel != 0) {
    cam.zoom_at(std::pow(1.25, static_cast<double>(io.MouseWheel)), cam.story_at(io.MousePos.y - plot.y));
    cam.follow = false;
  }
  bool dragging = false;
  for (int button = 0; button < 3; ++button) {
    if (active && ImGui::IsMouseDragging(button, 4.0f)) {
      cam.top -= static_cast<double>(io.MouseDelta.y) / cam.pixels_per_story;
      cam.follow = false;
      dragging = true;
    }
  }
  if (app.playback.playing() && !cam.was_playing) cam.follow = true;  // pressing play follows again
  cam.was_playing = app.playback.playing();
  const double now_story = run->clock.story(pane.moment->now);
  if (cam.follow) follow_now(cam, now_story, run->clock.end(), plot.h, ladder_reserve(in.metrics));
  clamp_camera(cam, run->clock.end(), plot.h);
  in.camera = cam;

  LadderLayout layout;
  layout_ladder(in, layout);
  if (pane.primary) {
    for (const LadderLane& lane : layout.lanes) {
      // A quiet point of each lane, near the bottom of the plot (--input's lane:NAME).
      app.hotspots.push_back({"lane:" + run->trace.nodes[lane.node].name, Rect{lane.x, plot.bottom() - 14 * app.scale, 0, 0}});
    }
  }

  // Hover, tooltip and click.
  LadderHit hit;
  if (hovered && !dragging) hit = hit_test(layout, io.MousePos.x, io.MousePos.y, 6.0f * app.scale);
  if (pane.primary && released && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    // A click (not the end of a drag) selects what is under it, or nothing.
    const ImVec2 d = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f);
    if (d.x * d.x + d.y * d.y < 16.0f) app.selected = hit.segment;
  }
  if (pane.primary && hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Right)) {
    // A right-click (not the end of a drag) acts on what is under it: the what-if menu.
    const ImVec2 d = ImGui::GetMouseDragDelta(ImGuiMouseButton_Right, 0.0f);
    if (d.x * d.x + d.y * d.y < 16.0f) {
      if (const std::optional<ActTarget> t = ladder_target(*run, layout, hit, io.MousePos.x, io.MousePos.y)) {
        app.act.target = *t;
        app.act.open_context = true;
      }
    }
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  const Pen pen{dl, font, title_font, font->FontSize, title_font->FontSize, app.scale, *app.palette};
  draw_layout(pen, layout, hit);
  if (pane.mark) draw_difference(pen, layout, *run, cam, *pane.mark, app.beside.beside.verdict().mark_label);
  draw_headers(pen, layout);
  if (pane.primary && app.session.stale()) draw_stale(app, dl, origin, size, font);
  dl->PopClipRect();

  // Fit and follow, stacked in the corner above the time column.
  ImGui::PushID(pane.id);
  ImGui::SetCursorScreenPos(ImVec2(origin.x + 6 * app.scale, origin.y + 4 * app.scale));
  if (ImGui::SmallButton("Fit")) cam.fit_pending = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the whole run (F)");
  ImGui::SetCursorScreenPos(ImVec2(origin.x + 6 * app.scale, ImGui::GetCursorScreenPos().y + 2 * app.scale));
  const bool following = cam.follow;
  if (following) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  if (ImGui::SmallButton("Follow")) cam.follow = !cam.follow;
  if (following) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Scroll along with the playback: %s (on again when you press play)", following ? "on" : "off");
  }
  ImGui::PopID();

  if (hit.kind != LadderHit::Kind::None && !ImGui::IsAnyItemActive()) {
    const std::string tip = hit_tooltip(in, layout, hit);
    if (!tip.empty()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
      ImGui::TextUnformatted(tip.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
}

}  // namespace

void ShowLadder(AppState& app, const Rect& where) {
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  const BesideUi& b = app.beside;
  const char* title = b.beside.on() ? "Ladder: the simulated run and a recorded one, side by side###ladder"
                      : app.viewing == RunKind::Twin ? "Ladder: graceful twin###ladder"
                      : (app.session.twin() ? "Ladder: fault run###ladder" : "Ladder###ladder");
  ImGui::Begin(title, nullptr,
               ImGuiWindowFlags_NoMove |              // the app lays panels out
                   ImGuiWindowFlags_NoResize |        // likewise
                   ImGuiWindowFlags_NoCollapse |      // the ladder is the main view
                   ImGuiWindowFlags_NoScrollbar |     // the camera scrolls, not the window
                   ImGuiWindowFlags_NoScrollWithMouse |  // the wheel zooms
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  ImGui::PopStyleVar();
  const Run* run = app.run();
  if (!run || !app.palette) {
    ImGui::SetCursorPos(ImVec2(12 * app.scale, ImGui::GetCursorPosY() + 8 * app.scale));
    ImGui::TextDisabled("Nothing to draw: the scenario has errors (see the editor).");
    ImGui::End();
    return;
  }
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size{std::max(ImGui::GetContentRegionAvail().x, 50.0f), std::max(ImGui::GetContentRegionAvail().y, 50.0f)};
  if (!b.beside.on() || !b.moment) {
    draw_pane(app, Pane{run, &app.moment, &app.camera, true, "##ladder_canvas", std::nullopt}, origin, size);
    ImGui::End();
    return;
  }
  // Side by side: the verdict and both titles above, the run on screen left, the run beside right.
  const float head = ShowBesideHeader(app, origin.x, origin.y, size.x);
  origin.y += head;
  size.y = std::max(size.y - head, 50.0f);
  const float gap = 6 * app.scale;
  const ImVec2 half{(size.x - gap) / 2, size.y};
  const std::optional<Time> mark = b.beside.verdict().mark;
  draw_pane(app, Pane{run, &app.moment, &app.camera, true, "##ladder_canvas", mark}, origin, half);
  // The run beside moves with the one on screen: the same pixels per simulated second, and the
  // playback's time on the same row, so one moment is level across both ladders.
  const Run& other = *b.beside.run();
  LadderCamera& bc = app.beside.camera;
  const LadderCamera& cam = app.camera;
  bc.pixels_per_story = std::clamp(cam.pixels_per_story * run->clock.scale() / std::max(other.clock.scale(), 1e-12),
                                   LadderCamera::kMinZoom, LadderCamera::kMaxZoom);
  bc.top = other.clock.story(app.moment.now) - cam.y(run->clock.story(app.moment.now)) / bc.pixels_per_story;
  bc.follow = bc.fit_pending = false;
  draw_pane(app, Pane{b.beside.run(), &*b.moment, &app.beside.camera, false, "##beside_canvas", mark},
            ImVec2(origin.x + half.x + gap, origin.y), half);
  ImGui::End();
}

}  // namespace tcpsim::viz
