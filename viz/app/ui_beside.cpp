// A recorded run beside the run on screen (issue 13): the verdict and the two titles over the side by
// side ladders, the File menu's path box, and AppState::open_beside(). What is compared, and how, is
// viz/model/beside (which asks sim/trace/run_compare); this file only draws and opens.
#include <imgui.h>

#include <algorithm>
#include <cfloat>

#include <imgui_stdlib.h>  // after imgui.h, which it needs

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"

namespace tcpsim::viz {

bool AppState::open_beside(const std::string& path) {
  const Run* on_screen = run();
  if (!on_screen) {
    say(path + ": the scenario has errors: nothing to put a run beside");
    return false;
  }
  if (!beside.beside.open(path, *on_screen)) {
    say(beside.beside.error());
    return false;
  }
  beside.moments = std::make_unique<MomentBuilder>(*beside.beside.run());
  beside.camera = LadderCamera{};
  // A recording of the twin (`kernel-check --twin`) is shown beside the twin.
  if (beside.beside.run()->trace.run == RunKind::Twin && session.twin()) view_run(RunKind::Twin);
  refresh_moment();
  say("Beside: " + beside.beside.title() + " (" + path + "): " + beside.beside.verdict().headline);
  return true;
}

namespace {

/// A title centred over one ladder: the source, large, and where it comes from, small.
void title_over(const AppState& app, ImDrawList* dl, float x, float w, float y, const std::string& title,
                const std::string& detail, Rgba colour) {
  ImFont* big = app.fonts.large ? app.fonts.large : ImGui::GetFont();
  ImFont* small = app.fonts.ui ? app.fonts.ui : ImGui::GetFont();
  const ImVec2 ts = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, title.c_str());
  ImVec2 ds = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, detail.c_str());
  const float gap = 10 * app.scale;
  const bool room = ts.x + gap + ds.x <= w;  // the detail only where it fits (presentation mode is large)
  if (!room) ds.x = -gap;
  const float left = x + std::max(0.0f, (w - ts.x - gap - ds.x) / 2);
  dl->AddText(big, big->FontSize, ImVec2(left, y), col(colour), title.c_str());
  if (room) {
    dl->AddText(small, small->FontSize, ImVec2(left + ts.x + gap, y + ts.y - ds.y - 1 * app.scale),
                col(app.palette->dim), detail.c_str());
  }
}

}  // namespace

float ShowBesideHeader(AppState& app, float x, float y, float w) {
  const Palette& p = *app.palette;
  const Beside& b = app.beside.beside;
  const BesideVerdict& v = b.verdict();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* font = app.fonts.ui ? app.fonts.ui : ImGui::GetFont();
  ImFont* big = app.fonts.large ? app.fonts.large : font;
  const float pad = 8 * app.scale;
  // The verdict across both: green when they agree, red with the first difference.
  const bool differs = v.comparable && v.comparison.first.has_value();
  const Rgba tone = !v.comparable ? p.dim : differs ? p.error : p.ok;
  const std::string& text = v.headline;
  const float wrap = w - 3 * pad;
  const ImVec2 vs = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text.c_str());
  const ImVec2 a(x + pad / 2, y + pad / 2);
  const ImVec2 z(x + w - pad / 2, a.y + vs.y + pad);
  dl->AddRectFilled(a, z, col(tone.alpha(40)), 4 * app.scale);
  dl->AddRect(a, z, col(tone), 4 * app.scale, 0, 2 * app.scale);
  dl->AddText(font, font->FontSize, ImVec2(a.x + pad, a.y + pad / 2), col(p.text), text.c_str(), nullptr, wrap);
  // The two titles, each over its ladder.
  const float ty = z.y + pad / 2;
  const float gap = 6 * app.scale;
  const float half = (w - gap) / 2;
  const std::string sim_detail = b.sim_title() == "tcpsim" ? "the simulation" : "on screen";
  const std::string path = b.path().substr(b.path().find_last_of('/') == std::string::npos ? 0 : b.path().find_last_of('/') + 1);
  title_over(app, dl, x, half, ty, b.sim_title(), sim_detail, p.text);
  title_over(app, dl, x + half + gap, half, ty, b.title(), "recorded: " + path, p.text);
  app.hotspots.push_back({"beside:verdict", Rect{a.x, a.y, z.x - a.x, z.y - a.y}});
  return (ty - y) + big->FontSize + pad;
}

void ShowBesideOpen(AppState& app) {
  BesideUi& b = app.beside;
  if (b.ask) {
    ImGui::OpenPopup("Open a run beside this one");
    b.ask = false;
    b.focus = true;
  }
  ImGui::SetNextWindowSize(ImVec2(720 * app.scale, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Open a run beside this one", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::TextWrapped("A trace JSON of this scenario, such as the kernel's run that\n"
                     "  sudo tcpsim kernel-check %s --json linux-run.json\nwrites. It is drawn beside the "
                     "simulated run, both stepping together; the first difference is marked.",
                     app.session.path().c_str());
  if (b.focus) {
    ImGui::SetKeyboardFocusHere();
    b.focus = false;
  }
  ImGui::SetNextItemWidth(680 * app.scale);
  const bool enter = ImGui::InputText("##beside_path", &b.path, ImGuiInputTextFlags_EnterReturnsTrue);
  if (!b.beside.error().empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", b.beside.error().c_str());
  if (ImGui::Button("Open beside") || enter) {
    if (app.open_beside(b.path)) ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace tcpsim::viz
