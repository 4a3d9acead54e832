#include "model/playback.hpp"

#include <algorithm>

namespace tcpsim::viz {

void Playback::reset(const Run* run) {
  run_ = run;
  step_ = 0;
  story_ = 0;
  now_ = 0;
  playing_ = false;
  pause_left_ = 0;
  stop_ = kNoStop;
}

void Playback::set_stop(size_t step) {
  if (!run_ || step >= steps()) {
    stop_ = kNoStop;
    return;
  }
  stop_ = step;
  stop_story_ = run_->clock.story(run_->trace.events[run_->steps.events[step]].t);
  if (step_ > stop_) {
    seek_step(stop_);
  } else if (story_ > stop_story_) {
    story_ = stop_story_;
    now_ = run_->clock.sim(story_);
  }
}

bool Playback::held() const {
  if (stop_ == kNoStop || step_ != stop_) return false;
  return !(playing_ && mode_ == PlayMode::Continuous && story_ < stop_story_);
}

size_t Playback::steps() const { return run_ ? run_->steps.events.size() : 0; }

bool Playback::at_end() const {
  if (!run_) return true;
  return step_ >= steps() && story_ >= run_->clock.end();
}

void Playback::play() {
  if (!run_) return;
  if (at_end()) restart();
  playing_ = true;
  pause_left_ = kStepInterval;
}

void Playback::set_speed(double s) { speed_ = std::clamp(s, kMinSpeed, kMaxSpeed); }

void Playback::set_mode(PlayMode m) {
  mode_ = m;
  pause_left_ = kStepInterval;
}

void Playback::tick(double wall_seconds) {
  if (!playing_ || !run_) return;
  const double ds = wall_seconds * speed_;
  if (mode_ == PlayMode::EventByEvent) {
    pause_left_ -= ds;
    while (pause_left_ <= 0 && playing_) {
      if (step_ >= stop_) {
        pause_left_ = kStepInterval;  // waiting at the stop: the full pause once it is lifted
        break;
      }
      next_event();
      pause_left_ += kStepInterval;
      if (step_ >= steps()) playing_ = false;
    }
    return;
  }
  story_ = std::min(story_ + ds, run_->clock.end());
  if (stop_ != kNoStop) story_ = std::min(story_, stop_story_);
  now_ = run_->clock.sim(story_);
  step_ = std::min(std::max(step_, run_->steps_until(now_)), stop_);
  if (stop_ != kNoStop && story_ >= stop_story_) step_ = stop_;  // every step before the stop is due by its moment
  if (story_ >= run_->clock.end() && step_ >= steps()) playing_ = false;
}

void Playback::seek_step(size_t n) {
  if (!run_) return;
  step_ = std::min({n, steps(), stop_});
  now_ = run_->time_of_step(step_);
  story_ = run_->clock.story(now_);
}

void Playback::next_event() {
  if (run_ && step_ < steps()) seek_step(step_ + 1);
}

void Playback::prev_event() {
  if (step_ > 0) seek_step(step_ - 1);
}

void Playback::next_segment() {
  if (!run_) return;
  const Trace& t = run_->trace;
  for (size_t s = step_; s < steps(); ++s) {
    if (t.events[run_->steps.events[s]].type == EventType::SegmentSent) {
      seek_step(s + 1);  // The step that sends it, applied.
      return;
    }
  }
  seek_step(steps());
}

void Playback::prev_segment() {
  if (!run_) return;
  const Trace& t = run_->trace;
  // The most recent send before the one that is current now.
  for (size_t s = step_ >= 2 ? step_ - 1 : 0; s-- > 0;) {
    if (t.events[run_->steps.events[s]].type == EventType::SegmentSent) {
      seek_step(s + 1);
      return;
    }
  }
  seek_step(0);
}

void Playback::restart() {
  playing_ = false;
  seek_step(0);
}

void Playback::seek_story(double s) {
  if (!run_) return;
  story_ = std::clamp(s, 0.0, stop_ != kNoStop ? stop_story_ : run_->clock.end());
  now_ = run_->clock.sim(story_);
  step_ = std::min(run_->steps_until(now_), stop_);
  if (stop_ != kNoStop && story_ >= stop_story_) step_ = stop_;
}

void Playback::seek_time(Time t) {
  if (run_) seek_story(run_->clock.story(t));
}

void Playback::seek_moment(size_t n, Time t) {
  if (!run_) return;
  seek_step(n);
  if (t > now_) {
    now_ = t;
    story_ = run_->clock.story(now_);
  }
}

}  // namespace tcpsim::viz
