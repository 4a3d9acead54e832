#pragma once
// Playback: where the viewer is in a run. A step cursor and a story time, play/pause, speed and
// mode. Pure: no clock of its own; the app calls tick() with the wall time of each frame. A stop (set
// by predict mode) is a step it may not pass, however it is moved, until the stop is lifted.
#include <cstddef>
#include <cstdint>

#include "model/session.hpp"

namespace tcpsim::viz {

/// How playing advances.
enum class PlayMode {
  Continuous,   ///< Story time flows; packets glide along their arrows.
  EventByEvent, ///< One step at a time, a fixed pause between steps.
};

/// The playback cursor over one run.
class Playback {
 public:
  /// Story seconds between steps in event-by-event mode at 1x.
  static constexpr double kStepInterval = 0.8;
  static constexpr double kMinSpeed = 0.1;
  static constexpr double kMaxSpeed = 10.0;
  /// No stop.
  static constexpr size_t kNoStop = SIZE_MAX;

  /// Starts at the beginning of `run`, paused (null: an empty playback).
  explicit Playback(const Run* run = nullptr) { reset(run); }
  /// Switches to another run (keeps speed and mode), back at the beginning, with no stop.
  void reset(const Run* run);
  /// At most `step` steps may be applied (kNoStop: no limit): step `step` itself (0-based, as in
  /// run.steps) is not shown and story time does not pass its moment. A position already beyond it is
  /// pulled back to it.
  void set_stop(size_t step);
  /// The stop (kNoStop: none).
  size_t stop() const { return stop_; }
  /// Standing at the stop: stepped up to it, or played up to its moment. (Playing on towards it in
  /// continuous mode is not yet standing there.)
  bool held() const;

  size_t step() const { return step_; }
  size_t steps() const;
  double story() const { return story_; }
  Time now() const { return now_; }
  bool playing() const { return playing_; }
  double speed() const { return speed_; }
  PlayMode mode() const { return mode_; }
  bool at_end() const;

  void play();
  void pause() { playing_ = false; }
  void toggle() { playing_ ? pause() : play(); }
  /// Clamped to 0.1x..10x.
  void set_speed(double s);
  void set_mode(PlayMode m);
  /// Advances by `wall_seconds` of real time when playing.
  void tick(double wall_seconds);

  /// → and ←: one step.
  void next_event();
  void prev_event();
  /// Next / previous segment sent.
  void next_segment();
  void prev_segment();
  /// Home: the beginning, paused.
  void restart();
  /// The scrubber: a story time.
  void seek_story(double s);
  /// A step number (`--screenshot --at N`).
  void seek_step(size_t n);
  /// A simulated time (keeps the place when the editor re-simulates).
  void seek_time(Time t);
  /// Exactly `n` steps shown at simulated time `t` (at least the time of step `n`): the same moment
  /// on a run that shares everything up to it (a what-if branch).
  void seek_moment(size_t n, Time t);

 private:
  const Run* run_ = nullptr;
  size_t step_ = 0;
  double story_ = 0;
  Time now_ = 0;
  bool playing_ = false;
  double speed_ = 1.0;
  PlayMode mode_ = PlayMode::Continuous;
  double pause_left_ = 0;  // event-by-event: story seconds until the next step
  size_t stop_ = kNoStop;
  double stop_story_ = 0;  // story time of the stop's step: time does not flow past it
};

}  // namespace tcpsim::viz
