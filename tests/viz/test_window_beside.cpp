// The kernel's run beside the simulated one in the real window (issue 13), under xvfb-run: the verdict
// box over the two ladders is green when they agree; where they part, the first difference is a red
// dashed line across both ladders at its time; a file that is no trace of the scenario stops the
// start with its message and exit status 2, before a window opens.
#include <catch2/catch.hpp>

#include <string>

#include "window_helpers.hpp"

#ifdef TCPSIM_HAVE_VIZ

using namespace tcpsim;
using namespace tcpsim::viz;
using namespace tcpsim::viz::window_test;

namespace {

const std::string kLinux06 = TCPSIM_VIZ_DATA_DIR "/linux-06-close-unread-data.json";
const std::string kScn06 = TCPSIM_SCENARIO_DIR "/06-close-unread-data.scn";

// The ladder panel at 1600x900: left of the side panels, between the toolbar and the bottom strip.
constexpr int kTop = 95, kBottom = 720, kRight = 955, kMid = 478;
// The verdict box: the top of the ladder panel.
constexpr int kVerdictTop = 95, kVerdictBottom = 145;

}  // namespace

TEST_CASE("window: the kernel's run beside tcpsim's: two ladders, a green verdict when they agree") {
  REQUIRE(have_xvfb());
  const Palette& p = dark_palette();
  const std::string png = screenshot(kScn06, 33, "--beside '" + kLinux06 + "'");
  REQUIRE_FALSE(png.empty());
  const Image img = load_png(png);
  REQUIRE(img.w == kWidth);
  // The verdict's frame is green; nothing is marked red.
  CHECK(count_colour(img, p.ok, 0, kVerdictTop, kRight, kVerdictBottom) > 1500);
  CHECK(count_colour(img, p.error, 0, kVerdictTop, kRight, kVerdictBottom) == 0);
  // Both ladders draw the RST (tcpsim's at 200 ms, Linux's at 200.9 ms): red in each half.
  CHECK(count_colour(img, p.rst, 0, kVerdictBottom, kMid, kBottom) > 200);
  CHECK(count_colour(img, p.rst, kMid, kVerdictBottom, kRight, kBottom) > 200);
}

TEST_CASE("window: `tcpsim-viz RUN.json` alone opens the scenario it was recorded from, with it beside") {
  REQUIRE(have_xvfb());
  const std::string png = screenshot(kLinux06, 33);
  REQUIRE_FALSE(png.empty());
  const Image img = load_png(png);
  CHECK(count_colour(img, dark_palette().ok, 0, kVerdictTop, kRight, kVerdictBottom) > 1500);
}

TEST_CASE("window: where the runs part, a red line marks the first difference on both ladders") {
  REQUIRE(have_xvfb());
  const Palette& p = dark_palette();
  // The server crashes at 180 ms in tcpsim's run: the kernel's server called close() at 200 ms.
  const std::string also = " --also 'at 180ms server crash'";
  const Image alone = load_png(screenshot(kScn06, 33, also));
  const Image both = load_png(screenshot(kScn06, 33, "--beside '" + kLinux06 + "'" + also));
  REQUIRE(alone.w == kWidth);
  REQUIRE(both.w == kWidth);
  // The verdict's frame is red.
  CHECK(count_colour(both, p.error, 0, kVerdictTop, kRight, kVerdictBottom) > 1500);
  // The dashed line and its label: far more of the error colour in each ladder than the crash alone draws.
  const size_t before = count_colour(alone, p.error, 0, kTop, kRight, kBottom);
  CHECK(count_colour(both, p.error, 0, kVerdictBottom, kMid, kBottom) > before / 2 + 800);
  CHECK(count_colour(both, p.error, kMid, kVerdictBottom, kRight, kBottom) > 800);
}

TEST_CASE("window: --beside with a file that is no trace of the scenario: its message, exit 2, no window") {
  REQUIRE(have_xvfb());
  std::string said;
  CHECK(screenshot(kScn06, 0, "--beside '" + kScn06 + "'", &said).empty());
  CHECK(said.find(kScn06 + ":1:1: error: not a tcpsim trace (JSON") != std::string::npos);
  CHECK(screenshot(TCPSIM_SCENARIO_DIR "/02-graceful-close.scn", 0, "--beside '" + kLinux06 + "'", &said).empty());
  CHECK(said.find(kLinux06 + ":1:1: error: a run of another scenario: \"Close with unread data\"") != std::string::npos);
  CHECK(screenshot(kScn06, 0, "--beside /nonexistent/run.json", &said).empty());
  CHECK(said.find("/nonexistent/run.json: error: cannot open the file") != std::string::npos);
}

#endif  // TCPSIM_HAVE_VIZ
