#pragma once
// The scenario editor's model: the text being edited and where its errors are, independent of ImGui.
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/diagnostic.hpp"

namespace tcpsim::viz {

/// One error shown on a line of the editor.
struct LineMark {
  uint32_t line = 0;       ///< 1-based line.
  uint32_t col = 0;        ///< 1-based column (0: the whole line).
  std::string message;     ///< "unknown host 'sever'".
  std::string hint;        ///< "did you mean 'server'?"
};

/// The text in the editor and its state.
struct EditorBuffer {
  std::string text;                ///< What the editor shows (may differ from the file).
  bool dirty = false;              ///< Edited since it was loaded or saved.
  std::vector<LineMark> marks;     ///< Errors of the last parse or run, by line.
  int64_t file_mtime = 0;          ///< Modification time of the file when loaded or saved (ns).
  bool reload_offered = false;     ///< The file changed on disk while the buffer was dirty.
};

/// Maps diagnostics to editor lines (errors without a line go to line 1); sorted by line, one mark per
/// diagnostic.
std::vector<LineMark> marks_from(const std::vector<Diagnostic>& errors);

}  // namespace tcpsim::viz
