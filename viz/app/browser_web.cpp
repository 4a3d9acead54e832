// The visualizer in a web page: the C++ half of the bridge to web/tcpsim-page.js (Module.tcpsimPage).
// Built only by web/CMakeLists.txt (emscripten); the desktop build leaves *_web.cpp out.
#include <backends/imgui_impl_glfw.h>
#include <emscripten.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "app/browser.hpp"
#include "app/panels.hpp"
#include "app/theme.hpp"
#include "model/library.hpp"

namespace tcpsim::viz {

namespace {

/// What the page's callbacks reach: they arrive outside any frame, with no other way to the app.
struct Bridge {
  AppState* app = nullptr;
  std::string clipboard;      ///< What ImGui last copied or the page last pasted.
  std::string status;         ///< tcpsim_web_status()'s last answer (the page reads it before the next call).
  std::string title_path;     ///< The file the page's title was last set for.
};
Bridge bridge;

/// A string the page's script made with _malloc, taken over and freed.
std::string take(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

// The page's functions (web/tcpsim-page.js). Strings cross as UTF-8 in the wasm heap.
EM_JS(void, js_download, (const char* name, const char* data, size_t size), {
  Module.tcpsimPage.download(UTF8ToString(name), HEAPU8.slice(data, data + size));
});
EM_JS(void, js_pick_file, (), { Module.tcpsimPage.pickFile(); });
EM_JS(void, js_share, (const char* text, const char* name, int step), {
  Module.tcpsimPage.share(UTF8ToString(text), UTF8ToString(name), step);
});
EM_JS(void, js_fullscreen, (int on), { Module.tcpsimPage.fullscreen(on != 0); });
EM_JS(void, js_first_frame, (const char* phases), { Module.tcpsimPage.firstFrame(JSON.parse(UTF8ToString(phases))); });
EM_JS(int, js_had_gesture, (), { return Module.tcpsimPage.hadGesture ? 1 : 0; });
EM_JS(char*, js_string, (int which), {
  var s = Module.tcpsimPage.string(which);
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, js_set_title, (const char* title), { document.title = UTF8ToString(title); });
EM_JS(void, js_copy, (const char* text), { Module.tcpsimPage.copy(UTF8ToString(text)); });
EM_JS(double, js_wheel, (int axis), { return Module.tcpsimPage.wheel(axis); });
EM_JS(void, js_cursor, (int shape), { Module.tcpsimPage.cursor(shape); });
EM_JS(int, js_is_mac, (), { return /Mac|iPhone|iPad/.test(navigator.platform || "") ? 1 : 0; });
EM_JS(int, js_resize_canvas, (int* w, int* h), {
  // The canvas fills the browser window: its drawing buffer follows the window's inner size.
  var c = Module.canvas;
  var cw = Math.max(320, Math.floor(window.innerWidth));
  var ch = Math.max(240, Math.floor(window.innerHeight));
  HEAP32[w >> 2] = cw;
  HEAP32[h >> 2] = ch;
  if (c.width === cw && c.height === ch) return 0;
  c.width = cw;
  c.height = ch;
  if (GLFW.active) {
    GLFW.active.width = cw;
    GLFW.active.height = ch;
  }
  return 1;
});

/// Indices of js_string's strings (tcpsim-page.js lists them in the same order).
enum PageString { kQuery = 0, kSharedFile = 1, kPasted = 2, kLinkProblem = 3 };

const char* get_clipboard(void*) {
  // The page keeps what was last pasted (Ctrl+V's paste event); else what the app copied itself.
  const std::string pasted = take(js_string(kPasted));
  if (!pasted.empty()) bridge.clipboard = pasted;
  return bridge.clipboard.c_str();
}

void set_clipboard(void*, const char* text) {
  bridge.clipboard = text ? text : "";
  js_copy(bridge.clipboard.c_str());
}

/// The browser reports the wheel in pixels, lines or pages, down positive: ImGui wants notches, up
/// positive. The page normalised the last wheel event; emscripten's GLFW passed it through raw.
void on_scroll(GLFWwindow* window, double, double) {
  ImGui_ImplGlfw_ScrollCallback(window, js_wheel(0), js_wheel(1));
}

/// The scenario's title for the browser tab.
void follow_title(const AppState& app) {
  if (bridge.title_path == app.session.path()) return;
  bridge.title_path = app.session.path();
  std::string title = "tcpsim";
  if (app.session.scenario() && !app.session.scenario()->title.empty()) {
    title = app.session.scenario()->title + " \u2014 tcpsim";
  }
  js_set_title(title.c_str());
}

std::string file_stem(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (name.size() > 4 && (name.compare(name.size() - 4, 4, ".scn") == 0 || name.compare(name.size() - 4, 4, ".pkt") == 0)) {
    name.resize(name.size() - 4);
  }
  return name;
}

}  // namespace

std::vector<std::string> browser_start_options(StartOptions* out) {
  std::vector<std::string> problems = parse_query(take(js_string(kQuery)), library_dir(), out);
  if (std::string shared = take(js_string(kSharedFile)); !shared.empty()) out->file = shared;
  if (std::string link = take(js_string(kLinkProblem)); !link.empty()) problems.push_back(link);
  for (const std::string& p : problems) std::fprintf(stderr, "tcpsim: the page's URL: %s\n", p.c_str());
  return problems;
}

std::string browser_canvas_size() {
  int w = 0, h = 0;
  js_resize_canvas(&w, &h);
  return std::to_string(w) + "x" + std::to_string(h);
}

void browser_attach(AppState& app, GLFWwindow* window, Platform& platform, const std::vector<std::string>& problems) {
  bridge.app = &app;
  ImGuiIO& io = ImGui::GetIO();
  io.GetClipboardTextFn = get_clipboard;
  io.SetClipboardTextFn = set_clipboard;
  // On a Mac the editor's copy, paste and word moves are Cmd and Option, as in every other text field.
  io.ConfigMacOSXBehaviors = js_is_mac() != 0;
  glfwSetScrollCallback(window, on_scroll);
  browser_before_frame(app, window, platform);
  if (!problems.empty()) {
    std::string all = problems.front();
    for (size_t i = 1; i < problems.size(); ++i) all += "; " + problems[i];
    app.say("The page's URL: " + all);
    app.message_until = ImGui::GetTime() + 15.0;  // long enough to read a longer message
  }
}

void browser_before_frame(AppState& app, GLFWwindow* window, Platform& platform) {
  (void)window;
  int w = 0, h = 0;
  if (js_resize_canvas(&w, &h)) platform.resized(w, h, w, h);
  if (!app.page.open_request.empty()) {
    const std::string path = std::move(app.page.open_request);
    app.page.open_request.clear();
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) {
      app.open_beside(path);  // a recording (kernel-check --json): beside the run on screen; it says how it went
      follow_title(app);
      return;
    }
    app.open(path);
    app.view.library = false;
    app.say(app.session.fault() ? "Opened " + path.substr(path.find_last_of('/') + 1)
                                : "The file has errors: see the editor.");
  }
  follow_title(app);
}

void browser_first_frame(const std::vector<std::pair<const char*, double>>& phases) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [name, ms] : phases) j.push_back({name, ms});
  js_first_frame(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

bool browser_had_gesture() { return js_had_gesture() != 0; }

void browser_download(const std::string& name, const std::string& bytes) {
  js_download(name.c_str(), bytes.data(), bytes.size());
}

void browser_pick_file() { js_pick_file(); }

void browser_share(AppState& app) {
  // The text of the branch on screen (a what-if's lines included), as the editor holds it.
  const std::string& text = app.editor.text.empty() ? app.session.text() : app.editor.text;
  if (text.empty()) {
    app.say("Nothing to share: no scenario is open.");
    return;
  }
  js_share(text.c_str(), file_stem(app.session.path()).c_str(), static_cast<int>(app.playback.step()));
}

void browser_fullscreen(bool on) { js_fullscreen(on ? 1 : 0); }

void browser_cursor(int imgui_cursor) { js_cursor(imgui_cursor); }

void ShowShareLink(AppState& app, bool* open) {
  PageUi& page = app.page;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.3f), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.9f, 900.0f * app.scale), 0), ImGuiCond_Always);
  ImGui::SetNextWindowFocus();
  ImGui::Begin("Share link###share", open,
               ImGuiWindowFlags_NoCollapse |           // closed with its X or Esc
                   ImGuiWindowFlags_NoMove |           // where the class looks
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  ImGui::TextWrapped("%s", page.share_copied
                               ? "Copied to the clipboard. Paste it in a chat or the course page: it opens this "
                                 "scenario, as it is now, at this step."
                               : "Select the link and copy it (Ctrl+C): it opens this scenario, as it is now, at "
                                 "this step.");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##link", page.share_link.data(), page.share_link.size() + 1, ImGuiInputTextFlags_ReadOnly);
  ImGui::TextDisabled("%zu characters%s", page.share_link.size(),
                      page.share_link.size() > 8000 ? ": some chat apps cut links this long" : "");
  if (ImGui::Button("Copy again")) set_clipboard(nullptr, page.share_link.c_str());
  ImGui::SameLine();
  if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) *open = false;
  ImGui::End();
}

}  // namespace tcpsim::viz

using tcpsim::viz::bridge;

extern "C" {

/// The page put a scenario file at `path` (file picker, drag-and-drop): open it next frame.
EMSCRIPTEN_KEEPALIVE void tcpsim_web_open(const char* path) {
  if (bridge.app && path) bridge.app->page.open_request = path;
}

/// The page made the share link `url` (and copied it when `copied`).
EMSCRIPTEN_KEEPALIVE void tcpsim_web_share_done(const char* url, int copied) {
  if (!bridge.app || !url) return;
  bridge.app->page.share_link = url;
  bridge.app->page.share_copied = copied != 0;
  bridge.app->page.share_open = true;
  bridge.app->say(copied ? "Share link copied to the clipboard" : "Share link made: copy it from its window");
}

/// A message from the page for the status line ("That file is not a scenario").
EMSCRIPTEN_KEEPALIVE void tcpsim_web_message(const char* text) {
  if (bridge.app && text) bridge.app->say(text);
}

/// What the page shows, as JSON, for its tests and scripts: the file, the step, the modes.
EMSCRIPTEN_KEEPALIVE const char* tcpsim_web_status() {
  using tcpsim::viz::AppState;
  nlohmann::json j;
  if (const AppState* app = bridge.app) {
    j["file"] = app->session.path();
    j["title"] = app->session.scenario() ? app->session.scenario()->title : "";
    j["step"] = app->playback.step();
    j["steps"] = app->playback.steps();
    j["playing"] = app->playback.playing();
    j["now_ns"] = app->playback.now();
    j["twin"] = app->viewing == tcpsim::RunKind::Twin;
    j["ran"] = app->run() != nullptr;
    j["stale"] = app->session.stale();
    j["errors"] = app->editor.marks.size();
    j["editor"] = app->view.editor;
    j["dirty"] = app->editor.dirty;
    j["library"] = app->view.library;
    j["presentation"] = app->view.presentation;
    j["help"] = app->view.help;
    j["predict"] = app->predict.on();
    j["branch"] = app->branches.size() ? app->branches[app->branches.current()].name : "";
    j["branches"] = app->branches.size();
    j["message"] = app->message;
    j["share_link"] = app->page.share_link;
    j["sound"] = app->sound != nullptr;
    j["segments"] = app->run() ? app->run()->trace.segments.size() : 0;
    j["selected"] = app->selected;
    j["zoom"] = app->camera.pixels_per_story;
    if (app->palette) j["rst_rgb"] = {app->palette->rst.r, app->palette->rst.g, app->palette->rst.b};
    for (const auto& [name, r] : app->hotspots) j["hotspots"][name] = {r.x, r.y, r.w, r.h};
  }
  // A file's title may hold bytes that are not UTF-8: replaced, never thrown (the page has no catch).
  bridge.status = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return bridge.status.c_str();
}

}  // extern "C"
