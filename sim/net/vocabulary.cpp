#include "net/vocabulary.hpp"

#include "util/text.hpp"

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

std::string describe_call(const SocketCall& a) {
  switch (a.kind) {
    case CallKind::Listen:
      return std::to_string(a.port) + (a.backlog ? " backlog " + std::to_string(a.backlog) : "") +
             (a.as.empty() ? "" : " as " + a.as);
    case CallKind::Bind:
      return std::to_string(a.port) + (a.as.empty() ? "" : " as " + a.as);
    case CallKind::Accept:
    case CallKind::Socket:
      return a.as.empty() ? "" : "as " + a.as;
    case CallKind::Connect:
      return a.peer + ":" + std::to_string(a.peer_port) + (a.local_port ? " from " + std::to_string(a.local_port) : "") +
             (a.as.empty() ? "" : " as " + a.as);
    case CallKind::Send:
      return a.has_text ? quote_bytes(a.text) : format_bytes(a.bulk);
    case CallKind::Recv:
      return a.all ? "all" : (a.max ? std::to_string(a.max) : "");
    case CallKind::Shutdown:
      return a.how == ShutdownHow::Write ? "SHUT_WR" : a.how == ShutdownHow::Read ? "SHUT_RD" : "SHUT_RDWR";
    case CallKind::Close:
    case CallKind::Abort:
      return "";
    case CallKind::SetSockOpt:
      switch (a.opt) {
        case SockOpt::Linger:
          return a.on ? "SO_LINGER {on, " + format_duration(a.duration) + "}" : "SO_LINGER off";
        case SockOpt::Keepalive:
          return a.on ? "SO_KEEPALIVE on" : "SO_KEEPALIVE off";
        case SockOpt::KeepIdle:
          return "TCP_KEEPIDLE " + format_duration(a.duration);
        case SockOpt::KeepIntvl:
          return "TCP_KEEPINTVL " + format_duration(a.duration);
        case SockOpt::KeepCnt:
          return "TCP_KEEPCNT " + std::to_string(a.count);
        case SockOpt::ReuseAddr:
          return a.on ? "SO_REUSEADDR on" : "SO_REUSEADDR off";
        case SockOpt::NonBlock:
          return a.on ? "O_NONBLOCK on" : "O_NONBLOCK off";
      }
      break;
    case CallKind::GetSockOpt:
      return "SO_ERROR";
  }
  return "";
}

}  // namespace tcpsim
