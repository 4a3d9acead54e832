#pragma once
// Small drawing helpers the panels share: palette lookups, dashed polylines, arrowheads, pills and
// styled text runs. Plain functions over ImGui; no state.
#include <imgui.h>

#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "model/console_view.hpp"
#include "render/rich.hpp"

namespace tcpsim::viz {

/// The active palette (the dark one before the theme is applied).
const Palette& palette_of(const AppState& app);
/// A host's colour by its lane.
Rgba host_rgba(const AppState& app, size_t lane);
/// The colour of a terminal ink in the active palette.
Rgba ink_rgba(const Palette& p, render::Ink ink);
/// Black or white, whichever reads better on `bg`.
Rgba text_on(Rgba bg);

/// A polyline drawn in dashes of `dash` pixels separated by `gap`.
void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thickness, float dash, float gap);
/// A filled arrowhead with its tip at `tip`, pointing away from `from`.
void arrow_head(ImDrawList* dl, ImVec2 from, ImVec2 tip, float size, ImU32 col);
/// The point halfway along a polyline (by length).
ImVec2 polyline_point(const std::vector<ImVec2>& pts, float fraction);
/// Text in a rounded box centred on `centre`, in `font` at `size` pixels; returns the box's size.
ImVec2 pill(ImDrawList* dl, ImFont* font, float size, ImVec2 centre, const std::string& text, ImU32 fg, ImU32 bg,
            ImU32 border, float border_w);
/// Styled spans after the cursor: a span that does not fit the rest of the line starts a new one at
/// `indent` (window x), and a span longer than a whole line wraps.
void spans_text(const Palette& p, const std::vector<Span>& spans, float indent);

/// What a keyboard did to a list this frame: Up/Down moved `*cursor` (kept within [0, n)), Enter
/// chose, Esc left. The library, the Act palette (W) and the Export palette (X) share it.
struct ListKeys {
  bool enter = false;
  bool moved = false;
  bool escape = false;
};
ListKeys list_keys(int* cursor, int n);

}  // namespace tcpsim::viz
