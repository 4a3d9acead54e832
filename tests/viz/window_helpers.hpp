#pragma once
// Helpers for the window tests: run tcpsim-viz --screenshot under xvfb-run (with --input events and
// other flags), read the PNG back, count pixels of a colour.
#include <catch2/catch.hpp>

#include <stb_image.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "ladder/palette.hpp"
#include "model/session.hpp"

namespace tcpsim::viz::window_test {

constexpr int kWidth = 1600;
constexpr int kHeight = 900;

inline bool have_xvfb() { return std::system("command -v xvfb-run > /dev/null 2>&1") == 0; }

/// Runs tcpsim-viz FILE --screenshot under xvfb-run; returns the PNG path ("" on failure). What it
/// printed goes to `said` when given.
inline std::string screenshot(const std::string& scenario, size_t step, const std::string& extra = "",
                              std::string* said = nullptr) {
  const std::string out = "/tmp/tcpsim-viz-test-" + std::to_string(getpid()) + "-" + std::to_string(step) + ".png";
  const std::string log = out + ".log";
  // Under AddressSanitizer (the CI's second build) the X server's client libraries and Mesa leak a
  // few hundred bytes at exit; that is not ours, so leak checking is off in the child (memory errors
  // are still caught, and the model's leaks are checked in this process).
  const std::string cmd = "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0\" xvfb-run -a -s '-screen 0 " +
                          std::to_string(kWidth) + "x" + std::to_string(kHeight) + "x24' " + TCPSIM_BIN_DIR +
                          "/tcpsim-viz '" + scenario + "' --screenshot " + out + " --at " + std::to_string(step) +
                          " --mute --size " + std::to_string(kWidth) + "x" + std::to_string(kHeight) + " " + extra +
                          " > " + log + " 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  if (said) *said = text.str();
  std::remove(log.c_str());
  if (status != 0) {
    if (!said) WARN("tcpsim-viz --screenshot failed:\n" << text.str());
    return "";
  }
  return out;
}

struct Image {
  int w = 0, h = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> px{nullptr, std::free};
};

inline Image load_png(const std::string& path) {
  Image img;
  int n = 0;
  img.px.reset(stbi_load(path.c_str(), &img.w, &img.h, &n, 4));
  std::remove(path.c_str());
  return img;
}

/// Pixels within `tol` of colour `c` in the rectangle [x0,x1) x [y0,y1).
inline size_t count_colour(const Image& img, Rgba c, int x0, int y0, int x1, int y1, int tol = 10) {
  size_t n = 0;
  for (int y = y0; y < y1 && y < img.h; ++y) {
    for (int x = x0; x < x1 && x < img.w; ++x) {
      const unsigned char* p = img.px.get() + (static_cast<size_t>(y) * img.w + x) * 4;
      if (std::abs(p[0] - c.r) <= tol && std::abs(p[1] - c.g) <= tol && std::abs(p[2] - c.b) <= tol) ++n;
    }
  }
  return n;
}

/// The step at which a run sends its first RST (the step that applies that SegmentSent event).
inline size_t rst_step(const Run& r) {
  for (size_t s = 0; s < r.steps.events.size(); ++s) {
    const Event& e = r.trace.events[r.steps.events[s]];
    if (e.type == EventType::SegmentSent && (r.trace.segments[e.ref].seg.flags & kRst)) return s + 1;
  }
  FAIL("no RST in this run");
  return 0;
}

/// RST-red pixels in the ladder area (left of the side panels, between the toolbar and the bottom panels).
inline size_t rst_pixels_in_ladder(const std::string& scenario, size_t step, const Palette& p, const std::string& extra = "") {
  const std::string png = screenshot(scenario, step, extra);
  REQUIRE_FALSE(png.empty());
  const Image img = load_png(png);
  REQUIRE(img.w == kWidth);
  REQUIRE(img.h == kHeight);
  return count_colour(img, p.rst, 0, 140, kWidth * 6 / 10, kHeight * 7 / 10);
}

}  // namespace tcpsim::viz::window_test
