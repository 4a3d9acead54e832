#pragma once
// Simulated time: integer nanoseconds since the start of a run. Nothing in tcpsim reads a wall clock.
#include <cstdint>
#include <string>

namespace tcpsim {

/// A point in simulated time or a duration, in nanoseconds.
using Time = int64_t;

constexpr Time kNs = 1;
constexpr Time kUs = 1000;
constexpr Time kMs = 1000 * kUs;
constexpr Time kSec = 1000 * kMs;

/// Milliseconds as Time.
constexpr Time ms(int64_t n) { return n * kMs; }
/// Seconds as Time.
constexpr Time sec(int64_t n) { return n * kSec; }

/// Formats a duration the way a person writes it in a scenario: "20ms", "1.5s", "2h", "250us".
std::string format_duration(Time t);
/// Formats a time stamp for tables: seconds with microsecond precision ("12.345678").
std::string format_seconds(Time t);

}  // namespace tcpsim
