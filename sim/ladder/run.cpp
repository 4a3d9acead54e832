#include "ladder/run.hpp"

#include <algorithm>
#include <atomic>
#include <climits>

#include "render/lanes.hpp"
#include "scenario/runner.hpp"

namespace tcpsim::viz {

bool Steps::is_step(const Event& e) {
  switch (e.type) {
    case EventType::TimerArmed:
    case EventType::TimerCancelled:
    case EventType::ConnCreated:
    case EventType::SegmentForwarded:
    case EventType::SegmentIgnored:  // Shown with the arrival it judges (SegmentDelivered).
      return false;
    default:
      return true;
  }
}

Run::Run(Trace t) : trace(std::move(t)), rel(relative_numbers(trace)), clock(trace) {
  static std::atomic<uint64_t> next_serial{1};
  serial = next_serial++;
  lanes = render::lane_order(trace);
  for (size_t i = 0; i < trace.events.size(); ++i) {
    if (Steps::is_step(trace.events[i])) steps.events.push_back(static_cast<uint32_t>(i));
  }
  sent_event.assign(trace.segments.size(), 0);
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (e.type == EventType::SegmentSent) sent_event[e.ref] = static_cast<uint32_t>(i);
  }
  for (size_t i = 0; i < trace.segments.size(); ++i) {
    const SegmentRecord& s = trace.segments[i];
    const SegmentFate f = trace.fate(i);
    if (f.outcome != Outcome::InFlight) max_flight = std::max(max_flight, f.end_at - s.sent_at);
    if (s.seg.flags & kRst) rst_story.push_back(clock.story(s.sent_at));
  }
}

uint32_t Run::applied(size_t step) const {
  const size_t n = steps.events.size();
  if (step >= n) return static_cast<uint32_t>(trace.events.size());
  return steps.events[step];  // Everything before the next step's event.
}

Time Run::time_of_step(size_t step) const {
  if (step == 0 || steps.events.empty()) return 0;
  return trace.events[steps.events[std::min(step, steps.events.size()) - 1]].t;
}

size_t Run::steps_until(Time t) const {
  auto it = std::upper_bound(steps.events.begin(), steps.events.end(), t,
                             [&](Time v, uint32_t e) { return v < trace.events[e].t; });
  return static_cast<size_t>(it - steps.events.begin());
}

std::optional<TcbSnapshot> Run::tcb(uint32_t conn, uint32_t applied_events) const {
  return trace.tcbs.at(conn, applied_events);
}

std::string Run::numbers(size_t i, bool absolute) const {
  const Segment& s = trace.segments[i].seg;
  std::string out = "seq=" + std::to_string(absolute ? s.seq.v : rel.seq[i]);
  if (s.flags & kAck) out += " ack=" + std::to_string(absolute ? s.ack.v : rel.ack[i]);
  return out;
}

RunPair run_pair(const Scenario& scenario, std::optional<uint64_t> seed) {
  RunPair runs;
  runs.fault = std::make_unique<Run>(run_scenario(scenario, RunKind::Fault, seed));
  if (scenario.has_twin()) {
    runs.twin = std::make_unique<Run>(run_scenario(scenario, RunKind::Twin, seed));
    runs.divergence = find_divergence(runs.fault->trace, runs.twin->trace);
    runs.headline = diff_headline(runs.fault->trace, runs.twin->trace);
  }
  return runs;
}

}  // namespace tcpsim::viz
