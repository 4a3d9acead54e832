#pragma once
// Predict mode's questions: at a step of a run, what the class is asked before it sees the step
// ("What does the server send now?", "Which state is the client in now?", "What does recv()
// return?"), the choices — the truth among the misconceptions that matter — and the rule that decided
// it, all read from the trace. Plain C++: no ImGui.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/inspector_view.hpp"
#include "model/session.hpp"

namespace tcpsim::viz {

/// What predict mode asks about (any combination).
struct PredictAsk {
  bool segments = true;  ///< What a host sends, and what it sends back to an arrival nobody answers ("nothing").
  bool states = false;   ///< Which state a connection enters.
  bool calls = true;     ///< What a call returns (recv, send and connect always; other calls when they fail).
  bool numbers = false;  ///< Segment choices carry seq/ack values, the wrong ones the classic off-by-ones.
  bool operator==(const PredictAsk&) const = default;
  /// At least one kind of step is asked.
  bool any() const { return segments || states || calls; }
  /// "segments, states, calls (with numbers)".
  std::string describe() const;
};

/// Which kind of step a question stands before.
enum class QuestionKind : uint8_t {
  Send,     ///< A segment is about to be sent: which one?
  Arrival,  ///< A segment is about to arrive and nothing will answer it: what does the receiver send back?
  State,    ///< A connection is about to change state: to which?
  Call,     ///< A call is about to return: with what?
};

/// One question, complete: what the panel shows before and after the answer.
struct Question {
  size_t step = 0;                   ///< Index in run.steps.events: asked before this step is shown.
  QuestionKind kind = QuestionKind::Send;
  std::string context;               ///< What just happened: "The server calls close()."
  std::string prompt;                ///< "What does the server send now?"
  std::vector<std::string> choices;  ///< In a stable order that follows the kinds, not the answer.
  size_t right = 0;                  ///< Index of the true choice.
  std::string answer;                ///< The truth in a sentence's words: "the server sends RST+ACK".
  std::string said_prefix;           ///< "the server sends" (the verdict puts the class's choice after it).
  std::string fact;                  ///< The whole of it: "RST+ACK seq=1 ack=19 win=65517".
  bool has_rule = false;             ///< A protocol rule decided it.
  RuleText rule;                     ///< That rule, with its RFC citation (the texts the inspector shows).
  Time t = 0;                        ///< Simulated time of the step.
};

/// Whether step `step` of `run` is asked about under `ask`.
bool is_question_step(const Run& run, size_t step, const PredictAsk& ask);
/// The question asked before step `step` of `run`, or nothing when that step is not asked about.
std::optional<Question> question_at(const Run& run, size_t step, const PredictAsk& ask);

}  // namespace tcpsim::viz
