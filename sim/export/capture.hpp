#pragma once
// Which packets a capture holds, when, and what tcpsim says about each. A view is the wire or one
// node's interface; the texts come from the rules table (tcp/rules.hpp) and the words the ladder
// prints (render/event_text.hpp), so a packet comment reads like the ladder's label for it.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "trace/trace.hpp"

namespace tcpsim {

/// Where a capture is taken.
struct CaptureView {
  NodeId node = kNoNode;  ///< kNoNode (or no node of the trace): the wire; else the node whose interface it is.
  /// True for the wire view.
  bool wire() const { return node == kNoNode; }
};

/// A packet's direction at a node's interface (pcapng epb_flags bits 0-1).
enum class Direction : uint8_t { Unknown = 0, Inbound = 1, Outbound = 2 };

/// One packet of a capture.
struct CapturePacket {
  size_t segment = 0;                 ///< Index into trace.segments.
  Time t = 0;                         ///< When the view saw it (see capture_packets()).
  Direction dir = Direction::Unknown;
  std::vector<std::string> comments;  ///< What tcpsim has to say about it; empty for a routine segment.
  /// The same packet with the same comments.
  bool operator==(const CapturePacket&) const = default;
};

/// The packets of a view, in time order (ties in the order they happened):
/// - the wire: every segment once, when its sender put it on the wire, including those dropped later
///   (a comment says where and why). A segment crossing a middlebox is not repeated on the far link;
///   a link's duplicate is a second packet, sent when the link made it.
/// - a host: the segments it sent, when sent, and those delivered to it, when they arrived; a segment
///   dropped on the way (or while the host was down) is absent.
/// - a middlebox: the segments that reached it (forwarded or dropped there), when they arrived, and
///   the resets it sent.
/// `other` is the run to compare with (the graceful twin of a fault run, or the fault run of a twin),
/// for a "the graceful twin sends FIN+ACK seq=1 ack=19 here" comment where the runs part; may be null.
std::vector<CapturePacket> capture_packets(const Trace& trace, CaptureView view, const Trace* other = nullptr);

/// The packets of a view one at a time, in capture_packets()'s order and with its comments: a capture
/// of any length is written without holding its packets (issue 11: `export --pcap` streams).
class CaptureCursor {
 public:
  /// The packets of `view` in `trace`; `other` as for capture_packets().
  CaptureCursor(const Trace& trace, CaptureView view, const Trace* other = nullptr);
  /// Fills `p` with the next packet and its comments; false after the last.
  bool next(CapturePacket& p);

 private:
  /// Whether event `e` is a packet of the view; if so, fills `p` (no comments yet).
  bool pick(const Event& e, std::vector<bool>& seen, CapturePacket& p);
  /// What tcpsim says about `p`.
  void comment(CapturePacket& p);

  const Trace& trace_;
  CaptureView view_;
  bool middlebox_ = false;                ///< The view is a firewall's or a NAT's.
  size_t event_ = 0;                      ///< The next event to look at.
  std::vector<bool> seen_;                ///< Segments that reached the middlebox already (it sees each once).
  std::vector<bool> answered_;            ///< render::answered_segments().
  std::vector<uint32_t> frame_;           ///< 1-based frame number of each segment's first packet here.
  std::unordered_map<uint32_t, std::vector<Event>> discards_;  ///< Discard events by connection.
  int64_t part_segment_ = -1;             ///< This run's first segment that differs from `other`.
  std::string part_comment_;              ///< What that segment's comment says.
};

/// The names a view can be taken at, for an error message: "hosts client and server; firewall fw".
std::string capture_points(const Trace& trace);

/// One line about the view: "the wire" or "client (10.0.0.1)".
std::string view_name(const Trace& trace, CaptureView view);

}  // namespace tcpsim
