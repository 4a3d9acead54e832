#pragma once
// One run of a scenario on the real Linux TCP, in real time: every host is a namespace (netns.hpp),
// tcpsim's World is the network between them (links with delay and loss, firewalls, NATs). Packets a
// host's kernel writes to its TUN enter the World as that host's segments at the time they were read;
// segments the World delivers to a host are written to its TUN as IPv4 bytes. The scenario's calls go
// to each host's driver at their times. The result is a tcpsim Trace in the usual schema, marked with
// its source ("linux 6.18.0"): every packet at each TUN and every call's result.
#include <string>
#include <vector>

#include "scenario/ast.hpp"
#include "trace/trace.hpp"

namespace tcpsim::kernel {

struct KernelOptions {
  RunKind kind = RunKind::Fault;
  /// How long the run goes on after the last scripted event (real time: not 2*MSL).
  Time settle = ms(500);
  /// The run lasts at least until then (0: no such floor): tcpsim's last segment plus the comparison's
  /// slack for it, so a segment Linux sends as late as the tolerance allows is still recorded.
  Time until = 0;
  /// The hosts that are real (empty: every host); the others stay tcpsim's simulated hosts in the
  /// same World, so the real Linux TCP talks to the simulated one.
  std::vector<std::string> real;
};

/// True when `host` is real under `opt`.
bool is_real(const KernelOptions& opt, const std::string& host);

struct KernelRun {
  Trace trace;
  std::string error;               ///< Why it could not run ("" when it ran): exit 2.
  bool stopped = false;            ///< SIGINT or SIGTERM stopped it (its namespaces are removed).
  std::vector<std::string> notes;  ///< What Linux could not be told (mapping.hpp).
  Time window = 0;                 ///< The run's end: the last scripted event + the settle time, or `until`.
};

/// Runs `sc` on the kernel. Call only when cannot_run_reason() is "".
KernelRun run_on_kernel(const Scenario& sc, const KernelOptions& opt);

/// "linux 6.18.0" (uname -r).
std::string kernel_source();

/// Set by SIGINT/SIGTERM while a run is going: the run stops, its namespaces are removed.
void install_stop_handlers();

}  // namespace tcpsim::kernel
