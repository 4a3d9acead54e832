// Ordered and timed expectations, expectations on what happened to a segment or a call, `after`
// triggers and inject's len=/mss=: the parser's forms (good and bad, exact messages), the checker's
// verdicts (pass, and each kind of failure with its exact message) and what a trigger starts, when,
// exactly once. docs/scenario-format.md#expectations and #triggers-after- describe them.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "expect_helpers.hpp"
#include "tcp/config.hpp"

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {

const std::string& kBase = kCloseUnread;  // expectations start at line 9

/// The verdicts of `expectations` appended to kBase, fault run.
std::vector<CheckResult> verdicts(const std::string& expectations) { return verdicts_of(kBase, expectations); }

/// The one message a scenario's text fails to parse with.
std::string parse_error(const std::string& text) {
  ParseResult r = parse_scenario(text, "t.scn");
  REQUIRE(r.errors.size() == 1);
  return std::to_string(r.errors[0].line) + ":" + std::to_string(r.errors[0].col) + ": " + r.errors[0].message;
}

}  // namespace

TEST_CASE("parser: ordered expectation forms", "[expect]") {
  const Scenario s = parse_ok(kBase +
                              "at 20ms expect next client sends ACK seq=1 ack=1 within 2ms\n"
                              "expect next client sends PSH+ACK len=5\n"
                              "at 200ms expect server sends RST+ACK\n"
                              "expect nothing from client until 10s\n"
                              "at 1s expect nothing from server until +2s\n");
  REQUIRE(s.expectations.size() == 5);
  const Expectation& a = s.expectations[0];
  CHECK(a.kind == Expectation::Kind::Sends);
  CHECK(a.next);
  CHECK(a.subject == "client");
  CHECK(a.at == std::optional<Time>(ms(20)));
  CHECK(a.within == ms(2));
  CHECK(a.seq == std::optional<uint32_t>(1));
  CHECK(a.loc.line == 9);
  CHECK(a.loc.col == 9);
  CHECK(s.expectations[1].next);
  CHECK_FALSE(s.expectations[1].at.has_value());
  CHECK(s.expectations[2].at == std::optional<Time>(ms(200)));
  CHECK_FALSE(s.expectations[2].next);
  CHECK(s.expectations[3].kind == Expectation::Kind::Nothing);
  CHECK(s.expectations[3].until == std::optional<Time>(sec(10)));
  CHECK_FALSE(s.expectations[3].at.has_value());
  CHECK(s.expectations[4].until == std::optional<Time>(sec(3)));  // +2s counts from the line's 1s
}

TEST_CASE("parser: fate expectation forms", "[expect]") {
  const Scenario s = parse_ok(kBase +
                              "firewall fw\nnat gw idle 10s\n"
                              "expect server ignores RST from client\n"
                              "expect server ignores no SYN\n"
                              "expect fw drops PSH+ACK from client to server\n"
                              "expect client gets SIGPIPE\n"
                              "expect client gets no sigpipe\n"
                              "expect gw forgets flow of client\n"
                              "expect gw forgets no flow\n");
  REQUIRE(s.expectations.size() == 7);
  CHECK(s.expectations[0].kind == Expectation::Kind::Ignores);
  CHECK(s.expectations[0].from == "client");
  CHECK_FALSE(s.expectations[0].negated);
  CHECK(s.expectations[1].negated);
  CHECK(s.expectations[1].flags == kSyn);
  CHECK(s.expectations[2].kind == Expectation::Kind::Drops);
  CHECK(s.expectations[2].to == "server");
  CHECK(s.expectations[3].kind == Expectation::Kind::Sigpipe);
  CHECK(s.expectations[4].negated);
  CHECK(s.expectations[5].kind == Expectation::Kind::Forgets);
  CHECK(s.expectations[5].from == "client");
  CHECK(s.expectations[6].negated);
}

TEST_CASE("parser: bad ordered and fate expectations say why", "[expect]") {
  CHECK(parse_error(kBase + "at 1s expect client recv EOF\n") ==
        "9:1: only 'expect ... sends', 'expect ... state' and 'expect nothing' can have a time");
  CHECK(parse_error(kBase + "at 1s expect client sends ACK count 2\n") ==
        "9:1: only 'expect ... sends', 'expect ... state' and 'expect nothing' can have a time");
  CHECK(parse_error(kBase + "expect client sends ACK within 1ms\n") == "9:25: 'within' needs a time");
  CHECK(parse_error(kBase + "expect next client sends ACK count 1\n") == "9:30: 'count' cannot go with 'next'");
  CHECK(parse_error(kBase + "expect next client state CLOSED\n") ==
        "9:20: expected 'sends' after 'next client', got 'state'");
  CHECK(parse_error(kBase + "expect nothing client until 5s\n") == "9:16: expected 'from' after 'nothing', got 'client'");
  CHECK(parse_error(kBase + "expect nothing from client\n") == "9:27: expected 'until TIME' after 'client'");
  CHECK(parse_error(kBase + "at 5s expect nothing from client until 2s\n") ==
        "9:1: 'until 2s' is not after the line's time 5s");
  CHECK(parse_error(kBase + "expect server ignores RST to client\n") == "9:27: unexpected 'to' in 'ignores'");
  CHECK(parse_error(kBase + "expect client gets SIGSEGV\n") == "9:20: expected 'SIGPIPE', got 'SIGSEGV'");
  CHECK(parse_error(kBase + "expect client drops RST\n") == "9:8: 'client' is a host, not a firewall or nat");
  CHECK(parse_error(kBase + "expect client forgetz flow\n") == "9:15: unknown expectation 'forgetz'");
}

TEST_CASE("parser: after-trigger forms and their errors", "[expect][trigger]") {
  const Scenario s = parse_ok(kBase +
                              "after server sends RST+ACK client recv -> ECONNRESET\n"
                              "after client state CLOSED +1s note \"gone\"\n"
                              "after client recv returns ECONNRESET +10ms client close\n"
                              "after client close returns client connect server:80\n");
  REQUIRE(s.triggers.size() == 4);
  CHECK(s.triggers[0].kind == Trigger::Kind::Sends);
  CHECK(s.triggers[0].flags == (kRst | kAck));
  CHECK(s.triggers[0].action == 5);
  CHECK(s.triggers[0].loc.line == 9);
  CHECK(s.triggers[1].kind == Trigger::Kind::State);
  CHECK(s.triggers[1].delay == sec(1));
  CHECK(s.triggers[2].result->err == Errno::ConnReset);
  CHECK(s.triggers[2].delay == ms(10));
  CHECK_FALSE(s.triggers[3].result.has_value());  // `client` begins the action, not a result
  CHECK(s.trigger_of(8) == &s.triggers[3]);
  CHECK(s.trigger_of(0) == nullptr);
  CHECK(parse_error(kBase + "after client sends RST expect client state CLOSED\n") ==
        "9:24: 'after' starts an action, not 'expect'");
  CHECK(parse_error(kBase + "after client recv ECONNRESET client close\n") ==
        "9:19: expected 'returns' after 'recv', got 'ECONNRESET'");
  CHECK(parse_error(kBase + "after client sendz RST client close\n") == "9:14: unknown trigger 'sendz'");
  CHECK(parse_error(kBase + "after client sends RST +5 client close\n") == "9:25: duration '5' has no unit");
  CHECK(parse_error(kBase + "host after\n") == "9:6: 'after' is a keyword and cannot be a name");
}

TEST_CASE("parser: inject len= and mss=, and settings that take a bare 0", "[expect][inject]") {
  const Scenario s = parse_ok(kBase + "at 1s client inject client:4000 > server:80 SYN mss=536 len=1000\n"
                                      "set all ack-ratelimit 0\n");
  const auto& in = std::get<InjectAction>(s.actions.back().what);
  CHECK(in.mss == std::optional<uint16_t>(536));
  CHECK(in.len == 1000);
  CHECK(s.settings.back().key == "ack-ratelimit");
  CHECK(s.settings.back().value == 0);
  CHECK(parse_error(kBase + "at 1s client inject client:4000 > server:80 ACK data \"x\" len=3\n") ==
        "9:58: 'data' and 'len=' cannot both be given");
  CHECK(parse_error(kBase + "at 1s client inject client:4000 > server:80 ACK len=70000\n") ==
        "9:53: number '70000' is too large (at most 65495)");
  CHECK(parse_error(kBase + "set all rto-min 0\n") == "9:17: duration '0' has no unit");
}

TEST_CASE("docs: the settings table lists every key the parser accepts", "[expect][docs]") {
  std::ifstream f(std::string(TCPSIM_SCENARIO_DIR) + "/../docs/scenario-format.md");
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  for (const SettingInfo& k : setting_keys()) {
    INFO(k.key);
    CHECK(ss.str().find("| `" + std::string(k.key) + "` |") != std::string::npos);
  }
}

TEST_CASE("check: ordered lines pass on the exact segments, in order, at their times", "[expect]") {
  // An ordered line starts after the previous one's segment; a line's own `at` starts `nothing` there
  // (the server's ACK of "hello" at 110ms is before 111ms).
  for (const CheckResult& r : verdicts("at 0ms expect next client sends SYN seq=0\n"
                                       "at 20ms expect next client sends ACK seq=1 ack=1\n"
                                       "at 100ms expect next client sends PSH+ACK seq=1 ack=1 len=5 win=65535\n"
                                       "expect nothing from client until 10s\n"
                                       "at 195ms expect server sends RST+ACK seq=1 ack=6 within 5ms\n"
                                       "at 111ms expect nothing from server until 200ms\n")) {
    INFO(r.message);
    CHECK(r.passed);
  }
}

TEST_CASE("check: expect next names the segment seen instead and each field that differs", "[expect]") {
  const auto r = verdicts("at 20ms expect client sends ACK\n"
                          "expect next client sends PSH+ACK seq=1 ack=2 len=6\n"
                          "at 30ms expect next server sends ACK seq=1 ack=6\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].passed);
  CHECK(r[1].message ==
        "expected client's next segment (after the ACK at 0.020s that line 9 matched) to be PSH+ACK seq=1 ack=2 len=6, "
        "got PSH+ACK seq=1 ack=1 len=5 win=65535 at 0.100s (send()): ack is 1, not 2; len is 5, not 6");
  // The server's first segment is its SYN+ACK: flags match exactly, and the time is checked too.
  CHECK(r[2].message ==
        "expected server's next segment to be ACK seq=1 ack=6 at 0.030s, got SYN+ACK seq=0 ack=1 win=65535 mss=1460 "
        "at 0.010s (rcv SYN): flags are SYN+ACK, not ACK (flags match exactly); seq is 0, not 1; ack is 1, not 6; "
        "sent 20ms early");
}

TEST_CASE("check: a failed next line still moves on one segment; the last one finds none", "[expect]") {
  const auto r = verdicts("expect next server sends ACK\n"         // SYN+ACK: fails
                          "expect next server sends ACK seq=1 ack=6\n"  // then the ACK of "hello"
                          "expect next server sends RST+ACK\n"
                          "expect next server sends FIN+ACK\n");
  REQUIRE(r.size() == 4);
  CHECK_FALSE(r[0].passed);
  CHECK(r[1].passed);
  CHECK(r[2].passed);
  CHECK(r[3].message ==
        "expected server's next segment (after the RST+ACK at 0.200s that line 11 matched) to be FIN+ACK, got none: "
        "server sent nothing more (the run ended at 0.210s)");
}

TEST_CASE("check: a timed line that misses says how far, or that nothing was sent then", "[expect]") {
  const auto r = verdicts("at 190ms expect server sends RST+ACK within 5ms\n"
                          "at 1s expect client sends RST\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].message ==
        "expected server to send RST+ACK at 0.190s (within 5ms), got RST+ACK seq=1 ack=6 win=65530 at 0.200s "
        "(close() with unread data): sent 10ms late");
  CHECK(r[1].message == "expected client to send RST at 1.000s, got none: client sent no RST then, nor anything else");
}

TEST_CASE("check: expect nothing names the segment that broke the silence", "[expect]") {
  const auto r = verdicts("at 20ms expect client sends ACK\n"
                          "expect nothing from client until 1s\n"
                          "at 150ms expect nothing from server until 300ms\n");
  REQUIRE(r.size() == 3);
  CHECK(r[1].message ==
        "expected nothing from client until 1.000s (after the ACK at 0.020s that line 9 matched), got PSH+ACK seq=1 "
        "ack=1 len=5 win=65535 at 0.100s (send())");
  CHECK(r[2].message ==
        "expected nothing from server from 0.150s until 0.300s, got RST+ACK seq=1 ack=6 win=65530 at 0.200s "
        "(close() with unread data)");
}

TEST_CASE("check: whole-run lines are not ordered and do not move the cursor", "[expect]") {
  const auto r = verdicts("expect server sends RST+ACK\n"
                          "expect next server sends SYN+ACK seq=0 ack=1\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].passed);
  CHECK(r[1].passed);
}
