#pragma once
// The branches of a live class: the scenario as opened ("original") and every what-if forked from it
// or from another what-if. Each branch is a whole Session (its text, with the what-if's line in it, and
// its runs). The branch on screen lives in the app's Session; the others wait here ("parked"), so
// switching is a move, not a re-simulation. Undo removes the newest branch; redo brings it back.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/session.hpp"

namespace tcpsim::viz {

/// One branch.
struct Branch {
  std::string name;            ///< "original", "what-if 1", ...
  int parent = -1;             ///< Index of the branch it was forked from (-1: the original).
  std::string line;            ///< The scenario line the fork added ("at 250ms server crash").
  uint32_t line_no = 0;        ///< Where that line is in the branch's text (1-based).
  Time at = 0;                 ///< The time of that line: where the branch may part from its parent.
  size_t step = 0;             ///< Steps that were on screen when it was made.
  std::string text_line;       ///< The inserted line exactly as it stands in the text (with its comment).
  Divergence from_parent;      ///< Where its fault run parts from its parent's (for the ghost).
  std::string from_parent_headline;  ///< ... in one sentence (diff_headline() with the branches' names).
  Session parked;              ///< Its session while another branch is on screen (empty while it is).
};

/// The outcome of a fork.
struct ForkResult {
  bool ok = false;
  std::string message;         ///< What happened, or why not: "line 14: unknown host 'sever'".
};

/// Every branch, and which is on screen. Each call that changes the branch on screen takes the app's
/// live Session and swaps it with the branch's parked one.
class Branches {
 public:
  /// Starts over: the live session is the one and only branch, "original".
  void start();
  size_t size() const { return list_.size(); }
  size_t current() const { return current_; }
  const Branch& operator[](size_t i) const { return list_.at(i); }
  /// The parent of the branch on screen (its fault run is the ghost), or null on the original.
  const Branch* parent() const;
  /// When the branch on screen first parts from the original: the earliest what-if line on its way
  /// from the original (-1 on the original).
  Time forked_at() const;
  /// The parent's session (parked, since its child is on screen), or null.
  const Session* parent_session() const;

  /// Forks the branch on screen at the playback position (`step` steps of `viewed` shown, simulated
  /// time `now`): inserts "at TIME STATEMENT" at the moment (see fork_time, insert_timed_line),
  /// re-simulates, and makes the new branch the one on screen. Fails (nothing changes) when the line
  /// does not parse or the run ends before that time.
  ForkResult fork(Session& live, const Run& viewed, std::string_view statement, size_t step, Time now);
  /// Forks by adding a whole line after the text's last line (as `tcpsim --also` does).
  ForkResult fork_line(Session& live, std::string_view line);
  /// Puts branch `i` on screen.
  void switch_to(Session& live, size_t i);
  /// Ctrl+Z: removes the newest branch (going to its parent if it is on screen). False: only the original.
  bool undo(Session& live);
  /// Ctrl+Shift+Z: brings back the branch undo removed last. False: nothing to redo.
  bool redo(Session& live);
  /// After the branch on screen was re-simulated from edited text: where it parts from its parent again.
  void resimulated(const Session& live);
  /// The lines of `text` that the forks on the way to the branch on screen inserted (found by their
  /// exact words, so edits elsewhere in the text do not lose them).
  std::vector<uint32_t> what_if_lines(std::string_view text) const;
  bool can_undo() const { return list_.size() > 1; }
  bool can_redo() const { return !redo_.empty(); }

 private:
  /// what_if_lines() of `text`, plus the lines reading exactly `also` (a fork's new line).
  std::vector<uint32_t> lines_with(std::string_view text, const std::string& also) const;
  /// Where the branch on screen (in `live`) parts from its parent.
  void compare_with_parent(const Session& live);
  /// Adds `next` (already simulated) as a child of the branch on screen and shows it.
  ForkResult adopt(Session& live, Session next, Branch b);
  std::vector<Branch> list_;
  size_t current_ = 0;
  std::vector<Branch> redo_;
};

}  // namespace tcpsim::viz
