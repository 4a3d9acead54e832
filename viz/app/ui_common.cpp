// Drawing helpers shared by the panels.
#include "app/ui_common.hpp"

#include <algorithm>

#include <cmath>

#include "app/theme.hpp"

namespace tcpsim::viz {

const Palette& palette_of(const AppState& app) { return app.palette ? *app.palette : dark_palette(); }

Rgba host_rgba(const AppState& app, size_t lane) {
  const Palette& p = palette_of(app);
  return p.hosts[lane % p.hosts.size()];
}

Rgba ink_rgba(const Palette& p, render::Ink ink) {
  switch (ink) {
    case render::Ink::Plain:
    case render::Ink::Bold: return p.text;
    case render::Ink::Dim:
    case render::Ink::Lane: return p.dim;
    case render::Ink::Rst: return p.rst;
    case render::Ink::Syn: return p.syn;
    case render::Ink::Fin: return p.fin;
    case render::Ink::Error: return p.error;
    case render::Ink::Warn: return p.timer;
    case render::Ink::Note: return p.note;
    case render::Ink::Good: return p.ok;
  }
  return p.text;
}

Rgba text_on(Rgba bg) {
  // Relative luminance, roughly (sRGB weights): dark text on light colours.
  const int y = (bg.r * 299 + bg.g * 587 + bg.b * 114) / 1000;
  return y > 140 ? Rgba{0, 0, 0} : Rgba{255, 255, 255};
}

void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thickness, float dash, float gap) {
  const float period = std::max(1.0f, dash + gap);
  float walked = 0;  // path length before the current segment
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const ImVec2 a = pts[i], b = pts[i + 1];
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len <= 0) continue;
    // Dashes are [k*period, k*period + dash) along the whole path; draw the parts within this segment.
    for (auto k = static_cast<long>(std::floor(walked / period)); static_cast<float>(k) * period < walked + len; ++k) {
      const float d0 = std::max(static_cast<float>(k) * period, walked) - walked;
      const float d1 = std::min(static_cast<float>(k) * period + dash, walked + len) - walked;
      if (d1 <= d0) continue;
      dl->AddLine(ImVec2(a.x + dx * d0 / len, a.y + dy * d0 / len), ImVec2(a.x + dx * d1 / len, a.y + dy * d1 / len), col,
                  thickness);
    }
    walked += len;
  }
}

void arrow_head(ImDrawList* dl, ImVec2 from, ImVec2 tip, float size, ImU32 col) {
  const float dx = tip.x - from.x, dy = tip.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1e-3f) return;
  const float ux = dx / len, uy = dy / len;
  const ImVec2 base(tip.x - ux * size, tip.y - uy * size);
  const float w = size * 0.5f;
  dl->AddTriangleFilled(tip, ImVec2(base.x - uy * w, base.y + ux * w), ImVec2(base.x + uy * w, base.y - ux * w), col);
}

ImVec2 polyline_point(const std::vector<ImVec2>& pts, float fraction) {
  if (pts.empty()) return ImVec2(0, 0);
  float total = 0;
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    total += std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
  }
  float want = total * fraction;
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const float seg = std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
    if (want <= seg && seg > 0) {
      const float t = want / seg;
      return ImVec2(pts[i].x + (pts[i + 1].x - pts[i].x) * t, pts[i].y + (pts[i + 1].y - pts[i].y) * t);
    }
    want -= seg;
  }
  return pts.back();
}

ImVec2 pill(ImDrawList* dl, ImFont* font, float size, ImVec2 centre, const std::string& text, ImU32 fg, ImU32 bg,
            ImU32 border, float border_w) {
  const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, text.c_str());
  const float px = size * 0.35f, py = size * 0.12f;
  const ImVec2 a(std::round(centre.x - ts.x / 2 - px), std::round(centre.y - ts.y / 2 - py));
  const ImVec2 b(a.x + ts.x + 2 * px, a.y + ts.y + 2 * py);
  dl->AddRectFilled(a, b, bg, size * 0.3f);
  if (border_w > 0) dl->AddRect(a, b, border, size * 0.3f, 0, border_w);
  dl->AddText(font, size, ImVec2(a.x + px, a.y + py), fg, text.c_str());
  return ImVec2(b.x - a.x, b.y - a.y);
}

void spans_text(const Palette& p, const std::vector<Span>& spans, float indent) {
  const float right = ImGui::GetWindowContentRegionMax().x;
  ImGui::PushTextWrapPos(right);
  for (size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    if (i > 0) {
      ImGui::SameLine(0, 0);
      const float w = ImGui::CalcTextSize(s.text.c_str()).x;
      if (ImGui::GetCursorPosX() + w > right && ImGui::GetCursorPosX() > indent + 1) {
        ImGui::NewLine();
        ImGui::SetCursorPosX(indent);
      }
    }
    ImGui::PushStyleColor(ImGuiCol_Text, col4(ink_rgba(p, s.ink)));
    if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(s.text.c_str()).x > right) {
      // Longer than what is left even on a fresh line: wrap inside it, continuing at the indent.
      const float shift = indent - ImGui::GetCursorStartPos().x;
      if (shift > 1) ImGui::Indent(shift);
      ImGui::TextWrapped("%s", s.text.c_str());
      if (shift > 1) ImGui::Unindent(shift);
    } else {
      ImGui::TextUnformatted(s.text.c_str());
    }
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
}

ListKeys list_keys(int* cursor, int n) {
  ListKeys k;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) {
    *cursor = std::min(*cursor + 1, n - 1);
    k.moved = true;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) {
    *cursor = std::max(*cursor - 1, 0);
    k.moved = true;
  }
  *cursor = std::clamp(*cursor, 0, std::max(0, n - 1));
  k.enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
  k.escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
  return k;
}

}  // namespace tcpsim::viz
