#pragma once
// The words the terminal views print for trace events, shared by the ladder and the diff so that a
// state change or a call result reads the same in both. Built on trace/describe.hpp.
#include <string>
#include <vector>

#include "render/rich.hpp"
#include "trace/divergence.hpp"
#include "trace/trace.hpp"

namespace tcpsim::render {

/// A time stamp in seconds with millisecond precision, rounded: "0.020", "12.345".
std::string format_ms(Time t);

/// The ink a segment is drawn in: resets red, SYNs green, FINs cyan, the rest plain.
Ink segment_ink(const Segment& s);

/// Relative numbers, or the absolute ones in the same shape when `absolute` is set.
RelativeNumbers numbers_for(const Trace& trace, bool absolute);

/// A segment's arrow label: describe_segment() text ("SYN seq=0 win=65535 mss=1460").
std::string segment_label(const Trace& trace, const RelativeNumbers& nums, size_t index);
/// Why a segment is notable, or "": "retransmission", "duplicate", "injected", "keepalive probe"...
std::string segment_tag(const Trace& trace, size_t index);
/// Why a segment died, short: "lost", "firewall (line 12)", "host down", "link down", "unknown flow".
std::string drop_text(const SegmentFate& s);

/// For each segment, whether some later segment was sent in reply to it.
std::vector<bool> answered_segments(const Trace& trace);
/// The receiver's verdict on a segment it did not accept, or "" when it was accepted:
/// "ignored: RST outside the window (RFC 5961 §3.2)".
std::string verdict_text(const Trace& trace, size_t index, bool answered);

/// The first citation of a rule ("RFC 1122 §4.2.2.13" from "RFC 1122 §4.2.2.13; Linux tcp_close()").
std::string short_cite(Rule r);

/// "client", or "client.sock" when the call names a socket: who made a call.
std::string call_prefix(const Trace& trace, const CallRecord& call);
/// A call as issued: "recv() …".
Rich call_issued_text(const Trace& trace, const CallRecord& call, const Glyphs& g);
/// A call with its result: "close() = 0", "recv() = -1 ECONNRESET (Connection reset by peer)"
/// (the result in red when it failed).
Rich call_result_text(const Trace& trace, const CallRecord& call);
/// True when the call did not return at once (its issue and its return are two moments).
using tcpsim::call_waited;

/// "conn 3: " when the node has several connections and the event's connection needs naming
/// (its socket name when it has one), else "".
std::string conn_prefix(const Trace& trace, uint32_t conn);
/// "ESTABLISHED → CLOSED  (close() with unread data)", the states in bold.
Rich state_change_text(const Trace& trace, const Event& e, const Glyphs& g);
/// A process-killed event: "process killed (kill -9)", or "nginx killed (kill -9)" for a declared process.
std::string kill_text(const Trace& trace, const Event& e);
/// "discarded 18 unread bytes".
std::string discard_text(const Event& e);
/// "retransmission timer fired", "TIME-WAIT timer armed (expires 60.240)", ...
std::string timer_text(const Event& e);
/// "forgot the flow 10.0.0.1:40000 ↔ 10.0.0.2:80 (idle since 0.150)", or "forgot the flow (forget at
/// line 14): 10.0.0.1:40000 ↔ 10.0.0.2:80" when a `NAT forget` line emptied the flow table.
std::string flow_text(const Trace& trace, const Event& e, bool ascii);

}  // namespace tcpsim::render
