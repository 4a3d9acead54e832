// The parser's hints for what a newcomer writes first (issue 15): text without quotes, options
// written with '=', socket options spelt as in C, a firewall or nat no segment can cross, and
// bind or reuseaddr written wrong.
// Exact messages: file:line:column, message, hint.
#include <catch2/catch.hpp>
#include <string>

#include "scenario/parser.hpp"

using namespace tcpsim;

namespace {

const std::string kTwoHosts = "host client\nhost server\nlink client server\n";

/// The one error of `text` (which must have exactly one), formatted as the CLI prints it.
std::string one_error(const std::string& text) {
  const ParseResult r = parse_scenario(text, "t.scn");
  for (const Diagnostic& d : r.errors) UNSCOPED_INFO(d.format());
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  return r.errors[0].format();
}

/// The warnings of `text`, which must parse, formatted as the CLI prints them.
std::vector<std::string> warnings(const std::string& text) {
  const ParseResult r = parse_scenario(text, "t.scn");
  for (const Diagnostic& d : r.errors) UNSCOPED_INFO(d.format());
  REQUIRE(r.ok());
  std::vector<std::string> out;
  for (const Diagnostic& d : r.warnings) out.push_back(d.format());
  return out;
}

}  // namespace

TEST_CASE("hints: 'send hello' suggests quoting the text, the whole rest of the line", "[parser][hints]") {
  CHECK(one_error(kTwoHosts + "at 1s client send hello\n") ==
        "t.scn:4:19: error: expected text in quotes or a size after 'send', got 'hello'\n"
        "    4 | at 1s client send hello\n"
        "      |                   ^~~~~\n"
        "hint: quote the text: send \"hello\"");
  CHECK(one_error(kTwoHosts + "at 1s client send hello world -> ok\n") ==
        "t.scn:4:19: error: expected text in quotes or a size after 'send', got 'hello'\n"
        "    4 | at 1s client send hello world -> ok\n"
        "      |                   ^~~~~\n"
        "hint: quote the text: send \"hello world\"");
}

TEST_CASE("hints: a size still reads as a size, and a bad one says why", "[parser][hints]") {
  const ParseResult r = parse_scenario(kTwoHosts + "at 1s client send 10KB\n", "t.scn");
  CHECK(r.ok());
  CHECK(one_error(kTwoHosts + "at 1s client send 10QB\n").find("hint: quote the text") == std::string::npos);
}

TEST_CASE("hints: 'backlog=5' suggests 'backlog 5'", "[parser][hints]") {
  CHECK(one_error(kTwoHosts + "at 0ms server listen 80 backlog=5\n") ==
        "t.scn:4:25: error: unknown option 'backlog=5' for 'listen'\n"
        "    4 | at 0ms server listen 80 backlog=5\n"
        "      |                         ^~~~~~~\n"
        "hint: write 'backlog 5', with a space, not '='");
  // The same for every option list: a link's.
  CHECK(one_error("host a\nhost b\nlink a b delay=5ms\n") ==
        "t.scn:3:10: error: unknown link option 'delay=5ms'\n"
        "    3 | link a b delay=5ms\n"
        "      |          ^~~~~\n"
        "hint: write 'delay 5ms', with a space, not '='");
}

TEST_CASE("hints: socket options spelt as in C map to the scenario's names", "[parser][hints]") {
  CHECK(one_error(kTwoHosts + "at 0ms client setsockopt SO_KEEPALIVE on\n") ==
        "t.scn:4:26: error: unknown socket option 'SO_KEEPALIVE'\n"
        "    4 | at 0ms client setsockopt SO_KEEPALIVE on\n"
        "      |                          ^~~~~~~~~~~~\n"
        "hint: the scenario calls SO_KEEPALIVE 'keepalive', e.g. 'setsockopt keepalive on'");
  CHECK(one_error(kTwoHosts + "at 0ms client setsockopt so_linger 0\n").ends_with(
        "hint: the scenario calls SO_LINGER 'linger', e.g. 'setsockopt linger 0'"));
  CHECK(one_error(kTwoHosts + "at 0ms client setsockopt TCP_KEEPIDLE 10s\n").ends_with(
        "hint: the scenario calls TCP_KEEPIDLE 'keepidle', e.g. 'setsockopt keepidle 10s'"));
  CHECK(one_error(kTwoHosts + "at 0ms client setsockopt TCP_KEEPINTVL 5s\n").ends_with(
        "hint: the scenario calls TCP_KEEPINTVL 'keepintvl', e.g. 'setsockopt keepintvl 5s'"));
  CHECK(one_error(kTwoHosts + "at 0ms client setsockopt TCP_KEEPCNT 3\n").ends_with(
        "hint: the scenario calls TCP_KEEPCNT 'keepcnt', e.g. 'setsockopt keepcnt 3'"));
  CHECK(one_error(kTwoHosts + "at 0ms client setsockopt SO_REUSEADDR 1\n").ends_with(
        "hint: the scenario calls SO_REUSEADDR 'reuseaddr', e.g. 'setsockopt reuseaddr on'"));
  CHECK(one_error(kTwoHosts + "at 0ms client setsockopt SO_RCVBUF 1\n").ends_with(
        "hint: tcpsim does not model SO_RCVBUF; its socket options are linger, keepalive, keepidle, keepintvl, "
        "keepcnt, reuseaddr and nonblock"));
  // A typo of the scenario's own name is still a typo.
  CHECK(one_error(kTwoHosts + "at 0ms client setsockopt keepalvie on\n").ends_with("hint: did you mean 'keepalive'?"));
}

TEST_CASE("hints: a nat or firewall on no path between two hosts is a warning, and the scenario runs",
          "[parser][hints]") {
  // The nat hangs off the server: client and server talk directly.
  CHECK(warnings("host client\nhost server\nnat gw idle 30s\nlink client server\nlink server gw\n") ==
        std::vector<std::string>{"t.scn:3:1: warning: nat 'gw' is on no path between two hosts: no segment will cross it\n"
                                 "    3 | nat gw idle 30s\n"
                                 "      | ^~~\n"
                                 "hint: put it between them, e.g. 'link client gw' and 'link gw server'"});
  // Not linked at all.
  CHECK(warnings("host client\nhost server\nfirewall fw\nlink client server\n").size() == 1);
  // Between the two hosts (directly, or behind another middlebox): no warning.
  CHECK(warnings("host client\nhost server\nfirewall fw\nlink client fw\nlink fw server\n").empty());
  CHECK(warnings("host client\nhost server\nfirewall fw\nnat gw idle 1s\nlink client gw\nlink gw fw\nlink fw server\n")
            .empty());
}

TEST_CASE("parser: a bind or reuseaddr written wrong is an error at its line and column", "[parser][hints]") {
  CHECK(one_error(kTwoHosts + "at 0ms server bind\n") ==
        "t.scn:4:19: error: expected a port after 'bind'\n"
        "    4 | at 0ms server bind\n"
        "      |                   ^\n"
        "hint: e.g. 'bind 80'");
  CHECK(one_error(kTwoHosts + "at 0ms server bind 70000\n").starts_with(
        "t.scn:4:20: error: port 70000 is out of range (1..65535)\n"));
  CHECK(one_error(kTwoHosts + "at 0ms server bind 80 backlog 5\n").starts_with(
        "t.scn:4:23: error: unknown option 'backlog' for 'bind'\n"));
  CHECK(one_error(kTwoHosts + "at 0ms server setsockopt reuseaddr maybe\n") ==
        "t.scn:4:36: error: expected 'on' or 'off' for 'reuseaddr', got 'maybe'\n"
        "    4 | at 0ms server setsockopt reuseaddr maybe\n"
        "      |                                    ^~~~~");
  CHECK(one_error(kTwoHosts + "at 0ms server setsockopt reuseaddr\n").starts_with(
        "t.scn:4:35: error: expected 'on' or 'off' after 'reuseaddr'\n"));
  CHECK(one_error(kTwoHosts + "at 0ms server setsockopt reuseadr on\n").ends_with("hint: did you mean 'reuseaddr'?"));
  CHECK(one_error(kTwoHosts + "at 0ms server bnid 80\n").ends_with("hint: did you mean 'bind'?"));
  CHECK(one_error(kTwoHosts + "at 0ms server socket 80\n").starts_with("t.scn:4:22: error: unknown option '80' for 'socket'\n"));
}
