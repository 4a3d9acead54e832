#include "model/panel_layout.hpp"

#include <algorithm>
#include <cmath>

namespace tcpsim::viz {

PanelMetrics panel_metrics(float font, float scale, bool presentation) {
  // ImGuiStyle's defaults (FramePadding.y 3, ItemSpacing.y 4, WindowPadding 8), times ScaleAllSizes.
  return {scale, font + 2 * 3 * scale, 4 * scale, 8 * scale, presentation};
}

PanelRects panel_layout(float top, float width, float height, const PanelMetrics& m) {
  const float s = m.scale;
  PanelRects l;
  // Two rows: the buttons, then the scrubber with where we are.
  const float toolbar_h = std::round(2 * m.frame_height + m.item_spacing_y + 2 * m.window_padding);
  l.toolbar = {0, top, width, toolbar_h};
  const float body_top = top + toolbar_h;
  const float body_h = height - body_top;
  const float bottom_h = std::round(std::clamp(body_h * 0.22f, 110 * s, 300 * s));
  // The ladder needs height more than width (two or three lanes); the state diagram needs room to be
  // read from the back of a classroom. On a projector the text is 1.6 times larger: the ladder keeps
  // more of the width (its marks write whole state names and errnos beside the lanes), and the states
  // (a strip of large names when Figure 5 cannot be large enough) take almost half of the column.
  const float right_w = m.presentation ? std::round(std::clamp(width * 0.42f, 300 * s, 900 * s))
                                       : std::round(std::clamp(width * 0.40f, 380 * s, 900 * s));
  const float main_h = body_h - bottom_h;
  l.ladder = {0, body_top, width - right_w, main_h};
  const float rx = width - right_w;
  const float diagram_h = std::round(main_h * (m.presentation ? 0.48f : 0.50f));
  const float tcb_h = std::round(main_h * (m.presentation ? 0.30f : 0.25f));
  l.diagram = {rx, body_top, right_w, diagram_h};
  l.tcb = {rx, body_top + diagram_h, right_w, tcb_h};
  l.inspector = {rx, body_top + diagram_h + tcb_h, right_w, main_h - diagram_h - tcb_h};
  l.editor = {rx, body_top, right_w, main_h};
  const float narration_w = std::round(width * 0.42f);
  l.narration = {0, body_top + main_h, narration_w, bottom_h};
  l.console = {narration_w, body_top + main_h, width - narration_w, bottom_h};
  return l;
}

}  // namespace tcpsim::viz
