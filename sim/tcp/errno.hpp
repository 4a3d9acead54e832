#pragma once
// The error numbers an application sees, with Linux's values and glibc's strerror() text,
// fixed here so a trace reads the same on every machine.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tcpsim {

/// An errno value as Linux defines it (0 = no error).
enum class Errno : uint8_t {
  None = 0,
  BadFd = 9,
  WouldBlock = 11,
  Invalid = 22,
  BrokenPipe = 32,
  AddrInUse = 98,
  AddrNotAvail = 99,
  ConnAborted = 103,
  ConnReset = 104,
  IsConn = 106,
  NotConn = 107,
  TimedOut = 110,
  ConnRefused = 111,
  Already = 114,
  InProgress = 115,
};

/// The symbolic name, e.g. "ECONNRESET".
std::string_view errno_name(Errno e);
/// strerror() text as glibc prints it, e.g. "Connection reset by peer".
std::string_view errno_text(Errno e);
/// Parses "ECONNRESET" and friends.
std::optional<Errno> parse_errno(std::string_view name);

}  // namespace tcpsim
