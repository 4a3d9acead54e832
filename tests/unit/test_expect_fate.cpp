// Expectations on what happened to a segment or a call (`ignores`, `drops`, `gets SIGPIPE`,
// `forgets`), `after` triggers (what fires, when, exactly once) and inject's len=/mss= on the wire.
// docs/scenario-format.md#expectations and #triggers-after- describe them.
#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <sstream>

#include "export/pcapng.hpp"
#include "expect_helpers.hpp"

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {

std::string library_text(const std::string& name) {
  std::ifstream f(std::string(TCPSIM_SCENARIO_DIR) + "/" + name);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

const std::string& kBase = kCloseUnread;

const std::string kFirewall =
    "host client\n"
    "host server\n"
    "firewall fw\n"
    "link client fw delay 5ms\n"
    "link fw server delay 5ms\n"
    "at 0ms   server listen 80\n"
    "at 0ms   client connect server:80\n"
    "at 50ms  rule fw drop from client to server:80\n"
    "at 100ms client send \"hello\"\n";

}  // namespace

TEST_CASE("check: ESTABLISHED server ignores a blind RST (RFC 5961 §3.2) but accepts one with rfc5961 off", "[expect]") {
  const std::string text = library_text("15-blind-rst-challenge-ack.scn");
  auto r = verdicts_of(text, "expect server ignores RST from attacker\nexpect server ignores no RST\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].passed);
  CHECK(r[1].message.rfind("expected server to ignore no RST, got RST seq=1006 win=0 at 1.005s ignored (", 0) == 0);
  // The graceful twin has no attacker's RST at all.
  r = verdicts_of(text, "expect server ignores RST twin\n", RunKind::Twin);
  REQUIRE(r.size() == 1);
  CHECK(r[0].message == "expected server to ignore RST, but no RST reached server");
}

TEST_CASE("check: ESTABLISHED client accepts the server's RST+ACK: 'ignores' fails and says so", "[expect]") {
  const auto r = verdicts_of(kBase, "expect client ignores RST+ACK\nexpect client ignores no RST+ACK\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].message ==
        "expected client to ignore RST+ACK, but client accepted it: RST+ACK seq=1 ack=6 win=65530 at 0.210s");
  CHECK(r[1].passed);
}

TEST_CASE("check: a firewall's drop rule drops the client's data; 'drops' names the rule's line", "[expect]") {
  const auto r = verdicts_of(kFirewall, "expect fw drops PSH+ACK from client to server\n"
                                        "expect fw drops no PSH+ACK\n"
                                        "expect fw drops SYN\n"
                                        "expect fw drops PSH+ACK from server\n");
  REQUIRE(r.size() == 4);
  CHECK(r[0].passed);
  CHECK(r[1].message ==
        "expected fw to drop no PSH+ACK, got PSH+ACK seq=1 ack=1 len=5 win=65535 at 0.105s dropped by a rule (line 8)");
  CHECK(r[2].message == "expected fw to drop SYN, but it dropped none");
  CHECK(r[3].message == "expected fw to drop PSH+ACK from server, but it dropped none");
}

TEST_CASE("check: send() after a reset raises SIGPIPE with EPIPE (Linux), and not before", "[expect]") {
  const std::string text = library_text("17-write-after-rst.scn");
  auto r = verdicts_of(text, "expect client gets SIGPIPE\nexpect client gets no SIGPIPE\nexpect server gets no SIGPIPE\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].passed);
  CHECK(r[1].message.rfind("expected client to get no SIGPIPE, got one: send(", 0) == 0);
  CHECK(r[1].message.find(") at 0.350s (line ") != std::string::npos);
  CHECK(r[1].message.find("returned -1 EPIPE (Broken pipe), SIGPIPE") != std::string::npos);
  CHECK(r[2].passed);
  r = verdicts_of(kBase, "expect client gets SIGPIPE\n");
  CHECK(r[0].message == "expected client to get SIGPIPE, but no call of client failed with EPIPE");
}

TEST_CASE("check: a nat forgets an idle flow; 'forgets no flow' names it", "[expect]") {
  const std::string text = library_text("13-nat-idle-timeout.scn");
  auto r = verdicts_of(text, "expect gw forgets flow of client\nexpect gw forgets no flow\nexpect gw forgets no flow twin\n");
  REQUIRE(r.size() == 2);  // the twin line is checked in the twin only
  CHECK(r[0].passed);
  CHECK(r[1].message.rfind("expected gw to forget no flow, but it forgot 10.0.0.1:", 0) == 0);
  CHECK(r[1].message.find(" <-> 10.0.0.2:80 at 60.") != std::string::npos);
  CHECK(r[1].message.find("(idle since 0.") != std::string::npos);
  // In the twin the keepalives keep the flow alive through the quiet minute; it idles out only
  // after both sides closed (95s + 60s).
  r = verdicts_of(text, "expect gw forgets no flow twin\n", RunKind::Twin);
  REQUIRE(r.size() == 1);
  CHECK(r[0].message.find(" at 155.030s (idle since 95.030s)") != std::string::npos);
  r = verdicts_of(kBase, "nat gw idle 1s\nexpect gw forgets flow\n");
  CHECK(r[0].message == "expected gw to forget a flow, but it forgot none by the end of the run (0.210s)");
}

TEST_CASE("trigger: after NODE sends FLAGS fires once, at the send, plus its delay", "[trigger]") {
  const Trace t = run_text(kBase + "after client sends ACK client send \"x\"\n"
                                   "after server sends RST+ACK +5ms client recv -> ECONNRESET\n");
  const std::vector<CallRecord> calls = calls_of(t, "client");
  // connect, send("hello"), the triggered send("x"), the triggered recv: the client sends many ACKs,
  // but the trigger fired on the first (the handshake's, at 20ms) only.
  REQUIRE(calls.size() == 4);
  const CallRecord& x = call_on_line(t, 9);
  CHECK(x.kind == CallKind::Send);
  CHECK(x.issued == ms(20));
  const CallRecord& rv = call_on_line(t, 10);
  CHECK(rv.issued == ms(205));
  CHECK(rv.err == Errno::ConnReset);
  CHECK(rv.returned == ms(210));
}

TEST_CASE("trigger: a call that sets off its own trigger does not loop", "[trigger]") {
  const Trace t = run_text(kBase + "after client send returns client send \"again\"\n");
  std::vector<CallRecord> sends;
  for (const CallRecord& c : calls_of(t, "client")) {
    if (c.kind == CallKind::Send) sends.push_back(c);
  }
  REQUIRE(sends.size() == 2);
  CHECK(sends[1].line == 9);
  CHECK(sends[1].issued == ms(100));  // right after send("hello") returned, on the same thread
}

TEST_CASE("trigger: state, returns with a result, forgets; one that never fires does nothing", "[trigger]") {
  // The triggered send() leaves "hello" unread, so close() still resets (RFC 1122 §4.2.2.13) and the
  // server never sends FIN+ACK.
  const Trace t = run_text(kBase + "after client state CLOSED +1s note \"client gone\"\n"
                                   "after server accept returns ok server send \"hi\"\n"
                                   "after server sends FIN+ACK client close\n");
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0].t == ms(210) + sec(1));  // the RST+ACK reaches the client at 210ms
  CHECK(call_on_line(t, 10).issued == ms(150));
  for (const CallRecord& c : t.calls) CHECK(c.line != 11);
  const std::string nat = library_text("13-nat-idle-timeout.scn") + "after gw forgets flow note \"forgot\"\n";
  const Trace n = run_text(nat);
  const auto forgot = std::find_if(n.notes.begin(), n.notes.end(), [](const NoteRecord& r) { return r.text == "forgot"; });
  REQUIRE(forgot != n.notes.end());
  Time forgotten_at = -1;
  for (size_t i = 0; i < n.events.size(); ++i) {
    if (n.events[i].type == EventType::FlowForgotten && forgotten_at < 0) forgotten_at = n.events[i].t;
  }
  CHECK(forgot->t == forgotten_at);
}

TEST_CASE("trigger: a twin-only triggered action runs in the twin only", "[trigger]") {
  const std::string text = kBase + "after server sends RST+ACK client recv twin\n";
  CHECK(calls_of(run_text(text, RunKind::Fault), "client").size() == 2);  // connect, send: not watched here
  CHECK(calls_of(run_text(text, RunKind::Twin), "client").size() == 3);   // the twin closes alike: it fires
}

TEST_CASE("inject: len=N carries N generated bytes and mss=N the MSS option, in the trace and pcapng", "[inject]") {
  const Trace t = run_text(kBase + "at 50ms client inject client:4000 > server:81 SYN seq=7 mss=536\n"
                                   "at 60ms client inject client:4001 > server:80 ACK seq=1 len=1000\n");
  std::optional<SegmentRecord> syn;
  std::optional<SegmentRecord> data;
  for (size_t i = 0; i < t.segments.size(); ++i) {
    if (t.segments[i].line == 9) syn = t.segments[i];
    if (t.segments[i].line == 10) data = t.segments[i];
  }
  REQUIRE(syn);
  REQUIRE(data);
  CHECK(syn->seg.mss == 536);
  CHECK(data->seg.data.len == 1000);
  CHECK(t.payload(*data).size() == 1000);
  // The capture carries the option's real bytes: kind 2, length 4, 536 = 0x0218 (RFC 9293 §3.2).
  const Pcapng cap = export_pcapng(t, PcapngOptions{});
  CHECK(cap.bytes.find(std::string("\x02\x04\x02\x18", 4)) != std::string::npos);
}
