#pragma once
// The scenario language: one entry point, parse_scenario(). See docs/scenario-format.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/ast.hpp"
#include "scenario/diagnostic.hpp"

namespace tcpsim {

/// The outcome of parsing: a scenario, or the errors (never both).
struct ParseResult {
  std::optional<Scenario> scenario;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;  ///< Problems that do not stop a run (a nat no segment can cross).
  bool ok() const { return scenario.has_value(); }
};

/// Parses scenario text. `file` is used in messages. Never throws and never hangs, whatever the bytes.
ParseResult parse_scenario(std::string_view text, const std::string& file);

/// Parses text whose lines from `also_first` (1-based) on were given on the command line with --also
/// (also.hpp builds such text): messages name them "--also #N", and Scenario::also_first is set.
ParseResult parse_scenario(std::string_view text, const std::string& file, uint32_t also_first);

/// Reads a scenario file's bytes into `text`; on failure returns the Diagnostic saying why.
std::optional<Diagnostic> read_scenario_file(const std::string& path, std::string* text);

/// Reads and parses a file; a missing or unreadable file is reported as a Diagnostic.
ParseResult parse_scenario_file(const std::string& path);

}  // namespace tcpsim
