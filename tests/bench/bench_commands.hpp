#pragma once
// tcpsim-bench's command cases: each `tcpsim` command run as a user runs it, on a bulk transfer, with
// its wall time and peak memory (issue 10: every command bounded in memory and time).

#include <string>

namespace bench {

/// Runs check, run, trace, trace --json, export --pcap, export --svg and diff (a what-if against the original) of
/// `scenario` with the `tcpsim` binary, output to /dev/null, each in its own process; prints one line
/// per command (wall time, peak RSS, exit status) and the ratio of each peak to check's, whose target
/// is <= 2x for run, trace --json and export.
void commands(const std::string& tcpsim, const std::string& scenario, const std::string& label);

}  // namespace bench
