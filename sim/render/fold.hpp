#pragma once
// Which segments are "like" each other, so a long transfer reads as a few lines instead of one per
// segment: the terminal ladder folds a run of like segments into one line, as the visualizer's ladder
// and its SVG fold close arrows into a band. Like means the same route (sender, where it ended, how)
// and the same kind of arrow (data, bare ACK, SYN, FIN, RST). The terminal keeps every segment worth a
// lesson on its own line: drops, retransmissions and other tagged segments, SYN, FIN and RST.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace.hpp"

namespace tcpsim::render {

/// What kind of arrow a segment is, by its flags: RST > SYN > FIN > data > bare ACK (the terminal's
/// ladder and, as viz::ArrowStyle, the visualizer's and the SVG's).
enum class SegmentKind : uint8_t {
  Ack,   ///< A bare ACK.
  Data,  ///< Carries payload.
  Syn,   ///< SYN or SYN+ACK.
  Fin,   ///< FIN.
  Rst,   ///< RST.
};

/// The kind of a segment with these flags and this much payload.
SegmentKind segment_kind(uint8_t flags, uint32_t payload_len);

/// Where a segment went and how it ended, and what kind it is: segments with equal routes are alike.
struct SegmentRoute {
  NodeId from = kNoNode;            ///< The sender.
  NodeId end_node = kNoNode;        ///< Where it arrived or died (kNoNode: on a link, or still in flight).
  LinkId end_link = kNoLink;        ///< The link it died on.
  Outcome outcome = Outcome::InFlight;
  SegmentKind kind = SegmentKind::Ack;
  /// Member-wise equality: same route, same kind.
  bool operator==(const SegmentRoute&) const = default;
};

/// The route of segment `index`.
SegmentRoute segment_route(const Trace& trace, size_t index);

/// True when the terminal may fold this segment with its like neighbours: a delivered data segment or
/// bare ACK that nobody rejected and that has no tag (not a retransmission, probe, duplicate...).
bool foldable(const Trace& trace, size_t index);

/// A run of like segments of one connection, summed up for its fold line.
struct Fold {
  std::vector<size_t> members;  ///< Segment indices, in the order sent.
  /// "723 data segments seq=1..1046857, all acknowledged", "361 ACKs ack=1449..1046857"
  /// (relative numbers from `nums`; ".." and plain words, so ASCII output needs no other form);
  /// "723 data seq=1..1046857, all ACKed" when the long form is wider than `width`.
  std::string label(const Trace& trace, const RelativeNumbers& nums, size_t width = SIZE_MAX) const;

 private:
  std::string full_label(const Trace& trace, const RelativeNumbers& nums) const;
};

/// Whether the receiver acknowledged every byte of the data segments in `members` (cumulative ACKs
/// from the receiver back to the sender that arrived there, anywhere later in the run).
bool all_acknowledged(const Trace& trace, const std::vector<size_t>& members);

}  // namespace tcpsim::render
