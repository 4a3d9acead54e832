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

/// TCP options an injected segment may carry besides MSS: window scale and timestamps (RFC 7323),
/// SACK-permitted (RFC 2018). The model reads none of them; they are shown and exported only.
struct TcpOptions {
  int16_t wscale = -1;   ///< Window scale shift count (0..14); -1: absent.
  bool sack_ok = false;  ///< SACK-permitted.
  bool has_ts = false;   ///< Timestamps: TSval and TSecr.
  uint32_t ts_val = 0;
  uint32_t ts_ecr = 0;
  bool operator==(const TcpOptions&) const = default;
  bool empty() const { return wscale < 0 && !sack_ok && !has_ts; }
};

/// A TCP segment. Only MSS is modelled among the options; an injected segment may carry others
/// (TcpOptions) that no connection reads.
struct Segment {
  Endpoint src;
  Endpoint dst;
  Seq seq;
  Seq ack;
  uint8_t flags = 0;
  uint16_t wnd = 0;
  uint16_t mss = 0;  ///< MSS option value; 0 means the option is absent.
  /// Its other options: a 1-based index into the trace's table (Trace::options), 0: none. An index, not
  /// the options themselves, so a segment stays 48 bytes (it fits in padding).
  uint16_t options = 0;
  Payload data;

  /// True when every bit in `f` is set.
  bool has(uint8_t f) const { return (flags & f) == f; }
  /// SEG.LEN: payload octets plus one for SYN and one for FIN (RFC 9293 §3.4).
  uint32_t seg_len() const { return data.len + ((flags & kSyn) ? 1 : 0) + ((flags & kFin) ? 1 : 0); }
};

/// Bytes of TCP options on the wire for MSS `mss` (0: none) and `o` (may be null), laid out as Linux
/// tcp_options_write() does: MSS; SACK-permitted and timestamps together; window scale after a NOP.
uint32_t tcp_options_length(uint16_t mss, const TcpOptions* o);
/// The options after MSS as the ladder and `tcpsim trace` show them: " wscale=7 sackok ts=100:0".
std::string options_to_string(const TcpOptions& o);

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
