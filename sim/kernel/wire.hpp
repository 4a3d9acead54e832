#pragma once
// A packet a real host's kernel wrote to its TUN, read back as a tcpsim Segment: the IPv4 header
// (RFC 791) and the TCP header with its options (RFC 9293 §3.1; RFC 7323, RFC 2018).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tcp/segment.hpp"

namespace tcpsim::kernel {

/// A parsed IPv4 TCP packet: the segment (without payload or options index), its options besides
/// MSS, and its payload.
struct Parsed {
  Segment seg;
  TcpOptions options;
  std::string payload;
};

/// The TCP segment an IPv4 packet carries, or nothing for another packet (IPv6, UDP, ICMP, a fragment,
/// a truncated or malformed header).
std::optional<Parsed> parse_packet(std::string_view bytes);

}  // namespace tcpsim::kernel
