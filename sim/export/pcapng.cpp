#include "export/pcapng.hpp"

#include <ostream>
#include <sstream>

#include "export/packet.hpp"
#include "render/diff_text.hpp"
#include "util/blocks.hpp"

namespace tcpsim {

namespace {

// Block types and option codes (draft-ietf-opsawg-pcapng §4, §3.5).
constexpr uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr uint32_t kInterfaceDescription = 0x00000001;
constexpr uint32_t kEnhancedPacket = 0x00000006;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint16_t kOptEnd = 0;
constexpr uint16_t kOptComment = 1;
constexpr uint16_t kShbHardware = 2;
constexpr uint16_t kShbOs = 3;
constexpr uint16_t kShbUserAppl = 4;
constexpr uint16_t kIfName = 2;
constexpr uint16_t kIfDescription = 3;
constexpr uint16_t kIfIpv4Addr = 4;
constexpr uint16_t kIfTsresol = 9;
constexpr uint16_t kEpbFlags = 2;
constexpr size_t kMaxOption = 0xFFFC;  // An option's length is 16 bits; its value is padded to 32.

/// A block's body, written little-endian (the byte-order magic tells readers which).
struct Body {
  std::string b;
  void u8(uint8_t v) { b += static_cast<char>(v); }
  void u16(uint16_t v) {
    u8(static_cast<uint8_t>(v & 0xFF));
    u8(static_cast<uint8_t>(v >> 8));
  }
  void u32(uint32_t v) {
    u16(static_cast<uint16_t>(v & 0xFFFF));
    u16(static_cast<uint16_t>(v >> 16));
  }
  void u64(uint64_t v) {
    u32(static_cast<uint32_t>(v & 0xFFFFFFFF));
    u32(static_cast<uint32_t>(v >> 32));
  }
  void pad() { b.append((4 - b.size() % 4) % 4, '\0'); }
  /// An option; text longer than an option holds is cut at a UTF-8 character boundary.
  void option(uint16_t code, std::string value) {
    if (value.size() > kMaxOption) {
      size_t cut = kMaxOption;
      while (cut > 0 && (static_cast<uint8_t>(value[cut]) & 0xC0) == 0x80) --cut;
      value.resize(cut);
    }
    u16(code);
    u16(static_cast<uint16_t>(value.size()));
    b += value;
    pad();
  }
  void end_options() {
    u16(kOptEnd);
    u16(0);
  }
};

/// Frames a block: type, total length, body, total length again.
void block(std::string& out, uint32_t type, const Body& body) {
  Body head;
  head.u32(type);
  const auto total = static_cast<uint32_t>(12 + body.b.size());
  head.u32(total);
  out += head.b;
  out += body.b;
  Body tail;
  tail.u32(total);
  out += tail.b;
}

std::string ipv4_bytes(uint32_t ip) {
  return {static_cast<char>(ip >> 24), static_cast<char>((ip >> 16) & 0xFF), static_cast<char>((ip >> 8) & 0xFF),
          static_cast<char>(ip & 0xFF)};
}

/// The capture's description, shown by Wireshark's Capture File Properties.
std::string section_comment(const Trace& trace, const PcapngOptions& o) {
  std::string s = "tcpsim: " + (trace.title.empty() ? trace.file : trace.title) + "\n";
  s += "Scenario " + trace.file + ", " + (trace.run == RunKind::Twin ? "the graceful twin" : "the fault run") +
       ", seed " + std::to_string(trace.seed) + "; captured at " + view_name(trace, o.view) + ".";
  if (trace.truncated) s += " The run was stopped early: " + trace.stop_reason + ".";
  if (!trace.summary.empty()) s += "\n\n" + trace.summary;
  if (o.other) {
    const bool fault = trace.run == RunKind::Fault;
    const std::string h = fault ? diff_headline(trace, *o.other) : diff_headline(*o.other, trace);
    if (!h.empty()) s += "\n\n" + h;
  }
  return s;
}

std::string interface_description(const Trace& trace, CaptureView view) {
  if (view.wire()) return "the wire: every segment once, when its sender sent it (tcpsim export --wire)";
  const NodeRecord& r = trace.nodes[view.node];
  if (r.kind == NodeKind::Host) {
    return view_name(trace, view) + ": what it sent, when sent, and what was delivered to it, when it arrived";
  }
  return view_name(trace, view) + ": what reached it, passed or dropped, and the resets it sent";
}

}  // namespace

Pcapng export_pcapng(const Trace& trace, const PcapngOptions& options) {
  std::ostringstream os;
  Pcapng cap;
  write_pcapng(trace, options, os, &cap.packets);
  cap.bytes = os.str();
  return cap;
}

CaptureCounts write_pcapng(const Trace& trace, const PcapngOptions& options, std::ostream& os,
                           std::vector<CapturePacket>* keep) {
  PcapngOptions o = options;
  if (o.view.node >= trace.nodes.size()) o.view.node = kNoNode;  // Not a node of this run: the wire.
  CaptureCursor cursor(trace, o.view, o.other);
  CaptureCounts counts;
  BlockWriter blocks(os);
  std::string& out = blocks.text;

  Body shb;
  shb.u32(kByteOrderMagic);
  shb.u16(1);  // Version 1.0.
  shb.u16(0);
  shb.u64(~uint64_t{0});  // Section length not given.
  shb.option(kOptComment, section_comment(trace, o));
  shb.option(kShbHardware, "simulated network");
  shb.option(kShbOs, "tcpsim's TCP (RFC 9293 with Linux socket semantics)");
  shb.option(kShbUserAppl, o.application);
  shb.end_options();
  block(out, kSectionHeader, shb);

  Body idb;
  idb.u16(kLinktypeIpv4);
  idb.u16(0);   // Reserved.
  idb.u32(0);   // Snap length: no limit; every packet is written whole.
  idb.option(kIfName, o.view.wire() ? std::string("wire") : trace.nodes[o.view.node].name);
  idb.option(kIfDescription, interface_description(trace, o.view));
  if (!o.view.wire() && trace.nodes[o.view.node].kind == NodeKind::Host) {
    idb.option(kIfIpv4Addr, ipv4_bytes(trace.nodes[o.view.node].ip) + ipv4_bytes(0xFFFFFFFF));
  }
  idb.option(kIfTsresol, std::string(1, '\x09'));  // 10^-9 s: simulated time is in nanoseconds.
  idb.end_options();
  block(out, kInterfaceDescription, idb);

  CapturePacket p;
  while (cursor.next(p)) {
    ++counts.packets;
    counts.commented += p.comments.empty() ? 0 : 1;
    const std::string packet = ipv4_tcp_packet(trace, p.segment);
    const auto ts = static_cast<uint64_t>(p.t);
    Body epb;
    epb.u32(0);  // Interface 0.
    epb.u32(static_cast<uint32_t>(ts >> 32));
    epb.u32(static_cast<uint32_t>(ts & 0xFFFFFFFF));
    epb.u32(static_cast<uint32_t>(packet.size()));  // Captured length.
    epb.u32(static_cast<uint32_t>(packet.size()));  // Original length.
    epb.b += packet;
    epb.pad();
    for (const std::string& c : p.comments) epb.option(kOptComment, c);
    if (p.dir != Direction::Unknown) {
      Body flags;
      flags.u32(static_cast<uint32_t>(p.dir));  // Bits 0-1: 01 inbound, 10 outbound.
      epb.option(kEpbFlags, flags.b);
    }
    if (!p.comments.empty() || p.dir != Direction::Unknown) epb.end_options();
    block(out, kEnhancedPacket, epb);
    blocks.pass_on();
    if (keep) keep->push_back(p);
  }
  blocks.flush();
  return counts;
}

}  // namespace tcpsim
