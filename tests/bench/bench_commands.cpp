#include "bench_commands.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <vector>

namespace bench {

namespace {

struct Measured {
  double seconds = 0;
  double peak_mb = 0;
  int status = -1;  ///< Exit status (-1: killed or not started).
};

/// Runs argv with stdout and stderr on /dev/null; wall time and the child's own peak RSS (wait4).
Measured measure(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  Measured m;
  if (pid < 0) return m;
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux reports KiB.
  m.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return m;
}

}  // namespace

void commands(const std::string& tcpsim, const std::string& scenario, const std::string& label) {
  struct Case {
    const char* name;
    std::vector<std::string> args;
    bool bounded;  ///< Issue 10's target: peak <= 2x check's.
  };
  // A what-if that changes nothing: diff then holds and compares two full runs.
  const std::vector<Case> cases = {
      {"check", {"check", scenario}, false},
      {"run", {"run", "--width", "100", scenario}, true},
      {"trace", {"trace", scenario}, false},
      {"trace --json", {"trace", "--json", scenario}, true},
      {"export --pcap", {"export", "--pcap", "/dev/null", scenario}, true},
      {"export --svg", {"export", "--svg", "/dev/null", scenario}, false},
      {"diff --also", {"diff", "--rows", "40", "--also", "note \"the same run\"", scenario}, false},
  };
  double check_mb = 0;
  for (const Case& c : cases) {
    std::vector<std::string> args{tcpsim};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const Measured m = measure(args);
    if (check_mb == 0) check_mb = m.peak_mb;
    char ratio[96] = "";
    if (c.bounded && check_mb > 0) {
      std::snprintf(ratio, sizeof ratio, "  %.2fx check's (target <= 2x)", m.peak_mb / check_mb);
    } else if (check_mb > 0 && m.peak_mb != check_mb) {
      std::snprintf(ratio, sizeof ratio, "  %.2fx check's", m.peak_mb / check_mb);
    }
    std::printf("%-10s %-14s %8.2f s  peak %7.1f MB  exit %d%s\n", label.c_str(), c.name, m.seconds, m.peak_mb,
                m.status, ratio);
    std::fflush(stdout);
  }
}

}  // namespace bench
