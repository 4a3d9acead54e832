#pragma once
// How a scenario is put on the real Linux TCP by `tcpsim kernel-check`: a host's settings become its
// namespace's sysctls; what Linux cannot be told is listed, never silently skipped. (Every line maps:
// calls are real calls, crash/restart/kill/inject/rules/links/set are the World's or the namespace's,
// `after ...` triggers are met by the kernel's run: kernel_run.cpp.)
#include <string>
#include <utility>
#include <vector>

#include "scenario/ast.hpp"
#include "tcp/config.hpp"

namespace tcpsim::kernel {

/// The sysctls written in every namespace, whatever the scenario says: tcpsim models none of these
/// options, so Linux is told not to put them on its SYN (tcp_timestamps, tcp_sack, tcp_window_scaling)
/// nor to negotiate ECN. Each would otherwise change every segment's options and, with timestamps,
/// Linux's RTT sampling and PAWS, which the model lacks; turned off, what is compared is the state
/// machine the lessons teach. (docs/kernel-check.md says so.)
extern const std::vector<std::pair<std::string, std::string>> kModelSysctls;

/// A host's sysctls for its settings (defaults included: the kernel is told tcpsim's values), each only
/// where this kernel has it. `notes` gains one line per setting Linux cannot be told.
std::vector<std::pair<std::string, std::string>> host_sysctls(const Scenario& sc, const std::string& host,
                                                               std::vector<std::string>* notes);

/// The same for a host's settings as they are now (a `set` at a time changes them).
std::vector<std::pair<std::string, std::string>> config_sysctls(const TcpConfig& c, const std::string& host,
                                                                 std::vector<std::string>* notes);

/// The host's settings as tcpsim reads them (the file's `set` lines applied to the defaults).
TcpConfig host_config(const Scenario& sc, const std::string& host);

}  // namespace tcpsim::kernel
