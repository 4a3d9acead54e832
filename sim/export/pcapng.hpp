#pragma once
// A run as a pcapng capture (draft-ietf-opsawg-pcapng) that Wireshark and tshark read: one section,
// one interface (LINKTYPE_IPV4: each packet starts with its IPv4 header), and one Enhanced Packet
// Block per packet of the view (capture.hpp), stamped with simulated time in nanoseconds
// (if_tsresol 9; time 0 is the start of the run) and carrying tcpsim's comments (opt_comment).
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "export/capture.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

/// The link type of the interface: raw IPv4 (www.tcpdump.org/linktypes.html).
constexpr uint16_t kLinktypeIpv4 = 228;

/// What to export.
struct PcapngOptions {
  CaptureView view;                                ///< The wire (default) or one node's interface.
  const Trace* other = nullptr;                    ///< The run to compare with, for "the runs part here".
  std::string application = "tcpsim " TCPSIM_VERSION;  ///< shb_userappl.
};

/// A capture: the file's bytes, and the packets in it (in file order; frame k+1 is packets[k]).
struct Pcapng {
  std::string bytes;
  std::vector<CapturePacket> packets;
};

/// Writes the capture of a run. A pure function of its arguments: the same trace gives the same bytes.
Pcapng export_pcapng(const Trace& trace, const PcapngOptions& options);
/// Writes the same bytes to `os` as they are made (`tcpsim export --pcap` of a long run); returns
/// the packets written.
std::vector<CapturePacket> write_pcapng(const Trace& trace, const PcapngOptions& options, std::ostream& os);

}  // namespace tcpsim
