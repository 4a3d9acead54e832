// The converter of pkt_convert.hpp. Sequence numbers follow packetdrill's rule: an inbound packet's
// sequence numbers are the script's (the remote ISN is its SYN's), its ack counts from the local ISS
// (`ack=iss+N`); an outbound packet's seq counts from the local ISS and its ack from the remote ISN,
// which is how tcpsim's expectations count them (relative to each side's ISN).
#include "pkt/pkt_convert.hpp"

#include <algorithm>
#include <map>

#include "tcp/config.hpp"
#include "tcp/errno.hpp"
#include "tcp/segment.hpp"

namespace tcpsim::pkt {

namespace {

bool has(const Arg& a, std::string_view name) {
  return std::find(a.names.begin(), a.names.end(), name) != a.names.end();
}

class Converter {
  /// What the script did to one descriptor (getsockopt and poll read it).
  struct FdState {
    bool listener = false;
    uint32_t conn_line = 0;  ///< Scenario line of the accept()/connect() that gave it a connection.
    bool reuseaddr = false, keepalive = false, nodelay = false, linger_on = false;
    int64_t linger = 0, keepidle = -1, keepintvl = -1, keepcnt = -1;  ///< -1: the host's setting.
    int64_t rcvbuf = kLinuxRcvbuf, sndbuf = kLinuxSndbuf;  ///< Linux's sk_rcvbuf, sk_sndbuf.
    bool sndbuf_set = false;  ///< SOCK_SNDBUF_LOCK: setsockopt(SO_SNDBUF) fixed it.
  };
  // Linux's defaults: tcp_init_sock() starts sk_rcvbuf at tcp_rmem[1], sk_sndbuf at tcp_wmem[1];
  // setsockopt() takes min(N, net.core.rmem_max/wmem_max), doubles it and keeps at least
  // SOCK_MIN_RCVBUF/SOCK_MIN_SNDBUF (sock_setsockopt(), __sock_set_rcvbuf(); x86-64's sizes).
  static constexpr int64_t kLinuxRcvbuf = 131072, kLinuxSndbuf = 16384, kLinuxBufMax = 212992;
  static constexpr int64_t kLinuxMinRcvbuf = 2304, kLinuxMinSndbuf = 4608;

 public:
  Converter(const Script& s, bool lenient) : s_(s), lenient_(lenient) {
    for (const ScriptOption& o : s.options) {
      if (o.name == "local_ip") local_ip_ = o.value;
      if (o.name == "remote_ip") remote_ip_ = o.value;
      if (o.name == "bind_port") bind_port_ = o.value;
      if (o.name == "connect_port") connect_port_ = o.value;
    }
  }

  Conversion run() {
    const std::string name = title();
    emit("# Converted from " + s_.file + " by 'tcpsim pkt --to-scn' (docs/packetdrill.md).", 0);
    emit("title \"" + name + "\"", 0);
    emit("host local " + local_ip_ + "                 # the stack under test (tcpsim's TCP)", 0);
    emit("host remote " + remote_ip_ + " raw              # the script's side: no TCP, only injects", 0);
    emit("link local remote delay 0ms", 0);
    Time last = 0;
    for (const Event& e : s_.events) {
      const Time at = resolve(e.time);
      last = std::max(last, at);
      if (e.time.range_end) last = std::max(last, range_end(e.time));
      std::visit([&](const auto& what) { event(e, at, what); }, e.what);
    }
    // packetdrill: nothing else may be sent while the script runs.
    const Time end = last + s_.tolerance;
    emit("expect nothing from local until " + format_duration(end), 0);
    emit("limit time " + format_duration(std::max<Time>(end, kMs)), 0);
    return std::move(out_);
  }

 private:
  std::string title() const {
    std::string t = s_.file;
    if (size_t slash = t.find_last_of('/'); slash != std::string::npos) t = t.substr(slash + 1);
    if (t.size() > 4 && t.substr(t.size() - 4) == ".pkt") t.resize(t.size() - 4);
    std::string clean;
    for (char c : t) clean += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
    return clean;
  }

  void emit(const std::string& line, uint32_t pkt_line) {
    out_.text += line + "\n";
    out_.origin.push_back(pkt_line);
  }
  uint32_t next_line() const { return static_cast<uint32_t>(out_.origin.size()) + 1; }

  void problem(Problem::Kind k, Loc at, std::string message) {
    if (k == Problem::Kind::Unsupported) {
      if (lenient_) {
        k = Problem::Kind::Warning;
        message += " (skipped: --lenient)";
      } else {
        out_.failed = true;
      }
    }
    out_.problems.push_back({k, at, std::move(message)});
  }

  Time resolve(const EventTime& t) {
    switch (t.kind) {
      case EventTime::Kind::Absolute: now_ = t.t; break;
      case EventTime::Kind::Relative: now_ += t.t; break;
      case EventTime::Kind::Any: break;
    }
    start_ = now_;
    if (t.range_end) now_ = range_end(t);
    // packetdrill: the line after a blocking call counts from when the call returned.
    if (t.call_end) now_ = call_end(t);
    return start_;
  }
  Time call_end(const EventTime& t) const {
    return t.call_end_relative ? start_ + *t.call_end : std::max(start_, *t.call_end);
  }
  Time range_end(const EventTime& t) const {
    return t.range_end_relative ? start_ + *t.range_end : std::max(start_, *t.range_end);
  }
  static std::string at(Time t) { return "at " + format_duration(t) + " "; }

  // ---- Packets ----
  void event(const Event& e, Time t, const Packet& p) {
    if (p.ece || p.cwr) {
      problem(Problem::Kind::Note, p.flags_loc, "ECN flags (E, W) are read but tcpsim models no ECN: left out");
    }
    if (p.inbound) inbound(e, t, p);
    else outbound(e, t, p);
  }

  void inbound(const Event& e, Time t, const Packet& p) {
    if (p.flags == 0) {
      problem(Problem::Kind::Unsupported, e.loc, "a packet without S F R P or . flags cannot be injected");
      return;
    }
    if ((p.flags & kSyn) && !(p.flags & kAck)) {
      remote_isn_ = p.start;
      if (!connecting_) has_conn_ = true;  // A SYN to the listener makes a connection.
    } else if ((p.flags & kSyn) && (p.flags & kAck)) {
      remote_isn_ = p.start;
    }
    std::string line = at(t) + "remote inject remote:" + rport() + " > local:" + lport() + " " +
                       flags_to_string(p.flags) + " seq=" + std::to_string(p.start);
    if (p.ack) line += has_conn_ ? " ack=iss+" + std::to_string(*p.ack) : " ack=" + std::to_string(*p.ack);
    if (p.win) line += " win=" + std::to_string(*p.win);
    bool mss = false;
    for (const TcpOpt& o : p.options) {
      switch (o.kind) {
        case TcpOpt::Kind::Mss: line += " mss=" + std::to_string(o.a); mss = true; break;
        case TcpOpt::Kind::SackOk: line += " sackok"; break;
        case TcpOpt::Kind::Timestamp: line += " ts=" + std::to_string(o.a) + ":" + std::to_string(o.b); break;
        case TcpOpt::Kind::WindowScale:
          if (o.a > 14) {
            problem(Problem::Kind::Unsupported, o.loc, "window scale " + std::to_string(o.a) + " is above 14");
            return;
          }
          line += " wscale=" + std::to_string(o.a);
          break;
        case TcpOpt::Kind::Sack:
          problem(Problem::Kind::Note, o.loc, "SACK blocks are left out (tcpsim models no SACK)");
          break;
        case TcpOpt::Kind::Nop:
        case TcpOpt::Kind::Eol: break;
      }
    }
    if ((p.flags & kSyn) && !mss) line += " mss=0";  // As written: no MSS option.
    if (p.len) line += " len=" + std::to_string(p.len);
    emit(line, e.loc.line);
  }

  void outbound(const Event& e, Time t, const Packet& p) {
    if (p.flags == 0) {
      problem(Problem::Kind::Unsupported, e.loc, "an expected packet without S F R P or . flags");
      return;
    }
    if (p.flags & kSyn) has_conn_ = true;
    Outbound o;
    o.pkt_line = e.loc.line;
    o.scn_line = next_line();
    o.packet = p;
    o.any_time = e.time.kind == EventTime::Kind::Any;
    o.remote_isn = remote_isn_;
    o.within = s_.tolerance;
    o.at = t;
    if (e.time.range_end) {
      const Time end = range_end(e.time);
      o.at = t + (end - t) / 2;
      o.within += (end - t) / 2;
    }
    std::string line = o.any_time ? "" : at(o.at);
    line += "expect next local sends " + flags_to_string(p.flags) + " seq=" + std::to_string(p.start);
    if (p.flags & kAck) line += " ack=" + std::to_string(static_cast<uint32_t>(p.ack.value_or(0) - remote_isn_));
    line += " len=" + std::to_string(p.len);
    if (p.win) line += " win=" + std::to_string(*p.win);
    if (!o.any_time) line += " within " + format_duration(o.within);
    out_.outbound.push_back(std::move(o));
    emit(line, e.loc.line);
  }

  // ---- Shell lines ----
  void event(const Event& e, Time t, const Shell& sh) {
    const std::string& c = sh.command;
    const std::string prefix = "sysctl -w ";
    if (c.compare(0, prefix.size(), prefix) != 0 || c.find_first_of(";|&><$") != std::string::npos) {
      problem(Problem::Kind::Unsupported, e.loc, "shell command `" + c.substr(0, 60) + "`: only `sysctl -w NAME=VALUE` is understood");
      return;
    }
    std::string rest = c.substr(prefix.size());
    while (!rest.empty() && rest.back() == ' ') rest.pop_back();
    const size_t eq = rest.find('=');
    const std::string name = rest.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : rest.substr(eq + 1);
    std::string note;
    const std::string set = sysctl_setting(name, value, &note);
    if (!note.empty()) {
      problem(Problem::Kind::Note, e.loc, note);
      return;
    }
    if (set.empty()) {
      problem(Problem::Kind::Unsupported, e.loc, "sysctl " + name.substr(0, 60) + "=" + value.substr(0, 20) +
                                                     ": not a setting tcpsim models");
      return;
    }
    remember_setting(set);
    emit(at(t) + "set local " + set, e.loc.line);
  }

  /// Keeps what a `set local KEY VALUE` gives the host, for getsockopt (the scenario applies it).
  void remember_setting(const std::string& set) {
    const size_t sp = set.find(' ');
    if (sp == std::string::npos) return;
    const std::string key = set.substr(0, sp);
    std::string v = set.substr(sp + 1);
    int64_t unit = 1;
    if (v.size() > 2 && v.compare(v.size() - 2, 2, "ms") == 0) {
      unit = kMs;
      v.resize(v.size() - 2);
    } else if (!v.empty() && v.back() == 's') {
      unit = kSec;
      v.pop_back();
    }
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 9) return;  // (at most 10^9 units: no overflow)
    apply_setting(cfg_, key, std::stoll(v) * unit);
  }

  // ---- System calls ----
  std::string result(const Syscall& c, bool bytes) {
    if (c.ret == -1) {
      if (!parse_errno(c.errno_name)) {
        problem(Problem::Kind::Unsupported, c.ret_loc, "errno " + c.errno_name + " is not one tcpsim returns");
        return "";
      }
      return " -> " + c.errno_name;
    }
    if (bytes) return c.ret == 0 ? " -> EOF" : " -> " + std::to_string(c.ret);
    return c.ret == 0 ? " -> ok" : " -> " + std::to_string(c.ret);
  }

  /// `fdN`, or "" (with a problem) when the first argument is not a descriptor.
  std::string fd(const Syscall& c) {
    if (c.args.empty() || c.args[0].numbers.size() != 1 || !c.args[0].names.empty()) {
      problem(Problem::Kind::Error, c.args.empty() ? c.ret_loc : c.args[0].loc,
              c.name + "(): the first argument must be a file descriptor");
      return "";
    }
    return "fd" + std::to_string(c.args[0].numbers[0]);
  }

  int64_t number_arg(const Syscall& c, size_t i) const {
    return i < c.args.size() && !c.args[i].numbers.empty() ? c.args[i].numbers[0] : -1;
  }

  void event(const Event& e, Time t, const Syscall& c) {
    const std::string& n = c.name;
    std::string line;
    line_ = e.loc.line;
    if (n == "poll") {
      poll(e, t, c);
      return;
    }
    if (n == "socket") {
      ++sockets_;
      if (c.ret >= 0) fds_[c.ret];
      const std::string as = c.ret >= 0 ? " as fd" + std::to_string(c.ret) : "";
      line = "local socket" + as + result(c, false);
    } else if (n == "bind" || n == "listen" || n == "accept" || n == "connect" || n == "close" || n == "shutdown" ||
               n == "read" || n == "recv" || n == "write" || n == "send" || n == "setsockopt" || n == "getsockopt" ||
               n == "fcntl") {
      const std::string f = fd(c);
      if (f.empty()) return;
      line = socket_call(e, c, f);
      if (line.empty()) return;
    } else {
      problem(Problem::Kind::Unsupported, e.loc, "system call " + n + "() is not supported");
      return;
    }
    if (out_.failed && !lenient_) return;
    if (e.time.call_end) {
      // A blocking call's return time (`0...0.1`): tcpsim pkt checks it on the trace; the scenario
      // language has no expectation of when a call returns, so the scenario only says it.
      TraceCheck k;
      k.pkt_line = e.loc.line;
      k.scn_line = next_line();
      k.at = call_end(e.time);
      k.within = s_.tolerance;
      line += "   # returns at " + format_duration(k.at) + " (within " + format_duration(k.within) + ")" + kOnlyPkt;
      out_.checks.push_back(std::move(k));
    }
    emit(at(t) + line, e.loc.line);
  }

  // `poll([{fd=3, events=POLLIN, revents=POLLIN}], 1, 0) = 1`: nothing to run; tcpsim pkt reads the
  // sockets' state on the trace at that time (a note marks the moment on the ladder).
  void poll(const Event& e, Time t, const Syscall& c) {
    if (c.args.size() != 3) {
      problem(Problem::Kind::Error, e.loc, "poll(): expected (fds, nfds, timeout)");
      return;
    }
    TraceCheck k;
    k.kind = TraceCheck::Kind::Poll;
    k.pkt_line = e.loc.line;
    k.ret = c.ret;
    k.within = s_.tolerance;
    const bool waits = c.args[2].text != "0";
    if (waits && !e.time.call_end) {
      problem(Problem::Kind::Unsupported, c.args[2].loc,
              "poll() with a timeout: write when it returns (`T...END poll(...)`), tcpsim looks then");
      return;
    }
    k.at = e.time.call_end ? call_end(e.time) : t;
    std::string error;
    if (!parse_poll_fds(c.args[0].text, &k.fds, &error)) {
      problem(Problem::Kind::Error, c.args[0].loc, "poll(): " + error);
      return;
    }
    if (c.args[1].numbers.size() != 1 || c.args[1].numbers[0] != static_cast<int64_t>(k.fds.size())) {
      problem(Problem::Kind::Error, c.args[1].loc, "poll(): nfds must be the number of entries (" +
                                                       std::to_string(k.fds.size()) + ")");
      return;
    }
    if (c.ret < 0) {
      problem(Problem::Kind::Unsupported, c.ret_loc, "poll() that fails is not supported");
      return;
    }
    for (PollFd& f : k.fds) {
      const auto it = fds_.find(f.fd);
      if (it != fds_.end()) {
        f.known = true;
        f.listener = it->second.listener;
        f.conn_line = it->second.conn_line;
      }
    }
    k.scn_line = next_line();
    std::string text = "poll(" + c.args[0].text + ") = " + std::to_string(c.ret);
    for (char& ch : text) ch = ch == '"' ? '\'' : ch;
    out_.checks.push_back(std::move(k));
    emit(at(k.at) + "note \"" + text + "\"   # revents as tcp_poll() computes them" + kOnlyPkt, e.loc.line);
  }

  std::string socket_call(const Event& e, const Syscall& c, const std::string& f) {
    const std::string& n = c.name;
    if (n == "bind") {
      listening_ = true;
      return f + " bind " + lport() + result(c, false);
    }
    if (n == "listen") {
      listening_ = true;
      if (c.ret == 0) fds_[c.args[0].numbers[0]].listener = true;
      const int64_t backlog = number_arg(c, 1);
      std::string b = backlog >= 1 && backlog <= 65535 ? " backlog " + std::to_string(backlog) : "";
      if (backlog == 0) problem(Problem::Kind::Note, c.args[1].loc, "listen backlog 0 is given as tcpsim's default");
      return f + " listen " + lport() + b + result(c, false);
    }
    if (n == "accept") {
      if (c.ret >= 0) {
        FdState child = fds_[c.args[0].numbers[0]];  // Linux: the accepted socket inherits its options.
        child.listener = false;
        child.conn_line = next_line();
        fds_[c.ret] = child;
        ++sockets_;
      }
      const std::string as = c.ret >= 0 ? " as fd" + std::to_string(c.ret) : "";
      return f + " accept" + as + result(c, false);
    }
    if (n == "connect") {
      // A connect() on a socket of a script that listens (EISCONN on an accepted one, ...) keeps
      // the listener's ports; only a script that connects has the local side on 40000.
      if (!listening_) connecting_ = true;
      has_conn_ = true;
      if (fds_[c.args[0].numbers[0]].conn_line == 0) fds_[c.args[0].numbers[0]].conn_line = next_line();
      return f + " connect remote:" + rport() + " from " + lport() + result(c, false);
    }
    if (n == "close") return f + " close" + result(c, false);
    if (n == "shutdown") {
      const Arg* how = c.args.size() > 1 ? &c.args[1] : nullptr;
      std::string h = how && has(*how, "SHUT_RD") ? "rd" : how && has(*how, "SHUT_RDWR") ? "rdwr" : "wr";
      return f + " shutdown " + h + result(c, false);
    }
    if (n == "read" || n == "recv" || n == "write" || n == "send") {
      const int64_t size = number_arg(c, 2);
      if (size < 0) {
        problem(Problem::Kind::Error, c.args.size() > 2 ? c.args[2].loc : e.loc, n + "(): expected a byte count as the third argument");
        return "";
      }
      const bool out = n == "write" || n == "send";
      if (!out && size == 0) return f + " recv 1" + result(c, true);
      return f + (out ? " send " : " recv ") + std::to_string(size) + result(c, !out);
    }
    if (n == "fcntl") return fcntl(e, c, f);
    return sockopt(e, c, f);
  }

  std::string fcntl(const Event& e, const Syscall& c, const std::string& f) {
    if (c.args.size() >= 3 && has(c.args[1], "F_SETFL")) {
      return f + " setsockopt nonblock " + (has(c.args[2], "O_NONBLOCK") ? "on" : "off") + result(c, false);
    }
    if (c.args.size() >= 2 && has(c.args[1], "F_GETFL")) {
      problem(Problem::Kind::Note, e.loc, "fcntl(F_GETFL) is not modelled: its result is not checked");
      return "";
    }
    problem(Problem::Kind::Unsupported, e.loc, "fcntl() other than F_SETFL/F_GETFL is not supported");
    return "";
  }

  std::string sockopt(const Event& e, const Syscall& c, const std::string& f) {
    if (c.args.size() < 4 || c.args[2].names.empty()) {
      problem(Problem::Kind::Error, e.loc, c.name + "(): expected (fd, level, option, value, length)");
      return "";
    }
    const std::string& opt = c.args[2].names[0];
    const Arg& v = c.args[3];
    const int64_t value = v.numbers.empty() ? -1 : v.numbers[0];
    FdState& fs = fds_[c.args[0].numbers[0]];
    if (c.name == "getsockopt") return getsockopt(c, f, opt, fs);
    const std::string on = value > 0 ? "on" : "off";
    std::string set;
    if (opt == "SO_REUSEADDR") set = "reuseaddr " + on, fs.reuseaddr = value > 0;
    else if (opt == "SO_KEEPALIVE") set = "keepalive " + on, fs.keepalive = value > 0;
    else if (opt == "TCP_KEEPIDLE" && value > 0) set = "keepidle " + std::to_string(value) + "s", fs.keepidle = value;
    else if (opt == "TCP_KEEPINTVL" && value > 0) set = "keepintvl " + std::to_string(value) + "s", fs.keepintvl = value;
    else if (opt == "TCP_KEEPCNT" && value > 0) set = "keepcnt " + std::to_string(value), fs.keepcnt = value;
    else if (opt == "SO_LINGER" && v.numbers.size() >= 2) {
      fs.linger_on = v.numbers[0] != 0;
      fs.linger = v.numbers[1];
      set = v.numbers[0] == 0 ? "linger off" : v.numbers[1] == 0 ? "linger 0" : "linger " + std::to_string(v.numbers[1]) + "s";
    } else if (opt == "TCP_NODELAY") {
      fs.nodelay = value > 0;
      problem(Problem::Kind::Note, c.args[2].loc, "TCP_NODELAY: tcpsim has no Nagle algorithm (it always behaves as TCP_NODELAY)");
      return "";
    } else if (opt == "TCP_SYNCNT" && value >= 0 && value <= 255) {
      cfg_.syn_retries = static_cast<uint32_t>(value);
      return "set local syn-retries " + std::to_string(value);
    } else if ((opt == "SO_RCVBUF" || opt == "SO_SNDBUF") && value > 0) {
      // tcpsim's buffers are per host (`set local rcvbuf|sndbuf`): mapped while this is the script's
      // only socket, so that no other socket's buffer changes with it.
      if (sockets_ > 1) {
        problem(Problem::Kind::Unsupported, c.args[2].loc, "setsockopt " + opt +
                    ": tcpsim's buffers are per host, so it is mapped only while the script has one socket");
        return "";
      }
      const bool rcv = opt == "SO_RCVBUF";
      (rcv ? fs.rcvbuf : fs.sndbuf) = std::max(std::min(value, kLinuxBufMax) * 2, rcv ? kLinuxMinRcvbuf : kLinuxMinSndbuf);
      fs.sndbuf_set = fs.sndbuf_set || !rcv;
      const int64_t bytes = std::min<int64_t>(value, rcv ? 65535 : 1073741824);
      problem(Problem::Kind::Note, c.args[2].loc, opt + " " + std::to_string(value) + ": the local host's " +
                  (rcv ? "rcvbuf (the window it advertises, at most 65535; Linux doubles the value and "
                         "advertises part of it)"
                       : "sndbuf (Linux doubles the value)") +
                  " is set to " + std::to_string(bytes) + " (tcpsim's buffers are per host)");
      return "set local " + std::string(rcv ? "rcvbuf " : "sndbuf ") + std::to_string(bytes);
    } else {
      problem(Problem::Kind::Unsupported, c.args[2].loc, "setsockopt " + opt + " is not supported");
      return "";
    }
    return f + " setsockopt " + set + result(c, false);
  }

  /// getsockopt: SO_ERROR is a scenario call (the socket reads and clears its error); the other options
  /// are what tcpsim gives the socket (its host's settings, the script's setsockopt and sysctl lines),
  /// compared here: a difference is a failure of the script, as packetdrill reports one.
  std::string getsockopt(const Syscall& c, const std::string& f, const std::string& opt, const FdState& fs) {
    const Arg& v = c.args[3];
    if (c.ret != 0) {
      problem(Problem::Kind::Unsupported, c.ret_loc, "getsockopt that fails is not supported");
      return "";
    }
    if (opt == "SO_ERROR") {
      const int64_t value = v.numbers.empty() ? -1 : v.numbers[0];
      std::string err = v.names.empty() ? "ok" : v.names[0];
      if (err != "ok" && !parse_errno(err)) {
        problem(Problem::Kind::Unsupported, v.loc, "errno " + err + " is not one tcpsim returns");
        return "";
      }
      return f + " getsockopt SO_ERROR -> " + (value == 0 ? "ok" : err);
    }
    std::vector<int64_t> actual;
    if (opt == "SO_REUSEADDR") actual = {fs.reuseaddr};
    else if (opt == "SO_KEEPALIVE") actual = {fs.keepalive};
    else if (opt == "TCP_NODELAY") actual = {fs.nodelay};
    else if (opt == "TCP_KEEPIDLE") actual = {fs.keepidle >= 0 ? fs.keepidle : cfg_.keepalive_idle / kSec};
    else if (opt == "TCP_KEEPINTVL") actual = {fs.keepintvl >= 0 ? fs.keepintvl : cfg_.keepalive_intvl / kSec};
    else if (opt == "TCP_KEEPCNT") actual = {fs.keepcnt >= 0 ? fs.keepcnt : cfg_.keepalive_cnt};
    else if (opt == "TCP_SYNCNT") actual = {cfg_.syn_retries};
    else if (opt == "SO_LINGER") actual = {fs.linger_on, fs.linger};
    else if (opt == "SO_RCVBUF") actual = {fs.rcvbuf};  // Linux's number, not tcpsim's rcvbuf (docs).
    else if (opt == "SO_SNDBUF" && (fs.sndbuf_set || !fs.conn_line)) actual = {fs.sndbuf};
    else if (opt == "SO_SNDBUF") {
      problem(Problem::Kind::Unsupported, c.args[2].loc, "getsockopt SO_SNDBUF on a connected socket whose SO_SNDBUF "
              "was not set: Linux's tcp_sndbuf_expand() sizes it from the MSS and the congestion window");
      return "";
    }
    else {
      problem(Problem::Kind::Unsupported, c.args[2].loc,
              "getsockopt " + opt + " is not supported (SO_ERROR, SO_REUSEADDR, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF, "
              "SO_SNDBUF, TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_SYNCNT are)");
      return "";
    }
    if (v.numbers.size() < actual.size() || (!v.names.empty() && opt != "SO_LINGER")) {
      problem(Problem::Kind::Error, v.loc, "getsockopt " + opt + ": expected the value as [N]" +
                                               (opt == "SO_LINGER" ? " or {l_onoff=N, l_linger=N}" : ""));
      return "";
    }
    auto show = [&](const std::vector<int64_t>& x) {
      return opt == "SO_LINGER" ? "{l_onoff=" + std::to_string(x[0]) + ", l_linger=" + std::to_string(x[1]) + "}"
                                : std::to_string(x[0]);
    };
    const std::vector<int64_t> want(v.numbers.begin(), v.numbers.begin() + static_cast<long>(actual.size()));
    // The scenario's sockets have no getsockopt of these options: the line is kept as a comment.
    emit("# " + at(start_) + "getsockopt(" + f.substr(2) + ", " + opt + ") = " + show(want) + kOnlyPkt, line_);
    if (want != actual) {
      out_.failures.push_back({Problem::Kind::Error, v.loc, "getsockopt(" + f.substr(2) + ", " + opt + ") expected: " +
                                                                show(want) + " vs actual: " + show(actual)});
    }
    return "";
  }

  static constexpr const char* kOnlyPkt = ": checked only by 'tcpsim pkt'";

  std::string lport() const { return connecting_ ? "40000" : bind_port_; }
  std::string rport() const { return connecting_ ? connect_port_ : "40000"; }

  const Script& s_;
  bool lenient_;
  Conversion out_;
  std::string local_ip_ = "192.168.0.1";  // packetdrill's defaults for IPv4 (Linux).
  std::string remote_ip_ = "192.0.2.1";
  std::string bind_port_ = "8080";
  std::string connect_port_ = "8080";
  Time now_ = 0;
  Time start_ = 0;
  uint32_t line_ = 0;        ///< The script line of the call being converted.
  uint32_t remote_isn_ = 0;
  bool connecting_ = false;  ///< The script connects (active open): the local port is 40000.
  bool listening_ = false;
  bool has_conn_ = false;    ///< The local side has a connection: inbound acks count from its ISS.
  std::map<int64_t, FdState> fds_;  ///< What the script did to each descriptor (getsockopt, poll).
  TcpConfig cfg_;            ///< The local host's settings (tcpsim's defaults, then the sysctl lines).
  int sockets_ = 0;          ///< Sockets the script has made so far (socket(), accept()).
};

}  // namespace

Conversion convert(const Script& script, bool lenient) { return Converter(script, lenient).run(); }

}  // namespace tcpsim::pkt
