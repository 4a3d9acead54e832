// Window-level actions: full screen, and the PNG export of the current view.
#include <GLFW/glfw3.h>

#include "app/app.hpp"

namespace tcpsim::viz {

void set_fullscreen(AppState& app, GLFWwindow* window, bool on) {
  int* saved = app.windowed;  // the window's place before it went full screen
  if (on) {
    GLFWmonitor* m = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = m ? glfwGetVideoMode(m) : nullptr;
    if (!mode) return;
    glfwGetWindowPos(window, &saved[0], &saved[1]);
    glfwGetWindowSize(window, &saved[2], &saved[3]);
    glfwSetWindowMonitor(window, m, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window, nullptr, saved[0], saved[1], saved[2], saved[3], 0);
  }
}

void app_request_screenshot(AppState& app) {
  // Next to the scenario: close-unread-data.scn -> close-unread-data-step12.png.
  std::string base = app.session.path().empty() ? std::string("tcpsim") : app.session.path();
  const size_t dot = base.rfind('.');
  if (dot != std::string::npos && base.find('/', dot) == std::string::npos) base.resize(dot);
  app.screenshot_request = base + "-step" + std::to_string(app.playback.step()) + ".png";
}

}  // namespace tcpsim::viz
