#pragma once
// `tcpsim diff`: the fault run next to its graceful twin (or a what-if next to the original run). Finds
// where the two runs part, says in one paragraph what the first run did instead (and by which rule),
// then shows both runs side by side from that moment.
#include <ostream>
#include <string>

#include "render/diff_words.hpp"
#include "render/rich.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

/// How to draw a diff.
struct DiffOptions {
  size_t width = 100;       ///< Columns; every line fits (clamped to at least 40).
  render::Colours colour;   ///< ANSI colours and their palette, as in the ladder.
  bool ascii = false;       ///< 7-bit characters only.
  bool absolute = false;    ///< Absolute sequence numbers.
  size_t max_rows = 0;      ///< Side-by-side rows to show at most (0 = all).
  RunNames names;           ///< What the two runs are called.
};

/// The headline of a diff: the first moment where the runs' endings differ (diff_lesson.hpp: an RST
/// where the other has a FIN, a drop where the other delivers, an error where the other gets data)
/// and the rule behind it, e.g. "At 0.200s the fault run sends RST+ACK where the graceful twin sends
/// FIN+ACK: server close() with unread data (RFC 1122 §4.2.2.13)." Without one, the first segment the
/// runs disagree on; else the first differing call result or state change.
/// `names` says what the runs are called ("At 0.250s the what-if sends ... where the original run ...").
std::string diff_headline(const Trace& fault, const Trace& twin, const RunNames& names = {});

/// Where a fault run and its graceful twin (or any two runs: a branch and the one it came from) part,
/// for tools that draw them together (the visualizer's ghost): the first segment each run sends that
/// the other does not send the same way.
struct Divergence {
  bool identical = true;        ///< The runs do the same things at the same times.
  Time at = 0;                  ///< When they first differ in anything compared (segments, states, calls).
  int64_t fault_segment = -1;   ///< Index into the first (left) run's segments of the first differing one, or -1.
  int64_t twin_segment = -1;    ///< Index into the second (right) run's segments of its counterpart, or -1.
  std::string headline;         ///< As diff_headline().
};

/// Finds where the runs part (the same analysis as `tcpsim diff`); `names` words the headline, e.g.
/// find_divergence(branch, original, RunNames::what_if()) for a what-if against its original run.
Divergence find_divergence(const Trace& fault, const Trace& twin, const RunNames& names = {});

/// The whole diff as text: title, headline, the common prefix in one line, then both runs side by
/// side from the first difference (left: fault run, right: graceful twin; or as options.names says).
std::string render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options);
/// The same diff written to `os` as it is made (`tcpsim diff` of two long runs).
void render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options, std::ostream& os);

}  // namespace tcpsim
