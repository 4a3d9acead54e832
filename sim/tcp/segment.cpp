#include "tcp/segment.hpp"

#include <cstdio>

namespace tcpsim {

namespace {
struct FlagName {
  uint8_t bit;
  const char* name;
};
// Display order follows how people say them: SYN+ACK, FIN+ACK, RST+ACK, PSH+ACK.
constexpr FlagName kOrder[] = {{kSyn, "SYN"}, {kFin, "FIN"}, {kRst, "RST"}, {kPsh, "PSH"}, {kAck, "ACK"}};
}  // namespace

// Segments are copied per hop and stored per send: the option index must not make them bigger.
static_assert(sizeof(Segment) <= 48, "Segment grew: keep rarely used fields out of it (see Segment::options)");

uint32_t tcp_options_length(uint16_t mss, const TcpOptions* o) {
  uint32_t n = mss ? 4 : 0;  // kind 2, length 4
  if (!o) return n;
  // Timestamps take 12 bytes: kind 8, length 10 behind SACK-permitted (kind 4, length 2) or two NOPs.
  if (o->has_ts) n += 12;
  else if (o->sack_ok) n += 4;  // NOP, NOP, kind 4, length 2
  if (o->wscale >= 0) n += 4;   // NOP, kind 3, length 3, shift
  return n;
}

std::string options_to_string(const TcpOptions& o) {
  std::string s;
  if (o.wscale >= 0) s += " wscale=" + std::to_string(o.wscale);
  if (o.sack_ok) s += " sackok";
  if (o.has_ts) s += " ts=" + std::to_string(o.ts_val) + ":" + std::to_string(o.ts_ecr);
  return s;
}

std::string flags_to_string(uint8_t flags) {
  std::string s;
  for (const FlagName& f : kOrder) {
    if (flags & f.bit) {
      if (!s.empty()) s += '+';
      s += f.name;
    }
  }
  return s.empty() ? "none" : s;
}

bool parse_flags(const std::string& text, uint8_t* out) {
  uint8_t flags = 0;
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find_first_of("+,", i);
    if (j == std::string::npos) j = text.size();
    std::string part = text.substr(i, j - i);
    for (char& c : part) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    bool found = false;
    for (const FlagName& f : kOrder) {
      if (part == f.name) {
        flags |= f.bit;
        found = true;
      }
    }
    if (!found) return false;
    i = j + 1;
  }
  *out = flags;
  return true;
}

std::string ip_to_string(uint32_t ip) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
  return buf;
}

bool parse_ip(const std::string& text, uint32_t* out) {
  uint32_t ip = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    uint32_t v = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 4) {
      v = v * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
      ++digits;
    }
    if (v > 255 || digits > 3) return false;
    ip = (ip << 8) | v;
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
  }
  if (i != text.size()) return false;
  *out = ip;
  return true;
}

}  // namespace tcpsim
