// Placeholder: replaced by the real panel.
#include "app/panels.hpp"

namespace tcpsim::viz {

void ShowEditor(AppState& app, const Rect& where, bool* open) {
  (void)app;
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("Editor", open, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  ImGui::End();
}

}  // namespace tcpsim::viz
