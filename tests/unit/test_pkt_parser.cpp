// packetdrill scripts (sim/pkt, docs/packetdrill.md): every construct of the parser, every error with
// its file:line:col, the converter's scenario text, and the raw host it runs against.
#include <catch2/catch.hpp>

#include "pkt/pkt_convert.hpp"
#include "pkt/pkt_parser.hpp"
#include "scenario/expect.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"
#include "tcp/segment.hpp"

using namespace tcpsim;
using namespace tcpsim::pkt;

namespace {

Script parse(const std::string& text, bool lenient = false) { return parse_script(text, "t.pkt", lenient); }

/// The first problem, formatted ("t.pkt:1:3: error: ..."), or "" when there is none.
std::string first_problem(const std::string& text, bool lenient = false) {
  const Script s = parse(text, lenient);
  return s.problems.empty() ? "" : s.problems[0].format("t.pkt");
}

const Packet& packet(const Script& s, size_t i) { return std::get<Packet>(s.events.at(i).what); }
const Syscall& call(const Script& s, size_t i) { return std::get<Syscall>(s.events.at(i).what); }

std::vector<std::string> formatted(const std::vector<Problem>& ps) {
  std::vector<std::string> out;
  for (const Problem& p : ps) out.push_back(p.format("t.pkt"));
  return out;
}

bool has_line(const Conversion& c, const std::string& line) { return c.text.find("\n" + line + "\n") != std::string::npos; }

}  // namespace

TEST_CASE("pkt: times absolute, relative, any, ranges and blocking calls", "[pkt]") {
  const Script s = parse("0 close(3) = 0\n+0.1 close(3) = 0\n+.25 close(3) = 0\n* > . 1:1(0) ack 1\n"
                         "1.5~2 > . 1:1(0) ack 1\n0...0.1 close(3) = 0\n");
  REQUIRE(s.problems.empty());
  REQUIRE(s.events.size() == 6);
  CHECK(s.events[0].time.kind == EventTime::Kind::Absolute);
  CHECK(s.events[1].time.kind == EventTime::Kind::Relative);
  CHECK(s.events[1].time.t == 100 * kMs);
  CHECK(s.events[2].time.t == 250 * kMs);
  CHECK(s.events[3].time.kind == EventTime::Kind::Any);
  CHECK(s.events[4].time.t == 1500 * kMs);
  CHECK(*s.events[4].time.range_end == 2 * kSec);
  CHECK(*s.events[5].time.call_end == 100 * kMs);
}

TEST_CASE("pkt: comments keep line numbers; options set the tolerance", "[pkt]") {
  const Script s = parse("// a comment\n/* two\nlines */ --tolerance_usecs=10000\n0 close(3) = 0 // trailing\n");
  REQUIRE(s.problems.empty());
  CHECK(s.tolerance == 10 * kMs);
  REQUIRE(s.events.size() == 1);
  CHECK(s.events[0].loc.line == 4);
  CHECK(parse("0 close(3) = 0\n").tolerance == 4 * kMs);  // packetdrill's default
}

TEST_CASE("pkt: packets with flags, ranges, ack, win and options", "[pkt]") {
  const Script s = parse("0 < S 0:0(0) win 32792 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>\n"
                         "+0 > S. 0:0(0) ack 1 <...>\n+0 < P. 1:1001(1000) ack 1 win 257\n+0 > F. 1:1(0) ack 1001 <>\n"
                         "+0 < R 5:5(0) win 0\n+0 < SEW 0:0(0) win 1\n");
  REQUIRE(s.problems.empty());
  const Packet& syn = packet(s, 0);
  CHECK(syn.inbound);
  CHECK(syn.flags == kSyn);
  CHECK(*syn.win == 32792);
  REQUIRE(syn.options.size() == 5);
  CHECK(syn.options[0].kind == TcpOpt::Kind::Mss);
  CHECK(syn.options[0].a == 1000);
  CHECK(syn.options[2].kind == TcpOpt::Kind::Timestamp);
  CHECK(syn.options[2].a == 100);
  CHECK(syn.options[4].a == 7);
  CHECK_FALSE(packet(s, 1).inbound);
  CHECK(packet(s, 1).flags == (kSyn | kAck));
  CHECK(packet(s, 1).any_options);
  CHECK(packet(s, 2).flags == (kPsh | kAck));
  CHECK(packet(s, 2).start == 1);
  CHECK(packet(s, 2).len == 1000);
  CHECK(packet(s, 3).has_options);
  CHECK(packet(s, 3).options.empty());
  CHECK(packet(s, 4).flags == kRst);
  CHECK(packet(s, 5).ece);
  CHECK(packet(s, 5).cwr);
}

TEST_CASE("pkt: system calls with results, errno and any arguments", "[pkt]") {
  const Script s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                         "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, [{l_onoff=1, l_linger=0}], 8) = 0\n"
                         "+0 read(4, ..., 1000) = -1 ECONNRESET (Connection reset by peer)\n"
                         "+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)\n");
  REQUIRE(s.problems.empty());
  CHECK(call(s, 0).name == "socket");
  CHECK(call(s, 0).args.size() == 3);
  CHECK(call(s, 0).args[0].text == "...");
  CHECK(call(s, 0).ret == 3);
  const Syscall& linger = call(s, 1);
  CHECK(linger.args[3].text == "[{l_onoff=1,l_linger=0}]");
  CHECK(linger.args[3].numbers == std::vector<int64_t>{1, 0});
  CHECK(call(s, 2).ret == -1);
  CHECK(call(s, 2).errno_name == "ECONNRESET");
  CHECK(call(s, 3).ret == 2);
}

TEST_CASE("pkt: shell lines and Python blocks", "[pkt]") {
  Script s = parse("`sysctl -w net.ipv4.tcp_rfc1337=1`\n0 close(3) = 0\n");
  REQUIRE(s.problems.empty());
  CHECK(std::get<Shell>(s.events[0].what).command == "sysctl -w net.ipv4.tcp_rfc1337=1");
  CHECK(first_problem("%{\nprint(1)\n}%\n") ==
        "t.pkt:1:1: unsupported: %{ }% Python blocks are not supported (tcpsim runs no Python)");
  s = parse("%{ x = 1 }%\n0 close(3) = 0\n", true);
  CHECK_FALSE(s.failed());
  CHECK(s.events.size() == 1);
  CHECK(s.problems.at(0).format("t.pkt") ==
        "t.pkt:1:1: warning: %{ }% Python blocks are not supported (tcpsim runs no Python) (skipped: --lenient)");
}

TEST_CASE("pkt: every parse error names file:line:col", "[pkt]") {
  CHECK(first_problem("x close(3) = 0\n") == "t.pkt:1:1: error: expected a time (e.g. 0, 0.100, +0.1 or *), got 'x'");
  CHECK(first_problem("0 hello\n") ==
        "t.pkt:1:3: error: expected a packet ('<' or '>'), a system call or a `shell command` after the time, got 'hello'");
  CHECK(first_problem("0 < Q 0:0(0)\n") == "t.pkt:1:5: error: unknown flag 'Q' (flags are S F R P . E W)");
  CHECK(first_problem("0 < SS 0:0(0)\n") == "t.pkt:1:6: error: flag 'S' given twice");
  CHECK(first_problem("0 < S x\n") == "t.pkt:1:7: error: expected the start sequence number, got 'x'");
  CHECK(first_problem("0 < S 0 0(0)\n") == "t.pkt:1:9: error: expected ':' between the start and end sequence numbers, got '0'");
  CHECK(first_problem("0 < P. 1:11(5) ack 1\n") == "t.pkt:1:8: error: sequence range 1:11 is 10 bytes, not 5");
  CHECK(first_problem("0 < S 0:0(0) win 70000\n") == "t.pkt:1:18: error: a window '70000' is too large (at most 65535)");
  CHECK(first_problem("0 < S 0:0(0) ack 1 ack 2\n") == "t.pkt:1:20: error: 'ack' given twice");
  CHECK(first_problem("0 < . 1:1(0)\n") == "t.pkt:1:5: error: an inbound packet with '.' (ACK) needs 'ack N'");
  CHECK(first_problem("0 < S 0:0(0) <foo 1>\n") ==
        "t.pkt:1:15: error: unknown TCP option 'foo' (known: mss, sackOK, TS val N ecr N, nop, eol, wscale, sack)");
  CHECK(first_problem("0 < S 0:0(0) <mss 1000\n") ==
        "t.pkt:1:23: error: expected '>' at the end of the option list, got the end of the line");
  CHECK(first_problem("0 < S 0:0(0) bogus\n") ==
        "t.pkt:1:14: error: unexpected 'bogus' in a packet (expected 'ack N', 'win N' or '<options>')");
  CHECK(first_problem("0 < S 0:0(0) (ect0)\n") ==
        "t.pkt:1:14: unsupported: IP-level fields ('(' after a packet: ECN marks, TOS, flow label) are not supported");
  CHECK(first_problem("0 < S 0:0(0) <FO 1>\n") == "t.pkt:1:15: unsupported: TCP option 'FO' is not supported");
  CHECK(first_problem("0 < U 0:0(0)\n") == "t.pkt:1:5: unsupported: the URG flag is not supported (tcpsim models no urgent data)");
  CHECK(first_problem("0 close(3)\n") == "t.pkt:1:11: error: expected '=' and the result after close(...), got the end of the line");
  CHECK(first_problem("0 close(3) = -1\n") == "t.pkt:1:14: error: the result -1 needs an errno name, e.g. '= -1 ECONNRESET'");
  CHECK(first_problem("0 close(3) = 0 ECONNRESET\n") == "t.pkt:1:16: error: an errno goes with the result -1, not 0");
  CHECK(first_problem("0 close(3) = -1 foo\n") == "t.pkt:1:17: error: expected an errno name like ECONNRESET, got 'foo'");
  CHECK(first_problem("0 close(3] = 0\n") == "t.pkt:1:10: error: unbalanced ']'");
  CHECK(first_problem("0 close(3) = 0 (x\n") == "t.pkt:1:18: error: missing ')' after the explanation of the result");
  CHECK(first_problem("0 close(3) = 0 extra\n") == "t.pkt:1:16: error: expected an errno name like ECONNRESET, got 'extra'");
  CHECK(first_problem("0 close(3) = 0 (ok) more\n") == "t.pkt:1:21: error: unexpected 'more' at the end of the line");
  CHECK(first_problem("99999999 close(3) = 0\n") ==
        "t.pkt:1:1: error: bad time '99999999' (seconds, at most 1000000, to the nanosecond)");
  CHECK(first_problem("--tolerance_usecs=x\n") == "t.pkt:1:3: error: --tolerance_usecs needs a whole number of microseconds, got 'x'");
  CHECK(first_problem("--ip_version=ipv6\n") == "t.pkt:1:3: unsupported: --ip_version=ipv6: tcpsim runs IPv4 only");
  CHECK(first_problem("--mtu=1500\n") == "t.pkt:1:3: unsupported: option --mtu is not supported");
  CHECK(first_problem("0 close(3) = 0 /* open\n") == "t.pkt:1:16: error: unterminated comment: '/*' has no '*/'");
  CHECK(first_problem("`sysctl\n") == "t.pkt:1:1: error: unterminated shell command: no closing ` on the line");
  CHECK(first_problem("%{ x\n") == "t.pkt:1:1: error: unterminated Python block: '%{' has no '}%'");
  CHECK(first_problem("0 close(3) = 0 \x01\n") == "t.pkt:1:16: error: unexpected character '\\x01'");
}

TEST_CASE("pkt: hostile input is bounded and never throws", "[pkt]") {
  std::string many;
  for (int i = 0; i < 200; ++i) many += "x\n";
  const Script s = parse(many);
  CHECK(s.problems.size() == kMaxProblems + 1);
  CHECK(s.problems.back().message == "too many problems: stopped reading here");
  CHECK(parse(std::string(kMaxScriptBytes + 1, ' ')).problems.at(0).message ==
        "script is too large (4194305 bytes; the limit is 4 MiB)");
  CHECK(first_problem("0 < S 0:99999999999(0)\n") ==
        "t.pkt:1:9: error: the end sequence number '99999999999' is too large (at most 4294967295)");
  std::string deep = "0 f(";
  for (int i = 0; i < 10000; ++i) deep += "[";
  CHECK_FALSE(first_problem(deep + "\n").empty());
}

TEST_CASE("pkt: sysctl names map to set keys; other settings are notes", "[pkt]") {
  std::string note;
  CHECK(sysctl_setting("net.ipv4.tcp_rfc1337", "1", &note) == "rfc1337 on");
  CHECK(sysctl_setting("net.ipv4.tcp_syn_retries", "3", &note) == "syn-retries 3");
  CHECK(sysctl_setting("net.ipv4.tcp_fin_timeout", "5", &note) == "fin-timeout 5s");
  CHECK(sysctl_setting("net.ipv4.tcp_invalid_ratelimit", "0", &note) == "ack-ratelimit 0ms");
  CHECK(sysctl_setting("net.inet.tcp.keepidle", "7200000", &note) == "keepalive-idle 7200000ms");
  CHECK(note.empty());
  CHECK(sysctl_setting("net.ipv4.tcp_sack", "0", &note).empty());
  CHECK(note.find("accepted, no effect") != std::string::npos);
  note.clear();
  CHECK(sysctl_setting("net.core.somaxconn", "5", &note).empty());
  CHECK(note.empty());
}

TEST_CASE("pkt: the converter's scenario parses back, with packetdrill's numbering", "[pkt]") {
  const Script s = parse("`sysctl -w net.ipv4.tcp_rfc1337=1`\n"
                         "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n"
                         "+0 < S 0:0(0) win 32792 <mss 1000>\n+0 > S. 0:0(0) ack 1 <mss 1460>\n"
                         "+.1 < . 1:1(0) ack 1 win 257\n+0 accept(3, ..., ...) = 4\n"
                         "+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n+0 read(4, ..., 100) = -1 EAGAIN (Resource temporarily unavailable)\n");
  REQUIRE_FALSE(s.failed());
  const Conversion c = convert(s);
  REQUIRE_FALSE(c.failed);
  const auto has = [&](const std::string& line) { return c.text.find(line + "\n") != std::string::npos; };
  CHECK(has("host local 192.168.0.1                 # the stack under test (tcpsim's TCP)"));
  CHECK(has("host remote 192.0.2.1 raw              # the script's side: no TCP, only injects"));
  CHECK(has("at 0ms set local rfc1337 on"));
  CHECK(has("at 0ms local socket as fd3 -> 3"));
  CHECK(has("at 0ms fd3 listen 8080 backlog 1 -> ok"));
  CHECK(has("at 0ms remote inject remote:40000 > local:8080 SYN seq=0 win=32792 mss=1000"));
  CHECK(has("at 0ms expect next local sends SYN+ACK seq=0 ack=1 len=0 within 4ms"));
  CHECK(has("at 100ms remote inject remote:40000 > local:8080 ACK seq=1 ack=iss+1 win=257"));
  CHECK(has("at 100ms fd3 accept as fd4 -> 4"));
  CHECK(has("at 100ms fd4 setsockopt nonblock on -> ok"));
  CHECK(has("at 100ms fd4 recv 100 -> EAGAIN"));
  CHECK(has("expect nothing from local until 104ms"));
  REQUIRE(c.outbound.size() == 1);
  CHECK(c.pkt_line(c.outbound[0].scn_line) == 6);
  const ParseResult p = parse_scenario(c.text, "t.scn");
  REQUIRE(p.ok());
  const Trace tr = run_scenario(*p.scenario, RunKind::Fault);
  CHECK(tr.errors.empty());
  for (const CheckResult& r : check_expectations(*p.scenario, tr)) {
    INFO(r.message);
    CHECK(r.passed);
  }
}

TEST_CASE("pkt: what the converter cannot run is reported, or skipped when lenient", "[pkt]") {
  const Script s = parse("`echo hi`\n0 epoll_wait(...) = 0\n0 setsockopt(3, SOL_SOCKET, SO_PRIORITY, [1], 4) = 0\n");
  REQUIRE_FALSE(s.failed());
  Conversion c = convert(s);
  CHECK(c.failed);
  REQUIRE(c.problems.size() == 3);
  CHECK(c.problems[0].format("t.pkt") ==
        "t.pkt:1:1: unsupported: shell command `echo hi`: only `sysctl -w NAME=VALUE` is understood");
  CHECK(c.problems[1].format("t.pkt") == "t.pkt:2:1: unsupported: system call epoll_wait() is not supported");
  CHECK(c.problems[2].format("t.pkt") == "t.pkt:3:29: unsupported: setsockopt SO_PRIORITY is not supported");
  c = convert(s, true);
  CHECK_FALSE(c.failed);
  CHECK(c.problems[1].kind == Problem::Kind::Warning);
}

TEST_CASE("pkt: a raw host records what reaches it and answers nothing", "[pkt]") {
  const ParseResult p = parse_scenario("host a 10.0.0.1\nhost b 10.0.0.2 raw\nlink a b delay 1ms\n"
                                       "at 0ms a connect b:80\n",
                                       "t.scn");
  REQUIRE(p.ok());
  CHECK(p.scenario->hosts[1].raw);
  const Trace tr = run_scenario(*p.scenario, RunKind::Fault, std::nullopt);
  // The SYN reaches b and is not answered: a retransmits it (RFC 6298: 1 s initial RTO).
  REQUIRE(tr.segments.size() >= 2);
  CHECK(tr.segments[0].seg.flags == kSyn);
  CHECK(tr.segments[1].seg.flags == kSyn);
  CHECK(tr.segments[1].sent_at == 1 * kSec);
  const ParseResult q = parse_scenario("host a\nhost b raw\nlink a b\nat 0ms b listen 80\n", "t.scn");
  REQUIRE(q.ok());
  const Trace t2 = run_scenario(*q.scenario, RunKind::Fault);
  REQUIRE(t2.errors.size() == 1);
  CHECK(t2.errors[0].message == "b is a raw host (no TCP) and cannot call listen(): it only injects");
}

TEST_CASE("runner: the actions due with an inject run after its arrival over a link without delay", "[pkt]") {
  const ParseResult p = parse_scenario("host a 10.0.0.1\nhost r 10.0.0.2 raw\nlink a r delay 0ms\n"
                                       "at 0ms a listen 80\n"
                                       "at 0ms r inject r:4000 > a:80 SYN seq=0 mss=0\n"
                                       "at 1ms r inject r:4000 > a:80 ACK seq=1 ack=iss+1\n"
                                       "at 2ms a accept as c\n"
                                       "at 2ms c setsockopt nonblock on\n"
                                       "at 3ms r inject r:4000 > a:80 RST seq=1\n"
                                       "at 3ms c recv -> ECONNRESET\n",
                                       "t.scn");
  REQUIRE(p.ok());
  const Trace tr = run_scenario(*p.scenario, RunKind::Fault);
  CHECK(tr.errors.empty());
  for (const CheckResult& r : check_expectations(*p.scenario, tr)) {
    INFO(r.message);
    CHECK(r.passed);  // Without the wait, recv() would come first and return EAGAIN.
  }
}

TEST_CASE("runner: a call that returns at once frees its thread at once", "[pkt]") {
  // server listen and server accept are one thread; accept (line 5) runs right after listen, before
  // client connect (line 6), not after every other action due at 0 ms.
  const ParseResult p = parse_scenario("host client\nhost server\nlink client server delay 10ms\n"
                                       "at 0ms server listen 80\nat 0ms server accept\nat 0ms client connect server:80\n",
                                       "t.scn");
  REQUIRE(p.ok());
  const Trace tr = run_scenario(*p.scenario, RunKind::Fault);
  REQUIRE(tr.calls.size() == 3);
  CHECK(tr.calls.at(0).kind == CallKind::Listen);
  CHECK(tr.calls.at(1).kind == CallKind::Accept);
  CHECK(tr.calls.at(2).kind == CallKind::Connect);
}

TEST_CASE("pkt: getsockopt SO_RCVBUF/SO_SNDBUF answer Linux's numbers; the scenario keeps them as comments", "[pkt]") {
  const Script s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_RCVBUF, [131072], [4]) = 0\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_SNDBUF, [16384], [4]) = 0\n"
                         "0 setsockopt(3, SOL_SOCKET, SO_RCVBUF, [500000], 4) = 0\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_RCVBUF, [425984], [4]) = 0\n"   // 2 * rmem_max
                         "0 setsockopt(3, SOL_SOCKET, SO_SNDBUF, [100], 4) = 0\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_SNDBUF, [200], [4]) = 0\n"      // SOCK_MIN_SNDBUF: 4608
                         "0 listen(3, 1) = 0\n"
                         "0 < S 0:0(0) win 1000\n0 > S. 0:0(0) ack 1\n0.1 < . 1:1(0) ack 1 win 1000\n"
                         "0.1 accept(3, ..., ...) = 4\n"
                         "0.1 getsockopt(4, SOL_SOCKET, SO_RCVBUF, [425984], [4]) = 0\n"  // inherited
                         "0.1 getsockopt(4, SOL_SOCKET, SO_SNDBUF, [4608], [4]) = 0\n"
                         "0.1 getsockopt(4, SOL_SOCKET, SO_SNDBUF, SIZE, [4]) = 0\n");
  REQUIRE(s.problems.empty());
  const Conversion c = convert(s);
  CHECK_FALSE(c.failed);
  CHECK(formatted(c.failures) ==
        std::vector<std::string>{"t.pkt:7:40: error: getsockopt(3, SO_SNDBUF) expected: 200 vs actual: 4608"});
  std::vector<std::string> errors;
  for (const Problem& p : c.problems) {
    if (p.kind != Problem::Kind::Note) errors.push_back(p.format("t.pkt"));
  }
  CHECK(errors == std::vector<std::string>{"t.pkt:15:42: error: getsockopt SO_SNDBUF: expected the value as [N]"});
  CHECK(has_line(c, "# at 0ms getsockopt(3, SO_RCVBUF) = 131072: checked only by 'tcpsim pkt'"));
  CHECK(has_line(c, "# at 100ms getsockopt(4, SO_SNDBUF) = 4608: checked only by 'tcpsim pkt'"));
  CHECK(has_line(c, "at 0ms set local rcvbuf 65535"));  // tcpsim's own buffer: the window, at most 65535
  CHECK(parse_scenario(c.text, "t.scn").ok());
}

TEST_CASE("pkt: getsockopt SO_SNDBUF of a connected socket that never set it is unsupported", "[pkt]") {
  const Script s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0 connect(3, ..., ...) = 0\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_SNDBUF, [16384], [4]) = 0\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_RCVBUF, [131072], [4]) = 0\n");
  REQUIRE(s.problems.empty());
  const Conversion c = convert(s);
  CHECK(c.failed);
  CHECK(formatted(c.problems) ==
        std::vector<std::string>{"t.pkt:3:29: unsupported: getsockopt SO_SNDBUF on a connected socket whose SO_SNDBUF "
                                 "was not set: Linux's tcp_sndbuf_expand() sizes it from the MSS and the congestion window"});
  CHECK(c.failures.empty());
}
