// Ports and who holds them: bind(), listen() and Linux's rules for "Address already in use"
// (inet_csk_get_port(), inet_bind_conflict(); Linux 6.x). A port is held by every socket bound to it:
// a bound or listening socket, and every connection on it in any state but CLOSED, TIME-WAIT included
// (inet_twsk_hashdance() puts the TIME-WAIT socket in the port's bind bucket, with the SO_REUSEADDR
// flag of the socket it came from, tw_reuse).
#include "net/host.hpp"
#include "net/world.hpp"

namespace tcpsim {

namespace {
/// Linux inet_bind_conflict(), for one holder of the port (one address, no SO_REUSEPORT, no device
/// binding): sharing is allowed only when both sockets set SO_REUSEADDR and the holder is not
/// listening ("sk->sk_reuse && sk2->sk_reuse && sk2->sk_state != TCP_LISTEN").
bool conflicts(bool reuse, bool holder_reuse, bool holder_listening) {
  return !(reuse && holder_reuse && !holder_listening);
}
}  // namespace

bool Host::port_conflict(uint16_t port, bool reuse, uint32_t self) const {
  for (size_t i = 0; i < sockets_.size(); ++i) {
    const Socket& s = sockets_[i];
    // A connected socket whose port the program chose (bind(), `from PORT`, or a listener's that
    // accept() cloned) holds it until close(), even once its connection is CLOSED by a reset or a
    // timeout: Linux tcp_set_state(TCP_CLOSE) releases the port only without SOCK_BINDPORT_LOCK.
    if (i + 1 == self || s.closed || s.port != port) continue;
    if (conflicts(reuse, s.opts.reuseaddr, s.kind == Socket::Kind::Listener)) return true;
  }
  for (const auto& [tuple, id] : demux_) {
    // Every connection holds its local port until it is CLOSED: an accepted one inherits the
    // listener's (__inet_inherit_port()), TIME-WAIT keeps it for 2*MSL.
    if (tuple.local.port != port) continue;
    const Connection* c = conn(id);
    if (c && conflicts(reuse, c->options().reuseaddr, false)) return true;
  }
  return false;
}

uint32_t Host::bound_socket_for(uint16_t proc, uint16_t port, bool listening) const {
  const uint32_t bound = procs_[proc].bound;
  if (bound == 0) return 0;
  const Socket& s = sockets_[bound - 1];
  if (s.kind != Socket::Kind::Bound || s.closed) return 0;
  return s.port == 0 || (listening && s.port == port) ? bound : 0;
}

void Host::release_bound(Socket& s) {
  s.closed = true;
  if (auto it = bound_count_.find(s.port); it != bound_count_.end() && --it->second == 0) bound_count_.erase(it);
}

bool Host::do_socket(Pending& p, Time now) {
  // socket(): nothing on the wire and no port yet; setsockopt() and then bind() or listen() use it.
  Socket s;
  s.kind = Socket::Kind::Bound;
  s.name = p.action.as;
  s.opts = procs_[p.proc].next_opts;
  s.proc = p.proc;
  procs_[p.proc].next_opts = {};
  sockets_.push_back(std::move(s));
  const auto sid = static_cast<uint32_t>(sockets_.size());
  procs_[p.proc].bound = sid;
  call_socket_[p.call] = sid;
  p.socket = sid;
  return finish(p, fd_of(sid), Errno::None, now);
}

bool Host::do_bind(Pending& p, Time now) {
  const SocketCall& a = p.action;
  uint32_t sid = p.socket ? p.socket : bound_socket_for(p.proc, a.port, false);
  if (sid == 0) {
    // bind() without socket() first: a new socket, with the options set since the last one. If the
    // port is held the program gets -1 and the socket is never seen.
    SocketOptions& next_opts = procs_[p.proc].next_opts;
    if (port_conflict(a.port, next_opts.reuseaddr, 0)) return finish(p, -1, Errno::AddrInUse, now);
    Socket fresh;
    fresh.kind = Socket::Kind::Bound;
    fresh.opts = next_opts;
    fresh.proc = p.proc;
    next_opts = {};
    sockets_.push_back(std::move(fresh));
    sid = static_cast<uint32_t>(sockets_.size());
  }
  Socket* s = sock(sid);
  if (!s || s->closed) return finish(p, -1, Errno::BadFd, now);
  // Linux inet_bind(): a socket is bound once (EINVAL after that, or once it listens or connects).
  if (s->kind != Socket::Kind::Bound || s->port != 0) return finish(p, -1, Errno::Invalid, now);
  // inet_csk_get_port(): the bind fails at once if the port is held, as the rules above say.
  if (port_conflict(a.port, s->opts.reuseaddr, sid)) return finish(p, -1, Errno::AddrInUse, now);
  s->port = a.port;
  ++bound_count_[a.port];
  if (!a.as.empty()) s->name = a.as;
  procs_[p.proc].bound = sid;
  call_socket_[p.call] = sid;
  p.socket = sid;
  return finish(p, 0, Errno::None, now);
}

bool Host::do_listen(Pending& p, Time now) {
  const SocketCall& a = p.action;
  const uint32_t sid = p.socket ? p.socket : bound_socket_for(p.proc, a.port, true);
  if (sid == 0) {
    // listen() on a socket never bound: bind first, then listen (inet_csk_listen_start() takes the
    // port through get_port(), the same rules as bind()).
    SocketOptions& next_opts = procs_[p.proc].next_opts;
    if (port_conflict(a.port, next_opts.reuseaddr, 0)) return finish(p, -1, Errno::AddrInUse, now);
    Socket s;
    s.kind = Socket::Kind::Listener;
    s.port = a.port;
    s.opts = next_opts;
    s.proc = p.proc;
    next_opts = {};
    sockets_.push_back(std::move(s));
    return start_listening(p, static_cast<uint32_t>(sockets_.size()), a.as, now);
  }
  Socket* s = sock(sid);
  if (!s || s->closed) return finish(p, -1, Errno::BadFd, now);
  if (s->kind == Socket::Kind::Listener && s->port == a.port) {
    // inet_listen() on a listening socket only sets its backlog again.
    s->backlog = a.backlog ? a.backlog : config_.backlog;
    return finish(p, 0, Errno::None, now);
  }
  if (s->kind != Socket::Kind::Bound || (s->port != 0 && s->port != a.port)) {
    // Linux inet_listen(): only an unconnected socket can listen (EINVAL otherwise); `listen PORT` on a
    // bound socket must name the port it is bound to.
    if (s->kind == Socket::Kind::Bound) {
      run_error(world_.trace().calls[p.call - 1].line, "listen " + std::to_string(a.port) +
                                                           ": the socket is bound to port " + std::to_string(s->port));
    }
    return finish(p, -1, Errno::Invalid, now);
  }
  // inet_csk_listen_start(): get_port() again, now as a listener; a bound socket sharing the port
  // with SO_REUSEADDR may listen, a second one then cannot.
  if (port_conflict(a.port, s->opts.reuseaddr, sid)) return finish(p, -1, Errno::AddrInUse, now);
  const std::string name = a.as.empty() ? s->name : a.as;
  release_bound(*s);
  s->closed = false;
  s->kind = Socket::Kind::Listener;
  s->port = a.port;
  return start_listening(p, sid, name, now);
}

bool Host::start_listening(Pending& p, uint32_t sid, const std::string& name, Time now) {
  const SocketCall& a = p.action;
  Socket& l = sockets_[sid - 1];
  l.backlog = a.backlog ? a.backlog : config_.backlog;
  ConnRecord rec;
  rec.node = id_;
  rec.tuple = {{ip_, a.port}, {0, 0}};
  rec.listener = true;
  rec.name = name;
  l.conn = world_.add_conn(rec);
  listeners_[a.port] = sid;
  procs_[p.proc].listener = sid;
  call_socket_[p.call] = sid;
  p.socket = sid;
  p.conn = l.conn;
  Event created{};
  created.type = EventType::ConnCreated;
  created.node = id_;
  created.conn = l.conn;
  world_.record(created);
  record_listener_state(l.conn, State::Closed, State::Listen, Rule::PassiveOpen);
  return finish(p, 0, Errno::None, now);
}

}  // namespace tcpsim
