// The socket API as an application on Linux sees it: blocking calls, errno values, one-shot errors.
// Each call is a Pending record stepped now and again whenever its socket's connection reports
// something; it completes exactly once.
#include <algorithm>

#include "net/host.hpp"
#include "net/world.hpp"
#include "util/inline.hpp"
#include "util/text.hpp"

namespace tcpsim {

namespace {
constexpr uint64_t kDefaultRecv = 65536;
constexpr size_t kKeepBytes = 4096;  // bytes of a recv result kept in the trace
}  // namespace

void Host::run_error(uint32_t line, const std::string& message) { world_.trace().errors.push_back({line, message}); }

Host::Socket* Host::no_socket(Pending& p, const char* missing, Time now) {
  if (!sock(p.socket)) {
    // The scenario asked a host with no socket at all: a mistake in the file, reported as such.
    const CallRecord& c = world_.trace().calls[p.call - 1];
    run_error(c.line, "'" + c.subject + "' has no socket " + missing);
    finish(p, -1, Errno::BadFd, now);
    return nullptr;
  }
  finish(p, -1, Errno::BadFd, now);  // A descriptor the application already closed.
  return nullptr;
}

uint32_t Host::default_socket(uint16_t proc, CallKind kind) const {
  const Process& pr = procs_[proc];
  switch (kind) {
    case CallKind::Listen:
    case CallKind::Connect:
    case CallKind::Bind:
    case CallKind::Socket:
      return 0;  // These create a socket (bind, listen may take the host's newest one: bound_socket_for()).
    case CallKind::Accept:
      return pr.listener;
    default: {
      // The process's newest socket: a bound (or not yet bound) one made after its latest connection.
      const uint32_t current = pr.stream ? pr.stream : pr.listener;
      return pr.bound > std::max(pr.stream, pr.listener) ? pr.bound : current;
    }
  }
}

uint32_t Host::socket_of_call(uint32_t call) const {
  auto it = call_socket_.find(call);
  return it == call_socket_.end() ? 0 : it->second;
}

uint32_t Host::call(const SocketCall& action, uint32_t socket, const std::string& subject, uint32_t line, Time now,
                    Time scheduled, uint16_t proc) {
  Trace& tr = world_.trace();
  CallRecord rec;
  rec.scheduled = scheduled;
  rec.id = static_cast<uint32_t>(tr.calls.size() + 1);
  rec.node = id_;
  rec.kind = action.kind;
  rec.subject = subject;
  rec.args = describe_call(action);
  rec.line = line;
  rec.issued = now;
  Pending p;
  p.call = rec.id;
  // A call on a named socket is made by the process that owns it.
  p.proc = socket ? socket_process(socket) : proc;
  p.socket = socket ? socket : default_socket(p.proc, action.kind);
  if (Socket* s = sock(p.socket); !socket && action.kind == CallKind::SetSockOpt && s && s->closed) {
    // The host's program closed its socket; its next setsockopt() is on the socket it makes next, as
    // a restarted server sets SO_REUSEADDR before it binds again.
    p.socket = 0;
  }
  p.action = action;
  if (Socket* s = sock(p.socket); s && s->kind == Socket::Kind::Stream) rec.conn = s->conn;
  p.conn = rec.conn;
  tr.calls.push_back(rec);
  Event e{};
  e.type = EventType::AppCall;
  e.node = id_;
  e.conn = rec.conn;
  e.ref = rec.id - 1;
  world_.record(e);
  if (!step(p, now)) {
    p.blocked = true;
    if (Socket* s = sock(p.socket)) {
      s->waiting[static_cast<size_t>(p.action.kind)].push_back(p.call);
      s->waiting_kinds |= 1u << static_cast<unsigned>(p.action.kind);
    }
    pending_.put(std::move(p));
  }
  return rec.id;
}

void Host::wake(uint32_t socket, Time now) {
  if (waking_) {
    wake_queue_.push_back(socket);  // The outer loop will get to it.
    return;
  }
  waking_ = true;
  const auto wake_calls = [&](uint32_t sid) {
    // Blocked calls of one kind complete in the order they were made: stop at the first that must
    // keep waiting. (Steps never add to a waiting list.)
    for (uint32_t kinds = sockets_[sid - 1].waiting_kinds; kinds != 0; kinds &= kinds - 1) {
      const auto k = static_cast<size_t>(__builtin_ctz(kinds));
      while (sock(sid) && !sockets_[sid - 1].waiting[k].empty()) {
        const uint32_t c = sockets_[sid - 1].waiting[k].front();
        // A send() asleep for space is not stepped only to sleep again (Linux wakes it from
        // sk_stream_write_space() alone): the cheap check first.
        if (Pending* p = pending_.find(c); p && (send_sleeps(*p) || !step(*p, now))) break;
        pending_.erase(c);
        if (Socket* s = sock(sid)) {
          s->waiting[k].pop_front();
          if (s->waiting[k].empty()) s->waiting_kinds &= ~(1u << k);
        }
      }
    }
  };
  // `socket` first, then the sockets woken meanwhile, in turn (the queue is empty when nobody wakes).
  uint32_t sid = socket;
  for (;;) {
    if (sock(sid)) wake_calls(sid);
    if (wake_queue_.empty()) break;
    sid = wake_queue_.front();
    wake_queue_.pop_front();
  }
  waking_ = false;
}

void Host::settle_blocked_calls() {
  for (uint32_t id : pending_.ids()) {
    const Pending& p = *pending_.find(id);
    world_.trace().calls.amend(id - 1, CallReturn{p.conn, -1, 0, Errno::None, false, p.blocked, p.data, p.done});
  }
}

void Host::name_conn(uint32_t conn, const std::string& name) {
  Trace& tr = world_.trace();
  ConnLearned l = tr.learned(conn);
  l.name = name;
  tr.conns.amend(conn - 1, l);
}

bool Host::finish(Pending& p, int64_t ret, Errno err, Time now, bool sigpipe) {
  Trace& tr = world_.trace();
  tr.calls.amend(p.call - 1, CallReturn{p.conn, now, ret, err, sigpipe, p.blocked, std::move(p.data), p.done});
  Event e{};
  e.type = EventType::AppReturn;
  e.node = id_;
  e.conn = p.conn;
  e.ref = p.call - 1;
  world_.record(e);
  // The caller's thread goes on with its next call right after this one, at the same time.
  if (call_done_) world_.at(now, [fn = call_done_, id = p.call] { fn(id); });
  return true;
}

bool Host::step(Pending& p, Time now) {
  switch (p.action.kind) {
    case CallKind::Listen: return do_listen(p, now);
    case CallKind::Accept: return do_accept(p, now);
    case CallKind::Connect: return do_connect(p, now);
    case CallKind::Send: return do_send(p, now);
    case CallKind::Recv: return do_recv(p, now);
    case CallKind::Shutdown: return do_shutdown(p, now);
    case CallKind::Close: return do_close(p, now);
    case CallKind::Abort: return do_abort(p, now);
    case CallKind::SetSockOpt: return do_setsockopt(p, now);
    case CallKind::Bind: return do_bind(p, now);
    case CallKind::Socket: return do_socket(p, now);
    case CallKind::GetSockOpt: return do_getsockopt(p, now);
  }
  return true;
}

bool Host::do_accept(Pending& p, Time now) {
  Socket* l = sock(p.socket);
  if (!l || l->kind != Socket::Kind::Listener || l->closed) {
    // Linux accept() on a socket that is not listening: EINVAL.
    return finish(p, -1, l && l->closed ? Errno::BadFd : Errno::Invalid, now);
  }
  // Blocks until a handshake completes; with O_NONBLOCK, inet_csk_accept() -> EAGAIN (timeo 0).
  if (l->accept_queue.empty()) return nonblocking(p) && would_block(p, now);
  const uint32_t conn = l->accept_queue.front();
  l->accept_queue.pop_front();
  const SocketOptions inherited = this->conn(conn)->options();  // cloned when the handshake completed
  embryo_listener_.erase(conn);
  Socket s;
  s.kind = Socket::Kind::Stream;
  s.conn = conn;
  s.opts = inherited;
  s.port = l->port;  // sk_clone_lock() copies the listener's SOCK_BINDPORT_LOCK with the port
  s.proc = p.proc;  // The process that called accept() gets the descriptor.
  s.opts.nonblock = false;  // O_NONBLOCK is the file's, not inherited (only accept4(SOCK_NONBLOCK) sets it)
  s.link = Socket::Link::Connected;
  sockets_.push_back(std::move(s));
  const auto sid = static_cast<uint32_t>(sockets_.size());
  set_conn_socket(conn, sid);
  procs_[p.proc].stream = sid;
  call_socket_[p.call] = sid;
  p.conn = conn;
  if (!p.action.as.empty()) name_conn(conn, p.action.as);
  return finish(p, fd_of(sid), Errno::None, now);
}

bool Host::do_connect(Pending& p, Time now) {
  const SocketCall& a = p.action;
  Trace& tr = world_.trace();
  if (p.result_socket == 0) {
    if (Socket* s = sock(p.socket);
        s && s->kind == Socket::Kind::Stream && !s->closed && s->link != Socket::Link::Unconnected) {
      return connect_again(p, *s, now);
    }
    // Linux __inet_stream_connect(): on a socket whose sk_state is not TCP_CLOSE (a listener), EISCONN.
    if (const Socket* s = sock(p.socket); s && s->kind == Socket::Kind::Listener && !s->closed) {
      return finish(p, -1, Errno::IsConn, now);
    }
    uint32_t peer_ip = 0;
    if (NodeId n = tr.node_by_name(a.peer); n != kNoNode) {
      peer_ip = tr.nodes[n].ip;
    } else if (!parse_ip(a.peer, &peer_ip)) {
      run_error(tr.calls[p.call - 1].line, "connect: unknown host '" + a.peer + "'");
      return finish(p, -1, Errno::Invalid, now);
    }
    // connect() on a socket made by socket() or bind() (by name, or the host's latest): that socket,
    // its port and its options, as inet_hash_connect() keeps a bound port. Or on a named socket whose
    // connect() failed: tcp_disconnect() left it unconnected, and connect() tries again from it.
    Process& pr = procs_[p.proc];
    const uint32_t bound_sid = p.socket ? p.socket : pr.bound;
    Socket* bound = bound_sid ? sock(bound_sid) : nullptr;
    const bool retry = bound && !bound->closed && bound->kind == Socket::Kind::Stream &&
                       bound->link == Socket::Link::Unconnected;
    if (bound && ((bound->kind != Socket::Kind::Bound && !retry) || bound->closed)) bound = nullptr;
    // A port the program chose stays the socket's across a failed connect() (binding.cpp).
    const uint16_t bound_port = bound ? bound->port : 0;
    const uint16_t local = bound_port ? bound_port : a.local_port;
    const uint16_t port = local ? local : ephemeral_port(peer_ip, a.peer_port);
    // Linux inet_hash_connect(): no free ephemeral port is EADDRNOTAVAIL.
    if (port == 0) return finish(p, -1, Errno::AddrNotAvail, now);
    const FourTuple tuple{{source_ip(peer_ip), port}, {peer_ip, a.peer_port}};
    // `from PORT` is bind() before connect(): the port must be free by bind()'s rules (binding.cpp).
    if (local && !bound_port && port_conflict(port, pr.next_opts.reuseaddr, 0)) return finish(p, -1, Errno::AddrInUse, now);
    // __inet_check_established(): the same four-tuple is taken (a connection, or TIME-WAIT, which
    // tcp_twsk_unique() recycles only with TCP timestamps, not modelled): EADDRNOTAVAIL.
    if (demux_.count(tuple)) return finish(p, -1, Errno::AddrNotAvail, now);
    const uint32_t conn = new_connection(tuple, false);
    const std::string retry_name = retry ? tr.conns[bound->conn - 1].name : std::string();
    uint32_t sid = 0;
    if (bound) {
      // The bound socket becomes the connected one; its port is now held by the connection.
      if (retry) {
        set_conn_socket(bound->conn, 0);
      } else {
        release_bound(*bound);
      }
      bound->closed = false;
      bound->kind = Socket::Kind::Stream;
      bound->conn = conn;
      bound->port = local;
      sid = bound_sid;
      if (pr.bound == sid) pr.bound = 0;
    } else {
      Socket s;
      s.kind = Socket::Kind::Stream;
      s.opts = pr.next_opts;
      s.proc = p.proc;
      pr.next_opts = {};
      s.conn = conn;
      s.port = local;  // `from PORT`, or 0: an ephemeral port goes with the connection
      sockets_.push_back(std::move(s));
      sid = static_cast<uint32_t>(sockets_.size());
    }
    const std::string name = !a.as.empty() ? a.as : retry ? retry_name : bound ? bound->name : std::string();
    set_conn_socket(conn, sid);
    pr.stream = sid;
    call_socket_[p.call] = sid;
    p.socket = sid;
    p.result_socket = sid;
    p.conn = conn;
    if (!name.empty()) name_conn(conn, name);
    sockets_[sid - 1].link = Socket::Link::Connecting;  // SS_CONNECTING
    Connection& c = *this->conn(conn);
    out_.clear();
    c.set_options(sockets_[sid - 1].opts, now, out_);
    c.open_active(now, out_);
    apply(conn, out_, 0, now);
    // O_NONBLOCK: tcp_v4_connect() sent the SYN; inet_stream_connect() with timeo 0 returns EINPROGRESS
    // while the handshake goes on.
    if (nonblocking(p) && handshaking(c.state())) return finish(p, -1, Errno::InProgress, now);
  }
  Connection* c = stream_conn(p.result_socket);
  if (!c) return finish(p, -1, Errno::BadFd, now);
  Socket::Link& link = sockets_[p.result_socket - 1].link;
  if (is_synchronized(c->state())) {
    link = Socket::Link::Connected;
    return finish(p, 0, Errno::None, now);
  }
  if (c->state() == State::Closed || c->pending_error() != Errno::None) {
    // __inet_stream_connect() "sock_error: err = sock_error(sk) ? : -ECONNABORTED", SS_UNCONNECTED.
    link = Socket::Link::Unconnected;
    const Errno e = c->take_error();
    if (e != Errno::None) return finish(p, -1, e, now);
    if (c->state() == State::Closed) return finish(p, -1, Errno::ConnAborted, now);
  }
  return false;  // Blocks until the handshake completes or fails.
}

bool Host::do_send(Pending& p, Time now) {
  const SocketCall& a = p.action;
  Trace& tr = world_.trace();
  const uint64_t total = a.has_text ? a.text.size() : a.bulk;
  if (!open_socket(p, "to send on yet: connect or accept first", now)) return true;
  Connection* c = stream_conn(p.socket);
  if (!c) return finish(p, -1, Errno::BrokenPipe, now, true);  // A listening socket cannot send.
  const State st = c->state();
  // Linux tcp_sendmsg(): wait for the handshake (sk_stream_wait_connect) ...
  if (handshaking(st)) {
    if (c->pending_error() != Errno::None) return finish(p, -1, c->take_error(), now);
    return nonblocking(p) && would_block(p, now);  // O_NONBLOCK: timeo 0, EAGAIN
  }
  // ... then "if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN)) goto do_error": the pending error
  // once (ECONNRESET), then EPIPE with SIGPIPE every time after (sk_stream_error()).
  if (!may_copy(*c)) {
    if (p.done > 0) return finish(p, static_cast<int64_t>(p.done), Errno::None, now);
    Errno e = c->take_error();
    if (e == Errno::None) e = Errno::BrokenPipe;
    return finish(p, -1, e, now, e == Errno::BrokenPipe);
  }
  if (p.nospace) {
    // Asleep for space (below): only the wake-up Linux gives lets it copy more.
    if (!send_space_wakes(*c)) return false;
    p.nospace = false;
  }
  if (c->send_space() > 0) {
    // Connection::send() takes what the buffer allows (sndbuf-autotune: as Linux's skbs fill); the
    // octets enter the trace's stream before the segments that carry them are recorded.
    out_.clear();
    const uint64_t n = c->send(total - p.done, now, out_);
    StreamStore& ss = tr.streams;
    if (a.has_text) {
      ss.append_literal(c->send_stream(), a.text.substr(p.done, n));
    } else {
      ss.append_generated(c->send_stream(), n);
    }
    p.done += n;
    apply(p.conn, out_, 0, now);
  }
  if (p.done == total) return finish(p, static_cast<int64_t>(total), Errno::None, now);
  // Linux tcp_sendmsg_locked(), wait_for_space: set_bit(SOCK_NOSPACE), blocking or not.
  c->set_nospace();
  // O_NONBLOCK: sk_stream_wait_memory() with timeo 0 is EAGAIN; tcp_sendmsg() returns what it copied.
  if (nonblocking(p)) return would_block(p, now);
  // The send buffer is full: Linux tcp_sendmsg() sets SOCK_NOSPACE and sleeps in
  // sk_stream_wait_memory() until ACKs free enough of it (send_space_wakes()), or an error or a
  // shutdown ends the call.
  p.nospace = true;
  return false;
}

bool Host::send_sleeps(const Pending& p) const {
  // What do_send() checks before it looks at the space, in its order, without finishing anything.
  if (!p.nospace || p.socket == 0 || p.socket > sockets_.size()) return false;
  const Socket& s = sockets_[p.socket - 1];
  if (s.closed || s.kind != Socket::Kind::Stream) return false;
  const Connection* c = conn(s.conn);
  return c && !handshaking(c->state()) && may_copy(*c) && !send_space_wakes(*c);
}

bool Host::send_space_wakes(const Connection& c) {
  // Linux tcp_ack() -> tcp_check_space(): with SOCK_NOSPACE set, tcp_new_space() calls
  // sk_stream_write_space(), which wakes the writer only when __sk_stream_is_writeable(). The connection
  // decides that on the ACK, after any sending it allowed (Connection::check_space()): the writer wakes
  // once SOCK_NOSPACE is cleared.
  return !c.nospace();
}

TCPSIM_UNIT_INLINE bool Host::do_recv(Pending& p, Time now) {
  const SocketCall& a = p.action;
  Trace& tr = world_.trace();
  Socket* s = open_socket(p, "to receive on yet: connect or accept first", now);
  if (!s) return true;
  Connection* c = stream_conn(p.socket);
  if (!c) return finish(p, -1, Errno::NotConn, now);  // recv() on a listening socket.
  const uint32_t conn = s->conn;
  const uint64_t max = a.max ? a.max : kDefaultRecv;
  const auto record_read = [&](uint64_t want) {
    std::vector<Payload> pieces;
    std::string& data = p.data;
    const bool keep = data.size() < kKeepBytes;
    out_.clear();
    const uint64_t n = c->read(want, now, out_, keep ? &pieces : nullptr);
    for (const Payload& piece : pieces) {
      if (data.size() >= kKeepBytes) break;
      tr.streams.copy(piece, data, kKeepBytes - data.size());
    }
    p.done += n;
    // A read that sent nothing (no window update) only changed what a snapshot shows.
    if (out_.actions.empty()) {
      world_.snapshot(conn, c);
    } else {
      apply(conn, out_, 0, now);
    }
    return n;
  };
  // Linux tcp_recvmsg(): queued data first; then SOCK_DONE (FIN) -> 0; then a pending error, once;
  // then RCV_SHUTDOWN -> 0.
  if (c->unread() > 0) {
    record_read(a.all ? UINT64_MAX : max);
    if (!a.all) return finish(p, static_cast<int64_t>(p.done), Errno::None, now);
  }
  const auto done_value = static_cast<int64_t>(a.all ? p.done : 0);
  if (c->fin_received()) return finish(p, done_value, Errno::None, now);
  if (c->pending_error() != Errno::None) {
    const Errno e = c->take_error();
    return finish(p, a.all ? done_value : -1, e, now);
  }
  if (c->rcv_shutdown()) return finish(p, done_value, Errno::None, now);
  if (c->state() == State::Closed) return finish(p, -1, Errno::NotConn, now);
  // O_NONBLOCK: "if (!timeo) { copied = -EAGAIN; break; }" (tcp_recvmsg_locked()), after the checks above.
  if (nonblocking(p)) return would_block(p, now);
  return false;  // Blocks until data, FIN or an error arrives.
}

bool Host::do_shutdown(Pending& p, Time now) {
  Socket* s = open_socket(p, "to shut down yet", now);
  if (!s) return true;
  Connection* c = stream_conn(p.socket);
  // inet_shutdown(): ENOTCONN once the connection is gone. A socket whose connection reached TIME-WAIT
  // counts as gone too: Linux hands TIME-WAIT to a separate mini-socket and closes the user's.
  if (!c || c->state() == State::Closed || c->state() == State::TimeWait) return finish(p, -1, Errno::NotConn, now);
  const uint32_t conn = s->conn;
  out_.clear();
  if (p.action.how != ShutdownHow::Write) c->shutdown_read();
  if (p.action.how != ShutdownHow::Read) c->shutdown_write(now, out_);
  apply(conn, out_, 0, now);
  wake(p.socket, now);  // A blocked recv now returns 0.
  return finish(p, 0, Errno::None, now);
}

void Host::close_listener(uint32_t socket, Time now) {
  Socket& l = sockets_[socket - 1];
  // Linux inet_csk_listen_stop(): the connections waiting in the accept queue are aborted (RST);
  // half-open ones (SYN-RECEIVED) just disappear.
  std::vector<uint32_t> queued(l.accept_queue.begin(), l.accept_queue.end());
  std::vector<uint32_t> embryos;
  for (const auto& [conn, listener] : embryo_listener_) {
    if (listener == socket && embryonic_.count(conn)) embryos.push_back(conn);
  }
  std::sort(embryos.begin(), embryos.end());  // a fixed order, whatever the hash table's
  for (uint32_t id : queued) {
    out_.clear();
    conn(id)->abort(now, out_, Rule::RstListenerClosed);
    apply(id, out_, 0, now);
  }
  for (uint32_t id : embryos) {
    out_.clear();
    conn(id)->drop(Rule::ListenerGone, out_);
    apply(id, out_, 0, now);
  }
  Socket& l2 = sockets_[socket - 1];
  l2.accept_queue.clear();
  l2.closed = true;
  listeners_.erase(l2.port);
  record_listener_state(l2.conn, State::Listen, State::Closed, Rule::CloseNothingSent);
  wake(socket, now);  // A blocked accept() fails.
}

bool Host::do_close(Pending& p, Time now) {
  Socket* s = sock(p.socket);
  if (p.deadline >= 0) {
    // close() with SO_LINGER {on, N}: wait until our FIN is acknowledged, or N has passed.
    Connection* c = conn(s->conn);
    const State st = c->state();
    if (!fin_unacked(st) || now >= p.deadline) return finish(p, 0, Errno::None, now);
    return false;
  }
  if (!open_socket(p, "to close", now)) return true;
  if (s->kind == Socket::Kind::Listener) {
    close_listener(p.socket, now);
    return finish(p, 0, Errno::None, now);
  }
  if (s->kind == Socket::Kind::Bound) {
    release_bound(*s);
    return finish(p, 0, Errno::None, now);
  }
  s->closed = true;
  const uint32_t conn = s->conn;
  const SocketOptions opts = s->opts;
  Connection& c = *this->conn(conn);
  out_.clear();
  c.close(now, out_);
  apply(conn, out_, 0, now);
  const State st = c.state();
  if (opts.linger && opts.linger_time > 0 && fin_unacked(st)) {
    p.deadline = now + opts.linger_time;
    const uint32_t sid = p.socket;
    world_.at(p.deadline, [this, sid, when = p.deadline] { wake(sid, when); });
    return false;
  }
  return finish(p, 0, Errno::None, now);
}

bool Host::do_abort(Pending& p, Time now) {
  Socket* s = open_socket(p, "to abort", now);
  if (!s) return true;
  if (s->kind == Socket::Kind::Listener) {
    close_listener(p.socket, now);
    return finish(p, 0, Errno::None, now);
  }
  if (s->kind == Socket::Kind::Bound) {
    release_bound(*s);
    return finish(p, 0, Errno::None, now);
  }
  s->closed = true;
  const uint32_t conn = s->conn;
  out_.clear();
  this->conn(conn)->abort(now, out_);
  apply(conn, out_, 0, now);
  return finish(p, 0, Errno::None, now);
}

bool Host::do_setsockopt(Pending& p, Time now) {
  const SocketCall& a = p.action;
  Socket* s = sock(p.socket);
  if (s && s->closed) return finish(p, -1, Errno::BadFd, now);
  SocketOptions& o = s ? s->opts : procs_[p.proc].next_opts;
  switch (a.opt) {
    case SockOpt::Linger:
      o.linger = a.on;
      o.linger_time = a.on ? a.duration : 0;
      break;
    case SockOpt::Keepalive: o.keepalive = a.on; break;
    case SockOpt::KeepIdle: o.keepidle = a.duration; break;
    case SockOpt::KeepIntvl: o.keepintvl = a.duration; break;
    case SockOpt::KeepCnt: o.keepcnt = a.count; break;
    case SockOpt::ReuseAddr: o.reuseaddr = a.on; break;
    case SockOpt::NonBlock: o.nonblock = a.on; break;
  }
  if (s && s->kind == Socket::Kind::Stream) {
    const uint32_t conn = s->conn;
    out_.clear();
    this->conn(conn)->set_options(o, now, out_);
    apply(conn, out_, 0, now);
  }
  return finish(p, 0, Errno::None, now);
}

}  // namespace tcpsim
