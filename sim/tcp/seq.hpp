#pragma once
// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4).
#include <cstdint>

namespace tcpsim {

/// A TCP sequence number; comparisons are modulo 2^32 as RFC 9293 §3.4 requires.
struct Seq {
  uint32_t v = 0;

  constexpr Seq() = default;
  constexpr explicit Seq(uint32_t value) : v(value) {}

  /// Advances by n octets of sequence space (wraps).
  constexpr Seq operator+(uint32_t n) const { return Seq(v + n); }
  /// Moves back by n octets of sequence space (wraps).
  constexpr Seq operator-(uint32_t n) const { return Seq(v - n); }
  constexpr Seq& operator+=(uint32_t n) { v += n; return *this; }
  /// Signed distance a - b in sequence space; valid while |a - b| < 2^31.
  constexpr int32_t operator-(Seq o) const { return static_cast<int32_t>(v - o.v); }

  constexpr bool operator==(const Seq&) const = default;
  constexpr bool operator<(Seq o) const { return (*this - o) < 0; }
  constexpr bool operator<=(Seq o) const { return (*this - o) <= 0; }
  constexpr bool operator>(Seq o) const { return (*this - o) > 0; }
  constexpr bool operator>=(Seq o) const { return (*this - o) >= 0; }
};

/// a <= x < b in sequence space (an empty range when a == b).
constexpr bool seq_in(Seq x, Seq a, Seq b) { return a <= x && x < b; }

}  // namespace tcpsim
