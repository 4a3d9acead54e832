#pragma once
// Everything the visualizer knows, in one struct the panels draw from. App state lives here (not in
// function-local statics) so it can be reasoned about and tested; the model parts are plain C++ in
// viz/model.
#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/beside.hpp"
#include "model/branches.hpp"
#include "ladder/camera.hpp"
#include "model/editor_model.hpp"
#include "ladder/ladder_index.hpp"
#include "model/library.hpp"
#include "ladder/moment.hpp"
#include "ladder/palette.hpp"
#include "model/playback.hpp"
#include "model/predict.hpp"
#include "model/session.hpp"
#include "model/whatif.hpp"

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
  bool exports = false;       ///< The Export palette (X): the Export menu for the keyboard.
};

/// The what-if controls: the Act palette (W), a context menu's target, the branch list (B).
struct ActUi {
  bool palette = false;            ///< The Act palette is open.
  std::string filter;              ///< Its filter box (also a whole scenario statement to add).
  int cursor = 0;                  ///< Highlighted row among the shown options.
  bool focus_filter = false;       ///< Put the keyboard in the filter box next frame.
  bool branches = false;           ///< The branch list is open.
  ActTarget target;                ///< What was right-clicked (the context menu's options).
  bool open_context = false;       ///< Open the context menu next frame.
  std::string error;               ///< Why the last what-if could not be made.
  /// The options at the moment they were listed for (a long trace takes a while to replay, so the
  /// menus and the palette list them once per moment, not once per frame).
  std::vector<ActOption> options;
  uint64_t options_run = 0;        ///< Run::serial they are for (0: none yet).
  uint32_t options_applied = 0;    ///< Moment::applied they are for.
  Time options_now = -1;           ///< Moment::now they are for.
};

/// A recorded run beside the one on screen (File ▸ Open a run beside, `--beside RUN.json`): the
/// kernel's run of `tcpsim kernel-check --json`, drawn as a second ladder stepping with this one.
struct BesideUi {
  Beside beside;                                 ///< The run, its title and its verdict (viz/model).
  std::unique_ptr<MomentBuilder> moments;        ///< Its moments.
  std::optional<Moment> moment;                  ///< It at the playback's simulated time (this frame).
  LadderCamera camera;                           ///< Its own zoom and pan (it follows the playback).
  bool ask = false;                              ///< The "Open a run beside" path box is open.
  std::string path;                              ///< What is typed in it.
  bool focus = false;                            ///< Put the keyboard in it next frame.
};

/// What only the web page has: its Share link window, and files arriving from the page.
struct PageUi {
  std::string share_link;     ///< The link File ▸ Share link made (shown until its window closes).
  bool share_copied = false;  ///< The link is on the clipboard as well.
  bool share_open = false;    ///< The Share link window is open.
  std::string open_request;   ///< A file the page put in its file system (picker, drop): opened next frame.
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
  Session session;                     ///< The branch on screen.
  Branches branches;                   ///< The original and every what-if (the others are parked there).
  std::unique_ptr<MomentBuilder> fault_moments;
  std::unique_ptr<MomentBuilder> twin_moments;
  std::unique_ptr<MomentBuilder> parent_moments;  ///< The parent branch's fault run (the ghost of a what-if).
  ActUi act;
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
  PredictState predict;                ///< Predict mode: what is asked, the answers, the tally.
  bool ghost_before_predict = false;   ///< The ghost twin was on when predict mode hid it (it tells answers).
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
  /// Where named things were drawn in the last frame ("lane:server" at a quiet point of its lane,
  /// "item:crash" a menu item), so `--input` can click them as a person would.
  std::vector<std::pair<std::string, Rect>> hotspots;
  std::shared_ptr<DiagramPanel> diagram;  ///< The state diagram panel's laid-out figure and its image.
  PageUi page;                         ///< The web page's share link and opened files (unused on the desktop).
  BesideUi beside;                     ///< A recorded run beside the one on screen.

  /// The run the views show (null when the file did not parse).
  const Run* run() const;
  /// The other run (the ghost), or null: on a what-if's fault run, its parent branch's fault run;
  /// otherwise the graceful twin (or, viewing the twin, the fault run).
  const Run* other_run() const;
  /// Where the run on screen and the ghost part.
  const Divergence& ghost_divergence() const;
  /// Where they part in one sentence (the callout's tooltip).
  const std::string& ghost_headline() const;
  /// The ghost's name in texts: "the graceful twin", "the fault run", "the original run", "what-if 1".
  std::string ghost_name() const;
  /// The branch whose run is the ghost (a what-if's fault run on screen: its parent), or null.
  const Branch* ghost_branch() const;
  /// The twin's divergence index in the viewed run: the first segment where the runs part, or -1.
  int64_t divergence_segment() const;
  /// Forks the branch on screen now with a scenario statement ("server crash"): a what-if. False (and
  /// act.error says why) when it cannot be made.
  bool fork(const std::string& statement);
  /// `--also LINE`: a what-if made of a whole scenario line, added after the text's last line (as
  /// `tcpsim --also` does). False, with the parser's message in `error`, when it does not parse.
  bool add_line(const std::string& line, std::string* error);
  /// Puts branch `i` on screen at the same moment.
  void switch_branch(size_t i);
  /// Ctrl+Z / Ctrl+Shift+Z on what-ifs (outside the editor).
  void undo_whatif();
  void redo_whatif();
  /// Opens a scenario file (errors end up in the editor, never a crash).
  void open(const std::string& path);
  /// Re-simulates the editor's text, keeping the playback time where possible.
  void resimulate();
  /// Opens a trace JSON beside the run on screen (the kernel's run): false, with the reason in the
  /// status line and beside.beside.error(), when it is not a trace of this scenario. A twin's recording
  /// (`kernel-check --twin`) puts the twin on screen.
  bool open_beside(const std::string& path);
  /// Switches between the fault run and its twin, keeping the time.
  void view_run(RunKind kind);
  /// Shows a message in the status line for a few seconds.
  void say(const std::string& text);
  /// Recomputes `moment` and `ghost` from the playback position (once per frame).
  void refresh_moment();
};

}  // namespace tcpsim::viz
