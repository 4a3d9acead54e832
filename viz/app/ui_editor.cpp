// The scenario editor: the text with a line-number gutter (lines with errors in red), Ctrl+Enter to
// re-simulate, Save (Ctrl+S), the errors listed under the text (click one to go there), and the
// choice to reload when the file changed on disk while the text was being edited.
#include <algorithm>
#include <functional>

#include "app/app.hpp"
#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"

#include <imgui_stdlib.h>  // after imgui.h, which it needs

namespace tcpsim::viz {

namespace {

/// Called by the text widget every frame it is active: applies a requested cursor move and
/// remembers where the cursor is.
int on_text(ImGuiInputTextCallbackData* data) {
  auto* buf = static_cast<EditorBuffer*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways) {
    if (buf->goto_offset >= 0) {
      const int at = static_cast<int>(std::min<int64_t>(buf->goto_offset, data->BufTextLen));
      data->CursorPos = data->SelectionStart = data->SelectionEnd = at;
      buf->goto_offset = -1;
    }
    buf->cursor = data->CursorPos;
  }
  return 0;
}

/// Path, modified mark, Save and Re-simulate.
void toolbar(AppState& app) {
  const Palette& p = palette_of(app);
  const std::string& path = app.session.path();
  const size_t slash = path.find_last_of('/');
  ImGui::TextUnformatted(path.empty() ? "(no file)" : path.substr(slash == std::string::npos ? 0 : slash + 1).c_str());
  if (ImGui::IsItemHovered() && !path.empty()) ImGui::SetTooltip("%s", path.c_str());
  if (app.editor.dirty) {
    ImGui::SameLine();
    ImGui::TextColored(col4(p.timer), "modified");
  }
  ImGui::SameLine();
  if (ImGui::Button("Save")) save_editor(app);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Write the text to the file (Ctrl+S)");
  ImGui::SameLine();
  if (ImGui::Button("Re-simulate")) app.resimulate();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run the text as it is now, keeping the playback time (Ctrl+Enter)");
  ImGui::SameLine();
  ImGui::TextDisabled("line %u", line_of(app.editor.text, static_cast<size_t>(std::max<int64_t>(0, app.editor.cursor))));
}

/// The file changed on disk while the text had changes of its own: which one wins?
void reload_banner(AppState& app) {
  if (!app.editor.reload_offered) return;
  const Palette& p = palette_of(app);
  ImGui::PushStyleColor(ImGuiCol_Text, col4(p.timer));
  ImGui::TextWrapped("%s", app.branches.size() > 1
                               ? "The file changed on disk. Reloading it ends this session's what-if branches."
                               : "The file changed on disk, and this text has changes that are not saved.");
  ImGui::PopStyleColor();
  if (ImGui::Button("Reload from disk")) {
    const Time keep = app.playback.now();
    app.open(app.session.path());
    app.view.editor = true;
    app.playback.seek_time(keep);
    app.refresh_moment();
    ++app.editor.generation;
  }
  ImGui::SameLine();
  if (ImGui::Button("Keep mine")) app.editor.reload_offered = false;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep this text; saving it will overwrite the file");
}

/// The text and its gutter, in a scrolling area of height `h`.
void text_area(AppState& app, float h) {
  const Palette& p = palette_of(app);
  EditorBuffer& ed = app.editor;
  ImFont* mono = app.fonts.mono ? app.fonts.mono : ImGui::GetFont();
  // Text replaced from outside (a reload): the widget must drop its own copy.
  const size_t hash = std::hash<std::string>{}(ed.text);
  if (hash != ed.shown_hash) ++ed.generation;

  ImGui::PushStyleColor(ImGuiCol_ChildBg, col4(p.background));
  ImGui::BeginChild("##editor_scroll", ImVec2(0, h), true,
                    ImGuiWindowFlags_HorizontalScrollbar);  // long lines scroll sideways
  ImGui::PushFont(mono);
  const float line_h = ImGui::GetFontSize();
  const std::vector<GutterLine> g = gutter(ed.text, ed.marks);
  const float digits = static_cast<float>(std::to_string(g.size()).size());
  const float gutter_w = ImGui::CalcTextSize("0").x * (digits + 2.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  // The widget as tall as the text, so this child scrolls both the gutter and the text together.
  const float text_h = std::max(ImGui::GetContentRegionAvail().y,
                                line_h * static_cast<float>(g.size() + 1) + pad.y * 2 + ImGui::GetStyle().ScrollbarSize);
  const float text_w = std::max(ImGui::GetContentRegionAvail().x - gutter_w, 100.0f);

  // Error lines: a red band behind the text and a red number.
  const float scroll = ImGui::GetScrollY();
  const float visible_h = ImGui::GetWindowHeight();
  for (const GutterLine& l : g) {
    const float y = origin.y + pad.y + line_h * static_cast<float>(l.line - 1);
    if (y + line_h < origin.y + scroll - line_h || y > origin.y + scroll + visible_h) continue;  // off screen
    if (l.error) {
      dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + gutter_w + text_w, y + line_h),
                        col(p.error.alpha(p.light ? 45 : 40)));
      dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + 3, y + line_h), col(p.error));
    }
    const std::string n = std::to_string(l.line);
    const float nw = ImGui::CalcTextSize(n.c_str()).x;
    dl->AddText(ImVec2(origin.x + gutter_w - nw - ImGui::CalcTextSize("0").x, y), col(l.error ? p.error : p.dim),
                n.c_str());
  }
  // Hovering an error line's number: its message.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsWindowHovered() && mouse.x >= origin.x && mouse.x < origin.x + gutter_w) {
    const auto line = static_cast<size_t>((mouse.y - origin.y - pad.y) / line_h);
    if (line < g.size() && g[line].error) ImGui::SetTooltip("%s", g[line].message.c_str());
  }

  if (ed.refocus) {
    ImGui::SetCursorScreenPos(ImVec2(origin.x + gutter_w, origin.y));
    ImGui::SetKeyboardFocusHere(0);
    ed.refocus = false;
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x + gutter_w, origin.y));
  ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));  // the bands above show through
  const int64_t cursor_before = ed.cursor;
  ImGui::PushID(static_cast<int>(ed.generation));
  const bool changed = ImGui::InputTextMultiline("##text", &ed.text, ImVec2(text_w, text_h),
                                                 ImGuiInputTextFlags_AllowTabInput |    // a tab is text here
                                                     ImGuiInputTextFlags_CallbackAlways,  // cursor moves and reads
                                                 on_text, &ed);
  const bool active = ImGui::IsItemActive();
  const bool deactivated = ImGui::IsItemDeactivated();
  {
    // The visible part of the text, for --input ("click editor:text") and the web page's tests.
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImVec2 w = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
    const float y0 = std::max(a.y, w.y), y1 = std::min(b.y, w.y + ws.y);
    app.hotspots.push_back({"editor:text", Rect{a.x, y0, b.x - a.x, std::max(0.0f, y1 - y0)}});
  }
  ImGui::PopID();
  ImGui::PopStyleColor();
  ed.shown_hash = std::hash<std::string>{}(ed.text);
  if (changed) ed.dirty = true;

  // Keep the cursor in view when it moves (typing at the bottom, or an error clicked).
  if (ed.cursor != cursor_before) {
    const float y = pad.y + line_h * static_cast<float>(line_of(ed.text, static_cast<size_t>(ed.cursor)) - 1);
    if (y < ImGui::GetScrollY()) ImGui::SetScrollY(y);
    if (y + line_h * 2 > ImGui::GetScrollY() + visible_h) ImGui::SetScrollY(y + line_h * 2 - visible_h);
  }
  ImGui::PopFont();
  ImGui::EndChild();
  ImGui::PopStyleColor();

  // Ctrl+Enter ends the widget's editing (ImGui's multi-line rule): re-simulate and type on.
  ImGuiIO& io = ImGui::GetIO();
  const bool ctrl_enter = io.KeyCtrl && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
                                         ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter)));
  if (ctrl_enter && (deactivated || active || ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows))) {
    app.resimulate();
    ed.refocus = deactivated || active;
  }
  // Ctrl+S while typing (the app's shortcuts stay quiet while a text has the keyboard).
  if (active && io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S, false)) save_editor(app);
}

/// The errors, one per line; clicking one puts the cursor on it.
void error_list(AppState& app) {
  const Palette& p = palette_of(app);
  ImGui::PushStyleColor(ImGuiCol_Text, col4(p.error));
  for (size_t i = 0; i < app.editor.marks.size(); ++i) {
    const LineMark& m = app.editor.marks[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushTextWrapPos(0);
    if (ImGui::Selectable(mark_text(m).c_str())) {
      app.editor.goto_offset = static_cast<int64_t>(offset_of(app.editor.text, m.line, m.col));
      app.editor.refocus = true;
    }
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Go to line %u", m.line);
    ImGui::PopID();
  }
  ImGui::PopStyleColor();
}

}  // namespace

void ShowEditor(AppState& app, const Rect& where, bool* open) {
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("Scenario editor (E)###editor", open,
               ImGuiWindowFlags_NoMove |               // the app lays panels out
                   ImGuiWindowFlags_NoResize |         // likewise
                   ImGuiWindowFlags_NoCollapse |       // closed with its X or E
                   ImGuiWindowFlags_NoScrollbar |      // the text area scrolls
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  toolbar(app);
  reload_banner(app);
  const std::vector<LineMark>& marks = app.editor.marks;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float avail = ImGui::GetContentRegionAvail().y;
  const float list_h = marks.empty() ? 0 : std::min(avail * 0.3f, line * (static_cast<float>(marks.size()) + 1.2f));
  text_area(app, std::max(avail - list_h, line * 3));
  if (!marks.empty()) {
    ImGui::TextDisabled("%zu error%s (click one to go to it)", marks.size(), marks.size() == 1 ? "" : "s");
    ImGui::BeginChild("##errors", ImVec2(0, 0), false, ImGuiWindowFlags_None);
    error_list(app);
    ImGui::EndChild();
  } else {
    ImGui::TextDisabled("No errors. Ctrl+Enter re-simulates, Ctrl+S saves.");
  }
  ImGui::End();
}

}  // namespace tcpsim::viz
