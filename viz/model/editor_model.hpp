#pragma once
// The scenario editor's model: the text being edited and where its errors are, independent of ImGui.
#include <cstdint>
#include <string>
#include <string_view>
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
  // Where the editor's cursor is and where it is asked to go (the ImGui widget keeps its own copy).
  int64_t cursor = 0;              ///< Byte offset of the cursor (as of the last frame).
  int64_t goto_offset = -1;        ///< Move the cursor here on the next frame (an error was clicked).
  bool refocus = false;            ///< Give the keyboard back to the text on the next frame.
  size_t shown_hash = 0;           ///< Hash of the text as the widget last had it.
  uint32_t generation = 0;         ///< Bumped when the text is replaced from outside (a reload), so the
                                   ///< widget drops its own copy.
};

/// One row of the editor's line-number gutter.
struct GutterLine {
  uint32_t line = 0;        ///< 1-based.
  bool error = false;       ///< Some mark is on this line.
  std::string message;      ///< The first mark's message ("" when none).
};

/// Maps diagnostics to editor lines (errors without a line go to line 1); sorted by line, one mark per
/// diagnostic.
std::vector<LineMark> marks_from(const std::vector<Diagnostic>& errors);

/// Number of lines of `text` as the editor shows them: one more than its newlines.
uint32_t line_count(std::string_view text);
/// The gutter: one row per line of `text`, flagged when a mark is on it (marks beyond the last line
/// flag the last line).
std::vector<GutterLine> gutter(std::string_view text, const std::vector<LineMark>& marks);
/// Byte offset of 1-based `line` and `col` (1-based; 0 = the line's start), clamped to the text.
size_t offset_of(std::string_view text, uint32_t line, uint32_t col = 0);
/// 1-based line of byte `offset`.
uint32_t line_of(std::string_view text, size_t offset);
/// "line 12: unknown host 'sever' (did you mean 'server'?)".
std::string mark_text(const LineMark& m);

}  // namespace tcpsim::viz
