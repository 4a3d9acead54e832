// Processes and kill -9 (issue 12 §2): the kernel closes a killed process's sockets as close() would
// (Linux do_exit() -> exit_files() -> tcp_close() / inet_csk_listen_stop()), and its blocked calls
// end with it, returning nothing.
#include "scenario_helpers.hpp"

#include "render/event_text.hpp"

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

/// The events of one type, in order.
std::vector<Event> events_of(const Trace& t, EventType type) {
  std::vector<Event> v;
  for (const Event& e : t.events) {
    if (e.type == type) v.push_back(e);
  }
  return v;
}

/// Parse errors as "LINE:COL: message".
std::vector<std::string> parse_errors(const std::string& text) {
  const ParseResult r = parse_scenario(text, "t.scn");
  std::vector<std::string> v;
  for (const Diagnostic& d : r.errors) v.push_back(std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message);
  return v;
}
}  // namespace

TEST_CASE("kill: ESTABLISHED with unread data -> RST+ACK (tcp_close()), and the peer's recv gets ECONNRESET") {
  const Trace t = run_text(std::string(kBase) + R"(at 100ms client send "upload"
at 200ms server kill
at 300ms client recv
)");
  // The kill is its own event, at its time, on the server, naming the host's own process.
  const std::vector<Event> kills = events_of(t, EventType::ProcessKilled);
  REQUIRE(kills.size() == 1);
  CHECK(kills[0].t == ms(200));
  CHECK(kills[0].node == t.node_by_name("server"));
  REQUIRE(t.kills.size() == 1);
  CHECK(t.kills[0].process == "server");
  CHECK(t.kills[0].line == 8);
  CHECK(render::kill_text(t, kills[0]) == "process killed (kill -9)");
  // Its sockets were the listener and the accepted connection: both closed, in descriptor order.
  REQUIRE(t.kills[0].conns.size() == 2);
  CHECK(t.conn(t.kills[0].conns[0]).listener);
  // Six unread bytes: RST+ACK, the rule close() with unread data follows (RFC 1122 §4.2.2.13).
  const std::vector<std::string> sent = sent_by(t, "server");
  REQUIRE(!sent.empty());
  CHECK(sent.back().rfind("RST+ACK seq=1 ack=7", 0) == 0);
  CHECK(sent.back().find("[rst-close-unread]") != std::string::npos);
  CHECK(std::none_of(sent.begin(), sent.end(), [](const std::string& s) { return s.rfind("FIN", 0) == 0; }));
  const CallRecord& recv = call_on_line(t, 9);
  CHECK(recv.ret == -1);
  CHECK(recv.err == Errno::ConnReset);
  CHECK(t.state_at(recv.conn, ms(300)) == State::Closed);
}

TEST_CASE("kill: ESTABLISHED with nothing unread -> FIN, and the orphan lives on to TIME-WAIT (tcp_close())") {
  const Trace t = run_text(std::string(kBase) + R"(at 100ms client send "hi"
at 150ms server recv
at 200ms server kill
at 300ms client recv
at 400ms client close
)");
  const std::vector<std::string> sent = sent_by(t, "server");
  CHECK(std::any_of(sent.begin(), sent.end(), [](const std::string& s) { return s.rfind("FIN+ACK seq=1 ack=3", 0) == 0; }));
  CHECK(std::none_of(sent.begin(), sent.end(), [](const std::string& s) { return s.rfind("RST", 0) == 0; }));
  CHECK(call_on_line(t, 10).ret == 0);  // The client reads end-of-file.
  // The kernel keeps the orphaned connection: it answers the client's FIN and waits in TIME-WAIT.
  const std::vector<std::string> tr = transitions_of(t, "server");
  const auto has = [&](const std::string& prefix) {
    return std::any_of(tr.begin(), tr.end(), [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
  };
  CHECK(has("ESTABLISHED -> FIN-WAIT-1"));
  CHECK(has("FIN-WAIT-2 -> TIME-WAIT"));
}

TEST_CASE("kill: a recv blocked in ESTABLISHED ends with the process: killed, no return value") {
  const Trace t = run_text(std::string(kBase) + R"(at 100ms server recv
at 200ms server kill
)");
  const CallRecord& recv = call_on_line(t, 7);
  CHECK(recv.blocked);
  CHECK(recv.killed);
  CHECK(recv.returned == ms(200));
  CHECK(recv.err == Errno::None);
  CHECK(describe_result(recv) == "killed (its process was killed while it waited: no return value)");
  CHECK(render::plain_text(render::call_result_text(t, recv)) == "recv() killed: never returns");
  // The order: the kill, the call's end, then the socket closes (nothing unread: FIN).
  size_t kill = 0, end = 0, fin = 0;
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (e.type == EventType::ProcessKilled) kill = i;
    if (e.type == EventType::AppReturn && e.ref == recv.id - 1) end = i;
    if (e.type == EventType::SegmentSent && (t.segments[e.ref].seg.flags & kFin)) fin = i;
  }
  CHECK(kill < end);
  CHECK(end < fin);
  // The JSON trace keeps the kill and the killed call (docs/trace-format.md).
  const nlohmann::json j = trace_to_json(t);
  CHECK(j.at("kills").at(0).at("process") == "server");
  CHECK(j.at("calls").at(recv.id - 1).at("killed") == true);
  CHECK(j.at("events").at(kill).at("type") == "process-killed");
  const Trace back = trace_from_json(j);
  REQUIRE(back.kills.size() == 1);
  CHECK(back.kills[0].conns == t.kills[0].conns);
  CHECK(back.calls[recv.id - 1].killed);
  // `expect ... killed` pins it; no other result matches a killed call.
  const Scenario sc = parse_ok(std::string(kBase) + "at 100ms server recv\nat 200ms server kill\n"
                                                    "expect server recv killed\nexpect server recv ok\n");
  const std::vector<CheckResult> r = check_expectations(sc, t);
  REQUIRE(r.size() == 2);
  CHECK(r[0].passed);
  CHECK_FALSE(r[1].passed);
}

TEST_CASE("kill: a LISTEN socket with a queued connection -> RST to it (inet_csk_listen_stop())") {
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms server listen 80
at 0ms client connect server:80
at 200ms server kill
at 300ms client recv
)");
  // The handshake completed but nobody accepted: the queued connection is reset when the listener closes.
  const std::vector<std::string> sent = sent_by(t, "server");
  REQUIRE(!sent.empty());
  CHECK(sent.back().rfind("RST+ACK seq=1 ack=1", 0) == 0);
  CHECK(sent.back().find("[rst-listener-closed]") != std::string::npos);
  CHECK(call_on_line(t, 7).err == Errno::ConnReset);
  // Nothing listens any more: a new connect() is refused.
  const Trace t2 = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms server listen 80
at 100ms server kill
at 200ms client connect server:80
)");
  CHECK(call_on_line(t2, 6).err == Errno::ConnRefused);
}

TEST_CASE("kill: SO_LINGER {on, 0} -> RST at once; SO_LINGER {on, 5s} does not make the kill wait") {
  const Trace t = run_text(std::string(kBase) + R"(at 60ms server setsockopt linger 0
at 200ms server kill
)");
  const std::vector<std::string> sent = sent_by(t, "server");
  CHECK(sent.back().find("[rst-linger-0]") != std::string::npos);
  const Trace t2 = run_text(std::string(kBase) + R"(at 60ms server setsockopt linger 5s
at 200ms server kill
)");
  const std::vector<std::string> sent2 = sent_by(t2, "server");
  CHECK(std::any_of(sent2.begin(), sent2.end(), [](const std::string& s) { return s.rfind("FIN+ACK", 0) == 0; }));
}

TEST_CASE("kill: later calls of the killed process are run errors; a new listen starts it again") {
  const Trace t = run_text(std::string(kBase) + R"(at 100ms client send "x"
at 200ms server kill
at 300ms server recv
at 400ms server listen 80
at 500ms client connect server:80 as again
at 600ms server accept
)");
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].line == 9);
  CHECK(t.errors[0].message ==
        "process 'server' was killed at 200ms (line 8) and cannot call recv(): its sockets are closed (a listen, "
        "connect, bind or socket call starts the program again)");
  CHECK(call_on_line(t, 10).ret == 0);   // listen: the program started again (the reset freed port 80)
  CHECK(call_on_line(t, 11).ret == 0);   // connect: accepted by the new listener
  CHECK(call_on_line(t, 12).ret >= 3);   // accept
  // Had the killed server's connection closed with FIN, the orphan (FIN-WAIT) would still hold port 80:
  // the restarted program's listen() gets EADDRINUSE, as on Linux (inet_csk_get_port()).
  const Trace t2 = run_text(std::string(kBase) + "at 200ms server kill\nat 400ms server listen 80\n");
  CHECK(call_on_line(t2, 8).err == Errno::AddrInUse);
  // A named socket of the killed program stays closed, even after the program starts again.
  const Trace t3 = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms server listen 80 as lst
at 100ms server kill
at 200ms server listen 81
at 300ms lst accept
)");
  REQUIRE(t3.errors.size() == 1);
  CHECK(t3.errors[0].message == "socket 'lst' was closed when its process was killed at 100ms (line 5): a killed "
                                "program makes no more calls");
  // Killing it twice is a mistake too (kill(2) of a process that has exited: ESRCH).
  const Trace t4 = run_text(std::string(kBase) + "at 200ms server kill\nat 300ms server kill\n");
  REQUIRE(t4.errors.size() == 1);
  CHECK(t4.errors[0].message == "kill: process 'server' was killed at 200ms (line 7) and has not been started again");
}

TEST_CASE("kill: named processes: killing one leaves the other's sockets alone") {
  const std::string text = R"(host client 10.0.0.1
host server 10.0.0.2
process web on server
process db on server
link client server delay 20ms
at 0ms web listen 80
at 0ms db listen 5432
at 0ms client connect server:80 as c1
at 0ms client connect server:5432 as c2
at 50ms web accept
at 50ms db accept
at 100ms c1 send "GET /"
at 100ms c2 send "SELECT 1"
at 200ms server kill web
at 300ms c1 recv
at 300ms c2 recv
at 400ms db recv
at 500ms web accept
expect web state CLOSED
expect db state ESTABLISHED
expect db recv "SELECT 1"
)";
  const Trace t = run_text(text);
  for (const CheckResult& r : check_expectations(parse_ok(text), t)) {
    INFO(r.message);
    CHECK(r.passed);
  }
  REQUIRE(t.kills.size() == 1);
  CHECK(t.kills[0].process == "web");
  CHECK(render::kill_text(t, events_of(t, EventType::ProcessKilled)[0]) == "web killed (kill -9)");
  CHECK(t.processes.size() == 2);
  CHECK(call_on_line(t, 15).err == Errno::ConnReset);  // web's connection: reset (unread "GET /")
  // db's connection is untouched: its client's recv still waits, and db reads its query.
  CHECK(call_on_line(t, 16).returned < 0);
  CHECK(call_on_line(t, 17).data == "SELECT 1");
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].line == 18);
  CHECK(t.errors[0].message.rfind("process 'web' was killed at 200ms (line 14) and cannot call accept()", 0) == 0);
}

TEST_CASE("kill: the scenario's mistakes are parse errors with line and column") {
  const std::string hosts = "host client\nhost server\nlink client server\n";
  CHECK(parse_errors(hosts + "at 1s server kill nginx\n") ==
        std::vector<std::string>{"4:19: unknown process 'nginx' on 'server'"});
  CHECK(parse_errors(hosts + "process nginx on server\nat 1s nginx kill\n") ==
        std::vector<std::string>{"5:7: 'nginx' is a process: a host kills it"});
  CHECK(parse_errors(hosts + "process nginx on client\nat 1s server kill nginx\n") ==
        std::vector<std::string>{"5:19: process 'nginx' runs on 'client', not on 'server'"});
  CHECK(parse_errors(hosts + "process nginx server\n") ==
        std::vector<std::string>{"4:15: expected 'on' after the process name, got 'server'"});
  CHECK(parse_errors(hosts + "process server on client\n") ==
        std::vector<std::string>{"4:9: duplicate name 'server' (already declared at line 2)"});
  CHECK(parse_errors(hosts + "process p on nowhere\n") == std::vector<std::string>{"4:14: unknown host 'nowhere'"});
  CHECK(parse_errors(hosts + "server kill\n") ==
        std::vector<std::string>{"4:1: missing time: write 'at 100ms server kill'"});
  CHECK(parse_errors(hosts + "process p on server\nat 1s client connect server:80 as p\n") ==
        std::vector<std::string>{"5:35: socket name 'p' is already a process (line 4)"});
  // A process is a subject of calls and expectations.
  CHECK(parse_errors(hosts + "process p on server\nat 0s p listen 80\nexpect p listen ok\n").empty());
}
