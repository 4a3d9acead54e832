// The playback toolbar: step and play buttons, speed, mode, toggles, where we are, and the scrubber.
#include <cmath>
#include <cstdio>

#include "app/panels.hpp"
#include "app/theme.hpp"

namespace tcpsim::viz {

namespace {

bool button(const char* label, const char* tip, bool enabled = true) {
  if (!enabled) ImGui::BeginDisabled();
  const bool hit = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip);
  ImGui::SameLine();
  return hit && enabled;
}

}  // namespace

void ShowToolbar(AppState& app, const Rect& where) {
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("##toolbar", nullptr,
               ImGuiWindowFlags_NoTitleBar |          // the menu bar above says what this is
                   ImGuiWindowFlags_NoMove |          // the app lays panels out
                   ImGuiWindowFlags_NoResize |        // likewise
                   ImGuiWindowFlags_NoScrollbar |     // two rows always fit
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  Playback& p = app.playback;
  const bool have = app.run() != nullptr;
  if (button("|\u25C0", "Restart (Home)", have)) p.restart();
  if (button("\u25C0\u25C0", "Previous segment (Shift+Left)", have)) p.prev_segment();
  if (button("\u25C0", "Previous event (Left)", have)) p.prev_event();
  if (button(p.playing() ? " \u275A\u275A " : "  \u25B6  ", "Play / pause (Space)", have)) p.toggle();
  if (button("\u25B6", "Next event (Right)", have)) p.next_event();
  if (button("\u25B6\u25B6", "Next segment (Shift+Right)", have)) p.next_segment();
  if (button("\u25B6|", "To the end (End)", have)) p.seek_step(p.steps());

  ImGui::SameLine(0, 18 * app.scale);
  ImGui::SetNextItemWidth(150 * app.scale);
  float speed = static_cast<float>(p.speed());
  if (ImGui::SliderFloat("##speed", &speed, Playback::kMinSpeed, Playback::kMaxSpeed, "speed %.1fx",
                         ImGuiSliderFlags_Logarithmic)) {
    p.set_speed(speed);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed, 0.1x to 10x (+ / -)");
  ImGui::SameLine();
  bool by_event = p.mode() == PlayMode::EventByEvent;
  if (ImGui::Checkbox("event by event", &by_event)) p.set_mode(by_event ? PlayMode::EventByEvent : PlayMode::Continuous);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play one event at a time with a pause between (S)");
  // The toggles (also in the View menu, with keys) while they fit on the row; the place we are
  // always shows, at the right of the scrubber.
  const Run* run = app.run();
  char where_text[200];
  const std::string branch = app.branches.size() > 1 ? app.branches[app.branches.current()].name + " · " : "";
  std::snprintf(where_text, sizeof where_text, "%s%s   step %zu / %zu   t = %s s", branch.c_str(),
                app.viewing == RunKind::Twin ? "graceful twin" : (app.session.twin() ? "fault run" : "run"), p.step(),
                p.steps(), format_seconds(p.now()).c_str());
  const float right = ImGui::GetWindowContentRegionMax().x;
  auto toggle = [&](const char* label, bool* value, const char* tip) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
    const float x = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + st.ItemSpacing.x;
    if (x + w > right) return false;
    ImGui::SameLine();
    const bool changed = ImGui::Checkbox(label, value);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    return changed;
  };
  if (app.branches.parent() && app.viewing == RunKind::Fault) {
    toggle("ghost", &app.view.ghost, "Show the branch this what-if came from as a ghost where they part (G)");
  } else if (app.session.twin()) {
    toggle("ghost twin", &app.view.ghost, "Show the graceful twin's FIN/ACK close as a ghost (G)");
  }
  if (app.session.twin()) {
    bool twin = app.viewing == RunKind::Twin;
    if (toggle("view twin", &twin, "Show the graceful twin's run instead of the fault run (T)")) {
      app.view_run(twin ? RunKind::Twin : RunKind::Fault);
    }
  }
  toggle("absolute", &app.view.absolute, "Absolute sequence numbers (A)");
  bool predicting = app.predict.on();
  if (toggle("predict", &predicting, "Predict mode: the class guesses each step before it is shown (Q)")) {
    TogglePredict(app);
  }

  // The scrubber over story time, with the RSTs marked; then where we are.
  const float tw = ImGui::CalcTextSize(where_text).x;
  const double end = run ? run->clock.end() : 1.0;
  ImGui::SetNextItemWidth(std::max(100.0f * app.scale, right - ImGui::GetCursorPosX() - tw - 16 * app.scale));
  float story = static_cast<float>(p.story());
  if (ImGui::SliderFloat("##scrub", &story, 0.0f, static_cast<float>(std::max(end, 1e-3)), "")) {
    p.seek_story(story);
    p.pause();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag to any moment; red ticks are the RSTs");
  if (run && app.palette && !app.predict.on()) {  // (in predict mode the ticks would tell where the RSTs come)
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float last = -1e9f;
    for (double s : run->rst_story) {
      const float x = a.x + static_cast<float>(s / std::max(end, 1e-9)) * (b.x - a.x);
      if (x - last < 1.0f) continue;  // one tick per pixel column
      last = x;
      dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), col(app.palette->rst), 2.0f * app.scale);
    }
  }
  ImGui::SameLine(0, 12 * app.scale);
  ImGui::TextUnformatted(where_text);
  ImGui::End();
}

}  // namespace tcpsim::viz
