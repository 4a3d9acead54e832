// Predict mode's model: the questions asked on library scenarios (prompt, choices, the right one, the
// rule), where playback stops in every mode, scoring, the tally, and runs replaced mid-quiz. No GL.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "model/library.hpp"
#include "ladder/moment.hpp"
#include "model/predict.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;
using Strings = std::vector<std::string>;

namespace {

Session load(const std::string& file) {
  Session s;
  REQUIRE(s.load_file(std::string(TCPSIM_SCENARIO_DIR) + "/" + file));
  return s;
}

/// The step that sends the run's `nth` segment with these flags (0-based among them).
size_t send_step(const Run& r, uint8_t flags, int nth = 0) {
  for (size_t s = 0; s < r.steps.events.size(); ++s) {
    const Event& e = r.trace.events[r.steps.events[s]];
    if (e.type == EventType::SegmentSent && r.trace.segments[e.ref].seg.flags == flags && nth-- == 0) return s;
  }
  FAIL("no such segment");
  return 0;
}

/// The step of an event of this type on this node (the `nth`).
size_t event_step(const Run& r, EventType type, const std::string& node, int nth = 0) {
  for (size_t s = 0; s < r.steps.events.size(); ++s) {
    const Event& e = r.trace.events[r.steps.events[s]];
    if (e.type == type && e.node == r.trace.node_by_name(node) && nth-- == 0) return s;
  }
  FAIL("no such event");
  return 0;
}

Question ask_at(const Run& r, size_t step, PredictAsk ask = {}) {
  std::optional<Question> q = question_at(r, step, ask);
  REQUIRE(q);
  CHECK(q->step == step);
  return *q;
}

std::string right(const Question& q) { return q.choices.at(q.right); }

PredictAsk only(bool segments, bool states, bool calls, bool numbers = false) {
  PredictAsk a;
  a.segments = segments;
  a.states = states;
  a.calls = calls;
  a.numbers = numbers;
  return a;
}

}  // namespace

TEST_CASE("predict 06: before the server's RST+ACK the class chooses between FIN+ACK and RST+ACK; RFC 1122 decides") {
  const Session s = load("06-close-unread-data.scn");
  const Run& r = *s.fault();
  const size_t step = send_step(r, kRst | kAck);
  CHECK(step == 27);
  const Question q = ask_at(r, step);
  CHECK(q.kind == QuestionKind::Send);
  CHECK(q.context == "The server calls close().");
  CHECK(q.prompt == "What does the server send now?");
  CHECK(q.choices == Strings{"ACK", "FIN+ACK", "RST", "RST+ACK"});
  CHECK(right(q) == "RST+ACK");
  CHECK(q.answer == "the server sends RST+ACK");
  CHECK(q.fact == "RST+ACK seq=1 ack=19 win=65517");
  REQUIRE(q.has_rule);
  CHECK(q.rule.label == "close() with unread data");
  CHECK(q.rule.cite == "RFC 1122 §4.2.2.13; Linux tcp_close()");
  CHECK(q.rule.text == rule_info(Rule::RstCloseUnread).text);
}

TEST_CASE("predict 06: the RST's arrival is answered by nothing (a real answer), and recv() by ECONNRESET, not EOF") {
  const Session s = load("06-close-unread-data.scn");
  const Run& r = *s.fault();
  const Question arrival = ask_at(r, event_step(r, EventType::SegmentDelivered, "client", 2));
  CHECK(arrival.kind == QuestionKind::Arrival);
  CHECK(arrival.context == "The server's RST+ACK seq=1 ack=19 reaches the client.");
  CHECK(arrival.prompt == "What does the client send back?");
  CHECK(arrival.choices == Strings{"ACK", "RST", "challenge ACK", "nothing"});
  CHECK(right(arrival) == "nothing");
  CHECK(arrival.rule.cite == "RFC 9293 §3.10.7.4");  // rcv RST: the connection is reset, nothing sent

  const Question recv = ask_at(r, event_step(r, EventType::AppReturn, "client", 2));
  CHECK(recv.kind == QuestionKind::Call);
  CHECK(recv.context == "The client calls recv().");
  CHECK(recv.prompt == "What does the client's recv() return?");
  CHECK(recv.choices == Strings{"data", "0 (EOF)", "-1 ECONNRESET"});
  CHECK(right(recv) == "-1 ECONNRESET");
  CHECK(recv.fact == "recv() = -1 ECONNRESET (Connection reset by peer)");
  CHECK(recv.rule.label == "rcv RST");
}

TEST_CASE("predict 06 twin: FIN+ACK with RST+ACK as the decoy, and a recv() that returns EOF offers ECONNRESET") {
  const Session s = load("06-close-unread-data.scn");
  const Run& t = *s.twin();
  const Question fin = ask_at(t, send_step(t, kFin | kAck));
  CHECK(fin.choices == Strings{"ACK", "FIN+ACK", "RST+ACK", "nothing"});
  CHECK(right(fin) == "FIN+ACK");
  CHECK(fin.rule.cite == "RFC 9293 §3.10.4");
  // The twin's client reads at 300 ms: EOF, with ECONNRESET offered beside it.
  const Question recv = ask_at(t, event_step(t, EventType::AppReturn, "client", 2));
  CHECK(recv.choices == Strings{"data", "0 (EOF)", "-1 ECONNRESET"});
  CHECK(right(recv) == "0 (EOF)");
  CHECK(recv.rule.label == "rcv FIN");
}

TEST_CASE("predict 15: the challenge ACK, with RST offered where it is due; then RFC 793's silent reset") {
  const Session s = load("15-blind-rst-challenge-ack.scn");
  const Run& r = *s.fault();
  // The server's answer to the forged in-window RST (the first one the attacker injects).
  size_t step = 0;
  for (size_t k = 0; k < r.steps.events.size(); ++k) {
    const Event& e = r.trace.events[r.steps.events[k]];
    if (e.type == EventType::SegmentSent && r.trace.segments[e.ref].rule == Rule::ChallengeAckRst) step = k;
  }
  const Question q = ask_at(r, step);
  CHECK(q.context == "The attacker's RST seq=1006 has arrived at the server.");
  CHECK(q.prompt == "What does the server send back?");
  CHECK(q.choices == Strings{"RST", "RST+ACK", "challenge ACK", "nothing"});
  CHECK(right(q) == "challenge ACK");
  CHECK(q.rule.cite == "RFC 5961 §3.2");
  CHECK(q.fact == "ACK seq=1 ack=6 win=65530  (challenge ACK)");
  // The second forged RST, with RFC 5961 off: it kills the connection and nothing answers it.
  const Question second = ask_at(r, event_step(r, EventType::SegmentDelivered, "server", 4));
  CHECK(second.context == "The attacker's RST seq=1006 reaches the server.");
  CHECK(right(second) == "nothing");
  CHECK(second.rule.label == "rcv RST, RFC 5961 off");
  CHECK(second.rule.cite == "RFC 793 §3.9");
}

TEST_CASE("predict 17: ECONNRESET once, then EPIPE, then EOF from recv()") {
  const Session s = load("17-write-after-rst.scn");
  const Run& r = *s.fault();
  const Strings send_choices{"the bytes (queued)", "-1 ECONNRESET", "-1 EPIPE"};
  const Question first = ask_at(r, event_step(r, EventType::AppReturn, "client", 2));
  CHECK(first.prompt == "What does the client's send() return?");
  CHECK(first.choices == send_choices);
  CHECK(right(first) == "-1 ECONNRESET");
  const Question second = ask_at(r, event_step(r, EventType::AppReturn, "client", 3));
  CHECK(second.choices == send_choices);
  CHECK(right(second) == "-1 EPIPE");
  CHECK(second.fact == "send(\"PUT /c\\r\\n\") = -1 EPIPE (Broken pipe), SIGPIPE");
  const Question recv = ask_at(r, event_step(r, EventType::AppReturn, "client", 5));
  CHECK(recv.choices == Strings{"data", "0 (EOF)", "-1 ECONNRESET"});
  CHECK(right(recv) == "0 (EOF)");
}

TEST_CASE("predict: state changes — CLOSED, not FIN-WAIT-1, after close() with unread data; not TIME-WAIT after an RST") {
  const Session s = load("06-close-unread-data.scn");
  const Run& r = *s.fault();
  const PredictAsk states = only(false, true, false);
  const Question server = ask_at(r, event_step(r, EventType::StateChanged, "server", 3), states);
  CHECK(server.kind == QuestionKind::State);
  CHECK(server.context == "The server calls close(). It is in ESTABLISHED.");
  CHECK(server.prompt == "Which state is the server in now?");
  CHECK(server.choices == Strings{"CLOSED", "ESTABLISHED", "FIN-WAIT-1", "TIME-WAIT"});
  CHECK(right(server) == "CLOSED");
  CHECK(server.rule.label == "close() with unread data");
  const Question client = ask_at(r, event_step(r, EventType::StateChanged, "client", 2), states);
  CHECK(client.context == "The server's RST+ACK seq=1 ack=19 has arrived. It is in ESTABLISHED.");
  CHECK(client.choices == Strings{"CLOSED", "ESTABLISHED", "CLOSE-WAIT", "TIME-WAIT"});
  CHECK(right(client) == "CLOSED");
  CHECK(client.fact == "ESTABLISHED \u2192 CLOSED");
}

TEST_CASE("predict with numbers: the off-by-ones — ack one past RCV.NXT, a reset's SEQ of 0, a FIN that is not counted") {
  const PredictAsk numbers = only(true, false, false, true);
  const Session unread = load("06-close-unread-data.scn");
  const Run& r = *unread.fault();
  const Question rst = ask_at(r, send_step(r, kRst | kAck), numbers);
  CHECK(rst.choices == Strings{"FIN+ACK seq=1 ack=19", "RST seq=1", "RST+ACK seq=0 ack=19", "RST+ACK seq=1 ack=19",
                               "RST+ACK seq=1 ack=20"});
  CHECK(right(rst) == "RST+ACK seq=1 ack=19");
  CHECK(rst.answer == "the server sends RST+ACK seq=1 ack=19");

  const Session graceful = load("02-graceful-close.scn");
  const Run& g = *graceful.fault();
  // The server acknowledges the client's FIN: ack = its seq + 1, because the FIN takes a number.
  size_t ack_of_fin = 0;
  for (size_t k = 0; k < g.steps.events.size(); ++k) {
    const Event& e = g.trace.events[g.steps.events[k]];
    const SegmentRecord& sr = g.trace.segments[e.ref];
    if (e.type == EventType::SegmentSent && sr.reply_to && (g.trace.segments[sr.reply_to - 1].seg.flags & kFin)) {
      ack_of_fin = k;
      break;
    }
  }
  const Question ack = ask_at(g, ack_of_fin, numbers);
  CHECK(ack.choices == Strings{"ACK seq=25 ack=19", "ACK seq=25 ack=20", "FIN+ACK seq=25 ack=20", "RST+ACK seq=25 ack=20"});
  CHECK(right(ack) == "ACK seq=25 ack=20");
}

TEST_CASE("predict: what is asked follows the selection — segments, state changes, call results, any combination") {
  const Session s = load("06-close-unread-data.scn");
  const Run& r = *s.fault();
  auto types = [&](const PredictAsk& ask) {
    std::set<EventType> seen;
    for (size_t k = 0; k < r.steps.events.size(); ++k) {
      if (is_question_step(r, k, ask)) seen.insert(r.trace.events[r.steps.events[k]].type);
    }
    return seen;
  };
  CHECK(types(only(true, false, false)) == std::set<EventType>{EventType::SegmentSent, EventType::SegmentDelivered});
  CHECK(types(only(false, true, false)) == std::set<EventType>{EventType::StateChanged});
  CHECK(types(only(false, false, true)) == std::set<EventType>{EventType::AppReturn});
  CHECK(types(only(false, true, true)) == std::set<EventType>{EventType::StateChanged, EventType::AppReturn});
  CHECK(types(only(false, false, false)).empty());
  // Calls asked: connect, send, recv (listen, accept and close succeed and are not asked).
  size_t calls = 0;
  for (size_t k = 0; k < r.steps.events.size(); ++k) calls += is_question_step(r, k, only(false, false, true));
  CHECK(calls == 3);
}

TEST_CASE("predict: on every library scenario, every question is well formed and the truth is not always first") {
  size_t first = 0, later = 0, nothing_right = 0, nothing_wrong = 0;
  for (const LibraryEntry& e : scan_library(TCPSIM_SCENARIO_DIR)) {
    Session s;
    REQUIRE(s.load_file(e.path));
    for (const Run* r : {s.fault(), s.twin()}) {
      if (!r) continue;
      for (bool numbers : {false, true}) {
        const PredictAsk ask = only(true, true, true, numbers);
        for (size_t k = 0; k < r->steps.events.size(); ++k) {
          std::optional<Question> q = question_at(*r, k, ask);
          if (!q) continue;
          INFO(e.file << " step " << k << ": " << q->prompt);
          REQUIRE(q->choices.size() >= 2);
          REQUIRE(q->right < q->choices.size());
          CHECK(std::set<std::string>(q->choices.begin(), q->choices.end()).size() == q->choices.size());
          CHECK_FALSE(q->prompt.empty());
          CHECK(q->answer.find(right(*q)) != std::string::npos);
          (q->right == 0 ? first : later)++;
          for (size_t c = 0; c < q->choices.size(); ++c) {
            if (q->choices[c] == "nothing") (c == q->right ? nothing_right : nothing_wrong)++;
          }
        }
      }
    }
  }
  CHECK(later > first);
  CHECK(nothing_right > 5);  // "nothing" is a real answer, not a decoy that is never right
  CHECK(nothing_wrong > 5);
}

// ---- PredictState with Playback: where it stops, answers, the tally ----

namespace {

/// How the instructor moves through the run.
enum class Move { Play, PlayEventByEvent, Step, StepSegment, End, Scrub };

void move(Playback& pb, Move how) {
  switch (how) {
    case Move::Play:
    case Move::PlayEventByEvent: pb.tick(0.05); break;
    case Move::Step: pb.next_event(); break;
    case Move::StepSegment: pb.next_segment(); break;
    case Move::End: pb.seek_step(pb.steps()); break;
    case Move::Scrub: pb.seek_story(pb.story() + 0.37); break;
  }
}

std::vector<size_t> question_steps(const Run& r, const PredictAsk& ask) {
  std::vector<size_t> v;
  for (size_t k = 0; k < r.steps.events.size(); ++k) {
    if (is_question_step(r, k, ask)) v.push_back(k);
  }
  return v;
}

/// Runs the app's loop until the end of the run, answering each question with `choose(question)`;
/// returns the steps asked at.
template <class Choose>
std::vector<size_t> quiz(const Run& r, PredictState& p, Playback& pb, Move how, Choose choose) {
  if (how == Move::Play || how == Move::PlayEventByEvent) {
    pb.set_mode(how == Move::Play ? PlayMode::Continuous : PlayMode::EventByEvent);
    pb.play();
  }
  const MomentBuilder moments(r);
  std::vector<size_t> asked;
  for (int guard = 0; guard < 100000 && !pb.at_end(); ++guard) {
    predict_sync(p, pb, &r);
    if (const Question* q = predict_pending(p, pb)) {
      const size_t at = q->step;  // (answering replaces the question *q)
      asked.push_back(at);
      // Held just before the step: everything before it shown, nothing of it.
      CHECK(pb.step() == at);
      CHECK(moments.at(pb.step(), pb.now()).applied == r.steps.events[at]);
      if (how == Move::Play) CHECK(pb.now() == q->t);  // time flowed up to its moment and stopped there
      REQUIRE(predict_answer(p, pb, &r, choose(*q)));
      if (how != Move::Play) CHECK(pb.step() == at + 1);  // then the step is shown at once
      continue;
    }
    move(pb, how);
  }
  return asked;
}

size_t truth(const Question& q) { return q.right; }

/// Predict mode on from the start of 06's fault run, with playback at its beginning.
struct Quiz06 {
  Session s = load("06-close-unread-data.scn");
  const Run& r = *s.fault();
  PredictState p;
  Playback pb{&r};
  Quiz06() { p.set_on(true, &r, 0); }
};

/// Steps forward with →, answering every question right, until the question at step `at` is pending.
void answer_up_to(const Run& r, PredictState& p, Playback& pb, size_t at) {
  for (int guard = 0; guard < 1000; ++guard) {
    predict_sync(p, pb, &r);
    const Question* q = predict_pending(p, pb);
    if (q && q->step == at) return;
    if (q) {
      REQUIRE(predict_answer(p, pb, &r, q->right));
    } else {
      pb.next_event();
    }
  }
  FAIL("no question at step " << at);
}

}  // namespace

TEST_CASE("predict: playback stops before every question in every mode, and goes on once it is answered") {
  const Session s = load("06-close-unread-data.scn");
  const Run& r = *s.fault();
  const PredictAsk ask = only(true, true, true);
  const std::vector<size_t> expected = question_steps(r, ask);
  REQUIRE(expected.size() == 17);  // 7 segments, 7 state changes, 3 calls
  for (Move how : {Move::Play, Move::PlayEventByEvent, Move::Step, Move::StepSegment, Move::End, Move::Scrub}) {
    INFO("mode " << static_cast<int>(how));
    PredictState p;
    p.set_ask(ask, nullptr, 0);
    p.set_on(true, &r, 0);
    Playback pb(&r);
    CHECK(quiz(r, p, pb, how, truth) == expected);
    CHECK(pb.at_end());
    CHECK(p.asked() == expected.size());
    CHECK(p.right() == expected.size());
  }
}

TEST_CASE_METHOD(Quiz06, "predict: scoring, the verdict's words and the tally with the missed question") {
  // The class says FIN+ACK where the server resets; everything else right.
  const size_t rst = send_step(r, kRst | kAck);
  quiz(r, p, pb, Move::Step, [&](const Question& q) -> size_t {
    if (q.step != rst) return q.right;
    const auto fin = std::find(q.choices.begin(), q.choices.end(), "FIN+ACK");
    return static_cast<size_t>(fin - q.choices.begin());
  });
  // Segments and calls by default: 7 segment questions (SYN, SYN+ACK, ACK, data, ACK, RST+ACK, the
  // RST's arrival) and 3 calls (connect, send, recv).
  CHECK(p.asked() == 10);
  CHECK(p.right() == 9);
  CHECK(p.score() == "Predictions: 9 of 10 right");
  const auto missed = std::find_if(p.tally().begin(), p.tally().end(), [](const TallyEntry& e) { return !e.right; });
  REQUIRE(missed != p.tally().end());
  CHECK(missed->prompt == "What does the server send now?");
  CHECK(missed->said == "FIN+ACK");
  CHECK(missed->truth == "RST+ACK");
  CHECK(missed->t == ms(200));
  // The verdict shown once the RST is drawn, and the one after a right answer.
  const Answered* wrong = p.verdict(rst + 1);
  REQUIRE(wrong);
  CHECK(wrong->verdict() == "The class said FIN+ACK; the server sends RST+ACK");
  CHECK(wrong->question.rule.cite == "RFC 1122 §4.2.2.13; Linux tcp_close()");
  const Answered* next = p.verdict(rst + 4);
  REQUIRE(next);
  CHECK(next->verdict() == "Right: the client sends back nothing");
  // Before the first question is shown there is no verdict.
  CHECK(p.verdict(0) == nullptr);
}

TEST_CASE_METHOD(Quiz06, "predict: stepping back and forward over an answered question shows its verdict and does not ask again") {
  const size_t rst = send_step(r, kRst | kAck);
  answer_up_to(r, p, pb, rst);
  CHECK_FALSE(predict_answer(p, pb, &r, 9));  // no such choice: still pending
  pb.next_event();                             // → is held at the question
  CHECK(pb.step() == rst);
  pb.seek_step(pb.steps());                    // so is End
  CHECK(pb.step() == rst);
  REQUIRE(predict_answer(p, pb, &r, 3));
  CHECK(pb.step() == rst + 1);
  const size_t asked = p.asked();
  // Back before it, then forward over it: no question, the verdict again.
  for (int k = 0; k < 6; ++k) pb.prev_event();
  for (int k = 0; k < 6; ++k) {
    predict_sync(p, pb, &r);
    CHECK(predict_pending(p, pb) == nullptr);
    pb.next_event();
  }
  CHECK(pb.step() == rst + 1);
  CHECK(p.asked() == asked);
  REQUIRE(p.verdict(pb.step()));
  CHECK(p.verdict(pb.step())->verdict() == "Right: the server sends RST+ACK");
}

TEST_CASE("predict: a run replaced mid-quiz keeps the tally and asks its questions from that moment on") {
  const std::string file = std::string(TCPSIM_SCENARIO_DIR) + "/06-close-unread-data.scn";
  Session s;
  REQUIRE(s.load_file(file));
  PredictState p;
  p.set_on(true, s.fault(), 0);
  Playback pb(s.fault());
  const size_t rst = send_step(*s.fault(), kRst | kAck);
  answer_up_to(*s.fault(), p, pb, rst);
  const size_t answered = p.asked();
  CHECK(answered == 7);
  const uint64_t old_serial = s.fault()->serial;

  SECTION("re-simulated while a question is pending: the new run asks the same question") {
    const Time keep = pb.now();
    REQUIRE(s.load_text(s.text(), file));  // the editor's Ctrl+Enter: a new Run
    REQUIRE(s.fault()->serial != old_serial);
    pb.reset(s.fault());
    pb.seek_time(keep);                    // as AppState::resimulate() keeps the place
    CHECK(pb.step() > rst);                // (past the question, without predict mode)
    predict_sync(p, pb, s.fault());
    const Question* q = predict_pending(p, pb);
    REQUIRE(q);
    CHECK(q->step == rst);
    CHECK(q->prompt == "What does the server send now?");
    CHECK(p.asked() == answered);
  }

  SECTION("re-simulated later: the tally stays, earlier questions of the new run are not asked") {
    REQUIRE(predict_answer(p, pb, s.fault(), 3));
    // On past the RST's arrival (asked and answered), short of the client's recv().
    const size_t arrival = event_step(*s.fault(), EventType::SegmentDelivered, "client", 2);
    answer_up_to(*s.fault(), p, pb, arrival);
    REQUIRE(predict_answer(p, pb, s.fault(), 3));
    pb.next_event();
    const Time keep = pb.now();
    REQUIRE(s.load_text(s.text(), file));
    pb.reset(s.fault());
    pb.seek_time(keep);
    predict_sync(p, pb, s.fault());
    CHECK(p.asked() == answered + 2);
    CHECK(p.right() == answered + 2);
    // From the start of the new run, nothing is asked before the moment it replaced the old one.
    pb.restart();
    const std::vector<size_t> asked = quiz(*s.fault(), p, pb, Move::Step, truth);
    CHECK(asked == std::vector<size_t>{event_step(*s.fault(), EventType::AppReturn, "client", 2)});  // the recv()
    CHECK(p.score() == "Predictions: 10 of 10 right");
  }

  SECTION("turned off: no stop, the tally stays; on again: asked from there") {
    p.set_on(false, s.fault(), pb.step());
    predict_sync(p, pb, s.fault());
    CHECK(pb.stop() == Playback::kNoStop);
    pb.seek_step(pb.steps());
    CHECK(pb.step() == pb.steps());
    CHECK(p.asked() == answered);
    p.set_on(true, s.fault(), pb.step());
    predict_sync(p, pb, s.fault());
    CHECK(predict_pending(p, pb) == nullptr);
  }
}

TEST_CASE("predict 24: after kill -9 the class predicts the kernel's RST+ACK; a killed call is not asked") {
  const Session s = load("24-kill-during-upload.scn");
  const Run& r = *s.fault();
  const Question q = ask_at(r, send_step(r, kRst | kAck));
  CHECK(q.kind == QuestionKind::Send);
  CHECK(q.context == "The server's program is killed (kill -9): the kernel closes its sockets.");
  CHECK(q.prompt == "What does the server send now?");
  CHECK(right(q) == "RST+ACK");
  CHECK(q.rule.label == "close() with unread data");
  // The client's send(1 MB), woken by the reset, returns what it had queued.
  const Question send = ask_at(r, event_step(r, EventType::AppReturn, "client", 1));
  CHECK(send.kind == QuestionKind::Call);
  CHECK(send.fact.find("218672") != std::string::npos);

  // A recv() blocked when its program is killed returns nothing: no question before its end.
  Session k;
  REQUIRE(k.load_text("host a\nhost b\nlink a b delay 10ms\nat 0ms b listen 80\nat 0ms a connect b:80\n"
                      "at 20ms b accept\nat 30ms b recv\nat 100ms b kill\n",
                      "k.scn"));
  const Run& kr = *k.fault();
  const size_t end = event_step(kr, EventType::AppReturn, "b", 2);
  REQUIRE(kr.trace.calls[kr.trace.events[kr.steps.events[end]].ref].killed);
  CHECK_FALSE(is_question_step(kr, end, PredictAsk{}));
}
