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

#include "scenario/ast.hpp"

namespace tcpsim::kernel {

/// A real host's connection as its TUN shows it: the kernel's ISNs and the edges of its sequence
/// space, from the segments it sent and the segments delivered to it. `inject` asks it what tcpsim asks
/// its TCB (`iss+1`, `rcv.nxt`...), since the kernel's TCB cannot be read.
class WireTcb {
 public:
  /// The host sent `s`: its ISN (SYN), SND.NXT; its ACK says RCV.NXT, its window RCV.WND.
  void sent(const Segment& s);
  /// `s` was delivered to the host: the peer's ISN (SYN), SND.UNA (its ACK), RCV.NXT (in-order data).
  void received(const Segment& s);
  /// The variable's value, or nothing when the wire has not shown it yet.
  std::optional<uint32_t> value(SeqExpr::Var v) const;

 private:
  bool iss_known_ = false, irs_known_ = false;
  Seq iss_, irs_, snd_nxt_, snd_una_, rcv_nxt_;
  uint16_t rcv_wnd_ = 0;
  bool wnd_known_ = false;
};

}  // namespace tcpsim::kernel
