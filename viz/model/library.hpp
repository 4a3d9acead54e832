#pragma once
// The scenario library: every *.scn in a directory, sorted by file name, each with its title and
// summary read by the parser alone (no run), so the browser opens at once. A file that does not
// parse is listed as unreadable with the parser's first message.
#include <string>
#include <string_view>
#include <vector>

namespace tcpsim::viz {

/// One scenario file of the library.
struct LibraryEntry {
  std::string path;       ///< Full path, for Session::load_file().
  std::string file;       ///< "06-close-unread-data.scn".
  std::string title;      ///< "Close with unread data" (the file name when it has none).
  std::string summary;    ///< One paragraph.
  bool readable = true;   ///< It parsed.
  std::string error;      ///< Why not: "line 3: unknown host 'sever'".
};

/// The browser's state (lives in AppState).
struct LibraryState {
  std::string dir;                    ///< The directory listed.
  std::vector<LibraryEntry> entries;  ///< Sorted by file name.
  std::string filter;                 ///< The filter box's text.
  int cursor = 0;                     ///< Highlighted row among the shown ones (keyboard).
  bool loaded = false;                ///< Entries read since the window opened.
  bool focus_filter = false;          ///< Put the keyboard in the filter box next frame.
};

/// The library directory, as the command line finds it (scenario_library_dir()): $TCPSIM_SCENARIOS,
/// else the build's scenario directory.
std::string library_dir();

/// Reads every *.scn in `dir` (titles and summaries only). A missing directory gives no entries.
std::vector<LibraryEntry> scan_library(const std::string& dir);

/// True when `haystack` contains every word of `filter` (case-insensitive; an empty filter matches).
bool matches_words(std::string_view haystack, std::string_view filter);

/// Indices of the entries whose file name, title or summary contains every word of `filter`
/// (case-insensitive), in order.
std::vector<size_t> filter_library(const std::vector<LibraryEntry>& entries, std::string_view filter);

}  // namespace tcpsim::viz
