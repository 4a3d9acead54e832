#pragma once
// What the visualizer has loaded: a scenario's text, its parse errors or its two runs (the fault run
// and the graceful twin), each with the indexes the views need. The visualizer never runs TCP
// itself beyond asking sim/ for these traces; every view is drawn from them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ladder/run.hpp"
#include "scenario/ast.hpp"
#include "scenario/diagnostic.hpp"

namespace tcpsim::viz {

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
  const Run* fault() const { return runs_.fault.get(); }
  /// The graceful twin, or null.
  const Run* twin() const { return runs_.twin.get(); }
  /// Where the runs part (identical when there is no twin).
  const Divergence& divergence() const { return runs_.divergence; }
  /// Where the fault run and its twin part, in one sentence (empty without a twin).
  const std::string& headline() const { return runs_.headline; }
  /// Its runs, together (what `tcpsim export --svg` draws).
  const RunPair& runs() const { return runs_; }
  /// Errors met while running (a call on a socket that did not exist yet, ...).
  std::vector<Diagnostic> run_errors() const;

 private:
  bool load(const std::string& text, const std::string& path, std::optional<uint64_t> seed, bool keep_last_good,
            const std::vector<uint32_t>& what_if);
  std::string path_;
  std::string text_;
  std::vector<Diagnostic> errors_;
  std::vector<uint32_t> origin_;  ///< A .pkt script: origin_[scenario line - 1] = its script line (else empty).
  std::optional<Scenario> scenario_;
  RunPair runs_;
  bool stale_ = false;
};

}  // namespace tcpsim::viz
