#include "kernel/wire.hpp"

namespace tcpsim::kernel {

namespace {
uint16_t get16(std::string_view b, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(b[at]) << 8) | static_cast<uint8_t>(b[at + 1]));
}
uint32_t get32(std::string_view b, size_t at) { return (uint32_t{get16(b, at)} << 16) | get16(b, at + 2); }
}  // namespace

std::optional<Parsed> parse_packet(std::string_view b) {
  if (b.size() < 20 || (static_cast<uint8_t>(b[0]) >> 4) != 4) return std::nullopt;
  const size_t ihl = (static_cast<uint8_t>(b[0]) & 0x0F) * 4u;
  const size_t total = get16(b, 2);
  if (ihl < 20 || total > b.size() || total < ihl + 20) return std::nullopt;
  if (static_cast<uint8_t>(b[9]) != 6) return std::nullopt;       // Not TCP.
  if ((get16(b, 6) & 0x3FFF) != 0) return std::nullopt;           // A fragment (MF or an offset).
  Parsed p;
  Segment& s = p.seg;
  s.src.ip = get32(b, 12);
  s.dst.ip = get32(b, 16);
  const std::string_view t = b.substr(ihl, total - ihl);
  s.src.port = get16(t, 0);
  s.dst.port = get16(t, 2);
  s.seq = Seq(get32(t, 4));
  s.ack = Seq(get32(t, 8));
  const size_t offset = (static_cast<uint8_t>(t[12]) >> 4) * 4u;
  if (offset < 20 || offset > t.size()) return std::nullopt;
  s.flags = static_cast<uint8_t>(t[13]);
  s.wnd = get16(t, 14);
  // Options (RFC 9293 §3.2): kind 0 ends the list, 1 is a NOP, the others carry their length.
  for (size_t i = 20; i < offset;) {
    const auto kind = static_cast<uint8_t>(t[i]);
    if (kind == 0) break;
    if (kind == 1) {
      ++i;
      continue;
    }
    if (i + 1 >= offset) break;
    const auto len = static_cast<uint8_t>(t[i + 1]);
    if (len < 2 || i + len > offset) break;
    if (kind == 2 && len == 4) s.mss = get16(t, i + 2);
    if (kind == 3 && len == 3) p.options.wscale = static_cast<int16_t>(static_cast<uint8_t>(t[i + 2]));
    if (kind == 4 && len == 2) p.options.sack_ok = true;
    if (kind == 8 && len == 10) {
      p.options.has_ts = true;
      p.options.ts_val = get32(t, i + 2);
      p.options.ts_ecr = get32(t, i + 6);
    }
    i += len;
  }
  p.payload = std::string(t.substr(offset));
  return p;
}

}  // namespace tcpsim::kernel

namespace tcpsim::kernel {

void WireTcb::sent(const Segment& s) {
  if (s.flags & kSyn) {
    iss_known_ = true;
    iss_ = s.seq;
    snd_nxt_ = snd_una_ = s.seq;
  }
  if (!iss_known_) return;
  if (const Seq end(s.seq.v + s.seg_len()); snd_nxt_ < end) snd_nxt_ = end;
  if ((s.flags & kAck) && irs_known_ && rcv_nxt_ < s.ack) rcv_nxt_ = s.ack;  // What the kernel took.
  if (s.flags & kAck) rcv_wnd_ = s.wnd, wnd_known_ = true;
}

void WireTcb::received(const Segment& s) {
  if ((s.flags & kSyn) && !(s.flags & kAck) && iss_known_ && !irs_known_) return;  // Ours crossed: irrelevant.
  if (s.flags & kSyn) {
    // A SYN (or SYN+ACK) names the peer's ISN (a new one replaces a connection the host had not made yet).
    irs_known_ = true;
    irs_ = s.seq;
    rcv_nxt_ = Seq(s.seq.v + 1);
  }
  if ((s.flags & kAck) && iss_known_ && snd_una_ < s.ack && s.ack <= snd_nxt_) snd_una_ = s.ack;
  // In-order data or FIN moves RCV.NXT at once (the kernel's ACK for it may be delayed).
  if (irs_known_ && !(s.flags & (kSyn | kRst)) && s.seg_len() > 0 && s.seq <= rcv_nxt_) {
    if (const Seq end(s.seq.v + s.seg_len()); rcv_nxt_ < end) rcv_nxt_ = end;
  }
}

std::optional<uint32_t> WireTcb::value(SeqExpr::Var v) const {
  switch (v) {
    case SeqExpr::Var::Iss: return iss_known_ ? std::optional<uint32_t>(iss_.v) : std::nullopt;
    case SeqExpr::Var::SndNxt: return iss_known_ ? std::optional<uint32_t>(snd_nxt_.v) : std::nullopt;
    case SeqExpr::Var::SndUna: return iss_known_ ? std::optional<uint32_t>(snd_una_.v) : std::nullopt;
    case SeqExpr::Var::Irs: return irs_known_ ? std::optional<uint32_t>(irs_.v) : std::nullopt;
    case SeqExpr::Var::RcvNxt: return irs_known_ ? std::optional<uint32_t>(rcv_nxt_.v) : std::nullopt;
    case SeqExpr::Var::RcvWnd: return wnd_known_ ? std::optional<uint32_t>(rcv_wnd_) : std::nullopt;
    case SeqExpr::Var::None: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace tcpsim::kernel
