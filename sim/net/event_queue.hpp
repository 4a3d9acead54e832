#pragma once
// The simulation's agenda: events ordered by (time, insertion id), so equal times replay in the order
// they were scheduled and a run is exactly reproducible.
#include <cstdint>
#include <queue>
#include <vector>

#include "util/time.hpp"

namespace tcpsim {

/// A min-priority queue of T keyed by (time, insertion id).
template <typename T>
class EventQueue {
 public:
  /// Schedules `item` at time `t`.
  void push(Time t, const T& item) { heap_.push({t, next_id_++, item}); }
  /// True when nothing is scheduled.
  bool empty() const { return heap_.empty(); }
  /// Time of the earliest event (queue must not be empty).
  Time next_time() const { return heap_.top().t; }
  /// Removes and returns the earliest event; `t` receives its time.
  T pop(Time* t) {
    Entry e = heap_.top();
    heap_.pop();
    *t = e.t;
    return e.item;
  }
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
};

}  // namespace tcpsim
