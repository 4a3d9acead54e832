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
