#pragma once
// The trace's segments, stored in 32 bytes each instead of the 80 of a `SegmentRecord` (issue 11 §2:
// at most 120 bytes of trace per segment). What a connection's segments share — both addresses and
// ports, the sending and receiving nodes, the sending connection and its payload stream — is kept
// once in a table of paths, and a record holds the path's index; the payload length is 16 bits, its
// offset 32, and reply_to a distance back (16 bits). A segment that does not fit (an MSS option, a
// link's duplicate, an injected or firewall-sent segment with its scenario line, a payload past
// 64 KiB or an offset past 4 GiB) is kept whole in a side table, and its packed slot says where; the
// rare fields a segment may grow (TCP options) belong there. Readers see `SegmentRecord` values: by
// index in O(1), or by iterating. Nothing changes once appended.
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <unordered_map>
#include <vector>

#include "tcp/segment.hpp"
#include "trace/value_iterator.hpp"
#include "util/chunked.hpp"
#include "util/time.hpp"

namespace tcpsim {

struct SegmentRecord;

/// What the segments of one direction of a connection have in common.
struct SegmentPath {
  Endpoint src;
  Endpoint dst;
  uint16_t from = 0;    ///< NodeId of the sender.
  uint16_t to = 0;      ///< NodeId owning the destination address.
  uint32_t conn = 0;    ///< Sending connection id.
  uint32_t stream = 0;  ///< Payload stream id.
  bool operator==(const SegmentPath&) const = default;
};

/// An append-only list of segment records, read back as `SegmentRecord` values.
class SegmentLog {
 public:
  using const_iterator = ValueIterator<SegmentLog, SegmentRecord>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  SegmentLog();
  SegmentLog(const SegmentLog&);
  SegmentLog(SegmentLog&&) noexcept;
  SegmentLog& operator=(const SegmentLog&);
  SegmentLog& operator=(SegmentLog&&) noexcept;
  ~SegmentLog();

  /// Appends one record; from here on it can only be read.
  void push_back(const SegmentRecord& r);
  size_t size() const { return packed_.size(); }
  bool empty() const { return packed_.empty(); }
  /// Segment i, rebuilt from its packed form.
  SegmentRecord operator[](size_t i) const;
  SegmentRecord at(size_t i) const;
  SegmentRecord front() const;
  SegmentRecord back() const;
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  const_reverse_iterator rbegin() const;
  const_reverse_iterator rend() const;
  /// Heap bytes held.
  uint64_t memory_bytes() const;
  /// Records kept whole in the side table (they did not fit the packed form).
  size_t wide() const;  // out of line: std::vector<SegmentRecord> needs the type complete (clang)
  /// Distinct paths.
  size_t paths() const { return paths_.size(); }

 private:
  /// One segment in 32 bytes.
  struct Packed {
    Time sent_at;
    uint32_t seq;
    uint32_t ack;
    uint32_t path;    ///< Index into paths_, or kWide: the record is wide_[offset].
    uint32_t offset;  ///< Payload offset within its stream.
    uint16_t len;     ///< Payload length.
    uint16_t wnd;
    uint8_t flags;
    uint8_t rule;
    uint16_t back;    ///< This segment's index + 1 - reply_to (0: reply_to is 0).
  };
  static_assert(sizeof(Packed) == 32);
  static constexpr uint32_t kWide = UINT32_MAX;

  struct PathHash {
    size_t operator()(const SegmentPath& p) const noexcept;
  };
  /// The index of `r`'s path in paths_, added if new.
  uint32_t intern(const SegmentRecord& r);
  /// intern() through the hash table.
  uint32_t intern_hashed(const SegmentPath& p);

  Chunked<Packed> packed_;
  std::vector<SegmentPath> paths_;
  std::unordered_map<SegmentPath, uint32_t, PathHash> path_index_;
  std::vector<uint32_t> by_conn_;       ///< Per sending connection: 1 + its latest path's index (0: none yet).
  std::array<uint32_t, 64> recent_{};   ///< Paths by a few bits of their hash (segments of no connection).
  std::vector<SegmentRecord> wide_;     ///< Records that did not fit, whole.
};

}  // namespace tcpsim
