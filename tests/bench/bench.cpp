// tcpsim-bench: one line per case, with the figure and the issue's target beside it.
//   1. A 100 MB transfer over a 10 ms link with 1 % loss, full trace: segments per wall-clock second
//      (the median of five runs), bytes of trace per segment and peak memory (targets: >= 2,000,000
//      segments/s, <= 120 B/segment, <= 25 MB); the same for the lossless 10 MB transfer whose
//      instructions `make bench-instructions` counts (tests/bench/bulk-10MB.scn).
//   2. 10,000 concurrent short connections to one server.
//   3. The whole scenario library, both runs of each file, with expectations checked (target <= 50 ms).
//   4. Every command of the `tcpsim` binary on the 100 MB and the 1 GB transfers (tests/bench/*.scn):
//      wall time and peak memory, and run, trace --json and export against check (target <= 2x).
// Each case runs in a child process so its peak memory (ru_maxrss) is its own. Built with emscripten
// (make bench-web: the same engine as WebAssembly in a browser) the cases run one after the other in
// the page, and "peak" is the WebAssembly memory's size, which only grows.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_commands.hpp"
#include "scenario/expect.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"

using namespace tcpsim;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double peak_mb() {
#ifdef __EMSCRIPTEN__
  return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0 / (1024.0 * 1024.0);
#endif
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux reports KiB.
}

Scenario must_parse(const std::string& text, const std::string& name) {
  ParseResult r = parse_scenario(text, name);
  if (!r.ok()) {
    for (const Diagnostic& d : r.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
    std::exit(2);
  }
  return std::move(*r.scenario);
}

/// Bytes of trace per segment, whole and by part: "212 B/segment (segments 96, events 70, TCBs 46)".
std::string trace_bytes(const Trace& tr) {
  const double n = std::max<double>(1, static_cast<double>(tr.segments.size()));
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.0f B trace/segment (target <= 120; segments %.0f, events %.0f, TCBs %.0f)",
                static_cast<double>(tr.memory_bytes()) / n, static_cast<double>(tr.segments.memory_bytes()) / n,
                static_cast<double>(tr.events.memory_bytes()) / n, static_cast<double>(tr.tcbs.memory_bytes()) / n);
  return buf;
}

/// A bulk transfer run `runs` times: segments per wall-clock second (the median), trace bytes per
/// segment and peak memory.
std::string transfer(const char* label, const char* text, const char* name, int runs, const char* targets) {
  const Scenario sc = must_parse(text, name);
  // The median of several runs, reported with the range: one run of a few tens of milliseconds on a
  // shared machine is at the mercy of its neighbours.
  std::vector<double> walls;
  Trace tr;
  for (int i = 0; i < runs; ++i) {
    tr = Trace{};  // the previous run's trace freed first, so the peak is one run's
    const auto t0 = Clock::now();
    tr = run_scenario(sc, RunKind::Fault);
    walls.push_back(seconds_since(t0));
  }
  std::sort(walls.begin(), walls.end());
  const double wall = walls[static_cast<size_t>(runs / 2)];
  uint64_t received = 0;
  for (const CallRecord& c : tr.calls) {
    if (c.kind == CallKind::Recv) received = static_cast<uint64_t>(c.ret);
  }
  const double segs = static_cast<double>(tr.segments.size());
  char buf[768];
  std::snprintf(buf, sizeof buf,
                "%-20s %9.0f segments/s  %s  peak %6.1f MB%s  "
                "[median of %d runs, range %.0f-%.0f; %zu segments, %zu events, %zu TCB snapshots, %.3f s wall, "
                "%.1f s simulated, %llu bytes delivered]",
                label, segs / wall, trace_bytes(tr).c_str(), peak_mb(), targets, runs, segs / walls.back(),
                segs / walls.front(), tr.segments.size(), tr.events.size(), tr.tcbs.size(), wall,
                static_cast<double>(tr.end_time) / 1e9, static_cast<unsigned long long>(received));
  return buf;
}

std::string bulk_transfer() {
  return transfer("bulk-100MB-1%loss", R"(title "100 MB over a lossy 10 ms link"
host client
host server
link client server delay 10ms loss 1%
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 1ms client send 100MB
at 1ms server recv all
at 1ms client shutdown
)", "bench:bulk", 5, "  (targets: >= 2000000 segments/s, <= 25 MB peak)");
}

/// The case `make bench-instructions` counts (tests/bench/bulk-10MB.scn), timed here.
std::string bulk_10mb() {
  return transfer("bulk-10MB-noloss", R"(title "10 MB over a 10 ms link"
host client
host server
set all sndbuf 65535 rcvbuf 65535 mss 1460
link client server delay 10ms
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 1ms client send 10MB
at 1ms server recv all
at 1ms client shutdown
)", "bench:bulk10", 5, "");
}

std::string many_connections() {
  constexpr int kConns = 10000;
  std::string text = "title \"10,000 concurrent short connections\"\nhost client\nhost server\n"
                     "link client server delay 5ms\nat 0ms server listen 80 backlog 10000\n";
  for (int i = 0; i < kConns; ++i) {
    const std::string n = std::to_string(i);
    text += "at 0ms server accept as s" + n + "\n";
    text += "at 1ms client connect server:80 as c" + n + "\n";
    text += "at 50ms c" + n + " send \"GET / HTTP/1.1\\r\\n\\r\\n\"\n";
    text += "at 100ms s" + n + " recv\n";
    text += "at 100ms s" + n + " send \"HTTP/1.1 200 OK\\r\\n\\r\\n\"\n";
    text += "at 100ms s" + n + " close\n";
    text += "at 200ms c" + n + " recv\n";
    text += "at 200ms c" + n + " close\n";
  }
  const auto t0 = Clock::now();
  const Scenario sc = must_parse(text, "bench:many");
  const double parse_s = seconds_since(t0);
  const auto t1 = Clock::now();
  const Trace tr = run_scenario(sc, RunKind::Fault);
  const double wall = seconds_since(t1);
  size_t established = 0;
  for (const Event& e : tr.events) {
    if (e.type == EventType::StateChanged && static_cast<State>(e.b) == State::Established) ++established;
  }
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "10k-connections      %9.0f segments/s  %s  %7.1f ms run + %.1f ms parse  peak %6.1f MB  "
                "[%zu segments, %zu ESTABLISHED transitions, %zu calls]",
                static_cast<double>(tr.segments.size()) / wall, trace_bytes(tr).c_str(), wall * 1e3, parse_s * 1e3,
                peak_mb(),
                tr.segments.size(), established, tr.calls.size());
  return buf;
}

std::string library(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".scn") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  // Read the files first: the figure is parse + run + check, not disk.
  std::vector<std::pair<std::string, std::string>> texts;
  for (const std::string& f : files) {
    FILE* fp = std::fopen(f.c_str(), "rb");
    if (!fp) continue;
    std::string s;
    char chunk[65536];
    size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, fp)) > 0) s.append(chunk, n);
    std::fclose(fp);
    texts.emplace_back(f, s);
  }
  size_t runs = 0, checks = 0, failed = 0, segments = 0;
  uint64_t trace_bytes = 0;
  const auto t0 = Clock::now();
  for (const auto& [name, text] : texts) {
    ParseResult r = parse_scenario(text, name);
    if (!r.ok()) {
      ++failed;
      continue;
    }
    for (RunKind k : {RunKind::Fault, RunKind::Twin}) {
      if (k == RunKind::Twin && !r.scenario->has_twin()) continue;
      const Trace tr = run_scenario(*r.scenario, k);
      ++runs;
      segments += tr.segments.size();
      trace_bytes += tr.memory_bytes();
      for (const CheckResult& c : check_expectations(*r.scenario, tr)) {
        ++checks;
        failed += c.passed ? 0 : 1;
      }
    }
  }
  const double wall = seconds_since(t0);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "scenario-library     %9.1f ms  (target <= 50)  %9.0f segments/s  %.0f KB trace/run  peak %6.1f MB  "
                "[%zu files, %zu runs, %zu segments, %zu expectations, %zu failed]",
                wall * 1e3, static_cast<double>(segments) / wall,
                static_cast<double>(trace_bytes) / 1024.0 / static_cast<double>(std::max<size_t>(runs, 1)), peak_mb(),
                texts.size(), runs, segments, checks, failed);
  return buf;
}

/// Runs `fn` in a child process and prints the line it returns.
template <typename F>
void in_child(F fn) {
#ifdef __EMSCRIPTEN__
  std::printf("%s\n", fn().c_str());  // no processes in a page
  std::fflush(stdout);
  return;
#endif
  int fds[2];
  if (pipe(fds) != 0) return;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const std::string line = fn();
    if (write(fds[1], line.data(), line.size()) < 0) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  std::string line;
  char buf[1024];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) line.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  std::printf("%s\n", line.empty() ? "(case failed)" : line.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = TCPSIM_SCENARIO_DIR;
  if (const char* env = std::getenv("TCPSIM_SCENARIOS")) dir = env;
  bool only_library = false;
  bool only_commands = false;
  // The tcpsim binary beside this one, or another build's (--tcpsim PATH: before and after a change).
#ifdef __EMSCRIPTEN__
  std::string tcpsim;  // a page runs no processes: the command cases are native only
#else
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::string tcpsim = self.substr(0, self.rfind('/') + 1) + "tcpsim";
#endif
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--library") == 0) only_library = true;
    if (std::strcmp(argv[i], "--commands") == 0) only_commands = true;
    if (std::strcmp(argv[i], "--tcpsim") == 0 && i + 1 < argc) tcpsim = argv[++i];
    if (std::strcmp(argv[i], "--help") == 0) {
      std::printf("usage: tcpsim-bench [--library | --commands] [--tcpsim PATH]\nPrints one line per benchmark case "
                  "(one core, full trace); --tcpsim runs the command cases with another build's binary.\n");
      return 0;
    }
  }
  if (!only_library && !only_commands) {
    in_child(bulk_transfer);
    in_child(bulk_10mb);
    in_child(many_connections);
  }
  if (!only_commands) in_child([&] { return library(dir); });
#ifndef __EMSCRIPTEN__
  if (!only_library) {
    for (const char* size : {"100MB", "1GB"}) {
      bench::commands(tcpsim, std::string(TCPSIM_BENCH_DIR) + "/bulk-" + size + ".scn", std::string("bulk-") + size);
    }
  }
#endif
  return 0;
}
