// The visualizer's model core: story time, steps, playback and moments. No GL.
#include <catch2/catch.hpp>

#include <string>

#include "ladder/moment.hpp"
#include "model/playback.hpp"
#include "model/session.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

const char* kUnread = R"(title "Close with unread data"
host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms    server listen 80
at 0ms    client connect server:80
at 100ms  client send "GET / HTTP/1.1\r\n\r\n"
at 150ms  server accept
at 190ms  server recv     twin
at 200ms  server close
note "RST instead of FIN."
at 300ms  client recv
)";

Session load(const std::string& text) {
  Session s;
  REQUIRE(s.load_text(text, "test.scn"));
  return s;
}

/// Everything a Moment shows, as comparable values.
struct Seen {
  size_t step;
  uint32_t applied;
  Time now;
  std::vector<State> state;
  std::vector<uint8_t> created;
  std::vector<uint32_t> last_change;
  std::vector<std::tuple<uint32_t, int, Time>> timers;
  uint32_t visible;
  std::vector<std::pair<uint32_t, double>> flights;
  int64_t note;
  bool operator==(const Seen&) const = default;
};

Seen seen(const Moment& m) {
  Seen s{m.step, m.applied, m.now, m.state, m.created, m.last_change, {}, m.visible_segments, {}, m.note};
  for (const Moment::Armed& a : m.timers) s.timers.emplace_back(a.conn, static_cast<int>(a.kind), a.deadline);
  for (const Moment::Flight& f : m.flights) s.flights.emplace_back(f.segment, f.progress);
  return s;
}

}  // namespace

TEST_CASE("story clock: a link delay takes 0.6 story seconds, short pauses keep their length, idle stretches are compressed") {
  const Session s = load(std::string(kUnread) + "at 60s client close\n");
  const StoryClock& c = s.fault()->clock;
  CHECK(c.scale() == Approx(0.6 / 0.020));
  // The SYN leaves at 0 and arrives at 20 ms: 0.6 story seconds later.
  CHECK(c.story(ms(20)) - c.story(0) == Approx(0.6));
  // Monotone and invertible.
  for (Time t = 0; t <= ms(400); t += ms(7)) {
    CHECK(c.story(t + ms(1)) >= c.story(t));
    CHECK(c.sim(c.story(t)) == Approx(t).margin(1000));
  }
  // A pause of a few round trips keeps its proportions: the 80 ms between the RST's arrival (220 ms)
  // and the client's recv (300 ms) is 2.4 story seconds, not folded into a gap.
  CHECK(c.story(ms(300)) - c.story(ms(220)) == Approx(0.6 * 4));
  for (const StoryClock::Gap& gap : c.gaps()) CHECK(gap.from >= ms(300));
  // The quiet minute before the final close is one compressed gap, not 1800 story seconds.
  REQUIRE_FALSE(c.gaps().empty());
  const StoryClock::Gap& g = c.gaps().back();
  CHECK(g.to == sec(60));
  CHECK(c.story(g.to) - c.story(g.from) == Approx(StoryClock::kGapStory));
  CHECK(c.end() < 40.0);
}

TEST_CASE("steps: timer bookkeeping and connection creation are not steps; everything else is") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  size_t expected = 0;
  for (const Event& e : r.trace.events) expected += Steps::is_step(e) ? 1 : 0;
  CHECK(r.steps.events.size() == expected);
  for (uint32_t i : r.steps.events) {
    const EventType t = r.trace.events[i].type;
    CHECK(t != EventType::TimerArmed);
    CHECK(t != EventType::TimerCancelled);
    CHECK(t != EventType::ConnCreated);
  }
}

TEST_CASE("playback: every step is reachable forward, and stepping back shows exactly what stepping forward showed") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  Playback p(&r);
  std::vector<Seen> forward;
  forward.push_back(seen(mb.at(p.step(), p.now())));
  while (p.step() < p.steps()) {
    const size_t before = p.step();
    p.next_event();
    CHECK(p.step() == before + 1);
    forward.push_back(seen(mb.at(p.step(), p.now())));
  }
  CHECK(forward.size() == r.steps.events.size() + 1);
  CHECK(forward.back().applied == r.trace.events.size());
  for (size_t k = forward.size() - 1; k-- > 0;) {
    p.prev_event();
    CHECK(p.step() == k);
    CHECK(seen(mb.at(p.step(), p.now())) == forward[k]);
  }
  // Every trace event is applied by some step, in order.
  for (size_t k = 1; k < forward.size(); ++k) CHECK(forward[k].applied > forward[k - 1].applied);
}

TEST_CASE("playback: seeking to a step gives the same moment as walking there") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  Playback walk(&r);
  for (size_t n = 0; n <= r.steps.events.size(); ++n) {
    Playback jump(&r);
    jump.seek_step(n);
    CHECK(seen(mb.at(jump.step(), jump.now())) == seen(mb.at(walk.step(), walk.now())));
    walk.next_event();
  }
}

TEST_CASE("playback: continuous play advances story time by wall time x speed and stops at the end") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  Playback p(&r);
  p.set_speed(2.0);
  p.play();
  p.tick(0.25);
  CHECK(p.story() == Approx(0.5));
  CHECK(p.now() == r.clock.sim(0.5));
  CHECK(p.step() == r.steps_until(p.now()));
  p.set_speed(100);  // clamped
  CHECK(p.speed() == Playback::kMaxSpeed);
  for (int i = 0; i < 1000 && p.playing(); ++i) p.tick(0.1);
  CHECK_FALSE(p.playing());
  CHECK(p.at_end());
  CHECK(p.step() == p.steps());
}

TEST_CASE("playback: event-by-event mode applies one step per interval") {
  const Session s = load(kUnread);
  Playback p(s.fault());
  p.set_mode(PlayMode::EventByEvent);
  p.play();
  p.tick(Playback::kStepInterval * 0.99);
  CHECK(p.step() == 0);
  p.tick(Playback::kStepInterval * 0.02);
  CHECK(p.step() == 1);
  p.tick(Playback::kStepInterval * 3);
  CHECK(p.step() == 4);
}

TEST_CASE("playback: next and previous segment jump between segment sends") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  Playback p(&r);
  p.next_segment();
  REQUIRE(p.step() > 0);
  CHECK(r.trace.events[r.steps.events[p.step() - 1]].type == EventType::SegmentSent);
  CHECK(r.trace.events[r.steps.events[p.step() - 1]].ref == 0);  // the SYN
  p.next_segment();
  CHECK(r.trace.events[r.steps.events[p.step() - 1]].ref == 1);  // the SYN+ACK
  p.prev_segment();
  CHECK(r.trace.events[r.steps.events[p.step() - 1]].ref == 0);
  p.restart();
  CHECK(p.step() == 0);
  CHECK_FALSE(p.playing());
}

TEST_CASE("moment: states, timers, flights and the note at chosen times") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  Playback p(&r);
  // Halfway through the SYN's flight.
  p.seek_time(ms(10));
  Moment m = mb.at(p.step(), p.now());
  REQUIRE(m.flights.size() == 1);
  CHECK(m.flights[0].segment == 0);
  CHECK(m.flights[0].progress == Approx(0.5).margin(0.01));
  CHECK(m.visible_segments == 1);
  const uint32_t client = 2;  // conn 1 is the listener
  CHECK(m.state[client - 1] == State::SynSent);
  bool retransmit_armed = false;
  for (const Moment::Armed& a : m.timers) retransmit_armed |= a.conn == client && a.kind == TimerKind::Retransmit;
  CHECK(retransmit_armed);
  // After the RST has arrived at the client.
  p.seek_time(ms(250));
  m = mb.at(p.step(), p.now());
  CHECK(m.state[client - 1] == State::Closed);
  CHECK(m.last_change[client - 1] > 0);
  CHECK(r.trace.events[m.last_change[client - 1] - 1].rule == Rule::RcvRst);
  REQUIRE(m.note >= 0);
  CHECK(r.trace.notes[static_cast<size_t>(m.note)].text == "RST instead of FIN.");
  CHECK(m.flights.empty());
  const std::optional<TcbSnapshot> tcb = r.tcb(3, m.applied);  // the server's connection
  REQUIRE(tcb);
  CHECK(tcb->state == State::Closed);
}

TEST_CASE("moment: checkpoints give the same answer as replaying from the start") {
  // A long run crosses many checkpoints.
  const Session s = load(R"(host client
host server
link client server delay 5ms loss 2%
seed 5
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 10ms client send 2MB
at 10ms server recv all
at 10ms client shutdown
)");
  const Run& r = *s.fault();
  REQUIRE(r.trace.events.size() > 3 * 2048);  // several checkpoints (one every 2048 events)
  const MomentBuilder mb(r);
  Playback p(&r);
  for (size_t n : {size_t{0}, size_t{1}, r.steps.events.size() / 3, r.steps.events.size() / 2, r.steps.events.size()}) {
    p.seek_step(n);
    const Moment m = mb.at(p.step(), p.now());
    // Replay by hand: the last transition of each connection up to `applied`.
    std::vector<State> state(r.trace.conns.size(), State::Closed);
    for (uint32_t i = 0; i < m.applied; ++i) {
      const Event& e = r.trace.events[i];
      if (e.type == EventType::ConnCreated) state[e.conn - 1] = r.trace.conn(e.conn).passive ? State::Listen : State::Closed;
      if (e.type == EventType::StateChanged) state[e.conn - 1] = static_cast<State>(e.b);
    }
    CHECK(m.state == state);
  }
}

TEST_CASE("session: a missing or malformed file gives errors, never runs, never throws") {
  Session s;
  CHECK_FALSE(s.load_file("/nonexistent/nowhere.scn"));
  REQUIRE(s.errors().size() == 1);
  CHECK(s.errors()[0].message.find("cannot open") != std::string::npos);
  CHECK(s.fault() == nullptr);
  CHECK_FALSE(s.load_text("host a\nat 0ms a conect b:80\n", "bad.scn"));
  REQUIRE_FALSE(s.errors().empty());
  CHECK(s.errors()[0].line == 2);
  CHECK(s.text() == "host a\nat 0ms a conect b:80\n");
}

TEST_CASE("session: a fault scenario has both runs and their divergence") {
  const Session s = load(kUnread);
  REQUIRE(s.twin());
  const Divergence& d = s.divergence();
  CHECK_FALSE(d.identical);
  REQUIRE(d.fault_segment >= 0);
  CHECK(s.fault()->trace.segments[static_cast<size_t>(d.fault_segment)].seg.flags == (kRst | kAck));
  CHECK(s.twin()->trace.segments[static_cast<size_t>(d.twin_segment)].seg.flags == (kFin | kAck));
}

// ---- Stops (predict mode): a step playback may not pass ----

namespace {

/// The step (0-based, as in run.steps) of the first event of this type whose segment has these flags.
size_t segment_event_step(const Run& r, EventType type, uint8_t flags) {
  for (size_t s = 0; s < r.steps.events.size(); ++s) {
    const Event& e = r.trace.events[r.steps.events[s]];
    if (e.type == type && r.trace.segments[e.ref].seg.flags == flags) return s;
  }
  FAIL("no such step");
  return 0;
}

}  // namespace

TEST_CASE("playback stop: no move passes it, and what is shown there stops just before its step") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  const MomentBuilder mb(r);
  const size_t rst = segment_event_step(r, EventType::SegmentSent, kRst | kAck);
  const Time rst_at = r.trace.events[r.steps.events[rst]].t;
  Playback p(&r);
  p.set_stop(rst);
  CHECK(p.stop() == rst);
  for (int k = 0; k < 100; ++k) p.next_event();
  CHECK(p.step() == rst);
  CHECK(p.held());
  const Moment m = mb.at(p.step(), p.now());
  CHECK(m.visible_segments == r.trace.events[r.steps.events[rst]].ref);  // the RST is not drawn yet
  p.restart();
  p.next_segment();
  p.next_segment();
  CHECK(p.step() <= rst);
  for (int k = 0; k < 10; ++k) p.next_segment();
  CHECK(p.step() == rst);
  p.restart();
  p.seek_step(p.steps());  // End
  CHECK(p.step() == rst);
  p.seek_story(r.clock.end());  // the scrubber
  CHECK(p.step() == rst);
  CHECK(p.now() == rst_at);
  p.seek_time(r.trace.end_time);
  CHECK(p.step() == rst);
  CHECK(p.story() == Approx(r.clock.story(rst_at)));
  // Lifted: everything is reachable again.
  p.set_stop(Playback::kNoStop);
  CHECK_FALSE(p.held());
  p.next_event();
  CHECK(p.step() == rst + 1);
  CHECK(mb.at(p.step(), p.now()).visible_segments == r.trace.events[r.steps.events[rst]].ref + 1);
}

TEST_CASE("playback stop: continuous play glides up to the stop's moment, is held there, and flows on once lifted") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  // The RST's arrival at 220 ms: the steps before it happened at 200 ms, so time still flows after
  // the last of them until the arrival's moment.
  const size_t arrival = segment_event_step(r, EventType::SegmentDelivered, kRst | kAck);
  const Time at = r.trace.events[r.steps.events[arrival]].t;
  REQUIRE(r.trace.events[r.steps.events[arrival - 1]].t < at);
  Playback p(&r);
  p.set_stop(arrival);
  p.play();
  bool glided = false;
  for (int k = 0; k < 10000 && !p.held(); ++k) {
    p.tick(0.01);
    if (p.step() == arrival && !p.held()) glided = true;
    REQUIRE(p.step() <= arrival);
  }
  CHECK(glided);
  CHECK(p.held());
  CHECK(p.playing());  // still playing: it goes on by itself once the stop is lifted
  CHECK(p.now() == at);
  p.tick(5.0);
  CHECK(p.step() == arrival);
  CHECK(p.now() == at);
  p.set_stop(Playback::kNoStop);
  p.tick(0.01);
  CHECK(p.step() > arrival);
}

TEST_CASE("playback stop: event by event waits at the stop and takes the next step a full interval after it is lifted") {
  const Session s = load(kUnread);
  Playback p(s.fault());
  p.set_mode(PlayMode::EventByEvent);
  p.set_stop(2);
  p.play();
  p.tick(Playback::kStepInterval * 10);
  CHECK(p.step() == 2);
  CHECK(p.held());
  p.set_stop(Playback::kNoStop);
  p.tick(Playback::kStepInterval * 0.99);
  CHECK(p.step() == 2);
  p.tick(Playback::kStepInterval * 0.02);
  CHECK(p.step() == 3);
}

TEST_CASE("playback stop: a position beyond a new stop is pulled back to it; reset and a stop past the end clear it") {
  const Session s = load(kUnread);
  const Run& r = *s.fault();
  Playback p(&r);
  p.seek_step(p.steps());
  p.set_stop(5);
  CHECK(p.step() == 5);
  CHECK(p.now() == r.time_of_step(5));
  p.set_stop(p.steps());  // no step there to stop before
  CHECK(p.stop() == Playback::kNoStop);
  p.set_stop(3);
  p.reset(&r);
  CHECK(p.stop() == Playback::kNoStop);
  CHECK_FALSE(p.held());
  Playback empty;
  empty.set_stop(0);
  CHECK(empty.stop() == Playback::kNoStop);
}
