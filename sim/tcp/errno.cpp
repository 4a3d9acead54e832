#include "tcp/errno.hpp"

namespace tcpsim {

namespace {
struct ErrnoInfo {
  Errno e;
  std::string_view name;
  std::string_view text;
};
constexpr ErrnoInfo kErrnos[] = {
    {Errno::None, "OK", "Success"},
    {Errno::BadFd, "EBADF", "Bad file descriptor"},
    {Errno::WouldBlock, "EAGAIN", "Resource temporarily unavailable"},
    {Errno::Invalid, "EINVAL", "Invalid argument"},
    {Errno::BrokenPipe, "EPIPE", "Broken pipe"},
    {Errno::AddrInUse, "EADDRINUSE", "Address already in use"},
    {Errno::AddrNotAvail, "EADDRNOTAVAIL", "Cannot assign requested address"},
    {Errno::ConnAborted, "ECONNABORTED", "Software caused connection abort"},
    {Errno::ConnReset, "ECONNRESET", "Connection reset by peer"},
    {Errno::IsConn, "EISCONN", "Transport endpoint is already connected"},
    {Errno::NotConn, "ENOTCONN", "Transport endpoint is not connected"},
    {Errno::TimedOut, "ETIMEDOUT", "Connection timed out"},
    {Errno::ConnRefused, "ECONNREFUSED", "Connection refused"},
    {Errno::Already, "EALREADY", "Operation already in progress"},
    {Errno::InProgress, "EINPROGRESS", "Operation now in progress"},
    {Errno::WouldBlock, "EWOULDBLOCK", "Resource temporarily unavailable"},  // Linux: the same number as EAGAIN
};

const ErrnoInfo& info(Errno e) {
  for (const ErrnoInfo& i : kErrnos) {
    if (i.e == e) return i;
  }
  return kErrnos[0];
}
}  // namespace

std::string_view errno_name(Errno e) { return info(e).name; }
std::string_view errno_text(Errno e) { return info(e).text; }

std::optional<Errno> parse_errno(std::string_view name) {
  for (const ErrnoInfo& i : kErrnos) {
    if (i.e != Errno::None && i.name == name) return i.e;
  }
  return std::nullopt;
}

}  // namespace tcpsim
