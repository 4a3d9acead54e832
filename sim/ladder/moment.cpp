#include "ladder/moment.hpp"

#include <algorithm>
#include <climits>

namespace tcpsim::viz {

namespace {
constexpr size_t kMinInterval = 2048;
constexpr size_t kCheckpointBudget = size_t{32} << 20;  // bytes for all checkpoints together
}  // namespace

MomentBuilder::MomentBuilder(const Run& run) : run_(run) {
  const Trace& t = run.trace;
  const size_t conns = t.conns.size();
  const size_t per_checkpoint = conns * (sizeof(State) + 1 + 4 + kTimerKinds * sizeof(Time)) + t.nodes.size() + 64;
  const size_t interval = std::max(kMinInterval, t.events.size() * per_checkpoint / kCheckpointBudget + 1);
  Checkpoint c;
  c.state.assign(conns, State::Closed);
  c.created.assign(conns, 0);
  c.last_change.assign(conns, 0);
  c.timers.assign(conns * kTimerKinds, -1);
  c.host_down.assign(t.nodes.size(), 0);
  checkpoints_.push_back(c);
  for (size_t i = 0; i < t.events.size(); ++i) {
    apply(t.events[i], static_cast<uint32_t>(i), c);
    c.applied = static_cast<uint32_t>(i + 1);
    if ((i + 1) % interval == 0) checkpoints_.push_back(c);
  }
}

void MomentBuilder::apply(const Event& e, uint32_t index, Checkpoint& c) const {
  switch (e.type) {
    case EventType::ConnCreated:
      if (e.conn) {
        c.created[e.conn - 1] = 1;
        // A passive connection is born in LISTEN (it leaves it at once for SYN-RECEIVED).
        c.state[e.conn - 1] = run_.trace.conn(e.conn).passive ? State::Listen : State::Closed;
      }
      break;
    case EventType::StateChanged:
      if (e.conn) {
        c.created[e.conn - 1] = 1;
        c.state[e.conn - 1] = static_cast<State>(e.b);
        c.last_change[e.conn - 1] = index + 1;
      }
      break;
    case EventType::TimerArmed:
      c.timers[(e.conn - 1) * kTimerKinds + e.a] = static_cast<Time>(e.value);
      break;
    case EventType::TimerCancelled:
    case EventType::TimerFired:
      c.timers[(e.conn - 1) * kTimerKinds + e.a] = -1;
      break;
    case EventType::HostCrashed:
      if (e.node < c.host_down.size()) c.host_down[e.node] = 1;
      break;
    case EventType::HostRestarted:
      if (e.node < c.host_down.size()) c.host_down[e.node] = 0;
      break;
    case EventType::Note:
      c.note = e.ref;
      break;
    default:
      break;
  }
}

Moment MomentBuilder::at(size_t step, Time now) const {
  const Trace& t = run_.trace;
  Moment m;
  m.step = std::min(step, run_.steps.events.size());
  m.applied = run_.applied(m.step);
  m.now = now;
  m.last_event = m.step == 0 ? -1 : static_cast<int64_t>(run_.steps.events[m.step - 1]);
  // Start from the last checkpoint at or before `applied` and replay the rest.
  auto cp = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), m.applied,
                             [](uint32_t a, const Checkpoint& c) { return a < c.applied; });
  Checkpoint c = *(cp - 1);
  for (uint32_t i = c.applied; i < m.applied; ++i) apply(t.events[i], i, c);
  m.state = std::move(c.state);
  m.created = std::move(c.created);
  m.last_change = std::move(c.last_change);
  m.host_down = std::move(c.host_down);
  m.note = c.note;
  for (size_t i = 0; i < c.timers.size(); ++i) {
    if (c.timers[i] >= 0) {
      m.timers.push_back({static_cast<uint32_t>(i / kTimerKinds + 1), static_cast<TimerKind>(i % kTimerKinds), c.timers[i]});
    }
  }
  // Segments whose SegmentSent event is applied; sent_event grows with the segment index.
  auto vis = std::lower_bound(run_.sent_event.begin(), run_.sent_event.end(), m.applied);
  m.visible_segments = static_cast<uint32_t>(vis - run_.sent_event.begin());
  for (size_t i = m.visible_segments; i-- > 0;) {
    const SegmentRecord& s = t.segments[i];
    const SegmentFate f = t.fate(i);
    if (s.sent_at + run_.max_flight < now && f.outcome != Outcome::InFlight) break;
    if (f.end_event != kNoEvent && f.end_event < m.applied) continue;  // already arrived or died
    double progress = 0.5;
    if (f.outcome != Outcome::InFlight) {
      const Time span = f.end_at - s.sent_at;
      progress = span <= 0 ? 1.0 : static_cast<double>(now - s.sent_at) / static_cast<double>(span);
    }
    m.flights.push_back({static_cast<uint32_t>(i), std::clamp(progress, 0.0, 1.0)});
  }
  std::reverse(m.flights.begin(), m.flights.end());
  return m;
}

}  // namespace tcpsim::viz
