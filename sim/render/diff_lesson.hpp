#pragma once
// The moment `tcpsim diff`'s headline names (issue 15): where the two runs' endings first differ (an
// RST in one where the other has a FIN, a drop where the other delivers, an error where the other
// gets data), not merely the first segment that differs: two runs often part on a harmless ACK long
// before the lesson. Built on the runs' items (diff_items.hpp), beside the analysis that finds where
// they part (find_divergence), which it does not change.
#include <string>

#include "render/diff_words.hpp"
#include "trace/trace.hpp"

namespace tcpsim::diff {

/// The first ending the runs do not share, as the headline's sentence.
struct Lesson {
  bool found = false;    ///< False when every ending of one run has its like in the other.
  Time t = 0;            ///< When it happens (the earlier run's moment).
  std::string headline;  ///< "At 0.200s the fault run sends RST+ACK where the graceful twin sends FIN+ACK: ..."
};

/// How an item ends something, as a key two runs can share ("S client>server RST+ACK rule dies"),
/// or "" for an item that ends nothing: a segment with RST or FIN, a segment that dies, a call that
/// fails, a recv() that returns data or EOF.
std::string ending_key(const Item& item);

/// Pairs each run's endings with the other's like ones, in order, and words the earliest one left
/// alone together with its counterpart: for a segment that dies, the other run's same segment that
/// arrives (and when a reset answered it, the reset leads); for another segment, the other run's
/// segment from the same node at the same moment; else the other run's first unpaired ending of the
/// same kind by the same node (the same call).
Lesson find_lesson(const Trace& left, const Trace& right, const RelativeNumbers& left_nums,
                   const RelativeNumbers& right_nums, const RunNames& names);

}  // namespace tcpsim::diff
