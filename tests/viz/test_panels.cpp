// The panels' models on real library scenarios: what each panel would show at a given step.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include "model/console_view.hpp"
#include "model/editor_model.hpp"
#include "model/inspector_view.hpp"
#include "ladder/ladder_frame.hpp"  // mark_text
#include "model/library.hpp"
#include "ladder/mark_forms.hpp"
#include "model/narration_view.hpp"
#include "model/state_diagram.hpp"
#include "model/tcb_view.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

std::string library_file(const std::string& name) { return std::string(TCPSIM_SCENARIO_DIR) + "/" + name; }

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

/// A library scenario loaded through Session::load_text, as the editor does.
struct Loaded {
  Session session;
  std::unique_ptr<MomentBuilder> moments;
  explicit Loaded(const std::string& name, RunKind kind = RunKind::Fault) {
    const std::string path = library_file(name);
    REQUIRE(session.load_text(read_file(path), path));
    moments = std::make_unique<MomentBuilder>(kind == RunKind::Twin ? *session.twin() : *session.fault());
  }
  const Run& run() const { return moments ? *run_ptr() : *session.fault(); }
  const Run* run_ptr() const { return twin ? session.twin() : session.fault(); }
  bool twin = false;
  /// The moment at step `s`, shown at that step's time.
  Moment at(size_t s) const { return moments->at(s, run().time_of_step(s)); }
  /// The moment right after the first step whose event satisfies `pred`.
  Moment after(const std::function<bool(const Event&)>& pred) const {
    const Run& r = run();
    for (size_t s = 0; s < r.steps.events.size(); ++s) {
      if (pred(r.trace.events[r.steps.events[s]])) return at(s + 1);
    }
    FAIL("no such step");
    return {};
  }
  /// The moment right before that step.
  Moment before(const std::function<bool(const Event&)>& pred) const {
    const Run& r = run();
    for (size_t s = 0; s < r.steps.events.size(); ++s) {
      if (pred(r.trace.events[r.steps.events[s]])) return at(s);
    }
    FAIL("no such step");
    return {};
  }
};

std::function<bool(const Event&)> state_change(uint32_t conn, State to) {
  return [=](const Event& e) { return e.type == EventType::StateChanged && e.conn == conn && static_cast<State>(e.b) == to; };
}

const DiagramEndpoint& endpoint(const DiagramView& v, const std::string& label) {
  for (const DiagramEndpoint& e : v.endpoints) {
    if (e.info.label == label) return e;
  }
  FAIL("no endpoint " << label);
  static DiagramEndpoint none;
  return none;
}

const TcbCard& card(const TcbView& v, uint32_t conn) {
  for (const TcbCard& c : v.cards) {
    if (c.ep.conn == conn) return c;
  }
  FAIL("no card for conn " << conn);
  static TcbCard none;
  return none;
}

std::string field(const TcbCard& c, const std::string& name) {
  for (const TcbField& f : c.fields) {
    if (f.name == name) return f.value;
  }
  FAIL("no field " << name);
  return "";
}

const InspectorRow& row(const std::vector<InspectorRow>& rows, const std::string& label) {
  for (const InspectorRow& r : rows) {
    if (r.label == label) return r;
  }
  FAIL("no row " << label);
  static InspectorRow none;
  return none;
}

std::vector<std::string> texts(const ConsoleColumn& c) {
  std::vector<std::string> v;
  for (const ConsoleLine& l : c.lines) v.push_back(l.text());
  return v;
}

}  // namespace

// ---- State diagram ----

TEST_CASE("state diagram: Figure 5 has its boxes and arrows where the RFC puts them", "[panels][diagram]") {
  const FigureLayout& f = figure5();
  const auto at = [&](DiagramBox b) { return f.boxes[static_cast<int>(b)].centre; };
  CHECK(f.boxes[static_cast<int>(DiagramBox::ClosedTop)].name == "CLOSED");
  CHECK(f.boxes[static_cast<int>(DiagramBox::ClosedEnd)].name == "CLOSED");
  // CLOSED top centre, LISTEN below, SYN-RECEIVED left, SYN-SENT right, ESTABLISHED centre.
  CHECK(at(DiagramBox::ClosedTop).y < at(DiagramBox::Listen).y);
  CHECK(at(DiagramBox::SynReceived).x < at(DiagramBox::Established).x);
  CHECK(at(DiagramBox::SynSent).x > at(DiagramBox::Established).x);
  CHECK(at(DiagramBox::FinWait1).x < 0.5f);
  CHECK(at(DiagramBox::CloseWait).x > 0.5f);
  CHECK(at(DiagramBox::TimeWait).y > at(DiagramBox::Closing).y);
  CHECK(at(DiagramBox::ClosedEnd).y == at(DiagramBox::TimeWait).y);
  CHECK(f.edges.size() == 20);
  for (const DiagramEdge& e : f.edges) {
    CHECK(e.kind == EdgeKind::Figure);
    CHECK(!e.label.trigger.empty());
  }
}

TEST_CASE("state diagram: transitions classified against Figure 5", "[panels][diagram]") {
  const DiagramTransition syn = classify(State::Listen, State::SynReceived, Rule::SynAckPassive);
  CHECK(syn.kind == EdgeKind::Figure);
  REQUIRE(syn.edge >= 0);
  CHECK(figure5().edges[syn.edge].label.trigger == "rcv SYN");
  CHECK(figure5().edges[syn.edge].label.action == "snd SYN,ACK");
  const DiagramTransition fin = classify(State::Established, State::FinWait1, Rule::Fin);
  CHECK(fin.kind == EdgeKind::Figure);
  CHECK(figure5().edges[fin.edge].label.trigger == "CLOSE");
  CHECK(classify(State::TimeWait, State::Closed, Rule::TimeWaitTimeout).to_box == DiagramBox::ClosedEnd);
  CHECK(classify(State::SynReceived, State::Listen, Rule::RcvRst).kind == EdgeKind::Figure);  // note 1
  // Not in the figure.
  const DiagramTransition rst = classify(State::Established, State::Closed, Rule::RcvRst);
  CHECK(rst.kind == EdgeKind::Abnormal);
  CHECK(rst.edge == -1);
  CHECK(rst.cause == "rcv RST");
  CHECK(rst.to_box == DiagramBox::ClosedEnd);
  CHECK(classify(State::SynReceived, State::Listen, Rule::SynInSynReceived).kind == EdgeKind::Abnormal);
  CHECK(classify(State::SynSent, State::Closed, Rule::RcvRstSynSent).kind == EdgeKind::Abnormal);
  CHECK(classify(State::FinWait1, State::TimeWait, Rule::RcvFin).kind == EdgeKind::Extra);
}

TEST_CASE("state diagram: close with unread data, server CLOSED right after its RST", "[panels][diagram]") {
  Loaded l("06-close-unread-data.scn");
  // Conn 1 is the server's listener, conn 2 the client, conn 3 the server's connection.
  const DiagramView before = diagram_view(l.run(), l.before(state_change(3, State::Closed)));
  CHECK(endpoint(before, "server").box == DiagramBox::Established);
  CHECK(endpoint(before, "client").box == DiagramBox::Established);
  CHECK(endpoint(before, "server :80").box == DiagramBox::Listen);

  const DiagramView v = diagram_view(l.run(), l.after(state_change(3, State::Closed)));
  REQUIRE(v.endpoints.size() == 3);
  CHECK(v.endpoints[0].info.label == "client");  // lane order: client first
  const DiagramEndpoint& server = endpoint(v, "server");
  CHECK(server.info.state == State::Closed);
  CHECK(server.box == DiagramBox::ClosedEnd);
  REQUIRE(server.has_last);
  CHECK(server.last.from == State::Established);
  CHECK(server.last.kind == EdgeKind::Abnormal);
  CHECK(server.last.cause == "close() with unread data");
  CHECK(server.last.glow == Approx(1.0f));  // just taken
  CHECK(endpoint(v, "client").box == DiagramBox::Established);

  // The client follows when the RST arrives.
  const DiagramView c = diagram_view(l.run(), l.after(state_change(2, State::Closed)));
  const DiagramEndpoint& client = endpoint(c, "client");
  CHECK(client.box == DiagramBox::ClosedEnd);
  CHECK(client.last.cause == "rcv RST");
  CHECK(client.last.kind == EdgeKind::Abnormal);
  CHECK(endpoint(c, "server").last.glow < 1.0f);  // fading
}

TEST_CASE("state diagram: graceful close lights the figure's own arrows", "[panels][diagram]") {
  Loaded l("02-graceful-close.scn");
  const DiagramView v = diagram_view(l.run(), l.after(state_change(2, State::TimeWait)));
  const DiagramEndpoint& client = endpoint(v, "client");
  CHECK(client.box == DiagramBox::TimeWait);
  CHECK(client.last.kind == EdgeKind::Figure);
  CHECK(figure5().edges[client.last.edge].from == DiagramBox::FinWait2);
  CHECK(client.last.cause == "rcv FIN");
  CHECK(endpoint(v, "server").box == DiagramBox::LastAck);
}

// ---- Inspector ----

TEST_CASE("inspector: the RST of close with unread data, field by field", "[panels][inspector]") {
  Loaded l("06-close-unread-data.scn");
  const Run& r = l.run();
  size_t rst = 0;
  while (rst < r.trace.segments.size() && !(r.trace.segments[rst].seg.flags & kRst)) ++rst;
  REQUIRE(rst == 5);
  const Moment m = l.at(l.run().steps.events.size());  // the end: it has arrived
  const InspectorView v = inspector_view(r, m, static_cast<int64_t>(rst), false);
  REQUIRE(!v.empty);
  CHECK(v.heading == "#6  RST+ACK  server \u2192 client");
  CHECK(v.rst);
  CHECK(row(v.header, "Source").value == "10.0.0.2:80");
  CHECK(row(v.header, "Destination").value.rfind("10.0.0.1:", 0) == 0);
  CHECK(row(v.header, "SEQ").value == "1");
  CHECK(row(v.header, "SEQ").detail == "absolute " + std::to_string(r.trace.conn(3).iss.v + 1));
  CHECK(row(v.header, "ACK").value == "19");
  CHECK(row(v.header, "ACK").detail == "absolute " + std::to_string(r.trace.conn(2).iss.v + 19));
  CHECK(row(v.header, "Flags").value == "RST+ACK");
  CHECK(row(v.header, "Window").value == "65517");
  CHECK(row(v.header, "MSS option").value == "\u2014");
  CHECK(row(v.header, "Payload").value == "none");
  CHECK(row(v.journey, "Sent").value == "0.200 s");
  CHECK(row(v.journey, "Arrived").value == "0.220 s");
  CHECK(row(v.journey, "Arrived").detail == "at client");
  REQUIRE(v.has_rule);
  CHECK(v.rule.label == "close() with unread data");
  CHECK(v.rule.cite == "RFC 1122 §4.2.2.13; Linux tcp_close()");
  CHECK(v.rule.text.find("RST,ACK") != std::string::npos);
  CHECK(!v.has_verdict);  // the client accepted it

  // Absolute first when asked.
  const InspectorView a = inspector_view(r, m, static_cast<int64_t>(rst), true);
  CHECK(row(a.header, "SEQ").value == std::to_string(r.trace.conn(3).iss.v + 1));
  CHECK(row(a.header, "SEQ").detail == "relative 1");

  // Before it arrives, its fate is not told yet.
  const Moment sent = l.after([&](const Event& e) { return e.type == EventType::SegmentSent && e.ref == rst; });
  const InspectorView f = inspector_view(r, sent, -1, false);
  CHECK(f.latest);
  CHECK(f.segment == rst);
  CHECK(row(f.journey, "In flight").detail == "on its way");
}

TEST_CASE("inspector: payload as a hex dump, replies both ways", "[panels][inspector]") {
  Loaded l("06-close-unread-data.scn");
  const Moment end = l.at(l.run().steps.events.size());
  const InspectorView v = inspector_view(l.run(), end, 3, false, 8);  // #4, the request
  CHECK(v.payload_len == 18);
  CHECK(v.payload_quoted == "\"GET / HTTP/1.1\\r\\n\\r\\n\"");
  REQUIRE(v.hex.size() == 3);
  CHECK(v.hex[0] == "0000  47 45 54 20 2f 20 48 54  |GET / HT|");
  CHECK(v.hex[2] == "0010  0d 0a                    |..|");
  CHECK(v.more.empty());
  CHECK(row(v.replies, "Answered by").value == "#5");
  const InspectorView ack = inspector_view(l.run(), end, 4, false);
  CHECK(row(ack.replies, "In reply to").value == "#4");
  CHECK(hex_dump("GET / HTTP/1.1\r\n\r\n", 16)[0] == "0000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  |GET / HTTP/1.1..|");
}

TEST_CASE("inspector: a dropped segment says where and why", "[panels][inspector]") {
  Loaded l("12-firewall-drop-timeout.scn");
  const Run& r = l.run();
  size_t dropped = r.trace.segments.size();
  for (size_t i = 0; i < r.trace.segments.size(); ++i) {
    if (r.trace.fate(i).outcome == Outcome::Dropped) {
      dropped = i;
      break;
    }
  }
  REQUIRE(dropped < r.trace.segments.size());
  const InspectorView v = inspector_view(r, l.at(r.steps.events.size()), static_cast<int64_t>(dropped), false);
  const InspectorRow& d = row(v.journey, "Dropped");
  CHECK(d.tone == Tone::Bad);
  CHECK(d.detail.find("firewall rule (line ") != std::string::npos);
}

// ---- TCB ----

TEST_CASE("TCB: 18 unread bytes before close, discarded after", "[panels][tcb]") {
  Loaded l("06-close-unread-data.scn");
  const TcbView before = tcb_view(l.run(), l.before(state_change(3, State::Closed)), false);
  const TcbCard& server = card(before, 3);
  REQUIRE(server.have_tcb);
  CHECK(server.receive.parts[0].part == BufferPart::Unread);
  CHECK(server.receive.parts[0].bytes == 18);
  CHECK(server.receive.caption == "18 unread");
  CHECK(server.receive.size == 65535);
  CHECK(field(server, "RCV.NXT") == "19");
  CHECK(field(server, "SND.NXT") == "1");
  CHECK(field(server, "RCV.WND") == "65517");
  CHECK(before.listeners == std::vector<std::string>{"server listens on 10.0.0.2:80"});
  // 18 of 64 KiB still shows: at least 6 px of a 300 px bar.
  const std::vector<float> w = server.receive.widths(300, 6);
  CHECK(w[0] == Approx(6.0f));
  CHECK(w[2] == Approx(294.0f));

  // Absolute numbers on request.
  const TcbView abs = tcb_view(l.run(), l.before(state_change(3, State::Closed)), true);
  CHECK(field(card(abs, 3), "RCV.NXT") == std::to_string(l.run().trace.conn(2).iss.v + 19));

  // After close(): gone, and the 18 bytes were thrown away.
  const Moment gone = l.after(state_change(3, State::Closed));
  const TcbView gone_view = tcb_view(l.run(), gone, false);
  const TcbCard& after = card(gone_view, 3);
  CHECK(after.gone == "gone: ESTABLISHED \u2192 CLOSED (close() with unread data)");
  CHECK(after.discarded == std::vector<std::string>{"discarded 18 unread bytes"});
  CHECK(after.ep.broken);

  // An orderly end reads differently.
  Loaded g("02-graceful-close.scn");
  const TcbView closed = tcb_view(g.run(), g.after(state_change(3, State::Closed)), false);
  CHECK(card(closed, 3).gone == "closed: LAST-ACK \u2192 CLOSED (rcv ACK of FIN)");
  CHECK(!card(closed, 3).ep.broken);
  CHECK(card(closed, 3).ep.gone);
}

TEST_CASE("TCB: timers count down from their deadline", "[panels][tcb]") {
  Loaded l("06-close-unread-data.scn");
  // The client's request is sent at 0.100 with RTO 0.240 (Linux: SRTT 40 ms + RTTVAR 200 ms): the
  // retransmission timer ends at 0.340.
  const Moment sent = l.after([](const Event& e) { return e.type == EventType::SegmentSent && e.ref == 3; });
  const TcbView sent_view = tcb_view(l.run(), sent, false);
  const TcbCard& client = card(sent_view, 2);
  REQUIRE(client.timers.size() == 1);
  CHECK(client.timers[0].kind == TimerKind::Retransmit);
  CHECK(client.timers[0].text == "retransmit 0.240 s");
  CHECK(client.send.parts[0].bytes == 18);  // unacked
  // Shown 20 ms later, as the request arrives.
  Moment later = l.moments->at(sent.step, sent.now + ms(20));
  const TcbView later_view = tcb_view(l.run(), later, false);
  CHECK(card(later_view, 2).timers[0].text == "retransmit 0.220 s");

  Loaded g("02-graceful-close.scn");
  // The ACK of the FIN leaves first (Linux tcp_fin()), then TIME-WAIT starts with its timer.
  const Moment tw = g.after(state_change(2, State::TimeWait));
  const TcbView tw_view = tcb_view(g.run(), tw, false);
  const TcbCard& c = card(tw_view, 2);
  bool found = false;
  for (const TimerLine& t : c.timers) {
    if (t.kind == TimerKind::TimeWait) {
      found = true;
      CHECK(t.text == "TIME-WAIT 10.0 s");  // 2*MSL with MSL 5 s
    }
  }
  CHECK(found);
  CHECK(countdown_text(sec(59) + ms(800)) == "59.8 s");
  CHECK(countdown_text(ms(180)) == "0.180 s");
}

// ---- Console ----

TEST_CASE("console: calls and results with errno and strerror, per host", "[panels][console]") {
  Loaded l("06-close-unread-data.scn");
  const std::vector<ConsoleColumn> end = console_view(l.run(), l.at(l.run().steps.events.size()));
  REQUIRE(end.size() == 2);
  CHECK(end[0].host == "client");
  CHECK(end[1].host == "server");
  CHECK(texts(end[0]) == std::vector<std::string>{"connect(server:80) = 0", "send(\"GET / HTTP/1.1\\r\\n\\r\\n\") = 18 (18 bytes queued)",
                                                   "recv() = -1 ECONNRESET (Connection reset by peer)", "close() = 0"});
  CHECK(texts(end[1]) == std::vector<std::string>{"listen(80) = 0", "accept() = fd 4 (server)", "close() = 0"});
  const ConsoleLine& reset = end[0].lines[2];
  CHECK(reset.failed);
  CHECK(reset.time == "0.300");
  CHECK(reset.spans.back().ink == render::Ink::Error);
  CHECK(reset.spans.back().text == "-1 ECONNRESET (Connection reset by peer)");

  // While connect() waits for the SYN+ACK it reads "connect(server:80) …".
  const Moment waiting = l.after(state_change(2, State::SynSent));
  const std::vector<ConsoleColumn> w = console_view(l.run(), waiting);
  REQUIRE(w[0].lines.size() == 1);
  CHECK(w[0].lines[0].pending);
  CHECK(w[0].lines[0].text() == "connect(server:80) \u2026");
}

TEST_CASE("console: EPIPE and SIGPIPE after an RST", "[panels][console]") {
  Loaded l("17-write-after-rst.scn");
  const std::vector<ConsoleColumn> end = console_view(l.run(), l.at(l.run().steps.events.size()));
  const std::vector<std::string> client = texts(end[0]);
  CHECK(std::find(client.begin(), client.end(), "send(\"PUT /b\\r\\n\") = -1 ECONNRESET (Connection reset by peer)") !=
        client.end());
  CHECK(std::find(client.begin(), client.end(), "send(\"PUT /c\\r\\n\") = -1 EPIPE (Broken pipe), SIGPIPE") != client.end());
  CHECK(std::find(client.begin(), client.end(), "SIGPIPE raised: by default it terminates the process") != client.end());
}

// ---- Narration ----

TEST_CASE("narration: title, summary and the note in force", "[panels][narration]") {
  Loaded l("06-close-unread-data.scn");
  const NarrationView start = narration_view(l.session, &l.run(), l.at(0));
  CHECK(start.title == "Close with unread data");
  CHECK(start.summary.rfind("The server accepts a connection but closes it without reading the request. Unread data", 0) == 0);
  CHECK(!start.has_note);
  CHECK(start.errors.empty());

  // At 0.250 the note of 0.220 holds.
  const Moment m = l.moments->at(l.run().steps_until(ms(250)), ms(250));
  const NarrationView v = narration_view(l.session, &l.run(), m);
  REQUIRE(v.has_note);
  CHECK(v.note.rfind("The RST's sequence number is exactly the client's RCV.NXT", 0) == 0);
  CHECK(v.note_time == "0.220");
  CHECK(v.notes_total == 4);

  // The twin tells its own story.
  l.twin = true;
  l.moments = std::make_unique<MomentBuilder>(*l.session.twin());
  const Moment t = l.moments->at(l.run().steps_until(ms(320)), ms(320));
  CHECK(narration_view(l.session, &l.run(), t).note == "recv() returns 0: the peer closed politely (end of file).");
}

TEST_CASE("narration: a file that does not parse shows its errors", "[panels][narration]") {
  Session s;
  CHECK(!s.load_text("title \"x\"\nhost a 10.0.0.1\nat 0ms b connect a:80\n", "broken.scn"));
  const NarrationView v = narration_view(s, nullptr, Moment{});
  CHECK(v.title == "broken.scn");  // no scenario, so no title: the file's name
  REQUIRE(!v.errors.empty());
  CHECK(v.errors[0].rfind("line 3: ", 0) == 0);

  Session missing;
  CHECK(!missing.load_file("/nonexistent/none.scn"));
  const NarrationView n = narration_view(missing, nullptr, Moment{});
  CHECK(n.title == "none.scn");
  CHECK(!n.errors.empty());
}

// ---- Editor ----

TEST_CASE("editor: two errors mapped to their lines and the gutter", "[panels][editor]") {
  const std::string text =
      "title \"two errors\"\n"
      "host client 10.0.0.1\n"
      "host server 10.0.0.2\n"
      "link client server delay 20ms\n"
      "at 0ms sever listen 80\n"
      "at 0ms client connect server:80\n"
      "at 1ms client frobnicate\n";
  Session s;
  CHECK(!s.load_text(text, "two.scn"));
  const std::vector<LineMark> marks = marks_from(s.errors());
  REQUIRE(marks.size() == 2);
  CHECK(marks[0].line == 5);
  CHECK(marks[0].message.find("sever") != std::string::npos);
  CHECK(marks[0].hint == "did you mean 'server'?");
  CHECK(marks[1].line == 7);
  CHECK(mark_text(marks[0]).rfind("line 5: ", 0) == 0);

  const std::vector<GutterLine> g = gutter(text, marks);
  REQUIRE(g.size() == 8);  // seven lines and the empty one after the last newline
  std::vector<uint32_t> error_lines;
  for (const GutterLine& l : g) {
    if (l.error) error_lines.push_back(l.line);
  }
  CHECK(error_lines == std::vector<uint32_t>{5, 7});
  CHECK(g[4].message == marks[0].message);

  // Clicking an error puts the cursor at its line (and column).
  CHECK(offset_of(text, 5) == text.find("at 0ms sever"));
  CHECK(offset_of(text, 5, 8) == text.find("sever"));
  CHECK(line_of(text, text.find("frobnicate")) == 7);
  CHECK(offset_of(text, 99) == text.size());

  // A diagnostic without a line (a missing file) goes on line 1.
  Diagnostic d;
  d.message = "cannot open";
  CHECK(marks_from({d})[0].line == 1);
}

// ---- Library ----

TEST_CASE("library: the 24 scenarios with their titles, sorted", "[panels][library]") {
  const std::vector<LibraryEntry> e = scan_library(TCPSIM_SCENARIO_DIR);
  REQUIRE(e.size() == 24);
  CHECK(e[0].file == "01-handshake.scn");
  CHECK(e[0].title == "Three-way handshake");
  CHECK(e[5].title == "Close with unread data");
  CHECK(e[5].summary.rfind("The server accepts a connection", 0) == 0);
  CHECK(e[18].title == "Lossy transfer: retransmissions");
  for (const LibraryEntry& x : e) {
    CHECK(x.readable);
    CHECK(!x.title.empty());
  }
  CHECK(e[19].title == "Keep-alive race: the request arrives as the server closes (ECONNRESET)");
  CHECK(e[21].title == "Address already in use: restarting a server during TIME-WAIT");
  CHECK(e[22].title == "Accept queue overflow");
  CHECK(e[23].title == "kill -9 of a server during an upload (ECONNRESET, then EPIPE)");
  CHECK(filter_library(e, "").size() == 24);
  CHECK(filter_library(e, "kill -9") == std::vector<size_t>{23});
  CHECK(filter_library(e, "EADDRINUSE") == std::vector<size_t>{21});
  CHECK(filter_library(e, "backlog") == std::vector<size_t>{22});
  CHECK(filter_library(e, "UNREAD close") == std::vector<size_t>{5, 16, 17});
  CHECK(filter_library(e, "firewall").size() >= 2);
  CHECK(filter_library(e, "no such words anywhere").empty());
}

TEST_CASE("library: a broken file is listed as unreadable", "[panels][library]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "tcpsim-library-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(library_file("06-close-unread-data.scn"), dir / "b.scn");
  std::ofstream(dir / "a.scn") << "title \"Broken\"\nhost a 10.0.0.1\nat 0ms a connect nowhere:80\n";
  std::ofstream(dir / "c.txt") << "not a scenario";
  std::ofstream(dir / "d.scn") << std::string("\x00\xff\xfe garbage", 12);
  const std::vector<LibraryEntry> e = scan_library(dir.string());
  REQUIRE(e.size() == 3);
  CHECK(e[0].file == "a.scn");
  CHECK(!e[0].readable);
  CHECK(e[0].error.rfind("line 3: ", 0) == 0);
  CHECK(e[1].title == "Close with unread data");
  CHECK(e[1].readable);
  CHECK(!e[2].readable);
  CHECK(scan_library((dir / "missing").string()).empty());
  fs::remove_all(dir);
}

TEST_CASE("inspector: a forged RST the receiver did not accept, and its challenge ACK", "[panels][inspector]") {
  Loaded l("15-blind-rst-challenge-ack.scn");
  const Run& r = l.run();
  const Moment end = l.at(r.steps.events.size());
  const InspectorView v = inspector_view(r, end, 5, false);  // #6, the injected RST
  CHECK(v.rst);
  CHECK(v.tag == "injected");
  CHECK(row(v.journey, "Sent").detail.rfind("injected by the scenario", 0) == 0);
  REQUIRE(v.has_verdict);
  CHECK(v.verdict == "not accepted: in-window RST (RFC 5961 §3.2)");
  CHECK(v.verdict_rule.label == "rcv in-window RST");
  CHECK(row(v.replies, "Answered by").value == "#7");
  const InspectorView ack = inspector_view(r, end, 6, false);
  CHECK(ack.tag == "challenge ACK");
  CHECK(ack.rule.cite == "RFC 5961 §3.2");
  CHECK(row(ack.replies, "In reply to").value == "#6");
  // Just after the RST arrives the verdict is known; the answer is not sent yet.
  const Moment arrived = l.after([](const Event& e) { return e.type == EventType::SegmentDelivered && e.ref == 5; });
  const InspectorView a = inspector_view(r, arrived, 5, false);
  CHECK(a.has_verdict);
  CHECK(a.verdict.rfind("ignored: ", 0) == 0);  // nothing answered it yet at this moment
  CHECK(a.replies.empty());
}

TEST_CASE("TCB: RCV.NXT has no value before the peer's SYN", "[panels][tcb]") {
  Loaded l("06-close-unread-data.scn");
  const TcbView v =
      tcb_view(l.run(), l.after([](const Event& e) { return e.type == EventType::SegmentSent && e.ref == 0; }), false);
  const TcbCard& client = card(v, 2);
  REQUIRE(client.have_tcb);
  CHECK(field(client, "SND.UNA") == "0");
  CHECK(field(client, "SND.NXT") == "1");
  CHECK(field(client, "RCV.NXT") == "\u2014");
  // The snapshot follows the transition once its ACK is sent.
  const TcbView e =
      tcb_view(l.run(), l.after([](const Event& x) { return x.type == EventType::SegmentSent && x.ref == 2; }), false);
  CHECK(field(card(e, 2), "RCV.NXT") == "1");
  CHECK(field(card(e, 2), "SND.UNA") == "1");
}

// ---- Names ----

TEST_CASE("one name per connection: the ladder, the diagram, the TCB, the console and the inspector agree",
          "[panels][names]") {
  Loaded l("10-half-open-reconnect.scn");
  const Run& r = l.run();
  const Moment end = l.at(r.steps.events.size());
  // The client's two connections and the server's two, numbered per host in the order they were made;
  // the listener by its port.
  CHECK(conn_name(r.trace, 1) == "server :80");
  CHECK(conn_name(r.trace, 2) == "client #1");
  CHECK(conn_name(r.trace, 3) == "server #1");
  CHECK(conn_name(r.trace, 4) == "client #2");
  CHECK(conn_name(r.trace, 5) == "server #2");
  const DiagramView v = diagram_view(r, end);
  const TcbView t = tcb_view(r, end, false);
  for (const DiagramEndpoint& e : v.endpoints) CHECK(e.info.label == conn_name(r.trace, e.info.conn));
  for (const TcbCard& c : t.cards) CHECK(c.ep.label == conn_name(r.trace, c.ep.conn));
  // The console's accept() says which connection its fd is.
  const std::vector<ConsoleColumn> cols = console_view(r, end);
  const std::vector<std::string> server = texts(cols[1]);
  CHECK(std::find(server.begin(), server.end(), "accept() = fd 5 (server #2)") != server.end());
  // The ladder's marks: "server #2: SYN-RECEIVED → ESTABLISHED"; the inspector: "by client #2".
  const LadderIndex index(r);
  bool found = false;
  for (uint32_t i = 0; i < r.trace.events.size(); ++i) {
    const Event& e = r.trace.events[i];
    if (e.type == EventType::StateChanged && e.conn == 5 && static_cast<State>(e.b) == State::Established) {
      CHECK(ladder::mark_text(r.trace, index, i, MarkKind::State) == "server #2: SYN-RECEIVED \u2192 ESTABLISHED");
      found = true;
    }
  }
  CHECK(found);
  for (size_t s = 0; s < r.trace.segments.size(); ++s) {
    if (r.trace.segments[s].conn != 4) continue;
    CHECK(row(inspector_view(r, end, static_cast<int64_t>(s), false).journey, "Sent").detail == "by client #2");
    break;
  }
  // A socket named in the scenario keeps its name; one host's only connection is the host's name.
  Loaded f("11-firewall-reject.scn");
  CHECK(conn_name(f.run().trace, 1) == "server :22");
  std::vector<std::string> names;
  for (const ConnRecord& c : f.run().trace.conns) names.push_back(conn_name(f.run().trace, c.id));
  CHECK(std::find(names.begin(), names.end(), "web") != names.end());
  CHECK(std::find(names.begin(), names.end(), "www") != names.end());
  Loaded g("06-close-unread-data.scn");
  CHECK(conn_name(g.run().trace, 2) == "client");
  CHECK(conn_prefix(g.run().trace, 2) == "");  // the lane says "client" already
  CHECK(conn_prefix(r.trace, 5) == "server #2: ");
}

TEST_CASE("ladder marks: shorter forms drop the name, the state left and the details before the state or errno",
          "[panels][ladder][names]") {
  Loaded l("10-half-open-reconnect.scn");
  const Trace& t = l.run().trace;
  uint32_t state = 0, failed = 0, timer = 0;
  for (uint32_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (e.type == EventType::StateChanged && e.conn == 5 && static_cast<State>(e.b) == State::Established) state = i;
    if (e.type == EventType::TimerFired && e.conn == 4) timer = i;
  }
  Loaded c("12-firewall-drop-timeout.scn");
  const Trace& ct = c.run().trace;
  for (uint32_t i = 0; i < ct.events.size(); ++i) {
    if (ct.events[i].type == EventType::AppReturn && ct.calls[ct.events[i].ref].err == Errno::TimedOut) failed = i;
  }
  REQUIRE(state > 0);
  REQUIRE(failed > 0);
  REQUIRE(timer > 0);
  CHECK(shorter_mark_forms(t, state, MarkKind::State, false, "server #2: SYN-RECEIVED \u2192 ESTABLISHED") ==
        std::vector<std::string>{"SYN-RECEIVED \u2192 ESTABLISHED", "server #2 \u2192 ESTABLISHED", "\u2192 ESTABLISHED",
                                 "ESTABLISHED"});
  CHECK(shorter_mark_forms(ct, failed, MarkKind::CallFailed, false, "") ==
        std::vector<std::string>{"recv() = -1 ETIMEDOUT", "-1 ETIMEDOUT", "ETIMEDOUT"});
  CHECK(shorter_mark_forms(t, timer, MarkKind::Timer, false, "client #2: retransmission timer fired") ==
        std::vector<std::string>{"retransmission timer fired", "retransmit fired"});
  // The first that fits, else the shortest.
  const auto fits = [](size_t n) { return [n](const std::string& s) { return s.size() <= n; }; };
  CHECK(fitting_mark_text(t, state, MarkKind::State, false, "server #2: SYN-RECEIVED \u2192 ESTABLISHED", fits(100)) ==
        "server #2: SYN-RECEIVED \u2192 ESTABLISHED");
  CHECK(fitting_mark_text(t, state, MarkKind::State, false, "server #2: SYN-RECEIVED \u2192 ESTABLISHED", fits(18)) ==
        "\u2192 ESTABLISHED");
  CHECK(fitting_mark_text(t, state, MarkKind::State, false, "server #2: SYN-RECEIVED \u2192 ESTABLISHED", fits(3)) ==
        "ESTABLISHED");
}
