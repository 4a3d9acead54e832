#pragma once
// One ShowXxx() per window, each in its own file (ui_*.cpp). The app decides where each panel goes
// (`where`); a panel draws itself there and may change the AppState (select a segment, seek, ...).
#include "app/app_state.hpp"

namespace tcpsim::viz {

/// The ladder diagram: lanes, sloped arrows, drops, states, calls, the ghost twin, zoom and pan.
void ShowLadder(AppState& app, const Rect& where);
/// Over the side by side ladders: the verdict of the run beside against the run on screen, and each
/// ladder's title (its source: "tcpsim", "linux 6.18.44"). Returns the height it took.
float ShowBesideHeader(AppState& app, float x, float y, float w);
/// File ▸ Open a run beside this one: the path box (app.beside.ask opens it).
void ShowBesideOpen(AppState& app);
/// RFC 9293 Figure 5 with each endpoint's state highlighted and the last transition animated.
void ShowStateDiagram(AppState& app, const Rect& where);
/// Every field of the selected segment, its payload, its fate and the rule behind it.
void ShowInspector(AppState& app, const Rect& where);
/// Per endpoint: SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND, the buffers, the timers counting down.
void ShowTcb(AppState& app, const Rect& where);
/// Per host: the application's calls and results with errno names and strerror text.
void ShowConsole(AppState& app, const Rect& where);
/// The scenario's title, summary and the note for this moment.
void ShowNarration(AppState& app, const Rect& where);
/// The scenario text: edit, Ctrl+Enter to re-simulate, errors on their lines, save, reload.
void ShowEditor(AppState& app, const Rect& where, bool* open);
/// The scenario library: titles and summaries; choosing one opens it.
void ShowLibrary(AppState& app, bool* open);
/// The playback toolbar: buttons, scrubber, speed, mode, the step and time.
void ShowToolbar(AppState& app, const Rect& where);
/// The Act menu of the menu bar: every what-if at this moment, grouped by host, connection, link.
void ShowActMenu(AppState& app);
/// The right-click menu of a host, connection, link or middlebox (app.act.target).
void ShowActContext(AppState& app);
/// A right-click on the last item (or, with `anywhere`, on the panel) opens the what-if menu of
/// connection `conn`; its name is a hotspot for --input ("conn:server #2").
void act_on_right_click(AppState& app, uint32_t conn, const std::string& name);
/// W: every what-if in a filtered list, or a statement typed in; Enter forks the run.
void ShowActPalette(AppState& app, bool* open);
/// B: the original run and every what-if; click one to show it at the same moment.
void ShowBranches(AppState& app, bool* open);
/// X: the Export menu for the keyboard.
void ShowExportPalette(AppState& app, bool* open);
/// F1: every shortcut.
void ShowHelp(AppState& app, bool* open);
/// Predict mode: the question (large, numbered choices), the verdict and its rule, the tally at the
/// end; over the strip `where` (the narration and console), growing upwards as needed.
void ShowPredict(AppState& app, const Rect& where);
/// Predict mode on (asking from the current step) or off.
void TogglePredict(AppState& app);
/// Predict mode's keys: Q, Shift+Q (what is asked), Shift+N (numbers), 1..9 (the class's answer).
void PredictShortcuts(AppState& app);
/// Predict mode's entries in the View menu.
void PredictMenu(AppState& app);

}  // namespace tcpsim::viz
