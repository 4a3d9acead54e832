#include "kernel/netns.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "kernel/driver.hpp"

namespace tcpsim::kernel {

namespace {

std::string sys_error(const std::string& what) { return what + ": " + std::strerror(errno); }

/// An interface's flags gain `up` (IFF_UP | IFF_RUNNING).
bool set_up(int sock, const char* name, std::string* error) {
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) return *error = sys_error(std::string("SIOCGIFFLAGS ") + name), false;
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
  if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) return *error = sys_error(std::string("SIOCSIFFLAGS ") + name), false;
  return true;
}

sockaddr_in inet(uint32_t ip) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(ip);
  return a;
}

/// In the child, inside its new namespace: lo up, the TUN with the host's address, a default route
/// through it, the sysctls. Returns the TUN's descriptor, or -1 with `error`.
int make_namespace(const HostSetup& s, std::string* error) {
  if (unshare(CLONE_NEWNET) < 0) return *error = sys_error("unshare(CLONE_NEWNET)"), -1;
  const int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return *error = sys_error("socket(AF_INET)"), -1;
  if (!set_up(sock, "lo", error)) return close(sock), -1;
  const int tun = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (tun < 0) return *error = sys_error("open /dev/net/tun"), close(sock), -1;
  ifreq ifr{};
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  // Inside a namespace of our own no name can clash; the pid makes it unique on the machine anyway.
  std::snprintf(ifr.ifr_name, IFNAMSIZ, "tsk%d", static_cast<int>(getpid()) % 1000000000);
  const std::string name = ifr.ifr_name;
  if (ioctl(tun, TUNSETIFF, &ifr) < 0) return *error = sys_error("TUNSETIFF"), close(tun), close(sock), -1;
  ifreq a{};
  std::strncpy(a.ifr_name, name.c_str(), IFNAMSIZ - 1);
  sockaddr_in addr = inet(s.ip);
  std::memcpy(&a.ifr_addr, &addr, sizeof addr);
  if (ioctl(sock, SIOCSIFADDR, &a) < 0) return *error = sys_error("SIOCSIFADDR"), close(tun), close(sock), -1;
  sockaddr_in mask = inet(0xFFFFFFFFu);
  std::memcpy(&a.ifr_netmask, &mask, sizeof mask);
  if (ioctl(sock, SIOCSIFNETMASK, &a) < 0) return *error = sys_error("SIOCSIFNETMASK"), close(tun), close(sock), -1;
  a.ifr_mtu = static_cast<int>(s.mtu);
  if (ioctl(sock, SIOCSIFMTU, &a) < 0) return *error = sys_error("SIOCSIFMTU"), close(tun), close(sock), -1;
  if (!set_up(sock, name.c_str(), error)) return close(tun), close(sock), -1;
  // Every other address (the scenario's other hosts, a NAT's) is reached through the TUN: tcpsim's
  // World is the network behind it.
  rtentry rt{};
  sockaddr_in any = inet(0);
  std::memcpy(&rt.rt_dst, &any, sizeof any);
  std::memcpy(&rt.rt_genmask, &any, sizeof any);
  rt.rt_flags = RTF_UP;
  std::string dev = name;
  rt.rt_dev = dev.data();
  if (ioctl(sock, SIOCADDRT, &rt) < 0) return *error = sys_error("SIOCADDRT (default route via the TUN)"), close(tun), close(sock), -1;
  close(sock);
  for (const auto& [key, value] : s.sysctls) {
    // /proc/sys/net belongs to the namespace of the process that opens it: this one's, not the machine's.
    const std::string path = "/proc/sys/net/ipv4/" + key;
    std::ofstream f(path);
    f << value << "\n";
    f.flush();
    if (!f) return *error = "cannot write " + value + " to " + path + " in the namespace", close(tun), -1;
  }
  return tun;
}

bool send_text(int fd, const std::string& text, int pass_fd = -1) {
  iovec iov{const_cast<char*>(text.data()), text.size()};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char buf[CMSG_SPACE(sizeof(int))] = {};
  if (pass_fd >= 0) {
    msg.msg_control = buf;
    msg.msg_controllen = sizeof buf;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
  }
  return sendmsg(fd, &msg, MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

/// Closes every descriptor above stderr but `fd` (a forked child's copies of its parent's).
void keep_only(int fd) {
  if (fd > 3) close_range(3, static_cast<unsigned>(fd) - 1, 0);
  close_range(static_cast<unsigned>(fd) + 1, ~0u, 0);
}

/// One message and the descriptor it carries (-1: none); "" when the other end is gone.
std::string recv_text(int fd, int* passed) {
  char buf[65536];
  iovec iov{buf, sizeof buf - 1};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char cbuf[CMSG_SPACE(sizeof(int))] = {};
  msg.msg_control = cbuf;
  msg.msg_controllen = sizeof cbuf;
  ssize_t n;
  do n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC); while (n < 0 && errno == EINTR);
  if (n <= 0) return "";
  if (passed) *passed = -1;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (passed && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) std::memcpy(passed, CMSG_DATA(c), sizeof(int));
  }
  return std::string(buf, static_cast<size_t>(n));
}

/// Every TCP socket of the namespace but listeners, from the kernel (netlink sock_diag, INET_DIAG:
/// inet_diag_dump_icsk()), as "STATE LOCAL_IP LOCAL_PORT REMOTE_IP REMOTE_PORT" lines; STATE is Linux's
/// number (TCP_ESTABLISHED = 1 ... TCP_CLOSING = 11).
std::string diag_sockets() {
  const int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (nl < 0) return "ERR " + sys_error("socket(NETLINK_SOCK_DIAG)");
  struct {
    nlmsghdr nlh;
    inet_diag_req_v2 r;
  } req{};
  req.nlh.nlmsg_len = sizeof req;
  req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.r.sdiag_family = AF_INET;
  req.r.sdiag_protocol = IPPROTO_TCP;
  req.r.idiag_states = ~0u & ~(1u << 10);  // Every state but LISTEN.
  if (send(nl, &req, sizeof req, 0) < 0) return close(nl), "ERR " + sys_error("send(INET_DIAG)");
  std::string out = "OK";
  alignas(nlmsghdr) char buf[32768];
  for (bool done = false; !done;) {
    const ssize_t n = recv(nl, buf, sizeof buf, 0);
    if (n <= 0) break;
    int len = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
        done = true;
        break;
      }
      const auto* m = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
      out += "\n" + std::to_string(m->idiag_state) + " " + std::to_string(ntohl(m->id.idiag_src[0])) + " " +
             std::to_string(ntohs(m->id.idiag_sport)) + " " + std::to_string(ntohl(m->id.idiag_dst[0])) + " " +
             std::to_string(ntohs(m->id.idiag_dport));
    }
  }
  close(nl);
  return out;
}

/// The keeper, inside the namespace: starts programs ("SPAWN") and writes sysctls ("SYSCTL key value")
/// until the parent closes the control socket. Its programs are reaped by the kernel (SIGCHLD ignored).
void keep(int control) {
  signal(SIGCHLD, SIG_IGN);
  const pid_t keeper = getpid();
  for (;;) {
    const std::string what = recv_text(control, nullptr);
    if (what.empty()) return;
    if (what == "SPAWN") {
      int sv[2];
      if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        send_text(control, "ERR " + sys_error("socketpair"));
        continue;
      }
      const pid_t pid = fork();
      if (pid == 0) {
        keep_only(sv[1]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);  // It dies with the keeper (a crash).
        if (getppid() != keeper) _exit(1);
        signal(SIGCHLD, SIG_DFL);
        run_driver(sv[1]);
        _exit(0);
      }
      close(sv[1]);
      if (pid < 0) {
        send_text(control, "ERR " + sys_error("fork"));
      } else {
        send_text(control, "OK " + std::to_string(pid), sv[0]);
      }
      close(sv[0]);
    } else if (what == "DIAG") {
      send_text(control, diag_sockets());
    } else if (what.rfind("SYSCTL ", 0) == 0) {
      const size_t sp = what.find(' ', 7);
      const std::string path = "/proc/sys/net/ipv4/" + what.substr(7, sp - 7);
      std::ofstream f(path);
      f << what.substr(sp + 1) << "\n";
      f.flush();
      send_text(control, f ? "OK" : "ERR cannot write " + what.substr(sp + 1) + " to " + path + " in the namespace");
    } else {
      send_text(control, "ERR unknown request");
    }
  }
}

}  // namespace

int64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::string cannot_run_reason() {
  if (geteuid() != 0) return "not root: network namespaces and TUN devices need root (CAP_NET_ADMIN, CAP_SYS_ADMIN)";
  struct stat st{};
  if (stat("/dev/net/tun", &st) != 0) return "no /dev/net/tun on this machine (the tun module is not loaded)";
  if (access("/proc/self/ns/net", F_OK) != 0) return "no network namespaces on this kernel (/proc/self/ns/net is missing)";
  return "";
}

std::unique_ptr<RealHost> RealHost::start(const HostSetup& setup, std::string* error) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return *error = sys_error("socketpair"), nullptr;
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    *error = sys_error("fork");
    close(sv[0]);
    close(sv[1]);
    return nullptr;
  }
  if (pid == 0) {
    // The child: it dies with the parent, and its namespace with it.
    close(sv[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    keep_only(sv[1]);  // Not the other hosts' TUN devices and programs: a crash of one must close them.
    signal(SIGINT, SIG_IGN);  // Ctrl-C goes to the parent, which ends its children itself.
    signal(SIGTERM, SIG_DFL);
    std::string why;
    const int tun = make_namespace(setup, &why);
    if (tun < 0) {
      send_text(sv[1], "ERR " + why);
      _exit(1);
    }
    if (!send_text(sv[1], "OK", tun)) _exit(1);
    close(tun);  // The parent holds the device now.
    keep(sv[1]);
    _exit(0);
  }
  close(sv[1]);
  std::unique_ptr<RealHost> h(new RealHost());
  h->pid_ = pid;
  h->ctl_ = sv[0];
  const std::string answer = recv_text(h->ctl_, &h->tun_);
  if (answer.empty()) {
    *error = "the namespace's keeper for " + setup.name + " died while starting";
    return nullptr;
  }
  if (answer.rfind("OK", 0) != 0) {
    *error = answer.substr(4) + " (setting up " + setup.name + "'s namespace)";
    return nullptr;
  }
  if (h->tun_ < 0) {
    *error = "the namespace's keeper for " + setup.name + " sent no TUN descriptor";
    return nullptr;
  }
  fcntl(h->tun_, F_SETFL, fcntl(h->tun_, F_GETFL) | O_NONBLOCK);
  return h;
}

RealHost::~RealHost() {
  if (tun_ >= 0) close(tun_);  // First: the device goes, so nothing a dying socket sends gets out.
  if (pid_ > 0) kill(pid_, SIGKILL);  // Its programs die with it (PR_SET_PDEATHSIG), the namespace too.
  if (ctl_ >= 0) close(ctl_);
  if (pid_ > 0) waitpid(pid_, nullptr, 0);
}

std::string RealHost::ask(const std::string& what, int* passed) {
  if (!send_text(ctl_, what)) return "";
  return recv_text(ctl_, passed);
}

std::unique_ptr<Program> RealHost::spawn(std::string* error) {
  int fd = -1;
  const std::string answer = ask("SPAWN", &fd);
  if (answer.rfind("OK ", 0) != 0 || fd < 0) {
    *error = answer.empty() ? "the namespace's keeper is gone" : answer.substr(answer.find(' ') + 1);
    if (fd >= 0) close(fd);
    return nullptr;
  }
  std::unique_ptr<Program> p(new Program());
  p->pid_ = static_cast<pid_t>(std::stol(answer.substr(3)));
  p->ctl_ = fd;
  return p;
}

bool RealHost::sockets(std::vector<DiagSocket>* out, std::string* error) {
  const std::string answer = ask("DIAG", nullptr);
  if (answer.rfind("OK", 0) != 0) {
    *error = answer.empty() ? "the namespace's keeper is gone" : answer.substr(4);
    return false;
  }
  std::istringstream in(answer.substr(2));
  DiagSocket d;
  while (in >> d.state >> d.local_ip >> d.local_port >> d.remote_ip >> d.remote_port) out->push_back(d);
  return true;
}

bool RealHost::sysctl(const std::string& key, const std::string& value, std::string* error) {
  const std::string answer = ask("SYSCTL " + key + " " + value, nullptr);
  if (answer == "OK") return true;
  *error = answer.empty() ? "the namespace's keeper is gone" : answer.substr(4);
  return false;
}

Program::~Program() {
  kill();
  if (ctl_ >= 0) close(ctl_);
}

void Program::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);  // Not our child: the keeper reaps it.
  pid_ = -1;
}

bool Program::send(const Request& r, const std::string& text) {
  std::string msg(reinterpret_cast<const char*>(&r), sizeof r);
  msg += text;
  return ::send(ctl_, msg.data(), msg.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(msg.size());
}

bool Program::receive(Reply* r, std::string* data) {
  std::string buf(sizeof(Reply) + kMaxData, '\0');
  const ssize_t n = recv(ctl_, buf.data(), buf.size(), 0);
  if (n < static_cast<ssize_t>(sizeof(Reply))) return false;
  std::memcpy(r, buf.data(), sizeof(Reply));
  data->assign(buf.data() + sizeof(Reply), static_cast<size_t>(n) - sizeof(Reply));
  return true;
}

}  // namespace tcpsim::kernel
