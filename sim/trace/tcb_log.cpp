#include "trace/tcb_log.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tcpsim {

namespace {

using Words = TcbLog::Words;

/// Bit i of a record's mask is word i of a TcbSnapshot (its field order: the ones that change most
/// often first, so that a usual mask fits in one varint byte).
/// The longest record (a mask and every stored word, varints of up to 5 bytes), and the length up
/// to which a record is copied with one fixed-size copy.
constexpr uint32_t kMaxRecord = 5 * (TcbLog::kWords + 1);
constexpr uint32_t kShort = 16;
constexpr int kConnWord = 19;                 // The connection id: known from the stream, never stored.
constexpr int kEventWord = 0;
constexpr uint32_t kStored = (1u << kConnWord) - 1;
/// The words operator== compares (the variables: not the event, time, buffer sizes or connection).
constexpr uint32_t kVariables = kStored & ~(1u << kEventWord) & ~(3u << 10) & ~(3u << 17);
static_assert(offsetof(TcbSnapshot, event) == 4 * kEventWord && offsetof(TcbSnapshot, conn) == 4 * kConnWord);
static_assert(offsetof(TcbSnapshot, t) == 4 * 10 && offsetof(TcbSnapshot, rcvbuf) == 4 * 17 &&
              offsetof(TcbSnapshot, sndbuf) == 4 * 18);

/// Word i of a snapshot (read bytewise: a TcbSnapshot is not an array of words).
uint32_t word(const void* s, int i) {
  uint32_t v;
  std::memcpy(&v, static_cast<const char*>(s) + 4 * i, sizeof v);
  return v;
}

TcbSnapshot from_words(const Words& w, uint32_t conn) {
  TcbSnapshot s;
  std::memcpy(static_cast<void*>(&s), w.data(), sizeof s);  // Trivially copyable (checked in the header).
  s.conn = conn;
  return s;
}

/// Writes v as a varint at p; returns the end.
uint8_t* varint_to(uint8_t* p, uint32_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}

/// The wrapping difference now - old as a zigzag number (small either way: 0, -1, 1, -2 ... -> 0, 1,
/// 2, 3 ...): a sequence number passing 2^32 costs a byte or two like any other step.
constexpr uint32_t zigzag(uint32_t now, uint32_t old) {
  const uint32_t d = now - old;
  return (d << 1) ^ static_cast<uint32_t>(static_cast<int32_t>(d) >> 31);
}

/// Bit i set when word i of the two (snapshots, or Words) differs: four words per SSE2 compare
/// where there is SSE2 (every x86-64), else a word at a time.
uint32_t changed(const void* a, const void* b) {
#if defined(__SSE2__)
  static_assert(TcbLog::kWords % 4 == 0);
  const auto* x = static_cast<const __m128i*>(a);  // __m128i may alias any type
  const auto* y = static_cast<const __m128i*>(b);
  uint32_t same = 0;
#pragma GCC unroll 8
  for (int i = 0; i < TcbLog::kWords / 4; ++i) {
    const __m128i eq = _mm_cmpeq_epi32(_mm_loadu_si128(x + i), _mm_loadu_si128(y + i));
    same |= static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(eq))) << (4 * i);
  }
  return ~same & ((1u << TcbLog::kWords) - 1);
#else
  uint32_t mask = 0;
  for (int i = 0; i < TcbLog::kWords; ++i) mask |= uint32_t{word(a, i) != word(b, i)} << i;
  return mask;
#endif
}

constexpr Words kZeroWords{};

constexpr uint32_t unzigzag(uint32_t old, uint32_t zz) { return old + ((zz >> 1) ^ (~(zz & 1) + 1)); }

}  // namespace

class TcbLog::Reader {
 public:
  Reader(const TcbLog& log, const Conn& c, uint32_t pos) : log_(log), c_(c), pos_(pos) {}
  uint32_t pos() const { return pos_; }
  uint8_t byte() {
    const uint8_t b = log_.blocks_[c_.blocks[pos_ / kBlock]][pos_ % kBlock];
    ++pos_;
    return b;
  }
  uint32_t varint() {
    uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t b = byte();
      v |= static_cast<uint32_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
  }
  /// Applies the next record to `w` (the connection's previous snapshot, or zeros for a key).
  void read(Words& w) {
    for (uint32_t mask = varint(); mask != 0; mask &= mask - 1) {
      const int i = __builtin_ctz(mask);
      w[i] = unzigzag(w[i], varint());
    }
  }

 private:
  const TcbLog& log_;
  const Conn& c_;
  uint32_t pos_;
};

void TcbLog::put_bytes(Conn& c, const uint8_t* p, uint32_t n) {
  if (c.bytes % kBlock != 0 && kBlock - c.bytes % kBlock >= n) {  // It fits.
    uint8_t* to = c.block->data() + c.bytes % kBlock;
    for (uint32_t i = 0; i < n; ++i) to[i] = p[i];  // A few bytes: no call to memcpy.
    c.bytes += n;
    return;
  }
  while (n > 0) {
    if (c.bytes % kBlock == 0) {
      const size_t cap = c.blocks.capacity();
      c.blocks.push_back(static_cast<uint32_t>(blocks_.size()));
      index_bytes_ += (c.blocks.capacity() - cap) * sizeof(uint32_t);
      blocks_.push_back(Block{});
      c.block = &blocks_.back();
    }
    const uint32_t room = kBlock - c.bytes % kBlock;
    const uint32_t k = std::min(room, n);
    std::memcpy(c.block->data() + c.bytes % kBlock, p, k);
    c.bytes += k;
    p += k;
    n -= k;
  }
}

void TcbLog::add_conns(uint32_t conn) {
  const size_t cap = conns_.capacity();
  conns_.resize(conn + 1);
  index_bytes_ += (conns_.capacity() - cap) * sizeof(Conn);
}

void TcbLog::push_back(const TcbSnapshot& s) { append(s, false); }

bool TcbLog::push_back_changed(const TcbSnapshot& s) { return append(s, true); }

bool TcbLog::append(const TcbSnapshot& s, bool changed_only) {
  if (s.conn >= conns_.size()) [[unlikely]] add_conns(s.conn);
  Conn& c = conns_[s.conn];
  // The snapshot's own words against the latest's: one mask bit per word that differs.
  uint32_t mask = changed(&s, &c.last) & kStored;
  if (changed_only && c.count > 0 && (mask & kVariables) == 0) return false;
  const void* old = &c.last;
  if (c.count % kKeyEvery == 0) [[unlikely]] {
    const size_t cap = c.keys.capacity();
    c.keys.push_back({c.bytes, s.event});
    index_bytes_ += (c.keys.capacity() - cap) * sizeof(Key);
    old = kZeroWords.data();  // A key is written against zero.
    mask = changed(&s, old) & kStored;
  }
  // The record (the mask, then each changed word's difference as a zigzag varint) is built in a
  // buffer, then stored: one fixed-size copy when it is short and the block has room for the copy.
  uint8_t buf[kMaxRecord];
  uint8_t* end = varint_to(buf, mask);
  for (uint32_t m = mask; m != 0; m &= m - 1) {
    const int i = __builtin_ctz(m);
    end = varint_to(end, zigzag(word(&s, i), word(old, i)));
  }
  const auto n = static_cast<uint32_t>(end - buf);
  const uint32_t used = c.bytes % kBlock;
  if (used != 0 && n <= kShort && kBlock - used >= kShort) [[likely]] {
    std::memcpy(c.block->data() + used, buf, kShort);  // Bytes past n are overwritten by the next record.
    c.bytes += n;
  } else {
    put_bytes(c, buf, n);
  }
  c.last = s;
  ++c.count;
  // The order stream: which connection, as a difference from the previous snapshot's.
  uint32_t d = zigzag(s.conn, last_conn_);
  while (d >= 0x80) [[unlikely]] {
    order_.push_back(static_cast<uint8_t>(d | 0x80));
    d >>= 7;
  }
  order_.push_back(static_cast<uint8_t>(d));
  last_conn_ = s.conn;
  ++size_;
  return true;
}

const TcbSnapshot& TcbLog::back() const { return conns_[last_conn_].last; }

const TcbSnapshot* TcbLog::latest(uint32_t conn) const {
  return conn < conns_.size() && conns_[conn].count ? &conns_[conn].last : nullptr;
}

uint32_t TcbLog::count(uint32_t conn) const { return conn < conns_.size() ? conns_[conn].count : 0; }

TcbSnapshot TcbLog::nth(uint32_t conn, uint32_t k) const {
  const Conn& c = conns_.at(conn);
  Reader r(*this, c, c.keys.at(k / kKeyEvery).pos);
  Words w{};
  for (uint32_t i = 0; i <= k % kKeyEvery; ++i) r.read(w);
  return from_words(w, conn);
}

TcbLog::AsOf TcbLog::as_of(uint32_t conn, uint32_t applied) const {
  AsOf out;
  if (conn >= conns_.size() || conns_[conn].count == 0) return out;
  const Conn& c = conns_[conn];
  // The last key taken by then; reading starts a key earlier so that the one before is seen too.
  const auto it = std::upper_bound(c.keys.begin(), c.keys.end(), applied,
                                   [](uint32_t a, const Key& k) { return a < k.event; });
  if (it == c.keys.begin()) return out;
  const auto key = static_cast<uint32_t>(it - c.keys.begin() - 1);
  const uint32_t from = key > 0 ? key - 1 : 0;
  Reader r(*this, c, c.keys[from].pos);
  Words w{}, now{}, before{};
  bool have_now = false, have_before = false;
  for (uint32_t k = from * kKeyEvery; k < c.count; ++k) {
    if (k % kKeyEvery == 0) w = Words{};
    r.read(w);
    if (w[kEventWord] > applied) break;
    before = now;
    have_before = have_now;
    now = w;
    have_now = true;
  }
  if (have_now) out.now = from_words(now, conn);
  if (have_before) out.before = from_words(before, conn);
  return out;
}

uint64_t TcbLog::memory_bytes() const { return blocks_.memory_bytes() + order_.memory_bytes() + index_bytes_; }

TcbLog::const_iterator::const_iterator(const TcbLog* log, size_t i) : log_(log), i_(i) {
  if (i_ >= log_->size_) return;
  // Only a reading from the start is supported: the streams hold differences.
  i_ = 0;
  const size_t n = log_->conns_.size();
  pos_.assign(n, 0);
  count_.assign(n, 0);
  last_.assign(n, Words{});
  load();
}

void TcbLog::const_iterator::load() {
  uint32_t d = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t b = log_->order_[order_pos_++];
    d |= static_cast<uint32_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) break;
  }
  conn_ = unzigzag(conn_, d);
  Reader r(*log_, log_->conns_[conn_], pos_[conn_]);
  Words& w = last_[conn_];
  if (count_[conn_] % kKeyEvery == 0) w = Words{};
  r.read(w);
  pos_[conn_] = r.pos();
  ++count_[conn_];
  cur_ = from_words(w, conn_);
}

TcbLog::const_iterator& TcbLog::const_iterator::operator++() {
  if (++i_ < log_->size_) load();
  return *this;
}

}  // namespace tcpsim
