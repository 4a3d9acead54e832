#include "util/text.hpp"

#include <cstdio>

namespace tcpsim {

std::string quote_bytes(std::string_view bytes, size_t max) {
  std::string s = "\"";
  size_t shown = 0;
  for (unsigned char c : bytes) {
    if (shown >= max) {
      s += "...";
      break;
    }
    switch (c) {
      case '\n': s += "\\n"; break;
      case '\r': s += "\\r"; break;
      case '\t': s += "\\t"; break;
      case '"': s += "\\\""; break;
      case '\\': s += "\\\\"; break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          s += buf;
        } else {
          s += static_cast<char>(c);
        }
    }
    ++shown;
  }
  s += "\"";
  return s;
}

std::string format_bytes(uint64_t n) {
  char buf[48];
  struct Unit { uint64_t size; const char* name; };
  static constexpr Unit units[] = {{1'000'000'000ULL, "GB"}, {1'000'000ULL, "MB"}, {1ULL << 30, "GiB"},
                                   {1ULL << 20, "MiB"},      {1'000ULL, "KB"},     {1ULL << 10, "KiB"}};
  for (const Unit& u : units) {
    if (n >= u.size && n % u.size == 0) {
      std::snprintf(buf, sizeof buf, "%llu %s", static_cast<unsigned long long>(n / u.size), u.name);
      return buf;
    }
  }
  std::snprintf(buf, sizeof buf, "%llu byte%s", static_cast<unsigned long long>(n), n == 1 ? "" : "s");
  return buf;
}

}  // namespace tcpsim
