#pragma once
// Deterministic randomness: xoshiro256** seeded through splitmix64. The same seed gives the same
// numbers on every machine (unlike std:: distributions, whose algorithms are unspecified).
#include <cstdint>
#include <string_view>

namespace tcpsim {

/// A small, fast, reproducible random number generator.
class Rng {
 public:
  /// Seeds from a 64-bit value and a label, so each host and link draws from its own stream.
  explicit Rng(uint64_t seed = 1, std::string_view label = {}) {
    uint64_t x = seed ^ 0x6A09E667F3BCC909ULL;
    for (char c : label) x = (x ^ static_cast<uint8_t>(c)) * 0x100000001B3ULL;
    for (uint64_t& w : s_) w = splitmix(x);
  }
  /// Next 64 random bits.
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// True with probability p.
  bool chance(double p) { return p > 0 && uniform() < p; }
  /// Uniform integer in [0, n) (n > 0).
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t s_[4] = {};
};

}  // namespace tcpsim
