#pragma once
// The window's input and size for ImGui, kept from GLFW's callbacks instead of asked for every frame.
// ImGui 1.86's GLFW back end asks X for the window size twice, the input focus and the pointer each
// frame: four round trips to the X server, about a tenth of a frame's CPU time. Its callbacks still
// deliver keys, text, the wheel and button presses; this takes over ImGui_ImplGlfw_NewFrame.
#include <GLFW/glfw3.h>

#include <array>
#include <vector>

namespace tcpsim::viz {

class Platform {
 public:
  /// Installs its callbacks on `window`. Call before ImGui_ImplGlfw_InitForOpenGL(window, true), which
  /// chains its own to these.
  void attach(GLFWwindow* window);
  /// Takes the keyboard from ImGui's GLFW callbacks (call after ImGui_ImplGlfw_InitForOpenGL): key and
  /// character events are queued and handed to ImGui in order, at most one change of each key a frame.
  /// ImGui 1.86 reads a key's state once a frame, so a key pressed and released between two frames (a
  /// quick tap; a browser delivers its events in bursts between animation frames) was missed, and two
  /// Enters typed within a frame made one new line.
  void queue_keyboard(GLFWwindow* window);
  /// Instead of ImGui_ImplGlfw_NewFrame: queued keys, display size, time step, mouse position, buttons
  /// and cursor.
  void new_frame();
  /// The pointer moves to (x, y) in the window, as GLFW's cursor callback reports it (--input).
  void inject_cursor(double x, double y);
  /// The window's size changed where no GLFW callback reports it (the browser resized the canvas).
  void resized(int width, int height, int fb_width, int fb_height);

 private:
  /// A key event (ch == 0) or a typed character, waiting for its frame.
  struct KeyEvent {
    int key = 0, scancode = 0, action = 0, mods = 0;
    unsigned ch = 0;
  };
  static Platform& of(GLFWwindow* w);
  void deliver_keys();
  std::vector<KeyEvent> keys_;
  GLFWwindow* window_ = nullptr;
  int width_ = 0, height_ = 0, fb_width_ = 0, fb_height_ = 0;
  double time_ = 0;
  bool focused_ = false, inside_ = false;
  double mouse_x_ = -1, mouse_y_ = -1;
  bool mouse_known_ = false;
  std::array<bool, 5> just_pressed_{};
  std::array<GLFWcursor*, 9> cursors_{};
  int cursor_shown_ = -2;
};

}  // namespace tcpsim::viz
