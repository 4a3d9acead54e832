// Window-level actions: full screen (of the window on the desktop, of the page in a browser).
#include <GLFW/glfw3.h>

#include "app/app.hpp"
#ifdef __EMSCRIPTEN__
#include "app/browser.hpp"
#endif

namespace tcpsim::viz {

void set_fullscreen(AppState& app, GLFWwindow* window, bool on) {
#ifdef __EMSCRIPTEN__
  // The page asks the browser (emscripten's GLFW has no monitors); the canvas follows the window's size.
  (void)app;
  (void)window;
  browser_fullscreen(on);
  return;
#endif
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
