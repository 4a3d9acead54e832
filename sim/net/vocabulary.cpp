#include "net/vocabulary.hpp"

namespace tcpsim {

const char* call_name(CallKind k) {
  switch (k) {
    case CallKind::Listen: return "listen";
    case CallKind::Accept: return "accept";
    case CallKind::Connect: return "connect";
    case CallKind::Send: return "send";
    case CallKind::Recv: return "recv";
    case CallKind::Shutdown: return "shutdown";
    case CallKind::Close: return "close";
    case CallKind::Abort: return "abort";
    case CallKind::SetSockOpt: return "setsockopt";
    case CallKind::Bind: return "bind";
    case CallKind::Socket: return "socket";
    case CallKind::GetSockOpt: return "getsockopt";
  }
  return "?";
}

}  // namespace tcpsim
