#pragma once
// One segment as the bytes of an IPv4 packet: the 20-byte IPv4 header (RFC 791), the TCP header
// (RFC 9293 §3.1) with the options the segment carries (MSS; window scale, SACK-permitted and timestamps
// of an injected one, laid out as Linux writes them), and the payload from the trace's
// streams. Both checksums are filled in (RFC 1071), so a capture reads with no bad-checksum warning.
#include <cstdint>
#include <string>
#include <string_view>

#include "trace/trace.hpp"

namespace tcpsim {

/// Time to live of every packet tcpsim writes (Linux's net.ipv4.ip_default_ttl).
constexpr uint8_t kPacketTtl = 64;

/// The Internet checksum (RFC 1071) of `bytes`, continuing from the unfolded 32-bit sum `sum`.
/// Returns the value to store in the header (the one's complement of the folded sum).
uint16_t internet_checksum(std::string_view bytes, uint32_t sum = 0);

/// The most payload an IPv4 packet can carry with this segment's headers (the total length is 16 bits).
/// Only an injected segment with a very long `data` can exceed it; its payload is cut there.
uint32_t max_payload(const Trace& trace, const Segment& s);

/// The IPv4 packet carrying segment `index` of the trace. The IP identification is the segment's
/// number (a link's duplicate carries its original's), Don't Fragment is set as Linux sets it for TCP,
/// and the ACK field is written as the trace has it (0 without the ACK flag).
std::string ipv4_tcp_packet(const Trace& trace, size_t index);
/// The IPv4 packet carrying `rec.seg` (its payload read from the trace's streams) with IP
/// identification `ip_id`: a segment as it reaches a host, which a NAT may have rewritten (sim/kernel).
std::string ipv4_tcp_packet(const Trace& trace, const SegmentRecord& rec, uint16_t ip_id);

}  // namespace tcpsim
