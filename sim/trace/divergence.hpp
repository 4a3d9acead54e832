#pragma once
// Where two runs part (a fault run and its graceful twin, a what-if and its original run), found on
// the traces' plain data: what is compared, and how, lives here; the words `tcpsim diff` says about it
// live in render/diff_text (render text never decides what is "the same").
#include <cstdint>
#include <string_view>

#include "trace/trace.hpp"

namespace tcpsim {

/// One comparable moment of a run: what a person would call "the same thing happening". Timers are
/// left out (noise); conn ids are left out (they depend on creation order).
struct DiffKey {
  enum class Kind : uint8_t { Segment, State, Call, Discard, Other };
  Kind kind = Kind::Other;
  const Trace* trace = nullptr;   ///< The run it comes from (names, calls, links, flows).
  Event event;                    ///< The event it comes from (a copy: the trace stores events packed).
  Time t = 0;
  std::string_view node;          ///< Who did it ("" for link events).
  bool issued = false;            ///< Call: the moment a blocking call was made (it returns later).
  int64_t segment = -1;           ///< Segment: its index in the trace.
  uint32_t seq = 0;               ///< Segment: SEQ as numbered for the comparison (relative or absolute).
  uint32_t ack = 0;               ///< Segment: ACK as numbered (compared only with the ACK flag).
  std::string_view dest;          ///< Segment: the receiving host's name ("" when no host has the address).
};

/// Whether an event is compared: timers, arrivals, notes, forwarding and a link's duplicates are not,
/// and a call that returned at once is one moment (where it was made).
bool diff_compared(const Trace& tr, const Event& e);

/// Whether a blocking call is told twice (when it is made and when it returns): it had to wait.
bool call_waited(const CallRecord& call);

/// The key of an event that is diff_compared(); `nums` numbers its segments (relative or absolute).
DiffKey diff_key(const Trace& tr, const RelativeNumbers& nums, const Event& e);

/// The same thing at the same time by the same node: same segment (flags, numbers, length, receiver,
/// fate), same transition and rule, same call and result, same bytes discarded, same network event.
bool same_moment(const DiffKey& a, const DiffKey& b);

/// Worth one row when they differ: same kind by the same node (and for a call, the same call).
bool pairable(const DiffKey& a, const DiffKey& b);

/// A run's keys, made one at a time from an event on, so that comparing two long runs never holds
/// them all (issue 10).
class DiffCursor {
 public:
  /// Starts at the first key at or after event `from_event`; only segments when `segments_only`.
  DiffCursor(const Trace& tr, const RelativeNumbers& nums, bool segments_only, size_t from_event = 0);
  /// The current key, or null past the run's last.
  const DiffKey* peek() const { return done_ ? nullptr : &cur_; }
  /// Moves to the next key.
  void next() { advance(); }
  /// Index of the event the current key came from (the event count past the last key).
  size_t event() const { return at_; }

 private:
  void advance();

  const Trace& tr_;
  const RelativeNumbers& nums_;
  bool segments_only_;
  size_t at_ = 0;    ///< Event of the current key.
  size_t next_ = 0;  ///< First event not looked at yet.
  bool done_ = false;
  DiffKey cur_;
};

/// Where a fault run and its graceful twin (or any two runs: a branch and the one it came from) part,
/// for tools that draw them together (the visualizer's ghost, the capture's comment): the first
/// segment each run sends that the other does not send the same way.
struct Divergence {
  bool identical = true;        ///< The runs do the same things at the same times.
  Time at = 0;                  ///< When they first differ in anything compared (segments, states, calls).
  int64_t fault_segment = -1;   ///< Index into the first (left) run's segments of the first differing one, or -1.
  int64_t twin_segment = -1;    ///< Index into the second (right) run's segments of its counterpart, or -1.
  size_t common = 0;            ///< Moments the runs share before they part.
  Time last_common = 0;         ///< Time of the last moment they share.
  size_t fault_event = 0;       ///< Event of the first (left) run's first differing moment (its event count if none).
  size_t twin_event = 0;        ///< Event of the second (right) run's first differing moment.
  size_t fault_segment_event = 0; ///< Event sending fault_segment (the event count if none).
  size_t twin_segment_event = 0;  ///< Event sending twin_segment.
};

/// Finds where the runs part, with segments numbered by `fault_nums` and `twin_nums` (relative_numbers()).
Divergence find_divergence(const Trace& fault, const Trace& twin, const RelativeNumbers& fault_nums,
                           const RelativeNumbers& twin_nums);
/// As above, with relative sequence numbers (as Wireshark shows them).
Divergence find_divergence(const Trace& fault, const Trace& twin);

}  // namespace tcpsim
