// The rest of issue 15 at the command line: `export --svg` for slides (--no-ghost, --from, --to and
// their errors), and the parser's warnings on stderr with the run going ahead.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_helpers.hpp"

using namespace cli_test;

namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

}  // namespace

TEST_CASE("cli_export_svg_no_ghost_and_a_window", "[cli][issue15][svg]") {
  TempDir d;
  const std::string f = d.write("s.scn", kGood);
  const std::string whole = (d.path / "whole.svg").string();
  const std::string part = (d.path / "part.svg").string();
  const std::string bare = (d.path / "bare.svg").string();
  REQUIRE(run_tcpsim("export " + quoted(f) + " --svg " + quoted(whole), d).code == 0);
  const Result r = run_tcpsim("export " + quoted(f) + " --svg " + quoted(part) + " --from 150ms --to 250ms", d);
  INFO(r.err);
  REQUIRE(r.code == 0);
  const Result n = run_tcpsim("export " + quoted(f) + " --svg " + quoted(bare) + " --no-ghost", d);
  REQUIRE(n.code == 0);
  const std::string w = slurp(whole), p = slurp(part), b = slurp(bare);
  CHECK(w.find("class=\"ghost") != std::string::npos);
  CHECK(b.find("class=\"ghost") == std::string::npos);
  CHECK(b.find("class=\"callout") == std::string::npos);
  CHECK(p.find("Fault run from 0.150 s to 0.250 s") != std::string::npos);
  CHECK(w.find("SYN seq=0") != std::string::npos);
  CHECK(p.find("SYN seq=0") == std::string::npos);
  CHECK(p.find("RST+ACK seq=1 ack=19") != std::string::npos);
}

TEST_CASE("cli_export_window_errors_exit_2", "[cli][issue15][svg]") {
  TempDir d;
  const std::string f = quoted(d.write("s.scn", kGood));
  const std::string out = " --svg " + quoted((d.path / "x.svg").string());
  Result r = run_tcpsim("export " + f + out + " --from 2", d);
  CHECK(r.code == 2);
  CHECK(r.err == "tcpsim export: error: --from 2: duration '2' has no unit (write '2ms' or '2s')\n");
  r = run_tcpsim("export " + f + out + " --from 200ms --to 100ms", d);
  CHECK(r.code == 2);
  CHECK(r.err == "tcpsim export: error: --to 100ms is not after --from 200ms\n");
  r = run_tcpsim("export " + f + out + " --from 10s", d);
  CHECK(r.code == 2);
  CHECK(r.err.find("error: --from 10s is after the run's end at 0.") != std::string::npos);
  r = run_tcpsim("export " + f + " --pcap " + quoted((d.path / "x.pcapng").string()) + " --no-ghost", d);
  CHECK(r.code == 2);
  CHECK(r.err ==
        "tcpsim export: error: --no-ghost, --from and --to choose what the SVG draws: use them with --svg OUT\n");
}

TEST_CASE("cli_warning_on_stderr_and_the_run_goes_ahead", "[cli][issue15]") {
  TempDir d;
  const std::string f = d.write("w.scn", "host client\nhost server\nfirewall fw\nlink client server\n"
                                         "at 0ms server listen 80\nat 0ms client connect server:80\n");
  const Result r = run_tcpsim("run " + quoted(f), d);
  CHECK(r.code == 0);
  CHECK(r.err.find(":3:1: warning: firewall 'fw' is on no path between two hosts: no segment will cross it\n") !=
        std::string::npos);
  CHECK(r.out.find("SYN") != std::string::npos);
}
