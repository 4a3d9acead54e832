// What an instructor tripped over in the terminal (issue 15): check's totals counting unreadable
// files and saying when a run stopped at its limit, library scenarios by name or number, long
// transfers folded, the light theme, a middle host's text beside its lane and an outer host's off it,
// times with three decimals.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.hpp"
#include "render/rich.hpp"
#include "scenario/library.hpp"

namespace fs = std::filesystem;
using namespace cli_test;

namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

size_t count_of(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = 0; (p = s.find(what, p)) != std::string::npos; p += what.size()) ++n;
  return n;
}

/// The column (in glyphs) of the middle lane of a 3-lane ladder: where the second lane line is on
/// the first row that shows all three; -1 when there is none.
long middle_lane_column(const std::vector<std::string>& lines) {
  for (const std::string& l : lines) {
    const std::vector<std::string> g = tcpsim::render::split_glyphs(l);
    if (std::count(g.begin(), g.end(), "│") == 3) {
      return std::find(std::find(g.begin(), g.end(), "│") + 1, g.end(), "│") - g.begin();
    }
  }
  return -1;
}

/// Each of `kept` is in the --all ladder, as often in the folded one: folding never hides it.
void check_kept(const std::string& folded, const std::string& all, std::initializer_list<const char*> kept) {
  for (const char* k : kept) {
    INFO(k);
    CHECK(count_of(all, k) > 0);
    CHECK(count_of(folded, k) == count_of(all, k));
  }
}

/// A library of five scenarios (two share a number) in a temporary directory, for the resolver.
struct Library {
  TempDir dir;
  Library() {
    dir.write("01-alpha.scn", kGood);
    dir.write("02-beta-close.scn", kGood);
    dir.write("12-gamma.scn", kGood);
    dir.write("07-one.scn", kGood);
    dir.write("07-two.scn", kGood);
  }
  std::string env() const { return "NO_COLOR=1 COLUMNS=100 TCPSIM_SCENARIOS=" + quoted(dir.path.string()); }
  std::string path(const std::string& name) const { return (dir.path / name).string(); }
};

/// A 100 KB upload: 68 data segments, a FIN with the last bytes, and their ACKs.
const char* const kUpload = R"(title "upload"
host client 10.0.0.1
host server 10.0.0.2
link client server delay 10ms
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 100ms client send 100000
at 100ms server recv all
at 100ms client shutdown
)";

}  // namespace

TEST_CASE("cli_check_counts_unreadable_files", "[cli][issue15]") {
  TempDir d;
  const std::string good = d.write("good.scn", kGood);
  const std::string bad = d.write("bad.scn", "hots client\n");
  const std::string missing = (d.path / "missing.scn").string();
  const Result r = run_tcpsim("check " + quoted(good) + " " + quoted(bad) + " " + quoted(missing), d);
  INFO(r.out << r.err);
  CHECK(r.code == 2);
  CHECK(r.out == "PASS " + good + " (4 expectations)\n" +                   //
                     "ERROR " + bad + " (unreadable: see the error above)\n" +  //
                     "ERROR " + missing + " (unreadable: see the error above)\n" +
                     "4 passed, 0 failed, 2 unreadable\n");
  CHECK(r.err.find(bad + ":1:1: error: ") == 0);
  CHECK(r.err.find("cannot open '" + missing + "'") != std::string::npos);

  const Result one = run_tcpsim("check --quiet " + quoted(bad), d);
  CHECK(one.code == 2);
  CHECK(one.out == "ERROR " + bad + " (unreadable: see the error above)\n0 passed, 0 failed, 1 unreadable\n");
}

TEST_CASE("cli_check_says_a_run_stopped_at_its_time_limit", "[cli][issue15]") {
  TempDir d;
  // Both runs go on past 1 s (the twin's TIME-WAIT lasts 60 s): the limit cuts them.
  const std::string f = d.write("cut.scn", std::string(kGood) + "limit time 1s\n");
  const Result r = run_tcpsim("check " + quoted(f), d);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out == "PASS " + f + " (4 expectations; both runs stopped at the 1s time limit (1.000))\n" +
                     "4 passed, 0 failed\n");
  // The run's own ladder says the same.
  CHECK(run_tcpsim("run --twin " + quoted(f), d).out.find("stopped early: time limit 1s") != std::string::npos);
  // A scenario without a twin, cut, and a failure on top: the FAIL line says it too.
  const std::string one = d.write("one.scn", "host a\nhost b\nlink a b delay 1s\nat 0ms b listen 80\n"
                                             "at 0ms a connect b:80\nlimit time 1500ms\nexpect a state CLOSED\n");
  const Result f1 = run_tcpsim("check " + quoted(one), d);
  CHECK(f1.code == 1);
  CHECK(f1.out.find("FAIL " + one + " (1 of 1 expectation failed; the run stopped at the 1.5s time limit (1.500))\n") !=
        std::string::npos);
}

TEST_CASE("cli_check_failure_times_have_three_decimals", "[cli][issue15]") {
  TempDir d;
  const std::string f = d.write("failing.scn", std::string(kGood) + "expect client recv EOF\n");
  const Result r = run_tcpsim("check " + quoted(f), d);
  CHECK(r.code == 1);
  CHECK(r.out.find(f + ":17: expected client recv to return EOF, got recv() at 0.300s (line 12) returned -1 ECONNRESET") !=
        std::string::npos);
}

TEST_CASE("cli_library_scenarios_by_name_or_number", "[cli][issue15]") {
  Library lib;
  const std::string beta = lib.path("02-beta-close.scn");
  for (const char* arg : {"02-beta-close", "02-beta-close.scn", "02", "2", "02-beta"}) {
    INFO(arg);
    const Result r = run_tcpsim(std::string("check ") + arg, lib.dir, lib.env());
    CHECK(r.code == 0);
    CHECK(r.out == "PASS " + beta + " (4 expectations)\n4 passed, 0 failed\n");
  }
  // Every command that takes a FILE.
  CHECK(run_tcpsim("run 12", lib.dir, lib.env()).out.find("close with unread data") != std::string::npos);
  CHECK(run_tcpsim("trace 1", lib.dir, lib.env()).code == 0);
  CHECK(run_tcpsim("diff 01-alpha", lib.dir, lib.env()).code == 0);
  const std::string svg = (lib.dir.path / "out.svg").string();
  CHECK(run_tcpsim("export 12-gamma --svg " + quoted(svg), lib.dir, lib.env()).code == 0);
  CHECK(fs::file_size(svg) > 1000);
}

TEST_CASE("cli_library_ambiguous_or_unknown_names_list_near_names", "[cli][issue15]") {
  Library lib;
  const Result amb = run_tcpsim("run 07", lib.dir, lib.env());
  CHECK(amb.code == 2);
  CHECK(amb.out.empty());
  CHECK(amb.err == "tcpsim: error: '07' names 2 library scenarios: 07-one, 07-two; give more of the name\n");

  const Result typo = run_tcpsim("run gama", lib.dir, lib.env());
  CHECK(typo.code == 2);
  CHECK(typo.err == "tcpsim: error: 'gama' is neither a file nor a scenario of the library (" +
                        lib.dir.path.string() + "); near names: 12-gamma\n");

  const Result part = run_tcpsim("trace close", lib.dir, lib.env());
  CHECK(part.code == 2);
  CHECK(part.err.find("near names: 02-beta-close\n") != std::string::npos);

  const Result none = run_tcpsim("run 99", lib.dir, lib.env());
  CHECK(none.code == 2);
  CHECK(none.err.find("'tcpsim list' shows its 5 scenarios") != std::string::npos);

  // check counts a name it cannot resolve as unreadable and goes on.
  const Result c = run_tcpsim("check gama 1", lib.dir, lib.env());
  CHECK(c.code == 2);
  CHECK(c.out == "ERROR gama (unreadable: see the error above)\nPASS " + lib.path("01-alpha.scn") +
                     " (4 expectations)\n4 passed, 0 failed, 1 unreadable\n");
}

TEST_CASE("cli_library_the_real_library_by_number", "[cli][issue15]") {
  TempDir d;
  const Result r = run_tcpsim("run 06", d, "NO_COLOR=1 COLUMNS=100");
  CHECK(r.code == 0);
  CHECK(r.out.rfind("Close with unread data", 0) == 0);
  CHECK(run_tcpsim("run 06-close-unread-data", d, "NO_COLOR=1 COLUMNS=100").out == r.out);
}

TEST_CASE("library_resolver_a_path_that_exists_wins", "[issue15]") {
  Library lib;
  const fs::path was = fs::current_path();
  TempDir here;
  here.write("02", "host a\n");
  fs::current_path(here.path);
  const tcpsim::ScenarioPath own = tcpsim::resolve_scenario("02", lib.dir.path.string());
  const tcpsim::ScenarioPath named = tcpsim::resolve_scenario("02-beta-close", lib.dir.path.string());
  const tcpsim::ScenarioPath slash = tcpsim::resolve_scenario("sub/02", lib.dir.path.string());
  fs::current_path(was);
  CHECK(own.path == "02");
  CHECK(named.path == lib.path("02-beta-close.scn"));
  // A path with a directory is never a library name: opening it says why it failed.
  CHECK(slash.ok());
  CHECK(slash.path == "sub/02");
}

TEST_CASE("cli_run_folds_a_long_transfer", "[cli][issue15]") {
  TempDir d;
  const std::string f = d.write("upload.scn", kUpload);
  const Result folded = run_tcpsim("run " + quoted(f), d);
  const Result all = run_tcpsim("run --all " + quoted(f), d);
  INFO(folded.out);
  REQUIRE(folded.code == 0);
  REQUIRE(all.code == 0);
  // One line per segment with --all; a few lines folded.
  // Segments never span one of Linux's two-MSS skbs (tcp_sendmsg_locked()): where the window cut one
  // (at 65535), the rest of that skb (165 octets) goes alone. And the FIN with 720.
  CHECK(count_of(all.out, " len=1460") == 56);
  CHECK(count_of(folded.out, " len=1460") == 0);
  CHECK(lines_of(folded.out).size() < 40);
  CHECK(lines_of(all.out).size() > 130);
  // The send() call, the shutdown() and the FIN split the transfer into two runs each way.
  CHECK(folded.out.find("├─ 45 data segments seq=1..65536, all acknowledged ──") != std::string::npos);
  CHECK(folded.out.find("── 45 ACKs ack=1461..65536 ─┤") != std::string::npos);
  CHECK(folded.out.find("├─ 35 data segments seq=65536..99281, all acknowledged ──") != std::string::npos);
  CHECK(folded.out.find("── 35 ACKs ack=66996..99281 ─┤") != std::string::npos);
  CHECK(folded.out.find("(runs of like segments are folded into one line each; --all shows every segment)") !=
        std::string::npos);
  CHECK(all.out.find("folded") == std::string::npos);
  // At 60 columns the same facts in fewer words, not a cut line.
  const Result narrow = run_tcpsim("run --width 60 " + quoted(f), d);
  CHECK(narrow.out.find("├─ 45 data seq=1..65536, all ACKed ──") != std::string::npos);
  CHECK(narrow.out.find("acknowle") == std::string::npos);
  // The handshake, the FIN and the calls keep their own lines.
  check_kept(folded.out, all.out, {"SYN seq=0", "SYN+ACK seq=0 ack=1", "FIN+PSH+ACK", "send(100 KB)", "recv(all)"});
}

TEST_CASE("cli_run_never_folds_drops_or_retransmissions", "[cli][issue15]") {
  TempDir d;
  const std::string lossy = std::string(TCPSIM_SCENARIO_DIR) + "/19-lossy-transfer.scn";
  const Result folded = run_tcpsim("run --width 120 " + quoted(lossy), d);
  const Result all = run_tcpsim("run --all --width 120 " + quoted(lossy), d);
  REQUIRE(folded.code == 0);
  CHECK(folded.out.size() < all.out.size());
  // The receiver's ACKs while the holes are open: duplicates (RFC 5681 §2), said as such.
  CHECK(folded.out.find("── 13 ACKs ack=1461..10221, 6 duplicates ─┤") != std::string::npos);
  CHECK(folded.out.find("── 11 duplicate ACKs ack=10221 ─┤") != std::string::npos);
  CHECK(folded.out.find("├─ 7 data segments seq=1..10221, all acknowledged ──") != std::string::npos);
  check_kept(folded.out, all.out, {"✗", "retransmission", "fast retransmit", "partial ACK", "»", "→", "recv(all)"});
}

TEST_CASE("cli_theme_light_has_no_yellow_or_faint_text", "[cli][issue15]") {
  TempDir d;
  const std::string f = std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data.scn";
  const Result dark = run_tcpsim("run --color always " + quoted(f), d);
  const Result light = run_tcpsim("run --color always --theme light " + quoted(f), d);
  REQUIRE(light.code == 0);
  // Dark (the default): bold yellow notes, faint lanes.
  CHECK(dark.out.find("\x1b[1;33m»") != std::string::npos);
  CHECK(dark.out.find("\x1b[2m│") != std::string::npos);
  // Light: notes in bold purple, lanes at full strength, nothing yellow or faint.
  CHECK(light.out.find("\x1b[1;38;5;90m»") != std::string::npos);
  CHECK(light.out.find("\x1b[2m") == std::string::npos);
  CHECK(light.out.find("\x1b[33m") == std::string::npos);
  CHECK(light.out.find("\x1b[1;33m") == std::string::npos);
  CHECK(light.out.find("\x1b[38;5;28m├─ SYN seq=0") != std::string::npos);
  // The same text under the colours.
  CHECK(run_tcpsim("run --theme light " + quoted(f), d).out == run_tcpsim("run " + quoted(f), d).out);
  CHECK(run_tcpsim("check --color always --theme light " + quoted(f), d).out.find("\x1b[38;5;28mPASS") == 0);
  const Result bad = run_tcpsim("run --theme pink " + quoted(f), d);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--theme: pink not in {dark,light}") != std::string::npos);
}

TEST_CASE("render_colours_light_palette", "[render][issue15]") {
  using tcpsim::render::Ink;
  tcpsim::render::Row row(6);
  row.put(0, "│", Ink::Lane);
  row.put(2, tcpsim::render::rich("ok", Ink::Warn));
  CHECK(row.str(tcpsim::render::Colours(true, false)) == "\x1b[2m│\x1b[0m \x1b[33mok\x1b[0m");
  CHECK(row.str(tcpsim::render::Colours(true, true)) == "│ \x1b[38;5;130mok\x1b[0m");
  CHECK(row.str(tcpsim::render::Colours(false, true)) == "│ ok");
}

TEST_CASE("cli_run_middle_host_text_beside_its_lane_at_width_80", "[cli][issue15]") {
  TempDir d;
  const std::string nat = std::string(TCPSIM_SCENARIO_DIR) + "/13-nat-idle-timeout.scn";
  const Result r = run_tcpsim("run --width 80 " + quoted(nat), d);
  REQUIRE(r.code == 0);
  INFO(r.out);
  // The middle lane's column: where the gw lane line is on the first row drawn after the headers.
  const std::vector<std::string> lines = lines_of(r.out);
  const long mid = middle_lane_column(lines);
  REQUIRE(mid > 0);
  // The NAT's one event, "forgot the flow 10.0.0.1:49346 ↔ 10.0.0.2:80 (idle since 0.130)", wraps
  // beside the gw lane: the lane line is there on each of its rows.
  size_t gw_rows = 0;
  for (const std::string& l : lines) {
    if (l.find("forgot the flow") == std::string::npos && l.find("idle since") == std::string::npos &&
        l.find("0.130)") == std::string::npos) {
      continue;
    }
    ++gw_rows;
    const std::vector<std::string> g = tcpsim::render::split_glyphs(l);
    INFO(l);
    REQUIRE(static_cast<long>(g.size()) > mid);
    CHECK(g[static_cast<size_t>(mid)] == "│");
    CHECK(g[static_cast<size_t>(mid) + 1] == " ");
  }
  CHECK(gw_rows == 3);
}

TEST_CASE("cli_run_outer_host_text_stays_off_the_middle_lane_at_width_80", "[cli][issue15]") {
  TempDir d;
  const std::string nat = std::string(TCPSIM_SCENARIO_DIR) + "/13-nat-idle-timeout.scn";
  const Result r = run_tcpsim("run --width 80 " + quoted(nat), d);
  REQUIRE(r.code == 0);
  INFO(r.out);
  const std::vector<std::string> lines = lines_of(r.out);
  const long mid = middle_lane_column(lines);
  REQUIRE(mid > 0);
  // The client's and the server's texts (calls, results, state changes) never cover the gw lane:
  // every row of the ladder has the lane there, or an arrow crossing it.
  size_t texts = 0;
  for (const std::string& l : lines) {
    const std::vector<std::string> g = tcpsim::render::split_glyphs(l);
    if (static_cast<long>(g.size()) <= mid || std::count(g.begin(), g.end(), "│") == 0) continue;
    const bool text = l.find("ESTABLISHED") != std::string::npos || l.find("()") != std::string::npos;
    if (!text) continue;
    ++texts;
    INFO(l);
    const std::string at = g[static_cast<size_t>(mid)];
    CHECK((at == "│" || at == "─" || at == "┼" || at == "╪" || at == "-" || at == "|"));
  }
  CHECK(texts > 5);
}
