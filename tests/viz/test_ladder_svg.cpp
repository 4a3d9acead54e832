// The SVG ladder export (viz/model/ladder_svg.hpp) on library scenarios: what a reader must find in it
// (the reset and its marking, ECONNRESET, the graceful twin's ghost and callout, the title and summary),
// the twin's own export, themes, escaping and determinism. That every library scenario's SVG is
// well-formed XML is checked by a real parser in the ctest entry svg:xml-well-formed.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "model/exports.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

std::string library_file(const std::string& name) { return std::string(TCPSIM_SCENARIO_DIR) + "/" + name; }

/// The SVG of a library scenario.
std::string svg_of(const std::string& name, const SvgOptions& o = {}) {
  Session s;
  REQUIRE(s.load_file(library_file(name)));
  return ladder_svg(s, o);
}

std::string unescape(std::string t) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (size_t at = t.find(from); at != std::string::npos; at = t.find(from, at + to.size())) {
      t.replace(at, from.size(), to);
    }
  }
  return t;
}

/// The words of every <text> element whose class is exactly `cls`, in document order.
std::vector<std::string> texts(const std::string& svg, const std::string& cls) {
  std::vector<std::string> out;
  const std::string open = "<text ";
  for (size_t at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
    const size_t gt = svg.find('>', at);
    const size_t end = svg.find("</text>", gt);
    REQUIRE(gt != std::string::npos);
    REQUIRE(end != std::string::npos);
    if (svg.substr(at, gt - at).find(" class=\"" + cls + "\"") == std::string::npos) continue;
    out.push_back(unescape(svg.substr(gt + 1, end - gt - 1)));
  }
  return out;
}

/// The attributes of every <text> element whose class is exactly `cls`.
std::vector<std::string> text_tags(const std::string& svg, const std::string& cls) {
  std::vector<std::string> out;
  for (size_t at = svg.find("<text "); at != std::string::npos; at = svg.find("<text ", at + 1)) {
    const std::string tag = svg.substr(at, svg.find('>', at) - at);
    if (tag.find(" class=\"" + cls + "\"") != std::string::npos) out.push_back(tag);
  }
  return out;
}

/// The ladder itself (below the title block and its legend, whose samples are drawn like the real thing).
std::string ladder(const std::string& svg) {
  const size_t at = svg.find("<g class=\"ladder\"");
  REQUIRE(at != std::string::npos);
  return svg.substr(at);
}

/// The contents of every group whose class is exactly `cls` (groups of drawn items do not nest).
std::vector<std::string> groups(const std::string& svg, const std::string& cls) {
  std::vector<std::string> out;
  const std::string open = "<g class=\"" + cls + "\">";
  for (size_t at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
    const size_t body = at + open.size();
    out.push_back(svg.substr(body, svg.find("</g>", body) - body));
  }
  return out;
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool any_starts_with(const std::vector<std::string>& v, const std::string& prefix) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
}

/// The fill of the page's background.
std::string background(const std::string& svg) {
  std::smatch m;
  const std::regex re("<g class=\"background\">\\s*<rect [^>]*fill=\"(#[0-9a-f]{6})\"");
  REQUIRE(std::regex_search(svg, m, re));
  return m[1];
}

}  // namespace

TEST_CASE("svg: close-unread-data shows the reset heavy, barred, bold and labelled, then ECONNRESET", "[svg]") {
  const std::string svg = svg_of("06-close-unread-data.scn");
  REQUIRE(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("font-family=\"'DejaVu Sans', Verdana, sans-serif\"") != std::string::npos);
  // The server's RST+ACK: one arrow whose head is a bar (a line across the tip) and two filled
  // triangles, drawn heavier than the other arrows.
  const std::vector<std::string> resets = groups(ladder(svg), "arrow rst");
  REQUIRE(resets.size() == 1);
  CHECK(count(resets[0], "<line ") == 2);     // the shaft and the bar
  CHECK(count(resets[0], "<polygon ") == 2);  // the double head
  CHECK(resets[0].find("stroke-width=\"3.4\"") != std::string::npos);
  for (const std::string& ack : groups(ladder(svg), "arrow ack")) {
    CHECK(ack.find("stroke-width=\"1.6\"") != std::string::npos);
  }
  // Its label: the exact segment, bold white text on the reset's box.
  CHECK(texts(svg, "label rst") == std::vector<std::string>{"RST+ACK seq=1 ack=19"});
  REQUIRE(text_tags(svg, "label rst").size() == 1);
  CHECK(text_tags(svg, "label rst")[0].find("font-weight=\"bold\" fill=\"#ffffff\"") != std::string::npos);
  // The client's recv() fails, in words.
  CHECK(contains(texts(svg, "mark failed"), "recv() = -1 ECONNRESET (Connection reset by peer)"));
  CHECK(contains(texts(svg, "mark"), "ESTABLISHED → CLOSED"));
  // Every segment of the run is drawn on its own: the whole run is in view, and none folded.
  Session s;
  REQUIRE(s.load_file(library_file("06-close-unread-data.scn")));
  CHECK(count(ladder(svg), "<g class=\"arrow ") == s.fault()->trace.segments.size());
}

TEST_CASE("svg: close-unread-data shows the graceful twin's FIN+ACK as a dashed ghost, with the callout", "[svg]") {
  const std::string svg = svg_of("06-close-unread-data.scn");
  // The server's FIN+ACK, and the client's, which the twin sends as the fault run ends (still on its way).
  const std::vector<std::string> fins = groups(ladder(svg), "ghost fin");
  REQUIRE(fins.size() == 2);
  CHECK(fins[0].find("stroke-dasharray=\"9 6\"") != std::string::npos);
  CHECK(fins[0].find("<polygon ") != std::string::npos);
  CHECK(fins[0].find("fill=\"none\"") != std::string::npos);  // an open head
  CHECK(fins[1].find("<circle ") != std::string::npos);         // the packet, in flight
  CHECK(contains(texts(svg, "label ghost"), "twin: FIN+ACK seq=1 ack=19"));
  REQUIRE(groups(svg, "callout").size() == 1);
  CHECK(svg.find(">Here the graceful twin sends FIN+ACK instead</text>") != std::string::npos);
  CHECK(svg.find("(server close() with unread data — RFC 1122 §4.2.2.13)") != std::string::npos);
  // The legend explains the dashes.
  CHECK(svg.find(">what the graceful twin does instead (dashed)</text>") != std::string::npos);

  SvgOptions plain;
  plain.ghost = false;
  const std::string without = svg_of("06-close-unread-data.scn", plain);
  CHECK(without.find("<g class=\"ghost") == std::string::npos);
  CHECK(without.find("<g class=\"callout") == std::string::npos);
}

TEST_CASE("svg: the title, which run, and the whole summary are at the top", "[svg]") {
  const std::string svg = svg_of("06-close-unread-data.scn");
  CHECK(texts(svg, "title") == std::vector<std::string>{"Close with unread data"});
  CHECK(svg.find("<title>Close with unread data</title>") != std::string::npos);
  CHECK(texts(svg, "subtitle") == std::vector<std::string>{"Fault run · seed 1 · 06-close-unread-data.scn"});
  // Wrapped into lines that, joined again, are the summary's sentences.
  const std::vector<std::string> lines = texts(svg, "summary");
  REQUIRE(lines.size() >= 2);
  std::string joined;
  for (const std::string& l : lines) joined += (joined.empty() ? "" : " ") + l;
  CHECK(joined.rfind("The server accepts a connection but closes it without reading the request.", 0) == 0);
  CHECK(joined.find("RST+ACK instead of FIN (RFC 1122 §4.2.2.13, Linux tcp_close())") != std::string::npos);
  CHECK(joined.find("and the same close() sends FIN.") != std::string::npos);
}

TEST_CASE("svg: the graceful twin's export has its FIN+ACK and no reset", "[svg]") {
  SvgOptions o;
  o.twin = true;
  const std::string svg = svg_of("06-close-unread-data.scn", o);
  CHECK(texts(svg, "subtitle") == std::vector<std::string>{"Graceful twin · seed 1 · 06-close-unread-data.scn"});
  CHECK(contains(texts(svg, "label"), "FIN+ACK seq=1 ack=19"));
  CHECK(groups(ladder(svg), "arrow fin").size() == 2);  // the server's and the client's
  CHECK(groups(ladder(svg), "arrow rst").empty());
  CHECK(texts(svg, "label rst").empty());
  CHECK_FALSE(any_starts_with(texts(svg, "label"), "RST"));
  CHECK(texts(svg, "mark failed").empty());
  CHECK(contains(texts(svg, "mark"), "recv() = 0 (EOF)"));
  // The fault run's reset is only its ghost, named as such.
  CHECK(contains(texts(svg, "label ghost"), "fault run: RST+ACK seq=1 ack=19"));
  CHECK(svg.find(">Here the fault run sends RST+ACK instead</text>") != std::string::npos);

  o.ghost = false;
  const std::string alone = svg_of("06-close-unread-data.scn", o);
  CHECK(alone.find("<g class=\"ghost") == std::string::npos);
  CHECK(alone.find("RST:") == std::string::npos);  // nor in the legend
}

TEST_CASE("svg: drops end in a cross with the reason beside it", "[svg]") {
  const std::string svg = svg_of("11-firewall-reject.scn");
  const std::vector<std::string> dropped = groups(ladder(svg), "arrow syn dropped");
  REQUIRE(dropped.size() == 1);
  CHECK(count(dropped[0], "<line ") == 3);  // the shaft and the two strokes of the cross
  CHECK(dropped[0].find("<polygon ") == std::string::npos);
  CHECK(contains(texts(svg, "reason"), "firewall (line 15)"));
  CHECK(contains(texts(svg, "reason"), "firewall (line 26)"));
  // The firewall answers in the server's name: two resets.
  CHECK(texts(svg, "label rst") == std::vector<std::string>{"RST+ACK seq=0 ack=1", "RST seq=20"});
}

TEST_CASE("svg: marks with no room in the diagram are listed in full under it", "[svg]") {
  // connect()'s failure comes at the moment the client's SYN-SENT → CLOSED does, just above the
  // twin's SYN+ACK label: no room on the lane, so on paper it is written out below.
  const std::string svg = svg_of("05-connection-refused.scn");
  CHECK_FALSE(contains(texts(svg, "mark failed"), "connect(server:81) = -1 ECONNREFUSED (Connection refused)"));
  CHECK(texts(svg, "overflow failed") ==
        std::vector<std::string>{"client: connect(server:81) = -1 ECONNREFUSED (Connection refused)"});
  // Everything shown in full is not repeated; the server's verdict, whose only room was across the
  // RST+ACK leaving its lane (issue 15: no text on a line), is written out below too.
  CHECK(texts(svg, "overflow") == std::vector<std::string>{"server: not accepted: no connection (RFC 9293 §3.10.7.1)"});
  // A mark whose only room is across an arrow (issue 15: no text on a line) is written out below:
  // the handshake's connect() = 0 comes as the client's ACK leaves its lane.
  CHECK(texts(svg_of("01-handshake.scn"), "overflow") == std::vector<std::string>{"client: connect(server:80) = 0"});
}

TEST_CASE("svg: light and dark themes differ in the background and in ink", "[svg]") {
  SvgOptions dark;
  dark.light = false;
  const std::string l = svg_of("06-close-unread-data.scn");
  const std::string d = svg_of("06-close-unread-data.scn", dark);
  CHECK(background(l) == "#ffffff");
  CHECK(background(d) == "#18191c");
  CHECK(text_tags(l, "title")[0].find("fill=\"#000000\"") != std::string::npos);
  CHECK(text_tags(d, "title")[0].find("fill=\"#e6e6e6\"") != std::string::npos);
}

TEST_CASE("svg: the same scenario and options give the same bytes", "[svg]") {
  SvgOptions o;
  o.absolute = true;
  o.width = 1280;
  const std::string a = svg_of("19-lossy-transfer.scn", o);
  const std::string b = svg_of("19-lossy-transfer.scn", o);
  CHECK(a == b);
  CHECK(a.find("width=\"1280\"") != std::string::npos);
  CHECK(a != svg_of("19-lossy-transfer.scn"));
}

TEST_CASE("svg: text is escaped for XML and kept valid UTF-8", "[svg]") {
  CHECK(xml_escape("<SEQ=0><CTL=RST,ACK> & \"quoted\" 'too'") ==
        "&lt;SEQ=0&gt;&lt;CTL=RST,ACK&gt; &amp; &quot;quoted&quot; &apos;too&apos;");
  CHECK(xml_escape("GET / HTTP/1.1\r\n\r\n") == "GET / HTTP/1.1\\r\\n\\r\\n");
  CHECK(xml_escape(std::string("a\0b\x1b", 4)) == "a\\x00b\\x1b");
  CHECK(xml_escape("ESTABLISHED → CLOSED, §4.2.2.13, ✗") == "ESTABLISHED → CLOSED, §4.2.2.13, ✗");
  CHECK(xml_escape("bad \xff byte, cut \xe2\x86") == "bad \xEF\xBF\xBD byte, cut \xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(xml_escape("overlong \xc0\xaf") == "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
  // The firewall scenario's summary quotes RFC 793's <SEQ=...> notation.
  const std::string svg = svg_of("11-firewall-reject.scn");
  CHECK(svg.find("&lt;SEQ=0&gt;&lt;ACK=SEG.SEQ+1&gt;&lt;CTL=RST,ACK&gt;") != std::string::npos);
  CHECK(svg.find("<SEQ") == std::string::npos);
}

TEST_CASE("svg: nothing to export without a run", "[svg]") {
  Session broken;
  CHECK_FALSE(broken.load_text("host client 10.0.0.1\nlink client nowhere delay 1ms\n", "broken.scn"));
  CHECK(ladder_svg(broken, {}).empty());
  SvgOptions twin;
  twin.twin = true;
  Session plain;
  REQUIRE(plain.load_file(library_file("01-handshake.scn")));
  CHECK(ladder_svg(plain, twin).empty());
  CHECK_FALSE(ladder_svg(plain, {}).empty());
}
