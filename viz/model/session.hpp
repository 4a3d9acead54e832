#pragma once
// What the visualizer has loaded: a scenario's text, its parse errors or its two runs (the fault run
// and the graceful twin), each with the indexes the views need. The visualizer never runs TCP
// itself beyond asking sim/ for these traces; every view is drawn from them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/story.hpp"
#include "render/diff_text.hpp"
#include "scenario/ast.hpp"
#include "scenario/diagnostic.hpp"
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
  std::vector<uint32_t> end_event;         ///< Per segment: its delivered/dropped event (UINT32_MAX: none).
  std::vector<std::vector<uint32_t>> tcbs; ///< Per connection (id-1): its snapshots (indices into trace.tcbs).
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
  /// The connection's TCB snapshot in force once `applied` events have happened, or null.
  const TcbSnapshot* tcb(uint32_t conn, uint32_t applied) const;
  /// Segment's relative (or absolute) numbers as shown: "seq=1 ack=19".
  std::string numbers(size_t segment, bool absolute) const;
};

/// A loaded scenario: its text, and either its parse errors or its runs.
class Session {
 public:
  /// Reads and runs a file. On a missing or malformed file the session holds the errors (and the
  /// text, if any), never throws. Returns true when it parsed.
  bool load_file(const std::string& path, std::optional<uint64_t> seed = std::nullopt);
  /// Parses and runs text as if read from `path` (the editor's Ctrl+Enter). With `keep_last_good`, text
  /// that does not parse keeps the runs of the last text that did (stale() says so), so a typo in
  /// front of a class never blanks the screen.
  bool load_text(const std::string& text, const std::string& path, std::optional<uint64_t> seed = std::nullopt,
                 bool keep_last_good = false);
  /// The same for a what-if branch: `what_if` are the lines forks inserted (Scenario::what_if_lines).
  bool load_text(const std::string& text, const std::string& path, const std::vector<uint32_t>& what_if,
                 bool keep_last_good = false);
  /// The runs shown are those of an earlier text: the current text has errors().
  bool stale() const { return stale_; }

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  const std::vector<Diagnostic>& errors() const { return errors_; }
  const std::optional<Scenario>& scenario() const { return scenario_; }
  /// The fault run (the only run of a scenario without a twin); null when the file did not parse.
  const Run* fault() const { return fault_.get(); }
  /// The graceful twin, or null.
  const Run* twin() const { return twin_.get(); }
  /// Where the runs part (identical when there is no twin).
  const Divergence& divergence() const { return divergence_; }
  /// Errors met while running (a call on a socket that did not exist yet, ...).
  std::vector<Diagnostic> run_errors() const;

 private:
  bool load(const std::string& text, const std::string& path, std::optional<uint64_t> seed, bool keep_last_good,
            const std::vector<uint32_t>& what_if);
  std::string path_;
  std::string text_;
  std::vector<Diagnostic> errors_;
  std::optional<Scenario> scenario_;
  std::unique_ptr<Run> fault_;
  std::unique_ptr<Run> twin_;
  Divergence divergence_;
  bool stale_ = false;
};

}  // namespace tcpsim::viz
