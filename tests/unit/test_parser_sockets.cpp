// The scenario syntax for ports: `socket`, `bind PORT [as NAME]` and `setsockopt reuseaddr on|off`
// (their error messages are in test_parser_hints.cpp).
#include <catch2/catch.hpp>
#include <string>

#include "scenario/parser.hpp"

using namespace tcpsim;

namespace {

const std::string kTwoHosts = "host client\nhost server\nlink client server\n";

/// The parsed calls of `text`, which must parse.
std::vector<CallAction> calls(const std::string& text) {
  const ParseResult r = parse_scenario(text, "t.scn");
  for (const Diagnostic& d : r.errors) UNSCOPED_INFO(d.format());
  REQUIRE(r.ok());
  std::vector<CallAction> out;
  for (const Action& a : r.scenario->actions) {
    if (const auto* c = std::get_if<CallAction>(&a.what)) out.push_back(*c);
  }
  return out;
}

}  // namespace

TEST_CASE("parser: socket [as NAME], bind PORT [as NAME] and setsockopt reuseaddr on|off", "[parser]") {
  const std::vector<CallAction> c = calls(kTwoHosts +
                                          "at 0ms server setsockopt reuseaddr on\n"
                                          "at 0ms server bind 80 as web -> EADDRINUSE\n"
                                          "at 1ms web listen 80\n"
                                          "at 2ms server setsockopt reuseaddr off\n"
                                          "at 3ms server bind 8080\n"
                                          "at 4ms server socket as fresh\n");
  REQUIRE(c.size() == 6);
  CHECK(c[0].kind == CallKind::SetSockOpt);
  CHECK(c[0].opt == SockOpt::ReuseAddr);
  CHECK(c[0].on);
  CHECK(c[1].kind == CallKind::Bind);
  CHECK(c[1].port == 80);
  CHECK(c[1].as == "web");
  CHECK(c[1].expect->err == Errno::AddrInUse);
  CHECK(c[2].subject == "web");
  CHECK(c[3].opt == SockOpt::ReuseAddr);
  CHECK_FALSE(c[3].on);
  CHECK(c[4].port == 8080);
  CHECK(c[4].as.empty());
  CHECK(c[5].kind == CallKind::Socket);
  CHECK(c[5].as == "fresh");
}
