// The Export menu's files: names next to the scenario, the capture or SVG of the run on screen, and a
// clear message when the file cannot be written.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "model/exports.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

const std::string kUnread = std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data.scn";

uint32_t u32(const std::string& b, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

NodeId node_named(const Run& r, const std::string& name) {
  for (NodeId n = 0; n < r.trace.nodes.size(); ++n) {
    if (r.trace.nodes[n].name == name) return n;
  }
  FAIL("no node " << name);
  return kNoNode;
}

}  // namespace

TEST_CASE("exports: files are named after the scenario, next to it", "[exports]") {
  CHECK(export_base("scenarios/06-close-unread-data.scn", false) == "scenarios/06-close-unread-data");
  CHECK(export_base("scenarios/06-close-unread-data.scn", true) == "scenarios/06-close-unread-data-twin");
  CHECK(export_base("/tmp/v1.2/lesson", false) == "/tmp/v1.2/lesson");  // a dot in a directory is not an extension
  CHECK(export_base("", false) == "tcpsim");
}

TEST_CASE("exports: the capture of the run on screen, on the wire or at a host", "[exports]") {
  Session s;
  REQUIRE(s.load_file(kUnread));
  const ExportFile wire = pcapng_file(s, false, kNoNode);
  CHECK(wire.path == std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data.pcapng");
  REQUIRE(wire.bytes.size() > 28);
  CHECK(u32(wire.bytes, 0) == 0x0A0D0D0A);  // a pcapng Section Header Block
  CHECK(u32(wire.bytes, 8) == 0x1A2B3C4D);  // byte-order magic
  // One packet per segment on the wire.
  CHECK(wire.what == std::to_string(s.fault()->trace.segments.size()) + " packets");

  const ExportFile twin_at_client = pcapng_file(s, true, node_named(*s.twin(), "client"));
  CHECK(twin_at_client.path == std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data-twin-at-client.pcapng");
  CHECK(u32(twin_at_client.bytes, 0) == 0x0A0D0D0A);
}

TEST_CASE("exports: the SVG of the run on screen; a clear message when it cannot be written", "[exports]") {
  Session s;
  REQUIRE(s.load_file(kUnread));
  SvgOptions o;
  o.twin = true;
  const ExportFile svg = svg_file(s, o);
  CHECK(svg.path == std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data-twin.svg");
  CHECK(svg.bytes.rfind("<?xml", 0) == 0);
  CHECK(svg.bytes.find("FIN+ACK") != std::string::npos);

  ExportFile to_tmp = svg;
  to_tmp.path = "/tmp/tcpsim-export-test-" + std::to_string(getpid()) + ".svg";
  CHECK(write_export(to_tmp) == "Wrote " + to_tmp.path + " (the ladder diagram)");
  std::ifstream in(to_tmp.path, std::ios::binary);
  std::stringstream back;
  back << in.rdbuf();
  CHECK(back.str() == svg.bytes);
  std::remove(to_tmp.path.c_str());

  ExportFile nowhere = svg;
  nowhere.path = "/nonexistent-dir/x.svg";
  CHECK(write_export(nowhere) == "Could not write /nonexistent-dir/x.svg: No such file or directory");

  Session broken;
  broken.load_text("host client 10.0.0.1\nat 0ms client bogus\n", "broken.scn");
  CHECK(svg_file(broken, {}).path.empty());
  CHECK(write_export(pcapng_file(broken, false, kNoNode)) == "Nothing to export: the scenario has no such run.");
}
