#pragma once
// A recorded run opened beside the run on screen (issue 13): a `tcpsim kernel-check --json` recording
// (the real Linux TCP), or any trace JSON of the same scenario. It is read and checked here, and
// compared with the run on screen by sim/trace/run_compare: the very comparison `tcpsim kernel-check`
// prints, so the visualizer and the command never disagree on where the runs part. The ladder panel
// draws the two runs side by side, each titled by its source, stepping together by simulated time.
#include <memory>
#include <optional>
#include <string>

#include "ladder/run.hpp"
#include "trace/run_compare.hpp"

namespace tcpsim::viz {

/// Reads a trace JSON (`tcpsim kernel-check --json`, `tcpsim trace --json`). On failure returns
/// nothing and sets `error` to one line: "run.json:3:14: error: not a tcpsim trace: ...".
std::optional<Trace> read_trace_text(const std::string& text, const std::string& path, std::string* error);
/// The same, from a file ("cannot open" when it cannot be read).
std::optional<Trace> read_trace_file(const std::string& path, std::string* error);

/// `tcpsim-viz RUN.json`: the scenario the recording `path` was made of (its "file", as a FILE argument
/// is resolved: a path, or a library name in `library_dir`), or "" with `error` set.
std::string scenario_of_recording(const std::string& path, const std::string& library_dir, std::string* error);

/// Checks before a window opens that `trace_path` can be drawn beside `scenario_path`'s run: "" when
/// it can, else the message (not a trace, another scenario, a scenario with errors).
std::string check_beside(const std::string& scenario_path, const std::string& trace_path);

/// A run's title: its source ("linux 6.18.44"), or "tcpsim" for tcpsim's own model.
std::string run_source_title(const Trace& t);

/// Why `beside` (read from `path`) is not a run of the scenario `sim` ran, or "" when it is: the same
/// title and the same hosts at the same addresses.
std::string scenario_mismatch(const Trace& beside, const Trace& sim, const std::string& path);

/// The run beside compared with the run on screen.
struct BesideVerdict {
  bool comparable = false;          ///< False when the run on screen is of another scenario (headline says why).
  kernel::Comparison comparison;    ///< What `tcpsim kernel-check` would print (sim/trace/run_compare).
  std::string headline;             ///< "agrees: ..." or "first difference at 250.3 ms (segments): ...".
  std::optional<Time> mark;         ///< When the first difference is: both ladders are marked there.
  std::string mark_label;           ///< The mark's words on each ladder: "first difference (segments)".
};

/// Compares `beside` (titled `beside_title`) with `sim` over the recording's length (its end time).
BesideVerdict compare_beside(const Trace& beside, const Trace& sim);

/// A run opened beside the one on screen.
class Beside {
 public:
  /// Opens the trace in `path` beside `sim`. False, with error() saying why, when it is not a trace or
  /// not a run of the same scenario; the run opened before (if any) stays.
  bool open(const std::string& path, const Run& sim);
  /// The same with the file's text already read (the web page, tests).
  bool open_text(const std::string& text, const std::string& path, const Run& sim);
  /// Compares again when the run on screen is another one (the twin, a what-if, an edit).
  void compare_with(const Run& sim);
  /// Nothing beside any more.
  void close();

  bool on() const { return run_ != nullptr; }
  const Run* run() const { return run_.get(); }
  const std::string& path() const { return path_; }
  /// The recording's title: its source ("linux 6.18.44").
  const std::string& title() const { return title_; }
  /// The title of the run on screen ("tcpsim").
  const std::string& sim_title() const { return sim_title_; }
  /// Why the last open() failed ("" after one that worked).
  const std::string& error() const { return error_; }
  const BesideVerdict& verdict() const { return verdict_; }
  /// Run::serial of the run on screen the verdict is for.
  uint64_t compared() const { return compared_; }

 private:
  std::unique_ptr<Run> run_;
  std::string path_, title_, sim_title_, error_;
  BesideVerdict verdict_;
  uint64_t compared_ = 0;
};

}  // namespace tcpsim::viz
