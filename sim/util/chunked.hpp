#pragma once
// An append-only sequence stored in chunks: elements never move once written, so growing costs no
// reallocation and no copy (a trace of 100 MB of segments grows without 2x peaks).
//
// The first chunk is about a page and each next one twice as large, up to 128 KiB; from then on every
// chunk is a 128 KiB piece from a pool shared by the process (issue 11 §4: page faults on fresh trace
// memory were 44 % of a 100 MB run's time). The pool takes memory from the system 2 MiB at a time,
// aligned and, on Linux, marked for transparent huge pages (madvise(MADV_HUGEPAGE)), so a long run
// faults its trace in 2 MiB at a time rather than 4 KiB; and a piece given back is handed out again
// to the next trace (the next run, a what-if fork) while its pages are still there. Elsewhere
// (emscripten, other systems) the regions come from the ordinary allocator.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace tcpsim {

namespace chunk_memory {

/// The size of a piece, and of a region of pieces taken from the system at once (a huge page).
constexpr size_t kPiece = size_t{1} << 17;
constexpr size_t kRegion = size_t{1} << 21;

/// A piece of kPiece bytes from the pool; a piece given back is the next one taken.
void* take_piece();
void give_piece(void* p);
/// Pieces handed out and not given back, and pieces waiting in the pool (for tests and benchmarks).
size_t pieces_in_use();
size_t pieces_free();

}  // namespace chunk_memory

/// A vector-like container that appends without relocating; random access by index in O(1).
template <typename T>
class Chunked {
  static_assert(alignof(T) <= alignof(std::max_align_t), "pieces are aligned for ordinary types only");

 public:
  using value_type = T;

  /// Elements in the first chunk (about a page), in every large chunk (a pool piece), and the number
  /// of growing chunks before the first large one (chunk k < kGrow holds kFirst << k elements).
  static constexpr size_t kFirst = sizeof(T) >= 4096 ? 1 : 4096 / sizeof(T);
  static constexpr size_t kLarge = sizeof(T) >= chunk_memory::kPiece ? 1 : chunk_memory::kPiece / sizeof(T);
  static constexpr size_t kGrow = [] {
    size_t k = 0;
    while ((kFirst << k) < kLarge) ++k;
    return k;
  }();
  static constexpr size_t kGrown = kFirst * ((size_t{1} << kGrow) - 1);  ///< Elements in the growing chunks.

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
  Chunked(Chunked&& o) noexcept { take(o); }
  Chunked& operator=(Chunked&& o) noexcept {
    if (this != &o) {
      clear();
      take(o);
    }
    return *this;
  }
  ~Chunked() { clear(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Heap bytes held: whole chunks, used or not.
  size_t memory_bytes() const { return capacity(chunks_.size()) * sizeof(T) + chunks_.capacity() * sizeof(T*); }
  T& operator[](size_t i) { return chunks_[chunk_of(i)][offset_in(i)]; }
  const T& operator[](size_t i) const { return chunks_[chunk_of(i)][offset_in(i)]; }
  T& at(size_t i) { check(i); return (*this)[i]; }
  const T& at(size_t i) const { check(i); return (*this)[i]; }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }
  T& back() { return tail_[-1]; }
  const T& back() const { return tail_[-1]; }
  void push_back(const T& v) {
    // Chunks are raw storage: each element is written once, when it is appended. The usual case is
    // a store and two increments; growing is out of line.
    if (tail_ == limit_) [[unlikely]] grow();
    ::new (static_cast<void*>(tail_)) T(v);
    ++tail_;
    ++size_;
  }
  void clear() {
    if constexpr (!std::is_trivially_destructible_v<T>) {
      for (size_t i = 0; i < size_; ++i) (*this)[i].~T();
    }
    for (size_t k = 0; k < chunks_.size(); ++k) release(k, chunks_[k]);
    chunks_.clear();
    size_ = 0;
    tail_ = limit_ = nullptr;
  }
  iterator begin() { return {this, 0}; }
  iterator end() { return {this, size_}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }
  reverse_iterator rbegin() { return reverse_iterator(end()); }
  reverse_iterator rend() { return reverse_iterator(begin()); }
  const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

  /// Elements held by chunk k, and by the first `chunks` chunks together.
  static constexpr size_t chunk_size(size_t k) { return k < kGrow ? kFirst << k : kLarge; }
  static constexpr size_t capacity(size_t chunks) {
    return chunks <= kGrow ? kFirst * ((size_t{1} << chunks) - 1) : kGrown + (chunks - kGrow) * kLarge;
  }

 private:
  static size_t chunk_of(size_t i) {
    if (i >= kGrown) return kGrow + (i - kGrown) / kLarge;
    return static_cast<size_t>(std::bit_width(i / kFirst + 1)) - 1;
  }
  static size_t offset_in(size_t i) {
    if (i >= kGrown) return (i - kGrown) % kLarge;
    return i - capacity(chunk_of(i));
  }
  static bool large(size_t k) { return k >= kGrow && kLarge * sizeof(T) <= chunk_memory::kPiece; }
  [[gnu::noinline, gnu::cold]] void grow() {
    const size_t k = chunks_.size();
    T* c = large(k) ? static_cast<T*>(chunk_memory::take_piece()) : std::allocator<T>().allocate(chunk_size(k));
    chunks_.push_back(c);
    tail_ = c;
    limit_ = c + chunk_size(k);
  }
  static void release(size_t k, T* c) {
    if (large(k)) {
      chunk_memory::give_piece(c);
    } else {
      std::allocator<T>().deallocate(c, chunk_size(k));
    }
  }
  void take(Chunked& o) {
    chunks_ = std::move(o.chunks_);
    size_ = o.size_;
    tail_ = o.tail_;
    limit_ = o.limit_;
    o.chunks_.clear();
    o.size_ = 0;
    o.tail_ = o.limit_ = nullptr;
  }
  void check(size_t i) const {
    if (i >= size_) throw std::out_of_range("Chunked::at");
  }
  std::vector<T*> chunks_;
  size_t size_ = 0;
  T* tail_ = nullptr;   ///< Where the next element goes.
  T* limit_ = nullptr;  ///< End of the last chunk.
};

}  // namespace tcpsim
