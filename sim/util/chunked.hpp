#pragma once
// An append-only sequence stored in fixed-size chunks: elements never move once written, so growing
// costs no reallocation and no copy (a trace of 100 MB of segments grows without 2x peaks).
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <memory>
#include <new>
#include <vector>

namespace tcpsim {

/// A vector-like container that appends without relocating; random access by index.
template <typename T, size_t kChunk = 8192>
class Chunked {
 public:
  using value_type = T;

  /// Random-access iterator over a Chunked (const or not).
  template <typename C, typename V>
  class Iter {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = V*;
    using reference = V&;
    Iter() = default;
    Iter(C* c, size_t i) : c_(c), i_(i) {}
    V& operator*() const { return (*c_)[i_]; }
    V* operator->() const { return &(*c_)[i_]; }
    V& operator[](difference_type n) const { return (*c_)[i_ + static_cast<size_t>(n)]; }
    Iter& operator++() { ++i_; return *this; }
    Iter operator++(int) { Iter t = *this; ++i_; return t; }
    Iter& operator--() { --i_; return *this; }
    Iter operator--(int) { Iter t = *this; --i_; return t; }
    Iter& operator+=(difference_type n) { i_ = static_cast<size_t>(static_cast<difference_type>(i_) + n); return *this; }
    Iter& operator-=(difference_type n) { return *this += -n; }
    Iter operator+(difference_type n) const { Iter t = *this; return t += n; }
    friend Iter operator+(difference_type n, Iter it) { return it += n; }
    Iter operator-(difference_type n) const { Iter t = *this; return t -= n; }
    difference_type operator-(const Iter& o) const { return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_); }
    bool operator==(const Iter& o) const { return i_ == o.i_; }
    bool operator!=(const Iter& o) const { return i_ != o.i_; }
    bool operator<(const Iter& o) const { return i_ < o.i_; }
    bool operator>(const Iter& o) const { return i_ > o.i_; }
    bool operator<=(const Iter& o) const { return i_ <= o.i_; }
    bool operator>=(const Iter& o) const { return i_ >= o.i_; }

   private:
    C* c_ = nullptr;
    size_t i_ = 0;
  };
  using iterator = Iter<Chunked, T>;
  using const_iterator = Iter<const Chunked, const T>;
  using reverse_iterator = std::reverse_iterator<iterator>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  Chunked() = default;
  Chunked(const Chunked& o) { *this = o; }
  Chunked& operator=(const Chunked& o) {
    if (this == &o) return *this;
    clear();
    for (const T& v : o) push_back(v);
    return *this;
  }
  Chunked(Chunked&& o) noexcept : chunks_(std::move(o.chunks_)), size_(o.size_) { o.size_ = 0; }
  Chunked& operator=(Chunked&& o) noexcept {
    if (this != &o) {
      clear();
      chunks_ = std::move(o.chunks_);
      size_ = o.size_;
      o.size_ = 0;
    }
    return *this;
  }
  ~Chunked() { clear(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Heap bytes held: whole chunks, used or not.
  size_t memory_bytes() const { return chunks_.size() * (kChunk * sizeof(T) + sizeof(T*)); }
  T& operator[](size_t i) { return chunks_[i / kChunk][i % kChunk]; }
  const T& operator[](size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  T& at(size_t i) { check(i); return (*this)[i]; }
  const T& at(size_t i) const { check(i); return (*this)[i]; }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }
  void push_back(const T& v) {
    // Chunks are raw storage: each element is written once, when it is appended.
    if (size_ == chunks_.size() * kChunk) chunks_.push_back(std::allocator<T>().allocate(kChunk));
    ::new (static_cast<void*>(&(*this)[size_])) T(v);
    ++size_;
  }
  void clear() {
    for (size_t i = 0; i < size_; ++i) (*this)[i].~T();
    for (T* c : chunks_) std::allocator<T>().deallocate(c, kChunk);
    chunks_.clear();
    size_ = 0;
  }
  iterator begin() { return {this, 0}; }
  iterator end() { return {this, size_}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }
  reverse_iterator rbegin() { return reverse_iterator(end()); }
  reverse_iterator rend() { return reverse_iterator(begin()); }
  const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

 private:
  void check(size_t i) const {
    if (i >= size_) throw std::out_of_range("Chunked::at");
  }
  std::vector<T*> chunks_;
  size_t size_ = 0;
};

}  // namespace tcpsim
