#include "trace/tcb_log.hpp"

#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tcpsim {

namespace {

using Words = TcbLog::Words;

/// The words of a snapshot, in the order of a record's mask bits: the ones that change most often
/// first, so that a usual mask fits in one varint byte. 64-bit values are two words (low, high); a
/// high word seldom changes.
enum Word : uint8_t {
  kTLo, kEvent, kUna, kNxt, kUnackedLo, kUnsentLo, kSndWnd,
  kRcvNxt, kRcvWnd, kUnreadLo, kOutOfOrderLo, kState, kRcvbuf, kSndbuf,
  kTHi, kUnackedHi, kUnsentHi, kUnreadHi, kOutOfOrderHi,
  kPad,  // Always 0: whole groups of four words compare at once.
  kWordCount
};
static_assert(kWordCount == TcbLog::kWords);

constexpr uint32_t lo(uint64_t v) { return static_cast<uint32_t>(v); }
constexpr uint32_t hi(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
constexpr uint64_t join(uint32_t l, uint32_t h) { return uint64_t{h} << 32 | l; }

Words to_words(const TcbSnapshot& s) {
  Words w;
  const auto t = static_cast<uint64_t>(s.t);
  w[kTLo] = lo(t);
  w[kEvent] = s.event;
  w[kUna] = s.snd_una.v;
  w[kNxt] = s.snd_nxt.v;
  w[kUnackedLo] = lo(s.unacked);
  w[kUnsentLo] = lo(s.unsent);
  w[kSndWnd] = s.snd_wnd;
  w[kRcvNxt] = s.rcv_nxt.v;
  w[kRcvWnd] = s.rcv_wnd;
  w[kUnreadLo] = lo(s.unread);
  w[kOutOfOrderLo] = lo(s.out_of_order);
  w[kState] = static_cast<uint32_t>(s.state);
  w[kRcvbuf] = s.rcvbuf;
  w[kSndbuf] = s.sndbuf;
  w[kTHi] = hi(t);
  w[kUnackedHi] = hi(s.unacked);
  w[kUnsentHi] = hi(s.unsent);
  w[kUnreadHi] = hi(s.unread);
  w[kOutOfOrderHi] = hi(s.out_of_order);
  w[kPad] = 0;
  return w;
}

TcbSnapshot from_words(const Words& w, uint32_t conn) {
  TcbSnapshot s;
  s.t = static_cast<Time>(join(w[kTLo], w[kTHi]));
  s.conn = conn;
  s.event = w[kEvent];
  s.state = static_cast<State>(w[kState]);
  s.snd_una = Seq(w[kUna]);
  s.snd_nxt = Seq(w[kNxt]);
  s.snd_wnd = w[kSndWnd];
  s.rcv_nxt = Seq(w[kRcvNxt]);
  s.rcv_wnd = w[kRcvWnd];
  s.rcvbuf = w[kRcvbuf];
  s.unread = join(w[kUnreadLo], w[kUnreadHi]);
  s.out_of_order = join(w[kOutOfOrderLo], w[kOutOfOrderHi]);
  s.unacked = join(w[kUnackedLo], w[kUnackedHi]);
  s.unsent = join(w[kUnsentLo], w[kUnsentHi]);
  s.sndbuf = w[kSndbuf];
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

/// Bit i set when word i differs: four words per SSE2 compare where there is SSE2 (every x86-64),
/// else a word at a time.
uint32_t changed(const Words& a, const Words& b) {
#if defined(__SSE2__)
  static_assert(TcbLog::kWords % 4 == 0);
  uint32_t same = 0;
  for (int i = 0; i < TcbLog::kWords; i += 4) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&a[i]));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&b[i]));
    same |= static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(x, y)))) << i;
  }
  return ~same & ((1u << TcbLog::kWords) - 1);
#else
  uint32_t mask = 0;
  for (int i = 0; i < TcbLog::kWords; ++i) mask |= uint32_t{a[i] != b[i]} << i;
  return mask;
#endif
}

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
  if (c.bytes % kBlock != 0 && kBlock - c.bytes % kBlock >= n) {  // The usual case: it fits.
    std::memcpy(c.block->data() + c.bytes % kBlock, p, n);
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

void TcbLog::push_back(const TcbSnapshot& s) {
  if (s.conn >= conns_.size()) {
    const size_t cap = conns_.capacity();
    conns_.resize(s.conn + 1);
    index_bytes_ += (conns_.capacity() - cap) * sizeof(Conn);
  }
  Conn& c = conns_[s.conn];
  const bool key = c.count % kKeyEvery == 0;
  if (key) {
    const size_t cap = c.keys.capacity();
    c.keys.push_back({c.bytes, s.event});
    index_bytes_ += (c.keys.capacity() - cap) * sizeof(Key);
  }
  // Words rather than a stored copy of them: 80 bytes more per connection would cost a run of many
  // short connections more than the 20-odd instructions this takes.
  const Words old = key ? Words{} : to_words(c.last);
  const Words now = to_words(s);
  // The record is built in a buffer (a mask and at most kWords varints of 5 bytes), then stored.
  uint8_t buf[5 * (kWords + 1)];
  const uint32_t mask = changed(now, old);
  uint8_t* end = varint_to(buf, mask);
  for (uint32_t m = mask; m != 0; m &= m - 1) {
    const int i = __builtin_ctz(m);
    end = varint_to(end, zigzag(now[i], old[i]));
  }
  put_bytes(c, buf, static_cast<uint32_t>(end - buf));
  c.last = s;
  ++c.count;
  // The order stream: which connection, as a difference from the previous snapshot's.
  uint32_t d = zigzag(s.conn, last_conn_);
  while (d >= 0x80) {
    order_.push_back(static_cast<uint8_t>(d | 0x80));
    d >>= 7;
  }
  order_.push_back(static_cast<uint8_t>(d));
  last_conn_ = s.conn;
  ++size_;
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
    if (w[kEvent] > applied) break;
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
