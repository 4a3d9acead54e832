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

/// One `{fd=N, events=..., revents=...}` of a poll() line, and where its socket got its connection.
struct PollFd {
  int64_t fd = 0;
  Loc loc;
  uint32_t events = 0;      ///< Linux's POLL* bits (POLLIN 0x1, POLLOUT 0x4, ...).
  uint32_t revents = 0;     ///< What the script expects.
  bool listener = false;    ///< The script listened on it.
  uint32_t conn_line = 0;   ///< Scenario line of the accept()/connect() that gave it its connection (0: none).
  bool known = false;       ///< The script made this descriptor (socket(), accept()).
};

/// What `tcpsim pkt` checks on the trace after the run, which a scenario line cannot say: when a
/// blocking call returned (`0...0.1`), and what poll() returns.
struct TraceCheck {
  enum class Kind : uint8_t { ReturnTime, Poll } kind = Kind::ReturnTime;
  uint32_t pkt_line = 0;
  uint32_t scn_line = 0;    ///< The call's line (ReturnTime) or the poll's note (Poll).
  Time at = 0;              ///< When the call must return / when poll() looks.
  Time within = 0;
  std::vector<PollFd> fds;
  int64_t ret = 0;          ///< poll()'s expected result.
};

/// Linux's POLL* names and bits ("POLLIN|POLLOUT" -> 0x5); false for an unknown name.
bool parse_poll_bits(std::string_view text, uint32_t* bits);
/// poll()'s first argument, `[{fd=3,events=POLLIN,revents=POLLIN},...]` (as Arg::text joins it), into
/// its entries; false with `error` set when it is not that.
bool parse_poll_fds(const std::string& text, std::vector<PollFd>* out, std::string* error);
/// "POLLIN|POLLOUT" ("0" for none), the names packetdrill writes.
std::string poll_bits_to_string(uint32_t bits);

struct Conversion {
  std::string text;                ///< The scenario, one statement per line.
  std::vector<uint32_t> origin;    ///< origin[scenario line - 1] = the script line it came from (0: none).
  std::vector<Problem> problems;   ///< What the conversion met (unsupported calls, notes on options).
  std::vector<Outbound> outbound;  ///< The `>` lines, in order: the k-th is the local host's k-th segment.
  bool failed = false;             ///< An unsupported construct (not lenient): do not run.
  std::vector<TraceCheck> checks;  ///< Checked on the trace by `tcpsim pkt` (return times, poll).
  /// Calls whose result the conversion already knows is not what the script expects (getsockopt of
  /// an option tcpsim's socket holds): failures, not bad input.
  std::vector<Problem> failures;

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
