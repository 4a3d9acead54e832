// Socket API results as an application sees them on Linux (run end to end through scenarios).
#include "scenario_helpers.hpp"

#include <algorithm>

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {
const char* kBase = R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms server listen 80
at 0ms client connect server:80
at 50ms server accept
)";
}

TEST_CASE("socket: recv after RST in ESTABLISHED returns ECONNRESET once, then 0") {
  const Trace t = run_text(std::string(kBase) + R"(at 100ms client send "req"
at 200ms server close
at 300ms client recv
at 310ms client recv
)");
  const CallRecord& first = call_on_line(t, 9);
  CHECK(first.ret == -1);
  CHECK(first.err == Errno::ConnReset);
  CHECK(describe_result(first) == "-1 ECONNRESET (Connection reset by peer)");
  const CallRecord& second = call_on_line(t, 10);
  CHECK(second.ret == 0);
  CHECK(second.err == Errno::None);
}

TEST_CASE("socket: first send after RST fails with ECONNRESET, later ones with EPIPE and SIGPIPE") {
  const Trace t = run_text(std::string(kBase) + R"(at 100ms client send "req"
at 200ms server close
at 300ms client send "a"
at 310ms client send "b"
at 320ms client send "c"
)");
  CHECK(call_on_line(t, 9).err == Errno::ConnReset);
  CHECK_FALSE(call_on_line(t, 9).sigpipe);
  CHECK(call_on_line(t, 10).err == Errno::BrokenPipe);
  CHECK(call_on_line(t, 10).sigpipe);
  CHECK(call_on_line(t, 11).err == Errno::BrokenPipe);
  CHECK(describe_result(call_on_line(t, 11)) == "-1 EPIPE (Broken pipe), SIGPIPE");
}

TEST_CASE("socket: data queued before an RST is still returned by recv, then the error") {
  const Trace t = run_text(std::string(kBase) + R"(at 60ms server setsockopt linger 0
at 100ms server send "hello"
at 101ms server close
at 300ms client recv
at 310ms client recv
)");
  CHECK(call_on_line(t, 10).ret == 5);
  CHECK(call_on_line(t, 10).data == "hello");
  CHECK(call_on_line(t, 11).err == Errno::ConnReset);
}

TEST_CASE("socket: after a FIN, recv returns 0 and never ECONNRESET") {
  // The server closes politely; then the client writes, the orphaned server resets (data after close),
  // and the RST lands in CLOSE-WAIT: recv still says 0 (SOCK_DONE), send says EPIPE.
  const Trace t = run_text(std::string(kBase) + R"(at 100ms server close
at 200ms client send "x"
at 300ms client recv
at 310ms client send "y"
)");
  CHECK(call_on_line(t, 8).ret == 1);
  CHECK(call_on_line(t, 9).ret == 0);
  CHECK(call_on_line(t, 9).err == Errno::None);
  CHECK(call_on_line(t, 10).err == Errno::BrokenPipe);
}

TEST_CASE("socket: RST in CLOSE-WAIT is reported as EPIPE") {
  const Trace t = run_text(std::string(kBase) + R"(at 100ms server close
at 200ms client send "x"
at 300ms client send "y"
)");
  const CallRecord& c = call_on_line(t, 9);
  CHECK(c.err == Errno::BrokenPipe);
  CHECK(c.sigpipe);
  CHECK(sent_by(t, "server").back() == "RST seq=2 win=0 [rst-data-after-close]");
}

TEST_CASE("socket: connect to a closed port fails with ECONNREFUSED") {
  const Trace t = run_text(R"(host client
host server
link client server delay 20ms
at 0ms client connect server:81
)");
  const CallRecord& c = call_on_line(t, 4);
  CHECK(c.err == Errno::ConnRefused);
  CHECK(c.returned == ms(40));
  CHECK(describe_result(c) == "-1 ECONNREFUSED (Connection refused)");
}

TEST_CASE("socket: connect times out with ETIMEDOUT after syn-retries") {
  const Trace t = run_text(R"(host client
host server
link client server delay 20ms
set client syn-retries 2
at 0ms server crash
at 0ms client connect server:80
)");
  const CallRecord& c = call_on_line(t, 6);
  CHECK(c.err == Errno::TimedOut);
  CHECK(c.returned == sec(7));  // SYNs at 0, 1 s and 3 s; the timer after 4 s more gives up.
  CHECK(sent_by(t, "client").size() == 3);
}

TEST_CASE("socket: recv on a connecting socket blocks until data arrives") {
  const Trace t = run_text(R"(host client
host server
link client server delay 20ms
at 0ms server listen 80
at 0ms client connect server:80 as c
at 0ms c recv
at 0ms server accept
at 100ms server send "hi"
)");
  const CallRecord& r = call_on_line(t, 6);
  CHECK(r.blocked);
  CHECK(r.issued == ms(40));      // After connect returned: the socket's thread was busy until then.
  CHECK(r.returned == ms(120));
  CHECK(r.data == "hi");
}

TEST_CASE("socket: calls of one subject run one at a time, like a program") {
  const Trace t = run_text(R"(host client
host server
link client server delay 20ms
at 0ms server listen 80
at 0ms server accept
at 0ms server recv
at 0ms client connect server:80
at 10ms client send "x"
)");
  const CallRecord& recv = call_on_line(t, 6);
  CHECK(recv.scheduled == 0);
  CHECK(recv.issued == ms(60));    // accept returned when the handshake completed (client's ACK at 60 ms)
  CHECK(recv.returned == ms(60));  // the byte sent at 40 ms had already arrived
  const CallRecord& send = call_on_line(t, 8);
  CHECK(send.issued == ms(40));    // connect returned at 40 ms
}

TEST_CASE("socket: a send larger than the send buffer blocks until ACKs free space") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
set client sndbuf 4000
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms client send 10000B
at 100ms server recv all
at 100ms client shutdown
)");
  const CallRecord& send = call_on_line(t, 8);
  CHECK(send.ret == 10000);
  CHECK(send.blocked);
  CHECK(send.returned > ms(100));
  CHECK(call_on_line(t, 9).ret == 10000);
}

TEST_CASE("socket: shutdown(SHUT_RD) makes a blocked recv return 0") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms server accept as s
at 0ms client connect server:80
at 100ms s recv
at 200ms server shutdown rd
)");
  // recv (thread s) blocks; the host thread's shutdown targets the same socket.
  const CallRecord& r = call_on_line(t, 7);
  CHECK(r.ret == 0);
  CHECK(r.returned == ms(200));
}

TEST_CASE("socket: calls on a socket without a connection give ENOTCONN or EBADF") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 10ms server recv
at 20ms server accept
at 20ms client connect server:80
at 100ms client close
at 110ms client send "x"
)");
  CHECK(call_on_line(t, 5).err == Errno::NotConn);   // recv() on a listening socket
  CHECK(call_on_line(t, 9).err == Errno::BadFd);     // send() on a closed socket
}

TEST_CASE("socket: listen twice on a port gives EADDRINUSE") {
  const Trace t = run_text(R"(host server
host client
link client server
at 0ms server listen 80
at 1ms server listen 80
)");
  CHECK(call_on_line(t, 5).err == Errno::AddrInUse);
}

TEST_CASE("socket: closing a listener resets connections nobody accepted") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms client connect server:80
at 100ms server close
at 200ms client recv
)");
  CHECK(sent_by(t, "server").back() == "RST+ACK seq=1 ack=1 win=65535 [rst-listener-closed]");
  CHECK(call_on_line(t, 7).err == Errno::ConnReset);
}

TEST_CASE("socket: SO_LINGER with a timeout makes close() wait for the ACK of the FIN") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms client setsockopt linger 5s
at 100ms client close
)");
  const CallRecord& c = call_on_line(t, 8);
  CHECK(c.ret == 0);
  CHECK(c.returned == ms(120));  // FIN sent at 100 ms, its ACK back at 120 ms
}

TEST_CASE("socket: a crashed host's blocked calls never return") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms server recv
at 200ms server crash
)");
  const CallRecord& r = call_on_line(t, 7);
  CHECK(r.returned == -1);
  CHECK(describe_result(r) == "still blocked at the end of the run");
}

TEST_CASE("socket: a new SYN in TIME-WAIT with no listener gets an ACK; the client's RST ends TIME-WAIT") {
  // Linux tcp_v4_rcv(): TCP_TW_SYN reopens only with a listener; otherwise TCP_TW_ACK.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
set client isn 1000
at 0ms server listen 80 as l
at 0ms server accept
at 0ms client connect server:80 from 40000
at 100ms server close
at 150ms client recv
at 150ms client close
at 500ms l close
at 1s set client isn 500000
at 1s client connect server:80 from 40000
)");
  const std::vector<std::string> server = sent_by(t, "server");
  CHECK(std::find(server.begin(), server.end(), "ACK seq=2 ack=2 win=65535 [time-wait-ack]") != server.end());
  CHECK(std::count_if(server.begin(), server.end(), [](const std::string& s) { return s.find("syn-ack") != std::string::npos; }) == 1);
  const std::vector<std::string> client = sent_by(t, "client");
  CHECK(std::find(client.begin(), client.end(), "RST seq=2 win=0 [rst-syn-sent-bad-ack]") != client.end());
  CHECK(transitions_of(t, "server").back() == "TIME-WAIT -> CLOSED (rcv-rst-time-wait)");
  CHECK(call_on_line(t, 13).err == Errno::ConnRefused);  // the retransmitted SYN meets no connection
}

TEST_CASE("socket: a new SYN in TIME-WAIT with a listener reopens the connection") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
set client isn 1000
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80 from 40000
at 100ms server close
at 150ms client recv
at 150ms client close
at 1s set client isn 500000
at 1s client connect server:80 from 40000
)");
  CHECK(call_on_line(t, 12).ret == 0);
  const std::vector<std::string> tr = transitions_of(t, "server");
  CHECK(std::find(tr.begin(), tr.end(), "TIME-WAIT -> CLOSED (time-wait-new-syn)") != tr.end());
}

TEST_CASE("socket: closing a listener drops half-open connections silently") {
  // Linux inet_csk_listen_stop() resets only the accept queue; SYN-RECEIVED ones just disappear.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms client connect server:80
at 11ms link client server down
at 50ms server close
at 100ms link client server up
)");
  // Nothing answers the half-open connection's end when the listener closes; the client's later SYN
  // retransmission meets no connection and gets the usual reset.
  CHECK(sent_by(t, "server") == std::vector<std::string>{"SYN+ACK seq=0 ack=1 win=65535 mss=1460 [syn-ack]",
                                                          "RST+ACK seq=0 ack=1 win=0 [rst-no-connection]"});
  const std::vector<std::string> tr = transitions_of(t, "server");
  CHECK(std::find(tr.begin(), tr.end(), "SYN-RECEIVED -> CLOSED (listener-gone)") != tr.end());
}

TEST_CASE("socket: a listener queues backlog+1 connections, then drops SYNs") {
  // Linux sk_acceptq_is_full(): more than `backlog` waiting.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
set client syn-retries 0
at 0ms server listen 80 backlog 1
at 0ms client connect server:80 as c1
at 0ms client connect server:80 as c2
at 50ms client connect server:80 as c3
)");
  CHECK(call_on_line(t, 6).ret == 0);
  CHECK(call_on_line(t, 7).ret == 0);
  CHECK(call_on_line(t, 8).err == Errno::TimedOut);
  size_t dropped = 0;
  for (const SegmentRecord& s : t.segments) dropped += s.verdict == Rule::DropBacklogFull ? 1 : 0;
  CHECK(dropped == 1);
}

TEST_CASE("socket: shutdown() on a connection in TIME-WAIT gives ENOTCONN") {
  // Linux: once TIME-WAIT is handed to a mini-socket, the application's socket is closed.
  const Trace t = run_text(std::string(kBase) + R"(at 100ms client shutdown
at 200ms server close
at 300ms client shutdown
)");
  CHECK(call_on_line(t, 7).ret == 0);
  CHECK(call_on_line(t, 9).err == Errno::NotConn);
}
