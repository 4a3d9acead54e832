// The scenario parser: exact ASTs for valid files, exact diagnostics for broken ones.
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "scenario/lexer.hpp"
#include "scenario/parser.hpp"
#include "tcp/config.hpp"
#include "tcp/segment.hpp"

using namespace tcpsim;

namespace {

ParseResult parse(const std::string& text, const std::string& file = "t.scn") { return parse_scenario(text, file); }

// Parses text that must be valid and returns the scenario.
Scenario ok(const std::string& text) {
  ParseResult r = parse(text);
  for (const Diagnostic& d : r.errors) UNSCOPED_INFO(d.format());
  REQUIRE(r.ok());
  REQUIRE(r.errors.empty());
  return *r.scenario;
}

// Parses text that must have exactly one error and returns it.
Diagnostic one_error(const std::string& text) {
  ParseResult r = parse(text);
  for (const Diagnostic& d : r.errors) UNSCOPED_INFO(d.format());
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  return r.errors[0];
}

void check(const Diagnostic& d, uint32_t line, uint32_t col, const std::string& message, const std::string& hint = "") {
  INFO(d.format());
  CHECK(d.line == line);
  CHECK(d.col == col);
  CHECK(d.message == message);
  CHECK(d.hint == hint);
}

const std::string kTwoHosts = "host client\nhost server\n";

template <typename T>
const T& what(const Action& a) {
  REQUIRE(std::holds_alternative<T>(a.what));
  return std::get<T>(a.what);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Valid files

TEST_CASE("parser: the documented example parses to the exact AST", "[parser]") {
  const Scenario s = ok(R"(# Close with unread data
title "Close with unread data"
summary "The server closes without reading the request, so its TCP resets."
summary "Second line."
seed 7
host client 10.0.0.1
host server 10.0.0.2
firewall fw
nat gw idle 300s forget reset
link client server delay 20ms
set server msl 5s keepalive-idle 10s
rule fw reject to server:22
limit time 10min
at 0ms    server listen 80
at 0ms    client connect server:80
at 100ms  client send "GET / HTTP/1.1\r\n\r\n"
at 150ms  server accept
at 190ms  server recv        twin   # the graceful twin reads the request first
at 200ms  server close              # unread data: RST instead of FIN
note "The request was never read, so the server's TCP resets (RFC 1122 §4.2.2.13)."
at 300ms  client recv -> ECONNRESET
expect server sends RST+ACK
expect client recv ECONNRESET
expect client state CLOSED
)");
  CHECK(s.file == "t.scn");
  CHECK(s.title == "Close with unread data");
  CHECK(s.summary == "The server closes without reading the request, so its TCP resets.\nSecond line.");
  CHECK(s.seed == 7);
  CHECK(s.lines.size() == 24);
  CHECK(s.lines[1] == "title \"Close with unread data\"");

  REQUIRE(s.hosts.size() == 2);
  CHECK(s.hosts[0].name == "client");
  CHECK(s.hosts[0].ip == 0x0A000001);
  CHECK(s.hosts[0].loc.line == 6);
  CHECK(s.hosts[1].name == "server");
  CHECK(s.hosts[1].ip == 0x0A000002);

  REQUIRE(s.middleboxes.size() == 2);
  CHECK(s.middleboxes[0].name == "fw");
  CHECK_FALSE(s.middleboxes[0].nat);
  CHECK(s.middleboxes[0].idle_timeout == 0);
  CHECK(s.middleboxes[1].name == "gw");
  CHECK(s.middleboxes[1].nat);
  CHECK(s.middleboxes[1].idle_timeout == 300 * kSec);
  CHECK(s.middleboxes[1].forget == ForgetAction::Reset);

  REQUIRE(s.links.size() == 1);
  CHECK(s.links[0].a == "client");
  CHECK(s.links[0].b == "server");
  CHECK(s.links[0].delay == ms(20));
  CHECK(s.links[0].jitter == 0);
  CHECK(s.links[0].loss == 0);

  REQUIRE(s.settings.size() == 2);
  CHECK(s.settings[0].host == "server");
  CHECK(s.settings[0].key == "msl");
  CHECK(s.settings[0].value == 5 * kSec);
  CHECK(s.settings[0].loc.line == 11);
  CHECK(s.settings[0].loc.col == 12);
  CHECK(s.settings[1].key == "keepalive-idle");
  CHECK(s.settings[1].value == 10 * kSec);

  REQUIRE(s.rules.size() == 1);
  CHECK(s.rules[0].middlebox == "fw");
  CHECK(s.rules[0].reject);
  CHECK_FALSE(s.rules[0].from.has_value());
  REQUIRE(s.rules[0].to.has_value());
  CHECK(s.rules[0].to->host == "server");
  CHECK(s.rules[0].to->port == 22);
  CHECK_FALSE(s.rules[0].syn_only);

  CHECK(s.time_limit == 600 * kSec);
  CHECK(s.event_limit == 20'000'000);

  REQUIRE(s.actions.size() == 8);
  const CallAction& listen = what<CallAction>(s.actions[0]);
  CHECK(s.actions[0].at == 0);
  CHECK(s.actions[0].loc.line == 14);
  CHECK(s.actions[0].loc.col == 11);
  CHECK(listen.kind == CallKind::Listen);
  CHECK(listen.subject == "server");
  CHECK(listen.port == 80);
  CHECK(listen.backlog == 0);

  const CallAction& connect = what<CallAction>(s.actions[1]);
  CHECK(connect.kind == CallKind::Connect);
  CHECK(connect.subject == "client");
  CHECK(connect.peer == "server");
  CHECK(connect.peer_port == 80);
  CHECK(connect.local_port == 0);

  const CallAction& send = what<CallAction>(s.actions[2]);
  CHECK(s.actions[2].at == ms(100));
  CHECK(send.kind == CallKind::Send);
  CHECK(send.has_text);
  CHECK(send.text == "GET / HTTP/1.1\r\n\r\n");

  CHECK(s.actions[3].at == ms(150));
  CHECK(what<CallAction>(s.actions[3]).kind == CallKind::Accept);

  CHECK(s.actions[4].at == ms(190));
  CHECK(s.actions[4].variant == Variant::TwinOnly);
  CHECK(what<CallAction>(s.actions[4]).kind == CallKind::Recv);
  CHECK(what<CallAction>(s.actions[4]).max == 0);

  CHECK(s.actions[5].at == ms(200));
  CHECK(s.actions[5].variant == Variant::Both);
  CHECK(what<CallAction>(s.actions[5]).kind == CallKind::Close);

  // An untimed note takes the time of the previous timed line.
  CHECK(s.actions[6].at == ms(200));
  CHECK(s.actions[6].loc.line == 20);
  CHECK(what<NoteAction>(s.actions[6]).text ==
        "The request was never read, so the server's TCP resets (RFC 1122 §4.2.2.13).");

  const CallAction& recv = what<CallAction>(s.actions[7]);
  CHECK(s.actions[7].at == ms(300));
  REQUIRE(recv.expect.has_value());
  CHECK(recv.expect->kind == ResultPattern::Kind::Errno);
  CHECK(recv.expect->err == Errno::ConnReset);
  CHECK(recv.expect->loc.line == 21);
  CHECK(recv.expect->loc.col == 26);

  REQUIRE(s.expectations.size() == 3);
  CHECK(s.expectations[0].kind == Expectation::Kind::Sends);
  CHECK(s.expectations[0].subject == "server");
  CHECK(s.expectations[0].flags == (kRst | kAck));
  CHECK_FALSE(s.expectations[0].count.has_value());
  CHECK(s.expectations[0].loc.line == 22);
  CHECK(s.expectations[0].loc.col == 1);
  CHECK(s.expectations[1].kind == Expectation::Kind::Call);
  CHECK(s.expectations[1].call == CallKind::Recv);
  CHECK(s.expectations[1].result.kind == ResultPattern::Kind::Errno);
  CHECK(s.expectations[1].result.err == Errno::ConnReset);
  CHECK(s.expectations[2].kind == Expectation::Kind::State);
  CHECK(s.expectations[2].state == State::Closed);
  CHECK_FALSE(s.expectations[2].at.has_value());
  CHECK(s.has_twin());
}

TEST_CASE("parser: relative times add to the previous timed line", "[parser]") {
  const Scenario s = ok(kTwoHosts +
                        "note \"before any time\"\n"
                        "at +50ms server listen 80\n"
                        "at 1s client connect server:80\n"
                        "at +1.5s client close\n"
                        "note \"same time\"\n"
                        "at 10s expect client state TIME-WAIT\n"
                        "at +250us server close\n");
  REQUIRE(s.actions.size() == 6);
  CHECK(s.actions[0].at == 0);
  CHECK(s.actions[1].at == ms(50));
  CHECK(s.actions[2].at == sec(1));
  CHECK(s.actions[3].at == ms(2500));
  CHECK(s.actions[4].at == ms(2500));
  // A timed state expectation is a timed line too.
  CHECK(s.actions[5].at == sec(10) + 250 * kUs);
  REQUIRE(s.expectations.size() == 1);
  CHECK(s.expectations[0].at == std::optional<Time>(sec(10)));
  CHECK(s.expectations[0].state == State::TimeWait);
}

TEST_CASE("parser: hosts without an IP get 10.0.0.N skipping used ones", "[parser]") {
  const Scenario s = ok("host a\nhost b 10.0.0.1\nhost c\nhost d 10.0.0.3\nhost e\n");
  REQUIRE(s.hosts.size() == 5);
  CHECK(ip_to_string(s.hosts[0].ip) == "10.0.0.2");
  CHECK(ip_to_string(s.hosts[1].ip) == "10.0.0.1");
  CHECK(ip_to_string(s.hosts[2].ip) == "10.0.0.4");
  CHECK(ip_to_string(s.hosts[3].ip) == "10.0.0.3");
  CHECK(ip_to_string(s.hosts[4].ip) == "10.0.0.5");
}

TEST_CASE("parser: summary lines are joined with newlines, empty ones too", "[parser]") {
  CHECK(ok("host a\nsummary \"\"\nsummary \"b\"\n").summary == "\nb");
}

TEST_CASE("parser: title defaults to the file's base name", "[parser]") {
  ParseResult r = parse_scenario("host a\n", "scenarios/close-unread.scn");
  REQUIRE(r.ok());
  CHECK(r.scenario->title == "close-unread");
  CHECK(r.scenario->seed == 1);
  CHECK(r.scenario->time_limit == 4 * 3600 * kSec);
}

TEST_CASE("parser: link options in any order", "[parser]") {
  const Scenario s =
      ok("host a\nhost b\nhost c\nfirewall fw\n"
         "link a b queue 50 bandwidth 10Mbit reorder 100% dup 1% loss 0.5% jitter 250us delay 1.5ms\n"
         "link b c bandwidth 64000bps\n"
         "link c fw bandwidth 1Gbit delay 0ms\n");
  REQUIRE(s.links.size() == 3);
  const LinkDecl& l = s.links[0];
  CHECK(l.delay == 1500 * kUs);
  CHECK(l.jitter == 250 * kUs);
  CHECK(l.loss == Approx(0.005));
  CHECK(l.duplicate == Approx(0.01));
  CHECK(l.reorder == Approx(1.0));
  CHECK(l.bandwidth == 10'000'000);
  CHECK(l.queue == 50);
  CHECK(s.links[1].bandwidth == 64000);
  CHECK(s.links[1].delay == ms(10));
  CHECK(s.links[2].bandwidth == 1'000'000'000);
  CHECK(s.links[2].delay == 0);
}

TEST_CASE("parser: settings, rules and limits", "[parser]") {
  const Scenario s =
      ok("host a\nhost b\nfirewall fw\nnat gw idle 5min\n"
         "set all rfc5961 off rcvbuf 32KiB mss 1000B syn-retries 3 isn 4294967295\n"
         "rule fw drop from a:1234 to 10.0.0.9 syn\n"
         "rule gw reject from any:80\n"
         "limit events 5000 time 90s\n");
  REQUIRE(s.settings.size() == 5);
  CHECK(s.settings[0].host == "all");
  CHECK(s.settings[0].key == "rfc5961");
  CHECK(s.settings[0].value == 0);
  CHECK(s.settings[1].value == 32768);
  CHECK(s.settings[2].value == 1000);
  CHECK(s.settings[3].value == 3);
  CHECK(s.settings[4].value == 4294967295LL);
  CHECK(s.middleboxes[1].forget == ForgetAction::Drop);
  CHECK(s.middleboxes[1].idle_timeout == 300 * kSec);
  REQUIRE(s.rules.size() == 2);
  CHECK_FALSE(s.rules[0].reject);
  CHECK(s.rules[0].from->host == "a");
  CHECK(s.rules[0].from->port == 1234);
  CHECK(s.rules[0].to->host == "10.0.0.9");
  CHECK(s.rules[0].to->port == 0);
  CHECK(s.rules[0].syn_only);
  CHECK(s.rules[1].reject);
  CHECK(s.rules[1].from->host.empty());
  CHECK(s.rules[1].from->port == 80);
  CHECK(s.event_limit == 5000);
  CHECK(s.time_limit == sec(90));
}

TEST_CASE("parser: calls, options and inline results", "[parser]") {
  const Scenario s = ok(kTwoHosts +
                        "at 0ms server listen 80 backlog 5 as lst\n"
                        "at 0ms client connect 10.0.0.2:80 from 4000 as conn\n"
                        "at 1s lst accept as srv -> ok\n"
                        "at 1s conn send 100MB\n"
                        "at 1s conn send 1.5KiB\n"
                        "at 1s conn send \"a\\x00\\t\\\"\" -> 4\n"
                        "at 1s srv recv 10 -> \"a\"\n"
                        "at 1s srv recv all ->EOF\n"
                        "at 1s srv shutdown rdwr\n"
                        "at 1s srv shutdown\n"
                        "at 1s conn setsockopt linger 0\n"
                        "at 1s conn setsockopt linger off\n"
                        "at 1s conn setsockopt linger 5s\n"
                        "at 1s conn setsockopt keepalive on\n"
                        "at 1s conn setsockopt keepidle 10s\n"
                        "at 1s conn setsockopt keepintvl 2s\n"
                        "at 1s conn setsockopt keepcnt 3\n"
                        "at 2s conn abort -> econnreset\n");
  REQUIRE(s.actions.size() == 18);
  const auto call = [&](size_t i) -> const CallAction& { return what<CallAction>(s.actions[i]); };
  CHECK(call(0).backlog == 5);
  CHECK(call(0).as == "lst");
  CHECK(call(1).peer == "10.0.0.2");
  CHECK(call(1).local_port == 4000);
  CHECK(call(1).as == "conn");
  CHECK(call(2).subject == "lst");
  CHECK(call(2).as == "srv");
  CHECK(call(2).expect->kind == ResultPattern::Kind::Ok);
  CHECK(call(3).bulk == 100'000'000);
  CHECK_FALSE(call(3).has_text);
  CHECK(call(4).bulk == 1536);
  CHECK(call(5).text == std::string("a\0\t\"", 4));
  CHECK(call(5).expect->kind == ResultPattern::Kind::Value);
  CHECK(call(5).expect->value == 4);
  CHECK(call(6).max == 10);
  CHECK(call(6).expect->kind == ResultPattern::Kind::Text);
  CHECK(call(6).expect->text == "a");
  CHECK(call(7).all);
  CHECK(call(7).expect->kind == ResultPattern::Kind::Eof);
  CHECK(call(8).how == ShutdownHow::Both);
  CHECK(call(9).how == ShutdownHow::Write);
  CHECK(call(10).opt == SockOpt::Linger);
  CHECK(call(10).on);
  CHECK(call(10).duration == 0);
  CHECK_FALSE(call(11).on);
  CHECK(call(12).on);
  CHECK(call(12).duration == sec(5));
  CHECK(call(13).opt == SockOpt::Keepalive);
  CHECK(call(13).on);
  CHECK(call(14).opt == SockOpt::KeepIdle);
  CHECK(call(14).duration == sec(10));
  CHECK(call(15).opt == SockOpt::KeepIntvl);
  CHECK(call(15).duration == sec(2));
  CHECK(call(16).opt == SockOpt::KeepCnt);
  CHECK(call(16).count == 3);
  CHECK(call(17).kind == CallKind::Abort);
  CHECK(call(17).expect->err == Errno::ConnReset);
}

TEST_CASE("parser: other actions", "[parser]") {
  const Scenario s =
      ok("host a\nhost b\nfirewall fw\nlink a fw\nlink fw b\n"
         "at 1s b crash\n"
         "at 2s b restart fault\n"
         "at 3s link b fw down\n"
         "at 4s link fw b up twin\n"
         "at 5s rule fw reject to b:22\n"
         "at 6s rules fw clear\n"
         "at 7s set b msl 1s\n");
  REQUIRE(s.actions.size() == 7);
  CHECK(what<HostAction>(s.actions[0]).host == "b");
  CHECK_FALSE(what<HostAction>(s.actions[0]).restart);
  CHECK(what<HostAction>(s.actions[1]).restart);
  CHECK(s.actions[1].variant == Variant::FaultOnly);
  CHECK(what<LinkAction>(s.actions[2]).a == "b");
  CHECK(what<LinkAction>(s.actions[2]).b == "fw");
  CHECK_FALSE(what<LinkAction>(s.actions[2]).up);
  CHECK(what<LinkAction>(s.actions[3]).up);
  CHECK(s.actions[3].variant == Variant::TwinOnly);
  CHECK(what<RuleAction>(s.actions[4]).rule.reject);
  CHECK(what<RuleAction>(s.actions[4]).rule.to->port == 22);
  CHECK_FALSE(what<RuleAction>(s.actions[4]).clear);
  CHECK(what<RuleAction>(s.actions[5]).clear);
  CHECK(what<RuleAction>(s.actions[5]).rule.middlebox == "fw");
  CHECK(what<SetAction>(s.actions[6]).setting.key == "msl");
  CHECK(what<SetAction>(s.actions[6]).setting.value == sec(1));
  CHECK(s.rules.empty());
  CHECK(s.settings.empty());
}

TEST_CASE("parser: inject parses addresses, flags and sequence expressions", "[parser]") {
  const Scenario s =
      ok(kTwoHosts +
         "firewall fw\n"
         "at 1s fw inject client:4000 > 10.0.0.2:80 rst,ack seq=rcv.nxt+1000 ack=-5+SND.UNA win=0 data \"x\"\n"
         "at 2s client inject client > server SYN seq=4294967295\n");
  REQUIRE(s.actions.size() == 2);
  const InjectAction& in = what<InjectAction>(s.actions[0]);
  CHECK(in.via == "fw");
  CHECK(in.src.host == "client");
  CHECK(in.src.port == 4000);
  CHECK(in.dst.host == "10.0.0.2");
  CHECK(in.dst.port == 80);
  CHECK(in.flags == (kRst | kAck));
  REQUIRE(in.seq.terms.size() == 2);
  CHECK(in.seq.terms[0].var == SeqExpr::Var::RcvNxt);
  CHECK(in.seq.terms[0].sign == 1);
  CHECK(in.seq.terms[1].var == SeqExpr::Var::None);
  CHECK(in.seq.terms[1].number == 1000);
  REQUIRE(in.ack.terms.size() == 2);
  CHECK(in.ack.terms[0].sign == -1);
  CHECK(in.ack.terms[0].number == 5);
  CHECK(in.ack.terms[1].sign == 1);
  CHECK(in.ack.terms[1].var == SeqExpr::Var::SndUna);
  CHECK(in.wnd == std::optional<uint16_t>(0));
  CHECK(in.data == "x");
  const InjectAction& in2 = what<InjectAction>(s.actions[1]);
  CHECK(in2.src.port == 0);
  CHECK(in2.flags == kSyn);
  CHECK(in2.seq.terms[0].number == 4294967295u);
  CHECK(in2.ack.terms.empty());
  CHECK_FALSE(in2.wnd.has_value());
}

TEST_CASE("parser: expectation forms", "[parser]") {
  const Scenario s = ok(kTwoHosts +
                        "at 0ms client connect server:80 as conn\n"
                        "expect server sends SYN+ACK seq=0 ack=1 len=0 win=65535 count 1\n"
                        "expect server sends no RST fault\n"
                        "expect no FIN from client twin\n"
                        "expect conn recv -> ECONNRESET\n"
                        "expect conn connect ok\n"
                        "expect conn recv 0\n"
                        "expect server state time_wait\n");
  REQUIRE(s.expectations.size() == 7);
  const Expectation& e = s.expectations[0];
  CHECK(e.kind == Expectation::Kind::Sends);
  CHECK(e.flags == (kSyn | kAck));
  CHECK(e.seq == std::optional<uint32_t>(0));
  CHECK(e.ack == std::optional<uint32_t>(1));
  CHECK(e.len == std::optional<uint32_t>(0));
  CHECK(e.wnd == std::optional<uint32_t>(65535));
  CHECK(e.count == std::optional<uint32_t>(1));
  CHECK(s.expectations[1].kind == Expectation::Kind::NoSends);
  CHECK(s.expectations[1].subject == "server");
  CHECK(s.expectations[1].flags == kRst);
  CHECK(s.expectations[1].variant == Variant::FaultOnly);
  CHECK(s.expectations[2].kind == Expectation::Kind::NoSends);
  CHECK(s.expectations[2].subject == "client");
  CHECK(s.expectations[2].flags == kFin);
  CHECK(s.expectations[2].variant == Variant::TwinOnly);
  CHECK(s.expectations[3].subject == "conn");
  CHECK(s.expectations[3].result.err == Errno::ConnReset);
  CHECK(s.expectations[4].call == CallKind::Connect);
  CHECK(s.expectations[4].result.kind == ResultPattern::Kind::Ok);
  CHECK(s.expectations[5].result.kind == ResultPattern::Kind::Value);
  CHECK(s.expectations[5].result.value == 0);
  CHECK(s.expectations[6].state == State::TimeWait);
}

TEST_CASE("parser: middleboxes send segments too", "[parser]") {
  const Scenario s = ok(kTwoHosts + "firewall fw\nexpect fw sends RST+ACK seq=0 ack=1\nexpect no RST from fw twin\n");
  REQUIRE(s.expectations.size() == 2);
  CHECK(s.expectations[0].subject == "fw");
  CHECK(s.expectations[1].subject == "fw");
  check(one_error(kTwoHosts + "at 1s client connect server:80 as conn\nexpect conn sends RST\n"), 4, 8,
        "'conn' is a socket, not a node", "segments are sent by hosts, firewalls and nats");
}

TEST_CASE("parser: comments, CRLF line endings and a byte order mark", "[parser]") {
  const Scenario s = ok(
      "\xEF\xBB\xBFhost a # a comment \"with quotes\"\r\n# only a comment\r\n\r\nat 1s a send \"#not a comment\"\r\n");
  REQUIRE(s.lines.size() == 4);
  CHECK(s.lines[0] == "host a # a comment \"with quotes\"");
  CHECK(s.lines[3] == "at 1s a send \"#not a comment\"");
  REQUIRE(s.actions.size() == 1);
  CHECK(what<CallAction>(s.actions[0]).text == "#not a comment");
}

TEST_CASE("parser: value words", "[parser]") {
  scn::Problem p;
  Time t = 0;
  CHECK(scn::parse_duration("1.5s", &t, &p));
  CHECK(t == 1500 * kMs);
  CHECK(scn::parse_duration("2min", &t, &p));
  CHECK(t == 120 * kSec);
  CHECK(scn::parse_duration("1h", &t, &p));
  CHECK(t == 3600 * kSec);
  CHECK(scn::parse_duration("7ns", &t, &p));
  CHECK(t == 7);
  CHECK(scn::parse_duration("0.000001ms", &t, &p));
  CHECK(t == 1);
  CHECK_FALSE(scn::parse_duration("0.1ns", &t, &p));
  CHECK(p.message == "duration '0.1ns' is not a whole number of nanoseconds");
  CHECK(scn::parse_duration("9223372036854775807ns", &t, &p));
  CHECK(t == INT64_MAX);
  CHECK_FALSE(scn::parse_duration("9223372036854775808ns", &t, &p));
  CHECK(p.message == "duration '9223372036854775808ns' is too large");
  CHECK_FALSE(scn::parse_duration("-5ms", &t, &p));
  CHECK(p.message == "duration '-5ms' is negative");
  CHECK_FALSE(scn::parse_duration("5sec", &t, &p));
  CHECK(p.message == "unknown time unit 'sec' in '5sec'");
  CHECK(p.hint == "did you mean 's'?");
  CHECK_FALSE(scn::parse_duration("5days", &t, &p));
  CHECK(p.hint == "time units are ns, us, ms, s, min and h");

  uint64_t n = 0;
  CHECK(scn::parse_size("64KiB", &n, &p));
  CHECK(n == 65536);
  CHECK(scn::parse_size("10MB", &n, &p));
  CHECK(n == 10'000'000);
  CHECK(scn::parse_size("1GiB", &n, &p));
  CHECK(n == 1u << 30);
  CHECK(scn::parse_size("123", &n, &p));
  CHECK(n == 123);
  CHECK_FALSE(scn::parse_size("1.5B", &n, &p));
  CHECK(p.message == "size '1.5B' is not a whole number of bytes");
  CHECK_FALSE(scn::parse_size("5kb", &n, &p));
  CHECK(p.message == "unknown size unit 'kb' in '5kb'");
  CHECK(p.hint == "did you mean 'KB'?");

  double d = 0;
  CHECK(scn::parse_percent("0.5%", &d, &p));
  CHECK(d == Approx(0.005));
  CHECK(scn::parse_percent("100%", &d, &p));
  CHECK(d == 1.0);
  CHECK_FALSE(scn::parse_percent("100.1%", &d, &p));
  CHECK(p.message == "percentage '100.1%' is above 100%");
  CHECK_FALSE(scn::parse_percent("5", &d, &p));
  CHECK(p.message == "percentage '5' has no '%'");
  CHECK(p.hint == "write '5%'");

  CHECK(scn::parse_bandwidth("500kbit", &n, &p));
  CHECK(n == 500'000);
  CHECK(scn::parse_bandwidth("2.5Mbps", &n, &p));
  CHECK(n == 2'500'000);
  CHECK(scn::parse_bandwidth("1Gbps", &n, &p));
  CHECK(n == 1'000'000'000);
  CHECK_FALSE(scn::parse_bandwidth("10", &n, &p));
  CHECK(p.message == "bandwidth '10' has no unit");
  CHECK(p.hint == "write '10Mbit' or '10kbit'");

  CHECK(scn::parse_count("18446744073709551615", UINT64_MAX, &n, &p));
  CHECK(n == UINT64_MAX);
  CHECK_FALSE(scn::parse_count("18446744073709551616", UINT64_MAX, &n, &p));
  CHECK(p.message == "number '18446744073709551616' is too large (at most 18446744073709551615)");
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST_CASE("parser: unknown host gets did-you-mean", "[parser]") {
  const std::string text =
      "title \"demo\"\n\nhost client\nhost server\nlink client server\n\nat 0ms    sever listen 80\n";
  ParseResult r = parse_scenario(text, "scenarios/demo.scn");
  REQUIRE(r.errors.size() == 1);
  const Diagnostic& d = r.errors[0];
  check(d, 7, 11, "unknown host 'sever'", "did you mean 'server'?");
  CHECK(d.file == "scenarios/demo.scn");
  CHECK(d.source_line == "at 0ms    sever listen 80");
  CHECK(d.format() ==
        "scenarios/demo.scn:7:11: error: unknown host 'sever'\n"
        "    7 | at 0ms    sever listen 80\n"
        "      |           ^~~~~\n"
        "hint: did you mean 'server'?");
}

TEST_CASE("parser: unknown names list what the file declares", "[parser]") {
  check(one_error(kTwoHosts + "at 1s zed close\n"), 3, 7, "unknown host 'zed'",
        "hosts in this file: client and server");
  check(one_error(kTwoHosts + "at 1s client connect server:80 as conn\nexpect con recv EOF\n"), 4, 8,
        "unknown host or socket 'con'", "did you mean 'conn'?");
  check(one_error(kTwoHosts + "link client fw\n"), 3, 13, "unknown node 'fw'", "nodes in this file: client and server");
  check(one_error(kTwoHosts + "rule fw drop\n"), 3, 6, "unknown firewall or nat 'fw'",
        "declare one with 'firewall NAME'");
  check(one_error(kTwoHosts + "at 1s client connect sevrer:80\n"), 3, 22, "unknown host 'sevrer'",
        "did you mean 'server'?");
}

TEST_CASE("parser: names may be used before they are declared", "[parser]") {
  const Scenario s = ok("link a b\nat 1s a connect b:80 as conn\nexpect conn state CLOSED\nhost a\nhost b\n");
  CHECK(s.links.size() == 1);
}

TEST_CASE("parser: unknown statement gets did-you-mean", "[parser]") {
  check(one_error(kTwoHosts + "titel \"x\"\n"), 3, 1, "unknown statement 'titel'", "did you mean 'title'?");
  check(one_error(kTwoHosts + "frobnicate\n"), 3, 1, "unknown statement 'frobnicate'",
        "a line starts with a keyword such as 'host', 'link' or 'expect', or with 'at TIME'");
  check(one_error(kTwoHosts + "at 1s nte \"x\"\n"), 3, 7, "unknown statement 'nte'", "did you mean 'note'?");
}

TEST_CASE("parser: unknown call gets did-you-mean", "[parser]") {
  check(one_error(kTwoHosts + "at 0ms server lisen 80\n"), 3, 15, "unknown call 'lisen'", "did you mean 'listen'?");
  check(one_error(kTwoHosts + "at 0ms server Close\n"), 3, 15, "unknown call 'Close'", "did you mean 'close'?");
}

TEST_CASE("parser: a call without a time says how to write one", "[parser]") {
  check(one_error(kTwoHosts + "server close\n"), 3, 1, "missing time: write 'at 100ms server close'");
  check(one_error(kTwoHosts + "client connect server:80\n"), 3, 1,
        "missing time: write 'at 100ms client connect server:80'");
  check(one_error(kTwoHosts + "link client server\nlink client server down\n"), 4, 1,
        "missing time: write 'at 100ms link client server down'");
}

TEST_CASE("parser: declarations cannot be timed", "[parser]") {
  check(one_error(kTwoHosts + "at 1s host c\n"), 3, 1, "'host' is a declaration and cannot have a time",
        "declarations hold for the whole run; remove 'at ...'");
  check(one_error(kTwoHosts + "at 1s link client server\n"), 3, 1, "a link declaration cannot have a time",
        "to cut or restore a link at a time write 'at 1s link A B down' (or 'up')");
  check(one_error(kTwoHosts + "set client msl 1s twin\n"), 3, 19,
        "'twin' can only end a timed line, a note or an expectation");
}

TEST_CASE("parser: duplicate host name and duplicate IP", "[parser]") {
  check(one_error(kTwoHosts + "host server\n"), 3, 6, "duplicate name 'server' (already declared at line 2)");
  check(one_error(kTwoHosts + "firewall client\n"), 3, 10, "duplicate name 'client' (already declared at line 1)");
  check(one_error("host a 10.0.0.7\nhost b 10.0.0.7\n"), 2, 8,
        "duplicate IP address 10.0.0.7: host 'a' has it (line 1)");
  check(one_error("host a 10.0.0.256\n"), 1, 8, "expected an IPv4 address like 10.0.0.5, got '10.0.0.256'",
        "write four numbers 0..255 separated by dots");
  check(one_error("host a\nhost 10.0.0.1\n"), 2, 6, "expected a name before the IP address",
        "e.g. 'host server 10.0.0.1'");
}

TEST_CASE("parser: reserved words and bad names", "[parser]") {
  check(one_error("host a\nhost twin\n"), 2, 6, "'twin' is a keyword and cannot be a name");
  check(one_error("host a\nat 1s a listen 80 as fault\n"), 2, 22, "'fault' is a keyword and cannot be a name");
  check(one_error("host a\nhost all\n"), 2, 6, "'all' is a keyword and cannot be a name");
  check(one_error("host a\nhost link\n"), 2, 6, "'link' is a keyword and cannot be a name");
  check(one_error("host a\nhost b:1\n"), 2, 6, "invalid name 'b:1'",
        "a name starts with a letter and has only letters, digits, '-' and '_'");
  check(one_error(kTwoHosts + "at 1s server listen 80 as client\n"), 3, 27,
        "socket name 'client' is already a host (line 1)", "pick another name after 'as'");
}

TEST_CASE("parser: links", "[parser]") {
  check(one_error(kTwoHosts + "link client client\n"), 3, 13, "link from 'client' to itself",
        "a link joins two different nodes");
  check(one_error(kTwoHosts + "link client server\nlink server client\n"), 4, 6,
        "duplicate link between 'server' and 'client' (first at line 3)");
  check(one_error(kTwoHosts + "link client server dealy 5ms\n"), 3, 20, "unknown link option 'dealy'",
        "did you mean 'delay'?");
  check(one_error(kTwoHosts + "link client server delay 5ms delay 6ms\n"), 3, 30, "'delay' given twice");
  check(one_error(kTwoHosts + "link client server loss 101%\n"), 3, 25, "percentage '101%' is above 100%");
  check(one_error(kTwoHosts + "link client server bandwidth 10\n"), 3, 30, "bandwidth '10' has no unit",
        "write '10Mbit' or '10kbit'");
  check(one_error(kTwoHosts + "at 1s link client server down\n"), 3, 12, "no link between 'client' and 'server'",
        "declare it with 'link client server'");
}

TEST_CASE("parser: rules and crashes need the right kind of node", "[parser]") {
  check(one_error(kTwoHosts + "rule server drop\n"), 3, 6, "'server' is a host, not a firewall or nat",
        "rules belong to a firewall or nat on the path");
  check(one_error(kTwoHosts + "firewall fw\nat 1s fw crash\n"), 4, 7, "'fw' is a firewall, not a host",
        "only hosts crash and restart");
  check(one_error(kTwoHosts + "nat gw idle 1s\nat 1s gw close\n"), 4, 7, "'gw' is a nat, not a host or socket",
        "only hosts and their sockets make calls");
  check(one_error(kTwoHosts + "firewall fw\nrule fw deny\n"), 4, 9, "expected 'drop' or 'reject', got 'deny'");
  check(one_error(kTwoHosts + "nat gw\n"), 3, 7, "expected 'idle DURATION' for nat 'gw'",
        "e.g. 'nat gw idle 300s': flows idle that long are forgotten");
}

TEST_CASE("parser: unknown setting key gets did-you-mean", "[parser]") {
  check(one_error(kTwoHosts + "set server msll 5s\n"), 3, 12, "unknown setting 'msll'", "did you mean 'msl'?");
  check(one_error(kTwoHosts + "set server keepalive_idle 5s\n"), 3, 12, "unknown setting 'keepalive_idle'",
        "did you mean 'keepalive-idle'?");
  check(one_error(kTwoHosts + "set fw msl 5s\nfirewall fw\n"), 3, 5, "'fw' is a firewall, not a host",
        "settings are TCP parameters of a host; name one, or 'all'");
}

TEST_CASE("parser: syn-linear-timeouts and abort-on-overflow reach the host's settings", "[parser]") {
  const Scenario s = ok("host a\nhost b\nset a syn-linear-timeouts 0 abort-on-overflow on\n");
  REQUIRE(s.settings.size() == 2);
  CHECK(s.settings[0].key == "syn-linear-timeouts");
  CHECK(s.settings[0].value == 0);
  CHECK(s.settings[1].key == "abort-on-overflow");
  CHECK(s.settings[1].value == 1);
  TcpConfig cfg;
  CHECK(cfg.syn_linear_timeouts == 4);  // Linux >= 6.5 default.
  CHECK_FALSE(cfg.abort_on_overflow);   // Linux default.
  REQUIRE(apply_setting(cfg, "syn-linear-timeouts", 0));
  REQUIRE(apply_setting(cfg, "abort-on-overflow", 1));
  CHECK(cfg.syn_linear_timeouts == 0);
  CHECK(cfg.abort_on_overflow);
}

TEST_CASE("parser: setting values of the wrong type or out of range say why", "[parser]") {
  check(one_error(kTwoHosts + "set server msl 2h\n"), 3, 16, "'msl' must be between 0ms and 1h, got 2h");
  check(one_error(kTwoHosts + "set server mss 10\n"), 3, 16, "'mss' must be between 64 and 65495, got 10");
  check(one_error(kTwoHosts + "set server rcvbuf 64KiB\n"), 3, 19, "'rcvbuf' must be between 1 and 65535, got 64KiB");
  check(one_error(kTwoHosts + "set server msl 5\n"), 3, 16, "duration '5' has no unit", "write '5ms' or '5s'");
  check(one_error(kTwoHosts + "set server rfc5961 maybe\n"), 3, 20,
        "expected 'on' or 'off' for 'rfc5961', got 'maybe'");
  check(one_error(kTwoHosts + "set server syn-retries 3x\n"), 3, 24, "expected a whole number, got '3x'");
  check(one_error(kTwoHosts + "set server syn-linear-timeouts 300\n"), 3, 32,
        "'syn-linear-timeouts' must be between 0 and 255, got 300");
  check(one_error(kTwoHosts + "set server syn-linear-timeouts -1\n"), 3, 32, "number '-1' is negative");
  check(one_error(kTwoHosts + "set server abort-on-overflow maybe\n"), 3, 30,
        "expected 'on' or 'off' for 'abort-on-overflow', got 'maybe'");
  check(one_error(kTwoHosts + "at 1s client setsockopt keepidle 0s\n"), 3, 34,
        "'keepidle' must be between 1s and 720h, got 0s");
}

TEST_CASE("parser: a bare number where a duration is expected", "[parser]") {
  check(one_error(kTwoHosts + "at 100 client close\n"), 3, 4, "duration '100' has no unit", "write '100ms' or '100s'");
  check(one_error(kTwoHosts + "at +5 client close\n"), 3, 5, "duration '5' has no unit", "write '5ms' or '5s'");
  check(one_error(kTwoHosts + "at -5ms client close\n"), 3, 4, "duration '-5ms' is negative");
}

TEST_CASE("parser: port out of range", "[parser]") {
  check(one_error(kTwoHosts + "at 1s server listen 70000\n"), 3, 21, "port 70000 is out of range (1..65535)");
  check(one_error(kTwoHosts + "at 1s server listen 0\n"), 3, 21, "port 0 is out of range (1..65535)");
  check(one_error(kTwoHosts + "at 1s client connect server:http\n"), 3, 29,
        "expected a port number (1..65535), got 'http'");
  check(one_error(kTwoHosts + "at 1s client connect server\n"), 3, 28, "expected a port after 'server'",
        "write 'server:80'");
}

TEST_CASE("parser: missing arguments", "[parser]") {
  check(one_error(kTwoHosts + "at 1s server listen\n"), 3, 20, "expected a port after 'listen'", "e.g. 'listen 80'");
  check(one_error(kTwoHosts + "at 1s client send\n"), 3, 18, "expected text in quotes or a size after 'send'",
        "e.g. send \"hello\" or send 100KB");
  check(one_error(kTwoHosts + "at 1s client recv ->\n"), 3, 21, "expected a result after '->'",
        "e.g. '-> ok', '-> EOF' or '-> ECONNRESET'");
  check(one_error(kTwoHosts + "at\n"), 3, 3, "expected a time after 'at'", "e.g. 'at 100ms' or 'at +50ms'");
  check(one_error(kTwoHosts + "at 1s\n"), 3, 6, "expected a statement after '1s'", "e.g. 'at 100ms client close'");
  check(one_error(kTwoHosts + "title\n"), 3, 6, "expected the title in quotes after 'title'",
        "e.g. title \"Close with unread data\"");
  check(one_error(kTwoHosts + "title Unquoted\n"), 3, 7, "the title must be in quotes", "write title \"...\"");
}

TEST_CASE("parser: unexpected extra words", "[parser]") {
  check(one_error(kTwoHosts + "at 1s client close foo\n"), 3, 20, "unexpected 'foo' after 'close'");
  check(one_error(kTwoHosts + "at 1s client recv 10 -> EOF ok\n"), 3, 29, "unexpected 'ok' after 'EOF'");
  check(one_error(kTwoHosts + "expect client state CLOSED now\n"), 3, 28, "unexpected 'now' after 'CLOSED'");
}

TEST_CASE("parser: bad flag names", "[parser]") {
  check(one_error(kTwoHosts + "expect server sends RST+ACKK\n"), 3, 25, "unknown flag 'ACKK'", "did you mean 'ACK'?");
  check(one_error(kTwoHosts + "expect server sends RST+\n"), 3, 25, "missing flag name in 'RST+'",
        "join flags with '+', e.g. 'RST+ACK'");
  check(one_error(kTwoHosts + "expect no URG from server\n"), 3, 11, "unknown flag 'URG'",
        "flags are SYN, FIN, RST, PSH and ACK, joined with '+'");
}

TEST_CASE("parser: unknown option keywords get did-you-mean", "[parser]") {
  check(one_error(kTwoHosts + "at 1s server listen 80 backlg 5\n"), 3, 24, "unknown option 'backlg' for 'listen'",
        "did you mean 'backlog'?");
  check(one_error(kTwoHosts + "at 1s server accept frm 5\n"), 3, 21, "unknown option 'frm' for 'accept'",
        "options of 'accept': as NAME");
  check(one_error(kTwoHosts + "at 1s client setsockopt lingr 0\n"), 3, 25, "unknown socket option 'lingr'",
        "did you mean 'linger'?");
  check(one_error(kTwoHosts + "at 1s client shutdown wrr\n"), 3, 23, "unknown shutdown direction 'wrr'",
        "did you mean 'wr'?");
  check(one_error(kTwoHosts + "expect server sends RST cnt 2\n"), 3, 25, "unknown option 'cnt' for 'sends'",
        "did you mean 'count'?");
  check(one_error(kTwoHosts + "expect server snds RST\n"), 3, 15, "unknown expectation 'snds'",
        "did you mean 'sends'?");
  check(one_error(kTwoHosts + "expect client state ESTABLISH\n"), 3, 21, "unknown state 'ESTABLISH'",
        "did you mean 'ESTABLISHED'?");
  check(one_error(kTwoHosts + "expect client recv ECONNRESETT\n"), 3, 20, "unknown result 'ECONNRESETT'",
        "did you mean 'ECONNRESET'?");
  check(one_error(kTwoHosts + "at 1s client inject client > server RST seq=rcv.nx+1\n"), 3, 45,
        "unknown variable 'rcv.nx'", "did you mean 'rcv.nxt'?");
  check(one_error(kTwoHosts + "at 1s client inject client server RST\n"), 3, 28,
        "expected '>' between the source and the destination, got 'server'",
        "e.g. 'at 1s fw inject client:4000 > server:80 RST seq=rcv.nxt'");
  check(one_error(kTwoHosts + "limit tme 5s\n"), 3, 7, "unknown limit 'tme'", "did you mean 'time'?");
}

TEST_CASE("parser: only state, sends and nothing expectations can be timed", "[parser]") {
  check(one_error(kTwoHosts + "at 1s expect server recv EOF\n"), 3, 1,
        "only 'expect ... sends', 'expect ... state' and 'expect nothing' can have a time",
        "other expectations cover the whole run; remove 'at ...'");
  check(one_error(kTwoHosts + "at 1s expect no RST from server\n"), 3, 1,
        "only 'expect ... sends', 'expect ... state' and 'expect nothing' can have a time",
        "other expectations cover the whole run; remove 'at ...'");
}

TEST_CASE("parser: strings", "[parser]") {
  check(one_error(kTwoHosts + "at 1s client send \"a\\qb\"\n"), 3, 21, "unknown escape '\\q' in a string",
        "escapes are \\n \\r \\t \\\\ \\\" and \\xHH");
  check(one_error(kTwoHosts + "at 1s client send \"\\x4g\"\n"), 3, 20, "unknown escape '\\x' in a string",
        "write \\x and two hex digits, e.g. \\x00");
  check(one_error(kTwoHosts + "\"hello\"\n"), 3, 1, "a line cannot start with text in quotes",
        "write note \"...\" for narration");
}

TEST_CASE("parser: unterminated string at end of file", "[parser]") {
  const Diagnostic d = one_error(kTwoHosts + "note \"no end");
  check(d, 3, 6, "unterminated string", "end it with '\"' on the same line");
  CHECK(d.format() ==
        "t.scn:3:6: error: unterminated string\n"
        "    3 | note \"no end\n"
        "      |      ^~~~~~~\n"
        "hint: end it with '\"' on the same line");
}

TEST_CASE("parser: empty file has no hosts", "[parser]") {
  const Diagnostic d = one_error("");
  check(d, 0, 0, "no hosts declared", "declare one with 'host client'");
  CHECK(d.format() == "t.scn: error: no hosts declared\nhint: declare one with 'host client'");
  CHECK(one_error("# just a comment\n\n").message == "no hosts declared");
}

TEST_CASE("parser: errors on several lines are all reported in line order", "[parser]") {
  ParseResult r = parse("host a\nat 1s b close\nat 1s a clse\nlink a zz\nat 1 a close\n");
  REQUIRE(r.errors.size() == 4);
  check(r.errors[0], 2, 7, "unknown host 'b'", "hosts in this file: a");
  check(r.errors[1], 3, 9, "unknown call 'clse'", "did you mean 'close'?");
  check(r.errors[2], 4, 8, "unknown node 'zz'", "nodes in this file: a");
  check(r.errors[3], 5, 4, "duration '1' has no unit", "write '1ms' or '1s'");
}

TEST_CASE("parser: at most 20 errors are reported", "[parser]") {
  std::string text = "host a\n";
  for (int i = 0; i < 1000; ++i) text += "at 1s a frob\n";
  ParseResult r = parse(text);
  REQUIRE(r.errors.size() == 21);
  CHECK(r.errors[19].line == 21);
  CHECK(r.errors[20].line == 0);
  CHECK(r.errors[20].message == "too many errors: stopped reading after line 21");
}

TEST_CASE("parser: a missing file is one diagnostic without a line", "[parser]") {
  ParseResult r = parse_scenario_file("/nonexistent/dir/x.scn");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  check(r.errors[0], 0, 0, "cannot open '/nonexistent/dir/x.scn': No such file or directory");
  CHECK(r.errors[0].format() ==
        "/nonexistent/dir/x.scn: error: cannot open '/nonexistent/dir/x.scn': No such file or directory");
}

TEST_CASE("parser: a file on disk parses like text", "[parser]") {
  char path[] = "/tmp/tcpsim-parser-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  FILE* f = fdopen(fd, "w");
  std::fputs("host a\nhost b\n", f);
  std::fclose(f);
  ParseResult r = parse_scenario_file(path);
  std::remove(path);
  REQUIRE(r.ok());
  CHECK(r.scenario->file == path);
  CHECK(r.scenario->hosts.size() == 2);
}

// ---------------------------------------------------------------------------------------------
// Robustness

TEST_CASE("parser: NUL bytes and invalid UTF-8 are errors, not crashes", "[parser]") {
  ParseResult r = parse(std::string("host a\0b\nhost c\n\xff\xfe\n", 19));
  REQUIRE(r.errors.size() == 2);
  check(r.errors[0], 1, 6, "invalid name 'a\\x00b'",
        "a name starts with a letter and has only letters, digits, '-' and '_'");
  check(r.errors[1], 3, 1, "unknown statement '\\xFF\\xFE'",
        "a line starts with a keyword such as 'host', 'link' or 'expect', or with 'at TIME'");
  CHECK(r.errors[1].format() ==
        "t.scn:3:1: error: unknown statement '\\xFF\\xFE'\n"
        "    3 | ??\n"
        "      | ^~\n"
        "hint: a line starts with a keyword such as 'host', 'link' or 'expect', or with 'at TIME'");
  // Inside a string every byte is data.
  const Scenario s = ok(std::string("host a\nat 1s a send \"") + '\0' + "\xff\"\n");
  CHECK(what<CallAction>(s.actions[0]).text == std::string("\0\xff", 2));
}

TEST_CASE("parser: a giant number is an error, not overflow", "[parser]") {
  const std::string digits(500, '9');
  check(one_error("host a\nat " + digits + "ms a close\n"), 2, 4,
        "duration '9999999999999999999999999999999999999999...' is too large", "durations must be under 292 years");
  check(one_error("host a\nseed " + digits + "\n"), 2, 6,
        "number '9999999999999999999999999999999999999999...' is too large (at most 18446744073709551615)");
  check(one_error("host a\nat 1s a listen " + digits + "\n"), 2, 16,
        "port 9999999999999999999999999999999999999999... is out of range (1..65535)");
  check(one_error("host a\nat 1s a send 0." + digits + "KB\n"), 2, 14,
        "size '0.99999999999999999999999999999999999999...' is not a whole number of bytes");
  // A relative time that would pass the largest time.
  check(one_error("host a\nat 9223372036854775807ns a close\nat +1ns a close\n"), 3, 4, "time '+1ns' is too large");
}

TEST_CASE("parser: huge inputs are read whole and their errors cut short", "[parser]") {
  // (How fast is the benchmark's business: tcpsim-bench parses 10,000 connections. Here only what
  // comes out; ctest's timeout catches a parser that never finishes.)
  // A 10 MB line.
  ParseResult big = parse("host a\nat 1s a send \"" + std::string(10'000'000, 'x') + "\"\n");
  REQUIRE(big.ok());
  CHECK(what<CallAction>(big.scenario->actions[0]).text.size() == 10'000'000);
  // A 10 MB word in an error: the message and the shown line are cut short.
  ParseResult bad = parse("host a\nat 1s " + std::string(10'000'000, 'y') + " close\n");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message == "unknown host '" + std::string(40, 'y') + "...'");
  CHECK(bad.errors[0].message.size() < 100);
  CHECK(bad.errors[0].format().size() < 1000);
  // 100k lines.
  std::string many = "host a\n";
  for (int i = 0; i < 100'000; ++i) many += "at +1ms a send 10KB\n";
  ParseResult r = parse(many);
  REQUIRE(r.ok());
  CHECK(r.scenario->actions.size() == 100'000);
  CHECK(r.scenario->actions.back().at == 100'000 * kMs);
  // 100k lines with a name error each.
  std::string wrong = "host a\n";
  for (int i = 0; i < 100'000; ++i) wrong += "at 1s b close\n";
  ParseResult w = parse(wrong);
  REQUIRE(w.errors.size() == 21);
  CHECK(w.errors[20].message == "too many errors: 99980 more not shown");
}

TEST_CASE("parser: more than 16 MiB is refused", "[parser]") {
  const Diagnostic d = one_error(std::string((16u << 20) + 1, '#'));
  CHECK(d.line == 0);
  CHECK(d.message == "scenario is too large (16777217 bytes; the limit is 16 MiB)");
}

TEST_CASE("parser: too many words on a line", "[parser]") {
  std::string line = "host a\nat 1s a close";
  for (int i = 0; i < 2000; ++i) line += " x";
  const Diagnostic d = one_error(line + "\n");
  CHECK(d.line == 2);
  CHECK(d.message == "too many words on one line (at most 1000)");
}

// ---------------------------------------------------------------------------------------------
// Diagnostic

TEST_CASE("diagnostic: format keeps the caret under tabs and multibyte characters", "[parser]") {
  Diagnostic d;
  d.file = "f.scn";
  d.line = 12;
  d.col = 9;
  d.message = "unknown host 'x'";
  d.source_line = "\tat 1s é x close";  // 'é' is two bytes, one column on screen
  CHECK(d.format() ==
        "f.scn:12:9: error: unknown host 'x'\n"
        "   12 | \tat 1s é x close\n"
        "      | \t      ^");
}

TEST_CASE("diagnostic: format of a caret past the end of the line", "[parser]") {
  Diagnostic d;
  d.file = "f.scn";
  d.line = 123456;
  d.col = 7;
  d.message = "expected a port after 'listen'";
  d.hint = "e.g. 'listen 80'";
  d.source_line = "listen";
  CHECK(d.format() ==
        "f.scn:123456:7: error: expected a port after 'listen'\n"
        "123456 | listen\n"
        "       |       ^\n"
        "hint: e.g. 'listen 80'");
}

TEST_CASE("diagnostic: a long line is shown as a window around the column", "[parser]") {
  Diagnostic d;
  d.file = "f.scn";
  d.line = 1;
  d.col = 1001;
  d.message = "m";
  d.source_line = std::string(1000, 'a') + "bad" + std::string(1000, 'c');
  CHECK(d.format() ==
        "f.scn:1:1001: error: m\n"
        "    1 | ..." +
            std::string(80, 'a') + "bad" + std::string(77, 'c') +
            "...\n"
            "      |    " +
            std::string(80, ' ') + "^" + std::string(79, '~'));
}

TEST_CASE("did_you_mean: closest candidate within two edits", "[parser]") {
  const std::vector<std::string> names = {"client", "server", "fw"};
  CHECK(did_you_mean("sever", names) == "server");
  CHECK(did_you_mean("clinet", names) == "client");  // a transposition is one edit
  CHECK(did_you_mean("SERVER", names) == "server");  // case-insensitive
  CHECK(did_you_mean("svr", names) == "");           // three edits
  CHECK(did_you_mean("fx", names) == "fw");
  CHECK(did_you_mean("rd", {"wr"}) == "");  // would replace the whole word
  CHECK(did_you_mean("", names) == "");
  CHECK(did_you_mean("server", names) == "");  // not a typo
  CHECK(did_you_mean("x", {}) == "");
}

TEST_CASE("parser: every setting key is accepted with a value in range", "[parser]") {
  for (const SettingInfo& info : setting_keys()) {
    std::string value;
    switch (info.type) {
      case SettingType::Duration:
        value = format_duration(info.max);
        break;
      case SettingType::Bytes:
      case SettingType::Count:
        value = std::to_string(info.max);
        break;
      case SettingType::Bool:
        value = "on";
        break;
    }
    INFO(std::string(info.key) << " " << value);
    const Scenario s = ok("host a\nset a " + std::string(info.key) + " " + value + "\n");
    REQUIRE(s.settings.size() == 1);
    CHECK(s.settings[0].value == (info.type == SettingType::Bool ? 1 : info.max));
  }
}

// ---------------------------------------------------------------------------------------------
// NAT forget

TEST_CASE("parser: 'at T NAT forget' is an action naming the nat", "[parser][forget]") {
  const Scenario s = ok(kTwoHosts + "nat gw idle 300s\nat 2s gw forget\nat 3s gw forget twin\n");
  REQUIRE(s.actions.size() == 2);
  CHECK(what<ForgetFlowsAction>(s.actions[0]).middlebox == "gw");
  CHECK(s.actions[0].at == sec(2));
  CHECK(s.actions[0].loc.line == 4);
  CHECK(s.actions[0].loc.col == 7);
  CHECK(s.actions[0].variant == Variant::Both);
  CHECK(s.actions[1].variant == Variant::TwinOnly);
  // Names are checked once the whole file is read: the nat may be declared after the line.
  const Scenario later = ok(kTwoHosts + "at 1s gw forget\nnat gw idle 1s\n");
  CHECK(what<ForgetFlowsAction>(later.actions[0]).middlebox == "gw");
}

TEST_CASE("parser: only a nat can forget, at a time, and nothing follows 'forget'", "[parser][forget]") {
  const std::string hint = "a nat keeps a flow table: declare one with 'nat NAME idle DURATION' on the path";
  check(one_error(kTwoHosts + "firewall fw\nat 1s fw forget\n"), 4, 7,
        "'fw' is a firewall and tracks no flows: only a nat can forget", hint);
  check(one_error(kTwoHosts + "at 1s server forget\n"), 3, 7,
        "'server' is a host and tracks no flows: only a nat can forget", hint);
  check(one_error(kTwoHosts + "at 1s client connect server:80 as conn\nat 2s conn forget\n"), 4, 7,
        "'conn' is a socket and tracks no flows: only a nat can forget", hint);
  check(one_error(kTwoHosts + "nat gw idle 1s\nat 1s gx forget\n"), 4, 7, "unknown nat 'gx'", "did you mean 'gw'?");
  check(one_error(kTwoHosts + "at 1s gw forget\n"), 3, 7, "unknown nat 'gw'",
        "declare one with 'nat NAME idle DURATION'");
  check(one_error(kTwoHosts + "nat gw idle 1s\ngw forget\n"), 4, 1, "missing time: write 'at 100ms gw forget'");
  check(one_error(kTwoHosts + "nat gw idle 1s\nat 1s gw forget all\n"), 4, 17, "unexpected 'all' after 'forget'");
  check(one_error(kTwoHosts + "nat gw idle 1s\nat 1s gw forgot\n"), 4, 10, "unknown call 'forgot'",
        "did you mean 'forget'?");
}
