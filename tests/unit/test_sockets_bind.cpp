// "Address already in use": which sockets and connections hold a port, and when bind() or listen()
// may share it (Linux 6.x inet_csk_get_port() / inet_bind_conflict()); bound-but-not-listening sockets.
#include "scenario_helpers.hpp"

#include <algorithm>

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {
// The server serves one request and closes first (the active close): its connection on port 80 goes
// to TIME-WAIT (2*MSL = 2 s here). Then the server "restarts": it closes its listener (line 12).
// Lines 13.. are each test's own.
const std::string kServedAndClosed = R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
set server msl 1s
at 0ms   server listen 80 as lst
at 0ms   client connect server:80
at 50ms  server accept as conn
at 60ms  client send "GET /"
at 100ms conn recv
at 110ms conn close
at 150ms client close
at 300ms lst close
)";

/// The server's accepted connection (the first passive one), or 0.
uint32_t first_accepted(const Trace& t) {
  for (const ConnRecord& c : t.conns) {
    if (c.passive && !c.listener) return c.id;
  }
  return 0;
}

/// The state of the server's accepted connection at time `at`.
std::string first_accepted_state(const Trace& t, Time at) {
  const uint32_t id = first_accepted(t);
  return id ? std::string(state_name(t.state_at(id, at))) : "none";
}
}  // namespace

TEST_CASE("TIME-WAIT holds the port: listen() on it -> EADDRINUSE without SO_REUSEADDR (Linux inet_bind_conflict())") {
  const Trace t = run_text(kServedAndClosed + "at 500ms server listen 80\n");
  const CallRecord& c = call_on_line(t, 13);
  CHECK(first_accepted_state(t, ms(500)) == "TIME-WAIT");
  CHECK(c.ret == -1);
  CHECK(c.err == Errno::AddrInUse);
  CHECK(describe_result(c) == "-1 EADDRINUSE (Address already in use)");
  const std::vector<std::string> tr = transitions_of(t, "server");
  CHECK(std::find(tr.begin(), tr.end(), "FIN-WAIT-2 -> TIME-WAIT (rcv-fin)") != tr.end());
  CHECK(std::count(tr.begin(), tr.end(), "CLOSED -> LISTEN (passive-open)") == 1);  // no second listener
}

TEST_CASE("TIME-WAIT holds the port: SO_REUSEADDR on the old and the new socket -> listen() works, a new client connects") {
  // inet_bind_conflict(): "sk->sk_reuse && sk2->sk_reuse && sk2->sk_state != TCP_LISTEN" shares the
  // port; the TIME-WAIT socket's flag is the one its socket had (tw_reuse), inherited from the listener.
  std::string text = kServedAndClosed + R"(at 500ms server setsockopt reuseaddr on
at 500ms server listen 80 as lst2
at 600ms client connect server:80 as again
at 650ms lst2 accept
)";
  text.replace(text.find("at 0ms   server listen 80 as lst"), 0, "at 0ms   server setsockopt reuseaddr on\n");
  const Trace t = run_text(text);
  CHECK(call_on_line(t, 14).args == "SO_REUSEADDR on");
  CHECK(call_on_line(t, 15).ret == 0);
  CHECK(call_on_line(t, 15).err == Errno::None);
  CHECK(call_on_line(t, 16).ret == 0);  // connect() reaches the new listener
  CHECK(call_on_line(t, 17).ret > 0);   // and accept() returns its connection
  // The old connection was still in TIME-WAIT when the new listener took the port.
  CHECK(first_accepted_state(t, ms(500)) == "TIME-WAIT");
}

TEST_CASE("TIME-WAIT holds the port: SO_REUSEADDR on the new socket only -> EADDRINUSE (Linux tw_reuse)") {
  const Trace t = run_text(kServedAndClosed + "at 500ms server setsockopt reuseaddr on\nat 500ms server listen 80\n");
  CHECK(call_on_line(t, 14).err == Errno::AddrInUse);
}

TEST_CASE("TIME-WAIT ended (2*MSL): listen() on the port works without SO_REUSEADDR") {
  const Trace t = run_text(kServedAndClosed + "at 3s server listen 80\n");
  CHECK(first_accepted_state(t, ms(3000)) == "CLOSED");
  CHECK(call_on_line(t, 13).ret == 0);
}

TEST_CASE("LISTEN holds the port: listen() -> EADDRINUSE even with SO_REUSEADDR on both (Linux inet_bind_conflict())") {
  const Trace t = run_text(R"(host server
at 0ms server setsockopt reuseaddr on
at 0ms server listen 80
at 1ms server socket
at 1ms server setsockopt reuseaddr on
at 1ms server listen 80
at 2ms server bind 80
)");
  CHECK(call_on_line(t, 3).ret == 0);
  CHECK(call_on_line(t, 4).ret == 4);  // socket() returns a descriptor: the listener has 3
  CHECK(call_on_line(t, 5).args == "SO_REUSEADDR on");
  CHECK(call_on_line(t, 6).err == Errno::AddrInUse);
  CHECK(call_on_line(t, 7).err == Errno::AddrInUse);
  CHECK(transitions_of(t, "server") == std::vector<std::string>{"CLOSED -> LISTEN (passive-open)"});
}

TEST_CASE("ESTABLISHED holds the port: listen() -> EADDRINUSE unless SO_REUSEADDR on both (Linux inet_bind_conflict())") {
  const std::string base = R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
at 0ms   server setsockopt reuseaddr REUSE
at 0ms   server listen 80 as lst
at 0ms   client connect server:80
at 50ms  server accept as conn
at 100ms lst close
at 200ms server socket
at 200ms server setsockopt reuseaddr on
at 200ms server listen 80
)";
  std::string without = base;
  without.replace(without.find("REUSE"), 5, "off");
  std::string with = base;
  with.replace(with.find("REUSE"), 5, "on");
  const Trace a = run_text(without);
  CHECK(first_accepted_state(a, ms(200)) == "ESTABLISHED");
  CHECK(call_on_line(a, 11).err == Errno::AddrInUse);
  const Trace b = run_text(with);
  CHECK(first_accepted_state(b, ms(200)) == "ESTABLISHED");
  CHECK(call_on_line(b, 11).ret == 0);
}

TEST_CASE("CLOSED (bound, not listening) rcv SYN -> RST, connect() ECONNREFUSED (RFC 9293 §3.10.7.1; no listener in Linux's lookup)") {
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
at 0ms   server bind 80 as s
at 10ms  client connect server:80
at 100ms s listen 80
at 110ms client connect server:80 as second
)");
  CHECK(call_on_line(t, 4).ret == 0);
  CHECK(call_on_line(t, 4).args == "80 as s");
  CHECK(call_on_line(t, 5).err == Errno::ConnRefused);
  const std::vector<std::string> server = sent_by(t, "server");
  REQUIRE_FALSE(server.empty());
  CHECK(server[0] == "RST+ACK seq=0 ack=1 win=0 [rst-no-connection]");
  // listen() on the bound socket's own port works, and the next SYN finds the listener.
  CHECK(call_on_line(t, 6).ret == 0);
  CHECK(call_on_line(t, 7).ret == 0);
  CHECK(t.conns[call_on_line(t, 6).conn - 1].name == "s");
}

TEST_CASE("bind() then listen() by the host: the listener is the bound socket (Linux inet_listen())") {
  const Trace t = run_text(R"(host server
at 0ms server bind 80
at 1ms server listen 80
at 2ms server bind 81
at 3ms server close
at 4ms server bind 81
)");
  CHECK(call_on_line(t, 3).ret == 0);  // no conflict with itself
  CHECK(call_on_line(t, 6).ret == 0);  // close() on a bound socket frees its port
}

TEST_CASE("bound sockets sharing a port: SO_REUSEADDR on both lets both bind, only one may listen (Linux inet_csk_listen_start())") {
  const Trace t = run_text(R"(host server
at 0ms server bind 80 as a
at 0ms server bind 80 as b
at 1ms server socket as c
at 1ms c setsockopt reuseaddr on
at 1ms c bind 81
at 1ms server socket as d
at 1ms d setsockopt reuseaddr on
at 1ms d bind 81
at 2ms c listen 81
at 3ms d listen 81
at 4ms d listen 82
at 5ms d bind 83
at 6ms c listen 81 backlog 5
at 7ms c listen 82
)");
  CHECK(call_on_line(t, 2).ret == 0);
  CHECK(call_on_line(t, 3).err == Errno::AddrInUse);  // neither set SO_REUSEADDR
  CHECK(call_on_line(t, 6).ret == 0);
  CHECK(call_on_line(t, 9).ret == 0);
  CHECK(call_on_line(t, 10).ret == 0);
  CHECK(call_on_line(t, 11).err == Errno::AddrInUse);  // a listener always conflicts
  CHECK(call_on_line(t, 12).err == Errno::Invalid);    // not the port it is bound to
  CHECK(call_on_line(t, 13).err == Errno::Invalid);    // inet_bind(): bound already
  CHECK(call_on_line(t, 14).ret == 0);                 // inet_listen() again: a new backlog
  CHECK(call_on_line(t, 15).err == Errno::Invalid);    // a listener cannot move to another port
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].line == 12);
  CHECK(t.errors[0].message == "listen 82: the socket is bound to port 81");
}

TEST_CASE("connect() from a port a listener holds -> EADDRINUSE (bind() before connect(), Linux inet_csk_get_port())") {
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
at 0ms client listen 4000
at 0ms server listen 80
at 1ms client connect server:80 from 4000
)");
  CHECK(call_on_line(t, 6).err == Errno::AddrInUse);
  CHECK(sent_by(t, "client").empty());
}

TEST_CASE("connect() from a port whose four-tuple is in TIME-WAIT -> EADDRNOTAVAIL, even with SO_REUSEADDR (Linux __inet_check_established())") {
  // The client closes first, so its end (port 5000) is in TIME-WAIT. bind() may share the port (both
  // set SO_REUSEADDR), but the same four-tuple is taken: tcp_twsk_unique() recycles it only with TCP
  // timestamps, which tcpsim does not model, so connect() gets EADDRNOTAVAIL, never EADDRINUSE.
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
set client msl 1s
at 0ms   server listen 80
at 0ms   client setsockopt reuseaddr on
at 0ms   client connect server:80 from 5000
at 50ms  server accept as conn
at 100ms client close
at 150ms conn close
at 500ms client setsockopt reuseaddr on
at 500ms client connect server:80 from 5000 as again
)");
  CHECK(call_on_line(t, 7).ret == 0);
  const CallRecord& c = call_on_line(t, 12);
  CHECK(c.ret == -1);
  CHECK(c.err == Errno::AddrNotAvail);
  CHECK(describe_result(c) == "-1 EADDRNOTAVAIL (Cannot assign requested address)");
  CHECK(sent_by(t, "client").size() == 4);  // SYN, ACK, FIN+ACK, ACK: no second SYN
}

TEST_CASE("connect() on a bound socket uses its port and its options (Linux inet_hash_connect())") {
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
at 0ms  server listen 80
at 0ms  client socket as s
at 0ms  client bind 5555 as b
at 1ms  b connect server:80
at 50ms server accept
)");
  CHECK(call_on_line(t, 6).ret == 0);
  CHECK(call_on_line(t, 7).ret == 0);
  REQUIRE_FALSE(t.segments.empty());
  CHECK(t.segments[0].seg.src.port == 5555);  // the SYN leaves from the bound port, not an ephemeral one
  CHECK(t.segments[0].seg.flags == kSyn);
  CHECK(t.conns[t.segments[0].conn - 1].name == "b");
}

TEST_CASE("ESTABLISHED rcv RST on a `connect ... from PORT` socket: the port stays held until close() (Linux tcp_set_state(TCP_CLOSE), SOCK_BINDPORT_LOCK)") {
  // tcp_set_state(sk, TCP_CLOSE) calls inet_put_port() only without SOCK_BINDPORT_LOCK, which bind()
  // to a chosen port sets: the reset connection's socket keeps port 5000 until the program closes it.
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
at 0ms   server listen 80
at 0ms   client connect server:80 from 5000 as c
at 50ms  server accept as conn
at 60ms  conn setsockopt linger 0s
at 60ms  conn close
at 200ms client listen 5000
at 300ms c close
at 400ms client listen 5000
)");
  CHECK(call_on_line(t, 5).ret == 0);
  CHECK(std::string(state_name(t.state_at(t.segments[0].conn, ms(150)))) == "CLOSED");  // reset at ~70 ms
  const CallRecord& held = call_on_line(t, 9);
  CHECK(held.ret == -1);
  CHECK(held.err == Errno::AddrInUse);
  CHECK(call_on_line(t, 10).ret == 0);
  const CallRecord& freed = call_on_line(t, 11);
  CHECK(freed.ret == 0);
  CHECK(freed.err == Errno::None);
}

TEST_CASE("SYN-SENT rcv RST (refused) on a `connect ... from PORT` socket: connect() again leaves from the same port (SOCK_BINDPORT_LOCK)") {
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
at 0ms   server listen 80
at 0ms   client connect server:81 from 5000 as c
at 100ms c connect server:80
)");
  CHECK(call_on_line(t, 5).err == Errno::ConnRefused);
  CHECK(call_on_line(t, 6).ret == 0);
  std::vector<uint16_t> syn_ports;
  for (const SegmentRecord& r : t.segments) {
    if (r.seg.flags == kSyn) syn_ports.push_back(r.seg.src.port);
  }
  CHECK(syn_ports == std::vector<uint16_t>{5000, 5000});
}
