#pragma once
// The kernel's run next to tcpsim's: per connection and direction, the segments in order (flags, SEQ
// and ACK relative to the ISNs, payload length, the time sent), then every call's result (value,
// errno, the time it returned). Times agree within 10 ms + 10 %. Pure: two traces in, a verdict out.
// It lives in sim/trace, not sim/kernel (Linux only), so that the visualizer, in the browser too,
// compares a kernel-check recording with the run beside it the same way `tcpsim kernel-check` does.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trace/trace.hpp"

namespace tcpsim::kernel {

/// One difference, told as `tcpsim diff` tells one: what the kernel did, what tcpsim did, and the
/// rule tcpsim applied.
struct Difference {
  std::string category;  ///< "segments", "calls", "timing", or "model gap: ..." (a known gap).
  std::string where;     ///< "client -> server (connection client -> server:80), segment 4".
  std::string kernel;    ///< "FIN+ACK seq=19 ack=25 len=0 at 250.3ms", or "nothing".
  std::string tcpsim;
  std::string rule;      ///< "close-fin: RFC 9293 §3.10.4" (tcpsim's rule for its segment), or "".
  Time t = 0;            ///< When it happened (the earlier of the two), to find the first.
};

struct Comparison {
  std::optional<Difference> first;  ///< None: they agree.
  size_t segments = 0;              ///< Segments compared (the kernel's).
  size_t connections = 0;           ///< Conversations compared.
  size_t calls = 0;                 ///< Calls compared.
  std::vector<std::string> gaps;    ///< Known model gaps seen (options on the wire), not compared.
  /// Differences of a known model gap (Linux's delayed ACK): told in their own category, and the
  /// comparison goes on past them, so a gap never hides a real difference.
  std::vector<Difference> known;
};

/// Times within `abs` + `rel` of the later one agree.
struct Tolerance {
  Time abs = ms(10);
  double rel = 0.10;
};

/// Compares what happened up to `window` (the kernel's run ends there; tcpsim's later events are left
/// out). `kernel` is the kernel-check recording, `sim` tcpsim's run of the same scenario.
Comparison compare_runs(const Trace& kernel, const Trace& sim, Time window, Tolerance tol = {});

/// The report: "agrees" or the first difference, the known gaps, the counts.
std::string format_comparison(const Comparison& c);

/// "310.4 ms" (what the report writes for a time).
std::string format_time(Time t);

}  // namespace tcpsim::kernel
