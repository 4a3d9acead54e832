// The visualizer opens packetdrill scripts (.pkt) directly (issue 14): the session converts them as
// `tcpsim pkt --to-scn` does, a script's errors name its own file:line:col, and the window draws the
// converted run (under xvfb-run: the red of the RST in close-unread-data.pkt's ladder).
#include <catch2/catch.hpp>

#include <string>

#include "model/session.hpp"
#include "tcp/segment.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

TEST_CASE("session: a .pkt file opens as the scenario it converts to") {
  Session s;
  REQUIRE(s.load_file(TCPSIM_PKT_DIR "/close-unread-data.pkt"));
  CHECK(s.errors().empty());
  REQUIRE(s.fault());
  CHECK(s.scenario()->title == "close-unread-data");
  // The editor keeps the script itself.
  CHECK(s.text().find("+0  > R. 1:1(0) ack 11") != std::string::npos);
  bool rst = false;
  for (size_t i = 0; i < s.fault()->trace.segments.size(); ++i) rst |= (s.fault()->trace.segments[i].seg.flags & kRst) != 0;
  CHECK(rst);
}

TEST_CASE("session: a .pkt script's errors name its own file:line:col, as a scenario's do") {
  Session s;
  CHECK_FALSE(s.load_text("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < Q 0:0(0) win 100\n", "bad.pkt"));
  REQUIRE(s.errors().size() == 1);
  CHECK(s.errors()[0].line == 2);
  CHECK(s.errors()[0].col == 6);
  CHECK(s.errors()[0].format().rfind("bad.pkt:2:6: error: unknown flag 'Q' (flags are S F R P . E W)", 0) == 0);
  CHECK(s.errors()[0].source_line == "+0 < Q 0:0(0) win 100");
  // A construct tcpsim cannot run is an error too (the scenario would not be what the script says).
  CHECK_FALSE(s.load_text("0 epoll_wait(3, ..., ...) = 0\n", "u.pkt"));
  REQUIRE(s.errors().size() == 1);
  CHECK(s.errors()[0].format().rfind("u.pkt:1:1: error: unsupported: system call epoll_wait() is not supported", 0) == 0);
  // Edited back to a good script (as the editor does), it runs again.
  CHECK(s.load_text("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = 0\n", "u.pkt"));
  CHECK(s.errors().empty());
}

#ifdef TCPSIM_HAVE_VIZ
#include "window_helpers.hpp"

using namespace tcpsim::viz::window_test;

TEST_CASE("window: tcpsim-viz FILE.pkt draws the script's run: the RST arrow after close() with unread data") {
  REQUIRE(have_xvfb());
  const std::string file = TCPSIM_PKT_DIR "/close-unread-data.pkt";
  Session s;
  REQUIRE(s.load_file(file));
  const size_t n = rst_step(*s.fault());
  const Palette& p = dark_palette();
  CHECK(rst_pixels_in_ladder(file, n - 1, p) < 20);
  CHECK(rst_pixels_in_ladder(file, n, p) > 150);
}

TEST_CASE("window: a .pkt that does not parse still opens a window (with the error in the editor)") {
  REQUIRE(have_xvfb());
  const std::string bad = "/tmp/tcpsim-viz-test-bad-" + std::to_string(getpid()) + ".pkt";
  {
    std::ofstream out(bad);
    out << "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < Q 0:0(0) win 100\n";
  }
  const std::string png = screenshot(bad, 0);
  std::remove(bad.c_str());
  REQUIRE_FALSE(png.empty());
  const Image img = load_png(png);
  CHECK(img.w == kWidth);
  // The editor's error mark: the error colour on the line of the error.
  CHECK(count_colour(img, dark_palette().error, 0, 0, kWidth, kHeight, 12) > 50);
}
#endif
