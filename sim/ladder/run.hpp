#pragma once
// One run of a scenario with the indexes every view of it needs (steps, story clock, relative numbers,
// lanes, each segment's events), and a scenario's two runs together:
// the fault run, its graceful twin and where they part. Built from traces only; nothing here runs TCP.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ladder/story.hpp"
#include "render/diff_text.hpp"
#include "scenario/ast.hpp"
#include "trace/trace.hpp"

namespace tcpsim::viz {

/// The events a viewer steps through, as indices into trace.events: segments sent, delivered and
/// dropped, state changes, application calls and results, notes, discarded bytes, fired timers,
/// crashes and restarts, links going down or up, flows forgotten. (Timers being armed or cancelled,
/// connections being created and segments passing a middlebox are applied with the step before.)
struct Steps {
  std::vector<uint32_t> events;
  /// Whether a trace event is one a viewer steps to.
  static bool is_step(const Event& e);
};

/// One run with everything precomputed for drawing it.
struct Run {
  Trace trace;
  RelativeNumbers rel;
  StoryClock clock;
  Steps steps;
  std::vector<NodeId> lanes;               ///< Nodes left to right.
  std::vector<uint32_t> sent_event;        ///< Per segment: index of its SegmentSent event.
  Time max_flight = 0;                     ///< Longest time any segment spent on the way.
  std::vector<double> rst_story;           ///< Story times at which RSTs are sent, in order (scrubber marks).
  uint64_t serial = 0;                     ///< Unique to this Run in the process (caches of derived data key on it).

  /// Builds the indexes of a trace.
  explicit Run(Trace t);
  /// Number of trace events applied at step `step` (0 = only what precedes the first step).
  uint32_t applied(size_t step) const;
  /// Simulated time shown at step `step`.
  Time time_of_step(size_t step) const;
  /// Number of steps whose event happened at or before `t`.
  size_t steps_until(Time t) const;
  /// The connection's TCB snapshot in force once `applied` events have happened, if any (rebuilt
  /// from the trace's differences: see TcbLog::as_of()).
  std::optional<TcbSnapshot> tcb(uint32_t conn, uint32_t applied) const;
  /// Segment's relative (or absolute) numbers as shown: "seq=1 ack=19".
  std::string numbers(size_t segment, bool absolute) const;
};

/// A scenario's runs: the fault run (the only one of a scenario without a twin), its graceful twin, and
/// where the two part.
struct RunPair {
  std::unique_ptr<Run> fault;  ///< Null when nothing was run.
  std::unique_ptr<Run> twin;   ///< Null when the scenario has no graceful twin.
  Divergence divergence;       ///< Identical when there is no twin.
  std::string headline;        ///< Where they part in one sentence (diff_headline()); empty without a twin.
};

/// Runs a parsed scenario: its fault run and, when it has lines marked twin or fault, its graceful
/// twin, with the seed given (else the scenario's own).
RunPair run_pair(const Scenario& scenario, std::optional<uint64_t> seed);

}  // namespace tcpsim::viz
