#include "model/editor_model.hpp"

#include <algorithm>

namespace tcpsim::viz {

std::vector<LineMark> marks_from(const std::vector<Diagnostic>& errors) {
  std::vector<LineMark> marks;
  for (const Diagnostic& d : errors) marks.push_back({d.line == 0 ? 1 : d.line, d.col, d.message, d.hint});
  std::stable_sort(marks.begin(), marks.end(), [](const LineMark& a, const LineMark& b) { return a.line < b.line; });
  return marks;
}

uint32_t line_count(std::string_view text) {
  // As the editor shows it: a text ending in a newline has an empty last line for the cursor.
  return 1 + static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<GutterLine> gutter(std::string_view text, const std::vector<LineMark>& marks) {
  const uint32_t n = line_count(text);
  std::vector<GutterLine> g(n);
  for (uint32_t i = 0; i < n; ++i) g[i].line = i + 1;
  for (const LineMark& m : marks) {
    GutterLine& row = g[std::min(std::max(m.line, 1u), n) - 1];
    if (!row.error) row.message = m.message;
    row.error = true;
  }
  return g;
}

size_t offset_of(std::string_view text, uint32_t line, uint32_t col) {
  size_t at = 0;
  for (uint32_t l = 1; l < line && at < text.size(); ++l) {
    const size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) return text.size();
    at = nl + 1;
  }
  if (col > 1) {
    const size_t end = std::min(text.find('\n', at), text.size());
    at = std::min(at + col - 1, end);
  }
  return std::min(at, text.size());
}

uint32_t line_of(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string mark_text(const LineMark& m) {
  std::string s = "line " + std::to_string(m.line) + ": " + m.message;
  if (!m.hint.empty()) s += " (" + m.hint + ")";
  return s;
}

}  // namespace tcpsim::viz
