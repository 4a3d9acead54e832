#include "app/theme.hpp"

#include <sys/stat.h>

namespace tcpsim::viz {

namespace {

bool exists(const char* path) {
  struct stat st {};
  return stat(path, &st) == 0;
}

/// Latin-1, general punctuation, arrows, ≠ ≤ ≥, media symbols (⏸), box drawing, geometric shapes
/// (▶ ◀) and check marks (✓ ✗): what the app and the scenarios write. Each glyph is rasterized for six
/// fonts at start-up, so no wider blocks than these.
const ImWchar* glyph_ranges() {
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x2190, 0x21FF, 0x2260, 0x2265, 0x23E9, 0x23FA,
                                   0x2500, 0x257F, 0x25A0, 0x25FF, 0x2713, 0x2718, 0};
  return ranges;
}

ImFont* add_font(ImGuiIO& io, const char* path, float size) {
  if (!exists(path)) return nullptr;
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  return io.Fonts->AddFontFromFileTTF(path, size, &cfg, glyph_ranges());
}

}  // namespace

void load_fonts(AppState& app, float base) {
  ImGuiIO& io = ImGui::GetIO();
  // The atlas as tall as its glyphs, not the next power of two: a quarter less to upload at start
  // (in a browser without a GPU, that upload is a good part of the first frame).
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  const char* sans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  const char* mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
  const char* bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  // Two sets, built at their own sizes so both stay sharp: everyday, and presentation (1.6x).
  for (int set = 0; set < 2; ++set) {
    const float size = set == 0 ? base : base * 1.6f;
    Fonts& f = app.font_sets[set];
    f.ui = add_font(io, sans, size);
    if (!f.ui) {
      ImFontConfig cfg;
      cfg.SizePixels = size;
      f.ui = io.Fonts->AddFontDefault(&cfg);
    }
    f.mono = add_font(io, mono, size);
    if (!f.mono) f.mono = f.ui;
    f.large = add_font(io, bold, size * 1.25f);
    if (!f.large) f.large = f.ui;
  }
  app.fonts = app.font_sets[0];
  io.FontDefault = app.fonts.ui;
}

void apply_theme(AppState& app) {
  const Palette& p = app.view.presentation ? presentation_palette() : dark_palette();
  const float scale = app.view.presentation ? 1.6f : 1.0f;
  if (app.palette == &p && app.scale == scale) return;
  app.palette = &p;
  app.scale = scale;
  app.fonts = app.font_sets[app.view.presentation ? 1 : 0];
  ImGui::GetIO().FontDefault = app.fonts.ui;
  ImGuiStyle& st = ImGui::GetStyle();
  st = ImGuiStyle();
  if (p.light) {
    ImGui::StyleColorsLight(&st);
  } else {
    ImGui::StyleColorsDark(&st);
  }
  st.WindowRounding = 0;
  st.WindowBorderSize = 1;
  st.FrameRounding = 3;
  st.ScaleAllSizes(app.scale);
  st.Colors[ImGuiCol_WindowBg] = col4(p.panel);
  st.Colors[ImGuiCol_ChildBg] = col4(p.panel);
  st.Colors[ImGuiCol_Text] = col4(p.text);
  st.Colors[ImGuiCol_TextDisabled] = col4(p.dim);
  st.Colors[ImGuiCol_Border] = col4(p.grid);
  if (p.light) {
    st.Colors[ImGuiCol_TitleBg] = col4({225, 225, 225});
    st.Colors[ImGuiCol_TitleBgActive] = col4({205, 215, 230});
  }
}

}  // namespace tcpsim::viz
