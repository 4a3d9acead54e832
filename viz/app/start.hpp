#pragma once
// The visualizer's start: the scenario it opens, its what-ifs, the panels shown, predict mode and the
// step, as the desktop's command line or the web page's URL asked (StartOptions).
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "model/start_options.hpp"

namespace tcpsim::viz {

/// A what-if of StartOptions::also that could not be applied.
struct StartProblem {
  size_t index = 0;   ///< 1-based, in the order given (0: not a what-if but --beside, told in `error`).
  std::string line;   ///< The what-if as given.
  std::string error;  ///< The parser's message.
};

/// The scenario opened when none is named: the library's "Close with unread data".
std::string default_scenario();
/// Opens what `o` asks in `app` (after the fonts are loaded): the scenario (the default one, with the
/// library shown, when `o.file` is empty), the what-ifs, the panels, predict mode and the step.
/// Returns the what-ifs that could not be applied; the others are.
std::vector<StartProblem> start(AppState& app, const StartOptions& o);

}  // namespace tcpsim::viz
