#pragma once
// A TCP segment as the simulator moves it: header fields plus a reference to its payload bytes.
#include <cstdint>
#include <functional>
#include <string>

#include "tcp/seq.hpp"

namespace tcpsim {

/// TCP control bits (RFC 9293 §3.1), with their wire values.
enum Flag : uint8_t {
  kFin = 0x01,
  kSyn = 0x02,
  kRst = 0x04,
  kPsh = 0x08,
  kAck = 0x10,
};

/// An IPv4 address and TCP port.
struct Endpoint {
  uint32_t ip = 0;
  uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

/// Both ends of a connection as seen from one side: (local, remote).
struct FourTuple {
  Endpoint local;
  Endpoint remote;
  bool operator==(const FourTuple&) const = default;
};

/// Hash for FourTuple, for the per-host demultiplexing table.
struct FourTupleHash {
  size_t operator()(const FourTuple& t) const noexcept {
    uint64_t a = (uint64_t{t.local.ip} << 32) | (uint64_t{t.local.port} << 16) | t.remote.port;
    uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ (uint64_t{t.remote.ip} * 0xC2B2AE3D27D4EB4FULL);
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

/// Where a segment's payload bytes live: a range of a byte stream kept in the trace.
/// The connection logic never touches bytes; it only moves these references.
struct Payload {
  uint32_t stream = 0;  ///< Stream id in the trace's StreamStore (0 = no payload).
  uint32_t len = 0;     ///< Number of payload octets.
  uint64_t offset = 0;  ///< Offset of the first octet within the stream.
};

/// A TCP segment. No options beyond MSS are modelled (no window scaling, SACK or timestamps).
struct Segment {
  Endpoint src;
  Endpoint dst;
  Seq seq;
  Seq ack;
  uint8_t flags = 0;
  uint16_t wnd = 0;
  uint16_t mss = 0;  ///< MSS option value; 0 means the option is absent.
  Payload data;

  /// True when every bit in `f` is set.
  bool has(uint8_t f) const { return (flags & f) == f; }
  /// SEG.LEN: payload octets plus one for SYN and one for FIN (RFC 9293 §3.4).
  uint32_t seg_len() const { return data.len + ((flags & kSyn) ? 1 : 0) + ((flags & kFin) ? 1 : 0); }
};

/// Flags as a person reads them: "SYN", "SYN+ACK", "RST+ACK", "PSH+ACK", "FIN+ACK".
std::string flags_to_string(uint8_t flags);
/// Parses "SYN+ACK" (also "SYN,ACK"); returns false on an unknown flag name.
bool parse_flags(const std::string& text, uint8_t* out);
/// Dotted-quad form of an IPv4 address.
std::string ip_to_string(uint32_t ip);
/// Parses a dotted quad; returns false when it is not one.
bool parse_ip(const std::string& text, uint32_t* out);
/// An address of 127.0.0.0/8: the host itself, over its loopback interface (RFC 1122 §3.2.1.3).
constexpr bool is_loopback(uint32_t ip) { return (ip >> 24) == 127; }

}  // namespace tcpsim
