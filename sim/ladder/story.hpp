#pragma once
// Story time: the seconds a viewer sees at 1x speed. Simulated time spans microseconds to hours, so
// the visualizer does not show it linearly: short gaps keep their proportions (the smallest link delay
// becomes about 0.6 s), and idle stretches longer than a few round trips are compressed to a fixed length and
// marked ("29.9 s later"). The ladder's vertical axis and playback both run in story time.
#include <vector>

#include "trace/trace.hpp"

namespace tcpsim::viz {

/// A monotone, piecewise-linear map between simulated time and story time.
class StoryClock {
 public:
  /// An idle stretch that was compressed.
  struct Gap {
    Time from = 0;        ///< Simulated time where it starts...
    Time to = 0;          ///< ...and ends.
    double story = 0;     ///< Story time where it starts.
  };

  StoryClock() = default;
  /// Builds the map from a trace: knots at every event time.
  explicit StoryClock(const Trace& trace);

  /// Story seconds at simulated time `t` (clamped to the trace).
  double story(Time t) const;
  /// Simulated time at story time `s` (clamped).
  Time sim(double s) const;
  /// Story length of the whole run.
  double end() const { return knots_.empty() ? 0 : knots_.back().story; }
  /// Story seconds per simulated second for short gaps.
  double scale() const { return scale_; }
  /// The compressed stretches, in order.
  const std::vector<Gap>& gaps() const { return gaps_; }
  /// True when simulated time `t` lies strictly inside a compressed stretch (where this run does
  /// nothing, so nothing of another run may be drawn there: its times would be squeezed).
  bool in_gap(Time t) const;

  /// Story seconds the smallest link delay takes at 1x.
  static constexpr double kDelayStory = 0.6;
  /// Story seconds an idle stretch is compressed to.
  static constexpr double kGapStory = 1.2;

 private:
  struct Knot {
    Time t;
    double story;
  };
  std::vector<Knot> knots_;
  std::vector<Gap> gaps_;
  double scale_ = 1.0;
};

}  // namespace tcpsim::viz
