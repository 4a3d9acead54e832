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
  // Linux >= 6.5: syn-retries 2 + syn-linear-timeouts 4 retransmissions, the first 4 one second apart:
  // SYNs at 0, 1, 2, 3, 4, 5 and 7 s; the timer after 4 s more gives up.
  CHECK(c.returned == sec(11));
  CHECK(sent_by(t, "client").size() == 7);
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

TEST_CASE("socket: a blocked send() wakes once free space is half of what is queued, not per ACK") {
  // Linux sk_stream_write_space(): sndbuf 3000, six 500-byte segments in flight. Each ACK frees 500
  // bytes, 1 ms apart (a 540-byte segment's time on the link): the first leaves 2500 queued and 500
  // free (< 1250), so the writer sleeps on; the second leaves 2000 queued and 1000 free (>= 1000), so
  // it wakes and queues 1000 more, and so again two ACKs later. An ACK's 40 bytes take 74,074 ns.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms bandwidth 4320kbit
set all mss 500
set client sndbuf 3000
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms client send 5000B
at 100ms server recv all
)");
  std::vector<std::pair<Time, uint32_t>> data;  // (sent at, bytes) of the client's data segments
  std::vector<Time> acks;                        // arrival of the server's ACKs of data at the client
  for (size_t i = 0; i < t.segments.size(); ++i) {
    const SegmentRecord& r = t.segments[i];
    if (r.from == 0 && r.seg.data.len > 0) data.push_back({r.sent_at, r.seg.data.len});
    if (r.from == 1 && r.sent_at >= ms(100)) acks.push_back(t.fate(i).end_at);
  }
  constexpr Time kAck = 74'074;
  const std::vector<std::pair<Time, uint32_t>> want = {
      {ms(100), 500},        {ms(100), 500},        {ms(100), 500},        {ms(100), 500},
      {ms(100), 500},        {ms(100), 500},        {ms(122) + kAck, 500}, {ms(122) + kAck, 500},
      {ms(124) + kAck, 500}, {ms(124) + kAck, 500}};
  CHECK(data == want);
  REQUIRE(acks.size() >= 4);
  CHECK(acks[0] == ms(121) + kAck);  // frees 500: not woken
  CHECK(acks[1] == ms(122) + kAck);  // frees 1000 in all: woken
  CHECK(acks[2] == ms(123) + kAck);
  CHECK(acks[3] == ms(124) + kAck);
  const CallRecord& send = call_on_line(t, 9);
  CHECK(send.blocked);
  CHECK(send.ret == 5000);
  CHECK(send.returned == ms(124) + kAck);
  CHECK(call_on_line(t, 10).data_len == 5000);
}

TEST_CASE("socket: a send() asleep for space still ends when an RST arrives, with the bytes it copied") {
  // The socket layer does not step a writer asleep in sk_stream_wait_memory() on each ACK (it checks
  // the wake-up condition first); an error must still end the call at once: tcp_sendmsg() returns what
  // it copied before the RST.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
set client sndbuf 4000
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms client send 100000B
at 150ms server close
)");
  const CallRecord& send = call_on_line(t, 8);
  CHECK(send.blocked);
  CHECK(send.returned == ms(160));  // the RST's arrival (the server closed with unread data)
  CHECK(send.err == Errno::None);
  CHECK(send.ret > 4000);
  CHECK(send.ret < 100000);
}

TEST_CASE("socket: shutdown(SHUT_WR) by another thread ends a send() asleep for space at once") {
  // The server reads nothing: its window closes and the writer sleeps with a full send buffer, which
  // no ACK will free. Linux sk_stream_wait_memory() sees SEND_SHUTDOWN and tcp_sendmsg() returns the
  // bytes it copied; the cheap wake-up check must not keep it asleep.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
set client sndbuf 4000
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80 as c
at 100ms c send 100000B
at 2s client shutdown
)");
  const CallRecord& send = call_on_line(t, 8);
  CHECK(send.blocked);
  CHECK(send.returned == sec(2));
  CHECK(send.err == Errno::None);
  CHECK(send.ret > 4000);
  CHECK(send.ret < 100000);
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
  // RFC 6191 / Linux tcp_timewait_state_process(): the new connection's ISS is the old SND.NXT (ISS+2:
  // SYN and FIN) + 65535 + 2, above every sequence number the old connection used.
  std::vector<ConnRecord> accepted;
  for (const ConnRecord& c : t.conns) {
    if (c.passive && !c.listener) accepted.push_back(c);
  }
  REQUIRE(accepted.size() == 2);
  CHECK(accepted[1].iss == accepted[0].iss + (2 + 65535 + 2));
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
set client syn-retries 0 syn-linear-timeouts 0
at 0ms server listen 80 backlog 1
at 0ms client connect server:80 as c1
at 0ms client connect server:80 as c2
at 50ms client connect server:80 as c3
)");
  CHECK(call_on_line(t, 6).ret == 0);
  CHECK(call_on_line(t, 7).ret == 0);
  CHECK(call_on_line(t, 8).err == Errno::TimedOut);
  size_t dropped = 0;
  for (size_t i = 0; i < t.segments.size(); ++i) dropped += t.fate(i).verdict == Rule::DropBacklogFull ? 1 : 0;
  CHECK(dropped == 1);
}

TEST_CASE("SYN-RECEIVED rcv final ACK, accept queue full -> ACK dropped, acked: no SYN,ACK again; the client's "
          "retransmitted data completes the handshake (Linux tcp_check_req(), reqsk_timer_handler())") {
  // Three SYNs reach an empty queue and all get a SYN,ACK; the third ACK finds backlog+1 = 2 waiting.
  // With tcp_abort_on_overflow = 0 Linux drops it (listen_overflow) and marks the request `acked`: the
  // client believes it is connected, the server stays SYN-RECEIVED and sends no SYN,ACK again. The
  // client's data is dropped the same way until accept() has made room; its next retransmission then
  // completes the handshake.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80 backlog 1
at 0ms client connect server:80 as c1
at 0ms client connect server:80 as c2
at 0ms client connect server:80 as c3
at 100ms c3 send "hello"
at 500ms server accept
at 500ms server accept
at 500ms server accept
)");
  for (uint32_t line : {5u, 6u, 7u}) CHECK(call_on_line(t, line).ret == 0);  // connect() returns on the SYN,ACK.
  CHECK(call_on_line(t, 9).returned == ms(500));
  CHECK(call_on_line(t, 10).returned == ms(500));
  size_t dropped = 0;
  for (size_t i = 0; i < t.segments.size(); ++i) dropped += t.fate(i).verdict == Rule::DropAcceptQueueFull ? 1 : 0;
  CHECK(dropped == 3);  // The final ACK, the data, its first retransmission (at 320 ms).
  const std::vector<std::string> server = sent_by(t, "server");
  CHECK(std::count_if(server.begin(), server.end(), [](const std::string& s) { return s.find("SYN+ACK") == 0; }) == 3);
  // The data's second retransmission (at 760 ms: RTO 220 ms, then 440 ms) reaches the server at 770 ms:
  // the handshake completes and the third accept() returns then.
  const CallRecord& third = call_on_line(t, 11);
  CHECK(third.ret >= 0);
  CHECK(third.returned == ms(770));
}

TEST_CASE("SYN-RECEIVED rcv final ACK, accept queue full, abort-on-overflow on -> RST, client ECONNRESET") {
  // Linux tcp_check_req() with tcp_abort_on_overflow = 1: <SEQ=SEG.ACK><CTL=RST>; the client's
  // connection, ESTABLISHED since the SYN,ACK, is reset.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
set server abort-on-overflow on
at 0ms server listen 80 backlog 1
at 0ms client connect server:80 as c1
at 0ms client connect server:80 as c2
at 0ms client connect server:80 as c3
at 100ms c3 recv
)");
  CHECK(call_on_line(t, 8).ret == 0);
  CHECK(call_on_line(t, 9).err == Errno::ConnReset);
  size_t resets = 0;
  for (const SegmentRecord& s : t.segments) resets += s.rule == Rule::RstAcceptQueueFull ? 1 : 0;
  CHECK(resets == 1);
  const std::vector<std::string> tr = transitions_of(t, "server");
  CHECK(std::find(tr.begin(), tr.end(), "SYN-RECEIVED -> CLOSED (rst-accept-queue-full)") != tr.end());
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

// ---- Loopback (RFC 1122 §3.2.1.3): a host reaches itself without a link ----

TEST_CASE("socket: connect() to 127.0.0.1 reaches the host's own listener over loopback") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms server accept as conn
at 0ms server connect 127.0.0.1:80 as self
at 10ms self send "hi"
at 20ms conn recv
)");
  CHECK(call_on_line(t, 6).ret == 0);
  CHECK(call_on_line(t, 6).returned == 0);  // No link, no delay.
  CHECK(call_on_line(t, 5).ret >= 0);
  CHECK(call_on_line(t, 8).data == "hi");
  const std::vector<std::string> sent = sent_by(t, "server");
  REQUIRE(sent.size() >= 3);
  CHECK(sent[0].rfind("SYN seq=0", 0) == 0);
  CHECK(sent[1].rfind("SYN+ACK seq=0 ack=1", 0) == 0);
  for (size_t i = 0; i < t.segments.size(); ++i) {
    const SegmentRecord& s = t.segments[i];
    CHECK(t.fate(i).outcome == Outcome::Delivered);
    CHECK(s.seg.src.ip == 0x7F000001);  // Linux answers 127.0.0.1 from 127.0.0.1.
    CHECK(s.seg.dst.ip == 0x7F000001);
  }
}

TEST_CASE("socket: connect() to 127.0.0.2 leaves from 127.0.0.1 (Linux's local route: 127.0.0.0/8 src 127.0.0.1)") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms server connect 127.0.0.2:80 as self
)");
  CHECK(call_on_line(t, 5).ret == 0);
  REQUIRE_FALSE(t.segments.empty());
  CHECK(t.segments[0].seg.src.ip == 0x7F000001);
  CHECK(t.segments[0].seg.dst.ip == 0x7F000002);
}

TEST_CASE("socket: connect() to the host's own address is delivered locally") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms server accept as conn
at 0ms server connect server:80 as self
at 10ms self send "hi"
at 20ms conn recv
)");
  CHECK(call_on_line(t, 6).ret == 0);
  CHECK(call_on_line(t, 8).data == "hi");
  for (size_t i = 0; i < t.segments.size(); ++i) CHECK(t.fate(i).outcome == Outcome::Delivered);
}

TEST_CASE("SYN-SENT rcv its own SYN (self-connect) -> simultaneous open with itself, ESTABLISHED") {
  // Linux: connecting to one's own address and port meets one's own SYN, a simultaneous open (RFC 9293
  // §3.10.7.3); the SYN,ACK is then taken in SYN-RECEIVED and acknowledged (tcp_data_queue()).
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms client connect client:40000 from 40000 as self
at 10ms self send "echo"
at 20ms self recv
)");
  CHECK(call_on_line(t, 4).ret == 0);
  CHECK(call_on_line(t, 6).data == "echo");
  CHECK(transitions_of(t, "client") == std::vector<std::string>{"CLOSED -> SYN-SENT (active-open)",
                                                                "SYN-SENT -> SYN-RECEIVED (syn-ack-simultaneous)",
                                                                "SYN-RECEIVED -> ESTABLISHED (ack-of-syn)"});
  const std::vector<std::string> sent = sent_by(t, "client");
  REQUIRE(sent.size() >= 3);
  CHECK(sent[0].rfind("SYN seq=0", 0) == 0);
  CHECK(sent[1].rfind("SYN+ACK seq=0 ack=1", 0) == 0);
  CHECK(sent[2].find("[ack-simultaneous-open]") != std::string::npos);
}
