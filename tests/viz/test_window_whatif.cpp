// What-ifs in the real window, under xvfb-run, driven by input events (--input) as a person would:
// the Act palette by keys, the ladder's right-click menu by the mouse, undo by Ctrl+Z, and --also.
// 02-graceful-close has no RST at all; a what-if that aborts the client must put a red RST in the ladder.
#include <catch2/catch.hpp>

#ifdef TCPSIM_HAVE_VIZ

#include <string>

#include "ladder/palette.hpp"
#include "window_helpers.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;
using namespace tcpsim::viz::window_test;

namespace {

const std::string kGraceful = TCPSIM_SCENARIO_DIR "/02-graceful-close.scn";
constexpr size_t kAt150ms = 24;  // 02 at 150 ms: the request read, the response not yet sent

/// RST-red pixels in the ladder after playing `input` at step kAt150ms; what tcpsim-viz said in `said`.
size_t rst_pixels_after(const std::string& input, std::string* said, const std::string& extra = "") {
  const std::string png = screenshot(kGraceful, kAt150ms, "--input '" + input + "' " + extra, said);
  REQUIRE_FALSE(png.empty());
  const Image img = load_png(png);
  REQUIRE(img.w == kWidth);
  return count_colour(img, dark_palette().rst, 0, 140, kWidth * 6 / 10, kHeight * 7 / 10);
}

}  // namespace

TEST_CASE("window: W, typing 'client abort' and Enter fork the run; the RST is drawn where there was none") {
  REQUIRE(have_xvfb());
  std::string said;
  const size_t without = rst_pixels_after("key W; text client abort; key Escape; key End", &said);
  CHECK(without < 20);
  CHECK(said.find("what-if") == std::string::npos);
  const size_t with = rst_pixels_after("key W; text client abort; key Enter; frames 2; key End", &said);
  CHECK(with > 150);
  CHECK(said.find("what-if 1)") != std::string::npos);
}

TEST_CASE("window: right-click the client's lane, then its connection's abort(): the same fork by the mouse") {
  REQUIRE(have_xvfb());
  std::string said;
  const size_t with = rst_pixels_after(
      "rclick lane:client; frames 2; click item:abort() (SO_LINGER 0); frames 2; key End",
      &said);
  CHECK(with > 150);
  CHECK(said.find("what-if 1)") != std::string::npos);
}

TEST_CASE("window: right-click the client's TCB card (or its name in the state diagram): its what-if menu") {
  REQUIRE(have_xvfb());
  std::string said;
  const size_t with =
      rst_pixels_after("rclick conn:client; frames 2; click item:abort() (SO_LINGER 0); frames 2; key End", &said);
  CHECK(with > 150);
  CHECK(said.find("what-if 1)") != std::string::npos);
}

TEST_CASE("window: Ctrl+Z undoes the what-if: back on the original, no RST") {
  REQUIRE(have_xvfb());
  std::string said;
  const size_t undone =
      rst_pixels_after("key W; text client abort; key Enter; frames 2; key ctrl+z; frames 2; key End", &said);
  CHECK(undone < 20);
  CHECK(said.find("what-if") == std::string::npos);
}

TEST_CASE("window: --also opens on the what-if, and a bad --also is refused with the parser's message") {
  REQUIRE(have_xvfb());
  std::string said;
  const size_t with = rst_pixels_after("key End", &said, "--also 'at 150ms client abort'");
  CHECK(with > 150);
  CHECK(said.find("what-if 1)") != std::string::npos);
  const std::string bad = screenshot(kGraceful, 0, "--also 'at 150ms cliant abort'", &said);
  CHECK(bad.empty());  // exit status 2: no screenshot
  CHECK(said.find("--also #1:1:10: error: unknown host 'cliant'") != std::string::npos);
  CHECK(said.find("hint: did you mean 'client'?") != std::string::npos);
}

#endif  // TCPSIM_HAVE_VIZ

#ifdef TCPSIM_HAVE_VIZ
TEST_CASE("window: a typo re-simulated in the editor keeps the last good run on screen, dimmed, with the error") {
  REQUIRE(have_xvfb());
  // Click into line 15 ("at 100ms  client send ...") just after "100ms", type "zz", Ctrl+Enter.
  const std::string file = TCPSIM_SCENARIO_DIR "/06-close-unread-data.scn";
  std::string said;
  const std::string png = screenshot(file, 36, "--show editor --input 'click 1072,392; frames 2; text zz; key ctrl+Enter; frames 3'", &said);
  REQUIRE_FALSE(png.empty());
  const Image img = load_png(png);
  const Palette& p = dark_palette();
  // The RST arrow is still drawn, under a veil of the background colour (alpha 150 of 255).
  auto veiled = [&](Rgba c) {
    const float a = 150.0f / 255.0f;
    auto mix = [&](uint8_t x, uint8_t bg) { return static_cast<uint8_t>(x * (1 - a) + bg * a + 0.5f); };
    return Rgba{mix(c.r, p.background.r), mix(c.g, p.background.g), mix(c.b, p.background.b)};
  };
  CHECK(count_colour(img, veiled(p.rst), 0, 140, kWidth * 6 / 10, kHeight * 7 / 10, 12) > 150);
  CHECK(count_colour(img, p.rst, 0, 140, kWidth * 6 / 10, kHeight * 7 / 10) < 20);  // dimmed, not as before
  // The error box's border, in the error colour, at the bottom of the ladder.
  CHECK(count_colour(img, p.error, 0, kHeight / 2, kWidth * 6 / 10, kHeight * 3 / 4) > 200);
}
#endif
