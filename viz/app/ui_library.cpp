// The scenario library: every scenario file with its title and the first sentence of its summary,
// a filter box that has the keyboard, Up/Down/Enter or a click to open one.
#include <algorithm>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"

#include <imgui_stdlib.h>  // after imgui.h, which it needs

namespace tcpsim::viz {

namespace {

/// The first sentence of a summary (the whole summary is in the tooltip).
std::string first_sentence(const std::string& s) {
  const size_t end = s.find(". ");
  return end == std::string::npos ? s : s.substr(0, end + 1);
}

void choose(AppState& app, const LibraryEntry& e, bool* open) {
  app.open(e.path);
  *open = false;
}

/// One entry: title (large), file name, first sentence. Returns true when chosen.
bool entry(const AppState& app, const LibraryEntry& e, bool highlighted, bool scroll_here) {
  const Palette& p = palette_of(app);
  ImFont* large = app.fonts.large ? app.fonts.large : ImGui::GetFont();
  const float w = ImGui::GetContentRegionAvail().x;
  const std::string line2 = e.readable ? first_sentence(e.summary) : "cannot read: " + e.error;
  const float h2 = ImGui::CalcTextSize(line2.c_str(), nullptr, false, w).y;
  const float h = large->FontSize + ImGui::GetStyle().ItemSpacing.y + h2 + ImGui::GetStyle().ItemSpacing.y;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const bool hit = ImGui::Selectable("##entry", highlighted, ImGuiSelectableFlags_None, ImVec2(0, h));
  if (scroll_here) ImGui::SetScrollHereY(0.5f);  // the keyboard moved the highlight here
  if (ImGui::IsItemHovered() && e.readable && !e.summary.empty()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36);
    ImGui::TextUnformatted(e.summary.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  const ImVec2 after = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(at);
  ImGui::PushFont(large);
  ImGui::TextColored(col4(e.readable ? p.text : p.dim), "%s", e.title.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextDisabled("%s", e.file.c_str());
  ImGui::PushTextWrapPos(at.x - ImGui::GetWindowPos().x + w);
  ImGui::TextColored(col4(e.readable ? p.dim : p.error), "%s", line2.c_str());
  ImGui::PopTextWrapPos();
  ImGui::SetCursorScreenPos(after);
  return hit;
}

}  // namespace

void ShowLibrary(AppState& app, bool* open) {
  LibraryState& lib = app.library;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.7f, 1100.0f * app.scale), vp->Size.y * 0.75f),
                           ImGuiCond_Always);
  ImGui::SetNextWindowFocus();
  ImGui::Begin("Scenario library (L)###library", open,
               ImGuiWindowFlags_NoCollapse |           // closed with its X, Esc or L
                   ImGuiWindowFlags_NoMove |           // centred on the window
                   ImGuiWindowFlags_NoResize |         // sized to the window
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  if (ImGui::IsWindowAppearing() || !lib.loaded) {
    // Read the titles each time the browser opens: files may have been added or edited since.
    lib.dir = library_dir();
    lib.entries = scan_library(lib.dir);
    lib.loaded = true;
    lib.cursor = 0;
    lib.filter.clear();
    lib.focus_filter = true;
    // Start on the scenario that is open.
    for (size_t i = 0; i < lib.entries.size(); ++i) {
      if (lib.entries[i].path == app.session.path()) lib.cursor = static_cast<int>(i);
    }
  }
  ImGui::TextDisabled("%s", lib.dir.c_str());
  if (lib.focus_filter) {
    ImGui::SetKeyboardFocusHere();
    lib.focus_filter = false;
  }
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##filter", "type to filter: title, summary or file name", &lib.filter)) lib.cursor = 0;
  const bool typing = ImGui::IsItemActive();
  const std::vector<size_t> shown = filter_library(lib.entries, lib.filter);
  const int n = static_cast<int>(shown.size());
  ListKeys keys;
  if (typing || ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) keys = list_keys(&lib.cursor, n);
  if (keys.escape) *open = false;
  const bool enter = keys.enter, moved = keys.moved;
  lib.cursor = std::clamp(lib.cursor, 0, std::max(0, n - 1));
  if (lib.entries.empty()) {
    ImGui::TextColored(col4(palette_of(app).error), "No *.scn files in %s (set TCPSIM_SCENARIOS to another directory).",
                       lib.dir.c_str());
  } else if (shown.empty()) {
    ImGui::TextDisabled("No scenario matches \"%s\".", lib.filter.c_str());
  }
  ImGui::BeginChild("##entries", ImVec2(0, 0), false, ImGuiWindowFlags_None);
  for (int i = 0; i < n && *open; ++i) {
    const LibraryEntry& e = lib.entries[shown[static_cast<size_t>(i)]];
    ImGui::PushID(i);
    const bool hit = entry(app, e, i == lib.cursor, moved && i == lib.cursor);
    ImGui::PopID();
    if (hit || (enter && i == lib.cursor)) choose(app, e, open);
  }
  ImGui::EndChild();
  ImGui::End();
  if (!*open) lib.loaded = false;
}

}  // namespace tcpsim::viz
