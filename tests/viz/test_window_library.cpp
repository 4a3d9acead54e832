// tcpsim-viz opens a library scenario by number or name, as `tcpsim run 08` does (issue 15).
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#ifdef TCPSIM_HAVE_VIZ
#include "window_helpers.hpp"

using namespace tcpsim::viz::window_test;

TEST_CASE("window: a library scenario by number opens it, as by its path") {
  REQUIRE(have_xvfb());
  const std::string by_number = screenshot("08", 30);
  REQUIRE_FALSE(by_number.empty());
  const Image a = load_png(by_number);
  std::rename(by_number.c_str(), (by_number + ".number.png").c_str());
  const std::string by_path = screenshot(TCPSIM_SCENARIO_DIR "/08-crash-restart.scn", 30);
  REQUIRE_FALSE(by_path.empty());
  const Image b = load_png(by_path);
  REQUIRE(a.w == b.w);
  REQUIRE(a.h == b.h);
  // The same scenario at the same step: the same pixels, bar the title bar's file path.
  size_t differ = 0;
  for (size_t i = 0; i < static_cast<size_t>(a.w) * a.h * 4; ++i) differ += a.px.get()[i] != b.px.get()[i];
  CHECK(differ < static_cast<size_t>(a.w) * a.h / 50);
  std::remove((by_number + ".number.png").c_str());
  std::remove(by_path.c_str());
}

TEST_CASE("window: an unknown library name is refused with the near names, exit status 2") {
  REQUIRE(have_xvfb());
  std::string said;
  CHECK(screenshot("crash-restrat", 0, "", &said).empty());
  CHECK(said.find("tcpsim-viz: error: 'crash-restrat' is neither a file nor a scenario of the library (") !=
        std::string::npos);
  CHECK(said.find("near names: 08-crash-restart") != std::string::npos);
}
#endif
