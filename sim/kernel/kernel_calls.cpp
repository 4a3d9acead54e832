// The application side of a kernel-check run (runner_impl.hpp): each scenario call goes to its real
// program, over its control socket, or, for a host --real does not name, to tcpsim's simulated host in
// the same World. The thread rules are tcpsim's (scenario/runner.cpp): a subject's calls run one after
// another.
#include "kernel/mapping.hpp"
#include "kernel/runner_impl.hpp"
#include "net/host.hpp"

namespace tcpsim::kernel {

std::string Runner::thread_key(const CallAction& c) {
  const bool creates = c.kind == CallKind::Listen || c.kind == CallKind::Accept || c.kind == CallKind::Connect ||
                       c.kind == CallKind::Bind || c.kind == CallKind::Socket;
  return creates && !c.as.empty() ? c.as : c.subject;
}

void Runner::next_call(const std::string& key) {
  Thread& th = threads_[key];
  while (!th.busy && !th.queue.empty()) {
    const Action* a = th.queue.front();
    th.queue.pop_front();
    th.busy = issue(*a, std::get<CallAction>(a->what), key);
  }
}

/// The program of (host, proc), started if it is not running (a killed program's next call that makes
/// a socket starts a new one, as a service manager restarts a server).
Program* Runner::program(size_t host, uint16_t proc, std::string* why) {
  Real& r = reals_[host];
  Prog& p = r.progs[proc];
  if (!p.p && r.ns) {
    p.p = r.ns->spawn(why);
    p.killed = false;
  }
  return p.p.get();
}

/// Sends the call on its way; returns its id while it is on its way (0: it returned, or could not be made).
uint32_t Runner::issue(const Action& a, const CallAction& c, const std::string& key) {
  const Trace& t = world_.trace();
  size_t host = 0;
  uint16_t proc = 0;
  int fd = -1;
  uint32_t socket = 0;
  if (auto p = processes_.find(c.subject); p != processes_.end()) {
    host = p->second.first;
    proc = p->second.second;
  } else if (const NodeId node = t.node_by_name(c.subject); node != kNoNode && world_.is_host(node)) {
    host = host_index(node);
  } else if (auto it = names_.find(c.subject); it != names_.end()) {
    const Named& n = it->second;
    host = n.host;
    proc = n.proc;
    const Real& r = reals_[host];
    if (r.real) {
      if (r.progs[proc].incarnation != n.incarnation) {
        error(a.loc.line, "socket '" + c.subject + "' was lost when its program was killed or " +
                              t.nodes[r.node].name + " crashed");
        return 0;
      }
      fd = n.fd;
    } else {
      const Host& h = world_.host(r.node);
      if (h.incarnation() != n.incarnation || !h.up()) {
        error(a.loc.line, "socket '" + c.subject + "' was lost when " + h.name() + " crashed");
        return 0;
      }
      socket = h.socket_of_call(n.call);
    }
  } else {
    error(a.loc.line, "socket '" + c.subject + "' does not exist yet at " + format_duration(world_.now()));
    return 0;
  }
  const bool named = fd >= 0 || socket != 0;
  Real& r = reals_[host];
  if (!r.real) return issue_sim(a, c, key, host, proc, socket);
  if (!r.ns) {
    error(a.loc.line, t.nodes[r.node].name + " is down (it crashed) and cannot call " + call_name(c.kind) + "()");
    return 0;
  }
  Prog& p = r.progs[proc];
  if (p.killed) {
    const bool starts = !named && (c.kind == CallKind::Listen || c.kind == CallKind::Connect ||
                                   c.kind == CallKind::Bind || c.kind == CallKind::Socket ||
                                   c.kind == CallKind::SetSockOpt);
    if (!starts) {
      error(a.loc.line, "a killed program cannot call " + std::string(call_name(c.kind)) +
                            "(): its sockets are closed (a listen, connect, bind or socket call starts it again)");
      return 0;
    }
  }
  if (!named) {
    // Which socket a call naming only the process acts on (tcpsim's Host::default_socket(),
    // bound_socket_for()): listen, connect and bind take its socket from socket() or bind() if it has
    // one (listen: unbound or bound to the same port; bind: unbound); accept its listener; the rest
    // its newest socket.
    switch (c.kind) {
      case CallKind::Socket:
        break;
      case CallKind::Listen:
        if (p.bound >= 0 && (p.bound_port == 0 || p.bound_port == c.port)) fd = p.bound;
        break;
      case CallKind::Connect:
        fd = p.bound;
        break;
      case CallKind::Bind:
        if (p.bound >= 0 && p.bound_port == 0) fd = p.bound;
        break;
      case CallKind::Accept:
        fd = p.listener;
        break;
      default:
        fd = p.bound >= 0 ? p.bound : p.stream >= 0 ? p.stream : p.listener;
    }
  }
  return issue_real(a, c, key, host, proc, fd);
}

uint32_t Runner::issue_real(const Action& a, const CallAction& c, const std::string& key, size_t host, uint16_t proc,
                            int fd) {
  Trace& t = world_.trace();
  Real& r = reals_[host];
  std::string why;
  Program* program = this->program(host, proc, &why);
  if (!program) {
    error(a.loc.line, "cannot start a program on " + t.nodes[r.node].name + ": " + why);
    return 0;
  }
  Prog& p = r.progs[proc];
  if (p.closed.count(fd)) fd = -1;  // Closed before: EBADF, whatever number the kernel reused.
  CallRecord rec;
  rec.id = static_cast<uint32_t>(t.calls.size() + 1);
  rec.node = r.node;
  rec.conn = conn_of(host, proc, fd);
  rec.kind = c.kind;
  rec.subject = c.subject;
  rec.args = describe_call(c);
  rec.line = a.loc.line;
  rec.scheduled = a.at;
  rec.issued = world_.now();
  t.calls.push_back(rec);
  Event e{};
  e.type = EventType::AppCall;
  e.node = r.node;
  e.conn = rec.conn;
  e.ref = rec.id - 1;
  world_.record(e);
  Request q;
  q.id = rec.id;
  q.kind = static_cast<uint8_t>(c.kind);
  q.fd = fd;
  q.port = c.kind == CallKind::Connect ? c.peer_port : c.port;
  q.local_port = c.local_port;
  q.backlog = c.backlog ? c.backlog : r.config.backlog;
  if (c.kind == CallKind::Connect) {
    const NodeId peer = t.node_by_name(c.peer);
    if (peer != kNoNode) q.ip = t.nodes[peer].ip; else parse_ip(c.peer, &q.ip);
  } else {
    q.ip = t.nodes[r.node].ip;
  }
  if (c.kind == CallKind::Shutdown) q.sub = static_cast<uint8_t>(c.how);
  if ((c.kind == CallKind::Listen || c.kind == CallKind::Connect) && fd >= 0 && fd == p.bound) q.on = p.bound_port == 0;
  if (c.kind == CallKind::SetSockOpt) {
    q.sub = static_cast<uint8_t>(c.opt);
    q.on = c.on;
    q.value = c.opt == SockOpt::KeepCnt ? c.count : (c.duration + kSec - 1) / kSec;
  }
  if (c.kind == CallKind::Recv) {
    q.on = c.all;
    q.value = static_cast<int64_t>(c.max);
  }
  if (c.kind == CallKind::Send) q.value = static_cast<int64_t>(c.bulk);
  inflight_[rec.id] = {host, proc, p.incarnation, key, c.kind, c.as, fd, c.port, rec.issued};
  Thread& th = threads_[key];
  th.host = host;
  th.proc = proc;
  program->send(q, c.has_text ? c.text : "");
  return rec.id;
}

/// A call of a simulated host (one --real does not name): tcpsim's Host takes it, as in `tcpsim run`.
uint32_t Runner::issue_sim(const Action& a, const CallAction& c, const std::string& key, size_t host, uint16_t proc,
                           uint32_t socket) {
  Host& h = world_.host(reals_[host].node);
  if (!h.up()) {
    error(a.loc.line, h.name() + " is down (it crashed) and cannot call " + call_name(c.kind) + "()");
    return 0;
  }
  if (!h.process_alive(proc)) h.revive(proc);
  const uint32_t call = h.call(c, socket, c.subject, a.loc.line, world_.now(), a.at, proc);
  if (!c.as.empty()) names_[c.as] = {host, proc, h.incarnation(), -1, call, h.process_incarnation(proc)};
  Thread& th = threads_[key];
  th.host = host;
  th.proc = socket ? h.socket_process(socket) : proc;
  if (world_.trace().calls.at(call - 1).returned >= 0) return 0;
  sim_thread_[call] = key;
  return call;
}

void Runner::sim_done(uint32_t call) {
  auto it = sim_thread_.find(call);
  if (it == sim_thread_.end()) return;
  const std::string key = it->second;
  sim_thread_.erase(it);
  Thread& th = threads_[key];
  if (th.busy == call) th.busy = 0;
  next_call(key);
}

uint32_t Runner::conn_of(size_t host, uint16_t proc, int fd) {
  Prog& p = reals_[host].progs[proc];
  if (auto it = p.fd_conn.find(fd); it != p.fd_conn.end()) return it->second;
  auto t = p.fd_tuple.find(fd);
  if (t == p.fd_tuple.end()) return 0;
  auto c = reals_[host].conns.find(t->second);
  if (c == reals_[host].conns.end()) return 0;
  p.fd_conn[fd] = c->second;  // Its connection from now on, even if the tuple is used again.
  return c->second;
}

void Runner::read_reply(size_t i, uint16_t proc) {
  Real& r = reals_[i];
  Prog& p = r.progs[proc];
  Reply rep;
  std::string data;
  if (!p.p->receive(&rep, &data)) return;
  auto it = inflight_.find(rep.id);
  if (it == inflight_.end()) return;
  const InFlight f = it->second;
  inflight_.erase(it);
  world_.advance_to(std::max(rep.t_ns - t0_, world_.now()));
  if (rep.fd >= 0) {
    p.closed.erase(rep.fd);
    if (f.kind == CallKind::Listen) p.listener = rep.fd;
    if (f.kind == CallKind::Accept || f.kind == CallKind::Connect) p.stream = rep.fd;
    if (f.kind == CallKind::Socket || f.kind == CallKind::Bind) p.bound = rep.fd, p.bound_port = 0;
    if (f.kind == CallKind::Bind && rep.ret == 0) p.bound_port = f.port;
    if ((f.kind == CallKind::Listen || f.kind == CallKind::Connect) && rep.fd == p.bound) p.bound = -1, p.bound_port = 0;
    if (!f.as.empty()) names_[f.as] = {i, proc, p.incarnation, rep.fd, 0, 0};
    if (f.kind == CallKind::Accept || f.kind == CallKind::Connect) {
      p.fd_tuple[rep.fd] = {{rep.local_ip, rep.local_port}, {rep.remote_ip, rep.remote_port}};
      p.fd_conn.erase(rep.fd);
    }
    if (f.kind == CallKind::Connect && conn_of(i, proc, rep.fd) == 0) {
      // A refused or timed-out connect() has let its address go (getsockname() no longer names it):
      // its connection is the first this host opened toward that peer since the call.
      const Trace& t = world_.trace();
      for (size_t k = t.conns.size(); k-- > 0;) {
        const ConnRecord c = t.conns[k];
        if (c.created < f.issued) break;
        if (c.node == r.node && !c.passive && !c.listener && c.tuple.remote == Endpoint{rep.remote_ip, rep.remote_port}) {
          p.fd_conn[rep.fd] = c.id;
        }
      }
    }
  }
  if ((f.kind == CallKind::Close || f.kind == CallKind::Abort) && f.fd >= 0) {
    p.closed.insert(f.fd);
    if (f.fd == p.bound) p.bound = -1, p.bound_port = 0;
  }
  Trace& t = world_.trace();
  const int fd = rep.fd >= 0 ? rep.fd : f.fd;
  const uint32_t conn = conn_of(i, proc, fd);
  if (!f.as.empty() && conn) {
    // The connection gets the socket's name (`as NAME`) once the call that made it returns, as in tcpsim.
    ConnLearned l = t.learned(conn);
    l.event = static_cast<uint32_t>(t.events.size());
    l.name = f.as;
    t.conns.amend(conn - 1, l);
  }
  const Time returned = world_.now();
  const bool blocked = returned - f.issued > ms(1);
  const uint64_t moved =
      rep.ret > 0 && (f.kind == CallKind::Send || f.kind == CallKind::Recv) ? static_cast<uint64_t>(rep.ret) : 0;
  // A send() that fails with EPIPE raises SIGPIPE (tcp_sendmsg() -> sk_stream_error()); the program
  // sends with MSG_NOSIGNAL so it lives on, and the trace records the signal as tcpsim does.
  const bool sigpipe = f.kind == CallKind::Send && static_cast<Errno>(rep.err) == Errno::BrokenPipe;
  t.calls.amend(rep.id - 1, CallReturn{conn, returned, rep.ret, static_cast<Errno>(rep.err), sigpipe, blocked, data,
                                       moved, false});
  Event e{};
  e.type = EventType::AppReturn;
  e.node = r.node;
  e.conn = conn;
  e.ref = rep.id - 1;
  world_.record(e);
  r.changed = true;  // What the call did (connect() -> ESTABLISHED, close() -> FIN-WAIT-1 or gone).
  Thread& th = threads_[f.thread];
  if (th.busy == rep.id) th.busy = 0;
  next_call(f.thread);
}

}  // namespace tcpsim::kernel
