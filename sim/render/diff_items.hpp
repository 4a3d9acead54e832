#pragma once
// The items `tcpsim diff` shows: a run's comparable moments (trace/divergence.hpp decides what is
// compared and what is "the same") with the words and colours each is shown in, made one at a time by
// a cursor so that a diff of two long runs never holds them all (issue 10).
#include <cstdint>
#include <optional>
#include <string>

#include "render/event_text.hpp"
#include "render/rich.hpp"
#include "trace/divergence.hpp"
#include "trace/trace.hpp"

namespace tcpsim::diff {

/// One comparable moment of a run (its DiffKey) as a diff shows it.
struct Item {
  using Kind = DiffKey::Kind;
  DiffKey moment;          ///< What is compared (same_moment(), pairable()).
  Kind kind = Kind::Other;
  Time t = 0;
  std::string node;        ///< Who did it ("" for link events).
  std::string key;         ///< What happened in words ("discarded 5 unread bytes", "host crashed").
  render::Rich text;               ///< As shown in a column.
  std::string flags;       ///< Segment: "RST+ACK".
  std::string what;        ///< Segment: "RST+ACK seq=1 ack=19" (the compared fields).
  Rule rule = Rule::None;  ///< Segment or state change: why.
  std::optional<CallRecord> call;  ///< Call: its record (records are read back as values).
  bool issued = false;     ///< Call: the moment a blocking call was made (it returns later).
  std::optional<SegmentRecord> seg;  ///< Segment: its record (records are read back as values).
  SegmentFate fate;  ///< With `seg`: what became of it.
  int64_t segment = -1;    ///< Segment: its index in the trace.
  std::string phrase;      ///< Other: what happened, as a verb phrase ("crashes", "goes down").
  std::string dest;        ///< Segment: the receiver's name.
  std::string died;        ///< Segment: how it was dropped ("fw drops it (line 20)"), or "".
};

/// The item for a moment (diff_key()).
Item make_item(const Trace& tr, const render::Glyphs& g, const DiffKey& k);

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
  size_t event() const { return keys_.event(); }

 private:
  void load();

  const Trace& tr_;
  const render::Glyphs& g_;
  DiffCursor keys_;
  std::optional<Item> cur_;
};

}  // namespace tcpsim::diff
