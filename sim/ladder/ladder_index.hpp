#pragma once
// What the ladder needs from a run, computed once per run so that each frame only binary-searches and
// reads compact arrays: every segment's story times and route (from which lane to which place, how it
// ended, what kind it is), per-block summaries that let a dense stretch (a 100 MB transfer zoomed out)
// fold without visiting each of its segments, the events drawn as marks on the lanes, and when each
// host was down.
#include <cstdint>
#include <memory>
#include <vector>

#include "ladder/run.hpp"
#include "render/fold.hpp"

namespace tcpsim::viz {

/// How a segment's arrow is drawn (the app picks colour and weight from it): the terminal's kind of
/// segment, RST > SYN > FIN > data > bare ACK (render::segment_kind() gives it). A RST is red,
/// heavier, with a flat-bar double head and a label starting with "RST"; SYN green; FIN blue.
using ArrowStyle = render::SegmentKind;

/// Where a segment goes and how it ends. Neighbouring segments with the same route fold together.
struct LadderRoute {
  uint16_t from = 0;      ///< The sender's lane.
  uint16_t end2 = 0;      ///< Where the arrow ends, in half lanes: 2*lane at a lane, a+b halfway along a link.
  bool dropped = false;   ///< It dies there (drawn with a cross).
  ArrowStyle style = ArrowStyle::Ack;
  bool operator==(const LadderRoute&) const = default;
};

/// The route of one segment of `trace`, given each node's lane; `unfinished` is set when it neither
/// arrived nor died (it is then drawn halfway to its destination).
LadderRoute route_of(const Trace& trace, size_t segment, const std::vector<uint16_t>& lane_of, bool* unfinished);

/// What kind of mark an event leaves on a lane.
enum class MarkKind : uint8_t {
  State,       ///< "ESTABLISHED → CLOSED"
  Call,        ///< "close() = 0", "recv() …"
  CallFailed,  ///< "recv() = -1 ECONNRESET (Connection reset by peer)"
  Note,        ///< A scenario note: a subtle mark in the time column.
  Crash,       ///< "✗ host crashed"
  Restart,     ///< "host restarted"
  Discard,     ///< "discarded 18 unread bytes"
  Timer,       ///< "retransmission timer fired"
  Verdict,     ///< "not accepted: in-window RST (RFC 5961 §3.2)"
  Link,        ///< "link down" / "link up", halfway along the link
  Flow,        ///< A middlebox forgot a flow.
  Kill,        ///< "✗ process killed (kill -9)"
};

/// A run's ladder data, built once (see LadderIndexCache).
class LadderIndex {
 public:
  /// Segments per block summary.
  static constexpr uint32_t kBlock = 64;
  /// Marks whose position is the time column rather than a lane (notes).
  static constexpr uint16_t kMargin = 0xFFFF;

  /// One route's members within a block.
  struct BlockPart {
    uint16_t route = 0;
    uint32_t count = 0;
    uint32_t first = 0;  ///< First member (segment index).
    uint32_t last = 0;   ///< Last member.
  };
  /// An event drawn as a mark.
  struct Mark {
    uint32_t event = 0;   ///< Index into trace.events.
    double story = 0;     ///< When, in story seconds.
    uint16_t pos2 = 0;    ///< Where, in half lanes (2*lane), or kMargin.
    MarkKind kind = MarkKind::State;
  };
  /// A stretch of story time.
  struct Span {
    double from = 0;
    double to = 0;
  };

  /// Indexes `run`.
  explicit LadderIndex(const Run& run);

  uint64_t serial = 0;                    ///< Run::serial of the run indexed.
  size_t lanes = 0;                       ///< Number of lanes.
  std::vector<uint16_t> lane_of;          ///< Per node: its lane.
  std::vector<double> send;               ///< Per segment: story time sent (non-decreasing).
  std::vector<double> end;                ///< Per segment: story time it arrived or died (end of run if neither).
  std::vector<uint16_t> route;            ///< Per segment: index into routes.
  std::vector<LadderRoute> routes;        ///< Distinct routes, in order of first use.
  std::vector<uint32_t> block_parts;      ///< Per block b: its parts are parts[block_parts[b], block_parts[b+1]).
  std::vector<BlockPart> parts;           ///< Block summaries.
  std::vector<double> block_max_end;      ///< Per block: the latest end among its segments.
  double max_span = 0;                    ///< Longest story time a finished segment spent on the way.
  std::vector<uint32_t> unfinished;       ///< Segments that neither arrived nor died (in send order).
  std::vector<Mark> marks;                ///< In time order.
  std::vector<std::vector<Span>> down;    ///< Per lane: when its host was down.
  std::vector<bool> answered;             ///< Per segment: a later segment replied to it (for verdict texts).

  /// Number of block summaries.
  size_t blocks() const { return block_max_end.size(); }
};

/// The indexes of the runs on screen, rebuilt when a run is replaced (keyed by Run::serial).
class LadderIndexCache {
 public:
  /// The index of `run`, built on first use.
  const LadderIndex& of(const Run& run);

 private:
  std::unique_ptr<LadderIndex> slots_[2];
  size_t next_ = 0;
};

}  // namespace tcpsim::viz
