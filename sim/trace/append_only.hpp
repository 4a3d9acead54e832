#pragma once
// The trace's record lists: anyone may append, nobody may change an element once appended (issue 11).
// Reading gives const elements only, so a write-back into an earlier record does not compile.
#include <cstddef>
#include <iterator>

#include "util/chunked.hpp"

namespace tcpsim {

/// Chunked storage (elements never move) whose elements are read-only once appended.
template <typename T>
class AppendOnly {
 public:
  using value_type = T;
  using const_iterator = typename Chunked<T>::const_iterator;
  using iterator = const_iterator;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  /// Appends one element; from here on it can only be read.
  void push_back(const T& v) { items_.push_back(v); }

  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  size_t memory_bytes() const { return items_.memory_bytes(); }
  const T& operator[](size_t i) const { return items_[i]; }
  const T& at(size_t i) const { return items_.at(i); }
  const T& front() const { return items_.front(); }
  const T& back() const { return items_.back(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

 private:
  Chunked<T> items_;
};

}  // namespace tcpsim
