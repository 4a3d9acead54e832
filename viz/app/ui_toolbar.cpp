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
  ImGui::SameLine();
  if (app.session.twin()) {
    ImGui::Checkbox("ghost twin", &app.view.ghost);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the graceful twin's FIN/ACK close as a ghost (G)");
    ImGui::SameLine();
    bool twin = app.viewing == RunKind::Twin;
    if (ImGui::Checkbox("view twin", &twin)) app.view_run(twin ? RunKind::Twin : RunKind::Fault);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the graceful twin's run instead of the fault run (T)");
    ImGui::SameLine();
  }
  ImGui::Checkbox("absolute", &app.view.absolute);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Absolute sequence numbers (A)");

  // Where we are, right-aligned.
  char where_text[160];
  std::snprintf(where_text, sizeof where_text, "%s   step %zu / %zu   t = %s s",
                app.viewing == RunKind::Twin ? "graceful twin" : (app.session.twin() ? "fault run" : "run"), p.step(),
                p.steps(), format_seconds(p.now()).c_str());
  const float tw = ImGui::CalcTextSize(where_text).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 10, ImGui::GetWindowWidth() - tw - 12 * app.scale));
  ImGui::TextUnformatted(where_text);

  // The scrubber over story time, with the RSTs marked.
  const double end = have ? app.run()->clock.end() : 1.0;
  ImGui::SetNextItemWidth(-1);
  float story = static_cast<float>(p.story());
  if (ImGui::SliderFloat("##scrub", &story, 0.0f, static_cast<float>(std::max(end, 1e-3)), "")) {
    p.seek_story(story);
    p.pause();
  }
  if (have && app.palette) {
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Run& r = *app.run();
    for (size_t i = 0; i < r.trace.segments.size(); ++i) {
      if (!(r.trace.segments[i].seg.flags & kRst)) continue;
      const double s = r.clock.story(r.trace.segments[i].sent_at);
      const float x = a.x + static_cast<float>(s / std::max(end, 1e-9)) * (b.x - a.x);
      dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), col(app.palette->rst), 2.0f * app.scale);
    }
  }
  ImGui::End();
}

}  // namespace tcpsim::viz
