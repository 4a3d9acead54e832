#pragma once
// The reset reply to an offending segment: a pure function of that segment (RFC 9293 §3.10.7.1).
// Used by hosts with no matching connection, listeners, connections in SYN-SENT/SYN-RECEIVED,
// closed sockets receiving data, and firewalls that REJECT with tcp-reset (Linux builds the same).
#include <optional>

#include "tcp/segment.hpp"

namespace tcpsim {

/// The RST answering `in`, travelling back to its sender:
///   `in` has ACK:  <SEQ=SEG.ACK><CTL=RST>
///   otherwise:     <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>   (SYN and FIN count one each)
/// Returns nothing when `in` is itself an RST: an RST is never answered.
std::optional<Segment> reset_reply(const Segment& in);

}  // namespace tcpsim
