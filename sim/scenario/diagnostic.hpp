#pragma once
// An error in a scenario file, printed the way compilers print them:
//   file:line:col: error: message
//     <the line>
//     <caret under the column>
//     hint: did you mean 'server'?
#include <string>
#include <vector>

namespace tcpsim {

/// One problem found in a scenario file.
struct Diagnostic {
  std::string file;
  uint32_t line = 0;       ///< 1-based; 0 when the problem is not tied to a line (missing file).
  uint32_t col = 0;        ///< 1-based; 0 when not tied to a column.
  std::string message;     ///< What is wrong, e.g. "unknown host 'sever'".
  std::string hint;        ///< How to fix it, e.g. "did you mean 'server'?" (may be empty).
  std::string source_line; ///< The text of the line (may be empty).
  bool warning = false;    ///< A warning: the scenario still runs ("file:line:col: warning: ...").

  /// The full multi-line text: "file:line:col: error: message", the line, a caret, the hint.
  std::string format() const;
};

/// Closest candidate to `word` within edit distance 2 (case-insensitive), or "" if none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace tcpsim
