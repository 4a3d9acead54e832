// The segment inspector: the selected segment (or the latest one sent) field by field, its fate,
// the rule that sent it, the receiver's verdict, what it answers, and its payload as a hex dump.
#include <algorithm>
#include <cfloat>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"
#include "model/inspector_view.hpp"

namespace tcpsim::viz {

namespace {

Rgba tone_colour(const Palette& p, Tone t) {
  switch (t) {
    case Tone::Plain:
    case Tone::Strong: return p.text;
    case Tone::Dim: return p.dim;
    case Tone::Good: return p.ok;
    case Tone::Bad: return p.error;
    case Tone::Warn: return p.timer;
  }
  return p.text;
}

/// Rows as label | value | detail.
void rows(const AppState& app, const char* id, const std::vector<InspectorRow>& rs) {
  const Palette& p = palette_of(app);
  if (rs.empty() || !ImGui::BeginTable(id, 3, ImGuiTableFlags_SizingFixedFit)) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("detail", ImGuiTableColumnFlags_WidthStretch);
  for (const InspectorRow& r : rs) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", r.label.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::PushFont(app.fonts.mono ? app.fonts.mono : ImGui::GetFont());
    ImGui::PushStyleColor(ImGuiCol_Text, col4(tone_colour(p, r.tone)));
    ImGui::TextUnformatted(r.value.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::TableSetColumnIndex(2);
    if (!r.detail.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, col4(r.tone == Tone::Bad || r.tone == Tone::Good ? tone_colour(p, r.tone) : p.dim));
      ImGui::TextWrapped("%s", r.detail.c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

/// ImGui's width of a text in the current font.
float text_width(std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; }

/// Wrapped pieces (from wrap_pieces) in their colours, one line under the other.
void pieces(const std::vector<std::vector<WrappedPiece>>& lines, const std::vector<Rgba>& colours,
            ImFont* first_font = nullptr) {
  const float space = text_width(" ");
  for (const auto& line : lines) {
    for (size_t j = 0; j < line.size(); ++j) {
      if (j > 0) ImGui::SameLine(0, line[j].piece == line[j - 1].piece ? 0.0f : space);
      const bool big = first_font && line[j].piece == 0;
      if (big) ImGui::PushFont(first_font);
      ImGui::PushStyleColor(ImGuiCol_Text, col4(colours[std::min(line[j].piece, colours.size() - 1)]));
      ImGui::TextUnformatted(line[j].text.c_str());
      ImGui::PopStyleColor();
      if (big) ImGui::PopFont();
    }
  }
}

/// "Why: label  (cite)" and the rule's sentence, wrapped to the panel.
void rule(const AppState& app, const char* what, const RuleText& r, Rgba colour) {
  const Palette& p = palette_of(app);
  std::vector<std::string> words{what, " " + r.label};
  if (!r.cite.empty()) words.push_back(" (" + r.cite + ")");
  auto lines = wrap_pieces(words, ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().x, text_width);
  for (auto& line : lines) {
    for (WrappedPiece& w : line) {
      if (!w.text.empty() && w.text.front() == ' ') w.text.erase(0, 1);
    }
  }
  pieces(lines, {p.dim, colour, p.dim});
  ImGui::PushStyleColor(ImGuiCol_Text, col4(p.text));
  ImGui::TextWrapped("%s", r.text.c_str());
  ImGui::PopStyleColor();
}

/// Bytes per hex-dump row that fit the panel.
size_t hex_row_bytes(const AppState& app) {
  ImFont* mono = app.fonts.mono ? app.fonts.mono : ImGui::GetFont();
  const float glyph = mono->CalcTextSizeA(mono->FontSize, 1e9f, 0, "0").x;
  return hex_bytes_per_row(ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize, glyph);
}

}  // namespace

void ShowInspector(AppState& app, const Rect& where) {
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("Inspector###inspector", nullptr,
               ImGuiWindowFlags_NoTitleBar |           // the heading says what it is
                   ImGuiWindowFlags_NoMove |           // the app lays panels out
                   ImGuiWindowFlags_NoResize |         // likewise
                   ImGuiWindowFlags_NoCollapse |       // always shown
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  const Run* run = app.run();
  const Palette& p = palette_of(app);
  const InspectorView v = run ? inspector_view(*run, app.moment, app.selected, app.view.absolute, hex_row_bytes(app))
                              : InspectorView{};
  if (v.empty) {
    ImGui::TextDisabled("Segment inspector: no segment sent yet. Click a segment in the ladder to inspect it.");
  } else {
    const SegmentRecord& s = run->trace.segments[v.segment];
    // The heading, its tag and the hint, wrapped to the panel (inspector_heading).
    ImFont* large = app.fonts.large ? app.fonts.large : ImGui::GetFont();
    const TextWidth large_width = [large](std::string_view t) {
      return large->CalcTextSizeA(large->FontSize, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
    };
    const float avail = ImGui::GetContentRegionAvail().x;
    pieces(inspector_heading(v, avail, large_width, text_width, text_width(" ")),
           {segment_colour(p, s.seg.flags, s.seg.data.len), p.timer, p.dim}, large);
    if (!v.latest) {
      if (ImGui::GetItemRectMax().x + text_width(" show the latest ") + 16 * app.scale < ImGui::GetWindowPos().x + avail) {
        ImGui::SameLine();
      }
      if (ImGui::SmallButton("show the latest")) app.selected = -1;
    }

    rows(app, "journey", v.journey);
    if (v.has_rule) rule(app, "Sent because", v.rule, v.rst ? p.rst : p.text);
    if (v.has_verdict) {
      ImGui::PushStyleColor(ImGuiCol_Text, col4(p.timer));
      ImGui::TextWrapped("Receiver: %s", v.verdict.c_str());
      ImGui::PopStyleColor();
      ImGui::PushStyleColor(ImGuiCol_Text, col4(p.dim));
      ImGui::TextWrapped("%s", v.verdict_rule.text.c_str());
      ImGui::PopStyleColor();
    }
    rows(app, "replies", v.replies);
    ImGui::Separator();
    rows(app, "header", v.header);
    if (v.payload_len > 0) {
      ImGui::Separator();
      ImGui::TextDisabled("Payload");
      ImGui::SameLine();
      ImGui::PushFont(app.fonts.mono ? app.fonts.mono : ImGui::GetFont());
      ImGui::TextWrapped("%s", v.payload_quoted.c_str());
      for (const std::string& line : v.hex) ImGui::TextUnformatted(line.c_str());
      ImGui::PopFont();
      if (!v.more.empty()) ImGui::TextDisabled("%s", v.more.c_str());
    }
  }
  ImGui::End();
}

}  // namespace tcpsim::viz
