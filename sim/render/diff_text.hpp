#pragma once
// `tcpsim diff`: the fault run next to its graceful twin. Finds where the two runs part, says in one
// paragraph what the fault run did instead (and by which rule), then shows both runs side by side
// from that moment.
#include <string>

#include "trace/trace.hpp"

namespace tcpsim {

/// How to draw a diff.
struct DiffOptions {
  size_t width = 100;       ///< Columns; every line fits (clamped to at least 40).
  bool colour = false;      ///< ANSI colours, as in the ladder.
  bool ascii = false;       ///< 7-bit characters only.
  bool absolute = false;    ///< Absolute sequence numbers.
  size_t max_rows = 0;      ///< Side-by-side rows to show at most (0 = all).
};

/// The headline of a diff: the first segment the runs disagree on and the rule behind it, e.g.
/// "At 0.200s the fault run sends RST+ACK where the graceful twin sends FIN+ACK: server close() with
/// unread data (RFC 1122 §4.2.2.13)." Falls back to the first differing call result or state change.
std::string diff_headline(const Trace& fault, const Trace& twin);

/// Where a fault run and its graceful twin part, for tools that draw them together (the
/// visualizer's ghost): the first segment each run sends that the other does not send the same way.
struct Divergence {
  bool identical = true;        ///< The runs do the same things at the same times.
  Time at = 0;                  ///< When they first differ in anything compared (segments, states, calls).
  int64_t fault_segment = -1;   ///< Index into fault.segments of the first differing segment, or -1.
  int64_t twin_segment = -1;    ///< Index into twin.segments of its counterpart, or -1.
  std::string headline;         ///< As diff_headline().
};

/// Finds where the runs part (the same analysis as `tcpsim diff`).
Divergence find_divergence(const Trace& fault, const Trace& twin);

/// The whole diff as text: title, headline, the common prefix in one line, then both runs side by
/// side from the first difference (left: fault run, right: graceful twin).
std::string render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options);

}  // namespace tcpsim
