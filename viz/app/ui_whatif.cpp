// What-ifs: the Act menu, the right-click menu of the ladder, the Act palette (W, the keyboard's way to
// every action, and to any scenario statement typed in), and the branch list (B).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include "app/app.hpp"
#include "app/host.hpp"
#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"
#include "model/exports.hpp"

#include <imgui_stdlib.h>  // after imgui.h, which it needs

namespace tcpsim::viz {

namespace {

/// "at 250ms": when a what-if applied now takes effect (the branch list may still move it just past
/// events already shown at that time).
std::string when_now(const AppState& app) {
  const Run* run = app.run();
  if (!run) return "";
  return "at " + time_words(likely_fork_time(*run, app.playback.step(), app.playback.now()));
}

/// Remembers where the last item was drawn, under `name` (for --input's item:NAME, conn:NAME).
/// Not on the frame a window appears: a popup is measured hidden that frame at the mouse, then moved
/// to fit the screen, so its items are not yet where a click will find them.
void hotspot(AppState& app, const std::string& name) {
  if (ImGui::IsWindowAppearing()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const bool keyed = name.rfind("conn:", 0) == 0;
  app.hotspots.push_back({keyed ? name : "item:" + name, Rect{a.x, a.y, b.x - a.x, b.y - a.y}});
}

/// One option as a menu item; true when chosen. A disabled one says why in its tooltip.
bool option_item(AppState& app, const ActOption& o) {
  const bool chosen = ImGui::MenuItem(o.label.c_str(), nullptr, false, o.enabled);
  hotspot(app, o.label);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("%s\n%s", o.statement.empty() ? "" : o.statement.c_str(), o.hint.c_str());
  }
  return chosen && o.enabled;
}

/// Options as menu items, those of the first group directly and every other group in a submenu.
/// Returns the chosen one's statement ("" when none).
std::string option_menu(AppState& app, const std::vector<ActOption>& options, bool first_flat) {
  std::string chosen;
  std::vector<std::string> groups;
  for (const ActOption& o : options) {
    if (std::find(groups.begin(), groups.end(), o.group) == groups.end()) groups.push_back(o.group);
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    const bool flat = first_flat && g == 0;
    const bool opened = flat || ImGui::BeginMenu(groups[g].c_str());
    if (!flat) hotspot(app, groups[g]);
    if (!opened) continue;
    for (const ActOption& o : options) {
      if (o.group == groups[g] && option_item(app, o)) chosen = o.statement;
    }
    if (!flat) ImGui::EndMenu();
    if (flat && groups.size() > 1) ImGui::Separator();
  }
  return chosen;
}

/// Every option at the moment on screen, listed again only when the moment changes.
const std::vector<ActOption>& options_now(AppState& app) {
  ActUi& a = app.act;
  const Run* run = app.run();
  if (!run || app.session.stale()) {
    a.options.clear();
    a.options_run = 0;
    return a.options;
  }
  if (a.options_run != run->serial || a.options_applied != app.moment.applied || a.options_now != app.moment.now) {
    a.options = act_options(*run, app.moment);
    a.options_run = run->serial;
    a.options_applied = app.moment.applied;
    a.options_now = app.moment.now;
  }
  return a.options;
}

}  // namespace

void act_on_right_click(AppState& app, uint32_t conn, const std::string& name) {
  hotspot(app, "conn:" + name);
  if (conn && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
      ImGui::IsMouseReleased(ImGuiMouseButton_Right)) {
    app.act.target = {ActTarget::Kind::Conn, conn};
    app.act.open_context = true;
  }
}

void ShowActMenu(AppState& app) {
  const bool open = ImGui::BeginMenu("Act");
  hotspot(app, "Act");
  if (!open) return;
  const Run* run = app.run();
  if (!run || app.session.stale()) {
    ImGui::TextDisabled("Nothing to act on: the scenario has errors");
  } else {
    ImGui::TextDisabled("What if, now (%s)...", when_now(app).c_str());
    const std::vector<ActOption> all = options_now(app);
    const std::string chosen = option_menu(app, all, false);
    if (!chosen.empty()) app.fork(chosen);
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Type a what-if...", "W", false, run != nullptr)) app.act.palette = true;
  if (ImGui::MenuItem("Branches...", "B", &app.act.branches)) {
  }
  if (ImGui::MenuItem("Undo the last what-if", "Ctrl+Z", false, app.branches.can_undo())) app.undo_whatif();
  if (ImGui::MenuItem("Redo", "Ctrl+Shift+Z", false, app.branches.can_redo())) app.redo_whatif();
  ImGui::EndMenu();
}

void ShowActContext(AppState& app) {
  if (app.act.open_context) {
    ImGui::OpenPopup("##act_context");
    app.act.open_context = false;
  }
  if (!ImGui::BeginPopup("##act_context")) return;
  const Run* run = app.run();
  if (!run || app.session.stale()) {
    ImGui::TextDisabled("Nothing to act on: the scenario has errors");
  } else {
    const std::vector<ActOption> options = act_options_for(*run, options_now(app), app.act.target);
    if (options.empty()) {
      ImGui::TextDisabled("No action here");
    } else {
      ImGui::TextDisabled("What if %s, now (%s)...", options.front().group.c_str(), when_now(app).c_str());
      ImGui::Separator();
      const std::string chosen = option_menu(app, options, true);
      if (!chosen.empty()) {
        app.fork(chosen);
        ImGui::CloseCurrentPopup();
      }
    }
  }
  ImGui::EndPopup();
}

void ShowActPalette(AppState& app, bool* open) {
  ActUi& act = app.act;
  const Run* run = app.run();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.18f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.8f, 900.0f * app.scale), vp->Size.y * 0.6f), ImGuiCond_Always);
  ImGui::SetNextWindowFocus();
  const std::string title = "What if, now (" + when_now(app) + ")?   W###act_palette";
  ImGui::Begin(title.c_str(), open,
               ImGuiWindowFlags_NoCollapse |           // closed with its X, Esc or W
                   ImGuiWindowFlags_NoMove |           // where the class looks
                   ImGuiWindowFlags_NoResize |         // sized to the window
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  if (ImGui::IsWindowAppearing()) {
    act.filter.clear();
    act.cursor = 0;
    act.focus_filter = true;
    act.error.clear();
  }
  if (act.focus_filter) {
    ImGui::SetKeyboardFocusHere();
    act.focus_filter = false;
  }
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##filter", "type to filter (\"server crash\", \"rst\"), or a whole statement to add",
                               &act.filter)) {
    act.cursor = 0;
    act.error.clear();
  }
  const std::vector<ActOption> options = options_now(app);  // a copy: choosing one forks the run
  const std::vector<size_t> shown = filter_options(options, act.filter);
  // The typed text itself, as a statement, is the last row: any line the scenario language allows.
  const bool typed = !act.filter.empty() && run != nullptr;
  const int n = static_cast<int>(shown.size()) + (typed ? 1 : 0);
  ListKeys keys;
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) keys = list_keys(&act.cursor, n);
  if (keys.escape) *open = false;
  const bool enter = keys.enter, moved = keys.moved;
  act.cursor = std::clamp(act.cursor, 0, std::max(0, n - 1));
  const Palette& p = palette_of(app);
  if (!act.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, col4(p.error));
    ImGui::TextWrapped("No what-if: %s", act.error.c_str());
    ImGui::PopStyleColor();
  } else if (!run) {
    ImGui::TextColored(col4(p.error), "Nothing to act on: the scenario has errors.");
  } else {
    ImGui::TextDisabled("Up/Down and Enter, or click. The run forks here; Ctrl+Z undoes it.");
  }
  std::string chosen;
  ImGui::BeginChild("##options", ImVec2(0, 0), false, ImGuiWindowFlags_None);
  for (int i = 0; i < n && *open; ++i) {
    const bool is_typed = static_cast<size_t>(i) == shown.size();
    ImGui::PushID(i);
    std::string text;
    bool enabled = true;
    std::string tip;
    if (is_typed) {
      text = "Add the line:  " + when_now(app) + " " + act.filter;
      tip = "Any timed statement of the scenario language, e.g. \"client send 100KB\" or \"set server rfc5961 off\"";
    } else {
      const ActOption& o = options[shown[static_cast<size_t>(i)]];
      text = o.group + ":  " + o.label;
      enabled = o.enabled;
      tip = o.statement + "\n" + o.hint;
    }
    if (!enabled) ImGui::BeginDisabled();
    const bool hit = ImGui::Selectable(text.c_str(), i == act.cursor);
    if (!enabled) ImGui::EndDisabled();
    if (moved && i == act.cursor) ImGui::SetScrollHereY(0.5f);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip.c_str());
    ImGui::PopID();
    if (hit || (enter && i == act.cursor)) {
      if (enabled) {
        chosen = is_typed ? act.filter : options[shown[static_cast<size_t>(i)]].statement;
      } else {
        act.error = options[shown[static_cast<size_t>(i)]].hint;  // Say why not.
      }
    }
  }
  ImGui::EndChild();
  ImGui::End();
  if (!chosen.empty() && app.fork(chosen)) *open = false;
}

void ShowBranches(AppState& app, bool* open) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 16 * app.scale, vp->Pos.y + 90 * app.scale),
                          ImGuiCond_Appearing, ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowBgAlpha(1.0f);
  if (!ImGui::Begin("Branches (B)###branches", open,
                    ImGuiWindowFlags_AlwaysAutoResize |  // as big as the list
                        ImGuiWindowFlags_NoCollapse |    // closed with its X or B
                        ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  const Branches& b = app.branches;
  const Palette& p = palette_of(app);
  size_t go = b.current();
  for (size_t i = 0; i < b.size(); ++i) {
    const Branch& br = b[i];
    // Indented by depth: what-if 2 forked from what-if 1 sits under it.
    int depth = 0;
    for (int k = br.parent; k >= 0; k = b[static_cast<size_t>(k)].parent) ++depth;
    ImGui::PushID(static_cast<int>(i));
    if (depth) ImGui::Indent(16.0f * app.scale * static_cast<float>(depth));
    char key[24];
    std::snprintf(key, sizeof key, "%zu", i);
    std::string text = (i == b.current() ? "\u25B6 " : "   ") + br.name;
    if (!br.line.empty()) text += "   " + br.line;
    if (ImGui::Selectable(text.c_str(), i == b.current(), ImGuiSelectableFlags_None)) go = i;
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s%s", i < 10 ? "Alt+" : "", i < 10 ? key : "Click to show this branch at the same moment");
    }
    if (depth) ImGui::Unindent(16.0f * app.scale * static_cast<float>(depth));
    ImGui::PopID();
  }
  ImGui::Separator();
  if (b.size() == 1) ImGui::TextDisabled("No what-if yet: right-click the ladder, use Act, or press W.");
  if (ImGui::Button("Undo (Ctrl+Z)")) app.undo_whatif();
  ImGui::SameLine();
  if (ImGui::Button("Save as a scenario file")) save_branch(app);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(files_download() ? "Downloads this branch's text, e.g. 06-close-unread-data-what-if-1.scn"
                                       : "Writes this branch's text next to the scenario, e.g. 06-close-unread-data-what-if-1.scn");
  }
  ImGui::TextColored(col4(p.dim), "Export (menu) writes the branch on screen.");
  ImGui::End();
  if (go != b.current()) app.switch_branch(go);
}

void save_branch(AppState& app) {
  const std::string& path = app.session.path();
  if (path.empty() || app.session.text().empty()) return;
  const std::string name = app.branches.size() ? app.branches[app.branches.current()].name : "";
  const std::string out = branch_file(path, name);
  std::ofstream f(out, std::ios::binary);
  f << app.session.text();
  f.close();
  if (f && download(out, app.session.text())) {
    app.say("Downloaded " + out.substr(out.find_last_of('/') + 1));
  } else {
    app.say(f ? "Wrote " + out : "Could not write " + out);
  }
}

}  // namespace tcpsim::viz
