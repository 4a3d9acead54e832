#include "trace/tcb_log.hpp"

#include <algorithm>
#include <cstring>

namespace tcpsim {

namespace {

/// The fields a record can carry, in the order of its mask's bits: the ones that change most often
/// first, so that a usual mask fits in one varint byte.
enum Field : uint8_t {
  kT, kEvent, kUna, kNxt, kUnacked, kUnsent, kSndWnd,
  kRcvNxt, kRcvWnd, kUnread, kOutOfOrder, kState, kRcvbuf, kSndbuf, kFields
};

/// Fields that wrap at 2^32 (sequence numbers and 32-bit sizes): their difference is taken as a
/// signed 32-bit value, so SND.UNA passing 2^32 costs a byte or two like any other step.
constexpr bool narrow(int f) { return f != kT && f != kUnacked && f != kUnsent && f != kUnread && f != kOutOfOrder; }

uint64_t get(const TcbSnapshot& s, int f) {
  switch (f) {
    case kT: return static_cast<uint64_t>(s.t);
    case kEvent: return s.event;
    case kUna: return s.snd_una.v;
    case kNxt: return s.snd_nxt.v;
    case kUnacked: return s.unacked;
    case kUnsent: return s.unsent;
    case kSndWnd: return s.snd_wnd;
    case kRcvNxt: return s.rcv_nxt.v;
    case kRcvWnd: return s.rcv_wnd;
    case kUnread: return s.unread;
    case kOutOfOrder: return s.out_of_order;
    case kState: return static_cast<uint64_t>(s.state);
    case kRcvbuf: return s.rcvbuf;
    default: return s.sndbuf;
  }
}

/// Every field at once, in Field order (what push_back() compares; cheaper than kFields calls of get()).
void fields(const TcbSnapshot& s, uint64_t (&v)[kFields]) {
  v[kT] = static_cast<uint64_t>(s.t);
  v[kEvent] = s.event;
  v[kUna] = s.snd_una.v;
  v[kNxt] = s.snd_nxt.v;
  v[kUnacked] = s.unacked;
  v[kUnsent] = s.unsent;
  v[kSndWnd] = s.snd_wnd;
  v[kRcvNxt] = s.rcv_nxt.v;
  v[kRcvWnd] = s.rcv_wnd;
  v[kUnread] = s.unread;
  v[kOutOfOrder] = s.out_of_order;
  v[kState] = static_cast<uint64_t>(s.state);
  v[kRcvbuf] = s.rcvbuf;
  v[kSndbuf] = s.sndbuf;
}

/// Writes v as a varint at p; returns the end.
uint8_t* varint_to(uint8_t* p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}

void set(TcbSnapshot& s, int f, uint64_t v) {
  const auto n = static_cast<uint32_t>(v);
  switch (f) {
    case kT: s.t = static_cast<Time>(v); break;
    case kEvent: s.event = n; break;
    case kUna: s.snd_una = Seq(n); break;
    case kNxt: s.snd_nxt = Seq(n); break;
    case kUnacked: s.unacked = v; break;
    case kUnsent: s.unsent = v; break;
    case kSndWnd: s.snd_wnd = n; break;
    case kRcvNxt: s.rcv_nxt = Seq(n); break;
    case kRcvWnd: s.rcv_wnd = n; break;
    case kUnread: s.unread = v; break;
    case kOutOfOrder: s.out_of_order = v; break;
    case kState: s.state = static_cast<State>(n); break;
    case kRcvbuf: s.rcvbuf = n; break;
    default: s.sndbuf = n; break;
  }
}

/// The difference new - old as a zigzag number (small either way: 0, -1, 1, -2 ... -> 0, 1, 2, 3 ...).
uint64_t zigzag_delta(uint64_t now, uint64_t old, bool is_narrow) {
  uint64_t d = now - old;
  if (is_narrow) d = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(d))));
  return (d << 1) ^ static_cast<uint64_t>(static_cast<int64_t>(d) >> 63);
}

uint64_t undo_delta(uint64_t old, uint64_t zz, bool is_narrow) {
  const uint64_t d = (zz >> 1) ^ (~(zz & 1) + 1);
  const uint64_t v = old + d;
  return is_narrow ? static_cast<uint32_t>(v) : v;
}

/// What a key snapshot is written against.
TcbSnapshot zero(uint32_t conn) {
  TcbSnapshot z;
  z.conn = conn;
  return z;
}

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
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t b = byte();
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
  }
  /// Applies the next record to `s` (the connection's previous snapshot, or zero() for a key).
  void read(TcbSnapshot& s) {
    const uint64_t mask = varint();
    for (int f = 0; f < kFields; ++f) {
      if (mask & (uint64_t{1} << f)) set(s, f, undo_delta(get(s, f), varint(), narrow(f)));
    }
  }

 private:
  const TcbLog& log_;
  const Conn& c_;
  uint32_t pos_;
};

void TcbLog::put(Conn& c, uint8_t byte) {
  if (c.bytes % kBlock == 0) {
    const size_t cap = c.blocks.capacity();
    c.blocks.push_back(static_cast<uint32_t>(blocks_.size()));
    index_bytes_ += (c.blocks.capacity() - cap) * sizeof(uint32_t);
    blocks_.push_back(Block{});
  }
  blocks_[c.blocks.back()][c.bytes % kBlock] = byte;
  ++c.bytes;
}

void TcbLog::put_bytes(Conn& c, const uint8_t* p, uint32_t n) {
  while (n > 0) {
    if (c.bytes % kBlock == 0) {
      put(c, *p++);  // Starts the next block.
      --n;
      continue;
    }
    const uint32_t room = kBlock - c.bytes % kBlock;
    const uint32_t k = std::min(room, n);
    std::memcpy(&blocks_[c.blocks.back()][c.bytes % kBlock], p, k);
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
  uint64_t now[kFields], old[kFields];
  fields(s, now);
  fields(key ? zero(s.conn) : c.last, old);
  // The record is built in a buffer (a mask and at most kFields varints of 10 bytes), then stored.
  uint8_t buf[10 * (kFields + 1)];
  uint8_t* end = buf;
  uint64_t mask = 0;
  for (int f = 0; f < kFields; ++f) mask |= uint64_t{now[f] != old[f]} << f;
  end = varint_to(end, mask);
  for (int f = 0; f < kFields; ++f) {
    if (mask & (uint64_t{1} << f)) end = varint_to(end, zigzag_delta(now[f], old[f], narrow(f)));
  }
  put_bytes(c, buf, static_cast<uint32_t>(end - buf));
  c.last = s;
  ++c.count;
  // The order stream: which connection, as a difference from the previous snapshot's.
  uint64_t d = zigzag_delta(s.conn, last_conn_, true);
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
  TcbSnapshot s = zero(conn);
  for (uint32_t i = 0; i <= k % kKeyEvery; ++i) r.read(s);
  return s;
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
  TcbSnapshot s = zero(conn);
  for (uint32_t k = from * kKeyEvery; k < c.count; ++k) {
    TcbSnapshot next = k % kKeyEvery == 0 ? zero(conn) : s;
    r.read(next);
    if (next.event > applied) break;
    out.before = out.now;
    out.now = next;
    s = next;
  }
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
  last_.assign(n, TcbSnapshot{});
  load();
}

void TcbLog::const_iterator::load() {
  uint64_t d = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t b = log_->order_[order_pos_++];
    d |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) break;
  }
  conn_ = static_cast<uint32_t>(undo_delta(conn_, d, true));
  Reader r(*log_, log_->conns_[conn_], pos_[conn_]);
  TcbSnapshot s = count_[conn_] % kKeyEvery == 0 ? zero(conn_) : last_[conn_];
  r.read(s);
  pos_[conn_] = r.pos();
  ++count_[conn_];
  last_[conn_] = s;
  cur_ = s;
}

TcbLog::const_iterator& TcbLog::const_iterator::operator++() {
  if (++i_ < log_->size_) load();
  return *this;
}

}  // namespace tcpsim
