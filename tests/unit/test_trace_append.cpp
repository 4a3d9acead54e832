// The trace is append-only (issue 11): a segment's record is what was sent, its fate is in the events
// that refer to it, and one index (Trace::fates(), read through Trace::fate()) finds them.
#include "scenario_helpers.hpp"

#include <type_traits>

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {

// Reading a trace's segments or events gives const elements or copies (events are stored packed and
// read back as values): a write-back does not compile.
template <typename T>
constexpr bool kReadOnly = !std::is_lvalue_reference_v<T> || std::is_const_v<std::remove_reference_t<T>>;
static_assert(kReadOnly<decltype(std::declval<Trace&>().segments[0])>);
static_assert(kReadOnly<decltype(std::declval<Trace&>().events[0])>);
static_assert(kReadOnly<decltype(*std::declval<Trace&>().segments.begin())>);
static_assert(kReadOnly<decltype(std::declval<Trace&>().events.back())>);
static_assert(kReadOnly<decltype(std::declval<Trace&>().conns[0])>);
static_assert(kReadOnly<decltype(std::declval<Trace&>().calls[0])>);
static_assert(kReadOnly<decltype(*std::declval<Trace&>().calls.begin())>);
static_assert(kReadOnly<decltype(std::declval<Trace&>().calls.original(0))>);

bool same_record(const SegmentRecord& a, const SegmentRecord& b) {
  const Segment& x = a.seg;
  const Segment& y = b.seg;
  return x.src == y.src && x.dst == y.dst && x.seq == y.seq && x.ack == y.ack && x.flags == y.flags && x.wnd == y.wnd &&
         x.mss == y.mss && x.data.stream == y.data.stream && x.data.offset == y.data.offset && x.data.len == y.data.len &&
         a.sent_at == b.sent_at && a.conn == b.conn && a.from == b.from && a.to == b.to && a.rule == b.rule &&
         a.reply_to == b.reply_to && a.dup_of == b.dup_of && a.line == b.line;
}

bool same_event(const Event& a, const Event& b) {
  return a.t == b.t && a.type == b.type && a.a == b.a && a.b == b.b && a.rule == b.rule && a.node == b.node &&
         a.conn == b.conn && a.ref == b.ref && a.value == b.value;
}

/// The event at `index`, which must exist.
Event event_at(const Trace& t, uint32_t index) {
  REQUIRE(index < t.events.size());
  return t.events[index];
}

}  // namespace

TEST_CASE("trace: a run cut short is a prefix of the whole run (nothing changes once appended)") {
  // A record written back after it was appended (a drop reason, a verdict) would differ between the
  // run stopped at that point and the run that went on.
  for (const std::string& f : library_files()) {
    INFO(f);
    ParseResult r = parse_scenario_file(f);
    REQUIRE(r.ok());
    for (RunKind k : {RunKind::Fault, RunKind::Twin}) {
      if (k == RunKind::Twin && !r.scenario->has_twin()) continue;
      const Trace whole = run_scenario(*r.scenario, k);
      for (uint64_t limit : {16u, 128u, 1024u}) {
        Scenario cut = *r.scenario;
        cut.event_limit = std::min(cut.event_limit, limit);
        const Trace part = run_scenario(cut, k);
        INFO("limit " << limit);
        REQUIRE(part.segments.size() <= whole.segments.size());
        REQUIRE(part.events.size() <= whole.events.size());
        for (size_t i = 0; i < part.segments.size(); ++i) {
          INFO("segment #" << i + 1);
          CHECK(same_record(part.segments[i], whole.segments[i]));
        }
        for (size_t i = 0; i < part.events.size(); ++i) {
          INFO("event " << i);
          CHECK(same_event(part.events[i], whole.events[i]));
        }
        // Connections and calls as they were appended (what they learned later is appended apart).
        REQUIRE(part.conns.size() <= whole.conns.size());
        REQUIRE(part.calls.size() <= whole.calls.size());
        for (size_t i = 0; i < part.conns.size(); ++i) {
          const ConnRecord& x = part.conns.original(i);
          const ConnRecord& y = whole.conns.original(i);
          CHECK((x.id == y.id && x.node == y.node && x.tuple == y.tuple && x.iss == y.iss &&
                 x.irs_known == y.irs_known && x.name == y.name && x.created == y.created));
        }
        for (size_t i = 0; i < part.calls.size(); ++i) {
          const CallRecord& x = part.calls.original(i);
          const CallRecord& y = whole.calls.original(i);
          CHECK((x.id == y.id && x.conn == y.conn && x.args == y.args && x.issued == y.issued &&
                 x.returned == y.returned && x.data_len == y.data_len));
        }
      }
    }
  }
}

TEST_CASE("fates: a delivered segment ends at its receiver, told by its segment-delivered event") {
  const Trace t = run_text(R"(host client
host server
link client server delay 20ms
at 0ms server listen 80
at 0ms client connect server:80
)");
  REQUIRE(t.segments.size() == 3);
  const SegmentFate syn = t.fate(0);
  CHECK(syn.outcome == Outcome::Delivered);
  CHECK(syn.end_node == t.node_by_name("server"));
  CHECK(syn.end_link == kNoLink);
  CHECK(syn.end_at == ms(20));
  CHECK(syn.drop == DropReason::None);
  CHECK(syn.verdict == Rule::None);
  CHECK(syn.verdict_event == kNoEvent);
  const Event& e = event_at(t, syn.end_event);
  CHECK(e.type == EventType::SegmentDelivered);
  CHECK(e.ref == 0);
  CHECK(t.fates().size() == t.segments.size());
}

TEST_CASE("fates: a segment lost on a link dies halfway along it") {
  const Trace t = run_text(R"(host client
host server
link client server delay 20ms loss 100%
at 0ms server listen 80
at 0ms client connect server:80
)");
  REQUIRE(!t.segments.empty());
  const SegmentFate syn = t.fate(0);
  CHECK(syn.outcome == Outcome::Dropped);
  CHECK(syn.drop == DropReason::Loss);
  CHECK(syn.end_node == kNoNode);
  CHECK(syn.end_link == 0);
  CHECK(syn.end_at == ms(10));
  CHECK(syn.line == 0);
  const Event& e = event_at(t, syn.end_event);
  CHECK(e.type == EventType::SegmentDropped);
  CHECK(drop_link(e) == 0);
  CHECK(drop_line(e) == 0);
}

TEST_CASE("fates: a firewall rule's drop names the rule's line; the segment's record keeps its own") {
  const Trace t = run_text(R"(host client
host server
firewall fw
link client fw delay 5ms
link fw server delay 5ms
at 0ms server listen 80
rule fw drop from client to server:80
at 0ms client connect server:80
)");
  REQUIRE(!t.segments.empty());
  const SegmentFate syn = t.fate(0);
  CHECK(syn.outcome == Outcome::Dropped);
  CHECK(syn.drop == DropReason::Firewall);
  CHECK(syn.end_node == t.node_by_name("fw"));
  CHECK(syn.end_link == kNoLink);
  CHECK(syn.end_at == ms(5));
  CHECK(syn.line == 7);
  CHECK(syn.verdict == Rule::None);  // A silent drop; a reject's rule would be its verdict.
  CHECK(t.segments[0].line == 0);
  const Event& e = event_at(t, syn.end_event);
  CHECK(drop_line(e) == 7);
  CHECK(drop_link(e) == kNoLink);
  const nlohmann::json j = trace_to_json(t);
  CHECK(j.at("segments")[0].at("line") == 7);
  CHECK(j.at("events")[syn.end_event].at("line") == 7);
  CHECK(j.at("events")[syn.end_event].at("link") == kNoLink);
}

TEST_CASE("fates: a segment the receiving TCP ignores gets a segment-ignored event with its rule") {
  const Trace t = run_text(R"(host client
host server
host attacker
link client server delay 10ms
link attacker server delay 1ms
at 0ms server listen 80
at 0ms client connect server:80 from 40000
at 100ms attacker inject client:40000 > server:80 RST seq=rcv.nxt+100
)");
  const size_t i = t.segments.size() - 2;  // the injected RST, then the challenge ACK
  REQUIRE(t.segments[i].rule == Rule::Injected);
  CHECK(t.segments[i].line == 8);
  const SegmentFate rst = t.fate(i);
  CHECK(rst.outcome == Outcome::Delivered);  // It arrived; its receiver said no.
  CHECK(rst.verdict == Rule::ChallengeAckRst);
  CHECK(rst.line == 8);
  REQUIRE(rst.verdict_event != kNoEvent);
  CHECK(rst.verdict_event > rst.end_event);
  const Event& v = event_at(t, rst.verdict_event);
  CHECK(v.type == EventType::SegmentIgnored);
  CHECK(v.ref == i);
  CHECK(v.rule == Rule::ChallengeAckRst);
  CHECK(v.t == rst.end_at);
  CHECK(v.node == t.node_by_name("server"));
  REQUIRE(v.conn != 0);
  CHECK(t.conn(v.conn).node == t.node_by_name("server"));
  // Before the challenge ACK it decided to send.
  CHECK(event_at(t, rst.verdict_event + 1).type == EventType::SegmentSent);
  CHECK(event_at(t, rst.verdict_event + 1).ref == i + 1);
  const nlohmann::json j = trace_to_json(t);
  CHECK(j.at("events")[rst.verdict_event].at("type") == "segment-ignored");
  CHECK(j.at("events")[rst.verdict_event].at("rule") == "challenge-ack-rst");
  CHECK(j.at("segments")[i].at("verdict") == "challenge-ack-rst");
}

TEST_CASE("fates: a RST for a closed port is ignored without a connection") {
  const Trace t = run_text(R"(host client
host server
host attacker
link client server delay 10ms
link attacker server delay 1ms
at 0ms attacker inject client:40000 > server:80 RST seq=5
)");
  REQUIRE(t.segments.size() == 1);
  const SegmentFate rst = t.fate(0);
  CHECK(rst.outcome == Outcome::Delivered);
  CHECK(rst.verdict == Rule::DropRstNoConnection);
  CHECK(event_at(t, rst.verdict_event).conn == 0);
}

TEST_CASE("fates: the index extends itself over what the trace appended since it last looked") {
  Trace t;
  t.nodes.push_back({"a", NodeKind::Host, 1});
  t.nodes.push_back({"b", NodeKind::Host, 2});
  SegmentRecord s;
  s.from = 0;
  s.to = 1;
  s.line = 4;
  t.segments.push_back(s);
  Event sent{};
  sent.type = EventType::SegmentSent;
  t.events.push_back(sent);
  CHECK(t.fate(0).outcome == Outcome::InFlight);
  CHECK(t.fate(0).line == 4);
  t.segments.push_back(s);
  Event delivered{};
  delivered.t = ms(7);
  delivered.type = EventType::SegmentDelivered;
  delivered.node = 1;
  t.events.push_back(delivered);
  t.events.push_back(drop_event(1, 0, DropReason::Firewall, 1, kNoLink, 9, Rule::FirewallReject));
  REQUIRE(t.fates().size() == 2);
  CHECK(t.fate(0).outcome == Outcome::Delivered);
  CHECK(t.fate(0).end_at == ms(7));
  CHECK(t.fate(0).end_event == 1);
  CHECK(t.fate(1).outcome == Outcome::Dropped);
  CHECK(t.fate(1).line == 9);
  CHECK(t.fate(1).verdict == Rule::FirewallReject);
  CHECK(t.fate(1).end_event == 2);
}

TEST_CASE("conns and calls: what a record learns later is appended apart, and read back merged") {
  const Trace t = run_text(R"(host client
host server
link client server delay 20ms
at 0ms server listen 80
at 0ms server accept as s
at 0ms client connect server:80 as c
at 100ms client send "hello"
at 100ms s recv
)");
  REQUIRE(t.conns.size() == 3);  // the listener, the client's, the server's
  for (size_t i = 1; i < 3; ++i) {
    INFO("conn " << i + 1);
    // Appended before its SYN arrived (or was answered): the peer's ISN came later.
    CHECK_FALSE(t.conns.original(i).irs_known);
    const ConnLearned* l = t.conns.latest(i);
    REQUIRE(l);
    CHECK(t.conns[i].irs_known);
    CHECK(t.conns[i].name == l->name);
    CHECK(t.conns[i].irs == l->irs);
  }
  // The client learns the server's ISN with its SYN+ACK: the event it holds from is ESTABLISHED.
  const ConnRecord client = t.conns[1];
  CHECK(client.name == "c");
  CHECK(t.conns.original(1).name.empty());
  const Event learned = t.events[t.conns.latest(1)->event];
  CHECK(learned.type == EventType::StateChanged);
  CHECK(learned.conn == 2);
  CHECK(static_cast<State>(learned.b) == State::Established);
  // A call record holds what was known when it was made; its return is a CallReturn appended with
  // its app-return event.
  REQUIRE(t.calls.size() == 5);
  for (size_t i = 0; i < t.calls.size(); ++i) {
    INFO("call " << i + 1);
    CHECK(t.calls.original(i).returned == -1);
    REQUIRE(t.calls.latest(i));
    CHECK(t.calls[i].returned == t.calls.latest(i)->returned);
    CHECK(t.calls[i].returned >= 0);
  }
  const CallRecord accept = t.calls[1];
  CHECK(t.calls.original(1).conn == 0);  // accept() learns its connection when it returns
  CHECK(accept.conn == 3);
  CHECK(accept.blocked);
  const CallRecord recv = t.calls[4];
  CHECK(t.calls.original(4).data.empty());
  CHECK(recv.data == "hello");
  CHECK(recv.data_len == 5);
  CHECK(recv.blocked);
}
