#pragma once
// Small text helpers shared by the trace, the CLI and the checker.
#include <cstdint>
#include <string>
#include <string_view>

namespace tcpsim {

/// Bytes as a C-style quoted string: "GET / HTTP/1.1\r\n"; longer than `max` ends with "...".
std::string quote_bytes(std::string_view bytes, size_t max = 48);
/// A byte count as a person writes it: "18 bytes", "1 byte", "100 MB", "64 KiB".
std::string format_bytes(uint64_t n);

}  // namespace tcpsim
