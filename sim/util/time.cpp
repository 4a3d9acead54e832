#include "util/time.hpp"

#include <cstdio>

namespace tcpsim {

std::string format_duration(Time t) {
  char buf[64];
  const char* sign = t < 0 ? "-" : "";
  uint64_t a = t < 0 ? static_cast<uint64_t>(-(t + 1)) + 1 : static_cast<uint64_t>(t);
  struct Unit { uint64_t ns; const char* name; };
  static constexpr Unit units[] = {{3600ULL * kSec, "h"}, {60ULL * kSec, "min"}, {kSec, "s"},
                                   {kMs, "ms"},           {kUs, "us"},          {1, "ns"}};
  if (a == 0) return "0ms";
  for (const Unit& u : units) {
    // Hours and minutes only when exact ("2h", "90min"); otherwise seconds read better ("64.8s").
    if (u.ns > kSec && a % u.ns != 0) continue;
    if (a >= u.ns || u.ns == 1) {
      if (a % u.ns == 0) {
        std::snprintf(buf, sizeof buf, "%s%llu%s", sign, static_cast<unsigned long long>(a / u.ns), u.name);
      } else {
        std::snprintf(buf, sizeof buf, "%s%.6g%s", sign, static_cast<double>(a) / static_cast<double>(u.ns), u.name);
      }
      return buf;
    }
  }
  return "0ms";
}

std::string format_seconds(Time t) {
  char buf[48];
  const char* sign = t < 0 ? "-" : "";
  uint64_t a = t < 0 ? static_cast<uint64_t>(-(t + 1)) + 1 : static_cast<uint64_t>(t);
  std::snprintf(buf, sizeof buf, "%s%llu.%06llu", sign, static_cast<unsigned long long>(a / kSec),
                static_cast<unsigned long long>((a % kSec) / kUs));
  return buf;
}

}  // namespace tcpsim
