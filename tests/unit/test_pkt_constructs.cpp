// packetdrill constructs added for issue 14's second part (sim/pkt, docs/packetdrill.md): `#ifdef`
// variants, poll(), getsockopt of the options tcpsim models, setsockopt SO_RCVBUF/SO_SNDBUF, the
// return time of blocking calls; each with its scenario text and its errors (file:line:col).
#include <catch2/catch.hpp>

#include "pkt/pkt_convert.hpp"
#include "pkt/pkt_parser.hpp"
#include "pkt/pkt_run.hpp"

using namespace tcpsim;
using namespace tcpsim::pkt;

namespace {

Script parse(const std::string& text) { return parse_script(text, "t.pkt"); }

std::vector<std::string> formatted(const std::vector<Problem>& ps) {
  std::vector<std::string> out;
  for (const Problem& p : ps) out.push_back(p.format("t.pkt"));
  return out;
}

bool has_line(const Conversion& c, const std::string& line) {
  return c.text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("pkt: #ifdef variants keep the Linux branch and the line numbers", "[pkt]") {
  const Script s = parse("#ifdef linux\n0 close(3) = 0\n#else\n0 shutdown(3, SHUT_WR) = 0\n#endif\n"
                         "#ifndef linux\n1 close(4) = 0\n#else\n  #ifdef freebsd\n2 close(5) = 0\n  #endif\n"
                         "3 close(6) = 0 // linux, not freebsd\n#endif\n#ifdef __linux__\n4 close(7) = 0\n#endif\n"
                         "#ifdef tcpsim\n5 close(8) = 0\n#endif\n");
  REQUIRE(s.problems.empty());
  REQUIRE(s.events.size() == 4);
  CHECK(std::get<Syscall>(s.events[0].what).name == "close");
  CHECK(s.events[0].loc.line == 2);
  CHECK(s.events[1].loc.line == 12);
  CHECK(s.events[2].loc.line == 15);
  CHECK(s.events[3].loc.line == 18);
  CHECK(variant_defined("linux"));
  CHECK_FALSE(variant_defined("freebsd"));
}

TEST_CASE("pkt: every #ifdef error names file:line:col", "[pkt]") {
  const Script s = parse("#else\n#endif\n  #ifdef\n#endif\n#if 1\n#ifdef a b\n#endif\n#ifdef x\n#else\n#else\n#endif\n#ifndef y\n");
  CHECK(formatted(s.problems) == std::vector<std::string>{
                                     "t.pkt:1:1: error: #else without #ifdef or #ifndef",
                                     "t.pkt:2:1: error: #endif without #ifdef or #ifndef",
                                     "t.pkt:3:3: error: #ifdef needs one name (tcpsim follows Linux: `#ifdef linux`)",
                                     "t.pkt:5:1: error: unknown directive '#if' (variants are #ifdef NAME, #ifndef NAME, #else, #endif)",
                                     "t.pkt:6:1: error: #ifdef needs one name (tcpsim follows Linux: `#ifdef linux`)",
                                     "t.pkt:10:1: error: a second #else for the #ifdef at line 8",
                                     "t.pkt:12:1: error: #ifdef or #ifndef without #endif",
                                 });
  CHECK(s.failed());
}

TEST_CASE("pkt: poll() entries, bits and the note that marks its moment", "[pkt]") {
  uint32_t bits = 0;
  CHECK(parse_poll_bits("POLLIN|POLLOUT|POLLRDHUP", &bits));
  CHECK(bits == 0x2005);
  CHECK(poll_bits_to_string(bits) == "POLLIN|POLLOUT|POLLRDHUP");
  CHECK(parse_poll_bits("0", &bits));
  CHECK(bits == 0);
  CHECK(poll_bits_to_string(0) == "0");
  CHECK_FALSE(parse_poll_bits("POLLIN|", &bits));
  CHECK_FALSE(parse_poll_bits("POLLFOO", &bits));

  const Script s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0 listen(3, 1) = 0\n"
                         "+0.1 poll([{fd=3, events=POLLIN, revents=0}, {fd=9, events=POLLOUT, revents=POLLNVAL}], 2, 0) = 1\n"
                         "0.2...0.3 poll([{fd=3, events=POLLIN, revents=POLLIN}], 1, -1) = 1\n");
  REQUIRE(s.problems.empty());
  const Conversion c = convert(s);
  CHECK(c.problems.empty());
  REQUIRE(c.checks.size() == 2);
  const TraceCheck& k = c.checks[0];
  CHECK(k.kind == TraceCheck::Kind::Poll);
  CHECK(k.pkt_line == 3);
  CHECK(k.at == 100 * kMs);
  REQUIRE(k.fds.size() == 2);
  CHECK(k.fds[0].fd == 3);
  CHECK(k.fds[0].listener);
  CHECK(k.fds[0].events == 0x1);
  CHECK(k.fds[1].fd == 9);
  CHECK_FALSE(k.fds[1].known);
  CHECK(k.fds[1].revents == 0x20);
  CHECK(c.checks[1].at == 300 * kMs);  // a poll that waits is looked at when it returns
  // The scenario language cannot check poll(): the note says so (docs/packetdrill.md).
  CHECK(has_line(c, "at 100ms note \"poll([{fd=3,events=POLLIN,revents=0},{fd=9,events=POLLOUT,revents=POLLNVAL}]) = 1\""
                    "   # revents as tcp_poll() computes them: checked only by 'tcpsim pkt'"));
}

TEST_CASE("pkt: every poll() error names file:line:col", "[pkt]") {
  const Script s = parse("0 poll([{fd=3, events=POLLIN}], 1, 0) = 1\n"
                         "0 poll([{fd=3, events=POLLFOO, revents=0}], 1, 0) = 0\n"
                         "0 poll([{fd=3, events=POLLIN, revents=0}], 2, 0) = 0\n"
                         "0 poll({fd=3}, 1, 0) = 0\n"
                         "0 poll([{fd=3, events=POLLIN, revents=0}], 1) = 0\n"
                         "0 poll([{fd=3, events=POLLIN, revents=0}], 1, 100) = 0\n");
  REQUIRE(s.problems.empty());
  const Conversion c = convert(s);
  CHECK(formatted(c.problems) ==
        std::vector<std::string>{
            "t.pkt:1:8: error: poll(): each entry needs fd=, events= and revents=",
            "t.pkt:2:8: error: poll(): bad entry 'events=POLLFOO' (fd=N, events=POLLIN|POLLOUT|..., revents=...)",
            "t.pkt:3:44: error: poll(): nfds must be the number of entries (1)",
            "t.pkt:4:8: error: poll(): expected [{fd=N, events=..., revents=...}, ...]",
            "t.pkt:5:1: error: poll(): expected (fds, nfds, timeout)",
            "t.pkt:6:47: unsupported: poll() with a timeout: write when it returns (`T...END poll(...)`), tcpsim looks then",
        });
}

TEST_CASE("pkt: getsockopt compares what tcpsim gives the socket; a difference is a failure", "[pkt]") {
  const Script s = parse("`sysctl -w net.ipv4.tcp_keepalive_probes=4`\n"
                         "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                         "0 getsockopt(3, IPPROTO_TCP, TCP_KEEPCNT, [4], [4]) = 0\n"
                         "0 getsockopt(3, IPPROTO_TCP, TCP_KEEPIDLE, [7200], [4]) = 0\n"
                         "0 setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0\n"
                         "0 getsockopt(3, IPPROTO_TCP, TCP_NODELAY, [0], [4]) = 0\n"
                         "0 setsockopt(3, IPPROTO_TCP, TCP_SYNCNT, [3], 4) = 0\n"
                         "0 getsockopt(3, IPPROTO_TCP, TCP_SYNCNT, [3], [4]) = 0\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, [8]) = 0\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_RCVBUF, [1000], [4]) = 0\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_KEEPALIVE, [0], [4]) = -1 EINVAL (Invalid argument)\n"
                         "0 getsockopt(3, SOL_SOCKET, SO_KEEPALIVE, SOME, [4]) = 0\n");
  REQUIRE(s.problems.empty());
  const Conversion c = convert(s);
  CHECK(formatted(c.failures) == std::vector<std::string>{
                                     "t.pkt:6:43: error: getsockopt(3, TCP_NODELAY) expected: 0 vs actual: 1",
                                     "t.pkt:9:40: error: getsockopt(3, SO_LINGER) expected: {l_onoff=1, l_linger=0} vs "
                                     "actual: {l_onoff=0, l_linger=0}",
                                     "t.pkt:10:40: error: getsockopt(3, SO_RCVBUF) expected: 1000 vs actual: 131072",
                                 });
  std::vector<std::string> ps;
  for (const Problem& p : c.problems) {
    if (p.kind != Problem::Kind::Note) ps.push_back(p.format("t.pkt"));
  }
  CHECK(ps == std::vector<std::string>{
                  "t.pkt:11:55: unsupported: getsockopt that fails is not supported",
                  "t.pkt:12:43: error: getsockopt SO_KEEPALIVE: expected the value as [N]",
              });
}

TEST_CASE("pkt: setsockopt SO_RCVBUF/SO_SNDBUF set the host's buffers while the script has one socket", "[pkt]") {
  const Script s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                         "0 setsockopt(3, SOL_SOCKET, SO_RCVBUF, [100000], 4) = 0\n"
                         "0 setsockopt(3, SOL_SOCKET, SO_SNDBUF, [4096], 4) = 0\n"
                         "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n"
                         "0 setsockopt(4, SOL_SOCKET, SO_RCVBUF, [1000], 4) = 0\n");
  REQUIRE(s.problems.empty());
  const Conversion c = convert(s);
  CHECK(has_line(c, "at 0ms set local rcvbuf 65535"));
  CHECK(has_line(c, "at 0ms set local sndbuf 4096"));
  REQUIRE(c.problems.size() == 3);
  CHECK(c.problems[0].format("t.pkt") ==
        "t.pkt:2:29: note: SO_RCVBUF 100000: the local host's rcvbuf (the window it advertises, at most 65535; Linux "
        "doubles the value and advertises part of it) is set to 65535 (tcpsim's buffers are per host)");
  CHECK(c.problems[2].format("t.pkt") ==
        "t.pkt:5:29: unsupported: setsockopt SO_RCVBUF: tcpsim's buffers are per host, so it is mapped only while the "
        "script has one socket");
}

TEST_CASE("pkt: a blocking call's return time is checked, and the next line counts from it", "[pkt]") {
  const Script s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0 listen(3, 1) = 0\n"
                         "0.1...0.25 accept(3, ..., ...) = 4\n+0.05 close(3) = 0\n+0...+0.5 close(4) = 0\n");
  REQUIRE(s.problems.empty());
  const Conversion c = convert(s);
  CHECK(c.problems.empty());
  REQUIRE(c.checks.size() == 2);
  CHECK(c.checks[0].kind == TraceCheck::Kind::ReturnTime);
  CHECK(c.checks[0].pkt_line == 3);
  CHECK(c.checks[0].at == 250 * kMs);
  CHECK(c.checks[0].within == 4 * kMs);
  CHECK(has_line(c, "at 100ms fd3 accept as fd4 -> 4   # returns at 250ms (within 4ms): checked only by 'tcpsim pkt'"));
  CHECK(has_line(c, "at 300ms fd3 close -> ok"));  // 0.25 (accept returned) + 0.05
  CHECK(c.checks[1].at == 800 * kMs);
}

TEST_CASE("pkt: a .pkt opens as a scenario with its own file:line:col (the visualizer's way in)", "[pkt]") {
  std::vector<uint32_t> origin;
  ParseResult r = parse_pkt_as_scenario("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\n+0 close(3) = 0\n", "a.pkt", &origin);
  REQUIRE(r.ok());
  CHECK(r.scenario->title == "a");
  REQUIRE(origin.size() == r.scenario->lines.size());
  CHECK(std::count(origin.begin(), origin.end(), 3u) == 1);
  r = parse_pkt_as_scenario("0 close(3) = 0\n0 < S. 0:0(1) win 1\n", "b.pkt", &origin);
  CHECK_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format().rfind("b.pkt:2:8: error: sequence range 0:0 is 0 bytes, not 1", 0) == 0);
  CHECK(r.errors[0].source_line == "0 < S. 0:0(1) win 1");
  CHECK(is_pkt_path("x/y.pkt"));
  CHECK_FALSE(is_pkt_path("y.scn"));
}
