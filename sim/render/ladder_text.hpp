#pragma once
// The terminal ladder diagram of one run (`tcpsim run`): a time column, one lane per node, an arrow
// per segment and the things each node did or saw written at its lane. Made to be read on a
// projector: resets stand out with and without colour, and no line is wider than asked.
#include <ostream>
#include <string>

#include "render/rich.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

/// How to draw a ladder.
struct LadderOptions {
  size_t width = 100;         ///< Columns; every line fits (clamped to at least 40).
  render::Colours colour;     ///< ANSI colours (RST red, SYN green, FIN cyan, errors red) and their palette.
  bool ascii = false;         ///< 7-bit characters only (no box drawing, arrows or ✗).
  bool absolute = false;      ///< Absolute sequence numbers instead of Wireshark-style relative ones.
  bool all_timers = false;    ///< Also timers armed and cancelled (by default only fired timers).
  bool all_segments = false;  ///< Every segment on its own line (by default runs of like segments fold).
};

/// The whole ladder as text, one '\n'-terminated line per row: header, events, footer.
std::string render_ladder(const Trace& trace, const LadderOptions& options);
/// The same ladder written to `os` as it is drawn, never held whole (`tcpsim run` of a long run).
void render_ladder(const Trace& trace, const LadderOptions& options, std::ostream& os);

}  // namespace tcpsim
