#pragma once
// `tcpsim diff`: the fault run next to its graceful twin (or a what-if next to the original run). Finds
// where the two runs part, says in one paragraph what the first run did instead (and by which rule),
// then shows both runs side by side from that moment.
#include <ostream>
#include <string>

#include "render/rich.hpp"
#include "trace/divergence.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

/// What a diff calls its two runs in its sentences, title and column headings: the left run (the one
/// the headline leads with) and the right run it is compared with. The defaults are a fault run and
/// its graceful twin.
struct RunNames {
  std::string left = "the fault run";          ///< In a sentence: "At 0.200s the fault run sends RST+ACK".
  std::string right = "the graceful twin";     ///< In a sentence: "where the graceful twin sends FIN+ACK".
  std::string left_heading = "fault run";      ///< Title ("fault run vs graceful twin") and left column.
  std::string right_heading = "graceful twin"; ///< Title and right column.
  /// A what-if (the run with `--also` lines, or a branch) against the original run it came from.
  static RunNames what_if();
};

/// How to draw a diff.
struct DiffOptions {
  size_t width = 100;       ///< Columns; every line fits (clamped to at least 40).
  render::Colours colour;   ///< ANSI colours and their palette, as in the ladder.
  bool ascii = false;       ///< 7-bit characters only.
  bool absolute = false;    ///< Absolute sequence numbers.
  size_t max_rows = 0;      ///< Side-by-side rows to show at most (0 = all).
  RunNames names;           ///< What the two runs are called.
};

/// The headline of a diff: the first segment the runs disagree on and the rule behind it, e.g.
/// "At 0.200s the fault run sends RST+ACK where the graceful twin sends FIN+ACK: server close() with
/// unread data (RFC 1122 §4.2.2.13)." Falls back to the first differing call result or state change.
/// `names` says what the runs are called ("At 0.250s the what-if sends ... where the original run ...").
std::string diff_headline(const Trace& fault, const Trace& twin, const RunNames& names = {});

/// The whole diff as text: title, headline, the common prefix in one line, then both runs side by
/// side from the first difference (left: fault run, right: graceful twin; or as options.names says).
std::string render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options);
/// The same diff written to `os` as it is made (`tcpsim diff` of two long runs).
void render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options, std::ostream& os);

}  // namespace tcpsim
