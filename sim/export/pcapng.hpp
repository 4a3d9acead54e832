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
/// How many packets a capture holds, and how many of them carry tcpsim's comments.
struct CaptureCounts {
  size_t packets = 0;    ///< Enhanced Packet Blocks written.
  size_t commented = 0;  ///< Of those, the ones with at least one comment.
};

/// Writes the same bytes to `os` as they are made, one packet at a time (`tcpsim export --pcap` of a
/// long run holds no packet list: memory does not grow with the capture); `keep`, when given, receives
/// the packets written.
CaptureCounts write_pcapng(const Trace& trace, const PcapngOptions& options, std::ostream& os,
                           std::vector<CapturePacket>* keep = nullptr);

}  // namespace tcpsim
