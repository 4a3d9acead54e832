#include "trace/segment_log.hpp"

#include <stdexcept>

#include "trace/trace.hpp"

namespace tcpsim {

SegmentLog::SegmentLog() = default;
SegmentLog::SegmentLog(const SegmentLog&) = default;
SegmentLog::SegmentLog(SegmentLog&&) noexcept = default;
SegmentLog& SegmentLog::operator=(const SegmentLog&) = default;
SegmentLog& SegmentLog::operator=(SegmentLog&&) noexcept = default;
SegmentLog::~SegmentLog() = default;

size_t SegmentLog::PathHash::operator()(const SegmentPath& p) const noexcept {
  uint64_t h = FourTupleHash{}(FourTuple{p.src, p.dst});
  h ^= ((uint64_t{p.from} << 48) | (uint64_t{p.to} << 32) | p.conn) * 0x9E3779B97F4A7C15ULL;
  h ^= uint64_t{p.stream} * 0xC2B2AE3D27D4EB4FULL;
  return static_cast<size_t>(h ^ (h >> 31));
}

uint32_t SegmentLog::intern(const SegmentRecord& r) {
  // A connection's segments nearly always take its previous segment's path: compared field by field
  // with the record (its connection is the path's by construction), no path built, no hash.
  const Segment& s = r.seg;
  if (r.conn != 0 && r.conn < by_conn_.size()) [[likely]] {
    uint32_t& last = by_conn_[r.conn];
    if (last != 0) [[likely]] {
      const SegmentPath& q = paths_[last - 1];
      if (q.src == s.src && q.dst == s.dst && q.from == r.from && q.to == r.to && q.stream == s.data.stream) [[likely]] {
        return last - 1;
      }
    }
  }
  const SegmentPath p{s.src, s.dst, r.from, r.to, r.conn, s.data.stream};
  if (p.conn != 0 && p.conn < by_conn_.size()) {
    uint32_t& last = by_conn_[p.conn];
    last = 1 + intern_hashed(p);
    return last - 1;
  }
  if (p.conn != 0) {
    by_conn_.resize(p.conn + 1);
    by_conn_[p.conn] = 1 + intern_hashed(p);
    return by_conn_[p.conn] - 1;
  }
  return intern_hashed(p);
}

uint32_t SegmentLog::intern_hashed(const SegmentPath& p) {
  const size_t h = PathHash{}(p);
  uint32_t& slot = recent_[h % recent_.size()];  // 1 + a path index, 0: none yet
  if (slot != 0 && paths_[slot - 1] == p) return slot - 1;
  auto [it, added] = path_index_.try_emplace(p, static_cast<uint32_t>(paths_.size()));
  if (added) paths_.push_back(p);
  slot = it->second + 1;
  return it->second;
}

void SegmentLog::push_back(const SegmentRecord& r) {
  const Segment& s = r.seg;
  const size_t i = packed_.size();
  const uint64_t back = r.reply_to ? i + 1 - r.reply_to : 0;
  Packed p{};
  p.sent_at = r.sent_at;
  p.seq = s.seq.v;
  p.ack = s.ack.v;
  p.wnd = s.wnd;
  p.flags = s.flags;
  p.rule = static_cast<uint8_t>(r.rule);
  // The rare fields (and anything too large for its packed slot) make a record wide.
  const bool fits = s.mss == 0 && s.options == 0 && r.dup_of == 0 && r.line == 0 && s.data.len <= UINT16_MAX &&
                    s.data.offset <= UINT32_MAX && back <= UINT16_MAX && r.reply_to <= i &&
                    paths_.size() < kWide - 1;
  if (fits) {
    p.path = intern(r);
    p.offset = static_cast<uint32_t>(s.data.offset);
    p.len = static_cast<uint16_t>(s.data.len);
    p.back = static_cast<uint16_t>(back);
  } else {
    p.path = kWide;
    p.offset = static_cast<uint32_t>(wide_.size());
    wide_.push_back(r);
  }
  packed_.push_back(p);
}

SegmentRecord SegmentLog::operator[](size_t i) const {
  const Packed& p = packed_[i];
  if (p.path == kWide) return wide_[p.offset];
  const SegmentPath& path = paths_[p.path];
  SegmentRecord r;
  Segment& s = r.seg;
  s.src = path.src;
  s.dst = path.dst;
  s.seq = Seq(p.seq);
  s.ack = Seq(p.ack);
  s.flags = p.flags;
  s.wnd = p.wnd;
  s.data = Payload{path.stream, p.len, p.offset};
  r.sent_at = p.sent_at;
  r.conn = path.conn;
  r.from = path.from;
  r.to = path.to;
  r.rule = static_cast<Rule>(p.rule);
  r.reply_to = p.back ? static_cast<uint32_t>(i + 1 - p.back) : 0;
  return r;
}

SegmentRecord SegmentLog::at(size_t i) const {
  if (i >= size()) throw std::out_of_range("SegmentLog::at");
  return (*this)[i];
}

SegmentRecord SegmentLog::front() const { return (*this)[0]; }
SegmentRecord SegmentLog::back() const { return (*this)[size() - 1]; }

SegmentLog::const_reverse_iterator SegmentLog::rbegin() const { return const_reverse_iterator(end()); }
SegmentLog::const_reverse_iterator SegmentLog::rend() const { return const_reverse_iterator(begin()); }

size_t SegmentLog::wide() const { return wide_.size(); }

uint64_t SegmentLog::memory_bytes() const {
  // An unordered_map node holds the key, the value and a next pointer (and its cached hash).
  constexpr uint64_t kNode = sizeof(SegmentPath) + sizeof(uint32_t) + 2 * sizeof(void*);
  return packed_.memory_bytes() + paths_.capacity() * sizeof(SegmentPath) +
         path_index_.size() * kNode + path_index_.bucket_count() * sizeof(void*) +
         wide_.capacity() * sizeof(SegmentRecord) + by_conn_.capacity() * sizeof(uint32_t);
}

}  // namespace tcpsim
