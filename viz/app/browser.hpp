#pragma once
// The visualizer in a web page (emscripten only; browser_web.cpp): what the page's script
// (web/tcpsim-page.js) does for it — the URL, downloads, the file picker and drag-and-drop, share
// links, the clipboard, full screen, the canvas's size — and what the page and its tests may ask it.
#include <GLFW/glfw3.h>

#include <string>
#include <utility>
#include <vector>

#include "app/app_state.hpp"
#include "app/platform.hpp"
#include "model/start_options.hpp"

namespace tcpsim::viz {

/// Reads the page's URL into `out`: the query's parameters, and a share link's scenario (the page put
/// it in the file system before the program started). Returns the problems, one message each.
std::vector<std::string> browser_start_options(StartOptions* out);
/// The canvas's size at start ("1280x720"): the browser window's inner size.
std::string browser_canvas_size();
/// Connects the app to the page once it is open: the clipboard, the mouse wheel, the callbacks the
/// page calls; shows `problems` (from the URL) in the status line.
void browser_attach(AppState& app, GLFWwindow* window, Platform& platform, const std::vector<std::string>& problems);
/// Before each frame: follows the browser window's size, opens a file the page handed over.
void browser_before_frame(AppState& app, GLFWwindow* window, Platform& platform);
/// Tells the page the first frame is drawn (it hides the loading message; tests and the bench wait
/// for it), with the start-up phases (name, ms since the program started) for the bench.
void browser_first_frame(const std::vector<std::pair<const char*, double>>& phases);
/// A key was pressed or the page clicked since it loaded (browsers start audio only after one).
bool browser_had_gesture();
/// Downloads `bytes` as a file called `name`.
void browser_download(const std::string& name, const std::string& bytes);
/// Opens the browser's file picker for a .scn file; the chosen one is opened (app.page.open_request).
void browser_pick_file();
/// File ▸ Share link: a link to this page that carries the scenario on screen in its fragment; it is
/// copied to the clipboard and shown (app.page).
void browser_share(AppState& app);
/// Full screen for the page, or back.
void browser_fullscreen(bool on);
/// The mouse pointer's shape for an ImGuiMouseCursor value (as a CSS cursor on the canvas).
void browser_cursor(int imgui_cursor);
/// The Share link window: the link, whether it was copied, a button to copy it again.
void ShowShareLink(AppState& app, bool* open);

}  // namespace tcpsim::viz
