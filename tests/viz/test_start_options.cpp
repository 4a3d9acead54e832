// The web page's URL parameters (?scenario=08-crash-restart&presentation=1&step=40): read into the
// same StartOptions the command line fills, with one clear message per parameter that cannot be used.
#include <catch2/catch.hpp>

#include "model/start_options.hpp"

using namespace tcpsim::viz;

namespace {

const std::string kLib = TCPSIM_SCENARIO_DIR;

}  // namespace

TEST_CASE("start options: the issue's URL opens a library scenario in presentation mode at a step", "[start]") {
  StartOptions o;
  const auto problems = parse_query("?scenario=08-crash-restart&presentation=1&step=40", kLib, &o);
  CHECK(problems.empty());
  CHECK(o.file == kLib + "/08-crash-restart.scn");
  CHECK(o.presentation);
  CHECK(o.at == 40);
  CHECK_FALSE(o.predict);
  CHECK_FALSE(o.mute);
  CHECK(o.also.empty());
}

TEST_CASE("start options: predict, show, mute and what-ifs; %-escapes and '+' decode", "[start]") {
  StartOptions o;
  const auto problems =
      parse_query("scenario=06-close-unread-data.scn&predict=states,numbers&show=editor,twin&show=editor&mute=1"
                  "&also=at+250ms+server+crash&also=at%20300ms%20client%20close",
                  kLib, &o);
  CHECK(problems.empty());
  CHECK(o.file == kLib + "/06-close-unread-data.scn");
  CHECK(o.predict);
  CHECK(o.ask == std::vector<std::string>{"states", "numbers"});
  CHECK(o.show == std::vector<std::string>{"editor", "twin"});
  CHECK(o.mute);
  CHECK(o.also == std::vector<std::string>{"at 250ms server crash", "at 300ms client close"});
  const PredictAsk ask = predict_ask(o.ask);
  CHECK_FALSE(ask.segments);
  CHECK(ask.states);
  CHECK_FALSE(ask.calls);
  CHECK(ask.numbers);
}

TEST_CASE("start options: switches take 1/0, true/false, or no value", "[start]") {
  StartOptions o;
  CHECK(parse_query("presentation&predict=1", kLib, &o).empty());
  CHECK(o.presentation);
  CHECK(o.predict);
  CHECK(o.ask.empty());
  CHECK(predict_ask(o.ask) == PredictAsk{});  // the everyday choice: segments and calls
  CHECK(parse_query("presentation=0&predict=false", kLib, &o).empty());
  CHECK_FALSE(o.presentation);
  CHECK_FALSE(o.predict);
  CHECK(predict_ask({"numbers"}).segments);  // numbers alone: numbers on segments
}

TEST_CASE("start options: each unusable parameter gets its own message, the others still count", "[start]") {
  StartOptions o;
  const auto problems = parse_query(
      "scenario=../etc/passwd&step=4x&presentation=maybe&predict=colours&show=everything&also=&zoom=2&step=%zz"
      "&scenario=99-nothing&step=12",
      kLib, &o);
  REQUIRE(problems.size() == 9);
  CHECK(problems[0] == "scenario=../etc/passwd: not the name of a library scenario (like 08-crash-restart)");
  CHECK(problems[1] == "step=4x: not a step number (0, 1, 2, ...)");
  CHECK(problems[2] == "presentation=maybe: expected 1 or 0");
  CHECK(problems[3] == "predict=colours: 'colours' is not one of segments, states, calls, numbers (or 1)");
  CHECK(problems[4] == "show=everything: 'everything' is not one of library, editor, shortcuts, twin, absolute");
  CHECK(problems[5] == "also=: a what-if is one scenario line, e.g. also=at 250ms server crash");
  CHECK(problems[6] ==
        "unknown parameter 'zoom' (the page knows scenario, step, presentation, mute, predict, show and also)");
  CHECK(problems[7] == "step=%zz: a broken %-escape");
  CHECK(problems[8] == "scenario=99-nothing: the library has no scenario 99-nothing.scn");
  CHECK(o.file.empty());  // the default scenario
  CHECK(o.at == 12);
  CHECK_FALSE(o.presentation);
}

TEST_CASE("start options: url_decode", "[start]") {
  std::string s;
  CHECK(url_decode("a%2Fb+c%e2%86%92", &s));
  CHECK(s == "a/b c\u2192");
  CHECK_FALSE(url_decode("50%", &s));
  CHECK_FALSE(url_decode("%4", &s));
  CHECK_FALSE(url_decode("%g0", &s));
  CHECK(url_decode("", &s));
  CHECK(s.empty());
}
