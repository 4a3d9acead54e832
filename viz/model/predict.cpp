#include "model/predict.hpp"

#include <algorithm>

namespace tcpsim::viz {

std::string Answered::verdict() const {
  if (right()) return "Right: " + question.answer;
  return "The class said " + question.choices[said] + "; " + question.answer;
}

std::string PredictState::score() const {
  return "Predictions: " + std::to_string(right_) + " of " + std::to_string(tally_.size()) + " right";
}

PredictState::RunAnswers* PredictState::current() {
  for (RunAnswers& r : runs_) {
    if (r.serial == serial_) return &r;
  }
  return nullptr;
}

const PredictState::RunAnswers* PredictState::current() const {
  return const_cast<PredictState*>(this)->current();
}

void PredictState::set_on(bool on, const Run* run, size_t from) {
  on_ = on;
  question_.reset();
  stop_ = kNoStop;
  at_stop_ = false;
  serial_ = 0;
  if (!on || !run) return;
  follow(run, from);
  current()->from = from;
  place_stop(*run, from);
}

void PredictState::set_ask(const PredictAsk& ask, const Run* run, size_t from) {
  ask_ = ask;
  question_.reset();
  if (!on_ || !run) return;
  follow(run, from);
  current()->from = from;
  place_stop(*run, from);
}

void PredictState::follow(const Run* run, size_t cursor) {
  if (!on_ || !run) {
    stop_ = kNoStop;
    question_.reset();
    at_stop_ = false;
    return;
  }
  if (run->serial != serial_) {
    // A run not followed before (or again): its questions are asked from the current moment on. When
    // the class was looking at a question, the new run asks from that moment, so the question (or its
    // counterpart in the new run) is still asked rather than skipped.
    const size_t from = at_stop_ && serial_ != 0 ? run->steps_until(stop_time_ - 1) : cursor;
    serial_ = run->serial;
    if (!current()) runs_.push_back({serial_, 0, {}});
    current()->from = from;
    question_.reset();
    index(*run);
  }
  if (!(indexed_ask_ == ask_)) index(*run);
  place_stop(*run, cursor);
}

void PredictState::index(const Run& run) {
  steps_.clear();
  indexed_ask_ = ask_;
  if (!ask_.any()) return;
  for (size_t s = 0; s < run.steps.events.size(); ++s) {
    if (is_question_step(run, s, ask_)) steps_.push_back(s);
  }
}

void PredictState::place_stop(const Run& run, size_t cursor) {
  const RunAnswers* rec = current();
  size_t stop = kNoStop;
  for (auto it = std::lower_bound(steps_.begin(), steps_.end(), rec->from); it != steps_.end(); ++it) {
    if (!rec->answers.count(*it)) {
      stop = *it;
      break;
    }
  }
  if (stop != stop_ || !question_ || question_->step != stop) {
    stop_ = stop;
    question_.reset();
    if (stop != kNoStop) question_ = question_at(run, stop, ask_);
    if (question_) stop_time_ = question_->t;
  }
  at_stop_ = stop_ != kNoStop && cursor == stop_;
}

bool PredictState::answer(const Run& run, size_t choice) {
  if (!on_ || !question_ || run.serial != serial_ || choice >= question_->choices.size()) return false;
  Answered a{*question_, choice};
  tally_.push_back({a.question.prompt, a.question.t, a.question.choices[choice], a.question.choices[a.question.right],
                    a.right()});
  if (a.right()) ++right_;
  current()->answers.emplace(stop_, std::move(a));
  place_stop(run, stop_);
  at_stop_ = false;
  return true;
}

const Answered* PredictState::verdict(size_t cursor) const {
  const RunAnswers* rec = on_ ? current() : nullptr;
  if (!rec) return nullptr;
  auto it = rec->answers.lower_bound(cursor);  // answers at steps already shown: step < cursor
  if (it == rec->answers.begin()) return nullptr;
  return &std::prev(it)->second;
}

void PredictState::clear() {
  runs_.clear();
  tally_.clear();
  right_ = 0;
  serial_ = 0;
  stop_ = kNoStop;
  at_stop_ = false;
  question_.reset();
}

void predict_sync(PredictState& predict, Playback& playback, const Run* run) {
  predict.follow(run, playback.step());
  playback.set_stop(predict.stop());
}

const Question* predict_pending(const PredictState& predict, const Playback& playback) {
  const Question* q = predict.question();
  return q && playback.held() && playback.step() == q->step ? q : nullptr;
}

bool predict_answer(PredictState& predict, Playback& playback, const Run* run, size_t choice) {
  if (!run || !predict_pending(predict, playback) || !predict.answer(*run, choice)) return false;
  playback.set_stop(predict.stop());
  if (!(playback.playing() && playback.mode() == PlayMode::Continuous)) playback.next_event();
  return true;
}

}  // namespace tcpsim::viz
