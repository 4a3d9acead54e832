#pragma once
// What the visualizer opens on and how, from the desktop's command line or the web page's URL
// ("?scenario=08-crash-restart&presentation=1&step=40"): one struct, so both start the same way.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/predict_questions.hpp"

namespace tcpsim::viz {

/// How the visualizer starts.
struct StartOptions {
  std::string file;                ///< The scenario file; empty: the default one, with the library open.
  size_t at = 0;                   ///< The step shown first (0 = the start).
  bool presentation = false;       ///< Presentation mode (P).
  bool mute = false;               ///< No sound cues.
  std::vector<std::string> show;   ///< Opened at start: library, editor, shortcuts, twin, absolute.
  bool predict = false;            ///< Predict mode from the first step.
  std::vector<std::string> ask;    ///< What predict mode asks about (segments, states, calls, numbers).
  std::vector<std::string> also;   ///< What-ifs applied at start, one scenario line each, in order.
  std::string beside;              ///< A trace JSON drawn beside the run (`--beside RUN.json`): the kernel's run.
};

/// The words `show` accepts, and those `ask` accepts.
extern const std::vector<std::string> kShowWords;
extern const std::vector<std::string> kAskWords;

/// What predict mode asks given the words of `ask` (none: its everyday choice; "numbers" alone:
/// numbers on segments).
PredictAsk predict_ask(const std::vector<std::string>& ask);

/// Decodes one URL query component: %XX escapes and '+' as a space. False when an escape is broken.
bool url_decode(std::string_view in, std::string* out);

/// Reads a page's query string (with or without its leading '?') into `out`, starting from what it
/// holds. Parameters: scenario=NAME (a file of the library in `library_dir`, ".scn" optional),
/// step=N, presentation=1, mute=1, predict=1 or predict=KIND,KIND, show=WORD,WORD, also=LINE
/// (repeatable). Returns one message per parameter it could not use ("step=abc: not a step number"),
/// and leaves `out` as the other parameters set it.
std::vector<std::string> parse_query(std::string_view query, const std::string& library_dir, StartOptions* out);

}  // namespace tcpsim::viz
