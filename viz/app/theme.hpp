#pragma once
// Colours, sizes and fonts of the window, from the palette and presentation mode.
#include <imgui.h>

#include "app/app_state.hpp"

namespace tcpsim::viz {

/// An ImGui colour from a palette colour.
inline ImU32 col(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }
/// The same, as ImVec4 (for style colours).
inline ImVec4 col4(Rgba c) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, c.a / 255.f); }

/// Loads the fonts (DejaVu when the system has it, with the arrows and symbols the views draw).
/// Must run before the first frame.
void load_fonts(AppState& app, float base_size);
/// Applies the palette and scale for the current mode (cheap when nothing changed).
void apply_theme(AppState& app);

}  // namespace tcpsim::viz
