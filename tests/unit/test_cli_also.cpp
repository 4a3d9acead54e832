// `--also LINE` on the command line: a what-if added after the file's last line, for run, check, diff,
// trace and export; and `tcpsim check` on a nat told to forget.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_helpers.hpp"

using namespace cli_test;

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

const std::string kLibrary06 = std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data.scn";

// A connection through a nat that resets forgotten flows; the client writes at 2 s (line 9).
const char* const kNat = R"(host client
host server
nat gw idle 300s forget reset
link client gw delay 5ms
link gw server delay 5ms
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 2s client send "x"
at 2s client recv
)";

}  // namespace

TEST_CASE("cli_also_run_shows_the_what_if", "[cli][also]") {
  TempDir d;
  const Result r = run_tcpsim("run " + quoted(kLibrary06) + " --also 'at 150ms server crash'", d);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("  0.150  │                                                                        accept() = fd 4 │\n"
                   "         │                                                                         ✗ host crashed │\n") !=
        std::string::npos);
  CHECK(r.out.find("  0.200  » server close() on line 19 never happens: server crashed (--also #1)\n") !=
        std::string::npos);
  CHECK(r.out.find("RST+ACK seq=") == std::string::npos);  // (the file's notes still speak of one)
  // The same file without the line: the server's close() resets.
  CHECK(run_tcpsim("run " + quoted(kLibrary06), d).out.find("RST+ACK seq=1 ack=19") != std::string::npos);
}

TEST_CASE("cli_also_check_what_if_expectations", "[cli][also]") {
  TempDir d;
  // The brief's what-if: the server crashes before its close(), so it never resets.
  const Result r = run_tcpsim("check " + quoted(kLibrary06) +
                                  " --also 'at 150ms server crash' --also 'expect no RST from server'",
                              d);
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK(r.out.find(kLibrary06 + ":28: expected server to send RST+ACK seq=1 ack=19, got none (server sent SYN+ACK, "
                                "ACK)\n") != std::string::npos);
  CHECK(r.out.find("--also #") == std::string::npos);  // the what-if's own expectation holds
  CHECK(r.out.find("FAIL " + kLibrary06 + " (7 of 11 expectations failed)\n") != std::string::npos);
  CHECK(r.out.find("4 passed, 7 failed\n") != std::string::npos);

  // A what-if expectation that fails reads like the file's, named by its --also number.
  const std::string f = d.write("close.scn", kGood);
  const Result failing = run_tcpsim("check " + quoted(f) + " --also 'expect no RST from server'", d);
  CHECK(failing.code == 1);
  CHECK(failing.out == "--also #1: expected no RST from server, got RST+ACK seq=1 ack=19 win=65517 at 0.200s "
                       "(close() with unread data)\n"
                       "FAIL " + f + " (1 of 5 expectations failed)\n"
                       "4 passed, 1 failed\n");
}

TEST_CASE("cli_also_check_applies_the_lines_to_each_file", "[cli][also]") {
  TempDir d;
  const std::string nat = d.write("nat.scn", kNat);
  const std::string nat2 = d.write("nat2.scn", kNat);
  const std::string args = " --also 'at 1s gw forget' --also 'expect gw sends RST seq=1' --also 'expect client recv "
                           "ECONNRESET'";
  // CLI11 must not take the second file as a second --also.
  const Result r = run_tcpsim("check " + quoted(nat) + args + " " + quoted(nat2), d);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out == "PASS " + nat + " (2 expectations)\nPASS " + nat2 + " (2 expectations)\n4 passed, 0 failed\n");
  // Without the forget, the client's recv() never returns.
  const Result without = run_tcpsim("check " + quoted(nat) + " --also 'expect client recv ECONNRESET'", d);
  CHECK(without.code == 1);
  CHECK(without.out.find("--also #1: expected client recv to return ECONNRESET, got recv() at 2.000s (line 10) "
                         "returned still blocked at the end of the run\n") != std::string::npos);
}

TEST_CASE("cli_also_bad_line_exits_2_with_the_place", "[cli][also]") {
  TempDir d;
  const std::string f = d.write("close.scn", kGood);
  const Result r = run_tcpsim("run " + quoted(f) + " --also 'at 150ms sever crash'", d);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "--also #1:1:10: error: unknown host 'sever'\n"
                 "    1 | at 150ms sever crash\n"
                 "      |          ^~~~~\n"
                 "hint: did you mean 'server'?\n");
  for (const char* cmd : {"check ", "diff ", "trace ", "export --pcap x.pcapng "}) {
    INFO(cmd);
    const Result bad = run_tcpsim(cmd + quoted(f) + " --also 'at 1s server crash' --also ''", d);
    CHECK(bad.code == 2);
    CHECK(bad.err.find("--also #2: error: --also is empty\n") == 0);
  }
  const Result two = run_tcpsim("trace " + quoted(f) + " --also 'at 1s server crash\nat 2s client close'", d);
  CHECK(two.code == 2);
  CHECK(two.err.rfind("--also #1: error: --also takes one line\nhint: give each line its own --also", 0) == 0);
  CHECK(run_tcpsim("run " + quoted(f) + " --also", d).code == 2);  // --also needs its line
}

TEST_CASE("cli_also_check_names_the_file_a_line_does_not_fit", "[cli][also]") {
  TempDir d;
  const std::string close = d.write("close.scn", kGood);
  const std::string nat = d.write("nat.scn", kNat);
  const Result r = run_tcpsim("check " + quoted(close) + " " + quoted(nat) + " --also 'at 1s gw forget'", d);
  INFO(r.out << r.err);
  CHECK(r.code == 2);
  CHECK(r.err == "--also #1:1:7: error: unknown nat 'gw'\n"
                 "    1 | at 1s gw forget\n"
                 "      |       ^~\n"
                 "hint: declare one with 'nat NAME idle DURATION'\n");
  CHECK(r.out == "ERROR " + close + " (the --also lines do not fit this file)\nPASS " + nat +
                     " (0 expectations)\n0 passed, 0 failed, 1 unreadable\n");
}

TEST_CASE("cli_also_diff_compares_the_what_if_with_the_original_run", "[cli][also]") {
  TempDir d;
  const Result r = run_tcpsim("diff " + quoted(kLibrary06) + " --also 'at 150ms server crash' --width 100", d);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.rfind("Close with unread data — what-if vs original run, seed 1\n"
                    "\n"
                    "At 0.200s the original run sends RST+ACK seq=1 ack=19: server close() with unread data (RFC 1122\n"
                    "§4.2.2.13). The what-if sends no such segment. The runs part at 0.150s: in the what-if, server\n"
                    "crashes; the original run does not.\n"
                    "\n"
                    "Identical for 15 events, up to 0.150s (timers are not compared).\n"
                    "\n"
                    "what-if                                          │ original run\n",
                    0) == 0);
  CHECK(r.out.find("0.150 server  host crashed                       ≠\n") != std::string::npos);
  CHECK(r.out.find("≠ 0.200 server  RST+ACK seq=1 ack=19 → client\n") != std::string::npos);
  // A file without a twin can be diffed with --also: there is still something to compare.
  const std::string nat = d.write("nat.scn", kNat);
  const Result plain = run_tcpsim("diff " + quoted(nat) + " --also 'at 1s gw forget' --width 100", d);
  INFO(plain.err);
  CHECK(plain.code == 0);
  // The headline names the lesson (issue 15): the NAT's reset, where the original run delivers.
  CHECK(plain.out.find("At 2.005s the what-if sends RST to client: gw: middlebox forgot the flow (stateful middlebox\n"
                       "(conntrack/NAT)). In the original run the client's segment it answers arrives at server. The "
                       "runs\npart at 1.000s: in the what-if, gw forgets the flow (forget at line 11): "
                       "10.0.0.1:49346 ↔\n10.0.0.2:80; the original run does not.\n") != std::string::npos);
  // Without --also, diff is the fault run against its twin, word for word as before.
  CHECK(run_tcpsim("diff " + quoted(kLibrary06), d).out.find("fault run vs graceful twin") != std::string::npos);
}

TEST_CASE("cli_also_trace_and_export_run_the_lines", "[cli][also]") {
  TempDir d;
  const std::string nat = d.write("nat.scn", kNat);
  const Result dump = run_tcpsim("trace " + quoted(nat) + " --also 'at 1s gw forget'", d);
  CHECK(dump.code == 0);
  CHECK(dump.out.find("    1.000000  gw      flow-forgotten     forgot the flow (forget at line 11): 10.0.0.1:49346 "
                      "<-> 10.0.0.2:80\n") != std::string::npos);
  CHECK(dump.out.find("    2.005000  gw      segment-sent       #5 RST seq=1 win=0 -> client [conntrack-reset] "
                      "(reply to #4)\n") != std::string::npos);
  const Result json = run_tcpsim("trace --json " + quoted(nat) + " --also 'at 1s gw forget'", d);
  REQUIRE(json.code == 0);
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  REQUIRE(doc["flows"].size() == 1);
  CHECK(doc["flows"][0]["line"] == 11);  // the file has 10 lines: the --also line is the 11th

  const std::string out = (d.path / "nat.pcapng").string();
  const Result cap = run_tcpsim("export " + quoted(nat) + " --pcap " + quoted(out) + " --also 'at 1s gw forget'", d);
  INFO(cap.err);
  CHECK(cap.code == 0);
  CHECK(cap.out == "wrote " + out + ": 5 packets at the wire, 2 with comments (the fault run of " + nat +
                       " with its --also line)\n");
  const std::string svg = (d.path / "nat.svg").string();
  const Result draw = run_tcpsim("export " + quoted(nat) + " --svg " + quoted(svg) + " --also 'at 1s gw forget'", d);
  CHECK(draw.code == 0);
  CHECK(slurp(svg).find("forget at line 11") != std::string::npos);
  const Result plain = run_tcpsim("export " + quoted(nat) + " --pcap " + quoted(out), d);
  CHECK(plain.out.find("(the fault run of " + nat + ")\n") != std::string::npos);
}

TEST_CASE("cli_also_help_shows_an_example", "[cli][also]") {
  TempDir d;
  for (const char* cmd : {"run", "check", "diff", "trace", "export"}) {
    INFO(cmd);
    const Result r = run_tcpsim(std::string(cmd) + " --help", d);
    CHECK(r.code == 0);
    CHECK(r.out.find("--also LINE                 A what-if: add this scenario line after the file's last line "
                     "(repeatable, in order), e.g. --also \"at 150ms server crash\"") != std::string::npos);
  }
  CHECK(run_tcpsim("--help", d).out.find("  tcpsim diff scenarios/06-close-unread-data.scn --also \"at 150ms server "
                                         "crash\"\n") != std::string::npos);
}

TEST_CASE("cli_check_nat_forget_scenario", "[cli][forget]") {
  TempDir d;
  std::string text = kNat;
  text += "at 1s gw forget\nexpect gw sends RST seq=1\nexpect client recv ECONNRESET\nexpect client state CLOSED\n";
  const std::string f = d.write("forget.scn", text);
  const Result r = run_tcpsim("check " + quoted(f), d);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.out == "PASS " + f + " (3 expectations)\n3 passed, 0 failed\n");
  const std::string bad = d.write("bad.scn", "host a\nfirewall fw\nat 1s fw forget\n");
  const Result e = run_tcpsim("check " + quoted(bad), d);
  CHECK(e.code == 2);
  CHECK(e.err == bad + ":3:7: error: 'fw' is a firewall and tracks no flows: only a nat can forget\n"
                       "    3 | at 1s fw forget\n"
                       "      |       ^~\n"
                       "hint: a nat keeps a flow table: declare one with 'nat NAME idle DURATION' on the path\n");
}
