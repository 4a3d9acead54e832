// The narration: the scenario's title (large), its summary, and the note for this moment, highlighted
// (a note just reached is framed in the note colour); errors, if the scenario met any, in red.
#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"
#include "model/narration_view.hpp"

namespace tcpsim::viz {

void ShowNarration(AppState& app, const Rect& where) {
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("Narration###narration", nullptr,
               ImGuiWindowFlags_NoTitleBar |           // the scenario's title is the heading
                   ImGuiWindowFlags_NoMove |           // the app lays panels out
                   ImGuiWindowFlags_NoResize |         // likewise
                   ImGuiWindowFlags_NoCollapse |       // always shown
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  const Palette& p = palette_of(app);
  const NarrationView v = narration_view(app.session, app.run(), app.moment, app.branches.forked_at());
  ImGui::PushFont(app.fonts.large ? app.fonts.large : ImGui::GetFont());
  ImGui::TextWrapped("%s", v.title.c_str());
  ImGui::PopFont();
  if (app.viewing == RunKind::Twin) {
    ImGui::SameLine();
    ImGui::TextColored(col4(p.ok), "(the graceful twin)");
  }

  // The note in force, in a framed box so it reads first.
  if (v.has_note) {
    ImGui::Spacing();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float pad = 6 * app.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(a.x + pad, a.y + pad));
    ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMax().x - pad);
    ImGui::TextColored(col4(p.note), "%s", v.note_time.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", v.note.c_str());
    if (!v.note_caveat.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, col4(p.dim));
      ImGui::TextWrapped("%s", v.note_caveat.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    const ImVec2 z(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x, ImGui::GetItemRectMax().y + pad);
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(a, z, col(p.note.alpha(p.light ? 40 : 28)), 4 * app.scale);
    dl->AddRect(a, z, col(p.note.alpha(v.note_fresh ? 255 : 110)), 4 * app.scale, 0, (v.note_fresh ? 2.5f : 1.0f) * app.scale);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(a.x, z.y));
    ImGui::Dummy(ImVec2(0, 2 * app.scale));
  }

  if (!v.errors.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, col4(p.error));
    for (const std::string& e : v.errors) ImGui::TextWrapped("%s", e.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, col4(p.dim));
  ImGui::TextWrapped("%s", v.summary.c_str());
  ImGui::PopStyleColor();
  ImGui::End();
}

}  // namespace tcpsim::viz
