#pragma once
// The sentences of `tcpsim diff`'s headline (and the ghost's): what each run did at a moment and the
// rule behind it, in the names the two runs go by ("the fault run", "the graceful twin").
#include <string>

#include "render/diff_items.hpp"
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

namespace diff {

/// "0.200s".
std::string at(Time t);
/// A run's name at the start of a sentence: "The graceful twin".
std::string capital(std::string name);
/// Items worth showing on one row when they differ: the same kind, node and pair key (same call).
bool pairable(const Item& a, const Item& b);
/// "server close() with unread data (RFC 1122 §4.2.2.13)": who and the rule that made the item.
std::string because(const Item& i);
/// An item as a clause with its subject: "server calls recv(), which returns 0 (EOF)".
std::string happening(const Item& i);
/// The headline for segments the runs send differently (either may be null: the other run sends none):
/// "At 0.200s the fault run sends RST+ACK where the graceful twin sends FIN+ACK: server close() with
/// unread data (RFC 1122 §4.2.2.13)."
std::string segment_headline(const Item* f, const Item* w, const RunNames& n);
/// The sentence for a row where the runs differ (either item may be null), after `opening`:
/// "At 0.300s, client's recv() returns -1 ECONNRESET in the fault run but 5 bytes in the graceful twin."
std::string difference(const Item* f, const Item* w, const std::string& opening, const RunNames& n);

}  // namespace diff
}  // namespace tcpsim
