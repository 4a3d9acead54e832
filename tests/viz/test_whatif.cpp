// What-ifs and branches: the time a fork gets, where its line goes, the actions offered at a moment,
// the branch list (fork, switch, undo, redo, --also), the last good run kept on a typo, the input
// script. No GL.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "model/branches.hpp"
#include "model/editor_model.hpp"
#include "model/exports.hpp"
#include "model/input_script.hpp"
#include "ladder/moment.hpp"
#include "model/narration_view.hpp"
#include "model/whatif.hpp"
#include "scenario/also.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

const std::string kUnreadPath = TCPSIM_SCENARIO_DIR "/06-close-unread-data.scn";

Session load_file(const std::string& path) {
  Session s;
  REQUIRE(s.load_file(path));
  return s;
}

/// The number of steps after which the last step shown is the first event matching `pred`.
template <class Pred>
size_t step_after(const Run& r, Pred pred) {
  for (size_t s = 0; s < r.steps.events.size(); ++s) {
    if (pred(r.trace.events[r.steps.events[s]])) return s + 1;
  }
  FAIL("no such step");
  return 0;
}

bool delivered(const Event& e, uint32_t seg) { return e.type == EventType::SegmentDelivered && e.ref == seg; }

/// The text's line `n` (1-based), without its end.
std::string line_of_text(const std::string& text, uint32_t n) {
  std::istringstream in(text);
  std::string l;
  for (uint32_t i = 0; i < n && std::getline(in, l); ++i) {
  }
  return l;
}

const ActOption* find_option(const std::vector<ActOption>& v, const std::string& group, const std::string& label) {
  for (const ActOption& o : v) {
    if (o.group == group && o.label == label) return &o;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("what-if: time words are exact and read like a scenario") {
  CHECK(time_words(0) == "0ms");
  CHECK(time_words(ms(250)) == "250ms");
  CHECK(time_words(1500 * kMs) == "1.5s");
  CHECK(time_words(sec(12)) == "12s");
  CHECK(time_words(243771 * kUs) == "243.771ms");
  CHECK(time_words(sec(12) + kUs) == "12000.001ms");
  CHECK(time_words(750) == "750ns");
  CHECK(time_words(2500) == "2.5us");
}

TEST_CASE("what-if: the fork time is the moment on screen, rounded, and never before what was shown") {
  const Session s = load_file(kUnreadPath);
  const Run& r = *s.fault();
  // After the request (#4, index 3) reached the server at 120 ms; the next event is at 140 ms.
  const size_t at_120 = step_after(r, [](const Event& e) { return delivered(e, 3); });
  CHECK(fork_time(r, at_120, ms(120), false) == ms(120));
  CHECK(fork_time(r, at_120, ms(120), true) == ms(130));  // strictly after: room up to 139.99 ms
  // What the menus announce: past the arrival shown at 120 ms (a line at 120 ms would run before it).
  CHECK(likely_fork_time(r, at_120, ms(120)) == ms(130));
  const size_t after_accept = step_after(r, [](const Event& e) { return e.type == EventType::AppReturn && e.ref == 3; });
  CHECK(likely_fork_time(r, after_accept, ms(150)) == ms(150));  // only scenario lines ran at 150 ms
  // Continuous playback between two events: the roundest time at or after now.
  CHECK(fork_time(r, at_120, 123456 * kUs, false) == ms(130));
  CHECK(fork_time(r, at_120, 131 * kMs, false) == ms(135));
  // At the start nothing is shown: time 0 itself.
  CHECK(fork_time(r, 0, 0, false) == 0);
  // After the last event the room is open-ended, but the line stays near the moment.
  CHECK(fork_time(r, r.steps.events.size(), ms(350), true) == ms(360));
}

TEST_CASE("what-if: the line goes in time order, after lines that lean on the one before, keeping CRLF") {
  const std::string text =
      "host a\r\nhost b\r\nlink a b\r\n"
      "at 0ms b listen 80\r\n"
      "at 0ms a connect b:80\r\n"
      "at 1s a send \"x\"\r\n"
      "note \"sent\"\r\n"
      "\r\n"
      "at +500ms a close\r\n"
      "at 3s b close\r\n"
      "expect a state CLOSED\r\n";
  const ParseResult pr = parse_scenario(text, "t.scn");
  REQUIRE(pr.ok());
  // Between 1 s and 3 s: after the send, its untimed note and the relative close (which keep their
  // anchor), before the close at 3 s.
  Inserted in = insert_timed_line(text, *pr.scenario, ms(1200), "b crash", "what-if 1");
  CHECK(in.line == 10);
  CHECK(line_of_text(in.text, 10) == "at 1.2s b crash   # what-if 1\r");
  CHECK(line_of_text(in.text, 9) == "at +500ms a close\r");
  CHECK(line_of_text(in.text, 11) == "at 3s b close\r");
  // The inserted text parses and the relative close still happens at 1.5 s.
  const ParseResult again = parse_scenario(in.text, "t.scn");
  REQUIRE(again.ok());
  bool found = false;
  for (const Action& a : again.scenario->actions) {
    if (a.loc.line == 9) {
      CHECK(a.at == ms(1500));
      found = true;
    }
  }
  CHECK(found);
  // Before every action: after the declarations.
  in = insert_timed_line(text, *pr.scenario, 0, "a crash");
  CHECK(in.line == 6);  // after both 0 ms lines (they happened first at that time)
  // After everything.
  in = insert_timed_line(text, *pr.scenario, sec(5), "a crash");
  CHECK(in.line == 11);
  CHECK(line_of_text(in.text, 12) == "expect a state CLOSED\r");
}

TEST_CASE("what-if: a text without a final newline gets one before the new line") {
  const std::string text = "host a\nhost b\nlink a b\nat 0ms b listen 80";
  const ParseResult pr = parse_scenario(text, "t.scn");
  REQUIRE(pr.ok());
  const Inserted in = insert_timed_line(text, *pr.scenario, ms(5), "b crash");
  CHECK(in.text == "host a\nhost b\nlink a b\nat 0ms b listen 80\nat 5ms b crash\n");
  CHECK(in.line == 5);
}

TEST_CASE("what-if: actions offered at a moment of 06 (close with unread data)") {
  const Session s = load_file(kUnreadPath);
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  const size_t step = step_after(r, [](const Event& e) { return delivered(e, 3); });
  const Moment m = mb.at(step, r.time_of_step(step));
  const std::vector<ActOption> all = act_options(r, m);
  // Hosts first, in lane order, each followed by its sockets; then the link.
  REQUIRE(!all.empty());
  CHECK(all.front().group == "client");
  CHECK(all.front().label == "crash");
  CHECK(all.front().statement == "client crash");
  const ActOption* connect = find_option(all, "client", "connect() to server:80");
  REQUIRE(connect);
  CHECK(connect->statement == "client connect server:80");
  const ActOption* close = find_option(all, "client", "close()");
  REQUIRE(close);
  CHECK(close->statement == "client close");
  CHECK(close->enabled);
  const ActOption* rst = find_option(all, "client", "forged RST: seq = RCV.NXT");
  REQUIRE(rst);
  CHECK(rst->statement == "server inject server:80 > client:49346 RST seq=rcv.nxt");
  const ActOption* inwin = find_option(all, "client", "forged RST: seq in the window (RCV.NXT+1000)");
  REQUIRE(inwin);
  CHECK(inwin->statement == "server inject server:80 > client:49346 RST seq=rcv.nxt+1000");
  const ActOption* out = find_option(all, "client", "forged RST: seq outside the window");
  REQUIRE(out);
  CHECK(out->statement == "server inject server:80 > client:49346 RST seq=rcv.nxt+rcv.wnd+1000");
  // The server's connection is not accepted yet: the scenario cannot name it (no 'as', and the
  // host's bare name means no connected socket yet), so its calls are offered but disabled.
  const ActOption* sclose = find_option(all, "server", "close()");
  REQUIRE(sclose);
  CHECK_FALSE(sclose->enabled);
  CHECK(sclose->hint.find("give it a name with 'as NAME'") != std::string::npos);
  // The listener can be closed by the host's name (the host has no connected socket).
  const ActOption* lclose = find_option(all, "server :80", "close()");
  REQUIRE(lclose);
  CHECK(lclose->statement == "server close");
  CHECK(lclose->enabled);
  const ActOption* link = find_option(all, "link client – server", "down");
  REQUIRE(link);
  CHECK(link->statement == "link client server down");
  // Filtering as the palette does: every word, any case, anywhere.
  const std::vector<size_t> f = filter_options(all, "RST WINDOW");
  REQUIRE(f.size() == 4);  // in and outside the window, toward each end of the connection
  CHECK(all[f[0]].group == "client");
  CHECK(all[f[0]].label == "forged RST: seq in the window (RCV.NXT+1000)");
  CHECK(all[f[1]].label == "forged RST: seq outside the window");
  CHECK(all[f[2]].group == "server");
  CHECK(all[f[2]].statement == "client inject client:49346 > server:80 RST seq=rcv.nxt+1000");
  // A context menu on the server host holds the host's own options and its sockets'.
  const std::vector<ActOption> srv = act_options_for(r, all, {ActTarget::Kind::Host, r.trace.node_by_name("server")});
  REQUIRE(!srv.empty());
  CHECK(srv.front().statement == "server crash");
  CHECK(find_option(srv, "server :80", "close()"));
  CHECK_FALSE(find_option(srv, "client", "close()"));
}

TEST_CASE("what-if: after accept() the server's connection is named by the host, and a busy thread is said") {
  const Session s = load_file(kUnreadPath);
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  const size_t step = step_after(r, [](const Event& e) { return e.type == EventType::AppReturn && e.ref == 3; });
  const Moment m = mb.at(step, r.time_of_step(step));
  const std::vector<ActOption> all = act_options(r, m);
  const ActOption* sclose = find_option(all, "server", "close()");
  REQUIRE(sclose);
  CHECK(sclose->enabled);
  CHECK(sclose->statement == "server close");
  // The listener is no longer what a bare "server" means.
  const ActOption* lclose = find_option(all, "server :80", "close()");
  REQUIRE(lclose);
  CHECK_FALSE(lclose->enabled);
}

TEST_CASE("what-if: a crashed host offers restart, and its sockets nothing") {
  const std::string text =
      "host a\nhost b\nlink a b delay 10ms\n"
      "at 0ms b listen 80\nat 0ms a connect b:80\nat 100ms b crash\nat 500ms b restart\n";
  Session s;
  REQUIRE(s.load_text(text, "t.scn"));
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  const size_t step = step_after(r, [](const Event& e) { return e.type == EventType::HostCrashed; });
  const Moment m = mb.at(step, r.time_of_step(step));
  const std::vector<ActOption> all = act_options(r, m);
  const ActOption* restart = find_option(all, "b", "restart");
  REQUIRE(restart);
  CHECK(restart->statement == "b restart");
  CHECK_FALSE(find_option(all, "b", "crash"));
}

TEST_CASE("what-if: a NAT can be told to forget its flows; a firewall gets rules") {
  const Session s = load_file(TCPSIM_SCENARIO_DIR "/13-nat-idle-timeout.scn");
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  const Moment m = mb.at(5, r.time_of_step(5));
  const std::vector<ActOption> all = act_options(r, m);
  bool forget = false, drop = false;
  for (const ActOption& o : all) {
    if (o.target.kind != ActTarget::Kind::Middlebox) continue;
    forget |= o.label == "forget every flow" && o.statement == o.group + " forget";
    drop |= o.label == "drop everything (rule drop)" && o.statement == "rule " + o.group + " drop";
  }
  CHECK(forget);
  CHECK(drop);
}

TEST_CASE("branches: a what-if forks at the moment, keeps what was shown, and runs as --also would") {
  Session live = load_file(kUnreadPath);
  const std::string original_text = live.text();
  Branches b;
  b.start();
  const Run& r = *live.fault();
  const size_t step = step_after(r, [](const Event& e) { return delivered(e, 3); });
  // At 120 ms the arrival of the request is shown; a crash "at 120ms" would come before it (the
  // scenario's lines run first at their time), so the fork moves just past it: 130 ms.
  const ForkResult f = b.fork(live, r, "server crash", step, ms(120));
  REQUIRE(f.ok);
  CHECK(f.message == "what-if 1: at 130ms server crash");
  REQUIRE(b.size() == 2);
  CHECK(b.current() == 1);
  CHECK(b[1].name == "what-if 1");
  CHECK(b[1].line == "at 130ms server crash");
  CHECK(b[1].parent == 0);
  CHECK(b[1].at == ms(130));
  // The line is in the text, in time order, with a comment naming the branch.
  CHECK(line_of_text(live.text(), b[1].line_no) == "at 130ms server crash   # what-if 1");
  CHECK(line_of_text(live.text(), b[1].line_no - 1).rfind("at 120ms  note", 0) == 0);
  // Everything shown so far is the same; the rest of 120 ms too (the server's ACK, the note), then
  // the server crashes, before the client's close-related traffic of the original.
  REQUIRE(live.fault());
  const Run& w = *live.fault();
  const uint32_t shown = r.applied(step);
  CHECK(same_prefix(w.trace, b[0].parked.fault()->trace, shown));
  const size_t crash = step_after(w, [](const Event& e) { return e.type == EventType::HostCrashed; });
  CHECK(crash > step);
  CHECK(w.time_of_step(crash) == ms(130));
  for (size_t k = step; k + 1 < crash; ++k) CHECK(w.time_of_step(k + 1) == ms(120));
  // In the what-if, the server never sends the RST+ACK of the original: where the runs part, the
  // original's segment is that RST.
  REQUIRE_FALSE(b[1].from_parent.identical);
  REQUIRE(b[1].from_parent.twin_segment >= 0);
  CHECK(b[0].parked.fault()->trace.segments[b[1].from_parent.twin_segment].seg.flags == (kRst | kAck));
  // The same as appending the line on the command line (tcpsim run FILE --also "at 130ms server crash").
  ParseResult cli = parse_with_also(original_text, kUnreadPath, {"at 130ms server crash"});
  REQUIRE(cli.ok());
  const Trace direct = run_scenario(*cli.scenario, RunKind::Fault);
  CHECK(same_prefix(direct, live.fault()->trace, static_cast<uint32_t>(direct.events.size())));
  CHECK(direct.events.size() == live.fault()->trace.events.size());
  // The file's later calls on the crashed server are told in notes, not reported as errors.
  CHECK(live.fault()->trace.errors.empty());
  bool told = false;
  for (const NoteRecord& n : live.fault()->trace.notes) {
    // (Line numbers of the branch's text: the what-if is line 17, the file's accept() moved to 18.)
    told |= n.text == "server accept() on line 18 never happens: server crashed (line 17)";
  }
  CHECK(told);
}

TEST_CASE("branches: a fork at a moment when only scenario lines ran takes that very time") {
  Session live = load_file(kUnreadPath);
  Branches b;
  b.start();
  const Run& r = *live.fault();
  // After accept() returned at 150 ms (its line ran at 150 ms; a new line at 150 ms runs after it).
  const size_t step = step_after(r, [](const Event& e) { return e.type == EventType::AppReturn && e.ref == 3; });
  const ForkResult f = b.fork(live, r, "server close", step, ms(150));
  REQUIRE(f.ok);
  CHECK(b[1].line == "at 150ms server close");
  // Closing with unread data at 150 ms: the RST comes 50 ms earlier than in the original.
  const Trace& t = live.fault()->trace;
  bool rst_at_150 = false;
  for (const SegmentRecord& sr : t.segments) rst_at_150 |= (sr.seg.flags & kRst) && sr.sent_at == ms(150);
  CHECK(rst_at_150);
}

TEST_CASE("branches: switch, undo and redo keep each branch's text and runs") {
  Session live = load_file(kUnreadPath);
  Branches b;
  b.start();
  const std::string original = live.text();
  const size_t step = step_after(*live.fault(), [](const Event& e) { return delivered(e, 3); });
  REQUIRE(b.fork(live, *live.fault(), "server crash", step, ms(120)).ok);
  const std::string first = live.text();
  // A second what-if forked from the first.
  REQUIRE(b.fork(live, *live.fault(), "client abort", step, ms(120)).ok);
  CHECK(b.size() == 3);
  CHECK(b[2].parent == 1);
  CHECK(b[2].name == "what-if 2");
  REQUIRE(b.parent_session());
  CHECK(b.parent_session()->text() == first);
  // Back to the original: its text and runs, parked meanwhile.
  b.switch_to(live, 0);
  CHECK(live.text() == original);
  CHECK(b.parent() == nullptr);
  b.switch_to(live, 2);
  CHECK(live.text().find("client abort   # what-if 2") != std::string::npos);
  // Undo removes the newest branch and goes to its parent; redo brings it back.
  CHECK(b.undo(live));
  CHECK(b.size() == 2);
  CHECK(b.current() == 1);
  CHECK(live.text() == first);
  CHECK(b.can_redo());
  CHECK(b.redo(live));
  CHECK(b.size() == 3);
  CHECK(b.current() == 2);
  CHECK(live.text().find("client abort   # what-if 2") != std::string::npos);
  // A new fork forgets what could be redone.
  CHECK(b.undo(live));
  REQUIRE(b.fork(live, *live.fault(), "client close", step, ms(120)).ok);
  CHECK_FALSE(b.can_redo());
  // Undo down to the original, and no further.
  CHECK(b.undo(live));
  CHECK(b.undo(live));
  CHECK_FALSE(b.undo(live));
  CHECK(live.text() == original);
}

TEST_CASE("branches: a statement that does not parse makes no branch and says why") {
  Session live = load_file(kUnreadPath);
  Branches b;
  b.start();
  const ForkResult f = b.fork(live, *live.fault(), "sever crash", 3, live.fault()->time_of_step(3));
  CHECK_FALSE(f.ok);
  CHECK(f.message == "unknown host 'sever' (did you mean 'server'?)");
  CHECK(b.size() == 1);
  REQUIRE(live.fault());  // the run on screen is untouched
  const ForkResult g = b.fork(live, *live.fault(), "server fly", 3, live.fault()->time_of_step(3));
  CHECK_FALSE(g.ok);
  CHECK(g.message.find("unknown call 'fly'") != std::string::npos);
}

TEST_CASE("branches: junk typed as a what-if is refused with a message, never a crash") {
  Session live = load_file(kUnreadPath);
  Branches b;
  b.start();
  const Run& r = *live.fault();
  CHECK(b.fork(live, r, "server crash\nat 0ms client crash", 3, r.time_of_step(3)).message == "a what-if is one line");
  CHECK(b.fork(live, r, "   ", 3, r.time_of_step(3)).message == "the what-if is empty");
  CHECK(b.fork_line(live, "at 1s client crash\r\nat 2s server crash").message == "--also takes one line");
  for (const std::string& junk : {std::string("\"unterminated"), std::string(5000, 'x'), std::string("at 5ms client crash"),
                                 std::string("\xff\xfe\x01"), std::string("# only a comment"), std::string("title \"t\"")}) {
    INFO(junk.substr(0, 40));
    const ForkResult f = b.fork(live, r, junk, 3, r.time_of_step(3));
    if (f.ok) {
      b.undo(live);  // a comment alone is a line that changes nothing: allowed
    } else {
      CHECK_FALSE(f.message.empty());
    }
  }
  CHECK(b.size() == 1);
  CHECK(live.text() == read(kUnreadPath));
}

TEST_CASE("branches: a fork past the run's time limit is refused") {
  Session live;
  REQUIRE(live.load_text("host a\nhost b\nlink a b\nlimit time 1s\nat 0ms b listen 80\nat 0ms a connect b:80\n", "t.scn"));
  Branches b;
  b.start();
  const ForkResult f = b.fork(live, *live.fault(), "a crash", live.fault()->steps.events.size(), sec(1));
  CHECK_FALSE(f.ok);
  CHECK(f.message == "the run stops at 1s ('limit time'): nothing can happen after it");
}

TEST_CASE("branches: --also adds a whole line after the last one, as the command line does") {
  Session live = load_file(kUnreadPath);
  Branches b;
  b.start();
  const size_t lines = line_count(live.text());
  const ForkResult f = b.fork_line(live, "at 170ms client abort");
  REQUIRE(f.ok);
  CHECK(b[1].line == "at 170ms client abort");
  CHECK(b[1].at == ms(170));
  CHECK(b[1].line_no == lines);  // the text ended with a newline: its last (empty) line is where it goes
  CHECK(line_of_text(live.text(), b[1].line_no) == "at 170ms client abort");
  const ForkResult bad = b.fork_line(live, "at 170ms client jump");
  CHECK_FALSE(bad.ok);
  CHECK(bad.message.find("unknown call 'jump'") != std::string::npos);
  CHECK(b.size() == 2);
}

TEST_CASE("session: text with a typo keeps the last good run, marked stale, until it parses again") {
  Session s = load_file(kUnreadPath);
  const size_t segments = s.fault()->trace.segments.size();
  std::string typo = s.text();
  typo.replace(typo.find("at 200ms  server close"), 22, "at 200ms  sever close");
  CHECK_FALSE(s.load_text(typo, kUnreadPath, std::nullopt, true));
  CHECK(s.stale());
  REQUIRE(s.fault());
  CHECK(s.fault()->trace.segments.size() == segments);
  REQUIRE_FALSE(s.errors().empty());
  CHECK(s.errors().front().message == "unknown host 'sever'");
  CHECK(s.text() == typo);
  // Without keep_last_good (opening a file), errors leave nothing to draw.
  Session fresh;
  CHECK_FALSE(fresh.load_text(typo, kUnreadPath, std::nullopt, true));
  CHECK_FALSE(fresh.stale());
  CHECK_FALSE(fresh.fault());
  // Fixed: a fresh run, not stale.
  CHECK(s.load_text(read(kUnreadPath), kUnreadPath, std::nullopt, true));
  CHECK_FALSE(s.stale());
}

TEST_CASE("exports: a what-if branch's files are named after it") {
  CHECK(branch_slug("original") == "");
  CHECK(branch_slug("what-if 2") == "what-if-2");
  CHECK(export_base("scenarios/06-close-unread-data.scn", false, "what-if 2") == "scenarios/06-close-unread-data-what-if-2");
  CHECK(export_base("scenarios/06-close-unread-data.scn", true, "what-if 2") ==
        "scenarios/06-close-unread-data-what-if-2-twin");
  CHECK(export_base("scenarios/06-close-unread-data.scn", false, "original") == "scenarios/06-close-unread-data");
  CHECK(branch_file("scenarios/06-close-unread-data.scn", "what-if 1") == "scenarios/06-close-unread-data-what-if-1.scn");
  CHECK(branch_file("x.scn", "original") == "x-copy.scn");
}

TEST_CASE("input script: every command, and clear errors") {
  std::vector<InputCommand> c;
  std::string error;
  REQUIRE(parse_input_script("key W; text server crash; key ctrl+shift+z; rclick lane:server; click item:crash (x); "
                             "move 10,20.5; frames 3; key Enter; key F1",
                             &c, &error));
  REQUIRE(c.size() == 9);
  CHECK(c[0].kind == InputCommand::Kind::Key);
  CHECK(c[0].key == 'W');
  CHECK(c[1].text == "server crash");
  CHECK((c[2].ctrl && c[2].shift && !c[2].alt && c[2].key == 'Z'));
  CHECK(c[3].kind == InputCommand::Kind::RClick);
  CHECK(c[3].where == InputCommand::Where::Named);
  CHECK(c[3].text == "lane:server");
  CHECK(c[4].where == InputCommand::Where::Named);
  CHECK(c[4].text == "item:crash (x)");
  CHECK(c[5].kind == InputCommand::Kind::Move);
  CHECK(c[5].x == 10.0f);
  CHECK(c[5].y == 20.5f);
  CHECK(c[6].frames == 3);
  CHECK(c[7].key == 257);
  CHECK(c[8].key == 290);
  CHECK_FALSE(parse_input_script("key W; jump 3", &c, &error));
  CHECK(error == "command 2: unknown input 'jump' (key, text, click, rclick, move, frames)");
  CHECK_FALSE(parse_input_script("click 10", &c, &error));
  CHECK(error == "command 1: cannot read 'click 10'");
  CHECK_FALSE(parse_input_script("key hyper+q", &c, &error));
  CHECK_FALSE(parse_input_script("frames 0", &c, &error));
  CHECK_FALSE(parse_input_script("click 1e99,5", &c, &error));
  CHECK_FALSE(parse_input_script("click nan,5", &c, &error));
  CHECK_FALSE(parse_input_script("rclick lane:", &c, &error));
  CHECK(parse_input_script("", &c, &error));
  CHECK(c.empty());
}

TEST_CASE("branches: notes the file wrote for the original run say so once a what-if has parted from it") {
  Session live = load_file(kUnreadPath);
  Branches b;
  b.start();
  CHECK(b.forked_at() == -1);
  REQUIRE(b.fork_line(live, "at 190ms server recv").ok);
  REQUIRE(b.fork_line(live, "at 170ms client send \"more\"").ok);
  CHECK(b.forked_at() == ms(170));  // the earliest line on the way from the original
  b.switch_to(live, 1);
  CHECK(b.forked_at() == ms(190));
  const Run& r = *live.fault();
  const MomentBuilder mb(r);
  // The note at 120 ms comes before the fork: as written. The one at 300 ms (the ECONNRESET of the
  // original) is not true here, where the server read the request and closed politely.
  const size_t at120 = step_after(r, [](const Event& e) { return e.type == EventType::Note && e.t == ms(120); });
  NarrationView v = narration_view(live, &r, mb.at(at120, ms(120)), b.forked_at());
  CHECK(v.has_note);
  CHECK(v.note_caveat.empty());
  const size_t at300 = step_after(r, [](const Event& e) { return e.type == EventType::Note && e.t == ms(300); });
  v = narration_view(live, &r, mb.at(at300, ms(300)), b.forked_at());
  CHECK(v.note == "recv() reports the reset once: -1 ECONNRESET (Connection reset by peer).");
  CHECK(v.note_caveat == "Written for the original run; this what-if parts from it at 0.190 s, so it may no longer be true.");
}

TEST_CASE("what-if: kill the process (kill -9) adds 'HOST kill', and the kernel resets the queued connection") {
  Session live = load_file(kUnreadPath);
  const Run& r = *live.fault();
  const MomentBuilder mb(r);
  const size_t step = step_after(r, [](const Event& e) { return delivered(e, 3); });
  const Moment m = mb.at(step, r.time_of_step(step));
  const std::vector<ActOption> all = act_options(r, m);
  const ActOption* kill = find_option(all, "server", "kill the process (kill -9)");
  REQUIRE(kill);
  CHECK(kill->enabled);
  CHECK(kill->statement == "server kill");
  CHECK(kill->hint == "the kernel closes its sockets as close() would: RST where data is unread, else FIN");
  // A host's context menu has it, after crash.
  const std::vector<ActOption> srv = act_options_for(r, all, {ActTarget::Kind::Host, r.trace.node_by_name("server")});
  REQUIRE(srv.size() >= 2);
  CHECK(srv[1].statement == "server kill");

  Branches b;
  b.start();
  const ForkResult f = b.fork(live, r, kill->statement, step, ms(120));
  REQUIRE(f.ok);
  CHECK(f.message == "what-if 1: at 130ms server kill");
  const Run& w = *live.fault();
  // The kill is in the trace at 130 ms. The connection still waits in the accept queue (accept() is at
  // 150 ms): the listener closes and resets it at once (inet_csk_listen_stop()).
  const size_t killed = step_after(w, [](const Event& e) { return e.type == EventType::ProcessKilled; });
  CHECK(w.time_of_step(killed) == ms(130));
  bool rst = false;
  for (size_t i = 0; i < w.trace.segments.size(); ++i) {
    const SegmentRecord& s = w.trace.segments[i];
    if (s.sent_at == ms(130) && s.seg.flags == (kRst | kAck) && s.rule == Rule::RstListenerClosed) rst = true;
  }
  CHECK(rst);
  // The file's later calls by the killed server are what-if notes, not errors.
  CHECK(w.trace.errors.empty());
  // The same as the command line's --also.
  ParseResult cli = parse_with_also(read(kUnreadPath), kUnreadPath, {"at 130ms server kill"});
  REQUIRE(cli.ok());
  const Trace direct = run_scenario(*cli.scenario, RunKind::Fault);
  CHECK(direct.events.size() == w.trace.events.size());

  // After the kill: the option says so, and the server's sockets take no calls.
  const MomentBuilder wb(w);
  const Moment after = wb.at(killed, w.time_of_step(killed));
  const std::vector<ActOption> later = act_options(w, after);
  const ActOption* again = find_option(later, "server", "kill the process (kill -9)");
  REQUIRE(again);
  CHECK_FALSE(again->enabled);
  CHECK(again->hint == "already killed");
}

TEST_CASE("what-if: each declared process of a host can be killed on its own") {
  const std::string text =
      "host a\nhost b\nprocess web on b\nlink a b delay 10ms\n"
      "at 0ms web listen 80\nat 0ms a connect b:80\nat 20ms web accept\n";
  Session s;
  REQUIRE(s.load_text(text, "t.scn"));
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  const Moment m = mb.at(r.steps.events.size(), r.time_of_step(r.steps.events.size()));
  const std::vector<ActOption> all = act_options(r, m);
  const ActOption* own = find_option(all, "b", "kill the process (kill -9)");
  const ActOption* web = find_option(all, "b", "kill process web (kill -9)");
  REQUIRE(own);
  REQUIRE(web);
  CHECK(own->statement == "b kill");
  CHECK(web->statement == "b kill web");
  CHECK_FALSE(find_option(all, "a", "kill process web (kill -9)"));
}
