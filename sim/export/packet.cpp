#include "export/packet.hpp"

namespace tcpsim {

namespace {

constexpr size_t kIpHeader = 20;   // No IP options.
constexpr size_t kTcpHeader = 20;  // Without options.
constexpr char kNop = 1;           // RFC 9293 §3.2: No-Operation, to align the next option.
constexpr uint8_t kProtoTcp = 6;

void put16(std::string& b, size_t at, uint16_t v) {
  b[at] = static_cast<char>(v >> 8);
  b[at + 1] = static_cast<char>(v & 0xFF);
}

void put32(std::string& b, size_t at, uint32_t v) {
  put16(b, at, static_cast<uint16_t>(v >> 16));
  put16(b, at + 2, static_cast<uint16_t>(v & 0xFFFF));
}

/// The options as Linux tcp_options_write() lays them out, each group a multiple of 4 bytes, so the
/// header needs no padding at its end: MSS (kind 2, length 4); SACK-permitted (kind 4, length 2) and
/// timestamps (kind 8, length 10, TSval, TSecr) together, or either after two NOPs; a NOP and window
/// scale (kind 3, length 3, shift). RFC 7323 §2.2, §3.2; RFC 2018 §2.
std::string option_bytes(uint16_t mss, const TcpOptions* o) {
  std::string b;
  const auto u16 = [&b](uint32_t v) { b += {static_cast<char>((v >> 8) & 0xFF), static_cast<char>(v & 0xFF)}; };
  if (mss) {
    b += {2, 4};
    u16(mss);
  }
  if (!o) return b;
  if (o->has_ts) {
    if (o->sack_ok) {
      b += {4, 2};
    } else {
      b += {kNop, kNop};
    }
    b += {8, 10};
    u16(o->ts_val >> 16);
    u16(o->ts_val);
    u16(o->ts_ecr >> 16);
    u16(o->ts_ecr);
  } else if (o->sack_ok) {
    b += {kNop, kNop, 4, 2};
  }
  if (o->wscale >= 0) b += {kNop, 3, 3, static_cast<char>(o->wscale)};
  return b;
}

}  // namespace

uint32_t max_payload(const Trace& trace, const Segment& s) {
  return static_cast<uint32_t>(0xFFFF - kIpHeader - kTcpHeader - tcp_options_length(s.mss, trace.options_of(s)));
}

uint16_t internet_checksum(std::string_view bytes, uint32_t sum) {
  uint64_t s = sum;
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    s += (uint32_t{static_cast<uint8_t>(bytes[i])} << 8) | static_cast<uint8_t>(bytes[i + 1]);
  }
  if (i < bytes.size()) s += uint32_t{static_cast<uint8_t>(bytes[i])} << 8;  // An odd byte is padded with zero.
  while (s >> 16) s = (s & 0xFFFF) + (s >> 16);
  return static_cast<uint16_t>(~s & 0xFFFF);
}

std::string ipv4_tcp_packet(const Trace& trace, size_t index) {
  const SegmentRecord& rec = trace.segments[index];
  const size_t original = rec.dup_of ? rec.dup_of - 1 : index;
  return ipv4_tcp_packet(trace, rec, static_cast<uint16_t>((original + 1) & 0xFFFF));
}

std::string ipv4_tcp_packet(const Trace& trace, const SegmentRecord& rec, uint16_t ip_id) {
  const Segment& s = rec.seg;
  const std::string options = option_bytes(s.mss, trace.options_of(s));
  const size_t tcp_header = kTcpHeader + options.size();
  const std::string payload = trace.payload(rec, max_payload(trace, s));
  const size_t total = kIpHeader + tcp_header + payload.size();
  std::string b(total, '\0');

  // IPv4 header (RFC 791 §3.1).
  b[0] = 0x45;  // Version 4, IHL 5 words.
  put16(b, 2, static_cast<uint16_t>(total));
  put16(b, 4, ip_id);
  put16(b, 6, 0x4000);  // DF, fragment offset 0.
  b[8] = static_cast<char>(kPacketTtl);
  b[9] = static_cast<char>(kProtoTcp);
  put32(b, 12, s.src.ip);
  put32(b, 16, s.dst.ip);
  put16(b, 10, internet_checksum(std::string_view(b).substr(0, kIpHeader)));

  // TCP header (RFC 9293 §3.1).
  const size_t t = kIpHeader;
  put16(b, t + 0, s.src.port);
  put16(b, t + 2, s.dst.port);
  put32(b, t + 4, s.seq.v);
  put32(b, t + 8, s.ack.v);
  b[t + 12] = static_cast<char>((tcp_header / 4) << 4);  // Data offset in 32-bit words.
  b[t + 13] = static_cast<char>(s.flags);
  put16(b, t + 14, s.wnd);
  b.replace(t + kTcpHeader, options.size(), options);
  b.replace(t + tcp_header, payload.size(), payload);
  // The checksum covers the pseudo-header: source, destination, zero, protocol, TCP length (§3.1).
  const uint32_t tcp_len = static_cast<uint32_t>(total - kIpHeader);
  const uint32_t pseudo = (s.src.ip >> 16) + (s.src.ip & 0xFFFF) + (s.dst.ip >> 16) + (s.dst.ip & 0xFFFF) +
                          kProtoTcp + tcp_len;
  put16(b, t + 16, internet_checksum(std::string_view(b).substr(t), pseudo));
  return b;
}

}  // namespace tcpsim
