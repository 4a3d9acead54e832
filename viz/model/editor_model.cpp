#include "model/editor_model.hpp"

#include <algorithm>

namespace tcpsim::viz {

std::vector<LineMark> marks_from(const std::vector<Diagnostic>& errors) {
  std::vector<LineMark> marks;
  for (const Diagnostic& d : errors) marks.push_back({d.line == 0 ? 1 : d.line, d.col, d.message, d.hint});
  std::stable_sort(marks.begin(), marks.end(), [](const LineMark& a, const LineMark& b) { return a.line < b.line; });
  return marks;
}

}  // namespace tcpsim::viz
