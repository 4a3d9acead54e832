#include "render/rich.hpp"

#include <algorithm>

namespace tcpsim::render {

std::string_view ink_sgr(Ink ink, bool light) {
  if (light) {
    // 256-colour shades dark enough for white: the 16 standard yellow, green and cyan are too pale.
    switch (ink) {
      case Ink::Plain: return "";
      case Ink::Dim: return "38;5;242";
      case Ink::Bold: return "1";
      case Ink::Rst: return "1;38;5;160";
      case Ink::Syn: return "38;5;28";
      case Ink::Fin: return "38;5;25";
      case Ink::Error: return "1;38;5;160";
      case Ink::Warn: return "38;5;130";
      case Ink::Note: return "1;38;5;90";
      case Ink::Good: return "38;5;28";
      case Ink::Lane: return "";
    }
    return "";
  }
  switch (ink) {
    case Ink::Plain: return "";
    case Ink::Dim: return "2";
    case Ink::Bold: return "1";
    case Ink::Rst: return "1;31";
    case Ink::Syn: return "32";
    case Ink::Fin: return "36";
    case Ink::Error: return "1;31";
    case Ink::Warn: return "33";
    case Ink::Note: return "1;33";
    case Ink::Good: return "32";
    case Ink::Lane: return "2";
  }
  return "";
}

namespace {
bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
}  // namespace

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += continuation(c) ? 0 : 1;
  return n;
}

std::vector<std::string> split_glyphs(std::string_view s) {
  std::vector<std::string> out;
  for (unsigned char c : s) {
    if (continuation(c) && !out.empty()) {
      out.back() += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      out.emplace_back(" ");  // A control byte would move the cursor: never print one.
    } else {
      out.emplace_back(1, static_cast<char>(c));
    }
  }
  return out;
}

void append(Rich& out, std::string_view text, Ink ink) {
  for (std::string& g : split_glyphs(text)) out.push_back(Cell{std::move(g), ink});
}

Rich rich(std::string_view text, Ink ink) {
  Rich r;
  append(r, text, ink);
  return r;
}

std::string plain_text(const Rich& r) {
  std::string s;
  for (const Cell& c : r) s += c.glyph;
  return s;
}

std::vector<Rich> wrap(const Rich& text, size_t width, size_t indent) {
  std::vector<Rich> lines;
  if (width == 0) return lines;
  if (indent >= width) indent = 0;
  // Words are maximal runs of non-space cells; a line break replaces the spaces before a word,
  // other spaces are kept as written ("A → B  (rule)").
  struct Word {
    size_t spaces = 0;
    Rich cells;
  };
  std::vector<Word> words;
  size_t spaces = 0;
  for (const Cell& c : text) {
    if (c.glyph == " ") {
      ++spaces;
      continue;
    }
    if (spaces > 0 || words.empty()) words.push_back(Word{spaces, {}});
    spaces = 0;
    words.back().cells.push_back(c);
  }
  Rich line;
  bool has_word = false;
  auto flush = [&] {
    lines.push_back(std::move(line));
    line = Rich(indent, Cell{});
    has_word = false;
  };
  for (Word& word : words) {
    Rich& w = word.cells;
    // Spaces before the first word are kept (right-aligned columns); at a break they go.
    const size_t gap = has_word ? word.spaces : (lines.empty() && line.empty() ? word.spaces : 0);
    if (line.size() + gap + w.size() <= width) {
      line.insert(line.end(), gap, Cell{});
      line.insert(line.end(), w.begin(), w.end());
      has_word = true;
      continue;
    }
    if (has_word) flush();
    // A word longer than a whole line is cut.
    size_t pos = 0;
    while (w.size() - pos > width - line.size()) {
      const size_t n = width - line.size();
      line.insert(line.end(), w.begin() + static_cast<long>(pos), w.begin() + static_cast<long>(pos + n));
      pos += n;
      has_word = true;
      flush();
    }
    line.insert(line.end(), w.begin() + static_cast<long>(pos), w.end());
    has_word = true;
  }
  if (has_word) lines.push_back(std::move(line));
  if (lines.empty()) lines.emplace_back();
  return lines;
}

Rich clip(const Rich& text, size_t width, std::string_view ellipsis) {
  if (text.size() <= width) return text;
  const size_t e = display_width(ellipsis);
  if (width <= e) return Rich(text.begin(), text.begin() + static_cast<long>(width));
  const Ink ink = text[width - e].ink;
  Rich out(text.begin(), text.begin() + static_cast<long>(width - e));
  while (!out.empty() && out.back().glyph == " ") out.pop_back();
  append(out, ellipsis, ink);
  return out;
}

void Row::put(long x, std::string_view glyph, Ink ink) {
  if (x < 0 || static_cast<size_t>(x) >= cells_.size()) return;
  cells_[static_cast<size_t>(x)] = Cell{std::string(glyph), ink};
}

void Row::put(long x, const Rich& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const long at = x + static_cast<long>(i);
    if (at < 0 || static_cast<size_t>(at) >= cells_.size()) continue;
    cells_[static_cast<size_t>(at)] = text[i];
  }
}

bool Row::blank(long x, size_t n) const {
  for (size_t i = 0; i < n; ++i) {
    const long at = x + static_cast<long>(i);
    if (at < 0 || static_cast<size_t>(at) >= cells_.size()) return false;
    if (cells_[static_cast<size_t>(at)].glyph != " ") return false;
  }
  return true;
}

std::string Row::str(Colours colour) const {
  size_t end = cells_.size();
  while (end > 0 && cells_[end - 1].glyph == " ") --end;
  std::string s;
  Ink open = Ink::Plain;
  std::string_view open_sgr;  // What is in force on the terminal ("": nothing).
  for (size_t i = 0; i < end; ++i) {
    const Cell& c = cells_[i];
    // A space keeps the current ink, so a coloured label is one run, not one per word.
    const Ink want = (c.glyph == " " && open != Ink::Plain && i + 1 < end && cells_[i + 1].ink == open) ? open : c.ink;
    if (colour && want != open) {
      // Inks that look the same in this palette (a light theme's plain lanes) need no codes between them.
      const std::string_view sgr = ink_sgr(want, colour.light);
      if (sgr != open_sgr) {
        if (!open_sgr.empty()) s += "\x1b[0m";
        if (!sgr.empty()) {
          s += "\x1b[";
          s += sgr;
          s += "m";
        }
        open_sgr = sgr;
      }
      open = want;
    }
    s += c.glyph;
  }
  if (colour && !open_sgr.empty()) s += "\x1b[0m";
  return s;
}

const Glyphs& glyphs(bool ascii) {
  static const Glyphs unicode{"│", "┆", "─", "━", "├", "┣", "┤", "┫", "┼", "╋", "▶", "◀",
                              "✗", "→", "…", "»", "┄", "─"};
  static const Glyphs plain{"|", ":", "-", "=", "+", "#", "+", "#", "+", "#", ">", "<",
                            "X", "->", "...", ">>", ".", "-"};
  return ascii ? plain : unicode;
}

}  // namespace tcpsim::render
