#pragma once
// Internal to the ladder's layout (ladder_*.cpp): the per-frame context that fills a LadderLayout,
// split by feature across files:
//   ladder_layout.cpp    the frame's geometry, time column, gaps and lanes; the public entry points
//   ladder_segments.cpp  segments found by binary search and folded into bands; the ghost twin
//   ladder_text.cpp      marks and labels, placed greedily where they cover nothing
//   ladder_callout.cpp   the ghost's callout and the texts that give way to it
//   ladder_hit.cpp       hit-testing and tooltips
#include <string>
#include <vector>

#include "ladder/ladder_layout.hpp"

namespace tcpsim::viz::ladder {

/// Arrows of one route closer than this (times the UI scale) fold into a band.
constexpr float kFoldPx = 3.0f;
/// Label and mark placement gives up after this many attempts per frame (keeps dense frames cheap).
constexpr size_t kMaxLabelAttempts = 400;
/// A mark may slide this many lines away from its moment before it is hidden.
constexpr float kMaxDriftLines = 3.5f;
/// An earlier mark whose words repeat the last text shown on its lane fewer than this many lines above
/// keeps only its tick ("retransmission timer fired" once, not ten times down a zoomed-out lane).
constexpr float kRepeatLines = 4.0f;
/// Line ids of ghosts in the Occupancy start here (arrows use their index).
constexpr int64_t kGhostLine = int64_t{1} << 24;

/// Number of code points in UTF-8 text.
size_t code_points(std::string_view s);
/// "0.200 s" with `decimals` decimals.
std::string seconds_text(Time t, int decimals);
/// The point a fraction `t` of the way from a to b.
inline Point lerp(Point a, Point b, float t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }
/// The point at `t` of the quadratic curve a-c-b.
inline Point bezier(Point a, Point c, Point b, float t) {
  const float u = 1 - t;
  return {u * u * a.x + 2 * u * t * c.x + t * t * b.x, u * u * a.y + 2 * u * t * c.y + t * t * b.y};
}
/// The words of a mark: "ESTABLISHED → CLOSED", "recv() = -1 ECONNRESET (Connection reset by peer)".
std::string mark_text(const Trace& trace, const LadderIndex& index, uint32_t event, MarkKind kind);

/// Boxes already taken by text or by lines that text must not cover, binned by rows so a frame with
/// hundreds of labels stays cheap.
class Occupancy {
 public:
  /// Empties it for a plot starting at row `top`, `height` rows tall.
  void reset(float top, float height);
  /// The first taken box overlapping `b` (ignoring the line of arrow `own`, so that an arrow's label
  /// may sit next to its own line), or null.
  const Box* overlap(const Box& b, int64_t own = -1) const;
  /// True when `b` overlaps no taken box other than those in `mine` (texts about to move).
  bool free_except(const Box& b, const std::vector<Box>& mine) const;
  /// How much `b` would cover: the sum of the weights of the boxes it overlaps.
  size_t cost(const Box& b) const;
  /// Marks `b` as taken: by text (line = -1) or by a piece of arrow `line`'s line. `weight` is what
  /// covering it costs (see cost()).
  void take(const Box& b, int64_t line, uint8_t weight);

 private:
  static constexpr float kBin = 48.0f;
  std::pair<size_t, size_t> range(const Box& b) const;
  float top_ = 0;
  size_t used_ = 1;
  std::vector<std::vector<uint32_t>> bins_{1};
  std::vector<Box> boxes_;
  std::vector<int64_t> lines_;
  std::vector<uint8_t> weights_;
};

/// Consecutive segments of one route being folded.
struct Group {
  bool open = false;
  uint32_t first = 0, last = 0, count = 0;
  double send0 = 0, send1 = 0, end0 = 0, end1 = 0;
};

/// One frame's view parameters (like Tracy's per-frame context) and working state.
class Frame {
 public:
  Frame(const LadderInput& in, LadderLayout& out);
  /// Fills the layout, most important things first.
  void build();

 private:
  // ---- helpers (ladder_layout.cpp) ----
  float width(std::string_view t) const;
  float title_width(std::string_view t) const;
  float y(double story) const { return out_.plot.y + static_cast<float>(cam_.y(story)); }
  float x_lane(size_t lane) const { return lane_left_ + lane_step_ * static_cast<float>(lane); }
  float x2(uint32_t pos2) const { return lane_left_ + lane_step_ * 0.5f * static_cast<float>(pos2); }
  float pad_x() const { return 4 * s_; }
  float pad_y() const { return 1 * s_; }
  Box text_box(float x, float y_top, std::string_view text) const {
    return {x, y_top, width(text) + 2 * pad_x(), lh_ + 2 * pad_y()};
  }
  bool in_plot(const Box& b) const;
  std::string fit(const std::string& text, float max_w) const;
  static std::string lane_detail(const NodeRecord& node);

  // ---- geometry, time, lanes (ladder_layout.cpp) ----
  void geometry();
  void time_axis();
  void lanes();
  void lane_spans(size_t k, float top, float bottom, std::vector<LaneSpan>& spans) const;

  // ---- segments and ghosts (ladder_segments.cpp) ----
  const Moment::Flight* flight_of(const Moment& m, uint32_t segment) const;
  void segments();
  void add(uint32_t i);
  void merge(uint16_t r, uint32_t first, uint32_t last, uint32_t count);
  void flush(uint16_t r);
  bool band_shape(float xs, float xe, double send0, double send1, double end0, double end1, LadderBand& b) const;
  void emit_arrow(uint32_t i);
  int64_t other_divergence() const;
  int64_t own_divergence() const;
  bool ghost_on() const;
  bool same_as_real(const Run& o, size_t gi) const;
  void ghosts();
  void emit_ghost(uint32_t i, const LadderRoute& route, double send, double end);

  // ---- texts (ladder_text.cpp; the callout: ladder_callout.cpp) ----
  void obstacles();
  void marks();
  bool place_mark(const LadderIndex::Mark& k, LadderMark& mk, float cursor, float floor, size_t& attempts);
  Box mark_box(const LadderIndex::Mark& k, LadderMark& mk, float top, bool wide = false) const;
  bool call_pending(uint32_t event) const;
  /// The marks of one moment on one lane that have a text, and every box they have taken in the
  /// Occupancy (where they are and where they were before the group moved): the group's own room.
  struct MarkGroup {
    double story = -1;
    std::vector<size_t> marks;  ///< indices into out_.marks, in order
    std::vector<Box> room;
  };
  bool stack_above(MarkGroup& group, LadderMark& mk, const LadderIndex::Mark& k, bool failed);
  void labels(bool key);
  void gap_labels();
  void callout();
  bool covers_ghost(const Box& b) const;
  void give_way(const Box& b);
  void callout_text(const Run& o, int64_t mine, int64_t theirs, LadderCallout& co) const;
  Box beside(Point a, Point b, float t, float w, float h, int side) const;
  Box clamp_x(Box b) const;
  bool try_take(LadderLabel& l, const Box& b, int64_t own = -1, uint8_t weight = 3);
  bool visible_part(Point& a, Point& b) const;
  void place_on_line(LadderLabel& l, Point a, Point b, int side, bool curve, Point control, int64_t own = -1);
  void place_reason(LadderLabel& l, Point at, int64_t own = -1);
  std::string band_text(const Run& r, const LadderBand& b, const std::string& prefix) const;
  std::string ghost_prefix() const {
    if (!in_.ghost_label.empty()) return in_.ghost_label + ": ";
    return in_.viewing_twin ? "fault run: " : "twin: ";
  }

  const LadderInput& in_;
  LadderLayout& out_;
  const Run& run_;
  const LadderIndex& ix_;
  const Moment& m_;
  const LadderCamera& cam_;
  const float s_;
  const float lh_;
  float lane_left_ = 0, lane_step_ = 0, fold_px_ = kFoldPx;
  double s_top_ = 0, s_bot_ = 0, now_story_ = 0;
  std::vector<StoryClock::Gap> visible_gaps_;
  std::vector<Group> groups_;
  Occupancy occ_;
  size_t attempts_ = 0;  // label placements tried so far this frame
};

}  // namespace tcpsim::viz::ladder
