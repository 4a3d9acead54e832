#pragma once
// Invariants every run must keep, checked on its trace after the run. On by default in debug and
// sanitizer builds (TCPSIM_INVARIANTS: the runner then reports a broken one as an internal error), in
// the fuzz harnesses and in the property tests; a release build skips the cost.
#include <string>
#include <vector>

#include "trace/trace.hpp"

namespace tcpsim {

/// True when run_scenario() checks every trace: in debug and sanitizer builds, or wherever the
/// environment sets TCPSIM_INVARIANTS=1 (and not where it sets TCPSIM_INVARIANTS=0).
bool invariants_enabled();

/// What the trace breaks, one sentence each (empty: all hold):
/// - time never decreases: events, segment sends and TCB snapshots in order, no timer armed in the
///   past, no segment delivered or dropped before it was sent;
/// - windows: a sender never has more in flight than the largest window its peer offered (plus the
///   SYN and FIN), and a receiver never holds more than its buffer;
/// - bytes delivered are a prefix of bytes sent: what recv() returned is the peer's stream from the
///   offset read so far;
/// - no connection stuck with data and no timer: a run that finished (its queue empty) leaves no
///   open connection with unsent or unacknowledged data.
std::vector<std::string> check_invariants(const Trace& trace);

}  // namespace tcpsim
