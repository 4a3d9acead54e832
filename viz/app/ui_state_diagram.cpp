// RFC 9293 Figure 5, drawn to fit the panel: each endpoint's state filled in its host's colour, the
// transition just taken glowing for a moment with its cause, and transitions the figure does not
// draw (resets, aborts, crashes) as red dashed arrows.
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"
#include "model/state_diagram.hpp"

namespace tcpsim::viz {

namespace {

/// Unit square → pixels for this frame.
struct Canvas {
  ImVec2 origin;
  ImVec2 size;
  ImVec2 at(UnitPoint p) const { return ImVec2(origin.x + p.x * size.x, origin.y + p.y * size.y); }
  std::vector<ImVec2> path(const std::vector<UnitPoint>& pts) const {
    std::vector<ImVec2> out;
    out.reserve(pts.size());
    for (const UnitPoint& p : pts) out.push_back(at(p));
    return out;
  }
};

/// Sizes of this frame's drawing, from the panel size.
struct Metrics {
  float name_font = 12;   ///< State names.
  float label_font = 10;  ///< Arrow labels.
  bool labels = true;     ///< Room for the figure's arrow labels.
  float line = 1;         ///< Arrow thickness.
  float head = 7;         ///< Arrowhead length.
};

/// Font sizes from the box size: a state name fills its box's height or width, whichever is tighter.
Metrics metrics_for(const AppState& app, const Canvas& c) {
  const FigureLayout& f = figure5();
  Metrics m;
  const float box_w = 2 * f.half_w * c.size.x, box_h = 2 * f.half_h * c.size.y;
  ImFont* bold = app.fonts.large ? app.fonts.large : ImGui::GetFont();
  const float widest = bold->CalcTextSizeA(1.0f, 1e9f, 0, "SYN-RECEIVED").x;
  m.name_font = std::clamp(std::min(box_h * 0.66f, box_w * 0.9f / widest), 7.0f, 40.0f);
  m.label_font = std::min(m.name_font * 0.8f, ImGui::GetFontSize());
  m.labels = m.label_font >= 8.5f;
  m.line = std::max(1.0f, app.scale);
  m.head = std::max(6.0f, m.label_font * 0.6f);
  return m;
}

/// An arrow along `pts`, solid or dashed, with its head at the last point.
void draw_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 colour, float thickness, bool dashed,
                   float head) {
  if (pts.size() < 2) return;
  if (dashed) {
    dashed_polyline(dl, pts, colour, thickness, thickness * 5 + 3, thickness * 3 + 2);
  } else {
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), colour, ImDrawFlags_None, thickness);
  }
  arrow_head(dl, pts[pts.size() - 2], pts.back(), head, colour);
}

/// A Figure 5 label: the event, a short rule, what TCP sends (as the RFC writes them).
void draw_label(ImDrawList* dl, const Canvas& c, const EdgeLabel& l, float size, ImU32 colour) {
  ImFont* font = ImGui::GetFont();
  const ImVec2 a = c.at(l.at);
  const ImVec2 t1 = font->CalcTextSizeA(size, 1e9f, 0, l.trigger.data(), l.trigger.data() + l.trigger.size());
  const ImVec2 t2 = l.action.empty() ? ImVec2(0, 0)
                                     : font->CalcTextSizeA(size, 1e9f, 0, l.action.data(), l.action.data() + l.action.size());
  const float w = std::max(t1.x, t2.x);
  const float gap = std::max(2.0f, size * 0.25f);
  const float h = t1.y + (l.action.empty() ? 0 : gap + t2.y);
  float left = a.x - w / 2, top = a.y - h / 2;
  switch (l.anchor) {
    case LabelAnchor::Left: left = a.x; break;
    case LabelAnchor::Right: left = a.x - w; break;
    case LabelAnchor::Centre: break;
    case LabelAnchor::Straddle: top = a.y - t1.y - gap / 2 - 1; break;
  }
  left = std::round(left);
  top = std::round(top);
  dl->AddText(font, size, ImVec2(left + (w - t1.x) / 2, top), colour, l.trigger.data(), l.trigger.data() + l.trigger.size());
  if (l.action.empty()) return;
  const float rule_y = std::round(top + t1.y + gap / 2);
  if (l.anchor != LabelAnchor::Straddle) dl->AddLine(ImVec2(left, rule_y), ImVec2(left + w, rule_y), colour, 1.0f);
  dl->AddText(font, size, ImVec2(left + (w - t2.x) / 2, top + t1.y + gap), colour, l.action.data(),
              l.action.data() + l.action.size());
}

/// The figure's arrows and labels, faint.
void draw_figure(ImDrawList* dl, const AppState& app, const Canvas& c, const Metrics& m) {
  const Palette& p = palette_of(app);
  const ImU32 arrow = col(p.lane.alpha(p.light ? 200 : 170));
  const ImU32 text = col(p.dim);
  for (const DiagramEdge& e : figure5().edges) {
    draw_polyline(dl, c.path(e.path), arrow, m.line, false, m.head);
    if (m.labels) draw_label(dl, c, e.label, m.label_font, text);
  }
}

/// Each endpoint's latest transition: glowing while fresh; red dashed when Figure 5 has no arrow for it.
void draw_transitions(ImDrawList* dl, const AppState& app, const Canvas& c, const Metrics& m, const DiagramView& v) {
  const Palette& p = palette_of(app);
  for (const DiagramEndpoint& e : v.endpoints) {
    if (!e.has_last) continue;
    const DiagramTransition& t = e.last;
    const bool own = t.kind != EdgeKind::Figure;
    if (!own && t.glow <= 0) continue;
    const Rgba base = t.kind == EdgeKind::Abnormal ? p.rst : host_rgba(app, e.info.lane);
    const std::vector<ImVec2> pts = c.path(t.path);
    if (t.glow > 0) {
      // A halo that fades over kGlowStory of story time.
      for (int k = 3; k >= 1; --k) {
        const auto a = static_cast<uint8_t>(std::clamp(t.glow * 70.0f / static_cast<float>(k), 0.0f, 255.0f));
        const float w = m.line * (2.0f + 3.0f * static_cast<float>(k));
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col(base.alpha(a)), ImDrawFlags_None, w);
      }
    }
    const auto alpha = static_cast<uint8_t>(own ? 255 : std::clamp(80.0f + 175.0f * t.glow, 0.0f, 255.0f));
    draw_polyline(dl, pts, col(base.alpha(alpha)), m.line * (own ? 2.2f : 2.8f), own, m.head * 1.3f);
  }
}

/// Which endpoints are in box `b`.
std::vector<const DiagramEndpoint*> in_box(const DiagramView& v, DiagramBox b) {
  std::vector<const DiagramEndpoint*> out;
  for (const DiagramEndpoint& e : v.endpoints) {
    if (e.box == b) out.push_back(&e);
  }
  return out;
}

/// Short name on a tag: the host, and the connection when the host has several endpoints on screen.
std::string tag_text(const DiagramView& v, const DiagramEndpoint& e) {
  int same_host = 0;
  for (const DiagramEndpoint& o : v.endpoints) same_host += o.info.node == e.info.node;
  if (same_host <= 1) return e.info.host;
  return e.info.listener ? e.info.host + " :" + std::to_string(e.info.port) : e.info.host + " #" + std::to_string(e.info.conn);
}

/// The boxes, the highlighted ones filled in their endpoints' colours, with name tags beside them.
/// The states' boxes: with `occupied_only`, only those an endpoint is in (the others are in the cached
/// image, drawn there as if empty).
void draw_boxes(ImDrawList* dl, const AppState& app, const Canvas& c, const Metrics& m, const DiagramView& v,
                bool occupied_only = false) {
  const Palette& p = palette_of(app);
  const FigureLayout& f = figure5();
  ImFont* bold = app.fonts.large ? app.fonts.large : ImGui::GetFont();
  const float hw = f.half_w * c.size.x, hh = f.half_h * c.size.y;
  const float round = std::min(hh * 0.35f, 6.0f * app.scale);
  for (const BoxShape& b : f.boxes) {
    const ImVec2 ctr = c.at(b.centre);
    const ImVec2 a(std::round(ctr.x - hw), std::round(ctr.y - hh)), z(std::round(ctr.x + hw), std::round(ctr.y + hh));
    const std::vector<const DiagramEndpoint*> here = in_box(v, b.box);
    if (occupied_only && here.empty()) continue;
    Rgba text = p.text;
    if (here.empty()) {
      dl->AddRectFilled(a, z, col(p.background), round);
      dl->AddRect(a, z, col(p.lane), round, 0, m.line);
    } else {
      // One vertical stripe per endpoint, in its host's colour.
      const float w = (z.x - a.x) / static_cast<float>(here.size());
      for (size_t i = 0; i < here.size(); ++i) {
        const ImVec2 s0(a.x + w * static_cast<float>(i), a.y), s1(a.x + w * static_cast<float>(i + 1), z.y);
        ImDrawFlags corners = ImDrawFlags_RoundCornersNone;
        if (here.size() == 1) corners = ImDrawFlags_RoundCornersAll;
        else if (i == 0) corners = ImDrawFlags_RoundCornersLeft;
        else if (i + 1 == here.size()) corners = ImDrawFlags_RoundCornersRight;
        dl->AddRectFilled(s0, s1, col(host_rgba(app, here[i]->info.lane)), round, corners);
      }
      dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(z.x + 1, z.y + 1), col(p.text), round, 0, 2.0f * m.line);
      text = text_on(host_rgba(app, here[0]->info.lane));
    }
    const ImVec2 ts = bold->CalcTextSizeA(m.name_font, 1e9f, 0, b.name.data(), b.name.data() + b.name.size());
    dl->AddText(bold, m.name_font, ImVec2(std::round(ctr.x - ts.x / 2), std::round(ctr.y - ts.y / 2)), col(text),
                b.name.data(), b.name.data() + b.name.size());
    // Name tags: beside the box, in the gap towards the middle column; on the right column, on the
    // box's top edge (its left side carries the figure's labels).
    const float tag_font = std::max(m.label_font, 9.0f);
    const bool on_top = b.centre.x > 0.6f;
    float x = on_top ? z.x - 4 : z.x + 4;
    const float y = on_top ? a.y : ctr.y;
    for (const DiagramEndpoint* e : here) {
      const std::string name = tag_text(v, *e);
      const float w = ImGui::GetFont()->CalcTextSizeA(tag_font, 1e9f, 0, name.c_str()).x + tag_font * 0.7f;
      const Rgba hc = host_rgba(app, e->info.lane);
      pill(dl, ImGui::GetFont(), tag_font, ImVec2(on_top ? x - w / 2 : x + w / 2, y), name, col(text_on(hc)), col(hc),
           col(p.text), 1.0f);
      x += on_top ? -(w + 3) : w + 3;
    }
  }
}

/// Whether two rectangles (min, max) overlap.
bool overlaps(ImVec2 a0, ImVec2 a1, ImVec2 b0, ImVec2 b1) { return a0.x < b1.x && b0.x < a1.x && a0.y < b1.y && b0.y < a1.y; }

/// The cause of each fresh or abnormal transition, on its arrow, where it covers no box and no
/// other cause.
void draw_causes(ImDrawList* dl, const AppState& app, const Canvas& c, const Metrics& m, const DiagramView& v) {
  const Palette& p = palette_of(app);
  const FigureLayout& f = figure5();
  ImFont* font = ImGui::GetFont();
  const float size = std::max(m.label_font * 1.15f, 10.0f);
  std::vector<std::pair<ImVec2, ImVec2>> taken;
  for (const BoxShape& b : f.boxes) {
    const ImVec2 ctr = c.at(b.centre);
    taken.push_back({ImVec2(ctr.x - f.half_w * c.size.x, ctr.y - f.half_h * c.size.y),
                     ImVec2(ctr.x + f.half_w * c.size.x, ctr.y + f.half_h * c.size.y)});
  }
  for (const DiagramEndpoint& e : v.endpoints) {
    if (!e.has_last) continue;
    const DiagramTransition& t = e.last;
    const bool abnormal = t.kind == EdgeKind::Abnormal;
    if (t.cause.empty() || (t.glow <= 0 && !abnormal)) continue;
    const std::vector<ImVec2> pts = c.path(t.path);
    const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, t.cause.c_str());
    const ImVec2 half(ts.x / 2 + size * 0.4f, ts.y / 2 + size * 0.15f);
    // The first place along the arrow that hides nothing; else the least bad (the middle).
    ImVec2 at = polyline_point(pts, 0.5f);
    for (float frac : {0.5f, 0.4f, 0.6f, 0.3f, 0.7f, 0.22f, 0.78f}) {
      const ImVec2 q = polyline_point(pts, frac);
      const ImVec2 q0(q.x - half.x, q.y - half.y), q1(q.x + half.x, q.y + half.y);
      bool clear = true;
      for (const auto& r : taken) clear = clear && !overlaps(q0, q1, r.first, r.second);
      if (clear) {
        at = q;
        break;
      }
    }
    taken.push_back({ImVec2(at.x - half.x, at.y - half.y), ImVec2(at.x + half.x, at.y + half.y)});
    const float a = abnormal ? std::max(0.85f, t.glow) : t.glow;
    const Rgba edge = abnormal ? p.rst : host_rgba(app, e.info.lane);
    pill(dl, font, size, at, t.cause, col(p.text.alpha(static_cast<uint8_t>(255 * a))),
         col(p.panel.alpha(static_cast<uint8_t>(235 * a))), col(edge.alpha(static_cast<uint8_t>(255 * a))),
         2.0f * m.line);
  }
}

/// The header line: what the figure is, and which colour is which endpoint.
void legend(const AppState& app, const DiagramView& v) {
  const Palette& p = palette_of(app);
  const float size = ImGui::GetTextLineHeight() * 0.75f;
  const float right = ImGui::GetWindowContentRegionMax().x;
  const float space = 14 * app.scale;
  float total = 0;
  for (const DiagramEndpoint& e : v.endpoints) total += space + size + 5 + ImGui::CalcTextSize(e.info.label.c_str()).x;
  const char* title = "RFC 9293 Figure 5";
  // The figure's name when it fits on the line with the legend.
  bool first = true;
  if (total + ImGui::CalcTextSize(title).x < right - ImGui::GetCursorPosX() || v.endpoints.empty()) {
    ImGui::TextDisabled("%s", title);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Double-click the figure to enlarge it");
    first = false;
  } else {
    ImGui::Dummy(ImVec2(0, size));
  }
  for (const DiagramEndpoint& e : v.endpoints) {
    const float w = size + 6 + ImGui::CalcTextSize(e.info.label.c_str()).x;
    ImGui::SameLine(0, first ? 0 : space);
    first = false;
    if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float dy = (ImGui::GetTextLineHeight() - size) / 2;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + dy), ImVec2(at.x + size, at.y + dy + size),
                                              col(host_rgba(app, e.info.lane)), 2.0f);
    ImGui::Dummy(ImVec2(size, size));
    ImGui::SameLine(0, 5);
    ImGui::PushStyleColor(ImGuiCol_Text, col4(e.info.gone ? p.dim : p.text));
    ImGui::TextUnformatted(e.info.label.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", e.info.label.c_str(), std::string(state_name(e.info.state)).c_str());
  }
  if (v.endpoints.empty()) {
    ImGui::SameLine(0, 14 * app.scale);
    ImGui::TextDisabled("no connection yet");
  }
}

/// The legend as a column at the right of the figure (when the panel is much wider than tall):
/// who, and the state in bold, fitted to the column.
void side_legend(ImDrawList* dl, const AppState& app, ImVec2 pos, ImVec2 size, const DiagramView& v) {
  const Palette& p = palette_of(app);
  ImFont* font = ImGui::GetFont();
  ImFont* bold = app.fonts.large ? app.fonts.large : font;
  const float pad = 6 * app.scale;
  float widest = font->CalcTextSizeA(1.0f, 1e9f, 0, "RFC 9293 Figure 5").x;
  for (const DiagramEndpoint& e : v.endpoints) {
    widest = std::max(widest, font->CalcTextSizeA(1.0f, 1e9f, 0, e.info.label.c_str()).x + 1.2f);
    widest = std::max(widest, bold->CalcTextSizeA(1.0f, 1e9f, 0, "SYN-RECEIVED").x);
  }
  const float rows = 1.0f + 2.0f * static_cast<float>(v.endpoints.size());
  const float sz = std::clamp(std::min((size.y - pad) / (rows * 1.15f), (size.x - 2 * pad) / widest), 7.0f,
                              ImGui::GetFontSize());
  float y = pos.y + pad * 0.5f;
  const float x = pos.x + pad;
  dl->AddText(font, sz, ImVec2(x, y), col(p.dim), "RFC 9293 Figure 5");
  y += sz * 1.15f;
  for (const DiagramEndpoint& e : v.endpoints) {
    const float sw = sz * 0.7f;
    dl->AddRectFilled(ImVec2(x, y + (sz - sw) / 2), ImVec2(x + sw, y + (sz + sw) / 2), col(host_rgba(app, e.info.lane)),
                      2.0f);
    dl->AddText(font, sz, ImVec2(x + sw + sz * 0.3f, y), col(e.info.gone ? p.dim : p.text), e.info.label.c_str());
    y += sz * 1.15f;
    const std::string state(state_name(e.info.state));
    dl->AddText(bold, sz, ImVec2(x + sw + sz * 0.3f, y), col(e.info.broken ? p.rst : p.text), state.c_str());
    y += sz * 1.15f;
  }
}

/// Hovering a box: the RFC's definition of the state and who is in it.
void box_tooltip(const Canvas& c, const DiagramView& v) {
  const FigureLayout& f = figure5();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (const BoxShape& b : f.boxes) {
    const ImVec2 ctr = c.at(b.centre);
    if (std::fabs(mouse.x - ctr.x) > f.half_w * c.size.x || std::fabs(mouse.y - ctr.y) > f.half_h * c.size.y) continue;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::Text("%s: %s", std::string(b.name).c_str(), std::string(state_meaning(b.state)).c_str());
    for (const DiagramEndpoint* e : in_box(v, b.box)) ImGui::BulletText("%s", e->info.label.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    return;
  }
}

/// The whole figure in `pos`, `size` (the panel, or the enlarged popup).
/// The figure's arrows, labels and empty boxes never change while the panel keeps its size and theme,
/// and they are most of its vertices (a software renderer pays for each one every frame). So they are
/// drawn once into a texture and the panel draws that as one image; the occupied states, their tags
/// and the transitions just taken go on top.
/// The texture and framebuffer live as long as the window: they are not deleted at exit, when the
/// GL context is already gone (the driver frees them with it).
class FigureCache {
 public:
  /// The texture with the figure drawn for this canvas, or 0 (then the caller draws it directly).
  GLuint get(const AppState& app, ImVec2 size, const Canvas& local, const Metrics& m, ImVec4 bg) {
    const int w = static_cast<int>(size.x), h = static_cast<int>(size.y);
    if (failed_ || w <= 0 || h <= 0) return 0;
    const Key key{w, h, app.palette, app.fonts.ui, m.label_font, m.line, m.labels, ImGui::ColorConvertFloat4ToU32(bg)};
    if (tex_ && key == key_) return tex_;
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    if (!tex_) glGenTextures(1, &tex_);
    GLint last_tex = 0, last_fbo = 0, last_viewport[4];
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_tex);
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &last_fbo);
    glGetIntegerv(GL_VIEWPORT, last_viewport);
    glBindTexture(GL_TEXTURE_2D, tex_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
    const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (ok) {
      glViewport(0, 0, w, h);
      glClearColor(bg.x, bg.y, bg.z, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImDrawList dl(ImGui::GetDrawListSharedData());
      dl._ResetForNewFrame();
      dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
      dl.PushClipRect(ImVec2(0, 0), size);
      draw_figure(&dl, app, local, m);
      draw_boxes(&dl, app, local, m, DiagramView{});  // every box as if empty
      ImDrawList* lists[] = {&dl};
      ImDrawData data;
      data.Valid = true;
      data.CmdLists = lists;
      data.CmdListsCount = 1;
      data.TotalVtxCount = dl.VtxBuffer.Size;
      data.TotalIdxCount = dl.IdxBuffer.Size;
      data.DisplayPos = ImVec2(0, 0);
      data.DisplaySize = size;
      data.FramebufferScale = ImVec2(1, 1);
      ImGui_ImplOpenGL3_RenderDrawData(&data);
      // Opaque everywhere, so the image shows exactly these pixels wherever it is drawn.
      glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
      glClear(GL_COLOR_BUFFER_BIT);
      glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(last_fbo));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_tex));
    glViewport(last_viewport[0], last_viewport[1], last_viewport[2], last_viewport[3]);
    if (!ok) {
      failed_ = true;  // no framebuffer objects here: draw the figure every frame instead
      return 0;
    }
    key_ = key;
    return tex_;
  }

 private:
  struct Key {
    int w = 0, h = 0;
    const Palette* palette = nullptr;
    const ImFont* font = nullptr;
    float label_font = 0, line = 0;
    bool labels = false;
    ImU32 background = 0;
    bool operator==(const Key&) const = default;
  };
  GLuint fbo_ = 0, tex_ = 0;
  Key key_;
  bool failed_ = false;
};

/// One cache for the panel, one for the enlarged figure.
FigureCache& figure_cache(bool large) {
  static FigureCache panel, enlarged;
  return large ? enlarged : panel;
}

void draw_diagram(const AppState& app, const DiagramView& v, ImVec2 pos, ImVec2 size, bool large = false) {
  const float pad = 4 * app.scale;
  pos = ImVec2(std::floor(pos.x), std::floor(pos.y));  // whole pixels, so the cached image lands exactly
  size = ImVec2(std::floor(size.x), std::floor(size.y));
  const Canvas c{ImVec2(pos.x + pad, pos.y + pad), ImVec2(size.x - 2 * pad, size.y - 2 * pad)};
  const Metrics m = metrics_for(app, c);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), true);
  const Canvas local{ImVec2(pad, pad), c.size};
  // Drawn on the panel's background, or the enlarged figure's popup background.
  const ImVec4 bg = ImGui::GetStyleColorVec4(large ? ImGuiCol_PopupBg : ImGuiCol_WindowBg);
  const GLuint tex = figure_cache(large).get(app, size, local, m, bg);
  if (tex) {
    // The framebuffer's rows run bottom-up: flip the image.
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), pos,
                 ImVec2(pos.x + size.x, pos.y + size.y), ImVec2(0, 1), ImVec2(1, 0));
  } else {
    draw_figure(dl, app, c, m);
  }
  draw_transitions(dl, app, c, m, v);
  draw_boxes(dl, app, c, m, v, tex != 0);
  draw_causes(dl, app, c, m, v);
  dl->PopClipRect();
  if (ImGui::IsItemHovered()) box_tooltip(c, v);
}

}  // namespace

void ShowStateDiagram(AppState& app, const Rect& where) {
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("TCP states###state_diagram", nullptr,
               ImGuiWindowFlags_NoTitleBar |           // the legend line says what it is
                   ImGuiWindowFlags_NoMove |           // the app lays panels out
                   ImGuiWindowFlags_NoResize |         // likewise
                   ImGuiWindowFlags_NoCollapse |       // always shown
                   ImGuiWindowFlags_NoScrollbar |      // the figure scales to the panel
                   ImGuiWindowFlags_NoScrollWithMouse |  // nothing to scroll
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  const Run* run = app.run();
  if (!run) {
    ImGui::TextDisabled("No run to show: the scenario did not parse (see the editor).");
  } else if (ImGui::GetContentRegionAvail().x > 40 && ImGui::GetContentRegionAvail().y > 60) {
    const DiagramView v = diagram_view(*run, app.moment);
    // A wide, short panel (presentation mode) keeps its height for the figure: legend at the side.
    const ImVec2 full = ImGui::GetContentRegionAvail();
    const bool side = full.x > full.y * 2.6f;
    if (!side) legend(app, v);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##figure5", avail);
    const bool enlarge = ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
    const float legend_w = side ? std::min(avail.x * 0.3f, avail.x - avail.y * 2.0f) : 0.0f;
    draw_diagram(app, v, pos, ImVec2(avail.x - legend_w, avail.y));
    if (side) side_legend(ImGui::GetWindowDrawList(), app, ImVec2(pos.x + avail.x - legend_w, pos.y), ImVec2(legend_w, avail.y), v);
    // The enlarged figure: for the back of the room. It follows playback like the panel does.
    if (enlarge) ImGui::OpenPopup("##figure5_large");
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.6f, vp->Size.y * 1.0f), vp->Size.y * 0.9f));
    ImGui::SetNextWindowBgAlpha(1.0f);  // the figure must not show the panels through it
    if (ImGui::BeginPopup("##figure5_large",
                          ImGuiWindowFlags_NoMove |         // centred on the window
                              ImGuiWindowFlags_NoResize |   // sized to the window
                              ImGuiWindowFlags_NoScrollbar |  // the figure scales to fit
                              ImGuiWindowFlags_NoSavedSettings)) {  // nothing to remember
      ImGui::TextDisabled("RFC 9293 Figure 5 (click outside or press Esc to close)");
      const ImVec2 big = ImGui::GetContentRegionAvail();
      const ImVec2 at = ImGui::GetCursorScreenPos();
      ImGui::InvisibleButton("##figure5_big", big);
      draw_diagram(app, v, at, big, true);
      ImGui::EndPopup();
    }
  }
  ImGui::End();
}

}  // namespace tcpsim::viz
