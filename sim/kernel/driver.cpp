#include "kernel/driver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kernel/netns.hpp"
#include "net/vocabulary.hpp"

namespace tcpsim::kernel {

namespace {

std::mutex g_send;     // One reply at a time on the control socket.
std::mutex g_opts;     // g_next below.
int g_control = -1;
/// setsockopt calls made before the program had a socket: applied to the next one it makes (as
/// tcpsim's Host keeps Process::next_opts).
std::vector<Request> g_next;

void reply(const Reply& r, const std::string& data = "") {
  std::string msg(reinterpret_cast<const char*>(&r), sizeof r);
  msg += data.substr(0, kMaxData);
  std::lock_guard<std::mutex> lock(g_send);
  send(g_control, msg.data(), msg.size(), MSG_NOSIGNAL);
}

/// setsockopt() as the scenario names it; 0 or -1 with errno.
int set_option(int fd, const Request& r) {
  int one = r.on ? 1 : 0;
  int value = static_cast<int>(r.value);
  switch (static_cast<SockOpt>(r.sub)) {
    case SockOpt::Linger: {
      linger l{r.on ? 1 : 0, static_cast<int>(r.value)};
      return setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    case SockOpt::Keepalive: return setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    case SockOpt::KeepIdle: return setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &value, sizeof value);
    case SockOpt::KeepIntvl: return setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &value, sizeof value);
    case SockOpt::KeepCnt: return setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &value, sizeof value);
    case SockOpt::ReuseAddr: return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    case SockOpt::NonBlock: {
      // O_NONBLOCK is a file status flag: fcntl(F_SETFL), as a program sets it.
      const int flags = fcntl(fd, F_GETFL);
      if (flags < 0) return -1;
      return fcntl(fd, F_SETFL, r.on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
    }
  }
  errno = EINVAL;
  return -1;
}

/// A new TCP socket with the options set before it existed.
int new_socket() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fd;
  std::lock_guard<std::mutex> lock(g_opts);
  for (const Request& o : g_next) set_option(fd, o);
  g_next.clear();
  return fd;
}

sockaddr_in inet(uint32_t ip, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(ip);
  a.sin_port = htons(port);
  return a;
}

/// The call, blocking as long as it blocks; its reply is sent from here.
void perform(Request r, std::string text) {
  Reply out;
  out.id = r.id;
  std::string data;
  int64_t ret = 0;
  const auto fail = [&] { ret = -1, out.err = errno; };
  switch (static_cast<CallKind>(r.kind)) {
    case CallKind::Socket: {
      const int fd = new_socket();
      if (fd < 0) fail(); else ret = fd, out.fd = fd;
      break;
    }
    case CallKind::Bind: {
      // On the program's socket from socket(), or (bind() first) a new one; a new one the port refuses is
      // closed, never seen (tcpsim's Host::do_bind()).
      const bool fresh = r.fd < 0;
      const int fd = fresh ? new_socket() : r.fd;
      const sockaddr_in a = inet(r.ip, r.port);
      if (fd < 0 || bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) < 0) {
        fail();
        if (fresh && fd >= 0) close(fd);
        break;
      }
      out.fd = fd;
      break;
    }
    case CallKind::Listen: {
      // On the program's bound socket (r.fd; r.on: not bound yet), or a new one.
      const int fd = r.fd >= 0 ? r.fd : new_socket();
      const sockaddr_in a = inet(r.ip, r.port);
      const bool bind_first = r.fd < 0 || r.on;
      if (fd < 0 || (bind_first && bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) < 0) ||
          listen(fd, static_cast<int>(r.backlog)) < 0) {
        fail();
      }
      out.fd = fd;
      break;
    }
    case CallKind::Accept: {
      const int fd = accept4(r.fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) fail(); else ret = fd, out.fd = fd;
      break;
    }
    case CallKind::Connect: {
      // On the program's socket from socket() or bind() (r.fd; r.on: not bound yet), or a new one.
      const int fd = r.fd >= 0 ? r.fd : new_socket();
      out.fd = fd;
      if (fd < 0) {
        fail();
        break;
      }
      if (r.local_port && (r.fd < 0 || r.on)) {
        const sockaddr_in local = inet(0, r.local_port);
        if (bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) < 0) {
          fail();
          break;
        }
      }
      const sockaddr_in peer = inet(r.ip, r.port);
      if (connect(fd, reinterpret_cast<const sockaddr*>(&peer), sizeof peer) < 0) fail();
      break;
    }
    case CallKind::GetSockOpt: {
      // SO_ERROR: the pending error, read and cleared (sock_error()); the call returns 0 and the trace
      // keeps the error read as its errno, as tcpsim's Host::do_getsockopt().
      int v = 0;
      socklen_t len = sizeof v;
      if (getsockopt(r.fd, SOL_SOCKET, SO_ERROR, &v, &len) < 0) fail(); else out.err = v;
      break;
    }
    case CallKind::Send: {
      if (text.empty() && r.value > 0) text.assign(static_cast<size_t>(r.value), 'x');
      size_t done = 0;
      while (done < text.size()) {
        const ssize_t n = send(r.fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
        if (n < 0) {
          if (errno == EINTR) continue;
          break;
        }
        done += static_cast<size_t>(n);
        // A blocking send() returns short only when an error stopped it after copying some bytes
        // (tcp_sendmsg_locked(): "do_error: if (copied) goto out"); the error stays pending (sk_err)
        // for the program's next call, as in tcpsim. Calling again here would consume it.
        if (n > 0 && done < text.size()) break;
      }
      if (done == 0 && !text.empty()) fail(); else ret = static_cast<int64_t>(done);
      break;
    }
    case CallKind::Recv: {
      const size_t max = r.value > 0 ? static_cast<size_t>(r.value) : 65536;
      std::string buf(max, '\0');
      int64_t total = 0;
      for (;;) {
        const ssize_t n = recv(r.fd, buf.data(), buf.size(), 0);
        if (n < 0) {
          if (errno == EINTR) continue;
          if (total == 0) fail();
          break;
        }
        if (data.size() < kMaxData) data.append(buf.data(), std::min<size_t>(static_cast<size_t>(n), kMaxData - data.size()));
        total += n;
        if (!r.on || n == 0) break;  // recv all: until end of file or an error.
      }
      if (ret == 0) ret = total;
      break;
    }
    case CallKind::Shutdown: {
      const auto how = static_cast<ShutdownHow>(r.sub);
      const int h = how == ShutdownHow::Write ? SHUT_WR : how == ShutdownHow::Read ? SHUT_RD : SHUT_RDWR;
      if (shutdown(r.fd, h) < 0) fail();
      break;
    }
    case CallKind::Abort: {
      // abort: SO_LINGER {on, 0} and close(): Linux tcp_close() sends RST (tcp_disconnect()).
      linger l{1, 0};
      setsockopt(r.fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      if (close(r.fd) < 0) fail();
      break;
    }
    case CallKind::Close:
      if (close(r.fd) < 0) fail();
      break;
    case CallKind::SetSockOpt:
      if (r.fd < 0) {
        std::lock_guard<std::mutex> lock(g_opts);
        g_next.push_back(r);
      } else if (set_option(r.fd, r) < 0) {
        fail();
      }
      break;
    default:
      if (r.kind == kWarmUp) {
        close(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));  // The paths a first call takes, taken once.
        break;
      }
      errno = ENOSYS;
      fail();
      break;
  }
  out.ret = ret;
  out.t_ns = monotonic_ns();
  const auto kind = static_cast<CallKind>(r.kind);
  if ((kind == CallKind::Accept || kind == CallKind::Connect) && out.fd >= 0) {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    if (getsockname(out.fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      out.local_ip = ntohl(a.sin_addr.s_addr), out.local_port = ntohs(a.sin_port);
    }
    len = sizeof a;
    if (getpeername(out.fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      out.remote_ip = ntohl(a.sin_addr.s_addr), out.remote_port = ntohs(a.sin_port);
    } else if (kind == CallKind::Connect) {
      out.remote_ip = r.ip, out.remote_port = r.port;  // Not connected (yet): the peer it was asked for.
    }
  }
  reply(out, data);
}

}  // namespace

void run_driver(int control) {
  g_control = control;
  std::vector<char> buf(sizeof(Request) + (1u << 20));
  for (;;) {
    const ssize_t n = recv(control, buf.data(), buf.size(), 0);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return;  // The parent is done (or gone).
    }
    if (n < static_cast<ssize_t>(sizeof(Request))) continue;
    Request r;
    std::memcpy(&r, buf.data(), sizeof r);
    std::string text(buf.data() + sizeof r, static_cast<size_t>(n) - sizeof r);
    std::thread(perform, r, std::move(text)).detach();
  }
}

}  // namespace tcpsim::kernel
