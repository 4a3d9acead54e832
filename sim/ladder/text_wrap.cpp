#include "ladder/text_wrap.hpp"

#include "util/text.hpp"

namespace tcpsim::viz {

namespace {

/// Splits `word` into parts no wider than `width` (each at least one code point).
std::vector<std::string> break_word(std::string_view word, float width, const TextWidth& measure) {
  std::vector<std::string> out;
  std::string part;
  for (size_t i = 0; i < word.size();) {
    const size_t start = i;
    next_code_point(word, i);
    const std::string_view glyph = word.substr(start, i - start);
    if (!part.empty() && measure(part + std::string(glyph)) > width) {
      out.push_back(part);
      part.clear();
    }
    part += glyph;
  }
  if (!part.empty()) out.push_back(part);
  return out;
}

}  // namespace

std::vector<std::string> wrap_words(std::string_view text, float width, const TextWidth& measure) {
  std::vector<std::vector<WrappedPiece>> lines = wrap_pieces({std::string(text)}, width, width, measure);
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(l.empty() ? std::string() : l.front().text);
  return out;
}

std::vector<std::vector<WrappedPiece>> wrap_pieces(const std::vector<std::string>& pieces, float first, float width,
                                                   const TextWidth& measure) {
  std::vector<std::vector<WrappedPiece>> lines(1);
  std::string line;  // the text of the current line so far, all pieces
  auto room = [&] { return lines.size() == 1 ? first : width; };
  auto put = [&](size_t p, const std::string& s) {
    if (lines.back().empty() || lines.back().back().piece != p) lines.back().push_back({p, ""});
    lines.back().back().text += s;
    line += s;
  };
  auto new_line = [&] {
    lines.emplace_back();
    line.clear();
  };
  for (size_t p = 0; p < pieces.size(); ++p) {
    const std::string& text = pieces[p];
    size_t i = 0;
    while (i < text.size()) {
      // The next word and the spaces before it.
      size_t j = i;
      while (j < text.size() && text[j] == ' ') ++j;
      size_t k = text.find(' ', j);
      if (k == std::string::npos) k = text.size();
      const std::string spaces = text.substr(i, j - i), word = text.substr(j, k - j);
      if (measure(line + spaces + word) <= room()) {
        put(p, spaces + word);
      } else if (!line.empty() && measure(word) <= width) {
        new_line();  // the spaces at a break are dropped
        put(p, word);
      } else {
        // Wider than a line: broken between characters, the first part finishing this line if it can.
        std::string before = spaces;
        for (const std::string& part : break_word(word, width, measure)) {
          if (!line.empty() && measure(line + before + part) > room()) new_line();
          put(p, line.empty() ? part : before + part);
          before.clear();
        }
      }
      i = k;
    }
  }
  if (lines.size() == 1 && lines.front().empty()) return {};
  return lines;
}

}  // namespace tcpsim::viz
