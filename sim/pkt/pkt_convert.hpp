#pragma once
// A packetdrill script as a tcpsim scenario (docs/packetdrill.md): the local side is a tcpsim host
// (`local`, 192.168.0.1), the remote side a raw host (`remote`, 192.0.2.1) that has no TCP and only
// injects. `<` packets become `inject` at their times, `>` packets exact ordered expectations
// (`expect next local sends ...`), system calls become calls on sockets named `fdN` with `-> RESULT`.
#include <string>
#include <vector>

#include "pkt/pkt_ast.hpp"

namespace tcpsim::pkt {

/// A `>` line and the scenario expectation made of it (the report compares the segment itself).
struct Outbound {
  uint32_t pkt_line = 0;
  uint32_t scn_line = 0;
  Packet packet;
  bool any_time = false;   ///< `*`.
  Time at = 0;             ///< Expected send time (the middle of a range).
  Time within = 0;         ///< Tolerance around `at`.
  uint32_t remote_isn = 0; ///< The script's remote ISN when the line was read (acks count from it).
};

struct Conversion {
  std::string text;                ///< The scenario, one statement per line.
  std::vector<uint32_t> origin;    ///< origin[scenario line - 1] = the script line it came from (0: none).
  std::vector<Problem> problems;   ///< What the conversion met (unsupported calls, notes on options).
  std::vector<Outbound> outbound;  ///< The `>` lines, in order: the k-th is the local host's k-th segment.
  bool failed = false;             ///< An unsupported construct (not lenient): do not run.

  /// The script line of scenario line `line` (0 when it has none).
  uint32_t pkt_line(uint32_t line) const { return line && line <= origin.size() ? origin[line - 1] : 0; }
};

/// Converts a parsed script (one that has not failed). With `lenient`, constructs tcpsim cannot run
/// are skipped with a warning instead of failing the conversion.
Conversion convert(const Script& script, bool lenient = false);

/// The scenario `set` line for a `sysctl -w NAME=VALUE` shell command ("rfc1337 on"), or a note
/// ("note: ...") for a setting that only changes what tcpsim does not model, or "" when unknown.
std::string sysctl_setting(const std::string& name, const std::string& value, std::string* note);

}  // namespace tcpsim::pkt
