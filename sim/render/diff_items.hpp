#pragma once
// The items `tcpsim diff` compares: a run's events reduced to what a person would call "the same
// thing happening", made one at a time by a cursor so that a diff (or the ghost's divergence) of two
// long runs never holds them all (issue 10).
#include <cstdint>
#include <optional>
#include <string>

#include "render/event_text.hpp"
#include "render/rich.hpp"
#include "trace/trace.hpp"

namespace tcpsim::diff {

/// One comparable moment of a run: what a person would call "the same thing happening". Timers are
/// left out (noise); conn ids are left out (they depend on creation order).
struct Item {
  enum class Kind : uint8_t { Segment, State, Call, Discard, Other };
  Kind kind = Kind::Other;
  Time t = 0;
  std::string node;        ///< Who did it ("" for link events).
  std::string key;         ///< What is compared (with kind, time and node).
  std::string pair_key;    ///< Items worth showing on one row when they differ (same call, same kind).
  render::Rich text;               ///< As shown in a column.
  std::string flags;       ///< Segment: "RST+ACK".
  std::string what;        ///< Segment: "RST+ACK seq=1 ack=19" (the compared fields).
  Rule rule = Rule::None;  ///< Segment or state change: why.
  const CallRecord* call = nullptr;
  bool issued = false;     ///< Call: the moment a blocking call was made (it returns later).
  const SegmentRecord* seg = nullptr;
  int64_t segment = -1;    ///< Segment: its index in the trace.
  std::string phrase;      ///< Other: what happened, as a verb phrase ("crashes", "goes down").
  std::string dest;        ///< Segment: the receiver's name.
  std::string died;        ///< Segment: how it was dropped ("fw drops it (line 20)"), or "".
};

/// Whether an event becomes an item: timers, arrivals, notes, forwarding and a link's duplicates are
/// not compared, and a call that returned at once is one item (where it was made).
bool compared(const Trace& tr, const Event& e);

/// The item for an event that is compared().
Item make_item(const Trace& tr, const RelativeNumbers& nums, const render::Glyphs& g, const Event& e);

/// A run's items, made one at a time from an event on.
class ItemCursor {
 public:
  /// Starts at the first item at or after event `from_event`; only segments when `segments_only`.
  ItemCursor(const Trace& tr, const RelativeNumbers& nums, const render::Glyphs& g, bool segments_only,
             size_t from_event = 0);
  /// The current item, or null past the run's last.
  const Item* peek() const { return cur_ ? &*cur_ : nullptr; }
  /// Returns the current item and moves to the next.
  Item take();
  /// Index of the event the current item came from (the event count past the last item).
  size_t event() const { return at_; }

 private:
  void advance();

  const Trace& tr_;
  const RelativeNumbers& nums_;
  const render::Glyphs& g_;
  bool segments_only_;
  size_t at_ = 0;    ///< Event of the current item.
  size_t next_ = 0;  ///< First event not looked at yet.
  std::optional<Item> cur_;
};

}  // namespace tcpsim::diff
