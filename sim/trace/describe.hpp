#pragma once
// How trace items read in words. Shared by the CLI ladder, the checker's messages and the visualizer,
// so a segment or a result reads the same everywhere.
#include <string>

#include "trace/trace.hpp"

namespace tcpsim {

/// A segment in one line: "PSH+ACK seq=1 ack=1 len=18 win=65535" (relative numbers, as Wireshark).
std::string describe_segment(const Trace& trace, const RelativeNumbers& rel, size_t index);
/// A segment's TCP options as `inject` writes them: " mss=1460 wscale=7 sackok ts=100:0" ("" for none).
std::string describe_options(const Trace& trace, const Segment& s);
/// How a call ended: "18 bytes \"HTTP/1.1 200 OK\\r\\n\"", "0 (EOF)",
/// "-1 ECONNRESET (Connection reset by peer)", "-1 EPIPE (Broken pipe), SIGPIPE", "still blocked".
std::string describe_result(const CallRecord& call);
/// A call with its arguments: "connect(server:80)", "send(\"GET /\")", "recv()".
std::string describe_call(const CallRecord& call);
/// "conn 3 (client 10.0.0.1:40000 > 10.0.0.2:80)".
std::string describe_conn(const Trace& trace, uint32_t conn);

}  // namespace tcpsim
