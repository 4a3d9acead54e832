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

size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t n = 0;
  uint32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Reject overlong forms, surrogates and values above U+10FFFF.
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

char32_t next_code_point(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  const size_t n = utf8_sequence(s, i);
  if (n == 0) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

}  // namespace tcpsim
