#pragma once
// Internal to the SVG export (ladder_svg*.cpp), split by feature:
//   ladder_svg_pen.cpp   text (UTF-8, escaping, measuring with stb_truetype), legible colours, and the
//                        Pen that writes SVG elements
//   ladder_svg_draw.cpp  the LadderLayout's items, in the order and colours of ui_ladder.cpp
//   ladder_svg.cpp       the document: camera, layout, title block, legend
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ladder/ladder_layout.hpp"
#include "ladder/palette.hpp"

namespace tcpsim::viz::svg {

/// The text as it is drawn: valid UTF-8 (U+FFFD for bad bytes), control characters as C escapes
/// ("\r": XML 1.0 forbids most of them, and a line break inside a label would not be drawn anyway).
std::string printable(std::string_view s);
/// Texts drawn bold, so that a reset reads as one in black and white too: reset labels (arrow_label()
/// starts every one with "RST"). They are measured bold, so the layout makes room for them.
bool emphasised(std::string_view t);

/// A font to measure text with, as the SVG viewer will draw it (about 0.6 em per character without it).
class Face {
 public:
  /// Loads the first of `paths` that is a font.
  explicit Face(std::initializer_list<const char*> paths);
  ~Face();
  Face(const Face&) = delete;
  Face& operator=(const Face&) = delete;

  /// DejaVu Sans where Debian, Fedora and Arch put it.
  static Face regular();
  /// DejaVu Sans Bold.
  static Face bold();

  /// True when the font file was found (else widths are estimates).
  bool loaded() const { return font_ != nullptr; }
  /// Height above the baseline, per em.
  float ascent() const { return ascent_; }
  /// Depth below the baseline, per em.
  float descent() const { return descent_; }
  /// Width of `text` (printable) at `em` pixels per em: advances plus kerning.
  float width(std::string_view text, float em) const;

 private:
  struct Font;  // the file and stb_truetype's view of it
  std::unique_ptr<Font> font_;
  float ascent_ = 0.928f, descent_ = 0.236f;  // DejaVu Sans
};

/// `c` composited over `bg` (opaque).
Rgba over(Rgba c, Rgba bg);
/// `c` (over `bg`) made darker or lighter, away from `bg`, until it has the contrast WCAG asks of body
/// text (4.5:1): orange and green on white print as pale grey otherwise.
Rgba legible(Rgba c, Rgba bg);
/// A number as SVG wants it: at most two decimals, no exponent, whatever the C locale.
std::string num(double v);
/// A stroke-dasharray.
inline std::string dashes(float dash, float gap) { return num(dash) + " " + num(gap); }

/// A font size and weight.
struct Type {
  float em = 13;
  bool bold = false;
};

/// The document being written and how: the output, the palette, the fonts and their sizes (like
/// ui_ladder.cpp's Pen, which carries the ImDrawList).
struct Pen {
  std::string& out;
  const Palette& p;
  const Face& regular;
  const Face& bold;
  float s;     ///< Scale.
  float lh;    ///< Line height of labels (ImGui's font size: ascent + descent).
  Type label;  ///< Labels: the document's default font.
  Type title;  ///< Lane titles and the callout's title: bold, 1.25 x.

  /// Height of the font above the baseline, in pixels.
  float ascent(Type t) const { return (t.bold ? bold : regular).ascent() * t.em; }
  /// Ascent plus descent, in pixels.
  float line(Type t) const { return ((t.bold ? bold : regular).ascent() + (t.bold ? bold : regular).descent()) * t.em; }
  /// Width of a text as drawn.
  float width(std::string_view text, Type t) const { return (t.bold ? bold : regular).width(printable(text), t.em); }
  /// Behind labels: the page, nearly opaque.
  Rgba label_bg() const { return p.background.alpha(p.light ? 235 : 225); }

  /// Opens a group of class `cls`.
  void open(std::string_view cls);
  /// Closes the last group.
  void close();
  void line(Point a, Point b, Rgba c, float w, std::string_view dash = {});
  void rect(const Box& b, Rgba fill, float radius, Rgba edge = {0, 0, 0, 0}, float w = 0);
  void polygon(const std::vector<Point>& pts, Rgba fill, Rgba edge = {0, 0, 0, 0}, float w = 0);
  /// A path (`d` in SVG syntax), stroked only.
  void path(const std::string& d, Rgba c, float w, std::string_view dash = {});
  void circle(Point c, float r, Rgba fill, Rgba edge = {0, 0, 0, 0}, float w = 0);
  /// Text with its baseline at `base`; `anchor` "middle" or "end" (else start). Its colour is made
  /// legible on `on` (the page when transparent); with `halo` a rim of the page's colour keeps lines
  /// passing under it from touching the letters.
  void text(float x, float base, std::string_view t, Rgba c, Type type, std::string_view anchor = {},
            std::string_view cls = {}, Rgba on = {0, 0, 0, 0}, bool halo = false);
  /// A placed label: its box, then its text (bold when `strong` and emphasised()).
  void label_box(const LadderLabel& l, Rgba fg, Rgba bg, Rgba border = {0, 0, 0, 0}, bool strong = false,
                 std::string_view cls = {});
};

/// A segment's arrow (also the legend's samples).
void draw_arrow(Pen& pen, const LadderArrow& a);
/// The other run's segment: dashed, faint, with an open head.
void draw_ghost(Pen& pen, const LadderArrow& g);
/// The whole ladder, as ui_ladder.cpp's draw_layout and draw_headers.
void draw_ladder(Pen& pen, const LadderLayout& l);

}  // namespace tcpsim::viz::svg
