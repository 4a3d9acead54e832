#pragma once
// `tcpsim kernel-check FILE` (Linux): the scenario on the real Linux TCP, compared with tcpsim's run
// (sim/kernel). Its flags and its command live here, apart from the other commands.
#if TCPSIM_KERNEL_CHECK
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace tcpsim::cli {

struct KernelCheckArgs {
  std::string file;
  std::vector<std::string> also;      ///< --also LINE: added to both runs.
  std::vector<std::string> real;      ///< --real HOST (repeatable; none or `all`: every host is real).
  std::vector<std::string> sim_also;  ///< --sim-also LINE (tests): added to tcpsim's run only, so it differs.
  bool twin = false;
  long settle_ms = 500;               ///< --settle MS: real time after the last scripted event.
  long max_seconds = 30;              ///< --max-time S: a longer run is refused (it would take that long).
  bool strict = false;                ///< --strict: a known model gap is a difference too.
  bool show = false;                  ///< --show: the kernel's run as a ladder.
  std::string json;                   ///< --json OUT: the kernel's run as a trace.
};

/// Adds the subcommand and its flags to `app`.
CLI::App* add_kernel_check(CLI::App& app, KernelCheckArgs& args);
/// Runs it: 0 agrees, 1 differs, 2 bad input or cannot run here.
int kernel_check_command(KernelCheckArgs& args);

}  // namespace tcpsim::cli
#endif
