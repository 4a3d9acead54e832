#include "font_metrics.hpp"

#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "util/text.hpp"

// Every function static: the model library compiles its own copy for the SVG export.
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>

namespace tcpsim::viz::test {

namespace {

/// A font file and stb_truetype's view of it.
struct Font {
  std::vector<unsigned char> data;
  stbtt_fontinfo info{};
  bool ok = false;
  explicit Font(const char* path) {
    std::ifstream f(path, std::ios::binary);
    data.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    ok = !data.empty() && stbtt_InitFont(&info, data.data(), stbtt_GetFontOffsetForIndex(data.data(), 0));
  }
};

/// The three fonts theme.cpp loads, read once for the whole test run.
struct Fonts {
  Font regular{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
  Font bold{"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
  Font mono{"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"};
};

const Fonts& fonts() {
  static const Fonts f;
  return f;
}

float width_in(const Font& f, std::string_view text, float size) {
  float w = 0;
  if (!f.ok) {
    for (size_t i = 0; i < text.size();) {
      next_code_point(text, i);
      w += 0.6f * size;
    }
    return w;
  }
  // ImGui sizes a font by its pixel height: stbtt_ScaleForPixelHeight, as imgui_draw.cpp does.
  const float scale = stbtt_ScaleForPixelHeight(&f.info, size);
  for (size_t i = 0; i < text.size();) {
    int g = stbtt_FindGlyphIndex(&f.info, static_cast<int>(next_code_point(text, i)));
    if (g == 0) g = stbtt_FindGlyphIndex(&f.info, '?');  // ImGui draws its fallback glyph
    int advance = 0, bearing = 0;
    stbtt_GetGlyphHMetrics(&f.info, g, &advance, &bearing);
    w += scale * static_cast<float>(advance);
  }
  return w;
}

}  // namespace

float imgui_text_width(std::string_view text, float size, bool bold) {
  return width_in(bold ? fonts().bold : fonts().regular, text, size);
}

float imgui_mono_width(std::string_view text, float size) { return width_in(fonts().mono, text, size); }

}  // namespace tcpsim::viz::test
