// `inject` with TCP options the model does not read: window scale and timestamps (RFC 7323),
// SACK-permitted (RFC 2018). Parsed (with errors), carried, shown, written as JSON and as pcapng bytes
// laid out as Linux tcp_options_write() lays them out; the receiving TCP behaves as without them.
#include "scenario_helpers.hpp"

#include "export/packet.hpp"

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {
// Lines 1-4: nothing listens on 81, so a SYN there is answered with RST+ACK; 80 answers SYN+ACK.
const std::string kBase = R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
at 0ms server listen 80
)";

std::string parse_error(const std::string& text) {
  ParseResult r = parse_scenario(text, "t.scn");
  REQUIRE(r.errors.size() == 1);
  const Diagnostic& d = r.errors[0];
  return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message +
         (d.hint.empty() ? "" : "\n  hint: " + d.hint);
}

size_t injected_on_line(const Trace& t, uint32_t line) {
  for (size_t i = 0; i < t.segments.size(); ++i) {
    if (t.segments[i].line == line && t.segments[i].rule == Rule::Injected) return i;
  }
  FAIL("no injected segment on line " << line);
  return 0;
}

/// Bytes as "02 04 05 b4".
std::string hex(const std::string& b) {
  std::string s;
  char buf[4];
  for (unsigned char c : b) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    s += (s.empty() ? "" : " ") + std::string(buf);
  }
  return s;
}

/// The folded one's-complement sum (RFC 1071) of a TCP segment and its pseudo-header: 0xFFFF when the
/// checksum is right.
uint32_t tcp_sum(const std::string& packet) {
  const std::string tcp = packet.substr(20);
  std::string b = packet.substr(12, 8) + std::string{'\0', '\x06', static_cast<char>(tcp.size() >> 8),
                                                     static_cast<char>(tcp.size() & 0xFF)} + tcp;
  if (b.size() % 2) b += '\0';
  uint32_t sum = 0;
  for (size_t i = 0; i < b.size(); i += 2) {
    sum += (uint32_t{static_cast<uint8_t>(b[i])} << 8) | static_cast<uint8_t>(b[i + 1]);
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return sum;
}
}  // namespace

TEST_CASE("parser: inject wscale=N, sackok and ts=VAL[:ECR], and their errors", "[inject][parser]") {
  const Scenario s = parse_ok(kBase + "at 1s client inject client:4000 > server:80 SYN wscale=7 sackok ts=100:5\n"
                                      "at 2s client inject client:4000 > server:80 ACK ts=4294967295\n");
  const auto& all = std::get<InjectAction>(s.actions[1].what);
  CHECK(all.options.wscale == 7);
  CHECK(all.options.sack_ok);
  CHECK(all.options.has_ts);
  CHECK(all.options.ts_val == 100);
  CHECK(all.options.ts_ecr == 5);
  const auto& ts = std::get<InjectAction>(s.actions[2].what);
  CHECK(ts.options.wscale == -1);
  CHECK_FALSE(ts.options.sack_ok);
  CHECK(ts.options.ts_val == 4294967295u);
  CHECK(ts.options.ts_ecr == 0);  // TSecr left out: 0, as on a first SYN
  const std::string at = "at 1s client inject client:4000 > server:80 SYN ";
  CHECK(parse_error(kBase + at + "wscale=15\n") ==
        "t.scn:5:56: window scale 15 is above 14\n  hint: RFC 7323 §2.3 allows at most 14 (Linux clamps a larger "
        "shift to 14)");
  CHECK(parse_error(kBase + at + "wscale=256\n") ==
        "t.scn:5:56: number '256' is too large (at most 255)\n  hint: wscale is a shift count, 0..14");
  CHECK(parse_error(kBase + at + "ts=1:x\n") ==
        "t.scn:5:54: expected a whole number, got 'x'\n  hint: e.g. ts=12345 or ts=12345:678 (TSval, then TSecr: "
        "0..4294967295)");
  CHECK(parse_error(kBase + at + "ts=4294967296\n") ==
        "t.scn:5:52: number '4294967296' is too large (at most 4294967295)\n  hint: e.g. ts=12345 or ts=12345:678 "
        "(TSval, then TSecr: 0..4294967295)");
  CHECK(parse_error(kBase + at + "sackok sackok\n") == "t.scn:5:56: 'sackok' given twice");
  CHECK(parse_error(kBase + at + "sack_ok\n") ==
        "t.scn:5:49: unknown inject option 'sack_ok'\n  hint: did you mean 'sackok'?");
}

TEST_CASE("inject: a SYN with every option on the wire: Linux's layout, data offset 10, checksum right",
          "[inject][pcapng]") {
  const Trace t = run_text(kBase + "at 1s client inject client:4000 > server:81 SYN seq=7 wscale=7 sackok ts=100:5\n"
                                   "at 2s client inject client:4001 > server:81 SYN seq=7 mss=0 sackok\n"
                                   "at 3s client inject client:4002 > server:81 SYN seq=7 mss=0 wscale=0 ts=1\n");
  const std::string all = ipv4_tcp_packet(t, injected_on_line(t, 5));
  REQUIRE(all.size() == 60);                           // 20 IP + 20 TCP + 20 of options
  CHECK(static_cast<uint8_t>(all[20 + 12]) == 0xA0);  // data offset: 10 words
  // MSS 1460; SACK-permitted with timestamps (100, 5); NOP and window scale 7.
  CHECK(hex(all.substr(40)) == "02 04 05 b4 04 02 08 0a 00 00 00 64 00 00 00 05 01 03 03 07");
  CHECK(tcp_sum(all) == 0xFFFF);
  const std::string sack = ipv4_tcp_packet(t, injected_on_line(t, 6));
  CHECK(static_cast<uint8_t>(sack[20 + 12]) == 0x60);
  CHECK(hex(sack.substr(40)) == "01 01 04 02");
  CHECK(tcp_sum(sack) == 0xFFFF);
  const std::string ts = ipv4_tcp_packet(t, injected_on_line(t, 7));
  CHECK(static_cast<uint8_t>(ts[20 + 12]) == 0x90);
  CHECK(hex(ts.substr(40)) == "01 01 08 0a 00 00 00 01 00 00 00 00 01 03 03 00");
  CHECK(tcp_sum(ts) == 0xFFFF);
  CHECK(tcp_options_length(1460, t.options_of(t.segments[injected_on_line(t, 5)].seg)) == 20);
  // Sets given alike share one entry of the table; segments the TCPs sent carry none.
  CHECK(t.options.size() == 3);
  for (const SegmentRecord& r : t.segments) {
    if (r.rule != Rule::Injected) CHECK(r.seg.options == 0);
  }
}

TEST_CASE("inject: options are shown after the MSS, written in JSON, and read back", "[inject][trace]") {
  const Trace t = run_text(kBase + "at 1s client inject client:4000 > server:81 SYN seq=7 wscale=7 sackok ts=100:5\n");
  const std::vector<std::string> sent = sent_by(t, "client");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0] == "SYN seq=7 win=65535 mss=1460 wscale=7 sackok ts=100:5 [injected]");
  const nlohmann::json j = trace_to_json(t);
  const size_t i = injected_on_line(t, 5);
  CHECK(j.at("segments").at(i).at("options") ==
        nlohmann::json::parse(R"({"wscale": 7, "sackok": true, "ts": [100, 5]})"));
  CHECK(j.at("segments").at(i + 1).at("options").is_null());  // the server's RST+ACK
  const Trace back = trace_from_json(j);
  CHECK(sent_by(back, "client") == sent);
  CHECK(ipv4_tcp_packet(back, i) == ipv4_tcp_packet(t, i));
}

TEST_CASE("inject: the receiving TCP ignores the options (LISTEN answers a SYN alike)", "[inject]") {
  const std::string syn = "at 1s client inject client:4000 > server:80 SYN seq=7";
  const Trace with = run_text(kBase + syn + " wscale=14 sackok ts=100:5\n");
  const Trace without = run_text(kBase + syn + "\n");
  CHECK(sent_by(with, "server") == sent_by(without, "server"));
  CHECK(sent_by(with, "server").at(0).rfind("SYN+ACK seq=0 ack=1 win=65535 mss=1460 [", 0) == 0);
}
