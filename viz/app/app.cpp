// The AppState's actions, and one frame of the whole window: layout, menus, shortcuts, panels.
#include "app/app.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "app/host.hpp"
#include "app/panels.hpp"
#include "app/sound.hpp"
#include "app/theme.hpp"
#include "model/panel_layout.hpp"
#ifdef __EMSCRIPTEN__
#include "app/browser.hpp"
#endif

namespace tcpsim::viz {

namespace {

int64_t mtime_of(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

}  // namespace

// ---- AppState actions ----

const Run* AppState::run() const {
  if (viewing == RunKind::Twin && session.twin()) return session.twin();
  return session.fault();
}

/// The parent branch's fault run when it is the ghost (a what-if's fault run on screen), else null.
static const Run* parent_ghost(const AppState& app) {
  if (app.viewing == RunKind::Twin) return nullptr;
  const Session* p = app.branches.parent_session();
  return p ? p->fault() : nullptr;
}

const Run* AppState::other_run() const {
  if (const Run* p = parent_ghost(*this)) return p;
  if (!session.twin()) return nullptr;
  return viewing == RunKind::Twin ? session.fault() : session.twin();
}

const Divergence& AppState::ghost_divergence() const {
  if (parent_ghost(*this)) return branches[branches.current()].from_parent;
  return session.divergence();
}

const std::string& AppState::ghost_headline() const {
  if (parent_ghost(*this)) return branches[branches.current()].from_parent_headline;
  return session.headline();
}

const Branch* AppState::ghost_branch() const { return parent_ghost(*this) ? branches.parent() : nullptr; }

std::string AppState::ghost_name() const {
  if (parent_ghost(*this)) {
    const std::string& p = branches.parent()->name;
    return p == "original" ? "the original run" : p;
  }
  return viewing == RunKind::Twin ? "the fault run" : "the graceful twin";
}

int64_t AppState::divergence_segment() const {
  const Divergence& d = ghost_divergence();
  return viewing == RunKind::Twin ? d.twin_segment : d.fault_segment;
}

void AppState::say(const std::string& text) {
  message = text;
  message_until = ImGui::GetTime() + 4.0;
}

/// Rebuilds everything that depends on the loaded runs (after open or re-simulation).
static void rebuild(AppState& app) {
  app.fault_moments.reset();
  app.twin_moments.reset();
  app.parent_moments.reset();
  if (app.session.fault()) app.fault_moments = std::make_unique<MomentBuilder>(*app.session.fault());
  if (app.session.twin()) app.twin_moments = std::make_unique<MomentBuilder>(*app.session.twin());
  if (const Session* p = app.branches.parent_session(); p && p->fault()) {
    app.parent_moments = std::make_unique<MomentBuilder>(*p->fault());
  }
  if (!app.session.twin()) app.viewing = RunKind::Fault;
  app.playback.reset(app.run());
  app.selected = -1;
  std::vector<Diagnostic> all = app.session.errors();
  for (const Diagnostic& d : app.session.run_errors()) all.push_back(d);
  app.editor.marks = marks_from(all);
}

void AppState::open(const std::string& path) {
  beside.beside.close();  // a recording of the scenario closed
  branches.start();
  session.load_file(path);
  editor.text = session.text();
  editor.dirty = false;
  editor.reload_offered = false;
  editor.file_mtime = mtime_of(path);
  rebuild(*this);
  camera = LadderCamera{};
  // A file that does not parse opens in the editor with its errors shown.
  if (!session.fault()) view.editor = true;
  refresh_moment();
}

void AppState::resimulate() {
  const Time keep = playback.now();
  const size_t keep_step = playback.step();
  const double keep_top = camera.top;
  const double keep_zoom = camera.pixels_per_story;
  session.load_text(editor.text, session.path(), branches.what_if_lines(editor.text), /*keep_last_good=*/true);
  branches.resimulated(session);
  rebuild(*this);
  if (run()) {
    // Keep the place: the same simulated time (and at least as many steps, if they still exist).
    playback.seek_time(keep);
    if (playback.step() < keep_step && keep_step <= playback.steps() && run()->time_of_step(keep_step) == keep) {
      playback.seek_step(keep_step);
    }
    camera.top = keep_top;
    camera.pixels_per_story = keep_zoom;
    camera.fit_pending = false;
  }
  say(session.stale() ? "The scenario has errors: still showing the last good run (see the editor)."
      : session.fault() ? "Re-simulated." : "The scenario has errors: see the editor.");
  refresh_moment();
}

/// After the branch on screen changed: everything rebuilt, playback at the same moment (same steps,
/// same simulated time) and the same view of the ladder.
static void keep_moment(AppState& app, size_t step, Time now, bool playing) {
  const double keep_top = app.camera.top;
  const double keep_zoom = app.camera.pixels_per_story;
  rebuild(app);
  app.editor.text = app.session.text();
  app.editor.dirty = false;
  app.editor.generation++;
  if (app.run()) {
    app.playback.seek_moment(step, now);
    if (playing) app.playback.play();
    app.camera.top = keep_top;
    app.camera.pixels_per_story = keep_zoom;
    app.camera.fit_pending = false;
  }
  app.refresh_moment();
}

bool AppState::fork(const std::string& statement) {
  act.error.clear();
  const Run* viewed = run();
  if (!viewed) {
    act.error = "the scenario has errors: fix them first";
    return false;
  }
  if (session.stale()) {
    act.error = "the scenario has errors: fix them first (the run on screen is the last good one)";
    return false;
  }
  if (editor.dirty) {
    act.error = "the editor has changes that are not simulated: press Ctrl+Enter first";
    return false;
  }
  const size_t step = playback.step();
  const Time now = playback.now();
  const bool playing = playback.playing();
  const ForkResult r = branches.fork(session, *viewed, statement, step, now);
  if (!r.ok) {
    act.error = r.message;
    say("No what-if: " + r.message);
    return false;
  }
  keep_moment(*this, step, now, playing);
  say(r.message);
  return true;
}

bool AppState::add_line(const std::string& line, std::string* error) {
  const ForkResult r = branches.fork_line(session, line);
  if (!r.ok) {
    *error = r.message;
    return false;
  }
  keep_moment(*this, playback.step(), playback.now(), false);
  return true;
}

/// True (and says so) when the editor holds text that switching branches would throw away.
static bool editor_busy(AppState& app) {
  if (!app.editor.dirty) return false;
  app.say("The editor has changes: re-simulate them (Ctrl+Enter) or save them first");
  return true;
}

void AppState::switch_branch(size_t i) {
  if (i >= branches.size() || i == branches.current() || editor_busy(*this)) return;
  const size_t step = playback.step();
  const Time now = playback.now();
  branches.switch_to(session, i);
  // The same moment where the branches share it; a branch that parts earlier shows its own run there.
  keep_moment(*this, step, now, playback.playing());
  say("Branch: " + branches[i].name);
}

void AppState::undo_whatif() {
  if (editor_busy(*this)) return;
  const size_t step = playback.step();
  const Time now = playback.now();
  const std::string name = branches.size() > 1 ? branches[branches.size() - 1].name : "";
  if (!branches.undo(session)) {
    say("Nothing to undo: this is the original run");
    return;
  }
  keep_moment(*this, step, now, playback.playing());
  say("Undid " + name + " (Ctrl+Shift+Z brings it back)");
}

void AppState::redo_whatif() {
  if (editor_busy(*this)) return;
  const size_t step = playback.step();
  const Time now = playback.now();
  if (!branches.redo(session)) {
    say("Nothing to redo");
    return;
  }
  keep_moment(*this, step, now, playback.playing());
  say("Back: " + branches[branches.current()].name);
}

void AppState::view_run(RunKind kind) {
  if (kind == viewing || (kind == RunKind::Twin && !session.twin())) return;
  const Time keep = playback.now();
  viewing = kind;
  playback.reset(run());
  playback.seek_time(keep);
  selected = -1;
  refresh_moment();
}

void AppState::refresh_moment() {
  const MomentBuilder* mine = viewing == RunKind::Twin ? twin_moments.get() : fault_moments.get();
  const MomentBuilder* theirs = parent_ghost(*this) ? parent_moments.get()
                                : viewing == RunKind::Twin ? fault_moments.get() : twin_moments.get();
  if (!mine) {
    moment = Moment{};
    ghost.reset();
    return;
  }
  moment = mine->at(playback.step(), playback.now());
  if (beside.beside.on()) {
    // The run beside steps with this one by simulated time, compared with the run on screen.
    const Run& b = *beside.beside.run();
    if (run() && beside.beside.compared() != run()->serial) beside.beside.compare_with(*run());
    beside.moment = beside.moments->at(b.steps_until(playback.now()), playback.now());
  }
  ghost.reset();
  if (theirs && other_run()) {
    const Run& o = *other_run();
    ghost = theirs->at(o.steps_until(playback.now()), playback.now());
  }
}

// ---- One frame ----

namespace {

/// Where each panel goes this frame.
struct Layout {
  Rect toolbar, ladder, diagram, tcb, inspector, narration, console, editor;
};

Layout layout_for(const AppState& app, float top, float width, float height) {
  // The model decides (panel_layout, tested without a window); this only reads ImGui's style.
  const ImGuiStyle& st = ImGui::GetStyle();
  PanelMetrics m{app.scale, ImGui::GetFrameHeight(), st.ItemSpacing.y, st.WindowPadding.y, app.view.presentation};
  const PanelRects r = panel_layout(top, width, height, m);
  const auto rect = [](const Box& b) { return Rect{b.x, b.y, b.w, b.h}; };
  return {rect(r.toolbar), rect(r.ladder),    rect(r.diagram), rect(r.tcb),
          rect(r.inspector), rect(r.narration), rect(r.console), rect(r.editor)};
}

bool pressed(int glfw_key) { return ImGui::IsKeyPressed(glfw_key, true); }

void shortcuts(AppState& app, GLFWwindow* window) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // Typing in the editor.
  Playback& p = app.playback;
  const bool shift = io.KeyShift;
  const bool ctrl = io.KeyCtrl;
  if (pressed(GLFW_KEY_SPACE)) p.toggle();
  if (pressed(GLFW_KEY_RIGHT)) shift ? p.next_segment() : p.next_event();
  if (pressed(GLFW_KEY_LEFT)) shift ? p.prev_segment() : p.prev_event();
  if (pressed(GLFW_KEY_HOME)) p.restart();
  if (pressed(GLFW_KEY_END)) p.seek_step(p.steps());
  if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) p.set_speed(p.speed() * 1.5);
  if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) p.set_speed(p.speed() / 1.5);
  if (pressed(GLFW_KEY_F1)) app.view.help = !app.view.help;
  if (pressed(GLFW_KEY_F11)) {
    app.view.fullscreen = !app.view.fullscreen;
    set_fullscreen(app, window, app.view.fullscreen);
  }
  if (ctrl && shift && pressed(GLFW_KEY_S)) {
    save_branch(app);
  } else if (ctrl && pressed(GLFW_KEY_S)) {
    save_editor(app);
  }
  if (ctrl && pressed(GLFW_KEY_R)) app.open(app.session.path());
#ifdef __EMSCRIPTEN__
  // A page is closed with its tab; files come from the person's machine and links go to others.
  if (ctrl && shift && pressed(GLFW_KEY_O)) {
    browser_pick_file();
  } else if (ctrl && pressed(GLFW_KEY_O)) {
    app.view.library = true;
  }
  if (ctrl && shift && pressed(GLFW_KEY_L)) browser_share(app);
#else
  if (ctrl && pressed(GLFW_KEY_Q)) glfwSetWindowShouldClose(window, 1);
  if (ctrl && pressed(GLFW_KEY_O)) app.view.library = true;
#endif
  // What-ifs: undo and redo (the editor's own Ctrl+Z works while it has the keyboard).
  if (ctrl && pressed(GLFW_KEY_Z)) shift ? app.redo_whatif() : app.undo_whatif();
  if (ctrl && pressed(GLFW_KEY_Y)) app.redo_whatif();
  if (ctrl) return;
  if (io.KeyAlt) {
    for (int k = 0; k <= 9; ++k) {
      if (pressed(GLFW_KEY_0 + k)) app.switch_branch(static_cast<size_t>(k));
    }
    return;
  }
  if (pressed(GLFW_KEY_W)) app.act.palette = !app.act.palette;
  if (pressed(GLFW_KEY_B)) app.act.branches = !app.act.branches;
  if (pressed(GLFW_KEY_X)) app.view.exports = !app.view.exports;
  if (pressed(GLFW_KEY_K)) app.view.timers = !app.view.timers;
  if (pressed(GLFW_KEY_M)) app.view.muted = !app.view.muted;
  if (pressed(GLFW_KEY_A)) app.view.absolute = !app.view.absolute;
  if (pressed(GLFW_KEY_G)) app.view.ghost = !app.view.ghost;
  if (pressed(GLFW_KEY_P)) app.view.presentation = !app.view.presentation;
  if (pressed(GLFW_KEY_E)) app.view.editor = !app.view.editor;
  if (pressed(GLFW_KEY_L)) app.view.library = !app.view.library;
  if (pressed(GLFW_KEY_F)) app.camera.fit_pending = app.beside.camera.fit_pending = true;
  if (pressed(GLFW_KEY_S)) p.set_mode(p.mode() == PlayMode::Continuous ? PlayMode::EventByEvent : PlayMode::Continuous);
  if (pressed(GLFW_KEY_T)) app.view_run(app.viewing == RunKind::Fault ? RunKind::Twin : RunKind::Fault);
  PredictShortcuts(app);
  if (pressed(GLFW_KEY_ESCAPE)) {
    if (!app.view.help && !app.view.library && app.predict.on()) TogglePredict(app);  // Esc leaves predict mode
    app.view.help = false;
    app.view.library = false;
    app.act.palette = false;
    app.view.exports = false;
  }
}

void menus(AppState& app, GLFWwindow* window) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Scenario library...", "Ctrl+O / L")) app.view.library = true;
#ifdef __EMSCRIPTEN__
    if (ImGui::MenuItem("Open a .scn or .pkt file from this computer...", "Ctrl+Shift+O")) browser_pick_file();
    ImGui::TextDisabled("  (or drop one on the page)");
    if (ImGui::MenuItem("Save (download)", "Ctrl+S", false, !app.session.path().empty())) save_editor(app);
    if (ImGui::MenuItem("Reload the file", "Ctrl+R")) app.open(app.session.path());
    if (ImGui::MenuItem("Download this branch as a new file", "Ctrl+Shift+S", false, app.run() != nullptr)) {
      save_branch(app);
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Share link (copies a link that opens this scenario)", "Ctrl+Shift+L")) browser_share(app);
#else
    if (ImGui::MenuItem("Save", "Ctrl+S", false, !app.session.path().empty())) save_editor(app);
    if (ImGui::MenuItem("Reload from disk", "Ctrl+R")) app.open(app.session.path());
    ImGui::Separator();
    if (ImGui::MenuItem("Open a run beside this one (the kernel's run)...", nullptr, false, app.run() != nullptr)) {
      app.beside.ask = true;
    }
    if (ImGui::MenuItem("Close the run beside", nullptr, false, app.beside.beside.on())) app.beside.beside.close();
    if (ImGui::MenuItem("Save this branch as a new file", "Ctrl+Shift+S", false, app.run() != nullptr)) save_branch(app);
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) glfwSetWindowShouldClose(window, 1);
#endif
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Editor", "E", &app.view.editor);
    ImGui::MenuItem(app.branches.parent() ? "The previous branch as a ghost" : "Graceful twin as a ghost", "G",
                    &app.view.ghost, app.other_run() != nullptr);
    bool twin = app.viewing == RunKind::Twin;
    if (ImGui::MenuItem("Show the graceful twin instead", "T", &twin, app.session.twin() != nullptr)) {
      app.view_run(twin ? RunKind::Twin : RunKind::Fault);
    }
    ImGui::MenuItem("Absolute sequence numbers", "A", &app.view.absolute);
    ImGui::MenuItem("Timers in the TCB panels", "K", &app.view.timers);
    if (ImGui::MenuItem("Fit the whole run", "F")) app.camera.fit_pending = true;
    ImGui::Separator();
    PredictMenu(app);
    ImGui::Separator();
    ImGui::MenuItem("Presentation mode", "P", &app.view.presentation);
    if (ImGui::MenuItem("Full screen", "F11", &app.view.fullscreen)) set_fullscreen(app, window, app.view.fullscreen);
    ImGui::MenuItem("Mute sound", "M", &app.view.muted);
    ImGui::EndMenu();
  }
  ShowActMenu(app);
  if (ImGui::BeginMenu("Export")) {
    if (ImGui::MenuItem("Export by keyboard...", "X")) app.view.exports = true;
    ImGui::Separator();
    // Next to the scenario file; the menu bar says where.
    const Run* run = app.run();
    if (ImGui::MenuItem("Wireshark capture (pcapng), on the wire", nullptr, false, run != nullptr)) {
      app_export_pcapng(app, kNoNode);
    }
    if (ImGui::BeginMenu("Wireshark capture (pcapng), at the interface of", run != nullptr)) {
      for (NodeId n : run->lanes) {
        if (ImGui::MenuItem(run->trace.nodes[n].name.c_str())) app_export_pcapng(app, n);
      }
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("SVG ladder diagram (for slides)", nullptr, false, run != nullptr)) app_export_svg(app);
    if (ImGui::MenuItem("PNG screenshot of this view")) app_request_screenshot(app);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::MenuItem("Shortcuts", "F1", &app.view.help);
    ImGui::EndMenu();
  }
  // The file and the status message on the right of the menu bar.
  std::string right = app.session.path();
  if (!app.message.empty() && ImGui::GetTime() < app.message_until) right = app.message;
  const float w = ImGui::CalcTextSize(right.c_str()).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - w - 16));
  ImGui::TextDisabled("%s", right.c_str());
  ImGui::EndMainMenuBar();
}

}  // namespace

void save_editor(AppState& app) {
  const std::string& path = app.session.path();
  if (path.empty()) return;
  std::ofstream f(path, std::ios::binary);
  f << app.editor.text;
  f.close();
  if (!f) {
    app.say("Could not write " + path);
    return;
  }
  app.editor.dirty = false;
  app.editor.reload_offered = false;
  app.editor.file_mtime = mtime_of(path);
  // In the browser the file above lives in the page's memory: the person gets it as a download.
  app.say(download(path, app.editor.text) ? "Saved; downloaded " + path.substr(path.find_last_of('/') + 1)
                                          : "Saved " + path);
}

void watch_file(AppState& app) {
#ifdef __EMSCRIPTEN__
  // A page's files live in its memory: nothing else changes them.
  (void)app;
  return;
#endif
  // Reload when the file changes on disk (an instructor editing it in another editor).
  const double t = ImGui::GetTime();
  if (t < app.next_file_check || app.session.path().empty()) return;
  app.next_file_check = t + 0.5;
  const int64_t m = mtime_of(app.session.path());
  if (m == 0 || m == app.editor.file_mtime) return;
  if (app.editor.dirty || app.branches.size() > 1) {
    // Edits or what-ifs of this session would be lost: the editor offers the reload instead.
    app.editor.reload_offered = true;
    app.editor.file_mtime = m;
    return;
  }
  std::ifstream f(app.session.path(), std::ios::binary);
  if (!f) return;  // Being replaced right now: look again next time.
  std::stringstream text;
  text << f.rdbuf();
  app.editor.file_mtime = m;
  app.editor.text = text.str();
  app.editor.generation++;
  // Re-simulated in place: a file saved with a typo keeps its last good run on screen.
  app.resimulate();
  app.editor.dirty = false;
  if (!app.session.stale()) app.say("Reloaded " + app.session.path() + " (changed on disk)");
}

void draw_frame(AppState& app, GLFWwindow* window, double dt) {
  app.hotspots.clear();
  predict_sync(app.predict, app.playback, app.run());  // the stop before any key moves playback
  shortcuts(app, window);
  predict_sync(app.predict, app.playback, app.run());  // a run switched by a key is followed at once
  const size_t before = app.moment.applied;
  app.playback.tick(dt);
  app.refresh_moment();
  if (app.sound && !app.view.muted) app.sound->cues(app, before);
  watch_file(app);

  menus(app, window);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float top = ImGui::GetFrameHeight();
  const Layout l = layout_for(app, top, vp->Size.x, vp->Size.y);
  ShowToolbar(app, l.toolbar);
  ShowLadder(app, l.ladder);
  if (app.view.editor) {
    ShowEditor(app, l.editor, &app.view.editor);
  } else {
    ShowStateDiagram(app, l.diagram);
    ShowTcb(app, l.tcb);
    ShowInspector(app, l.inspector);
  }
  ShowNarration(app, l.narration);
  ShowConsole(app, l.console);
  ShowPredict(app, {0, l.narration.y, vp->Size.x, l.narration.h});
  ShowActContext(app);
  if (app.act.palette) ShowActPalette(app, &app.act.palette);
  if (app.act.branches) ShowBranches(app, &app.act.branches);
  if (app.view.exports) ShowExportPalette(app, &app.view.exports);
  if (app.view.library) ShowLibrary(app, &app.view.library);
  if (app.view.help) ShowHelp(app, &app.view.help);
  ShowBesideOpen(app);
#ifdef __EMSCRIPTEN__
  if (app.page.share_open) ShowShareLink(app, &app.page.share_open);
#endif
}

}  // namespace tcpsim::viz
