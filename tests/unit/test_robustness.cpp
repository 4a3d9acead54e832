// No bytes may crash or hang tcpsim: thousands of deterministic mutations of the library scenarios
// go through the parser, and every mutant that parses is run (with small limits). Under CI's
// AddressSanitizer/UndefinedBehaviorSanitizer build this doubles as a sanitizer sweep.
#include "scenario_helpers.hpp"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "net/rng.hpp"

using namespace tcpsim;

namespace {

std::vector<std::string> library_texts() {
  std::vector<std::string> names;
  if (DIR* d = opendir(TCPSIM_SCENARIO_DIR)) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > 4 && n.substr(n.size() - 4) == ".scn") names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> texts;
  for (const std::string& n : names) {
    std::ifstream f(std::string(TCPSIM_SCENARIO_DIR) + "/" + n, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    texts.push_back(ss.str());
  }
  return texts;
}

/// One random edit: flip a byte, delete or duplicate a span, splice in a token, swap two lines.
std::string mutate(std::string s, Rng& rng, const std::vector<std::string>& donors) {
  static const char* kTokens[] = {"0",      "-1",  "4294967296", "99999999999999999999", "\"", "\\", "#",
                                  "at",     "+",   "ms",         "%",                   ":",  "->", "twin",
                                  "fault",  "RST", "SYN+ACK",    "expect",              "\n", "\r", "\0",
                                  "\xff\xfe", "inject", "crash",  "restart", "rcv.nxt+", "linger", "0s"};
  if (s.empty()) s = " ";
  const size_t pos = rng.below(s.size());
  switch (rng.below(6)) {
    case 0:
      s[pos] = static_cast<char>(rng.below(256));
      break;
    case 1:
      s.erase(pos, rng.below(40));
      break;
    case 2:
      s.insert(pos, s.substr(pos, rng.below(80)));
      break;
    case 3: {
      const char* t = kTokens[rng.below(std::size(kTokens))];
      s.insert(pos, std::string(t, t[0] == '\0' ? 1 : std::char_traits<char>::length(t)));
      break;
    }
    case 4: {
      const std::string& d = donors[rng.below(donors.size())];
      const size_t from = rng.below(d.size());
      s.insert(pos, d.substr(from, rng.below(200)));
      break;
    }
    default: {
      const size_t a = s.find('\n', pos);
      const size_t b = a == std::string::npos ? a : s.find('\n', a + 1);
      if (b != std::string::npos) s.insert(0, s.substr(a + 1, b - a));
      break;
    }
  }
  return s;
}

}  // namespace

TEST_CASE("robustness: mutated scenario files never crash the parser or the runner") {
  const std::vector<std::string> texts = library_texts();
  REQUIRE(texts.size() >= 19);
  Rng rng(20261123, "robustness");
  size_t parsed = 0;
  size_t rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string s = texts[rng.below(texts.size())];
    const int edits = 1 + static_cast<int>(rng.below(4));
    for (int e = 0; e < edits; ++e) s = mutate(std::move(s), rng, texts);
    ParseResult r = parse_scenario(s, "mutant.scn");
    CHECK(r.ok() != !r.errors.empty());  // a scenario or errors, never both, never neither
    if (!r.ok()) {
      ++rejected;
      for (const Diagnostic& d : r.errors) {
        CHECK(d.format().rfind("mutant.scn", 0) == 0);
        CHECK(!d.message.empty());
      }
      continue;
    }
    ++parsed;
    Scenario& sc = *r.scenario;
    sc.event_limit = std::min<uint64_t>(sc.event_limit, 20000);  // a mutant may ask for 100 GB
    sc.time_limit = std::min<Time>(sc.time_limit, 3600 * kSec);
    for (RunKind k : {RunKind::Fault, RunKind::Twin}) {
      const Trace t = run_scenario(sc, k);
      CHECK(t.end_time >= 0);
      check_expectations(sc, t);  // must not crash either
    }
  }
  // Both paths must be exercised, or the test proves little.
  CHECK(parsed > 300);
  CHECK(rejected > 300);
}

TEST_CASE("robustness: a run stops at its event limit") {
  // A 1 GB transfer needs about 1.5 million events; the limit cuts it short.
  const Scenario sc = testing::parse_ok(R"(host a
host b
link a b delay 1ms
limit events 50000
at 0ms b listen 80
at 0ms b accept
at 0ms a connect b:80
at 1ms a send 1GB
at 1ms b recv all
)");
  const Trace t = run_scenario(sc, RunKind::Fault);
  CHECK(t.truncated);
  CHECK(t.stop_reason == "event limit 50000");
}

TEST_CASE("robustness: a run on a hopeless network stops at its time limit") {
  // Half of everything lost, duplicated and reordered: recovery crawls through backed-off timeouts.
  const Scenario sc = testing::parse_ok(R"(host a
host b
link a b delay 1ms loss 50% dup 50% reorder 50% jitter 1ms
limit time 10min
at 0ms b listen 80
at 0ms b accept
at 0ms a connect b:80
at 1ms a send 1GB
at 1ms b recv all
)");
  const Trace t = run_scenario(sc, RunKind::Fault);
  CHECK(t.truncated);
  CHECK(t.stop_reason == "time limit 10min");
  CHECK(t.end_time == 600 * kSec);
}
