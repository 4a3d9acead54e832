#pragma once
// RFC 9293 Figure 5 laid out in pixels for one canvas, and what goes on it at one moment, so that the
// panel only draws and a test can check, without a window, that no text covers another, an arrow, a
// box or a name tag:
//   layout_figure()  the boxes, the figure's twenty arrows, and each arrow's label placed beside it
//                    where it is clear of everything else (the largest font at which all labels fit);
//   place_overlay()  each endpoint's name tag beside its box, the route of a transition the figure
//                    does not draw (around the labels), and that transition's cause beside its route.
// Files: state_diagram_layout.cpp (the figure), state_diagram_overlay.cpp (the moment),
// state_diagram_route.cpp (routes around the labels).
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ladder/ladder_layout.hpp"
#include "model/state_diagram.hpp"

namespace tcpsim::viz {

/// How the panel measures text: the width in pixels of `text` drawn `size` pixels high (ImGui's font
/// size, which is also its line height), bold or regular.
using MeasureText = std::function<float(std::string_view text, float size, bool bold)>;

/// Labels smaller than this are not drawn at all (the figure is too small for them).
constexpr float kMinLabelFont = 9.0f;

/// One line of text placed.
struct PlacedText {
  Box box;           ///< Where its glyphs go: the top-left corner, its width and the line height.
  std::string text;  ///< What it says.
};

/// A figure label placed beside its arrow.
struct PlacedLabel {
  int edge = -1;                  ///< Index into figure5().edges and FigureScene::arrows.
  Box box;                        ///< Everything it covers (what other texts and arrows stay out of).
  std::vector<PlacedText> lines;  ///< The trigger over the action, or one line "CLOSE / snd FIN".
  bool rule = false;              ///< A rule between the two lines, as the RFC draws "-------".
  float rule_y = 0;               ///< Where that rule runs, from box.x to box.right().
  bool straddle = false;          ///< Trigger above its (horizontal) arrow, action below it, as in the RFC.
};

/// Figure 5 for one canvas (pixels from the canvas's top-left corner).
struct FigureScene {
  float w = 0, h = 0;                          ///< The canvas.
  float name_font = 12;                        ///< State names (bold).
  float label_font = 10;                       ///< Labels, name tags and causes.
  bool labels = false;                         ///< The labels are drawn (all found a place at kMinLabelFont or more).
  float line = 1;                              ///< Arrow thickness.
  float head = 7;                              ///< Arrowhead length.
  std::array<Box, kDiagramBoxes> boxes;        ///< Indexed by DiagramBox.
  std::array<Box, kDiagramBoxes> names;        ///< Where each box's state name goes (bold, name_font).
  /// Room kept beside each box for the name tags of the endpoints in it (labels stay out of it);
  /// zero-sized when the box has none.
  std::array<Box, kDiagramBoxes> slots;
  std::vector<std::vector<Point>> arrows;      ///< figure5().edges' routes, head last.
  std::vector<PlacedLabel> placed;             ///< One per edge when `labels`, in edge order.
  std::vector<int> unplaced;                   ///< Edges whose label found no place at the largest font tried.
  /// Routes of transitions the figure does not draw, found once per (from box, to box).
  std::map<std::pair<int, int>, std::vector<Point>> own_routes;
};

/// Figure 5 on a `w` x `h` canvas: the largest label font up to `max_font` at which every label finds
/// a place (state names a little larger, in bold). `scale` is the UI scale (arrow thickness).
FigureScene layout_figure(float w, float h, const MeasureText& measure, float max_font, float scale);

/// An endpoint's name tag beside its state's box, or on its edge (never over its state's name).
struct NameTag {
  size_t endpoint = 0;  ///< Index into DiagramView::endpoints.
  Box box;              ///< The tag (text and its padding).
  std::string text;     ///< The endpoint's name, conn_name().
};

/// A transition the figure does not draw, or one just taken: its route and its cause.
struct OwnTransition {
  size_t endpoint = 0;       ///< Index into DiagramView::endpoints.
  std::vector<Point> path;   ///< Its route, head last (the figure's arrow when it has one).
  bool cause_shown = false;  ///< Its cause found a place.
  Box cause_box;             ///< Where the cause goes (text and padding).
  std::string cause;         ///< "close() with unread data", "rcv RST".
  bool cause_on_route = false;  ///< The cause sits on its own route (no room beside it).
};

/// What the figure carries at one moment.
struct DiagramOverlay {
  std::vector<NameTag> tags;                ///< One per endpoint whose tag found a place.
  std::vector<OwnTransition> transitions;   ///< Abnormal and extra ones; fresh ones when labels are off.
  std::vector<size_t> untagged;             ///< Endpoints whose tag found no place (the legend still names them).
  std::vector<int> lit_labels;              ///< Edges whose label belongs to a transition just taken.
};

/// Pixels between two name tags side by side.
constexpr float kTagGap = 2.0f;

/// Padding of a name tag or a cause around its text, for `font`: (horizontal, vertical).
inline Point tag_padding(float font) { return {font * 0.35f, font * 0.12f}; }

/// The name tags, routes and causes of `v` on `scene` (which remembers the routes it found).
DiagramOverlay place_overlay(FigureScene& scene, const DiagramView& v, const MeasureText& measure);

/// What place_overlay() depends on in `v` (who is in which box, the transitions, which are fresh): two
/// views with the same key place the same overlay, so the panel places it again only when it changes.
std::string overlay_key(const DiagramView& v);

/// The route of a transition Figure 5 does not draw, from box `from` to box `to`: around the other
/// boxes, the labels and the room kept for name tags, head last; empty when there is no way.
std::vector<Point> route_around(const FigureScene& s, DiagramBox from, DiagramBox to);

/// Whether two polylines are the same points.
bool same_path(const std::vector<Point>& a, const std::vector<Point>& b);
/// Whether the polyline passes through `r`.
bool polyline_crosses(const std::vector<Point>& pts, const Box& r);
/// The point a fraction of the way along a polyline (by length), and the direction of its segment there.
std::pair<Point, Point> polyline_at(const std::vector<Point>& pts, float fraction);

}  // namespace tcpsim::viz
