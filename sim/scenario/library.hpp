#pragma once
// The scenario library by name or number: `tcpsim run 06`, `tcpsim run 06-close-unread-data` and
// `tcpsim-viz 08` open the library's files as `tcpsim list` names them, so a class can follow the
// instructor without typing paths. One resolver serves every command that takes a FILE and the
// visualizer, so a name means the same file everywhere.
#include <string>
#include <vector>

namespace tcpsim {

/// The library directory: $TCPSIM_SCENARIOS, else the build's scenarios directory when it exists,
/// else "scenarios" (relative to where the command runs).
std::string scenario_library_dir();

/// The library's scenario names ("06-close-unread-data"), sorted; empty when `dir` has none.
std::vector<std::string> library_names(const std::string& dir);

/// What a FILE argument names: a path to open, or why there is none.
struct ScenarioPath {
  std::string path;   ///< The file to open (empty when `error` is set).
  std::string error;  ///< "'clsoe' is neither a file nor a library scenario; near names: ...".
  /// True when `path` is set.
  bool ok() const { return error.empty(); }
};

/// Resolves a FILE argument: a path that exists wins; else, for a word without '/', the library
/// scenario of that name (with or without ".scn"); else the one whose number is `arg` ("6", "06") or
/// whose name starts with `arg`, if exactly one does. Anything else that has no '/' is an error that
/// lists the near names; a path with '/' that does not exist is returned as it is, so opening it
/// reports the system's reason.
ScenarioPath resolve_scenario(const std::string& arg, const std::string& dir);

}  // namespace tcpsim
