#pragma once
// Running a packetdrill script against tcpsim's TCP and reporting like packetdrill, with more said
// (docs/packetdrill.md): the converted scenario is run, and each failure names the script line, the
// live packet field that differs, what tcpsim sent instead and the rule that made it send that.
#include <string>
#include <vector>

#include "pkt/pkt_convert.hpp"
#include "scenario/parser.hpp"

namespace tcpsim {
struct Trace;
}

namespace tcpsim::pkt {

struct RunOptions {
  bool lenient = false;         ///< --lenient: skip what tcpsim cannot run, with a warning.
  bool strict_options = false;  ///< --strict-options: an expected TCP option the model lacks fails.
};

/// The verdict on one script.
struct ScriptReport {
  enum class Verdict : uint8_t { Pass, Fail, BadInput } verdict = Verdict::Pass;
  std::vector<std::string> errors;  ///< Failures and bad-input messages, "file:line: ..." (stdout).
  std::vector<std::string> notes;   ///< Warnings and notes, "file:line:col: note: ..." (stderr).
  size_t checked = 0;               ///< Packets and calls checked.
};

/// The checks of `conv.checks` on the run's trace (pkt_checks.cpp): "file:line: error: ..." for each
/// that fails (a blocking call's return time, poll()'s revents and result).
std::vector<std::string> check_trace(const Trace& trace, const Conversion& conv, const std::string& path);

/// Whether `path` names a packetdrill script (it ends in ".pkt").
bool is_pkt_path(const std::string& path);

/// A script's text as the scenario it converts to, for whatever opens scenarios (the visualizer:
/// command line, file picker, drag and drop, its editor). The errors are the script's own, with its
/// file:line:col (a converted line that does not parse, or a run error, names the script line it
/// came from: `origin` maps scenario lines to script lines). Warnings are kept as warnings; notes
/// are left out.
ParseResult parse_pkt_as_scenario(const std::string& text, const std::string& path, std::vector<uint32_t>* origin);

/// Parses, converts and runs `path`.
ScriptReport run_script_file(const std::string& path, const RunOptions& options);

/// Parses and converts `path` into scenario text; false (with the messages in `report`) when the
/// script cannot run.
bool convert_file(const std::string& path, const RunOptions& options, Conversion* out, ScriptReport* report);

}  // namespace tcpsim::pkt
