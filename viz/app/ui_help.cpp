// F1: every shortcut, in one overlay.
#include <algorithm>
#include <cfloat>

#include "app/panels.hpp"

namespace tcpsim::viz {

void ShowHelp(AppState& app, bool* open) {
  static constexpr const char* kKeys[][2] = {
      {"Space", "Play / pause"},
      {"Right / Left", "Next / previous event"},
      {"Shift+Right / Shift+Left", "Next / previous segment"},
      {"Home / End", "Restart / go to the end"},
      {"+ / -", "Faster / slower (0.1x to 10x)"},
      {"S", "Continuous or event-by-event playback"},
      {"Mouse wheel on the ladder", "Zoom around the mouse"},
      {"Drag on the ladder", "Pan"},
      {"F", "Fit the whole run"},
      {"Click a segment", "Inspect it"},
      {"G", "Ghost: the graceful twin, or the branch a what-if came from"},
      {"T", "Show the graceful twin's run instead"},
      {"A", "Absolute or relative sequence numbers"},
      {"Right-click the ladder", "What if, now: act on a host, socket, link, firewall"},
      {"W", "What if, now: every action, or type a statement"},
      {"B", "Branches: the original run and each what-if"},
      {"Alt+0 ... Alt+9", "Show that branch at the same moment"},
      {"Ctrl+Z / Ctrl+Shift+Z", "Undo / redo the last what-if"},
      {"E", "Editor (Ctrl+Enter re-simulates, Ctrl+S saves)"},
      {"Ctrl+Shift+S", "Save the branch as a new scenario file"},
#ifdef __EMSCRIPTEN__
      {"Ctrl+R", "Reload the scenario file"},
      {"Ctrl+Shift+O", "Open a .scn or .pkt file from this computer (or drop one)"},
      {"Ctrl+Shift+L", "Share link: a link that opens this scenario"},
#else
      {"Ctrl+R / Ctrl+Q", "Reload the scenario from disk / quit"},
#endif
#ifdef __EMSCRIPTEN__
      {"X", "Export (downloads): Wireshark capture, SVG ladder, PNG"},
#else
      {"X", "Export: Wireshark capture, SVG ladder, PNG"},
#endif
      {"K", "Timers in the TCB panels, on or off"},
      {"L or Ctrl+O", "Scenario library"},
      {"P", "Presentation: large, high contrast"},
      {"F11", "Full screen"},
      {"M", "Mute sound cues"},
      {"Q, then 1 ... 9", "Predict: the class guesses, then sees"},
      {"Shift+Q / Shift+N", "Predict: what is asked / numbers too"},
      {"F1 / Esc", "This help / close it"},
  };
  constexpr size_t n = sizeof kKeys / sizeof kKeys[0];
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // Two pairs of columns side by side when they fit the window; in presentation mode on a small
  // projector the everyday font then, and failing that one pair per row, scrolling.
  auto width_with = [&](ImFont* key_font, ImFont* text_font) {
    float k = 0, t = 0;
    for (const auto& row : kKeys) {
      k = std::max(k, key_font->CalcTextSizeA(key_font->FontSize, FLT_MAX, 0, row[0]).x);
      t = std::max(t, text_font->CalcTextSizeA(text_font->FontSize, FLT_MAX, 0, row[1]).x);
    }
    return 2 * (k + t) + 8 * ImGui::GetStyle().CellPadding.x + 2 * ImGui::GetStyle().WindowPadding.x + 8;
  };
  ImFont* text_font = app.fonts.ui ? app.fonts.ui : ImGui::GetFont();
  ImFont* key_font = app.fonts.mono ? app.fonts.mono : text_font;
  bool two = width_with(key_font, text_font) <= vp->Size.x * 0.96f;
  if (!two && app.font_sets[0].ui && app.font_sets[0].mono &&
      width_with(app.font_sets[0].mono, app.font_sets[0].ui) <= vp->Size.x * 0.96f) {
    text_font = app.font_sets[0].ui;
    key_font = app.font_sets[0].mono;
    two = true;
  }
  const size_t pairs = two ? 2 : 1;
  const size_t rows = (n + pairs - 1) / pairs;
  ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->Size.x * 0.98f, vp->Size.y * 0.94f));
  ImGui::SetNextWindowBgAlpha(1.0f);
  ImGui::SetNextWindowFocus();  // above the panels, even after a click on one of them
  ImGui::PushFont(text_font);
  if (ImGui::Begin("Keyboard shortcuts (F1)", open,
                   ImGuiWindowFlags_AlwaysAutoResize |  // as big as the table (within the window)
                       ImGuiWindowFlags_NoCollapse |    // nothing to fold
                       ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::BeginTable("keys", static_cast<int>(2 * pairs), ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      for (size_t r = 0; r < rows; ++r) {
        ImGui::TableNextRow();
        for (size_t half = 0; half < pairs; ++half) {
          const size_t i = r + half * rows;
          if (i >= n) break;
          ImGui::TableSetColumnIndex(static_cast<int>(2 * half));
          ImGui::PushFont(key_font);
          ImGui::TextUnformatted(kKeys[i][0]);
          ImGui::PopFont();
          ImGui::TableSetColumnIndex(static_cast<int>(2 * half + 1));
          ImGui::TextUnformatted(kKeys[i][1]);
        }
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
  ImGui::PopFont();
}

}  // namespace tcpsim::viz
