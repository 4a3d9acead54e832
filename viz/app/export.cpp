// The Export menu's actions: a Wireshark capture (pcapng) of the run on screen, its ladder as an SVG
// for slides, and a PNG of the window. Each writes next to the scenario file and says where.
#include "app/app.hpp"
#include "model/exports.hpp"

namespace tcpsim::viz {

namespace {

/// The branch on screen, named in export file names ("-what-if-2"; nothing for the original).
std::string current_branch(const AppState& app) {
  return app.branches.size() ? app.branches[app.branches.current()].name : "";
}

}  // namespace

void app_request_screenshot(AppState& app) {
  // Written by the main loop once the frame is drawn: close-unread-data-step12.png.
  app.screenshot_request = export_base(app.session.path(), app.viewing == RunKind::Twin, current_branch(app)) + "-step" +
                           std::to_string(app.playback.step()) + ".png";
}

void app_export_pcapng(AppState& app, NodeId at) {
  if (app.run()) app.say(write_export(pcapng_file(app.session, app.viewing == RunKind::Twin, at, current_branch(app))));
}

void app_export_svg(AppState& app) {
  if (!app.run()) return;
  SvgOptions options;
  options.twin = app.viewing == RunKind::Twin;
  options.light = !app.palette || app.palette->light;
  options.ghost = app.view.ghost;
  options.absolute = app.view.absolute;
  app.say(write_export(svg_file(app.session, options, current_branch(app))));
}

}  // namespace tcpsim::viz
