// Window-level actions: full screen.
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

}  // namespace tcpsim::viz
