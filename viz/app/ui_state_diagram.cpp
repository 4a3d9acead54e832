// RFC 9293 Figure 5, drawn as state_diagram_layout.hpp lays it out: each endpoint's state filled in its
// host's colour with its name beside it, the transition just taken glowing (its label lit), and
// transitions the figure does not draw (resets, aborts, crashes) as red dashed arrows with their cause.
// On a projector, when the figure cannot be large enough to read from the back row, the state strip
// takes its place (double-click either for the enlarged figure).
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>  // WebGL2: framebuffer objects are core
#else
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#endif
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"
#include "model/state_diagram_layout.hpp"
#include "model/state_strip.hpp"

namespace tcpsim::viz {

namespace {

/// Text widths with the fonts the panel draws in.
MeasureText measure_of(const AppState& app) {
  ImFont* regular = app.fonts.ui ? app.fonts.ui : ImGui::GetFont();
  ImFont* bold = app.fonts.large ? app.fonts.large : regular;
  return [regular, bold](std::string_view t, float size, bool b) {
    return (b ? bold : regular)->CalcTextSizeA(size, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
  };
}

ImVec2 at(ImVec2 origin, Point p) { return ImVec2(origin.x + p.x, origin.y + p.y); }

std::vector<ImVec2> path_at(ImVec2 origin, const std::vector<Point>& pts) {
  std::vector<ImVec2> out;
  out.reserve(pts.size());
  for (const Point& p : pts) out.push_back(at(origin, p));
  return out;
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

/// A label's lines (and the RFC's rule between trigger and action) in `colour`.
void draw_label(ImDrawList* dl, ImVec2 o, const PlacedLabel& l, float font, ImU32 colour) {
  for (const PlacedText& t : l.lines) dl->AddText(ImGui::GetFont(), font, at(o, {t.box.x, t.box.y}), colour, t.text.c_str());
  if (l.rule) dl->AddLine(at(o, {l.box.x, l.rule_y}), at(o, {l.box.right(), l.rule_y}), colour, 1.0f);
}

/// A state's box: empty, or striped in the colours of the endpoints in it; its name in the middle.
void draw_box(ImDrawList* dl, const AppState& app, ImVec2 o, const FigureScene& s, int i,
              const std::vector<const DiagramEndpoint*>& here) {
  const Palette& p = palette_of(app);
  ImFont* bold = app.fonts.large ? app.fonts.large : ImGui::GetFont();
  const Box& b = s.boxes[static_cast<size_t>(i)];
  const ImVec2 a = at(o, {b.x, b.y}), z = at(o, {b.right(), b.bottom()});
  const float round = std::min(b.h * 0.35f, 6.0f * app.scale);
  Rgba text = p.text;
  if (here.empty()) {
    dl->AddRectFilled(a, z, col(p.background), round);
    dl->AddRect(a, z, col(p.lane), round, 0, s.line);
  } else {
    const float w = (z.x - a.x) / static_cast<float>(here.size());
    for (size_t k = 0; k < here.size(); ++k) {
      ImDrawFlags corners = ImDrawFlags_RoundCornersNone;
      if (here.size() == 1) corners = ImDrawFlags_RoundCornersAll;
      else if (k == 0) corners = ImDrawFlags_RoundCornersLeft;
      else if (k + 1 == here.size()) corners = ImDrawFlags_RoundCornersRight;
      dl->AddRectFilled(ImVec2(a.x + w * static_cast<float>(k), a.y), ImVec2(a.x + w * static_cast<float>(k + 1), z.y),
                        col(host_rgba(app, here[k]->info.lane)), round, corners);
    }
    dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(z.x + 1, z.y + 1), col(p.text), round, 0, 2.0f * s.line);
    text = text_on(host_rgba(app, here[0]->info.lane));
  }
  const std::string_view name = figure5().boxes[static_cast<size_t>(i)].name;
  const ImVec2 ts = bold->CalcTextSizeA(s.name_font, FLT_MAX, 0, name.data(), name.data() + name.size());
  dl->AddText(bold, s.name_font, ImVec2(std::round((a.x + z.x - ts.x) / 2), std::round((a.y + z.y - ts.y) / 2)), col(text),
              name.data(), name.data() + name.size());
}

/// The figure as if no endpoint were in it: faint arrows, dim labels, empty boxes.
void draw_static(ImDrawList* dl, const AppState& app, ImVec2 o, const FigureScene& s) {
  const Palette& p = palette_of(app);
  const ImU32 arrow = col(p.lane.alpha(p.light ? 200 : 170));
  for (const std::vector<Point>& a : s.arrows) draw_polyline(dl, path_at(o, a), arrow, s.line, false, s.head);
  for (const PlacedLabel& l : s.placed) draw_label(dl, o, l, s.label_font, col(p.dim));
  for (int i = 0; i < kDiagramBoxes; ++i) draw_box(dl, app, o, s, i, {});
}

/// Text in a rounded box filling `b` (placed by the model, padding included).
void tag(ImDrawList* dl, ImVec2 o, const Box& b, float font, const std::string& text, ImU32 fg, ImU32 bg, ImU32 edge,
         float edge_w) {
  const ImVec2 a = at(o, {b.x, b.y}), z = at(o, {b.right(), b.bottom()});
  dl->AddRectFilled(a, z, bg, font * 0.3f);
  if (edge_w > 0) dl->AddRect(a, z, edge, font * 0.3f, 0, edge_w);
  const Point pad = tag_padding(font);
  dl->AddText(ImGui::GetFont(), font, ImVec2(a.x + pad.x, a.y + pad.y), fg, text.c_str());
}

/// What changes with the moment: transitions, occupied boxes, lit labels, name tags, causes.
void draw_moment(ImDrawList* dl, const AppState& app, ImVec2 o, const FigureScene& s, const DiagramView& v,
                 const DiagramOverlay& ov, bool static_drawn) {
  const Palette& p = palette_of(app);
  // Fresh transitions along the figure's own arrows glow; routes of their own are dashed.
  auto stroke = [&](const DiagramEndpoint& e, const std::vector<Point>& route, bool own) {
    const DiagramTransition& t = e.last;
    const Rgba base = t.kind == EdgeKind::Abnormal ? p.rst : host_rgba(app, e.info.lane);
    const std::vector<ImVec2> pts = path_at(o, route);
    for (int k = 3; k >= 1 && t.glow > 0; --k) {  // a halo that fades over kGlowStory of story time
      const auto a = static_cast<uint8_t>(std::clamp(t.glow * 70.0f / static_cast<float>(k), 0.0f, 255.0f));
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col(base.alpha(a)), ImDrawFlags_None,
                      s.line * (2.0f + 3.0f * static_cast<float>(k)));
    }
    const auto alpha = static_cast<uint8_t>(own ? 255 : std::clamp(80.0f + 175.0f * t.glow, 0.0f, 255.0f));
    draw_polyline(dl, pts, col(base.alpha(alpha)), s.line * (own ? 2.2f : 2.8f), own, s.head * 1.3f);
  };
  for (const DiagramEndpoint& e : v.endpoints) {
    if (e.has_last && e.last.kind == EdgeKind::Figure && e.last.glow > 0 && e.last.edge >= 0) {
      stroke(e, s.arrows[static_cast<size_t>(e.last.edge)], false);
    }
  }
  for (const OwnTransition& t : ov.transitions) {
    if (v.endpoints[t.endpoint].last.kind != EdgeKind::Figure) stroke(v.endpoints[t.endpoint], t.path, true);
  }
  for (int i = 0; i < kDiagramBoxes; ++i) {
    std::vector<const DiagramEndpoint*> here;
    for (const DiagramEndpoint& e : v.endpoints) {
      if (static_cast<int>(e.box) == i) here.push_back(&e);
    }
    if (!here.empty() || !static_drawn) draw_box(dl, app, o, s, i, here);
  }
  // The label of a figure arrow just taken, lit in the text colour while it glows.
  for (int edge : ov.lit_labels) {
    float glow = 0;
    for (const DiagramEndpoint& e : v.endpoints) {
      if (e.has_last && e.last.edge == edge) glow = std::max(glow, e.last.glow);
    }
    const auto alpha = static_cast<uint8_t>(std::clamp(120 + 135 * glow, 0.0f, 255.0f));
    draw_label(dl, o, s.placed[static_cast<size_t>(edge)], s.label_font, col(p.text.alpha(alpha)));
  }
  for (const NameTag& t : ov.tags) {
    const Rgba hc = host_rgba(app, v.endpoints[t.endpoint].info.lane);
    tag(dl, o, t.box, s.label_font, t.text, col(text_on(hc)), col(hc), col(p.text), 1.0f);
  }
  for (const OwnTransition& t : ov.transitions) {
    if (!t.cause_shown) continue;
    const DiagramTransition& tr = v.endpoints[t.endpoint].last;
    const bool abnormal = tr.kind == EdgeKind::Abnormal;
    const float a = abnormal ? std::max(0.85f, tr.glow) : std::max(0.6f, tr.glow);
    const Rgba edge = abnormal ? p.rst : host_rgba(app, v.endpoints[t.endpoint].info.lane);
    tag(dl, o, t.cause_box, s.label_font, t.cause, col(p.text.alpha(static_cast<uint8_t>(255 * a))),
        col(p.panel.alpha(static_cast<uint8_t>(235 * a))), col(edge.alpha(static_cast<uint8_t>(255 * a))), 1.5f * s.line);
  }
}

/// The figure's arrows, labels and empty boxes never change while the panel keeps its size and theme,
/// and they are most of its vertices (a software renderer pays for each one every frame). So they are
/// drawn once into a texture and the panel draws that as one image; the moment goes on top.
/// The texture and framebuffer live as long as the window: they are not deleted at exit, when the
/// GL context is already gone (the driver frees them with it).
class FigureCache {
 public:
  /// The texture with the figure drawn for `s` (plus `pad` around it), or 0 (then the caller draws it).
  GLuint get(const AppState& app, const FigureScene& s, ImVec2 size, float pad, ImVec4 bg) {
    const int w = static_cast<int>(size.x), h = static_cast<int>(size.y);
    if (failed_ || w <= 0 || h <= 0) return 0;
    const Key key{w, h, app.palette, app.fonts.ui, &s, s.label_font, s.line, ImGui::ColorConvertFloat4ToU32(bg)};
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
      draw_static(&dl, app, ImVec2(pad, pad), s);
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
    const FigureScene* scene = nullptr;
    float label_font = 0, line = 0;
    ImU32 background = 0;
    bool operator==(const Key&) const = default;
  };
  GLuint fbo_ = 0, tex_ = 0;
  Key key_;
  bool failed_ = false;
};

/// A laid-out figure, redone when the canvas, the fonts or the scale change, and what it carries at
/// the moment shown, placed again only when that changes (overlay_key).
struct SceneCache {
  float w = -1, h = -1, font = 0, scale = 0;
  const ImFont* ui = nullptr;
  FigureScene scene;
  std::string key;
  DiagramOverlay overlay;
  /// The figure for a w x h canvas with labels up to `font` pixels.
  FigureScene& get(const AppState& app, float cw, float ch, float max_font) {
    if (cw != w || ch != h || max_font != font || app.scale != scale || app.fonts.ui != ui) {
      w = cw, h = ch, font = max_font, scale = app.scale, ui = app.fonts.ui;
      scene = layout_figure(cw, ch, measure_of(app), max_font, app.scale);
      key.clear();
    }
    return scene;
  }
  /// The overlay of `v` on the figure last returned by get().
  const DiagramOverlay& overlay_of(const AppState& app, const DiagramView& v) {
    std::string k = overlay_key(v);
    if (k != key || k.empty()) {
      overlay = place_overlay(scene, v, measure_of(app));
      key = std::move(k);
    }
    return overlay;
  }
};

/// The state strip laid out, again only when the panel or what it says changes.
struct StripCache {
  float w = -1, h = -1, font = 0;
  std::string key;
  StripLayout layout;
  /// The strip of `v` in a w x h panel.
  const StripLayout& get(const AppState& app, const DiagramView& v, float sw, float sh) {
    std::string k = overlay_key(v);  // names, states, where from and why: all the strip says
    if (sw != w || sh != h || ImGui::GetFontSize() != font || k != key) {
      w = sw, h = sh, font = ImGui::GetFontSize(), key = std::move(k);
      layout = layout_strip(v, sw, sh, measure_of(app), font);
    }
    return layout;
  }
};

}  // namespace

/// The panel's state between frames: the laid-out figures and their images (the panel's, the enlarged one's).
struct DiagramPanel {
  SceneCache panel, enlarged;      ///< Laid-out figures.
  StripCache strip;                ///< The state strip (presentation mode).
  SceneCache probe;                ///< The panel's figure as presentation mode tries it (is it readable?).
  FigureCache panel_image, enlarged_image;  ///< Their static parts, drawn once.
};

namespace {

/// The figure in `pos`, `size` (the panel, or the enlarged popup), labels up to `max_font` pixels.
void draw_figure(AppState& app, const DiagramView& v, ImVec2 pos, ImVec2 size, float max_font, bool large) {
  const float pad = std::round(4 * app.scale);
  pos = ImVec2(std::floor(pos.x), std::floor(pos.y));  // whole pixels, so the cached image lands exactly
  size = ImVec2(std::floor(size.x), std::floor(size.y));
  SceneCache& cache = large ? app.diagram->enlarged : app.diagram->panel;
  FigureScene& s = cache.get(app, size.x - 2 * pad, size.y - 2 * pad, max_font);
  const DiagramOverlay& ov = cache.overlay_of(app, v);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), true);
  // Drawn on the panel's background, or the enlarged figure's popup background.
  const ImVec4 bg = ImGui::GetStyleColorVec4(large ? ImGuiCol_PopupBg : ImGuiCol_WindowBg);
  const GLuint tex = (large ? app.diagram->enlarged_image : app.diagram->panel_image).get(app, s, size, pad, bg);
  const ImVec2 o(pos.x + pad, pos.y + pad);
  if (tex) {
    // The framebuffer's rows run bottom-up: flip the image.
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), pos, ImVec2(pos.x + size.x, pos.y + size.y),
                 ImVec2(0, 1), ImVec2(1, 0));
  } else {
    draw_static(dl, app, o, s);
  }
  draw_moment(dl, app, o, s, v, ov, tex != 0);
  dl->PopClipRect();
  // Hovering a box: the RFC's definition of the state and who is in it.
  if (!ImGui::IsItemHovered()) return;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Right)) {
    // A right-click on a name tag: what if that connection...
    for (const NameTag& t : ov.tags) {
      if (!t.box.contains(mouse.x - o.x, mouse.y - o.y)) continue;
      app.act.target = {ActTarget::Kind::Conn, v.endpoints[t.endpoint].info.conn};
      app.act.open_context = true;
    }
  }
  for (int i = 0; i < kDiagramBoxes; ++i) {
    if (!s.boxes[static_cast<size_t>(i)].contains(mouse.x - o.x, mouse.y - o.y)) continue;
    const BoxShape& b = figure5().boxes[static_cast<size_t>(i)];
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::Text("%s: %s", std::string(b.name).c_str(), std::string(state_meaning(b.state)).c_str());
    for (const DiagramEndpoint& e : v.endpoints) {
      if (static_cast<int>(e.box) == i) ImGui::BulletText("%s", e.info.label.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

/// The header line: what the figure is, and which colour is which endpoint.
void legend(AppState& app, const DiagramView& v) {
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
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float dy = (ImGui::GetTextLineHeight() - size) / 2;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a.x, a.y + dy), ImVec2(a.x + size, a.y + dy + size),
                                              col(host_rgba(app, e.info.lane)), 2.0f);
    ImGui::Dummy(ImVec2(size, size));
    ImGui::SameLine(0, 5);
    ImGui::PushStyleColor(ImGuiCol_Text, col4(e.info.gone ? p.dim : p.text));
    ImGui::TextUnformatted(e.info.label.c_str());
    ImGui::PopStyleColor();
    act_on_right_click(app, e.info.conn, e.info.label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", e.info.label.c_str(), std::string(state_name(e.info.state)).c_str());
  }
  if (v.endpoints.empty()) {
    ImGui::SameLine(0, 14 * app.scale);
    ImGui::TextDisabled("no connection yet");
  }
}

/// The state strip (presentation mode): one card per connection, laid out by layout_strip().
void draw_strip(AppState& app, const DiagramView& v, ImVec2 pos, ImVec2 size) {
  const Palette& p = palette_of(app);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* regular = app.fonts.ui ? app.fonts.ui : ImGui::GetFont();
  ImFont* bold = app.fonts.large ? app.fonts.large : regular;
  if (v.endpoints.empty()) {
    dl->AddText(regular, kBackRowFont * app.scale, pos, col(p.dim), "No connection yet.");
    return;
  }
  const StripLayout& l = app.diagram->strip.get(app, v, size.x, size.y);
  dl->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), true);
  for (const StripCard& c : l.cards) {
    const DiagramEndpoint& e = v.endpoints[c.endpoint];
    const Rgba hc = host_rgba(app, e.info.lane);
    // A transition just taken lights its card in the host's colour for a moment.
    const float glow = e.has_last ? e.last.glow : 0.0f;
    dl->AddRectFilled(at(pos, {c.box.x, c.box.y}), at(pos, {c.box.right(), c.box.bottom()}),
                      col(glow > 0 ? hc.alpha(static_cast<uint8_t>(40 + 60 * glow)) : p.background), 4 * app.scale);
    dl->AddRect(at(pos, {c.box.x, c.box.y}), at(pos, {c.box.right(), c.box.bottom()}), col(p.grid), 4 * app.scale);
    dl->AddRectFilled(at(pos, {c.swatch.x, c.swatch.y}), at(pos, {c.swatch.right(), c.swatch.bottom()}), col(hc), 2.0f);
    const bool abnormal = e.has_last && e.last.kind == EdgeKind::Abnormal;
    for (const StripText& t : c.texts) {
      Rgba ink = p.text;
      if (t.role == StripRole::State && e.info.broken) ink = p.rst;
      if (t.role == StripRole::From) ink = p.dim;
      if (t.role == StripRole::Cause) ink = abnormal ? p.rst : p.dim;
      if (t.role == StripRole::Name && e.info.gone) ink = p.dim;
      dl->AddText(t.bold ? bold : regular, t.font, at(pos, {t.box.x, t.box.y}), col(ink), t.text.c_str());
    }
  }
  dl->PopClipRect();
  if (!ImGui::IsItemHovered()) return;
  ImGui::SetTooltip("Connection states. Double-click for RFC 9293 Figure 5; right-click a card: what if...");
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Right)) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    for (const StripCard& c : l.cards) {
      if (!c.box.contains(m.x - pos.x, m.y - pos.y)) continue;
      app.act.target = {ActTarget::Kind::Conn, v.endpoints[c.endpoint].info.conn};
      app.act.open_context = true;
    }
  }
}

}  // namespace

void ShowStateDiagram(AppState& app, const Rect& where) {
  if (!app.diagram) app.diagram = std::make_shared<DiagramPanel>();
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
    // On a projector the figure must be readable from the back row; when its labels would be smaller
    // than that, the strip says the same per connection, large.
    const ImVec2 full = ImGui::GetContentRegionAvail();
    const float pad = std::round(4 * app.scale);
    const bool strip = app.view.presentation &&
                       !readable_from_back_row(app.diagram->probe.get(
                           app, full.x - 2 * pad, full.y - ImGui::GetFrameHeightWithSpacing() - 2 * pad, ImGui::GetFontSize()));
    if (!strip) legend(app, v);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##figure5", avail);
    const bool enlarge = ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
    if (strip) {
      draw_strip(app, v, pos, avail);
    } else {
      draw_figure(app, v, pos, avail, ImGui::GetFontSize(), false);
    }
    // The enlarged figure: for the back of the room. It follows playback like the panel does.
    if (enlarge) ImGui::OpenPopup("##figure5_large");
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.95f, vp->Size.y * 1.3f), vp->Size.y * 0.92f));
    ImGui::SetNextWindowBgAlpha(1.0f);  // the figure must not show the panels through it
    if (ImGui::BeginPopup("##figure5_large",
                          ImGuiWindowFlags_NoMove |         // centred on the window
                              ImGuiWindowFlags_NoResize |   // sized to the window
                              ImGuiWindowFlags_NoScrollbar |  // the figure scales to fit
                              ImGuiWindowFlags_NoSavedSettings)) {  // nothing to remember
      ImGui::TextDisabled("RFC 9293 Figure 5 (click outside or press Esc to close)");
      const ImVec2 big = ImGui::GetContentRegionAvail();
      const ImVec2 a = ImGui::GetCursorScreenPos();
      ImGui::InvisibleButton("##figure5_big", big);
      draw_figure(app, v, a, big, ImGui::GetFontSize() * 1.25f, true);
      ImGui::EndPopup();
    }
  }
  ImGui::End();
}

}  // namespace tcpsim::viz
