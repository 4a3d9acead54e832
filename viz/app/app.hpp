#pragma once
// The window as a whole: one frame, the layout of the panels, shortcuts, menus, file watching.
#include <GLFW/glfw3.h>

#include "app/app_state.hpp"

namespace tcpsim::viz {

/// Draws one frame: advances playback by `dt` wall seconds, handles shortcuts, lays out the panels.
void draw_frame(AppState& app, GLFWwindow* window, double dt);
/// Writes the editor's text to the scenario file.
void save_editor(AppState& app);
/// Writes the branch on screen to a new scenario file next to the original (Branches ▸ Save).
void save_branch(AppState& app);
/// Reloads the scenario when its file changed on disk (or offers to, when the editor has changes).
void watch_file(AppState& app);
/// Switches the window to full screen on its monitor, or back.
void set_fullscreen(AppState& app, GLFWwindow* window, bool on);
/// Export > PNG: asks for a screenshot of the next frame, next to the scenario file.
void app_request_screenshot(AppState& app);
/// Export ▸ Wireshark capture of the run on screen: on the wire (kNoNode) or at node `at`'s interface.
void app_export_pcapng(AppState& app, NodeId at);
/// Export ▸ SVG ladder diagram of the run on screen, in the current theme.
void app_export_svg(AppState& app);

}  // namespace tcpsim::viz
