#pragma once
// The trace's events, stored in 16 bytes each instead of the 32 of an `Event` (issue 11 §2): times
// as offsets from a base per block of events (a time more than 4 s past its block's base, after an
// idle stretch, is kept in a table of times: 8 bytes more), connection ids in 16 bits, and one
// 32-bit slot that holds the event's `ref` or its `value` (a timer's deadline as an offset from the
// event's time). An event that does not fit (a deadline hours away, a drop's link beside its segment,
// connection ids past 65,535) is kept whole in a side table, and its packed slot says where. Readers
// see `Event` values: by index in O(1), or by iterating.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "tcp/rules.hpp"
#include "trace/value_iterator.hpp"
#include "util/chunked.hpp"
#include "util/time.hpp"

namespace tcpsim {

struct Event;
enum class EventType : uint8_t;

/// An append-only list of events, read back as `Event` values.
class EventLog {
 public:
  /// Iterates events in order; dereferencing yields an `Event` by value.
  using const_iterator = ValueIterator<EventLog, Event>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  EventLog();
  EventLog(const EventLog&);
  EventLog(EventLog&&) noexcept;
  EventLog& operator=(const EventLog&);
  EventLog& operator=(EventLog&&) noexcept;
  ~EventLog();

  /// Appends `e`. The usual case is inline (defined in trace/trace.hpp, after `Event`): every step of
  /// a run records events, and the call alone cost a third of it.
  inline void push_back(const Event& e);
  /// Appends an event without a value (most of a run's: a segment sent or delivered), its fields
  /// given one by one, so the usual case packs them in place without building an `Event` first.
  inline void push_ref(Time t, EventType type, uint8_t a, uint8_t b, Rule rule, uint16_t node, uint32_t conn,
                       uint32_t ref);
  size_t size() const { return packed_.size(); }
  bool empty() const { return packed_.empty(); }
  /// Event i, rebuilt from its packed form.
  Event operator[](size_t i) const;
  Event at(size_t i) const;
  Event front() const;
  Event back() const;
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  const_reverse_iterator rbegin() const;
  const_reverse_iterator rend() const;
  /// Heap bytes held.
  uint64_t memory_bytes() const;
  /// Events kept whole in the side table (they did not fit the packed form).
  size_t wide() const;
  /// Events whose time is kept in the table of times.
  size_t far() const { return far_.size(); }

  /// Events per time base: an event's time is stored as an offset from its block's first event.
  static constexpr size_t kBlock = 256;

 private:
  /// One event in 16 bytes. `type` holds the EventType in its low 5 bits and the flags above them.
  struct Packed {
    uint32_t dt;    ///< Time after the block's base; from kFar on, kFar + an index into far_.
    uint8_t type;
    uint8_t a;
    uint8_t b;
    uint8_t rule;
    uint16_t node;
    uint16_t conn;
    uint32_t x;     ///< ref, or value (kValue), or value - t (kValue | kRelative), or a wide_ index (kWide).
  };
  static_assert(sizeof(Packed) == 16);
  static constexpr uint8_t kTypeMask = 0x1F;
  static constexpr uint8_t kRelative = 0x20;
  static constexpr uint8_t kValue = 0x40;
  static constexpr uint8_t kWide = 0x80;
  static constexpr uint32_t kFar = 0xF0000000;  ///< Offsets below this are times (up to 4.03 s).

  /// push_back for an event with a value, far from its block's base, or too large to pack.
  void push_back_other(const Event& e, uint64_t dt);
  /// Starts a block of kBlock events whose times are offsets from `t`.
  [[gnu::noinline]] void start_block(Time t);

  Chunked<Packed> packed_;
  std::vector<Time> bases_;   ///< Time of the first event of each block of kBlock.
  std::vector<Time> far_;     ///< Times too far from their block's base.
  std::vector<Event> wide_;   ///< Events that did not fit, whole.
};

}  // namespace tcpsim
