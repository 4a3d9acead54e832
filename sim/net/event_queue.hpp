#pragma once
// The simulation's agenda: events ordered by (time, insertion id), so equal times replay in the order
// they were scheduled and a run is exactly reproducible. Time never runs backwards: an event earlier
// than the last one taken out is refused, so a bug that arms a timer in the past is reported instead of
// moving the clock back.
#include <cstdint>
#include <queue>
#include <vector>

#include "util/time.hpp"

namespace tcpsim {

/// A min-priority queue of T keyed by (time, insertion id).
template <typename T>
class EventQueue {
 public:
  /// Schedules `item` at time `t`; false (and nothing scheduled) when `t` is before the time of the
  /// last event popped.
  [[nodiscard]] bool push(Time t, const T& item) {
    if (t < now_) return false;
    heap_.push({t, next_id_++, item});
    return true;
  }
  /// True when nothing is scheduled.
  bool empty() const { return heap_.empty(); }
  /// Time of the earliest event (queue must not be empty).
  Time next_time() const { return heap_.top().t; }
  /// Removes and returns the earliest event; `t` receives its time.
  T pop(Time* t) {
    Entry e = heap_.top();
    heap_.pop();
    *t = e.t;
    now_ = e.t;
    return e.item;
  }
  /// Time of the last event popped (0 before the first).
  Time now() const { return now_; }
  /// Number of scheduled events.
  size_t size() const { return heap_.size(); }

 private:
  struct Entry {
    Time t;
    uint64_t id;
    T item;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const { return a.t != b.t ? a.t > b.t : a.id > b.id; }
  };
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  uint64_t next_id_ = 0;
  Time now_ = 0;  ///< Time of the last event popped: nothing may be scheduled before it.
};

}  // namespace tcpsim
