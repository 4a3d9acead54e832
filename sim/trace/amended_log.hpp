#pragma once
// A trace list whose records learn something after they are appended (issue 11 §2): a connection its
// peer's ISN and its socket's name, a call how it returned. The record stays as it was appended; what
// is learned later is appended to a second list (an amendment carries all that is known by then), and
// an index finds a record's latest amendment. Readers see the record with its latest amendment
// applied, as a value: `apply_amendment(R&, const A&)` (found by argument-dependent lookup) merges them.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "trace/append_only.hpp"
#include "trace/value_iterator.hpp"

namespace tcpsim {

template <typename R, typename A>
class AmendedLog {
 public:
  using const_iterator = ValueIterator<AmendedLog, R>;

  /// Appends a record; from here on it can only be read (and amended by appending).
  void push_back(const R& r) {
    records_.push_back(r);
    latest_.push_back(0);
  }
  /// Appends what record i is now known to be (everything an amendment holds, not only the news).
  void amend(size_t i, const A& a) {
    amendments_.push_back(a);
    latest_[i] = static_cast<uint32_t>(amendments_.size());
  }
  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  /// Record i as appended, with its latest amendment applied.
  R operator[](size_t i) const {
    R r = records_[i];
    if (const A* a = latest(i)) apply_amendment(r, *a);
    return r;
  }
  R at(size_t i) const {
    records_.at(i);  // bounds check
    return (*this)[i];
  }
  R back() const { return (*this)[size() - 1]; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  /// Record i as it was appended.
  const R& original(size_t i) const { return records_[i]; }
  /// Record i's latest amendment, or null.
  const A* latest(size_t i) const { return latest_[i] ? &amendments_[latest_[i] - 1] : nullptr; }
  const AppendOnly<R>& records() const { return records_; }
  const AppendOnly<A>& amendments() const { return amendments_; }
  /// Heap bytes held (not counting what the records' strings hold outside them).
  uint64_t memory_bytes() const {
    return records_.memory_bytes() + amendments_.memory_bytes() + latest_.capacity() * sizeof(uint32_t);
  }

 private:
  AppendOnly<R> records_;
  AppendOnly<A> amendments_;
  std::vector<uint32_t> latest_;  ///< Per record: 1 + its latest amendment's index (0: none). An index, not a record.
};

}  // namespace tcpsim
