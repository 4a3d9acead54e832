// tcpsim-viz: the classroom visualizer.
//   tcpsim-viz                          the default scenario (close with unread data) and the library
//   tcpsim-viz FILE                     a scenario file
//   tcpsim-viz FILE --screenshot out.png --at N    render the window at step N, write a PNG, exit
//   tcpsim-viz --bench FILE             print per-frame CPU times (zoomed out and zoomed in)
//   tcpsim-viz FILE --predict[=segments,states,calls,numbers]    predict mode: the class guesses first
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#else
#include <GL/gl.h>
#endif
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#ifndef __EMSCRIPTEN__
#include <CLI/CLI.hpp>  // the desktop's command line (the page reads its URL)
#endif
#include <algorithm>
#include <cfloat>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/input_player.hpp"
#include "app/panels.hpp"
#include "app/platform.hpp"
#include "app/host.hpp"
#include "app/sound.hpp"
#include "app/start.hpp"
#include "app/theme.hpp"
#include "scenario/also.hpp"
#include "scenario/library.hpp"
#ifdef __EMSCRIPTEN__
#include "app/browser.hpp"
#endif

using namespace tcpsim::viz;
using Clock = std::chrono::steady_clock;

namespace {

const auto kStart = Clock::now();

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string glfw_error;

/// The back buffer's pixels (w x h, RGBA, bottom row first).
std::vector<unsigned char> back_buffer(int w, int h) {
  std::vector<unsigned char> px(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  stbi_flip_vertically_on_write(1);
  return px;
}

#ifndef __EMSCRIPTEN__
/// Reads the back buffer and writes it as a PNG (--screenshot).
bool write_png(const std::string& path, int w, int h) {
  const std::vector<unsigned char> px = back_buffer(w, h);
  return stbi_write_png(path.c_str(), w, h, 4, px.data(), w * 4) != 0;
}
#endif

/// The back buffer as the bytes of a PNG file (empty when it cannot be encoded).
std::string png_bytes(int w, int h) {
  const std::vector<unsigned char> px = back_buffer(w, h);
  std::string out;
  const auto append = [](void* to, void* data, int size) {
    static_cast<std::string*>(to)->append(static_cast<const char*>(data), static_cast<size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &out, w, h, 4, px.data(), w * 4)) out.clear();
  return out;
}

/// CPU time of the calling thread (ms): what this thread computed, not time spent waiting.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

/// What one frame cost (ms).
struct FrameCost {
  double build = 0;  ///< CPU time building it: the panels, the ladder layout, ImGui's vertices.
  double cpu = 0;    ///< CPU time building and submitting it to OpenGL (the figure the target is about).
  double wall = 0;   ///< Wall-clock time for the same, including waits on the GL driver.
  int vertices = 0;  ///< Vertices handed to OpenGL.
};

/// Renders one frame (without swapping buffers) and says what it cost.
/// With `no_mouse` the pointer counts as outside the window (screenshots show no hover or tooltip).
FrameCost frame(AppState& app, Platform& platform, GLFWwindow* window, double dt, bool no_mouse = false) {
  const auto t0 = Clock::now();
  const double c0 = thread_cpu_ms();
  glfwPollEvents();
  apply_theme(app);
  ImGui_ImplOpenGL3_NewFrame();
  platform.new_frame();
  if (no_mouse) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui::NewFrame();
  draw_frame(app, window, dt);
  ImGui::Render();
  FrameCost cost;
  cost.build = thread_cpu_ms() - c0;
  cost.vertices = ImGui::GetDrawData()->TotalVtxCount;
  // The framebuffer's size as the platform keeps it (asking GLFW costs a round trip to the X server).
  const ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  const Rgba bg = app.palette ? app.palette->background : Rgba{24, 25, 28};
  glClearColor(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  cost.cpu = thread_cpu_ms() - c0;
  cost.wall = ms_since(t0);
  return cost;
}

#ifndef __EMSCRIPTEN__
// --bench's figures (the desktop's; the web page's are in tests/web/bench.mjs).
struct Stats {
  double median, p95, max;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}

void print_stats(const char* name, const std::vector<FrameCost>& frames) {
  std::vector<double> cpu, build, wall, vertices;
  for (const FrameCost& f : frames) {
    vertices.push_back(f.vertices);
    cpu.push_back(f.cpu);
    build.push_back(f.build);
    wall.push_back(f.wall);
  }
  const Stats c = stats(cpu), b = stats(build), w = stats(wall), v = stats(vertices);
  std::printf("%-24s CPU per frame: median %6.3f ms  p95 %6.3f ms  max %6.3f ms  (%zu frames; target: median <= 2 ms)\n",
              name, c.median, c.p95, c.max, frames.size());
  std::printf("%-24s   of which building it: median %.3f ms; %.0f vertices (median); wall clock with driver "
              "waits: median %.3f ms\n", "", b.median, v.median, w.median);
}
#endif

/// The window and everything drawn in it, for as long as it is open.
struct Viz {
  GLFWwindow* window = nullptr;
  Platform platform;
  std::unique_ptr<AppState> app;
  std::unique_ptr<InputPlayer> player;
  Sound sound;
  bool mute = false;           ///< --mute (or mute=1 in the page's URL): no audio device at all.
  bool sound_started = false;  ///< The audio device was asked for (once).
  double last = 0;             ///< glfwGetTime() of the last frame.
  int frames = 0;              ///< Frames drawn so far.
  /// Start-up phases: each name with the time it ended (ms since the program started).
  std::vector<std::pair<const char*, double>> phases;
};

/// One frame of the interactive window: the desktop's loop body, the browser's animation frame.
void interactive_frame(Viz& v) {
  AppState& app = *v.app;
  const double t = glfwGetTime();
#ifdef __EMSCRIPTEN__
  browser_before_frame(app, v.window, v.platform);  // the canvas's size, files and links from the page
#endif
  v.player->before_frame(app, v.window, v.platform);
  frame(app, v.platform, v.window, v.frames == 0 ? 0.0 : t - v.last);
  v.last = t;
  if (!app.screenshot_request.empty()) {
    // Export ▸ PNG: this frame, as drawn (read before the swap; the browser clears it after).
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(v.window, &fw, &fh);
    app.say(hand_over({app.screenshot_request, png_bytes(fw, fh), ""}));
    app.screenshot_request.clear();
  }
  glfwSwapBuffers(v.window);
  ++v.frames;
#ifdef __EMSCRIPTEN__
  if (v.frames == 1) {
    v.phases.emplace_back("first frame", ms_since(kStart));
    browser_first_frame(v.phases);
  }
  // Browsers start audio only after a key press or a click (the autoplay rule).
  const bool may_start_sound = browser_had_gesture();
#else
  // After the first frame, so the window shows without waiting for the audio device.
  const bool may_start_sound = true;
#endif
  if (!v.sound_started && may_start_sound) {
    v.sound_started = true;
    if (v.sound.init(v.mute)) app.sound = &v.sound;
  }
}

}  // namespace

int main(int argc, char** argv) {
  StartOptions start_options;
  std::string screenshot, bench, size = "1600x900";
  int frames = 300;
  std::vector<std::string> predict;
  std::string input;
#ifdef __EMSCRIPTEN__
  // The page's URL, not a command line: ?scenario=08-crash-restart&presentation=1&step=40, and a link's
  // scenario in the fragment (the page's script has put it in the file system). Problems are shown.
  const std::vector<std::string> url_problems = browser_start_options(&start_options);
  size = browser_canvas_size();
  (void)argc;
  (void)argv;
#else
  CLI::App cli{"tcpsim-viz: the classroom visualizer of tcpsim. It draws a scenario's run: the ladder diagram, the "
               "state diagram, each connection's TCB and what each application saw."};
  std::string& file = start_options.file;
  cli.add_option("FILE", file, "Scenario file (default: the library's 'Close with unread data')");
  cli.add_option("--screenshot", screenshot, "Render the window, write it as a PNG to this file, and exit");
  cli.add_option("--at", start_options.at, "The step to show first (0 = the start), e.g. with --screenshot");
  cli.add_option("--show", start_options.show,
                 "Open these at start: library, editor, shortcuts, twin (the twin's run), absolute")
      ->check(CLI::IsMember(kShowWords))
      ->delimiter(',');
  cli.add_option("--also", start_options.also,
                 "Open with this what-if applied: one scenario line, e.g. \"at 250ms server crash\" (repeatable: "
                 "each forks the one before; the branch list shows them)")
      ->allow_extra_args(false)
      ->take_all();
  cli.add_option("--beside", start_options.beside,
                 "Draw this recorded run beside the simulated one, stepping together, the first difference marked: "
                 "the kernel's run that `tcpsim kernel-check FILE --json RUN.json` writes (or any trace JSON of the "
                 "scenario). `tcpsim-viz RUN.json` opens the scenario it names with it beside")
      ->type_name("RUN.json");
  cli.add_option("--input", input,
                 "Play these input events into the window, one per frame, before --screenshot: \"key W; text server "
                 "crash; key Enter; rclick lane:server; click item:crash; frames 3\"");
  cli.add_option("--bench", bench, "Print per-frame CPU times for this scenario, zoomed out and zoomed in, and exit");
  cli.add_option("--frames", frames, "With --bench: frames per measurement")->check(CLI::Range(10, 100000));
  cli.add_option("--size", size, "Window size WIDTHxHEIGHT")->check([](const std::string& s) {
    int w = 0, h = 0;
    return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 8192 && h <= 8192
               ? std::string()
               : std::string("expected WIDTHxHEIGHT, e.g. 1600x900");
  });
  cli.add_flag("--presentation", start_options.presentation, "Start in presentation mode (large fonts, high contrast)");
  cli.add_flag("--mute", start_options.mute, "No sound cues");
  CLI::Option* predict_opt =
      cli.add_option("--predict", predict,
                     "Predict mode: playback stops before each step asked about and the class guesses first; "
                     "optionally what to ask: segments, states, calls, numbers (default: segments,calls)")
          ->expected(0, 5)  // the four kinds; "--predict FILE" still opens FILE (see below)
          ->delimiter(',');
  cli.footer("Keys: Space play/pause, Left/Right step, Shift+Left/Right segment, Home restart, F1 all shortcuts.");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (!bench.empty()) file = bench;
  // `--predict FILE` gives the option the file name: take it back as FILE; anything else that is not
  // a kind of question is an error.
  for (auto it = predict.begin(); it != predict.end();) {
    if (it->empty()) {
      it = predict.erase(it);  // a bare --predict at the end of the line
    } else if (std::find(kAskWords.begin(), kAskWords.end(), *it) != kAskWords.end()) {
      ++it;
    } else if (file.empty() && (it->find('/') != std::string::npos || it->find(".scn") != std::string::npos || it->find(".pkt") != std::string::npos)) {
      file = *it;
      it = predict.erase(it);
    } else {
      std::fprintf(stderr, "tcpsim-viz: --predict: '%s' is not one of segments, states, calls, numbers\n", it->c_str());
      return 2;
    }
  }
  // A recording alone (`tcpsim-viz RUN.json`) opens the scenario it was made of, with it beside.
  if (file.size() > 5 && file.compare(file.size() - 5, 5, ".json") == 0 && start_options.beside.empty()) {
    std::string error;
    const std::string scn = scenario_of_recording(file, tcpsim::scenario_library_dir(), &error);
    if (scn.empty()) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 2;
    }
    start_options.beside = file;
    file = scn;
  }
  // A library name or number ("08") opens that scenario, as `tcpsim run 08` does.
  if (const tcpsim::ScenarioPath p = tcpsim::resolve_scenario(file, tcpsim::scenario_library_dir()); p.ok()) {
    file = p.path;
  } else {
    std::fprintf(stderr, "tcpsim-viz: error: %s\n", p.error.c_str());
    return 2;
  }
  if (!start_options.beside.empty()) {
    // Not a trace, or a run of another scenario: said here, before a window opens (exit 2).
    if (const std::string why = check_beside(file.empty() ? default_scenario() : file, start_options.beside);
        !why.empty()) {
      std::fprintf(stderr, "%s\n", why.c_str());
      return 2;
    }
  }
  start_options.predict = predict_opt->count() > 0;
  start_options.ask = predict;
  if (!start_options.also.empty()) {
    // The what-ifs are read as `tcpsim run FILE --also ...` reads them, with the same messages.
    const tcpsim::ParseResult r =
        tcpsim::parse_scenario_file_with_also(file.empty() ? default_scenario() : file, start_options.also);
    if (!r.ok()) {
      for (const tcpsim::Diagnostic& d : r.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
      return 2;
    }
  }
#endif
  std::vector<InputCommand> script;
  if (std::string error; !parse_input_script(input, &script, &error)) {
    std::fprintf(stderr, "tcpsim-viz: --input: %s\n", error.c_str());
    return 2;
  }
  const bool headless_task = !screenshot.empty() || !bench.empty();
  int width = 1600, height = 900;
  std::sscanf(size.c_str(), "%dx%d", &width, &height);

  // Start-up phases, printed by --bench (and handed to the web page with its first frame).
  auto viz = std::make_unique<Viz>();
  auto phase = [&](const char* name) { viz->phases.emplace_back(name, ms_since(kStart)); };
  glfwSetErrorCallback([](int, const char* msg) { glfw_error = msg ? msg : ""; });
  if (!glfwInit()) {
    std::fprintf(stderr,
                 "tcpsim-viz: cannot open a window: no display found (%s).\n"
                 "Run it on a desktop, or see the scenario in the terminal: tcpsim run FILE\n",
                 glfw_error.empty() ? "DISPLAY is not set" : glfw_error.c_str());
    return 3;
  }
#ifdef __EMSCRIPTEN__
  // WebGL2 is OpenGL ES 3.0: ImGui's OpenGL 3 back end speaks it with IMGUI_IMPL_OPENGL_ES3.
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // ImGui draws with neither depth nor stencil, and the page is opaque: the cheapest drawing buffer
  // (tcpsim-page.js made the context with the same attributes when it checked for WebGL2).
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  const char* glsl_version = "#version 300 es";
  const char* kGraphics = "OpenGL ES 3.0 (WebGL2)";
#else
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  const char* glsl_version = "#version 330";
  const char* kGraphics = "OpenGL 3.3";
#endif
  viz->window = glfwCreateWindow(width, height, "tcpsim", nullptr, nullptr);
  GLFWwindow* window = viz->window;
  if (!window) {
    std::fprintf(stderr, "tcpsim-viz: cannot open an %s window (%s)\n", kGraphics, glfw_error.c_str());
    glfwTerminate();
    return 3;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(headless_task ? 0 : 1);
  phase("window and OpenGL context");

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // The layout is the app's; nothing to remember between runs.
  Platform& platform = viz->platform;
  platform.attach(window);  // before ImGui's back end, which chains its callbacks to these
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  platform.queue_keyboard(window);  // after ImGui's back end, whose key callbacks it then feeds
  ImGui_ImplOpenGL3_Init(glsl_version);

  viz->app = std::make_unique<AppState>();
  std::unique_ptr<AppState>& app = viz->app;
  app->view.presentation = start_options.presentation;
  load_fonts(*app, 16.0f);
  ImGui::GetIO().Fonts->Build();
  phase("fonts");
  int status = 0;
  for (const StartProblem& p : start(*app, start_options)) {
    // (Checked before the window opened on the desktop; only a file changed since then fails here.)
    if (p.index == 0) {
      std::fprintf(stderr, "%s\n", p.error.c_str());  // --beside (the status line has it too)
    } else {
      std::fprintf(stderr, "tcpsim-viz: --also #%zu \"%s\": %s\n", p.index, p.line.c_str(), p.error.c_str());
      app->say("What-if " + std::to_string(p.index) + " (\"" + p.line + "\") not applied: " + p.error);
    }
    status = 2;
  }
  phase("scenario parsed and simulated");
  viz->mute = start_options.mute;
  viz->player = std::make_unique<InputPlayer>(std::move(script));

#ifdef __EMSCRIPTEN__
  (void)status;  // the page shows the problems; there is no exit status to give
  (void)frames;
  browser_attach(*app, window, platform, url_problems);
  // The browser calls the frame (requestAnimationFrame); main returns and the page lives on, so the
  // window and app outlive it.
  emscripten_set_main_loop_arg([](void* v) { interactive_frame(*static_cast<Viz*>(v)); }, viz.release(), 0, false);
  return 0;
#else
  InputPlayer& player = *viz->player;
  if (!screenshot.empty()) {
    // A few frames let the layout settle (fit, fonts), then the input plays, then the last one is captured.
    for (int i = 0; i < 2; ++i) {
      frame(*app, platform, window, 0.0, true);
      glfwSwapBuffers(window);
    }
    for (int i = 0; i < 100000 && !player.done() && player.error().empty(); ++i) {
      player.before_frame(*app, window, platform);
      frame(*app, platform, window, 0.0);
      glfwSwapBuffers(window);
    }
    if (!player.error().empty()) {
      std::fprintf(stderr, "tcpsim-viz: %s\n", player.error().c_str());
      status = 2;
    }
    for (int i = 0; i < 4; ++i) {
      frame(*app, platform, window, 0.0, true);
      if (i < 3) glfwSwapBuffers(window);
    }
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window, &fw, &fh);
    if (!write_png(screenshot, fw, fh)) {
      std::fprintf(stderr, "tcpsim-viz: cannot write %s\n", screenshot.c_str());
      status = 1;
    } else {
      const std::string branch = app->branches.size() > 1 ? ", " + app->branches[app->branches.current()].name : "";
      std::printf("tcpsim-viz: wrote %s (%dx%d, step %zu of %zu%s)\n", screenshot.c_str(), fw, fh,
                  app->playback.step(), app->playback.steps(), branch.c_str());
    }
  } else if (!bench.empty()) {
    frame(*app, platform, window, 0.0);
    glfwSwapBuffers(window);
    std::printf("tcpsim-viz --bench %s\n", bench.c_str());
    const double first = ms_since(kStart);
    for (const auto& [name, at] : viz->phases) std::printf("  %-26s %6.1f ms\n", name, at);
    std::printf("%-28s %6.1f ms after launch (target on the default scenario: <= 300 ms)\n", "first frame", first);
    const double end = app->run() ? app->run()->clock.end() : 0;
    struct Case {
      const char* name;
      bool zoom_in;
    } cases[] = {{"zoomed out (whole run)", false}, {"zoomed in (about 2 s)", true}};
    for (const Case& c : cases) {
      std::vector<FrameCost> times;
      app->playback.restart();
      app->playback.play();
      app->playback.set_speed(10);
      app->camera.follow = c.zoom_in;
      for (int i = 0; i < frames; ++i) {
        if (c.zoom_in) {
          app->camera.pixels_per_story = 400;  // about two story seconds on screen
        } else {
          app->camera.fit_pending = true;
        }
        // Spread the frames over the whole run so every part of the trace is drawn.
        app->playback.seek_story(end * i / frames);
        app->playback.play();
        times.push_back(frame(*app, platform, window, 1.0 / 60));
        glfwSwapBuffers(window);
      }
      print_stats(c.name, times);
    }
  } else {
    viz->last = glfwGetTime();
    while (!glfwWindowShouldClose(window)) interactive_frame(*viz);
  }

  app->sound = nullptr;
  app.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
#endif
}
