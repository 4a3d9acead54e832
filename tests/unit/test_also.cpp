// What-ifs: scenario lines given with --also (scenario/also.hpp), run after the file's last line, and
// the diff of a what-if against the original run.
#include "scenario_helpers.hpp"

#include "render/diff_text.hpp"
#include "scenario/also.hpp"

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {

// Five lines, the last without a newline.
const std::string kFile =
    "host client\n"
    "host server\n"
    "link client server delay 20ms\n"
    "at 0ms server listen 80\n"
    "at 0ms client connect server:80";

Scenario also_ok(const std::string& text, const std::vector<std::string>& also) {
  ParseResult r = parse_with_also(text, "t.scn", also);
  std::string errors;
  for (const Diagnostic& d : r.errors) errors += d.format() + "\n";
  INFO(errors);
  REQUIRE(r.ok());
  return std::move(*r.scenario);
}

std::vector<Diagnostic> also_errors(const std::string& text, const std::vector<std::string>& also) {
  ParseResult r = parse_with_also(text, "t.scn", also);
  REQUIRE_FALSE(r.ok());
  return r.errors;
}

}  // namespace

TEST_CASE("also: the lines follow the file's last line, whose numbers do not move", "[also]") {
  const Scenario s = also_ok(kFile, {"at 100ms server crash", "note \"The server is gone.\""});
  REQUIRE(s.lines.size() == 7);
  CHECK(s.lines[4] == "at 0ms client connect server:80");
  CHECK(s.lines[5] == "at 100ms server crash");
  CHECK(s.lines[6] == "note \"The server is gone.\"");
  CHECK(s.also_first == 6);
  REQUIRE(s.actions.size() == 4);
  CHECK(s.actions[1].loc.line == 5);
  CHECK(s.actions[2].loc.line == 6);
  CHECK(s.actions[2].at == ms(100));
  CHECK(s.actions[3].at == ms(100));  // an untimed note takes the time of the timed line before it
  CHECK(s.where(5) == "t.scn:5");
  CHECK(s.where(7) == "--also #2");
  CHECK(s.line_ref(6) == "--also #1");

  const Trace t = run_scenario(s, RunKind::Fault);
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0].line == 7);
  CHECK(t.notes[0].t == ms(100));
  bool crashed = false;
  for (const Event& e : t.events) crashed |= e.type == EventType::HostCrashed && e.t == ms(100);
  CHECK(crashed);
}

TEST_CASE("also: a file ending in a newline, CRLF or a byte order mark numbers the same", "[also]") {
  CHECK(also_ok(kFile + "\n", {"at 1s server crash"}).actions[2].loc.line == 6);
  CHECK(also_ok(kFile + "\r\n\r\n", {"at 1s server crash"}).actions[2].loc.line == 7);
  const Scenario bom = also_ok("\xEF\xBB\xBF" + kFile, {"at 1s server crash"});
  CHECK(bom.actions[2].loc.line == 6);
  CHECK(bom.also_first == 6);
  // Without --also lines it is parse_scenario().
  const Scenario plain = also_ok(kFile, {});
  CHECK(plain.also_first == 0);
  CHECK(plain.lines.size() == 5);
}

TEST_CASE("also: 'at +D' is relative to the file's last timed line; any line of the language is allowed",
          "[also]") {
  const Scenario s = also_ok(kFile + "\nat 300ms client close\n",
                             {"at +50ms server crash", "set server msl 1s", "expect no RST from server",
                              "at 1s expect client state FIN-WAIT-2", "  # only a comment"});
  CHECK(s.actions.back().at == ms(350));
  REQUIRE(s.settings.size() == 1);
  CHECK(s.settings[0].loc.line == 8);
  REQUIRE(s.expectations.size() == 2);
  CHECK(s.expectations[0].loc.line == 9);
  CHECK(s.expectations[1].at == sec(1));
  CHECK(s.lines.size() == 11);
}

TEST_CASE("also: an error in an --also line points at it, with the column and the usual hint", "[also]") {
  const std::vector<Diagnostic> e = also_errors(kFile, {"at 1s client close", "at 150ms sever crash"});
  REQUIRE(e.size() == 1);
  CHECK(e[0].file == "--also #2");
  CHECK(e[0].line == 1);
  CHECK(e[0].col == 10);
  CHECK(e[0].message == "unknown host 'sever'");
  CHECK(e[0].hint == "did you mean 'server'?");
  CHECK(e[0].format() ==
        "--also #2:1:10: error: unknown host 'sever'\n"
        "    1 | at 150ms sever crash\n"
        "      |          ^~~~~\n"
        "hint: did you mean 'server'?");
  // A message that names another line names an --also line as such.
  const std::vector<Diagnostic> dup = also_errors(kFile, {"host extra", "host extra"});
  REQUIRE(dup.size() == 1);
  CHECK(dup[0].file == "--also #2");
  CHECK(dup[0].message == "duplicate name 'extra' (already declared at --also #1)");
  const std::vector<Diagnostic> file_dup = also_errors(kFile, {"host client"});
  CHECK(file_dup[0].message == "duplicate name 'client' (already declared at line 1)");
}

TEST_CASE("also: errors in the file itself read exactly as without --also", "[also]") {
  const std::string broken = "host client\nhost server\nlink client sever\nat 1s client frob\n";
  const ParseResult alone = parse_scenario(broken, "t.scn");
  const std::vector<Diagnostic> with = also_errors(broken, {"at 2s client close", "at 3s clinet close"});
  REQUIRE(alone.errors.size() == 2);
  REQUIRE(with.size() == 3);
  CHECK(with[0].format() == alone.errors[0].format());
  CHECK(with[1].format() == alone.errors[1].format());
  CHECK(with[0].file == "t.scn");
  CHECK(with[0].line == 3);
  CHECK(with[2].file == "--also #2");
  CHECK(with[2].message == "unknown host 'clinet'");
}

TEST_CASE("also: a line with a newline, or an empty one, is refused", "[also]") {
  const std::vector<Diagnostic> nl = also_errors(kFile, {"at 1s server crash", "at 1s server crash\nat 2s x"});
  REQUIRE(nl.size() == 1);
  CHECK(nl[0].format() ==
        "--also #2: error: --also takes one line\n"
        "hint: give each line its own --also, e.g. --also \"at 250ms server crash\" --also \"expect no FIN from "
        "server\"");
  const std::vector<Diagnostic> cr = also_errors(kFile, {"at 1s server crash\r"});
  CHECK(cr[0].message == "--also takes one line");
  for (const std::string& empty : {std::string(), std::string("  \t ")}) {
    const std::vector<Diagnostic> e = also_errors(kFile, {empty});
    REQUIRE(e.size() == 1);
    CHECK(e[0].format() == "--also #1: error: --also is empty\nhint: give it a scenario line, e.g. --also \"at 250ms "
                           "server crash\"");
  }
}

TEST_CASE("also: the file variant reads the file, or says why it cannot", "[also]") {
  const ParseResult missing = parse_scenario_file_with_also("/nonexistent/x.scn", {"at 1s server crash"});
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].format() == "/nonexistent/x.scn: error: cannot open '/nonexistent/x.scn': No such file or "
                                      "directory");
  const std::string path = std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data.scn";
  const ParseResult r = parse_scenario_file_with_also(path, {"at 150ms server crash"});
  REQUIRE(r.ok());
  CHECK(r.scenario->file == path);
  CHECK(r.scenario->lines[r.scenario->also_first - 1] == "at 150ms server crash");
  CHECK(append_also("a\nb", {"c", "d"}) == "a\nb\nc\nd\n");
}

TEST_CASE("also: a call of a program an --also crash killed never happens, and a note says so", "[also]") {
  const std::string file = kFile + "\nat 100ms server accept as conn\nat 200ms conn recv\nat 300ms server close\n";
  const Trace t = run_scenario(also_ok(file, {"at 50ms server crash"}), RunKind::Fault);
  CHECK(t.errors.empty());
  std::vector<std::string> notes;
  for (const NoteRecord& n : t.notes) notes.push_back(n.text);
  CHECK(notes == std::vector<std::string>{
                     "server accept() on line 6 never happens: server crashed (--also #1)",
                     "conn recv() on line 7 never happens: server crashed (--also #1)",
                     "server close() on line 8 never happens: server crashed (--also #1)",
                 });
  CHECK(t.notes[1].line == 7);
  CHECK(t.notes[1].t == ms(200));
  // A crash written in the file is the author's: a call on the crashed host is still an error.
  const Trace own = run_text(file + "at 50ms server crash\n");
  REQUIRE(own.errors.size() == 3);
  CHECK(own.errors[0].line == 6);
  CHECK(own.errors[0].message == "server is down (it crashed) and cannot call accept()");
  CHECK(own.notes.empty());
}

TEST_CASE("also: a forged segment of the file whose connection a what-if ended is told in a note", "[also]") {
  // The file forges an RST at RCV.NXT at 1 s; the what-if aborts the connection first.
  const std::string file = kFile + "\nat 1s server inject client:49346 > server:80 RST seq=rcv.nxt\n";
  REQUIRE(run_text(file).errors.empty());  // the forgery finds its connection in the file's own run
  const Trace before = run_text(file + "at 500ms client abort\n");  // written in the file: an error
  REQUIRE(before.errors.size() == 1);
  CHECK(before.errors[0].message ==
        "inject: seq names the target's TCB, but the target has no connection with that address and port at 1s");
  const Trace t = run_scenario(also_ok(file, {"at 500ms client abort"}), RunKind::Fault);
  CHECK(t.errors.empty());
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0].t == sec(1));
  CHECK(t.notes[0].line == 6);
  CHECK(t.notes[0].text == "line 6 no longer applies after the what-if: inject: seq names the target's TCB, but the "
                           "target has no connection with that address and port at 1s");
  // Before the what-if's time, the file's own mistakes are still errors.
  const Trace early = run_scenario(also_ok(kFile + "\nat 100ms ghost send \"x\"\nhost ghost\n", {"at 500ms client abort"}),
                                   RunKind::Fault);
  CHECK(early.errors.size() == 1);
}

TEST_CASE("also: the diff of a what-if names the what-if and the original run", "[also][diff]") {
  const std::string path = std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data.scn";
  ParseResult what_if = parse_scenario_file_with_also(path, {"at 150ms server crash"});
  ParseResult original = parse_scenario_file(path);
  REQUIRE(what_if.ok());
  REQUIRE(original.ok());
  const Trace branch = run_scenario(*what_if.scenario, RunKind::Fault);
  const Trace base = run_scenario(*original.scenario, RunKind::Fault);
  const Divergence d = find_divergence(branch, base);
  const std::string headline = diff_headline(branch, base, RunNames::what_if());
  CHECK_FALSE(d.identical);
  CHECK(d.at == ms(150));
  CHECK(d.fault_segment == -1);  // the what-if sends nothing the original does not
  REQUIRE(d.twin_segment >= 0);
  CHECK(base.segments[static_cast<size_t>(d.twin_segment)].seg.flags == (kRst | kAck));
  CHECK(headline ==
        "At 0.200s the original run sends RST+ACK seq=1 ack=19: server close() with unread data (RFC 1122 "
        "§4.2.2.13). The what-if sends no such segment.");
  // The default names are a fault run's and its twin's, as before.
  const std::string same = diff_headline(base, base);
  const std::string lead = "The fault run and the graceful twin";
  REQUIRE(same.rfind(lead + " do the same ", 0) == 0);
  CHECK(diff_headline(base, base, RunNames::what_if()) == "The what-if and the original run" + same.substr(lead.size()));
}
