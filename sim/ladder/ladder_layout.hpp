#pragma once
// The ladder diagram as plain data, recomputed each frame from the run, the playback Moment and the
// camera: lanes, sloped arrows (cut at the packet while in flight), crosses where segments died, marks
// on the lanes, compressed gaps, the ghost of the graceful twin and its callout. Only what is visible
// is produced: segments are found by binary search on story time, and arrows closer than a few pixels
// fold into bands (see LadderIndex), so a 138,000-segment trace costs as little as a handshake.
// ui_ladder.cpp draws this with ImDrawList and does nothing else; hit-testing is here too.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ladder/camera.hpp"
#include "ladder/palette.hpp"
#include "ladder/ladder_index.hpp"
#include "ladder/moment.hpp"
#include "ladder/run.hpp"

namespace tcpsim::viz {

/// A rectangle in screen pixels.
struct Box {
  float x = 0, y = 0, w = 0, h = 0;
  float right() const { return x + w; }
  float bottom() const { return y + h; }
  /// True when the point is inside.
  bool contains(float px, float py) const { return px >= x && px <= x + w && py >= y && py <= y + h; }
  /// True when the two rectangles share some area.
  bool overlaps(const Box& o) const { return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h; }
};

/// A point in screen pixels.
struct Point {
  float x = 0, y = 0;
};

/// Whether the straight piece a-b passes through `r` (touching its edge counts).
bool segment_crosses(Point a, Point b, const Box& r);

/// Sizes of text and strokes, so the layout can place labels without ImGui.
struct LadderMetrics {
  float scale = 1.0f;        ///< UI scale (presentation mode: 1.6).
  float line_height = 17.0f; ///< Height of a line of label text.
  /// Width of a label in pixels (default: 7 px per code point, times scale).
  std::function<float(std::string_view)> text_width;
  /// Width of a lane title (the bold, larger font; default: 1.25 x text_width).
  std::function<float(std::string_view)> title_width;
};

/// Everything the layout reads.
struct LadderInput {
  const Run* run = nullptr;               ///< The run on screen.
  const LadderIndex* index = nullptr;     ///< Its index.
  const Moment* moment = nullptr;         ///< The run at the playback position.
  LadderCamera camera;                    ///< Zoom and pan (story time <-> pixel rows of the plot).
  Box area;                               ///< The whole ladder canvas (lane headers included).
  bool absolute = false;                  ///< Absolute sequence numbers in labels.
  int64_t selected = -1;                  ///< Segment to highlight (index in `run`).
  LadderMetrics metrics;
  // The ghost: the other run's segments from where the runs part, faint, beside the real ones.
  bool ghost = false;                     ///< Draw it (the view option, and a twin exists).
  const Run* other = nullptr;             ///< The other run.
  const LadderIndex* other_index = nullptr;
  const Moment* other_moment = nullptr;   ///< The other run at the same simulated time.
  const Divergence* divergence = nullptr; ///< Where the runs part.
  std::string headline;                   ///< ... in one sentence (the callout's tooltip).
  bool viewing_twin = false;              ///< `run` is the graceful twin (the ghost is the fault run).
  std::string other_name;                 ///< The ghost's name in texts ("the original run"); empty: the twin's.
  std::string ghost_label;                ///< Its ghosts' label prefix ("original"); empty: "twin" / "fault run".
  bool explain_ghost = false;             ///< The callout gives the ghost's rule (a previous branch), not the run's.
  /// No text may cover any arrow or ghost, not only the resets and the first difference (the SVG: a
  /// slide has no hover to tell a label from the line through it).
  bool text_clear_of_arrows = false;
};

/// How a piece of lane is drawn.
enum class LaneLook : uint8_t {
  Solid,  ///< Time flows normally.
  Gap,    ///< A compressed idle stretch (dotted).
  Down,   ///< The host was down (dotted, in the error colour).
};

/// A piece of a lane's line.
struct LaneSpan {
  float y0 = 0, y1 = 0;
  LaneLook look = LaneLook::Solid;
};

/// One host's or middlebox's timeline.
struct LadderLane {
  NodeId node = kNoNode;
  float x = 0;                  ///< The line's column.
  std::string title;            ///< "client"
  std::string detail;           ///< "10.0.0.1", "firewall", "NAT"
  int colour = -1;              ///< Index into Palette::hosts for hosts; -1 for a middlebox.
  bool down = false;            ///< The host is down now.
  Box header;                   ///< Where title and detail go.
  std::vector<LaneSpan> spans;  ///< The line, top to bottom (only the visible part).
};

/// A placed piece of text.
struct LadderLabel {
  std::string text;
  Box box;
  bool shown = false;  ///< False when there was no room (the tooltip still has it).
};

/// One segment's arrow (or the ghost of the other run's segment).
struct LadderArrow {
  uint32_t segment = 0;       ///< Index in its run.
  ArrowStyle style = ArrowStyle::Ack;
  bool ghost = false;         ///< The other run's segment: faint, dashed, curved, labelled "twin".
  bool selected = false;
  Point from;                 ///< The sender's lane at the send time.
  Point to;                   ///< Where the drawn part ends: arrival, death, or the packet in flight.
  Point full;                 ///< Where the whole journey ends (equals `to` once it is over).
  Point control;              ///< Ghosts are quadratic curves through this control point (else the midpoint).
  bool in_flight = false;     ///< `to` is the packet, still moving.
  bool dropped = false;       ///< It died at `to` (a cross), shown once it has.
  LadderLabel label;          ///< "RST+ACK seq=1 ack=19", above the arrow (ghosts: below, "twin: ...").
  LadderLabel reason;         ///< Why it died: "lost", "firewall (line 12)"...
};

/// Segments too close to draw one by one, folded: a parallelogram from their sends to their ends.
struct LadderBand {
  uint16_t route = 0;         ///< Index into the index's routes.
  ArrowStyle style = ArrowStyle::Ack;
  bool ghost = false;
  bool dropped = false;       ///< They all died at the far edge.
  uint32_t first = 0;         ///< First member (segment index).
  uint32_t last = 0;          ///< Last member.
  uint32_t count = 0;         ///< Members.
  double send0 = 0, send1 = 0;///< Story times of the first and last sends.
  std::vector<Point> outline; ///< Convex outline (clipped at the now line while members are in flight).
  Point head;                 ///< Middle of the far edge (arrowhead or cross), clipped like the outline.
  bool in_flight = false;     ///< Some members are still on their way.
  LadderLabel label;          ///< "ACK ×42 seq=1…61321"
};

/// An event's mark on a lane.
struct LadderMark {
  uint32_t event = 0;         ///< Index into trace.events.
  MarkKind kind = MarkKind::State;
  Point anchor;               ///< On the lane at the event's time.
  LadderLabel label;          ///< Its text (not shown: the anchor is drawn as a tick only).
};

/// A compressed idle stretch: "29.9 s later".
struct LadderGap {
  float y0 = 0, y1 = 0;
  LadderLabel label;
};

/// A time stamp in the time column.
struct LadderTick {
  float y = 0;
  std::string text;
};

/// The box that says what the ghost shows.
struct LadderCallout {
  bool shown = false;
  std::string title;          ///< "Here the graceful twin sends FIN+ACK instead"
  std::string reason;         ///< "(server close() with unread data — RFC 1122 §4.2.2.13)"
  Box box;
  Point anchor;               ///< The place it points at (the ghost's first arrow).
  bool compact = false;       ///< Only the title, in the label font (there was no room for more).
  std::vector<std::string> title_lines;   ///< The title as drawn: wrapped to the plot's width.
  std::vector<std::string> reason_lines;  ///< The reason as drawn (none when compact).
};

/// One frame of the ladder.
struct LadderLayout {
  Box area;                            ///< The whole canvas.
  Box plot;                            ///< Below the lane headers: where story time is drawn.
  float axis_right = 0;                ///< Right edge of the time column.
  float run_top = 0, run_bottom = 0;   ///< Rows of the run's first and last moments (lanes end there).
  std::vector<LadderLane> lanes;
  std::vector<LadderArrow> arrows;     ///< The run's segments, one by one.
  std::vector<LadderBand> bands;       ///< The run's folded segments.
  std::vector<LadderArrow> ghosts;     ///< The other run's segments.
  std::vector<LadderBand> ghost_bands;
  std::vector<LadderMark> marks;
  std::vector<LadderGap> gaps;
  std::vector<LadderTick> ticks;
  LadderCallout callout;
  float now_y = 0;                     ///< The playback time's row.
  bool now_visible = false;
  std::string now_text;                ///< "0.200 s"
  size_t examined = 0;                 ///< Segments looked at one by one this frame (for tests and benchmarks).
  /// Empties every list (keeps their memory).
  void clear();
};

/// The plot (below the lane headers) of a canvas.
Box ladder_plot(const Box& area, const LadderMetrics& metrics);
/// Lays the ladder out into `out` (reusing its memory).
void layout_ladder(const LadderInput& in, LadderLayout& out);
/// The same, returning a new layout.
LadderLayout layout_ladder(const LadderInput& in);

/// What is under a point of the ladder.
struct LadderHit {
  enum class Kind : uint8_t { None, Arrow, Band, Ghost, GhostBand, Mark, Callout, Gap };
  Kind kind = Kind::None;
  size_t item = 0;        ///< Index into the layout's list of that kind.
  int64_t segment = -1;   ///< Arrow or band: the segment (in the run on screen) a click selects; else -1.
};
/// The item under (x, y): labels and marks first, then the nearest arrow within `tolerance` pixels,
/// then ghosts and bands.
LadderHit hit_test(const LadderLayout& layout, float x, float y, float tolerance);
/// The tooltip for a hit: the segment's one-line description, its fate and the rule behind it.
std::string hit_tooltip(const LadderInput& in, const LadderLayout& layout, const LadderHit& hit);

/// The ladder's colours, the same in the window and in the SVG: an arrow's by its style; a mark's text
/// by its kind; crosses and drop reasons in the error colour, not the reset red (a segment dying is
/// not a reset).
Rgba style_rgba(const Palette& p, ArrowStyle style);
Rgba mark_rgba(const Palette& p, MarkKind kind);
inline Rgba drop_rgba(const Palette& p) { return p.error; }

/// Shows the whole run in `height` pixels, keeping `reserve` pixels free below its end (for the
/// marks of its last moments). With `min_zoom` (pixels per story second) a long run is not squeezed
/// below it: the view then starts at the beginning of the run and playback scrolls it along.
void fit_camera(LadderCamera& camera, const Run& run, double height, double reserve, double min_zoom = 0);
/// The smallest zoom a freshly opened scenario gets: the shortest link delay spans at least this
/// many pixels (times the UI scale), so its arrows slope visibly and their labels fit.
constexpr double kReadableDelayPixels = 36;
/// ...unless the ladder is so short that fewer than this many link delays would be in view.
constexpr double kDelaysInView = 8;
/// The zoom a freshly opened scenario gets at least, for a plot `height` pixels tall at UI `scale`.
double readable_zoom(double height, double scale);
/// Scrolls so that story time `now` stays in view: scrolls along once it passes 85% of the usable
/// height, but never beyond where a fitted view puts the end of the run (`story_end`).
void follow_now(LadderCamera& camera, double now, double story_end, double height, double reserve);
/// Pixels a fitted view keeps free below the run's end.
inline double ladder_reserve(const LadderMetrics& m) { return 3.5 * m.line_height; }
/// Keeps the view from wandering far from the run.
void clamp_camera(LadderCamera& camera, double story_end, double height);

/// The ghost's name in texts: `in.other_name`, else "the graceful twin" (or "the fault run" when the
/// twin is on screen).
std::string ghost_name(const LadderInput& in);
/// "29.9 s later", "250 ms later".
std::string gap_text(Time duration);
/// An arrow's label: flags, seq/ack (relative unless `absolute`), len when not 0, and a tag
/// ("RST+ACK seq=1 ack=19", "ACK seq=1 ack=6 (challenge ACK)"). Shorter with less `detail`:
/// 1 keeps only seq ("PSH+ACK seq=5 (retransmission)"), 0 only the flags and tag.
std::string arrow_label(const Run& run, size_t segment, bool absolute, int detail = 2);

}  // namespace tcpsim::viz
