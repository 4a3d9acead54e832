#pragma once
// The simulation's agenda: events ordered by (time, insertion id), so equal times replay in the order
// they were scheduled and a run is exactly reproducible. Time never runs backwards: an event earlier
// than the last one taken out is refused, so a bug that arms a timer in the past is reported instead of
// moving the clock back.
//
// A link with a constant delay delivers in the order it sends, so its events arrive already sorted.
// Such events go to a lane: a FIFO per lane, whose head alone sits in the heap. Taking the head out
// puts the lane's next event in its place (one sift-down), so a packet costs no heap push, and the heap
// holds only lane heads, timers and actions. The order out is exactly the one a single heap would give:
// an event joins its lane only when it sorts after the lane's last event (same or later time, larger
// id), so each lane is sorted and its head is its least; one that would sort earlier (jitter, a reordered
// or duplicated packet) goes to the heap by itself.
#include <cstdint>
#include <utility>
#include <vector>

#include "util/fifo.hpp"
#include "util/time.hpp"

namespace tcpsim {

/// A min-priority queue of T keyed by (time, insertion id), with optional FIFO lanes.
template <typename T>
class EventQueue {
 public:
  /// No lane: the event goes to the heap by itself.
  static constexpr uint32_t kNoLane = UINT32_MAX;

  /// Schedules `item` at time `t`, in lane `lane` (any small number the caller chooses, e.g. one per
  /// link direction; kNoLane for none); false (and nothing scheduled) when `t` is before the time of
  /// the last event popped.
  [[nodiscard]] bool push(Time t, const T& item, uint32_t lane = kNoLane) {
    if (t < now_) return false;
    ++size_;
    if (lane != kNoLane) {
      if (lane >= lanes_.size()) lanes_.resize(lane + 1);
      Lane& l = lanes_[lane];
      if (!l.active) {
        l.active = true;  // The lane's head: into the heap.
        l.last = t;
      } else if (t >= l.last) {
        l.last = t;  // Behind the head (which is in the heap), in order.
        l.rest.push_back(Entry{t, next_id_++, lane, item});
        return true;
      } else {
        lane = kNoLane;  // Out of the lane's order: on its own.
      }
    }
    heap_push(Entry{t, next_id_++, lane, item});
    return true;
  }
  /// True when nothing is scheduled.
  bool empty() const { return heap_.empty(); }
  /// Time of the earliest event (queue must not be empty).
  Time next_time() const { return heap_.front().t; }
  /// Removes and returns the earliest event; `t` receives its time.
  T pop(Time* t) {
    T item = std::move(heap_.front().item);
    *t = heap_.front().t;
    now_ = *t;
    --size_;
    const uint32_t lane = heap_.front().lane;
    if (lane != kNoLane) {
      Lane& l = lanes_[lane];
      if (!l.rest.empty()) {
        heap_.front() = std::move(l.rest.front());  // The lane's next event takes the head's place.
        l.rest.pop_front();
        sift_down(0);
        return item;
      }
      l.active = false;
    }
    heap_.front() = std::move(heap_.back());
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
    return item;
  }
  /// Time of the last event popped (0 before the first).
  Time now() const { return now_; }
  /// Number of scheduled events.
  size_t size() const { return size_; }

 private:
  struct Entry {
    Time t;
    uint64_t id;
    uint32_t lane;  ///< The lane this event heads, or kNoLane.
    T item;
  };
  struct Lane {
    Fifo<Entry> rest;     ///< The lane's events after its head, in order.
    Time last = 0;        ///< Time of the lane's last event.
    bool active = false;  ///< The lane has a head in the heap.
  };
  static bool before(const Entry& a, const Entry& b) { return a.t != b.t ? a.t < b.t : a.id < b.id; }
  void heap_push(Entry e) {
    size_t i = heap_.size();
    heap_.push_back(std::move(e));
    while (i > 0) {
      const size_t parent = (i - 1) / 2;
      if (!before(heap_[i], heap_[parent])) break;
      std::swap(heap_[i], heap_[parent]);
      i = parent;
    }
  }
  void sift_down(size_t i) {
    const size_t n = heap_.size();
    for (;;) {
      size_t least = i;
      const size_t l = 2 * i + 1;
      if (l < n && before(heap_[l], heap_[least])) least = l;
      if (l + 1 < n && before(heap_[l + 1], heap_[least])) least = l + 1;
      if (least == i) return;
      std::swap(heap_[i], heap_[least]);
      i = least;
    }
  }

  std::vector<Entry> heap_;  ///< Binary min-heap by (t, id): lane heads and lone events.
  std::vector<Lane> lanes_;
  size_t size_ = 0;
  uint64_t next_id_ = 0;
  Time now_ = 0;  ///< Time of the last event popped: nothing may be scheduled before it.
};

}  // namespace tcpsim
