#pragma once
// Text widths as the visualizer measures them, without a window: the DejaVu fonts it loads, at the
// scale ImGui gives a font of a pixel height (ascent minus descent), glyph advances without kerning.
#include <string_view>

namespace tcpsim::viz::test {

/// Width in pixels of `text` drawn `size` pixels high in DejaVu Sans (Bold when `bold`), as ImGui's
/// CalcTextSizeA measures it. Falls back to 0.6 em per code point when the font is missing.
float imgui_text_width(std::string_view text, float size, bool bold);
/// The same in DejaVu Sans Mono (hex dumps, values, time stamps).
float imgui_mono_width(std::string_view text, float size);

}  // namespace tcpsim::viz::test
