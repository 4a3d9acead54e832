// The pcapng export: the bytes are read back here with an independent reader (block framing,
// options, IPv4 and TCP headers, checksums recomputed from scratch) and compared with the trace.
// tests/pcap/check_pcap.sh reads the library's captures with tshark as well.
#include "cli_helpers.hpp"
#include "scenario_helpers.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "export/capture.hpp"
#include "export/pcapng.hpp"
#include "render/diff_text.hpp"

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {

// ---------------------------------------------------------------------------------------------
// A pcapng reader, written from the specification (draft-ietf-opsawg-pcapng), little-endian only.

uint32_t le(const std::string& b, size_t at, int bytes) {
  REQUIRE(at + static_cast<size_t>(bytes) <= b.size());
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(b[at + static_cast<size_t>(i)]);
  return v;
}

uint32_t be(const std::string& b, size_t at, int bytes) {
  REQUIRE(at + static_cast<size_t>(bytes) <= b.size());
  uint32_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(b[at + static_cast<size_t>(i)]);
  return v;
}

struct Option {
  uint16_t code = 0;
  std::string value;
};

/// Options from `at` to the end of a block body: each padded to 32 bits, ended by opt_endofopt.
std::vector<Option> read_options(const std::string& body, size_t at) {
  std::vector<Option> v;
  bool ended = at == body.size();  // Options may be left out altogether.
  while (at < body.size()) {
    const auto code = static_cast<uint16_t>(le(body, at, 2));
    const auto len = static_cast<uint16_t>(le(body, at + 2, 2));
    if (code == 0) {
      CHECK(len == 0);
      CHECK(at + 4 == body.size());
      ended = true;
      break;
    }
    REQUIRE(at + 4 + len <= body.size());
    v.push_back({code, body.substr(at + 4, len)});
    at += 4 + ((len + 3u) & ~3u);
  }
  CHECK(ended);
  return v;
}

std::vector<std::string> all(const std::vector<Option>& v, uint16_t code) {
  std::vector<std::string> out;
  for (const Option& o : v) {
    if (o.code == code) out.push_back(o.value);
  }
  return out;
}

std::string one(const std::vector<Option>& v, uint16_t code) {
  const std::vector<std::string> a = all(v, code);
  REQUIRE(a.size() == 1);
  return a[0];
}

struct Frame {
  uint64_t ts = 0;
  std::string data;                  ///< The IPv4 packet.
  std::vector<std::string> comments;
  std::optional<uint32_t> flags;     ///< epb_flags.
};

struct File {
  std::vector<Option> section;
  uint16_t linktype = 0;
  uint32_t snaplen = 0;
  std::vector<Option> interface;
  std::vector<Frame> frames;
};

File read_pcapng(const std::string& bytes) {
  File f;
  REQUIRE(bytes.size() % 4 == 0);
  size_t at = 0;
  int blocks = 0;
  while (at < bytes.size()) {
    const uint32_t type = le(bytes, at, 4);
    const uint32_t len = le(bytes, at + 4, 4);
    REQUIRE(len >= 12);
    REQUIRE(len % 4 == 0);
    REQUIRE(at + len <= bytes.size());
    REQUIRE(le(bytes, at + len - 4, 4) == len);  // The trailing copy of the length.
    const std::string body = bytes.substr(at + 8, len - 12);
    if (blocks == 0) {
      REQUIRE(type == 0x0A0D0D0Au);
      CHECK(le(body, 0, 4) == 0x1A2B3C4Du);
      CHECK(le(body, 4, 2) == 1);  // Version 1.0.
      CHECK(le(body, 6, 2) == 0);
      CHECK(le(body, 8, 4) == 0xFFFFFFFFu);  // Section length -1: not given.
      CHECK(le(body, 12, 4) == 0xFFFFFFFFu);
      f.section = read_options(body, 16);
    } else if (blocks == 1) {
      REQUIRE(type == 1u);
      f.linktype = static_cast<uint16_t>(le(body, 0, 2));
      CHECK(le(body, 2, 2) == 0);
      f.snaplen = le(body, 4, 4);
      f.interface = read_options(body, 8);
    } else {
      REQUIRE(type == 6u);
      CHECK(le(body, 0, 4) == 0);  // Interface 0.
      Frame fr;
      fr.ts = (uint64_t{le(body, 4, 4)} << 32) | le(body, 8, 4);
      const uint32_t caplen = le(body, 12, 4);
      CHECK(le(body, 16, 4) == caplen);  // Written whole.
      fr.data = body.substr(20, caplen);
      REQUIRE(fr.data.size() == caplen);
      const std::vector<Option> o = read_options(body, 20 + ((caplen + 3u) & ~3u));
      fr.comments = all(o, 1);
      if (const std::vector<std::string> fl = all(o, 2); !fl.empty()) {
        REQUIRE(fl.size() == 1);
        REQUIRE(fl[0].size() == 4);
        fr.flags = le(fl[0], 0, 4);
      }
      f.frames.push_back(std::move(fr));
    }
    ++blocks;
    at += len;
  }
  REQUIRE(blocks >= 2);
  return f;
}

/// The one's-complement sum of 16-bit big-endian words, folded (RFC 1071 §1).
uint32_t folded_sum(const std::string& b, uint32_t sum = 0) {
  for (size_t i = 0; i < b.size(); i += 2) {
    sum += (uint32_t{static_cast<uint8_t>(b[i])} << 8) | (i + 1 < b.size() ? static_cast<uint8_t>(b[i + 1]) : 0u);
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return sum;
}

/// An IPv4 packet carrying TCP, decoded; both checksums verified.
struct Packet {
  uint16_t total = 0, id = 0, frag = 0;
  uint8_t ttl = 0;
  uint32_t src = 0, dst = 0;
  uint16_t sport = 0, dport = 0, win = 0, urgent = 0;
  uint32_t seq = 0, ack = 0;
  size_t header = 0;  ///< TCP header length in bytes.
  uint8_t flags = 0;
  std::string options, payload;
};

Packet decode(const std::string& d) {
  Packet p;
  REQUIRE(d.size() >= 40);
  CHECK(static_cast<uint8_t>(d[0]) == 0x45);  // IPv4, 20-byte header.
  CHECK(static_cast<uint8_t>(d[1]) == 0);
  p.total = static_cast<uint16_t>(be(d, 2, 2));
  CHECK(p.total == d.size());
  p.id = static_cast<uint16_t>(be(d, 4, 2));
  p.frag = static_cast<uint16_t>(be(d, 6, 2));
  p.ttl = static_cast<uint8_t>(d[8]);
  CHECK(static_cast<uint8_t>(d[9]) == 6);  // TCP.
  CHECK(folded_sum(d.substr(0, 20)) == 0xFFFF);  // A correct header checksum sums to all ones.
  p.src = be(d, 12, 4);
  p.dst = be(d, 16, 4);
  const std::string tcp = d.substr(20);
  p.sport = static_cast<uint16_t>(be(tcp, 0, 2));
  p.dport = static_cast<uint16_t>(be(tcp, 2, 2));
  p.seq = be(tcp, 4, 4);
  p.ack = be(tcp, 8, 4);
  p.header = (static_cast<uint8_t>(tcp[12]) >> 4) * 4u;
  CHECK((static_cast<uint8_t>(tcp[12]) & 0x0F) == 0);
  p.flags = static_cast<uint8_t>(tcp[13]);
  p.win = static_cast<uint16_t>(be(tcp, 14, 2));
  p.urgent = static_cast<uint16_t>(be(tcp, 18, 2));
  REQUIRE(p.header >= 20);
  REQUIRE(p.header <= tcp.size());
  p.options = tcp.substr(20, p.header - 20);
  p.payload = tcp.substr(p.header);
  // The pseudo-header: source, destination, zero, protocol 6, TCP length (RFC 9293 §3.1).
  std::string pseudo = d.substr(12, 8);
  pseudo += std::string{'\0', '\x06', static_cast<char>(tcp.size() >> 8), static_cast<char>(tcp.size() & 0xFF)};
  CHECK(folded_sum(tcp, folded_sum(pseudo)) == 0xFFFF);
  return p;
}

/// The header fields of a frame equal those of the trace's segment.
void check_segment(const Packet& p, const Trace& t, size_t index) {
  const Segment& s = t.segments[index].seg;
  CHECK(p.src == s.src.ip);
  CHECK(p.dst == s.dst.ip);
  CHECK(p.sport == s.src.port);
  CHECK(p.dport == s.dst.port);
  CHECK(p.seq == s.seq.v);
  CHECK(p.ack == s.ack.v);
  CHECK(p.flags == s.flags);
  CHECK(p.win == s.wnd);
  CHECK(p.payload == t.payload(t.segments[index]));
  CHECK(p.ttl == 64);
  CHECK(p.frag == 0x4000);  // DF.
  CHECK(p.urgent == 0);
}

Trace library_run(const std::string& file, RunKind kind = RunKind::Fault) {
  ParseResult r = parse_scenario_file(std::string(TCPSIM_SCENARIO_DIR) + "/" + file);
  REQUIRE(r.ok());
  return run_scenario(*r.scenario, kind);
}

Pcapng capture(const Trace& t, NodeId at = kNoNode, const Trace* other = nullptr) {
  PcapngOptions o;
  o.view.node = at;
  o.other = other;
  return export_pcapng(t, o);
}

constexpr uint32_t kClientIp = 0x0A000001;  // 10.0.0.1
constexpr uint32_t kServerIp = 0x0A000002;  // 10.0.0.2

}  // namespace

// ---------------------------------------------------------------------------------------------

TEST_CASE("pcapng: close with unread data on the wire, block by block", "[pcapng]") {
  const Trace t = library_run("06-close-unread-data.scn");
  REQUIRE(t.segments.size() == 6);
  const Pcapng cap = capture(t);
  const File f = read_pcapng(cap.bytes);

  CHECK(one(f.section, 4) == std::string("tcpsim ") + TCPSIM_VERSION);  // shb_userappl
  const std::string about = one(f.section, 1);
  CHECK(about.rfind("tcpsim: Close with unread data\nScenario ", 0) == 0);
  CHECK(about.find("06-close-unread-data.scn, the fault run, seed " + std::to_string(t.seed) +
                   "; captured at the wire.") != std::string::npos);
  CHECK(f.linktype == 228);  // LINKTYPE_IPV4
  CHECK(f.snaplen == 0);
  CHECK(one(f.interface, 2) == "wire");      // if_name
  CHECK(one(f.interface, 9) == "\x09");      // if_tsresol: nanoseconds
  CHECK(all(f.interface, 4).empty());        // if_IPv4addr: the wire has none

  REQUIRE(f.frames.size() == 6);
  const std::vector<uint64_t> times{0, 20'000'000, 40'000'000, 100'000'000, 120'000'000, 200'000'000};
  for (size_t k = 0; k < 6; ++k) {
    INFO("frame " << k + 1);
    CHECK(f.frames[k].ts == times[k]);
    CHECK(!f.frames[k].flags);  // No direction on the wire.
    const Packet p = decode(f.frames[k].data);
    check_segment(p, t, k);
    CHECK(p.id == k + 1);
    CHECK(cap.packets[k].segment == k);
  }

  // The SYN: 44 bytes, MSS 1460 in a 24-byte TCP header.
  const Packet syn = decode(f.frames[0].data);
  CHECK(syn.total == 44);
  CHECK(syn.header == 24);
  CHECK(syn.options == std::string("\x02\x04\x05\xB4", 4));
  CHECK(syn.flags == 0x02);
  CHECK(syn.ack == 0);
  CHECK(syn.src == kClientIp);
  CHECK(syn.dst == kServerIp);
  CHECK(syn.dport == 80);
  CHECK(syn.win == 65535);
  const Packet synack = decode(f.frames[1].data);
  CHECK(synack.flags == 0x12);
  CHECK(synack.options == std::string("\x02\x04\x05\xB4", 4));
  CHECK(synack.ack == syn.seq + 1);

  // The request, never read.
  const Packet get = decode(f.frames[3].data);
  CHECK(get.total == 58);
  CHECK(get.header == 20);
  CHECK(get.options.empty());
  CHECK(get.flags == 0x18);  // PSH+ACK
  CHECK(get.payload == "GET / HTTP/1.1\r\n\r\n");

  // The reset: RST+ACK <SEQ=SND.NXT><ACK=RCV.NXT>, and why.
  const Packet rst = decode(f.frames[5].data);
  CHECK(rst.flags == 0x14);
  CHECK(rst.seq == synack.seq + 1);
  CHECK(rst.ack == syn.seq + 1 + 18);
  CHECK(rst.win == 65517);
  CHECK(f.frames[5].comments ==
        std::vector<std::string>{"server: close() with unread data, discarded 18 unread bytes [RFC 1122 §4.2.2.13; "
                                 "Linux tcp_close()]",
                                 std::string(rule_info(Rule::RstCloseUnread).text)});
  for (size_t k = 0; k < 5; ++k) CHECK(f.frames[k].comments.empty());  // A routine exchange: nothing to say.
}

TEST_CASE("pcapng: the graceful twin's FIN is named where the runs part", "[pcapng]") {
  const Trace fault = library_run("06-close-unread-data.scn");
  const Trace twin = library_run("06-close-unread-data.scn", RunKind::Twin);
  const File f = read_pcapng(capture(fault, kNoNode, &twin).bytes);
  REQUIRE(f.frames.size() == 6);
  REQUIRE(f.frames[5].comments.size() == 3);
  CHECK(f.frames[5].comments[2] ==
        "the runs part here: in the graceful twin, server sends FIN+ACK seq=1 ack=19 win=65517 at 0.200 s instead "
        "(tcpsim diff)");
  CHECK(one(f.section, 1).find(diff_headline(fault, twin)) != std::string::npos);

  // And the other way round: the twin's FIN names the fault run's RST.
  const File g = read_pcapng(capture(twin, kNoNode, &fault).bytes);
  bool named = false;
  for (const Frame& fr : g.frames) {
    for (const std::string& c : fr.comments) {
      named |= c == "the runs part here: in the fault run, server sends RST+ACK seq=1 ack=19 win=65517 at 0.200 s "
                    "instead (tcpsim diff)";
    }
  }
  CHECK(named);
  CHECK(one(g.section, 1).find("the graceful twin, seed") != std::string::npos);
}

TEST_CASE("pcapng: at a host, sent segments at send time and received ones at arrival", "[pcapng]") {
  const Trace t = library_run("06-close-unread-data.scn");
  const NodeId client = t.node_by_name("client");
  const File f = read_pcapng(capture(t, client).bytes);
  CHECK(one(f.interface, 2) == "client");
  CHECK(one(f.interface, 4) == std::string("\x0A\x00\x00\x01\xFF\xFF\xFF\xFF", 8));  // 10.0.0.1/32
  REQUIRE(f.frames.size() == 6);
  // SYN out at 0, SYN+ACK in at 40 ms, ACK out at 40 ms, data out at 100 ms, ACK in at 140 ms, RST in at 220 ms.
  const std::vector<uint64_t> times{0, 40'000'000, 40'000'000, 100'000'000, 140'000'000, 220'000'000};
  const std::vector<uint32_t> dirs{2, 1, 2, 2, 1, 1};  // epb_flags: 1 inbound, 2 outbound.
  const std::vector<uint8_t> flags{0x02, 0x12, 0x10, 0x18, 0x10, 0x14};
  for (size_t k = 0; k < 6; ++k) {
    INFO("frame " << k + 1);
    CHECK(f.frames[k].ts == times[k]);
    REQUIRE(f.frames[k].flags);
    CHECK(*f.frames[k].flags == dirs[k]);
    CHECK(decode(f.frames[k].data).flags == flags[k]);
  }
}

TEST_CASE("pcapng: a firewall drop is said on the wire and absent beyond the firewall", "[pcapng]") {
  const Trace t = library_run("12-firewall-drop-timeout.scn");
  CHECK(capture_points(t) == "hosts client and server; firewall fw");

  const Pcapng wire = capture(t);
  const File w = read_pcapng(wire.bytes);
  REQUIRE(w.frames.size() == 11);
  // Frame 6: the 14-byte send, the first segment the rule at line 20 drops.
  const Packet p = decode(w.frames[5].data);
  CHECK(p.flags == 0x18);
  CHECK(p.payload == "are you there?");
  CHECK(w.frames[5].ts == 2'000'000'000);
  REQUIRE(!w.frames[5].comments.empty());
  CHECK(w.frames[5].comments[0] == "never arrives: firewall (line 20), at fw at 2.010 s");
  // Its retransmissions say why they were sent, then that they died too.
  CHECK(w.frames[6].comments == std::vector<std::string>{"client: retransmission timeout [RFC 6298 §5.4]",
                                                          std::string(rule_info(Rule::Retransmit).text),
                                                          "never arrives: firewall (line 20), at fw at 2.250 s"});

  // The server never sees them; the client does, as it sent them.
  const File server = read_pcapng(capture(t, t.node_by_name("server")).bytes);
  REQUIRE(server.frames.size() == 5);
  for (const Frame& fr : server.frames) CHECK(decode(fr.data).payload != "are you there?");
  const File client = read_pcapng(capture(t, t.node_by_name("client")).bytes);
  size_t sent = 0;
  for (const Frame& fr : client.frames) {
    if (decode(fr.data).payload == "are you there?") {
      ++sent;
      CHECK(fr.flags == std::optional<uint32_t>(2));
    }
  }
  CHECK(sent == 6);

  // The firewall sees every segment, the dropped ones with "dropped here".
  const File fw = read_pcapng(capture(t, t.node_by_name("fw")).bytes);
  CHECK(one(fw.interface, 2) == "fw");
  REQUIRE(fw.frames.size() == 11);
  CHECK(fw.frames[5].ts == 2'010'000'000);  // Arrival at the firewall, 10 ms from the client.
  CHECK(fw.frames[5].comments == std::vector<std::string>{"dropped here: firewall (line 20)"});
}

TEST_CASE("pcapng: a firewall's reject is its own packet, sent in the server's name", "[pcapng]") {
  const Trace t = library_run("11-firewall-reject.scn");
  const File w = read_pcapng(capture(t).bytes);
  REQUIRE(w.frames.size() >= 2);
  CHECK(w.frames[0].comments[0] == "never arrives: firewall (line 15), at fw at 0.020 s; fw answers with an RST in "
                                   "the name of server");
  const Packet rst = decode(w.frames[1].data);
  const Packet syn = decode(w.frames[0].data);
  CHECK(rst.flags == 0x14);  // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
  CHECK(rst.seq == 0);
  CHECK(rst.ack == syn.seq + 1);
  CHECK(rst.src == kServerIp);
  CHECK(rst.sport == 22);
  CHECK(w.frames[0].ts == 10'000'000);  // connect() at 10 ms; the firewall is 10 ms away.
  CHECK(w.frames[1].ts == 20'000'000);
  CHECK(w.frames[1].comments[0] ==
        "fw: firewall reject, the rule at line 15 [Linux REJECT --reject-with tcp-reset (nf_send_reset)]");

  const File fw = read_pcapng(capture(t, t.node_by_name("fw")).bytes);
  REQUIRE(fw.frames.size() >= 2);
  CHECK(fw.frames[0].flags == std::optional<uint32_t>(1));
  CHECK(fw.frames[1].flags == std::optional<uint32_t>(2));  // The firewall sent it.
  CHECK(fw.frames[0].comments[0].rfind("dropped here: firewall (line 15); fw answers with an RST", 0) == 0);
}

TEST_CASE("pcapng: a link's duplicate is a second packet with its original's IP id", "[pcapng]") {
  const Trace t = run_text(R"(host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms dup 100%
at 0ms  server listen 80
at 0ms  client connect server:80
at 50ms client send "odd"
)");
  const File f = read_pcapng(capture(t).bytes);
  REQUIRE(f.frames.size() >= 2);
  const Packet a = decode(f.frames[0].data);
  const Packet b = decode(f.frames[1].data);
  CHECK(a.flags == 0x02);
  CHECK(b.flags == 0x02);
  CHECK(a.id == 1);
  CHECK(b.id == 1);
  CHECK(f.frames[1].ts == f.frames[0].ts);
  CHECK(f.frames[1].comments == std::vector<std::string>{"duplicate: a second copy the link delivered of frame 1"});
  // An odd payload length: the checksum pads the last byte (decode() verifies it).
  bool odd = false;
  for (const Frame& fr : f.frames) odd |= decode(fr.data).payload == "odd";
  CHECK(odd);
}

TEST_CASE("pcapng: the same run gives the same bytes", "[pcapng]") {
  const Trace a = library_run("19-lossy-transfer.scn");
  const Trace b = library_run("19-lossy-transfer.scn");
  CHECK(capture(a).bytes == capture(b).bytes);
  // Every packet of a lossy transfer reads back with good checksums and its trace's fields.
  const Pcapng cap = capture(a);
  const File f = read_pcapng(cap.bytes);
  REQUIRE(f.frames.size() == a.segments.size());
  for (size_t k = 0; k < f.frames.size(); ++k) {
    INFO("frame " << k + 1);
    check_segment(decode(f.frames[k].data), a, cap.packets[k].segment);
    CHECK(f.frames[k].ts == static_cast<uint64_t>(a.segments[cap.packets[k].segment].sent_at));
    if (k > 0) CHECK(f.frames[k].ts >= f.frames[k - 1].ts);
  }
}

// ---------------------------------------------------------------------------------------------
// `tcpsim export` as a user runs it.

namespace {

using Run = cli_test::Result;
using Dir = cli_test::TempDir;
using cli_test::slurp;

/// `tcpsim export ARGS`.
Run tcpsim_export(const std::string& args, const Dir& dir) { return cli_test::run_tcpsim("export " + args, dir, ""); }

const std::string kUnreadFile = std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data.scn";

/// A path in single quotes, for the shell.
std::string q(const std::string& path) {
  std::string s(1, '\'');
  s += path;
  s += '\'';
  return s;
}
std::string q(const std::filesystem::path& path) { return q(path.string()); }

}  // namespace

TEST_CASE("pcapng_cli_writes_the_capture_and_says_where", "[pcapng][cli]") {
  Dir d;
  const std::string out = (d.path / "run.pcapng").string();
  const Run r = tcpsim_export(q(kUnreadFile) + " --pcap " + q(out), d);
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out == "wrote " + out + ": 6 packets at the wire, 1 with comments (the fault run of " + kUnreadFile + ")\n");
  // The same bytes as the library writes, with the twin's comment.
  const Trace fault = library_run("06-close-unread-data.scn");
  const Trace twin = library_run("06-close-unread-data.scn", RunKind::Twin);
  CHECK(slurp(out) == capture(fault, kNoNode, &twin).bytes);

  const Run at = tcpsim_export(q(kUnreadFile) + " --pcap " + q(out) + " --at server --twin", d);
  CHECK(at.code == 0);
  CHECK(at.out == "wrote " + out + ": 9 packets at server (10.0.0.2), 1 with comments (the graceful twin of " +
                      kUnreadFile + ")\n");
}

TEST_CASE("pcapng_cli_unknown_host_lists_the_hosts", "[pcapng][cli]") {
  Dir d;
  const Run r = tcpsim_export(q(kUnreadFile) + " --pcap " + q(d.path / "x.pcapng") + " --at servr", d);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == kUnreadFile + ": error: --at servr: no such node; a capture can be taken at hosts client and server "
                               "(did you mean 'server'?), or on the wire (--wire)\n");
  CHECK(!std::filesystem::exists(d.path / "x.pcapng"));
}

TEST_CASE("pcapng_cli_usage_errors_exit_2", "[pcapng][cli]") {
  Dir d;
  const std::string out = q(d.path / "x.pcapng");
  const Run both = tcpsim_export(q(kUnreadFile) + " --pcap " + out + " --at client --wire", d);
  CHECK(both.code == 2);
  CHECK(both.err.find("--at excludes --wire") != std::string::npos);

  const Run none = tcpsim_export(q(kUnreadFile), d);
  CHECK(none.code == 2);
  CHECK(none.err.rfind("tcpsim export: error: nothing to export: give an output, --pcap OUT (a pcapng capture for "
                       "Wireshark) or --svg OUT (the ladder diagram for slides)\n", 0) == 0);

  const Run missing = tcpsim_export(q(d.path / "nope.scn") + " --pcap " + out, d);
  CHECK(missing.code == 2);
  CHECK(missing.err.find("nope.scn") != std::string::npos);

  const Run unwritable = tcpsim_export(q(kUnreadFile) + " --pcap " + q(d.path / "no/such/dir.pcapng"), d);
  CHECK(unwritable.code == 2);
  CHECK(unwritable.err == "tcpsim export: error: cannot write '" + (d.path / "no/such/dir.pcapng").string() +
                              "': No such file or directory\n");
  CHECK(unwritable.out.empty());
}

TEST_CASE("export_cli_svg_writes_the_ladder_and_says_where", "[export][cli]") {
  Dir d;
  const std::string out = (d.path / "ladder.svg").string();
  const Run r = tcpsim_export(q(kUnreadFile) + " --svg " + q(out), d);
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  const std::string svg = slurp(out);
  CHECK(r.out == "wrote " + out + ": the ladder diagram of the fault run of " + kUnreadFile + " (light theme, " +
                     std::to_string(svg.size() / 1024) + " KB)\n");
  CHECK(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0) == 0);
  CHECK(svg.find("Close with unread data") != std::string::npos);
  CHECK(svg.find("RST+ACK seq=1 ack=19") != std::string::npos);
  CHECK(svg.find("twin: FIN+ACK seq=1 ack=19") != std::string::npos);  // the graceful close it replaces
  // The same command gives the same bytes; the dark theme others; standard output the same document.
  CHECK(tcpsim_export(q(kUnreadFile) + " --svg " + q(out), d).code == 0);
  CHECK(slurp(out) == svg);
  const Run dark = tcpsim_export(q(kUnreadFile) + " --svg - --theme dark", d);
  CHECK(dark.code == 0);
  CHECK(dark.out != svg);
  CHECK(dark.out.rfind("<?xml", 0) == 0);
  CHECK(dark.err == "wrote standard output: the ladder diagram of the fault run of " + kUnreadFile + " (dark theme, " +
                        std::to_string(dark.out.size() / 1024) + " KB)\n");
  // Both outputs at once.
  const Run both = tcpsim_export(q(kUnreadFile) + " --svg " + q(out) + " --pcap " + q(d.path / "x.pcapng") + " --twin", d);
  CHECK(both.code == 0);
  CHECK(slurp(out).find("FIN+ACK seq=1 ack=19") != std::string::npos);
  CHECK(std::filesystem::exists(d.path / "x.pcapng"));
}

TEST_CASE("export_cli_svg_usage_errors_exit_2", "[export][cli]") {
  Dir d;
  const Run theme = tcpsim_export(q(kUnreadFile) + " --svg x.svg --theme blue", d);
  CHECK(theme.code == 2);
  CHECK(theme.err.find("--theme: blue not in {light,dark}") != std::string::npos);
  const Run at = tcpsim_export(q(kUnreadFile) + " --svg " + q(d.path / "x.svg") + " --at client", d);
  CHECK(at.code == 2);
  CHECK(at.err == "tcpsim export: error: --at and --wire choose where a capture is taken: use them with --pcap OUT\n");
  const Run stdout_twice = tcpsim_export(q(kUnreadFile) + " --svg - --pcap -", d);
  CHECK(stdout_twice.code == 2);
  CHECK(stdout_twice.err == "tcpsim export: error: --pcap - and --svg - cannot both write to standard output\n");
  CHECK(stdout_twice.out.empty());
  const Run no_twin = tcpsim_export(q(std::string(TCPSIM_SCENARIO_DIR) + "/01-handshake.scn") + " --svg - --twin", d);
  CHECK(no_twin.code == 2);
  CHECK(no_twin.out.empty());
  CHECK(no_twin.err.find("this scenario has no graceful twin") != std::string::npos);
  CHECK(!std::filesystem::exists(d.path / "x.svg"));
}
