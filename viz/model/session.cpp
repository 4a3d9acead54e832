#include "model/session.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <fstream>
#include <sstream>

#include "render/lanes.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"

namespace tcpsim::viz {

bool Steps::is_step(const Event& e) {
  switch (e.type) {
    case EventType::TimerArmed:
    case EventType::TimerCancelled:
    case EventType::ConnCreated:
    case EventType::SegmentForwarded:
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
  end_event.assign(trace.segments.size(), UINT32_MAX);
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (e.type == EventType::SegmentSent) sent_event[e.ref] = static_cast<uint32_t>(i);
    if (e.type == EventType::SegmentDelivered || e.type == EventType::SegmentDropped) {
      end_event[e.ref] = static_cast<uint32_t>(i);
    }
  }
  for (const SegmentRecord& s : trace.segments) {
    if (s.outcome != Outcome::InFlight) max_flight = std::max(max_flight, s.end_at - s.sent_at);
    if (s.seg.flags & kRst) rst_story.push_back(clock.story(s.sent_at));
  }
  tcbs.resize(trace.conns.size());
  for (size_t i = 0; i < trace.tcbs.size(); ++i) tcbs[trace.tcbs[i].conn - 1].push_back(static_cast<uint32_t>(i));
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

const TcbSnapshot* Run::tcb(uint32_t conn, uint32_t applied_events) const {
  if (conn == 0 || conn > tcbs.size()) return nullptr;
  const std::vector<uint32_t>& v = tcbs[conn - 1];
  // The latest snapshot taken once at most `applied_events` events had been recorded.
  auto it = std::upper_bound(v.begin(), v.end(), applied_events,
                             [&](uint32_t a, uint32_t idx) { return a < trace.tcbs[idx].event; });
  if (it == v.begin()) return nullptr;
  return &trace.tcbs[*(it - 1)];
}

std::string Run::numbers(size_t i, bool absolute) const {
  const Segment& s = trace.segments[i].seg;
  std::string out = "seq=" + std::to_string(absolute ? s.seq.v : rel.seq[i]);
  if (s.flags & kAck) out += " ack=" + std::to_string(absolute ? s.ack.v : rel.ack[i]);
  return out;
}

bool Session::load_file(const std::string& path, std::optional<uint64_t> seed) {
  path_ = path;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    // Let the parser produce the usual "cannot open" diagnostic.
    text_.clear();
    ParseResult r = parse_scenario_file(path);
    errors_ = r.errors;
    stale_ = false;
    scenario_.reset();
    fault_.reset();
    twin_.reset();
    divergence_ = {};
    return false;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  return load_text(ss.str(), path, seed);
}

bool Session::load_text(const std::string& text, const std::string& path, const std::vector<uint32_t>& what_if,
                        bool keep_last_good) {
  return load(text, path, std::nullopt, keep_last_good, what_if);
}

bool Session::load_text(const std::string& text, const std::string& path, std::optional<uint64_t> seed,
                        bool keep_last_good) {
  return load(text, path, seed, keep_last_good, {});
}

bool Session::load(const std::string& text, const std::string& path, std::optional<uint64_t> seed, bool keep_last_good,
                   const std::vector<uint32_t>& what_if) {
  path_ = path;
  text_ = text;
  ParseResult r = parse_scenario(text, path);
  if (r.scenario) {
    r.scenario->what_if_lines = what_if;
    std::sort(r.scenario->what_if_lines.begin(), r.scenario->what_if_lines.end());
  }
  errors_ = r.errors;
  if (!r.scenario && keep_last_good && fault_) {
    stale_ = true;  // The last good scenario and runs stay.
    return false;
  }
  stale_ = false;
  scenario_ = std::move(r.scenario);
  fault_.reset();
  twin_.reset();
  divergence_ = {};
  if (!scenario_) return false;
  fault_ = std::make_unique<Run>(run_scenario(*scenario_, RunKind::Fault, seed));
  if (scenario_->has_twin()) {
    twin_ = std::make_unique<Run>(run_scenario(*scenario_, RunKind::Twin, seed));
    divergence_ = find_divergence(fault_->trace, twin_->trace);
  }
  return true;
}

std::vector<Diagnostic> Session::run_errors() const {
  std::vector<Diagnostic> out;
  for (const Run* r : {fault_.get(), twin_.get()}) {
    if (!r) continue;
    for (const RunError& e : r->trace.errors) {
      Diagnostic d;
      d.file = path_;
      d.line = e.line;
      d.message = e.message;
      if (scenario_ && e.line >= 1 && e.line <= scenario_->lines.size()) d.source_line = scenario_->lines[e.line - 1];
      out.push_back(d);
    }
  }
  return out;
}

}  // namespace tcpsim::viz
