#pragma once
// Predict mode: the class guesses before it sees. Playback stops before each step that is asked
// about (a segment sent, an arrival nobody answers, a state change, a call's result); the instructor
// gives the class's answer; the step is then shown with the verdict and the rule that decided it, and
// a tally is kept across runs. PredictState holds all of it as plain data (no ImGui); the app feeds
// it the run on screen and the playback position each frame and gives Playback the stop it returns.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/playback.hpp"
#include "model/predict_questions.hpp"

namespace tcpsim::viz {

/// A question with the class's answer.
struct Answered {
  Question question;
  size_t said = 0;  ///< The choice the class gave.
  /// The class was right.
  bool right() const { return said == question.right; }
  /// "Right: the server sends RST+ACK" or "The class said FIN+ACK; the server sends RST+ACK".
  std::string verdict() const;
};

/// One line of the tally, kept when runs are replaced.
struct TallyEntry {
  std::string prompt;  ///< "What does the server send now?"
  Time t = 0;          ///< When, in the run it was asked in.
  std::string said;    ///< The class's answer.
  std::string truth;   ///< The true one.
  bool right = false;  ///< They agree.
};

/// Predict mode's state: on or off, what is asked, the answers per run and step, the tally, and the
/// question pending at the stop.
class PredictState {
 public:
  /// No stop: playback may go anywhere.
  static constexpr size_t kNoStop = SIZE_MAX;

  bool on() const { return on_; }
  const PredictAsk& ask() const { return ask_; }
  /// Turns predict mode on (asking `run`'s questions from step `from` on) or off (the tally stays).
  void set_on(bool on, const Run* run, size_t from);
  /// Changes what is asked; the new kinds are asked from step `from` on.
  void set_ask(const PredictAsk& ask, const Run* run, size_t from);
  /// Once per frame with the run on screen and the playback's step: a run not seen before (re-simulated,
  /// a what-if fork, the twin) is asked from `cursor` on — or, when a question was pending, from that
  /// question's moment — and the stop and its question are brought up to date.
  void follow(const Run* run, size_t cursor);
  /// The step count playback may not pass: the first unanswered question's step (kNoStop: none).
  size_t stop() const { return on_ ? stop_ : kNoStop; }
  /// The question at the stop, or null.
  const Question* question() const { return on_ && question_ ? &*question_ : nullptr; }
  /// Gives the class's answer (choice `choice`, 0-based) to the question at the stop and moves the stop
  /// to the next question of `run`. False when there is no question or no such choice.
  bool answer(const Run& run, size_t choice);
  /// The answered question shown last at playback step `cursor` (its verdict stays up until the next
  /// question), or null.
  const Answered* verdict(size_t cursor) const;
  /// Questions answered right since the start (across runs).
  size_t right() const { return right_; }
  /// Questions answered at all since the start (across runs).
  size_t asked() const { return tally_.size(); }
  /// Every answer in order.
  const std::vector<TallyEntry>& tally() const { return tally_; }
  /// "Predictions: 7 of 9 right".
  std::string score() const;
  /// Forgets the answers and the tally (a new class).
  void clear();

 private:
  /// What the class answered in one run.
  struct RunAnswers {
    uint64_t serial = 0;
    size_t from = 0;                     // questions before this step are not asked
    std::map<size_t, Answered> answers;  // by step
  };
  RunAnswers* current();
  const RunAnswers* current() const;
  void index(const Run& run);
  void place_stop(const Run& run, size_t from_step);

  bool on_ = false;
  PredictAsk ask_;
  std::vector<RunAnswers> runs_;
  uint64_t serial_ = 0;              // the run followed
  PredictAsk indexed_ask_;           // what steps_ was built for
  std::vector<size_t> steps_;        // that run's question steps, in order
  size_t stop_ = kNoStop;
  Time stop_time_ = 0;               // simulated time of the stop's step
  bool at_stop_ = false;             // the cursor stood at the stop at the last follow()
  std::optional<Question> question_;
  std::vector<TallyEntry> tally_;
  size_t right_ = 0;
};

/// Once per frame, before any key moves the playback: follows the run on screen and gives playback
/// the stop it may not pass.
void predict_sync(PredictState& predict, Playback& playback, const Run* run);
/// The question the class is looking at: playback is held at its step. Null when there is none.
const Question* predict_pending(const PredictState& predict, const Playback& playback);
/// Gives the class's answer to the pending question, then shows its step: at once when stepping or
/// playing event by event; continuous play flows on into it. False when nothing is pending or there
/// is no such choice.
bool predict_answer(PredictState& predict, Playback& playback, const Run* run, size_t choice);

}  // namespace tcpsim::viz
