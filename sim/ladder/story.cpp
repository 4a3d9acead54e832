#include "ladder/story.hpp"

#include <algorithm>

namespace tcpsim::viz {

StoryClock::StoryClock(const Trace& trace) {
  Time smallest = 0;
  for (const LinkRecord& l : trace.links) {
    if (l.delay > 0 && (smallest == 0 || l.delay < smallest)) smallest = l.delay;
  }
  if (smallest == 0) smallest = ms(10);
  scale_ = kDelayStory / (static_cast<double>(smallest) / 1e9);
  knots_.push_back({0, 0.0});
  for (const Event& e : trace.events) {
    const Knot& last = knots_.back();
    if (e.t <= last.t) continue;
    const double linear = static_cast<double>(e.t - last.t) / 1e9 * scale_;
    if (linear > kGapStory * 3) {
      // An idle stretch: shown as a fixed, marked gap instead of minutes of nothing. Only stretches
      // well beyond a few link delays are folded, so a pause of a few round trips keeps its length.
      gaps_.push_back({last.t, e.t, last.story});
      knots_.push_back({e.t, last.story + kGapStory});
    } else {
      knots_.push_back({e.t, last.story + linear});
    }
  }
}

double StoryClock::story(Time t) const {
  if (knots_.empty() || t <= knots_.front().t) return 0.0;
  if (t >= knots_.back().t) return knots_.back().story;
  auto hi = std::upper_bound(knots_.begin(), knots_.end(), t, [](Time v, const Knot& k) { return v < k.t; });
  auto lo = hi - 1;
  const double f = static_cast<double>(t - lo->t) / static_cast<double>(hi->t - lo->t);
  return lo->story + f * (hi->story - lo->story);
}

Time StoryClock::sim(double s) const {
  if (knots_.empty() || s <= 0) return 0;
  if (s >= knots_.back().story) return knots_.back().t;
  auto hi = std::upper_bound(knots_.begin(), knots_.end(), s, [](double v, const Knot& k) { return v < k.story; });
  auto lo = hi - 1;
  const double f = (s - lo->story) / (hi->story - lo->story);
  return lo->t + static_cast<Time>(f * static_cast<double>(hi->t - lo->t));
}

bool StoryClock::in_gap(Time t) const {
  auto g = std::upper_bound(gaps_.begin(), gaps_.end(), t, [](Time x, const Gap& gap) { return x < gap.from; });
  if (g == gaps_.begin()) return false;
  --g;
  return t > g->from && t < g->to;
}

}  // namespace tcpsim::viz
