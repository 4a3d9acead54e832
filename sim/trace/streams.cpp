#include "trace/streams.hpp"

#include <algorithm>

namespace tcpsim {

StreamStore::StreamStore() { streams_.push_back({}); }

uint32_t StreamStore::create() {
  Stream s;
  s.id = static_cast<uint32_t>(streams_.size());
  streams_.push_back(s);
  return s.id;
}

uint64_t StreamStore::append_literal(uint32_t stream, const std::string& bytes) {
  Stream& s = streams_.at(stream);
  const uint64_t at = s.length;
  if (bytes.empty()) return at;
  literals_.push_back(bytes);
  s.chunks.push_back({at, bytes.size(), static_cast<int32_t>(literals_.size() - 1)});
  s.length += bytes.size();
  return at;
}

uint64_t StreamStore::append_generated(uint32_t stream, uint64_t n) {
  Stream& s = streams_.at(stream);
  const uint64_t at = s.length;
  if (n == 0) return at;
  if (!s.chunks.empty() && s.chunks.back().literal < 0) {
    s.chunks.back().len += n;  // Consecutive generated writes share one chunk.
  } else {
    s.chunks.push_back({at, n, -1});
  }
  s.length += n;
  return at;
}

char StreamStore::generated_byte(uint64_t offset) {
  static constexpr char kText[] = "tcpsim bulk data 0123456789 abcdefghijklmnopqrstuvwxyz\n";
  return kText[offset % (sizeof kText - 1)];
}

void StreamStore::copy(const Payload& p, std::string& out, uint64_t max) const {
  if (p.stream == 0 || p.stream >= streams_.size() || p.len == 0) return;
  const Stream& s = streams_[p.stream];
  uint64_t pos = p.offset;
  uint64_t end = std::min<uint64_t>(p.offset + p.len, s.length);
  if (end > pos && end - pos > max) end = pos + max;
  // Chunks are sorted by offset: find the one holding `pos`.
  auto it = std::upper_bound(s.chunks.begin(), s.chunks.end(), pos,
                             [](uint64_t v, const StreamChunk& c) { return v < c.offset; });
  if (it != s.chunks.begin()) --it;
  for (; it != s.chunks.end() && pos < end; ++it) {
    const uint64_t c_end = it->offset + it->len;
    if (c_end <= pos) continue;
    const uint64_t take_end = std::min(c_end, end);
    if (it->literal >= 0) {
      out.append(literals_[static_cast<size_t>(it->literal)], pos - it->offset, take_end - pos);
    } else {
      for (uint64_t o = pos; o < take_end; ++o) out.push_back(generated_byte(o));
    }
    pos = take_end;
  }
}

}  // namespace tcpsim
