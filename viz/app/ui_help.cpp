// F1: every shortcut, in one overlay.
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
      {"G", "Ghost on or off: the graceful twin, or on a what-if the branch it came from"},
      {"T", "Show the graceful twin's run instead"},
      {"A", "Absolute or relative sequence numbers"},
      {"Right-click the ladder", "What if, now: act on a host, connection, link or middlebox"},
      {"W", "What if, now: every action, or type a statement (Enter forks the run)"},
      {"B", "Branches: the original run and each what-if"},
      {"Alt+0 ... Alt+9", "Show that branch at the same moment"},
      {"Ctrl+Z / Ctrl+Shift+Z", "Undo / redo the last what-if"},
      {"E", "Scenario editor (Ctrl+Enter re-simulates, Ctrl+S saves)"},
      {"L or Ctrl+O", "Scenario library"},
      {"P", "Presentation mode: large, high contrast, colour-blind safe"},
      {"F11", "Full screen"},
      {"M", "Mute sound cues"},
      {"Q, then 1 ... 9", "Predict mode: the class guesses, then sees (Esc leaves)"},
      {"Shift+Q / Shift+N", "Predict: what is asked / seq and ack numbers too"},
      {"F1 / Esc", "This help / close it"},
  };
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(1.0f);
  ImGui::SetNextWindowFocus();  // above the panels, even after a click on one of them
  if (ImGui::Begin("Keyboard shortcuts (F1)", open,
                   ImGuiWindowFlags_AlwaysAutoResize |  // as big as the table
                       ImGuiWindowFlags_NoCollapse |    // nothing to fold
                       ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      for (const auto& k : kKeys) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        if (app.fonts.large) ImGui::PushFont(app.fonts.mono);
        ImGui::TextUnformatted(k[0]);
        if (app.fonts.large) ImGui::PopFont();
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(k[1]);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace tcpsim::viz
