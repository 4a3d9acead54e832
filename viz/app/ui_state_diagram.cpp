// Placeholder: replaced by the real panel.
#include "app/panels.hpp"

namespace tcpsim::viz {

void ShowStateDiagram(AppState& app, const Rect& where) {
  (void)app;
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("state_diagram", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  ImGui::TextUnformatted("state_diagram");
  ImGui::End();
}

}  // namespace tcpsim::viz
