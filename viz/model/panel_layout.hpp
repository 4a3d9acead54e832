#pragma once
// Where each panel of the window goes, from the window's size and the UI's metrics. Plain numbers, so
// the tests can lay the panels out as the app does (a 1280x720 projector in presentation mode) and
// check that what each panel writes fits the room it gets.
#include "ladder/ladder_layout.hpp"

namespace tcpsim::viz {

/// The sizes the layout depends on (ImGui's style, scaled).
struct PanelMetrics {
  float scale = 1.0f;           ///< UI scale: 1, or 1.6 in presentation mode.
  float frame_height = 22.0f;   ///< A button's height (font size plus frame padding).
  float item_spacing_y = 4.0f;  ///< Vertical room between items.
  float window_padding = 8.0f;  ///< Padding inside a panel, on every side.
  bool presentation = false;    ///< Presentation mode: the ladder and the states get the room.
};

/// ImGui's default style at font size `font` and UI scale `scale` (what theme.cpp applies).
PanelMetrics panel_metrics(float font, float scale, bool presentation);

/// Every panel's rectangle in pixels.
struct PanelRects {
  Box toolbar, ladder, diagram, tcb, inspector, narration, console, editor;  ///< One per panel.
};

/// The panels of a `width` x `height` window whose menu bar ends at `top`.
PanelRects panel_layout(float top, float width, float height, const PanelMetrics& m);

}  // namespace tcpsim::viz
