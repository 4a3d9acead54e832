#include "app/platform.hpp"

#include <backends/imgui_impl_glfw.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>

#ifdef __EMSCRIPTEN__
#include "app/browser.hpp"
#endif

namespace tcpsim::viz {

Platform& Platform::of(GLFWwindow* w) { return *static_cast<Platform*>(glfwGetWindowUserPointer(w)); }

void Platform::attach(GLFWwindow* window) {
  window_ = window;
  glfwSetWindowUserPointer(window, this);
  glfwGetWindowSize(window, &width_, &height_);
  glfwGetFramebufferSize(window, &fb_width_, &fb_height_);
  focused_ = glfwGetWindowAttrib(window, GLFW_FOCUSED) != 0;
#ifdef GLFW_HOVERED
  inside_ = glfwGetWindowAttrib(window, GLFW_HOVERED) != 0;
#else
  inside_ = false;  // emscripten's GLFW (3.2) cannot say; the canvas's mouseenter will
#endif
  if (inside_ || focused_) {
    glfwGetCursorPos(window, &mouse_x_, &mouse_y_);
    mouse_known_ = true;
  }
  glfwSetWindowSizeCallback(window, [](GLFWwindow* w, int width, int height) {
    of(w).width_ = width;
    of(w).height_ = height;
  });
  glfwSetFramebufferSizeCallback(window, [](GLFWwindow* w, int width, int height) {
    of(w).fb_width_ = width;
    of(w).fb_height_ = height;
  });
  glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int focused) { of(w).focused_ = focused != 0; });
  glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int entered) { of(w).inside_ = entered != 0; });
  glfwSetCursorPosCallback(window, [](GLFWwindow* w, double x, double y) {
    Platform& p = of(w);
    p.mouse_x_ = x;
    p.mouse_y_ = y;
    p.mouse_known_ = true;
  });
  glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int button, int action, int) {
    // A press and release within one frame still counts as held for that frame (a quick click).
    Platform& p = of(w);
    if (action == GLFW_PRESS && button >= 0 && button < static_cast<int>(p.just_pressed_.size())) {
      p.just_pressed_[static_cast<size_t>(button)] = true;
    }
  });
  const int shapes[ImGuiMouseCursor_COUNT] = {GLFW_ARROW_CURSOR,   GLFW_IBEAM_CURSOR,   GLFW_ARROW_CURSOR,
                                              GLFW_VRESIZE_CURSOR, GLFW_HRESIZE_CURSOR, GLFW_ARROW_CURSOR,
                                              GLFW_ARROW_CURSOR,   GLFW_HAND_CURSOR,    GLFW_ARROW_CURSOR};
  static_assert(ImGuiMouseCursor_COUNT == 9, "one GLFW shape per ImGui cursor");
  for (size_t i = 0; i < cursors_.size(); ++i) cursors_[i] = glfwCreateStandardCursor(shapes[i]);
}

void Platform::inject_cursor(double x, double y) {
  mouse_x_ = x;
  mouse_y_ = y;
  mouse_known_ = true;
  inside_ = true;
}

void Platform::queue_keyboard(GLFWwindow* window) {
  // A bound on what waits (a tab in the background draws no frames but may still get key repeats).
  constexpr size_t kMaxQueued = 4096;
  glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    if (of(w).keys_.size() < kMaxQueued) of(w).keys_.push_back({key, scancode, action, mods, 0});
  });
  glfwSetCharCallback(window, [](GLFWwindow* w, unsigned ch) {
    if (ch != 0 && of(w).keys_.size() < kMaxQueued) of(w).keys_.push_back({0, 0, 0, 0, ch});
  });
}

void Platform::deliver_keys() {
  std::vector<int> changed;  // keys pressed or released this frame
  size_t i = 0;
  for (; i < keys_.size(); ++i) {
    const KeyEvent& e = keys_[i];
    if (e.ch != 0) {
      ImGui_ImplGlfw_CharCallback(window_, e.ch);
      continue;
    }
    if (e.action != GLFW_REPEAT) {
      // A key's second change waits for the next frame, and so does everything typed after it.
      if (std::find(changed.begin(), changed.end(), e.key) != changed.end()) break;
      changed.push_back(e.key);
    }
    ImGui_ImplGlfw_KeyCallback(window_, e.key, e.scancode, e.action, e.mods);
  }
  keys_.erase(keys_.begin(), keys_.begin() + static_cast<std::ptrdiff_t>(i));
}

void Platform::resized(int width, int height, int fb_width, int fb_height) {
  width_ = width;
  height_ = height;
  fb_width_ = fb_width;
  fb_height_ = fb_height;
}

void Platform::new_frame() {
  deliver_keys();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
  if (width_ > 0 && height_ > 0) {
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(fb_width_) / static_cast<float>(width_),
                                        static_cast<float>(fb_height_) / static_cast<float>(height_));
  }
  const double now = glfwGetTime();
  io.DeltaTime = time_ > 0 && now > time_ ? static_cast<float>(now - time_) : 1.0f / 60.0f;
  time_ = now;
  for (size_t i = 0; i < just_pressed_.size(); ++i) {
    io.MouseDown[i] = just_pressed_[i] || glfwGetMouseButton(window_, static_cast<int>(i)) == GLFW_PRESS;
    just_pressed_[i] = false;
  }
  // As ImGui's back end: the pointer counts while it is over the window, or anywhere while the window
  // has the focus (a drag may leave it).
  const bool held = io.MouseDown[0] || io.MouseDown[1] || io.MouseDown[2];
  io.MousePos = mouse_known_ && (inside_ || focused_ || held)
                    ? ImVec2(static_cast<float>(mouse_x_), static_cast<float>(mouse_y_))
                    : ImVec2(-FLT_MAX, -FLT_MAX);
  // The pointer's shape, changed only when ImGui wants another.
  const int want = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
  if (want != cursor_shown_) {
    cursor_shown_ = want;
#ifdef __EMSCRIPTEN__
    browser_cursor(want);  // emscripten's GLFW has no cursor shapes: the canvas's CSS cursor
#else
    if (want == ImGuiMouseCursor_None) {
      glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    } else {
      glfwSetCursor(window_, cursors_[static_cast<size_t>(want)]);
      glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
    }
#endif
  }
}

}  // namespace tcpsim::viz
