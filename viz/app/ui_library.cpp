// Placeholder: replaced by the real panel.
#include "app/panels.hpp"

namespace tcpsim::viz {

void ShowLibrary(AppState& app, bool* open) {
  (void)app;
  ImGui::Begin("Scenario library", open);
  ImGui::End();
}

}  // namespace tcpsim::viz
