// The application console: one column per host with the calls its application made and what they
// returned, as a terminal would print them; failures in red, a waiting call with "…" until it returns.
#include <algorithm>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"
#include "model/console_view.hpp"

namespace tcpsim::viz {

namespace {

void column(AppState& app, const ConsoleColumn& c, float bottom) {
  const Palette& p = palette_of(app);
  ImGui::PushFont(app.fonts.large ? app.fonts.large : ImGui::GetFont());
  ImGui::TextColored(col4(host_rgba(app, c.lane)), "%s", c.host.c_str());
  ImGui::PopFont();
  if (c.down) {
    ImGui::SameLine();
    ImGui::TextColored(col4(p.error), "host down (crashed)");
  }
  const float h = std::max(bottom - ImGui::GetCursorScreenPos().y, 20.0f);
  ImGui::BeginChild("lines", ImVec2(0, h), false,
                    ImGuiWindowFlags_None);  // long results wrap under the call
  if (c.lines.empty()) ImGui::TextDisabled("no call yet");
  ImFont* mono = app.fonts.mono ? app.fonts.mono : ImGui::GetFont();
  const TextWidth text_width = [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; };
  for (const ConsoleLine& l : c.lines) {
    if (l.fresh) {
      // The line the step just made: a band behind it.
      const ImVec2 a = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddRectFilled(
          ImVec2(a.x - 4, a.y), ImVec2(a.x + ImGui::GetContentRegionAvail().x + 4, a.y + ImGui::GetTextLineHeight()),
          col(p.selection));
    }
    ImGui::PushFont(mono);
    ImGui::TextDisabled("%s", l.time.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    // Wrapped by the model (wrap_spans): each line under the first, at the same indent.
    const float indent = ImGui::GetCursorPosX();
    const auto lines = wrap_spans(l.spans, ImGui::GetContentRegionAvail().x, text_width);
    for (size_t k = 0; k < lines.size(); ++k) {
      if (k > 0) ImGui::SetCursorPosX(indent);
      for (size_t j = 0; j < lines[k].size(); ++j) {
        if (j > 0) ImGui::SameLine(0, 0);
        ImGui::PushStyleColor(ImGuiCol_Text, col4(ink_rgba(p, lines[k][j].ink)));
        ImGui::TextUnformatted(lines[k][j].text.c_str());
        ImGui::PopStyleColor();
      }
    }
  }
  // Follow the newest line, unless the reader scrolled up to look at older ones.
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

}  // namespace

void ShowConsole(AppState& app, const Rect& where) {
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("What the applications saw###console", nullptr,
               ImGuiWindowFlags_NoMove |               // the app lays panels out
                   ImGuiWindowFlags_NoResize |         // likewise
                   ImGuiWindowFlags_NoCollapse |       // always shown
                   ImGuiWindowFlags_NoScrollbar |      // each host's column scrolls on its own
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  const Run* run = app.run();
  if (!run) {
    ImGui::TextDisabled("No run: the scenario did not parse.");
  } else {
    const std::vector<ConsoleColumn> cols = console_view(*run, app.moment);
    const float height = ImGui::GetContentRegionAvail().y;
    const float bottom = ImGui::GetCursorScreenPos().y + height;
    if (cols.empty()) {
      ImGui::TextDisabled("No host in this scenario.");
    } else if (ImGui::BeginTable("hosts", static_cast<int>(cols.size()),
                                 ImGuiTableFlags_BordersInnerV |          // hosts apart
                                     ImGuiTableFlags_SizingStretchSame |  // equal widths
                                     ImGuiTableFlags_NoPadOuterX,         // use the whole width
                                 ImVec2(0, height))) {
      for (const ConsoleColumn& c : cols) {
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(c.node));
        column(app, c, bottom);
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace tcpsim::viz
