#pragma once
// An iterator over a trace log that stores its records packed and reads them back as values
// (EventLog, SegmentLog, ...): it holds the log and an index, and dereferencing calls log[i].
#include <cstddef>
#include <iterator>

namespace tcpsim {

/// Random-access iterator yielding `V` by value from `(*log)[i]`.
template <typename Log, typename V>
class ValueIterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = V;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = V;
  ValueIterator() = default;
  ValueIterator(const Log* log, size_t i) : log_(log), i_(i) {}
  V operator*() const { return (*log_)[i_]; }
  V operator[](difference_type n) const { return (*log_)[i_ + static_cast<size_t>(n)]; }
  ValueIterator& operator++() { ++i_; return *this; }
  ValueIterator operator++(int) { ValueIterator t = *this; ++i_; return t; }
  ValueIterator& operator--() { --i_; return *this; }
  ValueIterator operator--(int) { ValueIterator t = *this; --i_; return t; }
  ValueIterator& operator+=(difference_type n) { i_ = static_cast<size_t>(static_cast<difference_type>(i_) + n); return *this; }
  ValueIterator& operator-=(difference_type n) { return *this += -n; }
  ValueIterator operator+(difference_type n) const { ValueIterator t = *this; return t += n; }
  ValueIterator operator-(difference_type n) const { ValueIterator t = *this; return t -= n; }
  difference_type operator-(const ValueIterator& o) const {
    return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_);
  }
  bool operator==(const ValueIterator& o) const { return i_ == o.i_; }
  bool operator!=(const ValueIterator& o) const { return i_ != o.i_; }
  bool operator<(const ValueIterator& o) const { return i_ < o.i_; }

 private:
  const Log* log_ = nullptr;
  size_t i_ = 0;
};

}  // namespace tcpsim
