// The Export menu's actions: a Wireshark capture (pcapng) of the run on screen, its ladder as an SVG
// for slides, and a PNG of the window. Each writes next to the scenario file (in the browser: downloads)
// and says where.
#include <algorithm>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/host.hpp"
#include "app/panels.hpp"
#include "app/ui_common.hpp"
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
  if (app.run()) app.say(hand_over(pcapng_file(app.session, app.viewing == RunKind::Twin, at, current_branch(app))));
}

void app_export_svg(AppState& app) {
  if (!app.run()) return;
  SvgOptions options;
  options.twin = app.viewing == RunKind::Twin;
  options.light = !app.palette || app.palette->light;
  options.ghost = app.view.ghost;
  options.absolute = app.view.absolute;
  app.say(hand_over(svg_file(app.session, options, current_branch(app))));
}

void ShowExportPalette(AppState& app, bool* open) {
  const Run* run = app.run();
  // The Export menu's items, in its order: the capture on the wire, at each node, the SVG, the PNG.
  struct Item {
    std::string label;
    int kind;     // 0 pcapng, 1 SVG, 2 PNG
    NodeId node;  // pcapng: kNoNode on the wire
  };
  std::vector<Item> items;
  if (run) {
    items.push_back({"Wireshark capture (pcapng), on the wire", 0, kNoNode});
    for (NodeId n : run->lanes) items.push_back({"Wireshark capture (pcapng), at " + run->trace.nodes[n].name, 0, n});
    items.push_back({"SVG ladder diagram (for slides)", 1, kNoNode});
  }
  items.push_back({"PNG screenshot of this view", 2, kNoNode});
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.25f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowFocus();
  ImGui::Begin("Export the run on screen (X)###export_palette", open,
               ImGuiWindowFlags_AlwaysAutoResize |     // as big as the list
                   ImGuiWindowFlags_NoCollapse |       // closed with its X, Esc or X
                   ImGuiWindowFlags_NoMove |           // where the class looks
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  static_assert(sizeof(ActUi::cursor) == sizeof(int), "the palettes share the cursor");
  int& cursor = app.act.cursor;
  if (ImGui::IsWindowAppearing()) cursor = 0;
  const int n = static_cast<int>(items.size());
  const ListKeys keys = list_keys(&cursor, n);
  int chosen = keys.enter ? cursor : -1;
  for (int i = 0; i < n; ++i) {
    if (ImGui::Selectable(items[static_cast<size_t>(i)].label.c_str(), i == cursor)) chosen = i;
  }
  ImGui::TextDisabled(files_download() ? "Up/Down and Enter; the file downloads."
                                       : "Up/Down and Enter; the file goes next to the scenario.");
  ImGui::End();
  if (keys.escape) *open = false;
  if (chosen < 0) return;
  const Item& it = items[static_cast<size_t>(chosen)];
  if (it.kind == 0) app_export_pcapng(app, it.node);
  if (it.kind == 1) app_export_svg(app);
  if (it.kind == 2) app_request_screenshot(app);
  *open = false;
}

}  // namespace tcpsim::viz
