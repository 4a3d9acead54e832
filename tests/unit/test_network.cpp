// The simulated network: links, faults, middleboxes, crash and restart, determinism.
#include "scenario_helpers.hpp"

#include <algorithm>
#include <optional>

#include "net/event_queue.hpp"
#include "net/rng.hpp"
#include "render/event_text.hpp"

using namespace tcpsim;
using namespace tcpsim::testing;

TEST_CASE("event queue: equal times pop in insertion order") {
  EventQueue<int> q;
  REQUIRE(q.push(ms(5), 1));
  REQUIRE(q.push(ms(1), 2));
  REQUIRE(q.push(ms(5), 3));
  REQUIRE(q.push(ms(1), 4));
  Time t = 0;
  CHECK(q.pop(&t) == 2);
  CHECK(q.pop(&t) == 4);
  CHECK(q.pop(&t) == 1);
  CHECK(q.pop(&t) == 3);
  CHECK(t == ms(5));
  CHECK(q.empty());
}

TEST_CASE("event queue: lanes pop in exactly the order of one heap, in order or not") {
  // Lane 0 in order (a constant-delay link), lane 1 sometimes out of order (jitter: those go to the
  // heap by themselves), and lone events: the order out is by (time, insertion) all the same.
  EventQueue<int> q;
  std::vector<std::pair<Time, int>> want;
  Rng r(7);
  Time base = 0;
  int n = 0;
  for (int round = 0; round < 200; ++round) {
    for (int k = 0; k < 3; ++k) {
      const Time t0 = base + ms(10) + ms(static_cast<Time>(round % 4));
      const Time t1 = base + ms(static_cast<Time>(r.below(20)));
      const Time t2 = base + ms(static_cast<Time>(r.below(30)));
      REQUIRE(q.push(t0, n, 0));
      want.push_back({t0, n++});
      REQUIRE(q.push(t1, n, 1));
      want.push_back({t1, n++});
      REQUIRE(q.push(t2, n));
      want.push_back({t2, n++});
    }
    // Take out what is due before the next round's earliest time, as the simulation does.
    base += ms(5);
    while (!q.empty() && q.next_time() < base) {
      Time t = 0;
      const int got = q.pop(&t);
      const auto it = std::min_element(want.begin(), want.end());
      REQUIRE(got == it->second);
      CHECK(t == it->first);
      want.erase(it);
    }
  }
  CHECK(q.size() == want.size());
  std::sort(want.begin(), want.end());
  for (const auto& [t, v] : want) {
    Time got_t = 0;
    REQUIRE(q.pop(&got_t) == v);
    CHECK(got_t == t);
  }
  CHECK(q.empty());
  CHECK(q.size() == 0);
}

TEST_CASE("rng: same seed and label give the same numbers; labels give independent streams") {
  Rng a(42, "link:a-b");
  Rng b(42, "link:a-b");
  Rng c(42, "link:b-c");
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next();
    CHECK(x == b.next());
    CHECK(x != c.next());
  }
  Rng d(1);
  for (int i = 0; i < 1000; ++i) {
    const double u = d.uniform();
    CHECK(u >= 0.0);
    CHECK(u < 1.0);
  }
}

TEST_CASE("link: one-way delay decides arrival times") {
  const Trace t = run_text(R"(host client
host server
link client server delay 25ms
at 0ms server listen 80
at 0ms client connect server:80
)");
  REQUIRE(t.segments.size() == 3);
  CHECK(t.fate(0).end_at == ms(25));
  CHECK(t.segments[1].sent_at == ms(25));
  CHECK(t.fate(1).end_at == ms(50));
  CHECK(t.fate(2).end_at == ms(75));
}

TEST_CASE("link: bandwidth serializes segments back to back") {
  // 1 Mbit/s: a 1500-byte packet (1460 + 40) takes 12 ms on the wire.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms bandwidth 1Mbit
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 1s client send 2920B
)");
  std::vector<Time> arrivals;
  for (size_t i = 0; i < t.segments.size(); ++i) {
    if (t.segments[i].seg.data.len == 1460) arrivals.push_back(t.fate(i).end_at);
  }
  REQUIRE(arrivals.size() == 2);
  CHECK(arrivals[0] == sec(1) + ms(12) + ms(10));
  CHECK(arrivals[1] == sec(1) + ms(24) + ms(10));
}

TEST_CASE("link: loss drops segments mid-link and TCP recovers every byte") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms loss 10%
seed 3
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms client send 50000B
at 100ms client shutdown
at 100ms server recv all
)");
  size_t lost = 0;
  for (size_t i = 0; i < t.segments.size(); ++i) {
    const SegmentFate s = t.fate(i);
    if (s.drop == DropReason::Loss) {
      ++lost;
      CHECK(s.end_node == kNoNode);
      CHECK(s.end_link == 0);
      CHECK(s.end_at - t.segments[i].sent_at == ms(5));  // half the link's delay
    }
  }
  CHECK(lost > 0);
  const CallRecord& r = call_on_line(t, 10);
  CHECK(r.ret == 50000);
  CHECK(r.err == Errno::None);
}

TEST_CASE("link: duplicated segments are delivered twice and the duplicate is re-ACKed") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms dup 100%
at 0ms server listen 80
at 0ms client connect server:80
)");
  size_t dups = 0;
  for (const SegmentRecord& s : t.segments) dups += s.dup_of ? 1 : 0;
  CHECK(dups > 0);
  // The duplicate SYN in SYN-RECEIVED gets the SYN,ACK again (Linux tcp_check_req()).
  const std::vector<std::string> server = sent_by(t, "server");
  CHECK(server.at(1) == "SYN+ACK seq=0 ack=1 win=65535 mss=1460 [syn-ack-again]");
}

TEST_CASE("link: a link that goes down drops what crosses it, and what was on it") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms client connect server:80
at 5ms link client server down
at 2s link client server up
)");
  REQUIRE(t.segments.size() >= 3);
  CHECK(t.fate(0).drop == DropReason::LinkDown);  // in flight when the link failed
  CHECK(t.fate(1).drop == DropReason::LinkDown);  // the 1 s retransmission
  CHECK(t.fate(2).outcome == Outcome::Delivered); // the 3 s retransmission
}

TEST_CASE("host: a crashed host drops everything and forgets every connection") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms client connect server:80
at 100ms server crash
at 200ms client send "x"
at 300ms server restart
)");
  CHECK(transitions_of(t, "server") ==
        std::vector<std::string>{"CLOSED -> LISTEN (passive-open)", "LISTEN -> SYN-RECEIVED (syn-ack)",
                                 "SYN-RECEIVED -> ESTABLISHED (ack-of-syn)", "ESTABLISHED -> CLOSED (host-crash)",
                                 "LISTEN -> CLOSED (host-crash)"});
  bool dropped = false;
  for (size_t i = 0; i < t.segments.size(); ++i) dropped |= t.fate(i).drop == DropReason::HostDown;
  CHECK(dropped);
}

TEST_CASE("firewall: reject answers a SYN with RST+ACK built like REJECT --reject-with tcp-reset") {
  const Trace t = run_text(R"(host client
host server
firewall fw
link client fw delay 5ms
link fw server delay 5ms
rule fw reject to server:22
at 0ms client connect server:22
)");
  REQUIRE(t.segments.size() == 2);
  CHECK(t.fate(0).drop == DropReason::Firewall);
  CHECK(t.fate(0).end_node == t.node_by_name("fw"));
  CHECK(t.fate(0).line == 6);
  CHECK(t.fate(0).verdict == Rule::FirewallReject);
  CHECK(t.segments[0].line == 0);  // The rule's line is the drop's, not the SYN's.
  CHECK(t.segments[1].line == 6);  // The reset the rule sent.
  CHECK(sent_by(t, "fw") == std::vector<std::string>{"RST+ACK seq=0 ack=1 win=0 [fw-reject]"});
  const Segment& r = t.segments[1].seg;
  CHECK(r.src.ip == t.nodes[t.node_by_name("server")].ip);  // forged in the server's name
  CHECK(call_on_line(t, 7).err == Errno::ConnRefused);
}

TEST_CASE("firewall: a rule added later drops an established flow silently") {
  const Trace t = run_text(R"(host client
host server
firewall fw
link client fw delay 5ms
link fw server delay 5ms
at 0ms server listen 80
at 0ms client connect server:80
at 100ms rule fw drop from client to server:80
at 200ms client send "x"
)");
  size_t fw_drops = 0;
  for (size_t i = 0; i < t.segments.size(); ++i) fw_drops += t.fate(i).drop == DropReason::Firewall ? 1 : 0;
  CHECK(fw_drops == 16);  // the segment and its 15 retransmissions (tcp_retries2)
  CHECK(sent_by(t, "fw").empty());
}

TEST_CASE("nat: an idle flow is forgotten and its next segment is reset") {
  const Trace t = run_text(R"(host client
host server
nat gw idle 30s forget reset
link client gw delay 5ms
link gw server delay 5ms
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 40s client send "x"
at 40s client recv
)");
  REQUIRE(t.flows.size() == 1);
  bool forgotten = false;
  for (const Event& e : t.events) forgotten |= e.type == EventType::FlowForgotten && e.t == ms(25) + sec(30);
  CHECK(forgotten);  // last segment (the handshake's ACK) passed the NAT at 25 ms
  CHECK(sent_by(t, "gw") == std::vector<std::string>{"RST seq=1 win=0 [conntrack-reset]"});
  CHECK(call_on_line(t, 10).err == Errno::ConnReset);
}

TEST_CASE("nat: with forget drop, the forgotten flow's segments vanish") {
  const Trace t = run_text(R"(host client
host server
nat gw idle 30s
link client gw delay 5ms
link gw server delay 5ms
set client retries2 2
at 0ms server listen 80
at 0ms client connect server:80
at 40s client send "x"
at 40s client recv
)");
  CHECK(sent_by(t, "gw").empty());
  CHECK(call_on_line(t, 10).err == Errno::TimedOut);
}

TEST_CASE("inject: seq expressions are evaluated against the target's TCB") {
  const Trace t = run_text(R"(host client
host server
host attacker
link client server delay 10ms
link attacker server delay 1ms
at 0ms server listen 80
at 0ms client connect server:80 from 40000
at 100ms attacker inject client:40000 > server:80 RST seq=rcv.nxt+100
)");
  const RelativeNumbers rel = relative_numbers(t);
  const size_t i = t.segments.size() - 2;  // the injected RST, then the challenge ACK
  CHECK(t.segments[i].rule == Rule::Injected);
  CHECK(rel.seq[i] == 101);
  CHECK(t.fate(i).verdict == Rule::ChallengeAckRst);
  CHECK(sent_by(t, "server").back() == "ACK seq=1 ack=1 win=65535 [challenge-ack-rst]");
}

TEST_CASE("determinism: one scenario and seed give byte-identical traces; another seed differs") {
  const std::string text = R"(host client
host server
link client server delay 10ms jitter 3ms loss 5% dup 2% reorder 2%
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms client send 200KB
at 100ms client shutdown
at 100ms server recv all
)";
  const Scenario sc = parse_ok(text);
  const std::string a = trace_to_json(run_scenario(sc, RunKind::Fault)).dump();
  const std::string b = trace_to_json(run_scenario(sc, RunKind::Fault)).dump();
  const std::string c = trace_to_json(run_scenario(sc, RunKind::Fault, 99)).dump();
  CHECK(a.size() > 10000);
  CHECK(a == b);
  CHECK(a != c);
}

namespace {

// A client talking to a server through a nat that is told to forget at 1 s (line 10).
std::string nat_forget(const std::string& forget) {
  return "host client\nhost server\nnat gw idle 300s forget " + forget +
         "\nlink client gw delay 5ms\nlink gw server delay 5ms\nset client retries2 2\n"
         "at 0ms server listen 80\nat 0ms server accept\nat 0ms client connect server:80\n"
         "at 1s gw forget\n"
         "at 2s client send \"x\"\n"
         "at 2s client recv\n";
}

}  // namespace

TEST_CASE("nat forget: every tracked flow is forgotten at once, as an idle expiry records it") {
  const Trace t = run_text(nat_forget("drop"));
  REQUIRE(t.flows.size() == 1);
  const FlowRecord& f = t.flows[0];
  CHECK(f.middlebox == t.node_by_name("gw"));
  CHECK(f.a.ip == t.nodes[t.node_by_name("client")].ip);
  CHECK(f.b == Endpoint{t.nodes[t.node_by_name("server")].ip, 80});
  CHECK(f.last_seen == ms(25));  // the handshake's ACK passed the nat at 25 ms
  CHECK(f.line == 10);
  std::vector<Time> forgotten;
  for (const Event& e : t.events) {
    if (e.type == EventType::FlowForgotten) forgotten.push_back(e.t);
  }
  CHECK(forgotten == std::vector<Time>{sec(1)});  // once: the idle check that comes later finds it gone
}

TEST_CASE("nat forget drop: the flow's next segment dies at the nat as an unknown flow") {
  const Trace t = run_text(nat_forget("drop"));
  std::optional<SegmentFate> data;
  for (size_t i = 0; i < t.segments.size(); ++i) {
    if (t.segments[i].sent_at == sec(2) && t.segments[i].seg.data.len == 1) data = t.fate(i);
  }
  REQUIRE(data.has_value());
  CHECK(data->outcome == Outcome::Dropped);
  CHECK(data->drop == DropReason::Conntrack);
  CHECK(data->end_node == t.node_by_name("gw"));
  CHECK(data->end_at == sec(2) + ms(5));
  CHECK(sent_by(t, "gw").empty());
  CHECK(call_on_line(t, 12).err == Errno::TimedOut);  // retries2 2: the client gives up
}

TEST_CASE("nat forget reset: the nat answers the flow's next segment with a reset") {
  const Trace t = run_text(nat_forget("reset"));
  CHECK(sent_by(t, "gw") == std::vector<std::string>{"RST seq=1 win=0 [conntrack-reset]"});
  size_t i = 0;
  while (i < t.segments.size() && t.segments[i].from != t.node_by_name("gw")) ++i;
  REQUIRE(i < t.segments.size());
  CHECK(t.segments[i].sent_at == sec(2) + ms(5));
  CHECK(t.fate(t.segments[i].reply_to - 1).verdict == Rule::ConntrackReset);
  CHECK(call_on_line(t, 12).err == Errno::ConnReset);
}

TEST_CASE("nat forget: the ladder and the JSON trace say which line made the nat forget") {
  const Trace t = run_text(nat_forget("drop"));
  std::optional<Event> e;
  for (const Event& x : t.events) {
    if (x.type == EventType::FlowForgotten) e = x;
  }
  REQUIRE(e.has_value());
  const std::string client = ip_to_string(t.flows[0].a.ip) + ":" + std::to_string(t.flows[0].a.port);
  CHECK(render::flow_text(t, *e, true) == "forgot the flow (forget at line 10): " + client + " <-> 10.0.0.2:80");
  CHECK(render::flow_text(t, *e, false) == "forgot the flow (forget at line 10): " + client + " ↔ 10.0.0.2:80");
  const nlohmann::json doc = trace_to_json(t);
  CHECK(doc["flows"][0]["line"] == 10);
  CHECK(trace_from_json(doc).flows[0].line == 10);
  // An idle expiry has no line, in the JSON as in the text.
  const Trace idle = run_text("host c\nhost s\nnat gw idle 1s\nlink c gw\nlink gw s\nat 0ms s listen 80\n"
                              "at 0ms c connect s:80\n");
  REQUIRE(idle.flows.size() == 1);
  CHECK_FALSE(trace_to_json(idle)["flows"][0].contains("line"));
  CHECK(trace_from_json(trace_to_json(idle)).flows[0].line == 0);
}

TEST_CASE("nat forget: a nat with no flows forgets nothing, and a new connection makes a new flow") {
  const Trace t = run_text(R"(host client
host server
nat gw idle 300s
link client gw delay 5ms
link gw server delay 5ms
at 0ms server listen 80
at 0ms gw forget
at 1s client connect server:80
at 2s gw forget
at 3s client connect server:80
)");
  REQUIRE(t.flows.size() == 2);  // the first connection's flow, at 2 s; the second's idles out
  CHECK(t.flows[0].line == 9);
  CHECK(t.flows[1].line == 0);
  CHECK(t.flows[1].last_seen == sec(3) + ms(25));
  CHECK(t.flows[0].a.port != t.flows[1].a.port);
  CHECK(calls_of(t, "client")[1].err == Errno::None);  // the second connect's SYN starts a new flow
  CHECK(sent_by(t, "gw").empty());
}
