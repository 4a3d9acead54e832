// Non-blocking sockets (O_NONBLOCK) and SO_ERROR, as Linux gives them: a call that would sleep returns
// at once (connect: EINPROGRESS, the others: EAGAIN, or the bytes moved so far), and the error of a
// connection nobody was waiting on is read, and cleared, with getsockopt(SO_ERROR).
#include "net/host.hpp"
#include "net/world.hpp"

namespace tcpsim {

bool Host::would_block(Pending& p, Time now) {
  // The sleeping helpers with timeo 0 (sk_stream_wait_connect(), sk_stream_wait_memory(),
  // tcp_recvmsg_locked(), inet_csk_accept()) give -EAGAIN; tcp_sendmsg() and tcp_recvmsg() return the
  // bytes they already moved instead, if any.
  if (p.done > 0) return finish(p, static_cast<int64_t>(p.done), Errno::None, now);
  return finish(p, -1, Errno::WouldBlock, now);
}

bool Host::connect_again(Pending& p, Socket& s, Time now) {
  // Linux __inet_stream_connect(), switch (sock->state): SS_CONNECTED -> EISCONN. SS_CONNECTING (an
  // earlier non-blocking connect() returned EINPROGRESS) -> EALREADY while the handshake goes on;
  // once it has ended, this call reports how: 0 (the socket is now SS_CONNECTED, so the next connect()
  // gets EISCONN), or the pending error (sock_error(), else ECONNABORTED).
  if (s.link == Socket::Link::Connected) return finish(p, -1, Errno::IsConn, now);
  p.result_socket = p.socket;
  call_socket_[p.call] = p.socket;
  p.conn = s.conn;
  const Connection* c = conn(s.conn);
  if (c && handshaking(c->state()) && nonblocking(p)) return finish(p, -1, Errno::Already, now);
  return do_connect(p, now);  // p.result_socket is set: the end of the handshake, or wait for it
}

bool Host::do_getsockopt(Pending& p, Time now) {
  if (!open_socket(p, "to read SO_ERROR from yet: connect, accept, listen or socket first", now)) return true;
  // Linux sk_getsockopt(SO_ERROR): "v.val = -sock_error(sk)", and sock_error() clears sk_err as it
  // reads it: the pending error once, then 0. getsockopt() itself returns 0; the trace keeps the value
  // read as the call's errno.
  Connection* c = stream_conn(p.socket);
  const Errno e = c ? c->take_error() : Errno::None;
  return finish(p, 0, e, now);
}

}  // namespace tcpsim
