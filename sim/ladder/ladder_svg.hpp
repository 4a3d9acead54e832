#pragma once
// The ladder diagram as one standalone SVG document (`tcpsim export --svg`): another renderer of the
// LadderLayout that ui_ladder.cpp draws with ImGui, at the end of the run (everything has happened),
// with the whole run in view at a readable zoom, under a title, the scenario's summary and a legend;
// marks that found no room on their lane are written out in full below it (paper has no tooltips).
// Text is measured with the font the viewer is told to use (DejaVu Sans), so labels fit their boxes.
// Nothing depends on colour alone: resets are heavier, have a barred double head and bold white-on-red
// labels starting with "RST"; ghosts are dashed; drops end in a cross with the reason written beside.
// The same runs and options always give the same bytes (given the same fonts installed).
#include <memory>
#include <string>
#include <string_view>


#include "ladder/ladder_layout.hpp"
#include "ladder/run.hpp"

namespace tcpsim::viz {

/// What to export, and how.
struct SvgOptions {
  bool twin = false;      ///< The graceful twin's run instead of the fault run.
  bool light = true;      ///< The light (presentation) palette; else the dark one.
  bool ghost = true;      ///< The other run's differing segments, dashed, with the callout explaining them.
  bool absolute = false;  ///< Absolute sequence numbers in labels (else relative, as the visualizer shows).
  float width = 1000;     ///< Width in pixels (at least 480); the height follows from the run.
  Time from = 0;          ///< Draw only from this simulated time (`--from`)...
  Time to = -1;           ///< ...up to this one (`--to`; -1: the end of the run).
};

/// The run's ladder diagram as an SVG document (UTF-8); `path` is the scenario file's (its name is in
/// the subtitle, and the title when the scenario has none). Empty when there is no such run (nothing
/// was run, or `twin` for a scenario without a graceful twin).
std::string ladder_svg(const RunPair& runs, const std::string& path, const SvgOptions& options);

/// The ladder as ladder_svg() draws it: the run at its end (the other run as its ghost) in a camera that
/// shows all of it, or the window asked for, at a readable zoom; measured in the SVG's font.
struct SvgLadder {
  SvgLadder(const Run& run, const Run* other, const Divergence& divergence, const std::string& headline,
            const SvgOptions& options);
  SvgLadder(const SvgLadder&) = delete;
  SvgLadder& operator=(const SvgLadder&) = delete;
  ~SvgLadder();
  struct Parts;                  ///< The fonts, indexes and moments the layout points into.
  std::unique_ptr<Parts> parts;
  LadderInput in;                ///< What was laid out.
  LadderLayout layout;           ///< The ladder, in the coordinates of the SVG's ladder group.
  float em = 0;                  ///< Font size in pixels.
};

/// The ladder of the run `options` choose, as ladder_svg() draws it (tests check its geometry); null
/// when there is no such run.
std::unique_ptr<SvgLadder> svg_ladder(const RunPair& runs, const SvgOptions& options);

/// `text` made safe for XML character data and attribute values: & < > " ' escaped, control
/// characters written as their C escapes ("\r"), invalid UTF-8 replaced by U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace tcpsim::viz
