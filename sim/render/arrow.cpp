#include "render/arrow.hpp"

namespace tcpsim::render {

void put_toward(Row& row, long anchor, int dir, const Rich& text) {
  row.put(dir > 0 ? anchor : anchor - static_cast<long>(text.size()) + 1, text);
}

std::optional<Rich> draw_arrow(const ArrowSpec& a, const Glyphs& g, Row& row) {
  // Rightward the arrow reads  ├─ LABEL ──── 0.020 ─▶│   or   ├─ LABEL ───✗ lost
  // leftward it is the mirror  │◀─ 0.040 ──── LABEL ─┤   or   lost ✗─── LABEL ─┤
  const int dir = a.to > a.from ? 1 : -1;
  const long dist = (a.to - a.from) * dir;

  // The reason goes past the cross when it fits before the next lane (or the edge of the line).
  long bound = dir > 0 ? a.last_col + 1 : a.first_col - 1;
  for (long x : a.lanes) {
    if (dir > 0 && x > a.to) bound = std::min(bound, x - 1);
    if (dir < 0 && x < a.to) bound = std::max(bound, x + 1);
  }
  const long far_room = (bound - a.to) * dir;
  const bool reason_far = a.dropped && far_room >= static_cast<long>(display_width(a.reason)) + 2;

  Rich tail;  // Inside the shaft, by its end: the arrival time, or the reason when it has no room past the cross.
  if (!a.dropped && !a.arrival.empty()) tail = rich(" " + a.arrival + " ", a.ink);
  if (a.dropped && !reason_far) tail = rich(" " + a.reason + " ", Ink::Error);
  const long tail_room = a.dropped ? (reason_far ? 0 : static_cast<long>(tail.size())) + 1
                                   : static_cast<long>(tail.size()) + 3;
  auto fits = [&](const Rich& label, long tail_len) {
    return dist >= 2 + static_cast<long>(label.size()) + 1 + tail_len;
  };

  Rich label = rich(" " + a.label, a.ink);
  if (!a.tag.empty()) append(label, " (" + a.tag + ")", Ink::Dim);
  append(label, " ", a.ink);
  std::string far_text = a.reason;
  if (!fits(label, tail_room) && !a.tag.empty()) {
    label = rich(" " + a.label + " ", a.ink);
    // A short arrow (a drop mid-link): the tag can still follow the reason past the cross.
    if (reason_far && far_room >= static_cast<long>(display_width(a.reason + a.tag)) + 6) {
      far_text = a.reason + "  (" + a.tag + ")";
    }
  }
  std::optional<Rich> own_row;
  if (!fits(label, tail_room)) {
    own_row = Rich(label.begin() + 1, label.end() - 1);
    label.clear();
    if (!fits(label, tail_room)) tail.clear();
  }

  const std::string_view shaft = a.heavy ? g.shaft_heavy : g.shaft;
  const std::string_view cross = a.heavy ? g.cross_heavy : g.cross;
  for (long x = a.from + dir; x != a.to; x += dir) row.put(x, shaft, a.ink);
  for (long x : a.lanes) {
    if ((x - a.from) * dir > 0 && (a.to - x) * dir > 0) row.put(x, cross, a.ink);
  }
  const std::string_view start = dir > 0 ? (a.heavy ? g.start_right_heavy : g.start_right)
                                         : (a.heavy ? g.start_left_heavy : g.start_left);
  row.put(a.from, start, a.ink);
  if (!label.empty()) put_toward(row, a.from + 2 * dir, dir, label);
  if (!a.dropped) {
    row.put(a.to - dir, dir > 0 ? g.head_right : g.head_left, a.ink);
    if (!tail.empty()) put_toward(row, a.to - 3 * dir, -dir, tail);
  } else {
    row.put(a.to, g.lost, Ink::Error);
    if (reason_far) {
      put_toward(row, a.to + 2 * dir, dir, rich(far_text, Ink::Error));
    } else if (!tail.empty()) {
      put_toward(row, a.to - dir, -dir, tail);
    }
  }
  return own_row;
}

}  // namespace tcpsim::render
