#pragma once
// Plays an --input script into the window, one step per frame, through ImGui's GLFW callbacks (keys,
// characters, buttons) and the platform's pointer, exactly where a person's events would arrive.
#include <GLFW/glfw3.h>

#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app/platform.hpp"
#include "model/input_script.hpp"

namespace tcpsim::viz {

class InputPlayer {
 public:
  explicit InputPlayer(std::vector<InputCommand> commands) : commands_(std::move(commands)) {}
  /// Call before each frame: feeds the next piece of the script.
  void before_frame(AppState& app, GLFWwindow* window, Platform& platform);
  /// Every command has been played.
  bool done() const { return next_ >= commands_.size(); }
  /// What went wrong ("item:crash is not on screen"), or "".
  const std::string& error() const { return error_; }

 private:
  std::vector<InputCommand> commands_;
  size_t next_ = 0;
  int phase_ = 0;
  std::string error_;
};

}  // namespace tcpsim::viz
