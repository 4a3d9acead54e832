#pragma once
// A first-in-first-out queue on a vector with a moving head: no allocation while empty, cheap to
// move (unlike std::deque, which allocates on construction and whose move may throw in libstdc++,
// so vectors of structs holding one copy instead of moving).
#include <cstddef>
#include <vector>

namespace tcpsim {

/// FIFO queue: push at the back, look at and pop the front, amortized O(1).
template <typename T>
class Fifo {
 public:
  // The count is kept beside the vector: a vector's size() divides by sizeof(T), and a queue of
  // 40-byte events asks it several times per segment.
  bool empty() const { return head_ == count_; }
  size_t size() const { return count_ - head_; }
  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }
  T& back() { return items_.back(); }
  const T& back() const { return items_.back(); }
  void push_back(const T& v) {
    items_.push_back(v);
    ++count_;
  }
  /// Removes the newest item (the queue must not be empty).
  void pop_back() {
    items_.pop_back();
    --count_;
    if (head_ == count_) clear();
  }
  void pop_front() {
    ++head_;
    if (head_ == count_) {
      clear();
    } else if (head_ >= 64 && head_ * 2 >= count_) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      count_ -= head_;
      head_ = 0;
    }
  }
  void clear() {
    items_.clear();
    head_ = 0;
    count_ = 0;
  }
  /// The queued items, oldest first.
  typename std::vector<T>::const_iterator begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  typename std::vector<T>::const_iterator end() const { return items_.end(); }

 private:
  std::vector<T> items_;
  size_t head_ = 0;
  size_t count_ = 0;  ///< items_.size()
};

}  // namespace tcpsim
