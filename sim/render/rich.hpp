#pragma once
// Styled terminal text for the renderers: a line is a row of cells, one display column each, every
// cell carrying its glyph and its ink. Renderers draw into rows (lanes first, then arrows and text on
// top) and turn them into strings at the end, with ANSI colour only when asked. Working in cells
// keeps every line within the width and makes overlaps visible to the code, not to the audience.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tcpsim::render {

/// What a piece of text means; the palette maps it to a colour (or to nothing without colour).
enum class Ink : uint8_t {
  Plain,
  Dim,      ///< Lanes, secondary details (timers armed/cancelled, rule explanations).
  Bold,     ///< Titles, node names, state names.
  Rst,      ///< Resets: red and bold.
  Syn,      ///< Handshake segments: green.
  Fin,      ///< Orderly close segments: cyan.
  Error,    ///< Failed calls, discarded bytes, crashes: red.
  Warn,     ///< Verdicts, fired timers, forgotten flows, truncation: yellow.
  Note,     ///< Scenario notes: bold yellow.
  Good,     ///< Host restarted, link up, PASS: green.
  Lane,     ///< The ladder's lane lines: faint on a dark background, full strength on a light one.
};

/// Whether rows are coloured, and for which background (`--color`, `--theme`).
struct Colours {
  bool on = false;     ///< ANSI colours at all.
  bool light = false;  ///< The palette for a light background (a projector, a paper-white terminal).
  /// Colours for a dark background when `on` (a bare bool, as before there were themes).
  Colours(bool on_ = false, bool light_ = false) : on(on_), light(light_) {}
  /// True when colouring.
  explicit operator bool() const { return on; }
};

/// ANSI SGR parameters for an ink ("1;31"); empty for plain text. `light` picks the palette for a
/// light background: yellow and faint text vanish on white, so those inks become darker colours.
std::string_view ink_sgr(Ink ink, bool light = false);

/// One display column.
struct Cell {
  std::string glyph = " ";  ///< UTF-8 of exactly one display column.
  Ink ink = Ink::Plain;
};

/// A run of styled cells (a piece of text before it is placed on a row).
using Rich = std::vector<Cell>;

/// Number of display columns of UTF-8 text (every code point counts as one column).
size_t display_width(std::string_view utf8);
/// Splits UTF-8 text into one string per code point.
std::vector<std::string> split_glyphs(std::string_view utf8);

/// Appends `text` in `ink` to `out`.
void append(Rich& out, std::string_view text, Ink ink = Ink::Plain);
/// A Rich from text in one ink.
Rich rich(std::string_view text, Ink ink = Ink::Plain);
/// The text of a Rich without styling.
std::string plain_text(const Rich& r);

/// Breaks a Rich into lines of at most `width` columns at spaces (a word longer than the width is
/// cut). Continuation lines start with `indent` spaces.
std::vector<Rich> wrap(const Rich& text, size_t width, size_t indent = 0);

/// Cuts a Rich to `width` columns, ending in `ellipsis` when something was cut.
Rich clip(const Rich& text, size_t width, std::string_view ellipsis);

/// A fixed-width row of cells.
class Row {
 public:
  explicit Row(size_t width) : cells_(width) {}
  size_t width() const { return cells_.size(); }
  /// Sets one cell (ignored outside the row).
  void put(long x, std::string_view glyph, Ink ink);
  /// Writes `text` starting at column x (cells outside the row are dropped).
  void put(long x, const Rich& text);
  /// True when columns [x, x+n) hold only spaces.
  bool blank(long x, size_t n) const;
  const Cell& at(size_t x) const { return cells_[x]; }
  /// The row as a string: trailing blanks removed, SGR codes around inked runs when colouring.
  std::string str(Colours colour) const;

 private:
  std::vector<Cell> cells_;
};

/// Glyphs for the drawing; `ascii` picks 7-bit stand-ins for terminals without box drawing.
struct Glyphs {
  std::string_view lane, lane_down;               // │ ┆
  std::string_view shaft, shaft_heavy;            // ─ ━
  std::string_view start_right, start_right_heavy;  // ├ ┣   (an arrow leaving a lane rightward)
  std::string_view start_left, start_left_heavy;  // ┤ ┫
  std::string_view cross, cross_heavy;            // ┼ ╋   (an arrow crossing a lane)
  std::string_view head_right, head_left;         // ▶ ◀
  std::string_view lost;                          // ✗
  std::string_view to;                            // →  (state A → B, "→ client")
  std::string_view ellipsis;                      // …
  std::string_view note;                          // »
  std::string_view dotted;                        // ┄  (a link going down or up)
  std::string_view rule;                          // ─  (header and footer rules)
};

/// The Unicode or the ASCII glyph set.
const Glyphs& glyphs(bool ascii);

}  // namespace tcpsim::render
