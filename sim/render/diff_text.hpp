#pragma once
// `tcpsim diff`: the fault run next to its graceful twin (or a what-if next to the original run). Finds
// where the two runs part, says in one paragraph what the first run did instead (and by which rule),
// then shows both runs side by side from that moment.
#include <ostream>
#include <string>

#include "render/diff_words.hpp"
#include "render/rich.hpp"
#include "trace/divergence.hpp"
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

/// The whole diff as text: title, headline, the common prefix in one line, then both runs side by
/// side from the first difference (left: fault run, right: graceful twin; or as options.names says).
std::string render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options);
/// The same diff written to `os` as it is made (`tcpsim diff` of two long runs).
void render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options, std::ostream& os);

}  // namespace tcpsim
