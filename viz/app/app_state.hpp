#pragma once
// Everything the visualizer knows, in one struct the panels draw from. App state lives here (not in
// function-local statics) so it can be reasoned about and tested; the model parts are plain C++ in
// viz/model.
#include <imgui.h>

#include <memory>
#include <optional>
#include <string>

#include "model/camera.hpp"
#include "model/editor_model.hpp"
#include "model/ladder_index.hpp"
#include "model/library.hpp"
#include "model/moment.hpp"
#include "model/palette.hpp"
#include "model/playback.hpp"
#include "model/session.hpp"

namespace tcpsim::viz {

class Sound;
struct DiagramPanel;

/// Toggles a person can flip.
struct ViewOptions {
  bool absolute = false;      ///< Absolute sequence numbers instead of relative ones.
  bool ghost = true;          ///< The graceful twin's exchange drawn faintly beside the fault.
  bool presentation = false;  ///< Large fonts, high contrast, colour-blind-safe palette.
  bool muted = false;         ///< Sound cues off (M).
  bool help = false;          ///< The shortcut overlay (F1).
  bool library = false;       ///< The scenario library browser.
  bool editor = false;        ///< The scenario editor.
  bool fullscreen = false;    ///< F11.
  bool timers = true;         ///< Timer countdowns in the TCB panels.
};

/// Fonts loaded at start-up (null members fall back to the default font).
struct Fonts {
  ImFont* ui = nullptr;      ///< Labels and panels.
  ImFont* mono = nullptr;    ///< Hex dumps, the editor.
  ImFont* large = nullptr;   ///< Headings (state diagram states, callouts).
};

/// A screen rectangle in pixels.
struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

/// The visualizer's state.
struct AppState {
  Session session;
  std::unique_ptr<MomentBuilder> fault_moments;
  std::unique_ptr<MomentBuilder> twin_moments;
  Playback playback;                   ///< Over the run being viewed.
  RunKind viewing = RunKind::Fault;    ///< Which run the views show.
  Moment moment;                       ///< The viewed run at the playback position (this frame).
  std::optional<Moment> ghost;         ///< The other run at the same simulated time (ghost and callout).
  ViewOptions view;
  int64_t selected = -1;               ///< Segment shown in the inspector (index in the viewed run).
  LadderCamera camera;
  LadderIndexCache ladder_index;       ///< The ladder's per-run indexes (built once per run).
  EditorBuffer editor;
  LibraryState library;                ///< The scenario browser's list and filter.
  const Palette* palette = nullptr;
  Fonts fonts;                         ///< The current set (everyday or presentation).
  Fonts font_sets[2];                  ///< [0] everyday, [1] presentation (1.6x).
  float scale = 1.0f;                  ///< UI scale; presentation mode enlarges everything.
  std::string message;                 ///< Status line ("Wrote out.png").
  double message_until = 0;            ///< ImGui time when the message disappears.
  Sound* sound = nullptr;
  double next_file_check = 0;          ///< ImGui time of the next look at the file's mtime.
  std::string screenshot_request;      ///< Export > PNG: write the next frame here.
  int windowed[4] = {100, 100, 1600, 900};  ///< Window position and size before full screen.
  std::shared_ptr<DiagramPanel> diagram;  ///< The state diagram panel's laid-out figure and its image.

  /// The run the views show (null when the file did not parse).
  const Run* run() const;
  /// The other run (the ghost), or null.
  const Run* other_run() const;
  /// The twin's divergence index in the viewed run: the first segment where the runs part, or -1.
  int64_t divergence_segment() const;
  /// Opens a scenario file (errors end up in the editor, never a crash).
  void open(const std::string& path);
  /// Re-simulates the editor's text, keeping the playback time where possible.
  void resimulate();
  /// Switches between the fault run and its twin, keeping the time.
  void view_run(RunKind kind);
  /// Shows a message in the status line for a few seconds.
  void say(const std::string& text);
  /// Recomputes `moment` and `ghost` from the playback position (once per frame).
  void refresh_moment();
};

}  // namespace tcpsim::viz
