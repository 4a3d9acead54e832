// The `tcpsim` command as a user runs it: exit codes, where messages go, what they say.
// Each test writes its scenario files into a fresh temporary directory.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;
using namespace cli_test;

namespace {

/// Runs `tcpsim ARGS` (ARGS already shell-quoted) with stderr captured to a file.
Result tcpsim(const std::string& args, const TempDir& dir, const std::string& env = "NO_COLOR=1 COLUMNS=100") {
  return run_tcpsim(args, dir, env);
}

std::string quoted(const std::string& path) { return "'" + path + "'"; }

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

const char* const kNoTwin = R"(host client
host server
link client server delay 20ms
at 0ms server listen 80
at 0ms client connect server:80
expect client state ESTABLISHED
)";

}  // namespace

TEST_CASE("cli_help_exits_0", "[cli]") {
  TempDir d;
  const Result r = tcpsim("--help", d);
  CHECK(r.code == 0);
  CHECK(r.out.find("Usage: tcpsim") != std::string::npos);
  CHECK(r.out.find("diff") != std::string::npos);
  const Result sub = tcpsim("run --help", d);
  CHECK(sub.code == 0);
  CHECK(sub.out.find("--twin") != std::string::npos);
}

TEST_CASE("cli_bare_command_prints_help", "[cli]") {
  TempDir d;
  const Result r = tcpsim("", d);
  CHECK(r.code == 0);
  CHECK(r.out.find("Usage: tcpsim") != std::string::npos);
}

TEST_CASE("cli_version", "[cli]") {
  TempDir d;
  const Result r = tcpsim("--version", d);
  CHECK(r.code == 0);
  CHECK(r.out == std::string("tcpsim ") + TCPSIM_VERSION + "\n");
}

TEST_CASE("cli_unknown_subcommand_exits_2", "[cli]") {
  TempDir d;
  const Result r = tcpsim("rnu x.scn", d);
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown command 'rnu'") != std::string::npos);
  CHECK(r.err.find("did you mean 'run'?") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("cli_unknown_flag_exits_2", "[cli]") {
  TempDir d;
  const std::string f = d.write("ok.scn", kGood);
  const Result r = tcpsim("run --bogus " + quoted(f), d);
  CHECK(r.code == 2);
  CHECK(r.err.find("--bogus") != std::string::npos);
  CHECK(r.out.empty());
  CHECK(tcpsim("run " + quoted(f) + " --color=purple", d).code == 2);
  CHECK(tcpsim("run " + quoted(f) + " --seed -3", d).code == 2);
  CHECK(tcpsim("run " + quoted(f) + " --width abc", d).code == 2);
  CHECK(tcpsim("run", d).code == 2);
  CHECK(tcpsim("check", d).code == 2);
}

TEST_CASE("cli_missing_file_exits_2_and_names_it", "[cli]") {
  TempDir d;
  const std::string missing = (d.path / "no-such-file.scn").string();
  for (const char* cmd : {"run ", "check ", "diff ", "trace "}) {
    const Result r = tcpsim(cmd + quoted(missing), d);
    INFO(cmd);
    CHECK(r.code == 2);
    CHECK(r.err.find("no-such-file.scn") != std::string::npos);
  }
}

TEST_CASE("cli_parse_error_exits_2_with_location", "[cli]") {
  TempDir d;
  const std::string f = d.write("bad.scn", "host client\nhost server\nlink client sever delay 20ms\n");
  const Result r = tcpsim("check " + quoted(f), d);
  CHECK(r.code == 2);
  const std::string line = first_line(r.err);
  INFO(r.err);
  CHECK(line.rfind(f + ":3:", 0) == 0);
  CHECK(line.find(": error: ") != std::string::npos);
  CHECK(tcpsim("run " + quoted(f), d).code == 2);
}

TEST_CASE("cli_check_passing_file", "[cli]") {
  TempDir d;
  const std::string f = d.write("good.scn", kGood);
  const Result r = tcpsim("check " + quoted(f), d);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find("PASS " + f + " (4 expectations)") != std::string::npos);
  CHECK(r.out.find("4 passed, 0 failed\n") != std::string::npos);
  const Result q = tcpsim("check --quiet " + quoted(f), d);
  CHECK(q.code == 0);
  CHECK(q.out == "4 passed, 0 failed\n");
}

TEST_CASE("cli_check_failing_expectation_exits_1", "[cli]") {
  TempDir d;
  std::string text = kGood;
  text += "expect client recv EOF\n";                   // line 17: the fault run gets ECONNRESET
  text += "expect client recv ECONNRESET   twin\n";     // line 18: the twin gets EOF
  const std::string f = d.write("failing.scn", text);
  const std::string good = d.write("good.scn", kGood);
  const Result r = tcpsim("check " + quoted(f) + " " + quoted(good), d);
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK(r.out.find(f + ":17: expected") != std::string::npos);
  CHECK(r.out.find(f + ":18: [twin] expected") != std::string::npos);
  CHECK(r.out.find("FAIL " + f + " (2 of 6 expectations failed)") != std::string::npos);
  CHECK(r.out.find("PASS " + good) != std::string::npos);
  CHECK(r.out.find("8 passed, 2 failed\n") != std::string::npos);
}

TEST_CASE("cli_check_bad_input_wins_over_failures", "[cli]") {
  TempDir d;
  const std::string bad = d.write("bad.scn", "hots client\n");
  const std::string good = d.write("good.scn", kGood);
  const Result r = tcpsim("check " + quoted(bad) + " " + quoted(good), d);
  CHECK(r.code == 2);
  CHECK(r.out.find("PASS " + good) != std::string::npos);
}

TEST_CASE("cli_run_draws_the_ladder", "[cli]") {
  TempDir d;
  const std::string f = d.write("good.scn", kGood);
  const Result r = tcpsim("run " + quoted(f) + " --width 90", d);
  CHECK(r.code == 0);
  CHECK(r.out.find("fault run, seed 1") != std::string::npos);
  CHECK(r.out.find("RST+ACK seq=1 ack=19") != std::string::npos);
  CHECK(r.out.find('\x1b') == std::string::npos);
  std::istringstream in(r.out);
  for (std::string l; std::getline(in, l);) {
    size_t cols = 0;
    for (unsigned char c : l) cols += (c & 0xC0) != 0x80;
    CHECK(cols <= 90);
  }
  const Result twin = tcpsim("run --twin " + quoted(f), d);
  CHECK(twin.code == 0);
  CHECK(twin.out.find("graceful twin, seed 1") != std::string::npos);
  CHECK(twin.out.find("FIN+ACK seq=1 ack=19") != std::string::npos);
  const Result coloured = tcpsim("run --color=always " + quoted(f), d);
  CHECK(coloured.out.find("\x1b[1;31m") != std::string::npos);
  // Not a terminal: auto means no colour, whatever NO_COLOR says.
  CHECK(tcpsim("run " + quoted(f), d, "COLUMNS=100").out.find('\x1b') == std::string::npos);
}

TEST_CASE("cli_run_width_from_columns_and_clamped", "[cli]") {
  TempDir d;
  const std::string f = d.write("good.scn", kGood);
  auto widest = [](const std::string& text) {
    size_t w = 0;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
      size_t cols = 0;
      for (unsigned char c : l) cols += (c & 0xC0) != 0x80;
      w = std::max(w, cols);
    }
    return w;
  };
  CHECK(widest(tcpsim("run " + quoted(f), d, "NO_COLOR=1 COLUMNS=72").out) <= 72);
  CHECK(widest(tcpsim("run " + quoted(f), d, "NO_COLOR=1 COLUMNS=5000").out) <= 400);
  CHECK(widest(tcpsim("run --width 60 " + quoted(f), d).out) <= 60);
  CHECK(widest(tcpsim("run --width 60 " + quoted(f), d).out) > 40);
}

TEST_CASE("cli_run_error_while_running_exits_2", "[cli]") {
  TempDir d;
  // Parses, but fails while running: a crashed host cannot make calls.
  const std::string f = d.write("runerr.scn", "host client\nhost server\nlink client server\nat 10ms server crash\n"
                                              "at 20ms server listen 80\n");
  const Result r = tcpsim("run " + quoted(f), d);
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(first_line(r.err).rfind(f + ":5: error: ", 0) == 0);
  const Result c = tcpsim("check " + quoted(f), d);
  CHECK(c.code == 2);
  CHECK(c.err.find(f + ":5: error: ") != std::string::npos);
  CHECK(c.out.find("ERROR " + f) != std::string::npos);
}

TEST_CASE("cli_diff", "[cli]") {
  TempDir d;
  const std::string f = d.write("good.scn", kGood);
  const Result r = tcpsim("diff " + quoted(f) + " --width 120", d);
  CHECK(r.code == 0);
  CHECK(r.out.find("At 0.200s the fault run sends RST+ACK where the graceful twin sends FIN+ACK") != std::string::npos);
  const std::string plain = d.write("plain.scn", kNoTwin);
  const Result none = tcpsim("diff " + quoted(plain), d);
  CHECK(none.code == 2);
  CHECK(none.err.find("no graceful twin") != std::string::npos);
  CHECK(none.out.empty());
}

TEST_CASE("cli_trace_json_parses", "[cli]") {
  TempDir d;
  const std::string f = d.write("good.scn", kGood);
  const Result r = tcpsim("trace --json " + quoted(f), d);
  REQUIRE(r.code == 0);
  nlohmann::json doc;
  REQUIRE_NOTHROW(doc = nlohmann::json::parse(r.out));
  CHECK(doc.contains("events"));
  const std::string out = (d.path / "trace.json").string();
  const Result to_file = tcpsim("trace --twin --json -o " + quoted(out) + " " + quoted(f), d);
  CHECK(to_file.code == 0);
  CHECK(to_file.out.empty());
  CHECK_NOTHROW(nlohmann::json::parse(slurp(out)));
  const Result dump = tcpsim("trace " + quoted(f), d);
  CHECK(dump.code == 0);
  CHECK(dump.out.find("segment-sent") != std::string::npos);
  CHECK(dump.out.find("RST+ACK seq=1 ack=19") != std::string::npos);
}

TEST_CASE("cli_list", "[cli]") {
  TempDir d;
  d.write("b-second.scn", "title \"Second\"\nsummary \"The second one.\"\nhost a\n");
  d.write("a-first.scn", "title \"First\"\nhost a\n");
  d.write("notes.txt", "not a scenario");
  const Result r = tcpsim("list --dir " + quoted(d.path.string()), d);
  CHECK(r.code == 0);
  CHECK(r.out == "a-first   First\nb-second  Second — The second one.\n");
  const Result env = tcpsim("list", d, "NO_COLOR=1 TCPSIM_SCENARIOS=" + quoted(d.path.string()));
  CHECK(env.out == r.out);
  CHECK(tcpsim("list --dir " + quoted((d.path / "missing").string()), d).code == 2);
}
