// Non-blocking sockets (`setsockopt nonblock on`, O_NONBLOCK) and `getsockopt SO_ERROR`, with Linux's
// results: connect EINPROGRESS / EALREADY / EISCONN (__inet_stream_connect()), recv and send EAGAIN
// (tcp_recvmsg_locked(), sk_stream_wait_memory() with timeo 0), accept EAGAIN (inet_csk_accept()),
// SO_ERROR read and cleared (sock_error()). Run end to end through scenarios.
#include "scenario_helpers.hpp"

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {
// Lines 1-4; the handshake completes at 40 ms (client) and 60 ms (server).
const std::string kBase = R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms server listen 80
)";

size_t count_sent(const Trace& t, const std::string& node, const std::string& prefix) {
  size_t n = 0;
  for (const std::string& s : sent_by(t, node)) n += s.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}

/// The one parse error of `text` as "file:line:col: message", then its hint.
std::string parse_error(const std::string& text) {
  ParseResult r = parse_scenario(text, "t.scn");
  REQUIRE(r.errors.size() == 1);
  const Diagnostic& d = r.errors[0];
  return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message +
         (d.hint.empty() ? "" : "\n  hint: " + d.hint);
}
}  // namespace

TEST_CASE("nonblock: connect in CLOSED returns EINPROGRESS, again in SYN-SENT EALREADY, once ESTABLISHED 0, "
          "then EISCONN (__inet_stream_connect())", "[sockets][nonblock]") {
  const Trace t = run_text(kBase + R"(at 0ms client setsockopt nonblock on
at 0ms client connect server:80 as c
at 10ms c connect server:80
at 100ms c connect server:80
at 110ms c connect server:80
)");
  const CallRecord& first = call_on_line(t, 6);
  CHECK(first.ret == -1);
  CHECK(first.err == Errno::InProgress);
  CHECK(first.returned == 0);  // at once: tcp_v4_connect() sent the SYN, nobody waits for the answer
  CHECK_FALSE(first.blocked);
  CHECK(describe_result(first) == "-1 EINPROGRESS (Operation now in progress)");
  CHECK(call_on_line(t, 7).err == Errno::Already);
  CHECK(describe_result(call_on_line(t, 7)) == "-1 EALREADY (Operation already in progress)");
  // SS_CONNECTING with the handshake over: this call reports it (0) and makes the socket SS_CONNECTED.
  CHECK(call_on_line(t, 8).ret == 0);
  CHECK(call_on_line(t, 8).err == Errno::None);
  CHECK(call_on_line(t, 9).err == Errno::IsConn);
  CHECK(describe_result(call_on_line(t, 9)) == "-1 EISCONN (Transport endpoint is already connected)");
  // The handshake went on behind the calls: one SYN, one connection.
  CHECK(count_sent(t, "client", "SYN ") == 1);
  CHECK(call_on_line(t, 6).conn == call_on_line(t, 7).conn);
}

TEST_CASE("nonblock: connect on a blocking socket already ESTABLISHED returns EISCONN", "[sockets][nonblock]") {
  const Trace t = run_text(kBase + R"(at 0ms client connect server:80 as c
at 100ms c connect server:80
)");
  CHECK(call_on_line(t, 5).ret == 0);
  CHECK(call_on_line(t, 5).returned == 40'000'000);
  CHECK(call_on_line(t, 6).err == Errno::IsConn);
  CHECK(count_sent(t, "client", "SYN ") == 1);
}

TEST_CASE("nonblock: SO_ERROR after a refused connect returns ECONNREFUSED, then 0 (sock_error() clears sk_err)",
          "[sockets][nonblock]") {
  const Trace t = run_text(kBase + R"(at 0ms client setsockopt nonblock on
at 0ms client connect server:81 as c
at 100ms c getsockopt SO_ERROR -> ECONNREFUSED
at 110ms c getsockopt SO_ERROR -> 0
at 120ms c connect server:81
)");
  const CallRecord& first = call_on_line(t, 7);
  CHECK(first.ret == 0);
  CHECK(first.err == Errno::ConnRefused);
  CHECK(describe_call(first) == "getsockopt(SO_ERROR)");
  CHECK(describe_result(first) == "0, SO_ERROR = ECONNREFUSED (Connection refused)");
  const CallRecord& second = call_on_line(t, 8);
  CHECK(second.ret == 0);
  CHECK(second.err == Errno::None);
  CHECK(describe_result(second) == "0, SO_ERROR = 0");
  // The error was read: the connect() that sees the failure has only "sock_error(sk) ? : -ECONNABORTED".
  CHECK(call_on_line(t, 9).err == Errno::ConnAborted);
  // The expectations written on the calls hold.
  const Scenario sc = parse_ok(kBase + R"(at 0ms client setsockopt nonblock on
at 0ms client connect server:81 as c -> EINPROGRESS
at 100ms c getsockopt SO_ERROR -> ECONNREFUSED
at 110ms c getsockopt error -> ok
)");
  for (const CheckResult& r : check_expectations(sc, run_scenario(sc, RunKind::Fault))) {
    INFO(r.message);
    CHECK(r.passed);
  }
  // JSON: getsockopt returned 0; the value it read is the call's errno.
  const nlohmann::json j = trace_to_json(t);
  const nlohmann::json& c = j.at("calls").at(3);  // listen, setsockopt, connect, getsockopt
  CHECK(c.at("call") == "getsockopt");
  CHECK(c.at("args") == "SO_ERROR");
  CHECK(c.at("ret") == 0);
  CHECK(c.at("errno") == "ECONNREFUSED");
  CHECK(describe_result(trace_from_json(j).calls.at(3)) == "0, SO_ERROR = ECONNREFUSED (Connection refused)");
}

TEST_CASE("nonblock: connect in SYN-SENT after the RST reports the pending error, then a new connect tries again",
          "[sockets][nonblock]") {
  const Trace t = run_text(kBase + R"(at 0ms client setsockopt nonblock on
at 0ms client connect server:81 as c
at 100ms c connect server:81
at 200ms c connect server:80
at 300ms c connect server:80
)");
  CHECK(call_on_line(t, 7).err == Errno::ConnRefused);  // sock_error(): the refusal, once
  // tcp_disconnect() left the socket unconnected: connect() starts over, from the same socket.
  CHECK(call_on_line(t, 8).err == Errno::InProgress);
  CHECK(call_on_line(t, 9).ret == 0);
  CHECK(count_sent(t, "client", "SYN ") == 2);
}

TEST_CASE("nonblock: recv in ESTABLISHED with nothing queued returns EAGAIN; data, then 0 at EOF",
          "[sockets][nonblock]") {
  const Trace t = run_text(kBase + R"(at 0ms client setsockopt nonblock on
at 0ms client connect server:80
at 50ms server accept
at 100ms client recv
at 100ms server send "hi"
at 200ms client recv
at 200ms client recv
at 300ms server close
at 400ms client recv
)");
  CHECK(call_on_line(t, 8).err == Errno::WouldBlock);
  CHECK(describe_result(call_on_line(t, 8)) == "-1 EAGAIN (Resource temporarily unavailable)");
  CHECK_FALSE(call_on_line(t, 8).blocked);
  CHECK(call_on_line(t, 10).data == "hi");
  CHECK(call_on_line(t, 11).err == Errno::WouldBlock);
  CHECK(call_on_line(t, 13).ret == 0);  // SOCK_DONE before the EAGAIN check
  CHECK(call_on_line(t, 13).err == Errno::None);
}

TEST_CASE("nonblock: recv in SYN-SENT returns EAGAIN; after an RST, ECONNRESET (the pending error first)",
          "[sockets][nonblock]") {
  const Trace t = run_text(kBase + R"(at 0ms client setsockopt nonblock on
at 0ms client connect server:80
at 1ms client recv
at 50ms server accept
at 100ms server abort
at 200ms client recv
at 210ms client recv
)");
  CHECK(call_on_line(t, 7).err == Errno::WouldBlock);
  CHECK(call_on_line(t, 10).ret == -1);
  CHECK(call_on_line(t, 10).err == Errno::ConnReset);
  CHECK(call_on_line(t, 11).ret == 0);  // RCV_SHUTDOWN after the reset: 0, not EAGAIN
}

TEST_CASE("nonblock: send in SYN-SENT returns EAGAIN; with a full send buffer, a partial count, then EAGAIN",
          "[sockets][nonblock]") {
  const Trace t = run_text(kBase + R"(set client sndbuf 1000
at 0ms client setsockopt nonblock on
at 0ms client connect server:80
at 1ms client send "x"
at 100ms client send 3000
at 100ms client send 10
)");
  CHECK(call_on_line(t, 8).err == Errno::WouldBlock);  // sk_stream_wait_connect() with timeo 0
  CHECK(call_on_line(t, 9).ret == 1000);               // what fit; tcp_sendmsg() returns the bytes copied
  CHECK(call_on_line(t, 9).err == Errno::None);
  CHECK(call_on_line(t, 9).returned == 100'000'000);
  CHECK(call_on_line(t, 10).err == Errno::WouldBlock);  // sk_stream_wait_memory() with timeo 0
}

TEST_CASE("nonblock: accept in LISTEN with an empty queue returns EAGAIN; the accepted socket blocks",
          "[sockets][nonblock]") {
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms server setsockopt nonblock on
at 0ms server listen 80 as lst
at 1ms lst accept
at 5ms client connect server:80
at 100ms lst accept as conn
at 110ms conn recv
at 200ms client send "hi"
)");
  CHECK(call_on_line(t, 6).err == Errno::WouldBlock);
  CHECK(call_on_line(t, 8).ret == 4);  // fd 4: lst is 3
  // accept() does not pass O_NONBLOCK on: this recv waits for the data.
  const CallRecord& recv = call_on_line(t, 9);
  CHECK(recv.blocked);
  CHECK(recv.data == "hi");
  CHECK(recv.returned == 220'000'000);
}

TEST_CASE("parser: setsockopt nonblock on|off, getsockopt SO_ERROR, and their errors", "[parser][nonblock]") {
  const Scenario s = parse_ok(kBase + R"(at 0ms client setsockopt nonblock on
at 1ms client setsockopt nonblock off
at 2ms client getsockopt SO_ERROR -> EWOULDBLOCK
at 3ms client connect server:80 -> EINPROGRESS
at 4ms client connect server:80 -> EALREADY
)");
  const auto& on = std::get<CallAction>(s.actions[1].what);
  CHECK(on.kind == CallKind::SetSockOpt);
  CHECK(on.opt == SockOpt::NonBlock);
  CHECK(on.on);
  CHECK_FALSE(std::get<CallAction>(s.actions[2].what).on);
  const auto& get = std::get<CallAction>(s.actions[3].what);
  CHECK(get.kind == CallKind::GetSockOpt);
  CHECK(get.expect->err == Errno::WouldBlock);  // EWOULDBLOCK is EAGAIN on Linux
  CHECK(std::get<CallAction>(s.actions[4].what).expect->err == Errno::InProgress);
  CHECK(std::get<CallAction>(s.actions[5].what).expect->err == Errno::Already);
  CHECK(parse_error(kBase + "at 0ms client setsockopt nonblock maybe\n") ==
        "t.scn:5:35: expected 'on' or 'off' for 'nonblock', got 'maybe'");
  CHECK(parse_error(kBase + "at 0ms client setsockopt nonblock\n") ==
        "t.scn:5:34: expected 'on' or 'off' after 'nonblock'");
  CHECK(parse_error(kBase + "at 0ms client setsockopt O_NONBLOCK on\n") ==
        "t.scn:5:26: unknown socket option 'O_NONBLOCK'\n  hint: the scenario calls O_NONBLOCK 'nonblock', e.g. "
        "'setsockopt nonblock on'");
  CHECK(parse_error(kBase + "at 0ms client getsockopt SO_LINGER\n") ==
        "t.scn:5:26: unknown option 'SO_LINGER' for 'getsockopt'\n  hint: tcpsim reads only SO_ERROR: "
        "'getsockopt SO_ERROR'");
  CHECK(parse_error(kBase + "at 0ms client setsockopt SO_ERROR 1\n") ==
        "t.scn:5:26: unknown socket option 'SO_ERROR'\n  hint: SO_ERROR is read, not set: 'getsockopt SO_ERROR'");
}
