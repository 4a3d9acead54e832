#pragma once
// What-ifs on the command line: `--also LINE` adds one scenario line after a file's last line, so
// `tcpsim run FILE --also "at 250ms server crash"` runs the file as if it ended with that line. The
// file's own lines keep their numbers (in messages and in the trace's `line` fields); the --also
// lines are numbered after them, and messages about them say "--also #N".
#include <string>
#include <string_view>
#include <vector>

#include "scenario/parser.hpp"

namespace tcpsim {

/// Parses `text` (read from `file`) followed by the --also lines, in order. Each is one line of the
/// scenario language (a timed action, a note, an `expect`, a `set`...); `at +50ms` is relative to the
/// timed line before it. An error in one reads "--also #2:1:10: error: ..."; a line with a newline
/// in it, or an empty one, is an error too. Without --also lines this is parse_scenario().
ParseResult parse_with_also(std::string_view text, const std::string& file, const std::vector<std::string>& also);

/// Reads a file and parses it with the --also lines (a missing file is reported as usual).
ParseResult parse_scenario_file_with_also(const std::string& path, const std::vector<std::string>& also);

/// The text parse_with_also() reads: `text`, a newline if its last line lacks one, then each --also
/// line. Parsed on its own it gives the same scenario, with the --also lines as plain file lines.
std::string append_also(std::string_view text, const std::vector<std::string>& also);

}  // namespace tcpsim
