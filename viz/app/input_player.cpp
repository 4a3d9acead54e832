#include "app/input_player.hpp"

#include <backends/imgui_impl_glfw.h>

namespace tcpsim::viz {

namespace {

/// Presses or releases the modifiers of `c`.
void modifiers(GLFWwindow* w, const InputCommand& c, int action) {
  if (c.ctrl) ImGui_ImplGlfw_KeyCallback(w, GLFW_KEY_LEFT_CONTROL, 0, action, 0);
  if (c.shift) ImGui_ImplGlfw_KeyCallback(w, GLFW_KEY_LEFT_SHIFT, 0, action, 0);
  if (c.alt) ImGui_ImplGlfw_KeyCallback(w, GLFW_KEY_LEFT_ALT, 0, action, 0);
}

}  // namespace

void InputPlayer::before_frame(AppState& app, GLFWwindow* window, Platform& platform) {
  if (done() || !error_.empty()) return;
  const InputCommand& c = commands_[next_];
  auto advance = [&] {
    ++next_;
    phase_ = 0;
  };
  switch (c.kind) {
    case InputCommand::Kind::Frames:
      if (++phase_ >= c.frames) advance();
      return;
    case InputCommand::Kind::Key:
      // Down for one frame, then up.
      if (phase_ == 0) {
        modifiers(window, c, GLFW_PRESS);
        ImGui_ImplGlfw_KeyCallback(window, c.key, 0, GLFW_PRESS, 0);
        phase_ = 1;
      } else {
        ImGui_ImplGlfw_KeyCallback(window, c.key, 0, GLFW_RELEASE, 0);
        modifiers(window, c, GLFW_RELEASE);
        advance();
      }
      return;
    case InputCommand::Kind::Text:
      for (unsigned char ch : c.text) ImGui_ImplGlfw_CharCallback(window, ch);
      advance();
      return;
    case InputCommand::Kind::Move:
    case InputCommand::Kind::Click:
    case InputCommand::Kind::RClick: {
      // The pointer arrives (a frame to hover), the button goes down for a frame, then up.
      if (phase_ == 0) {
        float x = c.x, y = c.y;
        if (c.where != InputCommand::Where::Point) {
          const std::string& name = c.text;
          bool found = false;
          for (const auto& [n, r] : app.hotspots) {
            if (n == name) {
              x = r.x + r.w / 2;
              y = r.y + r.h / 2;
              found = true;
            }
          }
          if (!found) {
            error_ = "--input: '" + name + "' is not on screen";
            return;
          }
        }
        platform.inject_cursor(x, y);
        if (c.kind == InputCommand::Kind::Move) {
          advance();
        } else {
          phase_ = 1;
        }
      } else if (phase_ == 1) {
        ImGui_ImplGlfw_MouseButtonCallback(window, c.kind == InputCommand::Kind::RClick ? 1 : 0, GLFW_PRESS, 0);
        phase_ = 2;
      } else {
        advance();  // Released: GLFW reports the button up.
      }
      return;
    }
  }
}

}  // namespace tcpsim::viz
