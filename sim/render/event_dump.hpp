#pragma once
// `tcpsim trace FILE` without --json: every event of a run on its own line, with ids and exact
// times, for debugging a scenario or the simulator (the ladder leaves out what it deems noise).
#include <ostream>
#include <string>

#include "trace/trace.hpp"

namespace tcpsim {

/// One line per event: "0.020000  server  segment-delivered  #1 SYN seq=0 win=65535 mss=1460".
std::string render_event_dump(const Trace& trace, bool absolute);
/// The same lines written to `os` as they are made (`tcpsim trace` of a long run).
void render_event_dump(const Trace& trace, bool absolute, std::ostream& os);

}  // namespace tcpsim
