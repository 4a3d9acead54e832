// The terminal views: the ladder (render/ladder_text.hpp) and the diff (render/diff_text.hpp).
// Scenarios are parsed from text here so each test shows exactly what it draws.
#include <catch2/catch.hpp>

#include "util/text.hpp"

#include <sstream>
#include <string>
#include <vector>

#include "render/diff_text.hpp"
#include "render/ladder_text.hpp"
#include "render/lanes.hpp"
#include "render/rich.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"

using namespace tcpsim;

namespace {

Scenario parse(const std::string& text) {
  ParseResult r = parse_scenario(text, "test.scn");
  if (!r.ok()) {
    std::string all;
    for (const Diagnostic& d : r.errors) all += d.format() + "\n";
    FAIL("scenario does not parse:\n" << all);
  }
  return *r.scenario;
}

Trace run(const std::string& text, RunKind kind = RunKind::Fault) { return run_scenario(parse(text), kind); }

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// The first line containing `needle` ("" if none).
std::string line_with(const std::string& text, const std::string& needle) {
  for (const std::string& l : lines_of(text)) {
    if (l.find(needle) != std::string::npos) return l;
  }
  return "";
}

LadderOptions plain(size_t width) {
  LadderOptions o;
  o.width = width;
  return o;
}

const char* const kHandshake = R"(title "handshake"
host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms server listen 80
at 0ms client connect server:80
)";

const char* const kCloseUnread = R"(title "close with unread data"
summary "The server closes without reading the request."
host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms    server listen 80
at 0ms    client connect server:80
at 100ms  client send "GET / HTTP/1.1\r\n\r\n"
at 150ms  server accept
at 190ms  server recv          twin
at 200ms  server close
note "The request was never read: RST instead of FIN." fault
at 300ms  client recv
at 350ms  client close
)";

const char* const kFirewall = R"(title "firewall"
host client 10.0.0.1
host server 10.0.0.2
firewall fw
link client fw delay 10ms
link fw server delay 10ms
at 0ms   server listen 80
at 0ms   client connect server:80
at 50ms  server accept
at 1s    rule fw drop from client to server:80
at 2s    client send "are you there?"
at 2s    client recv
)";

}  // namespace

TEST_CASE("ladder_handshake_exact_lines", "[render][ladder]") {
  const std::string out = render_ladder(run(kHandshake), plain(80));
  const std::vector<std::string> l = lines_of(out);
  REQUIRE(l.size() >= 13);
  CHECK(l[0] == "handshake — seed 1");
  CHECK(l[2] == "   time  client 10.0.0.1                                        server 10.0.0.2");
  CHECK(l[4] == "  0.000  │                                                     listen(80) = 0 │");
  CHECK(l[7] == "         │ CLOSED → SYN-SENT  (connect())                                     │");
  // client → server: the arrow leaves the client's lane, the head touches the server's, the
  // arrival time sits by the head.
  CHECK(l[8] == "         ├─ SYN seq=0 win=65535 mss=1460 ──────────────────────────── 0.020 ─▶│");
  CHECK(l[9] == "  0.020  │                                   LISTEN → SYN-RECEIVED  (rcv SYN) │");
  // server → client: mirrored, the label by the sender.
  CHECK(l[10] == "         │◀─ 0.040 ────────────────── SYN+ACK seq=0 ack=1 win=65535 mss=1460 ─┤");
  CHECK(l[11] == "  0.040  │ SYN-SENT → ESTABLISHED  (rcv SYN+ACK)                              │");
  CHECK(l[12] == "         ├─ ACK seq=1 ack=1 win=65535 ─────────────────────────────── 0.060 ─▶│");
  CHECK(line_with(out, "end of run") == "  0.060  end of run");
}

TEST_CASE("ladder_handshake_ascii", "[render][ladder]") {
  LadderOptions o = plain(80);
  o.ascii = true;
  const std::string out = render_ladder(run(kHandshake), o);
  CHECK(line_with(out, "SYN seq=0") == "         +- SYN seq=0 win=65535 mss=1460 ---------------------------- 0.020 ->|");
  CHECK(line_with(out, "SYN+ACK") == "         |<- 0.040 ------------------ SYN+ACK seq=0 ack=1 win=65535 mss=1460 -+");
  for (unsigned char c : out) CHECK(c < 0x80);
}

TEST_CASE("ladder_rst_stands_out_without_colour", "[render][ladder]") {
  const Trace t = run(kCloseUnread);
  const std::string rst = line_with(render_ladder(t, plain(100)), "RST+ACK");
  // Heavy line, heavy start at the server's lane, and the label starts with RST.
  CHECK(rst == "         │◀━ 0.220 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ RST+ACK seq=1 ack=19 win=65517 ━┫");
  // A FIN in the twin is drawn with the light line.
  const std::string fin = line_with(render_ladder(run(kCloseUnread, RunKind::Twin), plain(100)), "FIN+ACK");
  CHECK(fin.find("━") == std::string::npos);
  CHECK(fin.find("─") != std::string::npos);
  LadderOptions a = plain(100);
  a.ascii = true;
  const std::string ascii = line_with(render_ladder(t, a), "RST+ACK");
  CHECK(ascii.find("<= 0.220 ===") != std::string::npos);
  CHECK(ascii.find("RST+ACK seq=1 ack=19 win=65517 =#") != std::string::npos);
}

TEST_CASE("ladder_close_unread_tells_the_story", "[render][ladder]") {
  const std::string out = render_ladder(run(kCloseUnread), plain(100));
  CHECK(out.find("fault run, seed 1") != std::string::npos);
  CHECK(line_with(out, "close() = 0").find("│                                                                            close() = 0 │") !=
        std::string::npos);
  CHECK(line_with(out, "ESTABLISHED → CLOSED  (close() with unread data)") != "");
  CHECK(line_with(out, "discarded 18 unread bytes") != "");
  CHECK(line_with(out, "» The request was never read: RST instead of FIN.") != "");
  CHECK(line_with(out, "│ recv() = -1 ECONNRESET (Connection reset by peer)") != "");
}

TEST_CASE("ladder_blocking_call_shows_issue_and_return", "[render][ladder]") {
  const std::string out = render_ladder(run(R"(host client
host server
link client server delay 20ms
at 0ms server listen 80
at 0ms client connect server:80
)"),
                                        plain(80));
  CHECK(line_with(out, "connect(server:80) …") != "");
  CHECK(line_with(out, "connect(server:80) = 0") != "");
}

TEST_CASE("ladder_lost_segment_ends_in_cross", "[render][ladder]") {
  const std::string out = render_ladder(run(R"(host client
host server
link client server delay 20ms loss 100%
limit time 2s
at 0ms server listen 80
at 0ms client connect server:80
)"),
                                        plain(80));
  const std::string syn = line_with(out, "SYN seq=0");
  // Mid-link: the shaft stops half way, the cross and the reason follow.
  CHECK(syn == "         ├─ SYN seq=0 win=65535 mss=1460 ──✗ lost                             │");
  CHECK(line_with(out, "retransmission timer fired") != "");
  // No room for the tag on the short arrow: it follows the reason.
  CHECK(line_with(out, "(retransmission)") == "         ├─ SYN seq=0 win=65535 mss=1460 ──✗ lost  (retransmission)           │");
  CHECK(line_with(out, "stopped early: time limit 2s") != "");
}

TEST_CASE("ladder_firewall_lanes_follow_the_path", "[render][ladder]") {
  const Trace t = run(kFirewall);
  CHECK(render::lane_order(t) == std::vector<NodeId>{t.node_by_name("client"), t.node_by_name("fw"), t.node_by_name("server")});
  const std::string out = render_ladder(t, plain(100));
  const std::string head = line_with(out, "client 10.0.0.1");
  REQUIRE(head.find("fw (firewall)") != std::string::npos);
  CHECK(head.find("client") < head.find("fw (firewall)"));
  CHECK(head.find("fw (firewall)") < head.find("server 10.0.0.2"));
  // Forwarded segments cross the firewall's lane; the dropped one stops there.
  CHECK(line_with(out, "SYN seq=0").find("┼") != std::string::npos);
  const std::string dropped = line_with(out, "len=14");
  CHECK(dropped.find("✗ firewall (line 10)") != std::string::npos);
  CHECK(dropped.find("┼") == std::string::npos);
}

TEST_CASE("ladder_colour_only_when_enabled", "[render][ladder]") {
  const Trace t = run(kCloseUnread);
  LadderOptions o = plain(100);
  CHECK(render_ladder(t, o).find('\x1b') == std::string::npos);
  o.colour = true;
  const std::string coloured = render_ladder(t, o);
  CHECK(coloured.find('\x1b') != std::string::npos);
  // The reset is red and bold; the failed recv() red.
  CHECK(line_with(coloured, "RST+ACK").find("\x1b[1;31m") != std::string::npos);
  CHECK(line_with(coloured, "ECONNRESET").find("\x1b[1;31m-1 ECONNRESET") != std::string::npos);
  CHECK(line_with(coloured, "SYN seq=0").find("\x1b[32m") != std::string::npos);
}

TEST_CASE("ladder_no_line_exceeds_the_width", "[render][ladder]") {
  const std::vector<Trace> traces{run(kHandshake), run(kCloseUnread), run(kCloseUnread, RunKind::Twin), run(kFirewall)};
  for (size_t width : {40u, 60u, 72u, 80u, 100u, 133u, 200u}) {
    for (bool ascii : {false, true}) {
      for (const Trace& t : traces) {
        LadderOptions o = plain(width);
        o.ascii = ascii;
        o.all_timers = true;
        for (const std::string& l : lines_of(render_ladder(t, o))) {
          INFO("width " << width << ": " << l);
          CHECK(render::display_width(l) <= width);
        }
      }
    }
  }
}

TEST_CASE("ladder_timers_hidden_unless_asked", "[render][ladder]") {
  const Trace t = run(kHandshake);
  CHECK(render_ladder(t, plain(100)).find("timer armed") == std::string::npos);
  LadderOptions o = plain(100);
  o.all_timers = true;
  CHECK(render_ladder(t, o).find("retransmission timer armed, expires at 1.000") != std::string::npos);
}

TEST_CASE("ladder_absolute_numbers", "[render][ladder]") {
  const Trace t = run(kHandshake);
  LadderOptions o = plain(120);
  o.absolute = true;
  const std::string syn = line_with(render_ladder(t, o), "SYN seq=");
  const uint32_t iss = t.segments[0].seg.seq.v;
  CHECK(syn.find("SYN seq=" + std::to_string(iss) + " ") != std::string::npos);
}

TEST_CASE("diff_headline_close_with_unread_data", "[render][diff]") {
  const Trace fault = run(kCloseUnread);
  const Trace twin = run(kCloseUnread, RunKind::Twin);
  CHECK(diff_headline(fault, twin) ==
        "At 0.200s the fault run sends RST+ACK where the graceful twin sends FIN+ACK: server close() with unread data "
        "(RFC 1122 §4.2.2.13).");
  DiffOptions o;
  o.width = 400;  // One line per paragraph.
  const std::string out = render_diff(fault, twin, o);
  // The earlier parting (the twin's recv) is explained after the headline.
  CHECK(out.find("The runs part at 0.190s: in the graceful twin, server calls recv(), which returns 18 bytes") !=
        std::string::npos);
  CHECK(out.find("Identical for 15 events, up to 0.150s") != std::string::npos);
}

TEST_CASE("diff_side_by_side_pairs_the_rst_with_the_fin", "[render][diff]") {
  DiffOptions o;
  o.width = 120;
  const std::string out = render_diff(run(kCloseUnread), run(kCloseUnread, RunKind::Twin), o);
  const std::string row = line_with(out, "RST+ACK seq=1 ack=19 → client");
  CHECK(row.find("0.200 server  RST+ACK seq=1 ack=19 → client") == 1);
  CHECK(row.find("≠") != std::string::npos);
  CHECK(row.find("0.200 server  FIN+ACK seq=1 ack=19 → client") != std::string::npos);
  CHECK(line_with(out, "recv() = -1 ECONNRESET").find("recv() = 0 (EOF)") != std::string::npos);
  for (const std::string& l : lines_of(out)) CHECK(render::display_width(l) <= 120);
  CHECK(out.find('\x1b') == std::string::npos);
}

TEST_CASE("diff_identical_runs", "[render][diff]") {
  const Trace t = run(kHandshake);
  CHECK(diff_headline(t, t).find("do the same") != std::string::npos);
}

TEST_CASE("rich_wrap_keeps_inner_spaces_and_width", "[render][rich]") {
  const auto lines = render::wrap(render::rich("A → B  (close() with unread data)"), 16, 2);
  REQUIRE(lines.size() == 3);
  CHECK(render::plain_text(lines[0]) == "A → B  (close()");
  CHECK(render::plain_text(lines[1]) == "  with unread");
  CHECK(render::plain_text(lines[2]) == "  data)");
  const auto cut = render::wrap(render::rich("abcdefghijkl"), 5, 0);
  REQUIRE(cut.size() == 3);
  CHECK(render::plain_text(cut[2]) == "kl");
}

TEST_CASE("diff: find_divergence points at the RST and the FIN it replaces") {
  const Scenario sc = parse(kCloseUnread);
  const Trace fault = run_scenario(sc, RunKind::Fault);
  const Trace twin = run_scenario(sc, RunKind::Twin);
  const Divergence d = find_divergence(fault, twin);
  CHECK_FALSE(d.identical);
  CHECK(d.at == ms(190));  // the twin's recv() comes first
  REQUIRE(d.fault_segment >= 0);
  REQUIRE(d.twin_segment >= 0);
  CHECK(flags_to_string(fault.segments[static_cast<size_t>(d.fault_segment)].seg.flags) == "RST+ACK");
  CHECK(flags_to_string(twin.segments[static_cast<size_t>(d.twin_segment)].seg.flags) == "FIN+ACK");
  CHECK(fault.segments[static_cast<size_t>(d.fault_segment)].sent_at == ms(200));
  CHECK(diff_headline(fault, twin).rfind("At 0.200s the fault run sends RST+ACK where the graceful twin sends FIN+ACK", 0) == 0);
  const Divergence same = find_divergence(fault, fault);
  CHECK(same.identical);
  CHECK(same.fault_segment == -1);
}

TEST_CASE("text: UTF-8 sequences are read strictly, one code point at a time", "[text]") {
  using tcpsim::next_code_point;
  using tcpsim::utf8_sequence;
  const std::string good = "a\xC3\xA9\xE2\x86\x92\xF0\x9F\x98\x80";  // a, é, →, 😀
  CHECK(utf8_sequence(good, 0) == 0);  // ASCII is not a multi-byte sequence
  CHECK(utf8_sequence(good, 1) == 2);
  CHECK(utf8_sequence(good, 3) == 3);
  CHECK(utf8_sequence(good, 6) == 4);
  size_t i = 0;
  CHECK(next_code_point(good, i) == U'a');
  CHECK(next_code_point(good, i) == U'\u00E9');
  CHECK(next_code_point(good, i) == U'\u2192');
  CHECK(next_code_point(good, i) == U'\U0001F600');
  CHECK(i == good.size());
  // Overlong, surrogate, past U+10FFFF, cut short, a stray continuation byte: U+FFFD, one byte on.
  for (const std::string bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x86", "\x80"}) {
    INFO(bad.size());
    CHECK(utf8_sequence(bad, 0) == 0);
    size_t k = 0;
    CHECK(next_code_point(bad, k) == U'\uFFFD');
    CHECK(k == 1);
  }
}
