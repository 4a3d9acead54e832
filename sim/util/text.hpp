#pragma once
// Small text helpers shared by the trace, the CLI, the checker, the parser and the exporters.
#include <cstdint>
#include <string>
#include <string_view>

namespace tcpsim {

/// Bytes as a C-style quoted string: "GET / HTTP/1.1\r\n"; longer than `max` ends with "...".
std::string quote_bytes(std::string_view bytes, size_t max = 48);
/// A byte count as a person writes it: "18 bytes", "1 byte", "100 MB", "64 KiB".
std::string format_bytes(uint64_t n);
/// Length of the valid multi-byte UTF-8 sequence at s[i] (2..4), or 0 when there is none (ASCII,
/// a stray byte, a cut sequence, an overlong form, a surrogate, or past U+10FFFF).
size_t utf8_sequence(std::string_view s, size_t i);
/// The code point at s[i], advancing `i` past it; U+FFFD (advancing one byte) where s[i] starts no
/// valid UTF-8.
char32_t next_code_point(std::string_view s, size_t& i);

}  // namespace tcpsim
