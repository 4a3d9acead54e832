// The trace: JSON round trip, relative numbers, streams, state queries.
#include "scenario_helpers.hpp"

#include <dirent.h>

#include <algorithm>
#include <map>
#include <fstream>
#include <sstream>

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {
const char* kUnread = R"(title "unread"
host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms    server listen 80
at 0ms    client connect server:80
at 100ms  client send "GET / HTTP/1.1\r\n\r\n"
at 150ms  server accept
at 190ms  server recv   twin
at 200ms  server close
at 300ms  client recv
)";

}  // namespace

TEST_CASE("trace: close with unread data records the RST, the discard and the error") {
  const Trace t = run_text(kUnread);
  CHECK(sent_by(t, "server") == std::vector<std::string>{
                                    "SYN+ACK seq=0 ack=1 win=65535 mss=1460 [syn-ack]",
                                    "ACK seq=1 ack=19 win=65517 [ack]",
                                    "RST+ACK seq=1 ack=19 win=65517 [rst-close-unread]",
                                });
  bool discarded = false;
  for (const Event& e : t.events) {
    if (e.type == EventType::Discarded) {
      discarded = true;
      CHECK(e.t == ms(200));
      CHECK(static_cast<DiscardKind>(e.a) == DiscardKind::UnreadReceive);
      CHECK(e.value == 18);
      CHECK(e.rule == Rule::RstCloseUnread);
    }
  }
  CHECK(discarded);
  CHECK(t.state_at(subject_conn(t, "server", ms(199)), ms(199)) == State::Established);
  CHECK(t.state_at(subject_conn(t, "server", ms(200)), ms(200)) == State::Closed);
  CHECK(call_on_line(t, 11).err == Errno::ConnReset);
}

TEST_CASE("trace: a connection's actions are recorded in the order it took them") {
  // close() with unread data at 200 ms: Linux __tcp_close() throws the data away, enters CLOSE, then sends
  // the reset; the application's close() returns after. No reordering by kind.
  const Trace t = run_text(kUnread);
  std::vector<std::string> at200;
  for (const Event& e : t.events) {
    if (e.t == ms(200) && e.node == t.node_by_name("server")) at200.push_back(std::string(event_type_name(e.type)));
  }
  CHECK(at200 == std::vector<std::string>{"app-call", "discarded", "state-changed", "segment-sent", "app-return"});
}

TEST_CASE("trace: TCB snapshots show the unread bytes that close() throws away") {
  const Trace t = run_text(kUnread);
  const uint32_t server = subject_conn(t, "server", ms(200));
  std::optional<TcbSnapshot> before;
  std::optional<TcbSnapshot> after;
  for (const TcbSnapshot& s : t.tcbs) {
    if (s.conn != server) continue;
    if (s.t < ms(200)) before = s;
    if (s.t == ms(200)) after = s;
  }
  REQUIRE(before);
  REQUIRE(after);
  CHECK(before->state == State::Established);
  CHECK(before->unread == 18);
  CHECK(before->rcv_wnd == 65535 - 18);
  CHECK(before->rcv_nxt - t.conn(server).irs == 19);
  CHECK(after->state == State::Closed);
  CHECK(after->unread == 0);
  // A snapshot holds from its event on, so the event before it is what produced it.
  CHECK(t.events[after->event - 1].t == ms(200));
  // Consecutive snapshots of one connection always differ.
  std::map<uint32_t, TcbSnapshot> last;
  for (const TcbSnapshot& s : t.tcbs) {
    if (last.count(s.conn)) CHECK_FALSE(last[s.conn] == s);
    last[s.conn] = s;
  }
}

TEST_CASE("trace: the graceful twin of the same file sends FIN instead") {
  const Trace t = run_text(kUnread, RunKind::Twin);
  CHECK(sent_by(t, "server").at(2) == "FIN+ACK seq=1 ack=19 win=65517 [fin]");
  CHECK(t.run == RunKind::Twin);
  CHECK(t.has_twin);
}

TEST_CASE("trace: payload bytes are recovered from the stream store") {
  const Trace t = run_text(kUnread);
  for (const SegmentRecord& s : t.segments) {
    if (s.seg.data.len == 18) CHECK(t.payload(s) == "GET / HTTP/1.1\r\n\r\n");
  }
  StreamStore st;
  const uint32_t id = st.create();
  st.append_literal(id, "abc");
  st.append_generated(id, 5);
  st.append_literal(id, "xyz");
  std::string out;
  st.copy({id, 6, 1}, out);
  CHECK(out == std::string("bc") + StreamStore::generated_byte(3) + StreamStore::generated_byte(4) +
                   StreamStore::generated_byte(5) + StreamStore::generated_byte(6));
  out.clear();
  st.copy({id, 3, 8}, out);
  CHECK(out == "xyz");
}

TEST_CASE("trace: generated payload copied in runs is the same bytes as byte by byte, at any offset and length") {
  StreamStore st;
  const uint32_t id = st.create();
  st.append_literal(id, "x");
  st.append_generated(id, 1000);
  for (const uint32_t off : {1u, 2u, 55u, 56u, 111u, 500u}) {
    for (const uint32_t len : {1u, 54u, 55u, 56u, 200u, 1000u - off + 1}) {
      std::string got, want;
      st.copy({id, len, off}, got);
      for (uint64_t o = off; o < std::min<uint64_t>(off + len, 1001); ++o) want += StreamStore::generated_byte(o);
      CHECK(got == want);
    }
  }
  // Bytes repeat with the line's period: 55 bytes on, the same byte.
  CHECK(StreamStore::generated_byte(7) == StreamStore::generated_byte(7 + 55));
  CHECK(StreamStore::generated_byte(54) == '\n');
}

TEST_CASE("trace: relative numbers start at 0 for SYN and follow the wrap of 2^32") {
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
set client isn 4294967290
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms client send "0123456789"
)");
  const RelativeNumbers rel = relative_numbers(t);
  CHECK(t.segments[0].seg.seq.v == 4294967290u);
  CHECK(rel.seq[0] == 0);
  const SegmentRecord& data = t.segments[3];
  REQUIRE(data.seg.data.len == 10);
  CHECK(data.seg.seq.v == 4294967291u);
  CHECK(rel.seq[3] == 1);
  const SegmentRecord& ack = t.segments[4];
  CHECK(ack.seg.ack.v == 5u);  // wrapped
  CHECK(rel.ack[4] == 11);
}

TEST_CASE("trace: JSON has a version and reads back into the same trace") {
  const Trace t = run_text(kUnread);
  const nlohmann::json j = trace_to_json(t);
  CHECK(j.at("version") == kTraceVersion);
  CHECK(j.at("segments").size() == t.segments.size());
  CHECK(j.at("calls").back().at("errno") == "ECONNRESET");
  CHECK(j.at("calls").back().at("strerror") == "Connection reset by peer");
  const Trace back = trace_from_json(j);
  CHECK(back.segments.size() == t.segments.size());
  for (size_t i = 0; i < t.segments.size(); ++i) {
    const SegmentRecord& a = t.segments[i];
    const SegmentRecord& b = back.segments[i];
    CHECK(a.seg.seq == b.seg.seq);
    CHECK(a.seg.ack == b.seg.ack);
    CHECK(a.seg.flags == b.seg.flags);
    CHECK(a.seg.wnd == b.seg.wnd);
    CHECK(a.rule == b.rule);
    CHECK(t.fate(i).end_at == back.fate(i).end_at);
    CHECK(t.payload(a) == back.payload(b));
  }
  REQUIRE(back.events.size() == t.events.size());
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& a = t.events[i];
    const Event& b = back.events[i];
    CHECK((a.t == b.t && a.type == b.type && a.a == b.a && a.b == b.b && a.rule == b.rule && a.node == b.node &&
           a.conn == b.conn && a.ref == b.ref && a.value == b.value));
  }
  CHECK(trace_to_json(back) == j);  // every field survives
}

TEST_CASE("trace: JSON reading rejects an unknown version") {
  nlohmann::json j = trace_to_json(run_text(kUnread));
  j["version"] = 999;
  CHECK_THROWS_AS(trace_from_json(j), std::invalid_argument);
}

TEST_CASE("trace: every library scenario runs deterministically and round-trips through JSON") {
  const std::vector<std::string> files = library_files();
  REQUIRE(files.size() >= 19);
  for (const std::string& f : files) {
    INFO(f);
    ParseResult r = parse_scenario_file(f);
    REQUIRE(r.ok());
    for (RunKind k : {RunKind::Fault, RunKind::Twin}) {
      if (k == RunKind::Twin && !r.scenario->has_twin()) continue;
      const std::string a = trace_to_json(run_scenario(*r.scenario, k)).dump();
      const std::string b = trace_to_json(run_scenario(*r.scenario, k)).dump();
      CHECK(a == b);
      CHECK(trace_to_json(trace_from_json(nlohmann::json::parse(a))).dump() == a);
    }
  }
}
