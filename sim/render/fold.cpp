#include "render/fold.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "render/event_text.hpp"

namespace tcpsim::render {

SegmentKind segment_kind(uint8_t flags, uint32_t payload_len) {
  if (flags & kRst) return SegmentKind::Rst;
  if (flags & kSyn) return SegmentKind::Syn;
  if (flags & kFin) return SegmentKind::Fin;
  return payload_len > 0 ? SegmentKind::Data : SegmentKind::Ack;
}

SegmentRoute segment_route(const Trace& trace, size_t index) {
  const SegmentRecord& s = trace.segments[index];
  const SegmentFate f = trace.fate(index);
  SegmentRoute r;
  r.from = s.from;
  r.end_node = f.end_node;
  r.end_link = f.end_link;
  r.outcome = f.outcome;
  r.kind = segment_kind(s.seg.flags, s.seg.data.len);
  return r;
}

bool foldable(const Trace& trace, size_t index) {
  const SegmentRecord& s = trace.segments[index];
  const SegmentKind k = segment_kind(s.seg.flags, s.seg.data.len);
  // A drop, a rejected segment or a retransmission is the lesson itself: it keeps its own line.
  const SegmentFate f = trace.fate(index);
  return (k == SegmentKind::Data || k == SegmentKind::Ack) && f.outcome == Outcome::Delivered &&
         f.verdict == Rule::None && segment_tag(trace, index).empty();
}

bool all_acknowledged(const Trace& trace, const std::vector<size_t>& members) {
  if (members.empty()) return true;
  // ACKs are cumulative: the data is acknowledged when the highest end of any member is.
  const SegmentRecord& first = trace.segments[members.front()];
  Seq top = first.seg.seq + first.seg.seg_len();
  size_t last = members.front();
  for (size_t i : members) {
    const Segment& s = trace.segments[i].seg;
    if (s.seq + s.seg_len() > top) top = s.seq + s.seg_len();
    last = std::max(last, i);
  }
  // The sender's own view of the connection: a NAT on the way rewrites the addresses the records keep.
  if (first.conn == 0 || first.conn > trace.conns.size()) return false;
  const FourTuple& tuple = trace.conns[first.conn - 1].tuple;
  for (size_t j = last + 1; j < trace.segments.size(); ++j) {
    const SegmentRecord& a = trace.segments[j];
    // The receiver's ACK of the same connection that reached the sender.
    const SegmentFate f = trace.fate(j);
    if (f.outcome != Outcome::Delivered || f.end_node != first.from || !(a.seg.flags & kAck) ||
        a.seg.dst != tuple.local || a.seg.src != tuple.remote) {
      continue;
    }
    if (a.seg.ack >= top) return true;
  }
  return false;
}

namespace {

/// How far back duplicate_acks() looks for the connection's ACK before a run.
constexpr size_t kLookBack = 64;

/// How many of `members` (bare ACKs of one connection) repeat the ACK number sent before them.
size_t duplicate_acks(const Trace& trace, const std::vector<size_t>& members) {
  const SegmentRecord& first = trace.segments[members.front()];
  std::optional<Seq> before;
  for (size_t j = members.front(), seen = 0; j-- > 0 && seen < kLookBack; ++seen) {
    const SegmentRecord& s = trace.segments[j];
    if (s.conn == first.conn && s.from == first.from && (s.seg.flags & kAck)) {
      before = s.seg.ack;
      break;
    }
  }
  size_t dups = 0;
  for (size_t i : members) {
    const Seq ack = trace.segments[i].seg.ack;
    if (before && *before == ack) ++dups;
    before = ack;
  }
  return dups;
}

}  // namespace

std::string Fold::label(const Trace& trace, const RelativeNumbers& nums, size_t width) const {
  std::string s = full_label(trace, nums);
  if (display_width(s) <= width) return s;
  // A narrow terminal: the same facts in fewer words rather than a cut line.
  for (const auto& [from, to] : {std::pair<std::string, std::string>{" data segments ", " data "},
                                 {"not all acknowledged", "some unACKed"},
                                 {"all acknowledged", "all ACKed"},
                                 {" duplicate ACKs ", " dup ACKs "},
                                 {" duplicates", " dup"}}) {
    if (const size_t at = s.find(from); at != std::string::npos) s.replace(at, from.size(), to);
  }
  return s;
}

std::string Fold::full_label(const Trace& trace, const RelativeNumbers& nums) const {
  if (members.empty()) return "";
  const size_t n = members.size();
  const SegmentRecord& first = trace.segments[members.front()];
  const SegmentRecord& last = trace.segments[members.back()];
  const std::string count = std::to_string(n);
  if (segment_kind(first.seg.flags, first.seg.data.len) == SegmentKind::Ack) {
    // Duplicate ACKs (RFC 5681 §2: the ACK number did not move) are what a lossy transfer is about.
    const size_t dups = duplicate_acks(trace, members);
    if (dups == n) return count + " duplicate ACKs ack=" + std::to_string(nums.ack[members.front()]);
    std::string s = count + " ACKs ack=" + std::to_string(nums.ack[members.front()]) + ".." +
                    std::to_string(nums.ack[members.back()]);
    if (dups > 0) s += ", " + std::to_string(dups) + (dups == 1 ? " duplicate" : " duplicates");
    return s;
  }
  // The range of sequence numbers the run carried: from the first byte to the end of the last.
  const uint32_t from = nums.seq[members.front()];
  const uint32_t to = nums.seq[members.back()] + last.seg.seg_len();
  std::string s = count + " data segments seq=" + std::to_string(from) + ".." + std::to_string(to);
  s += all_acknowledged(trace, members) ? ", all acknowledged" : ", not all acknowledged";
  return s;
}

}  // namespace tcpsim::render
