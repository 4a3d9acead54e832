#pragma once
// One segment's arrow on a ladder row: where the label, the arrival time and the drop reason go so
// that they fit between the lanes, and what to do when they do not.
#include <optional>
#include <string>
#include <vector>

#include "render/rich.hpp"

namespace tcpsim::render {

/// Everything needed to draw one arrow.
struct ArrowSpec {
  long from = 0;            ///< Column of the sender's lane.
  long to = 0;              ///< Column where the arrow ends: the receiver's lane, or where the segment died.
  bool dropped = false;     ///< Ends in ✗ and the reason instead of a head and the arrival time.
  bool heavy = false;       ///< Heavy line (resets).
  Ink ink = Ink::Plain;     ///< Colour of the line and the label.
  std::string label;        ///< "RST+ACK seq=1 ack=19 win=65517".
  std::string tag;          ///< "retransmission": shown after the label when there is room.
  std::string arrival;      ///< "0.220": shown by the head (delivered segments).
  std::string reason;       ///< "lost", "firewall (line 12)": shown by the cross (dropped segments).
  std::vector<long> lanes;  ///< Every lane's column (crossings are drawn; the reason stops before the next lane).
  long first_col = 0;       ///< Leftmost column text may use.
  long last_col = 0;        ///< Rightmost column text may use.
};

/// Draws the arrow on `row` (lanes already drawn). Returns the label when it does not fit on the
/// shaft: the caller prints it on a row of its own above, with put_toward(row, from ± 2, direction).
std::optional<Rich> draw_arrow(const ArrowSpec& spec, const Glyphs& g, Row& row);

/// Places `text` with its end nearest `anchor` at `anchor`, running in `dir` (+1 right, -1 left).
void put_toward(Row& row, long anchor, int dir, const Rich& text);

}  // namespace tcpsim::render
