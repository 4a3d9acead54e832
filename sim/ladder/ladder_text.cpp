// The ladder's texts: marks on the lanes, arrow and band labels, drop reasons and gap labels (the
// ghost's callout is ladder_callout.cpp). Each is placed greedily, most important first, where it covers no other text and
// none of the lines that matter (resets, the first differing segment); what finds no room is hidden
// (a mark keeps a tick on its lane) and still read in the tooltip.
#include "ladder/ladder_frame.hpp"
#include "ladder/text_wrap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ladder/endpoints.hpp"
#include "ladder/mark_forms.hpp"
#include "render/event_text.hpp"
#include "trace/describe.hpp"

namespace tcpsim::viz::ladder {

namespace {

/// A label waiting for a place, in priority order.
struct Candidate {
  enum class What : uint8_t { Arrow, Reason, Ghost, Band, GhostBand, Callout } what;
  size_t item;
  int priority;
  double when;
};

}  // namespace

void Occupancy::reset(float top, float height) {
  top_ = top;
  const size_t n = static_cast<size_t>(std::max(1.0f, std::ceil(height / kBin))) + 1;
  if (bins_.size() < n) bins_.resize(n);
  for (auto& b : bins_) b.clear();
  used_ = n;
  boxes_.clear();
  lines_.clear();
  weights_.clear();
}

const Box* Occupancy::overlap(const Box& b, int64_t own) const {
  const auto [lo, hi] = range(b);
  for (size_t k = lo; k <= hi; ++k) {
    for (uint32_t i : bins_[k]) {
      if (boxes_[i].overlaps(b) && (own < 0 || lines_[i] != own)) return &boxes_[i];
    }
  }
  return nullptr;
}

bool Occupancy::free_except(const Box& b, const std::vector<Box>& mine) const {
  const auto [lo, hi] = range(b);
  for (size_t k = lo; k <= hi; ++k) {
    for (uint32_t i : bins_[k]) {
      const Box& o = boxes_[i];
      if (!o.overlaps(b)) continue;
      const bool own = std::any_of(mine.begin(), mine.end(), [&](const Box& m) {
        return m.x == o.x && m.y == o.y && m.w == o.w && m.h == o.h;
      });
      if (!own) return false;
    }
  }
  return true;
}

size_t Occupancy::cost(const Box& b) const {
  const auto [lo, hi] = range(b);
  size_t n = 0;
  for (size_t k = lo; k <= hi; ++k) {
    for (uint32_t i : bins_[k]) {
      // A box spanning several bins is counted once: in the first bin it shares with `b`.
      if (boxes_[i].overlaps(b) && k == std::max(lo, range(boxes_[i]).first)) n += weights_[i];
    }
  }
  return n;
}

void Occupancy::take(const Box& b, int64_t line, uint8_t weight) {
  const auto [lo, hi] = range(b);
  for (size_t k = lo; k <= hi; ++k) bins_[k].push_back(static_cast<uint32_t>(boxes_.size()));
  boxes_.push_back(b);
  lines_.push_back(line);
  weights_.push_back(weight);
}

std::pair<size_t, size_t> Occupancy::range(const Box& b) const {
  auto bin = [&](float y) {
    const float k = std::floor((y - top_) / kBin);
    return static_cast<size_t>(std::clamp(k, 0.0f, static_cast<float>(used_ - 1)));
  };
  return {bin(b.y), bin(b.y + b.h)};
}

std::string mark_text(const Trace& t, const LadderIndex& ix, uint32_t event, MarkKind kind) {
  const Event& e = t.events[event];
  switch (kind) {
    case MarkKind::State:
      return viz::conn_prefix(t, e.conn) + std::string(state_name(static_cast<State>(e.a))) + " → " +
             std::string(state_name(static_cast<State>(e.b)));
    case MarkKind::Call:
    case MarkKind::CallFailed: {
      const CallRecord& c = t.calls[e.ref];
      if (e.type == EventType::AppCall && render::call_waited(c)) {
        return render::plain_text(render::call_issued_text(t, c, render::glyphs(false)));
      }
      return render::plain_text(render::call_result_text(t, c)) + accepted_name(t, c);
    }
    case MarkKind::Note: return e.ref < t.notes.size() ? t.notes[e.ref].text : std::string();
    case MarkKind::Crash: return "✗ host crashed";
    case MarkKind::Restart: return "host restarted";
    case MarkKind::Discard: return viz::conn_prefix(t, e.conn) + render::discard_text(e);
    case MarkKind::Timer: return viz::conn_prefix(t, e.conn) + render::timer_text(e);
    case MarkKind::Verdict: return render::verdict_text(t, e.ref, ix.answered[e.ref]);
    case MarkKind::Link: return e.type == EventType::LinkDown ? "link down" : "link up";
    case MarkKind::Flow: return render::flow_text(t, e, false);
    case MarkKind::Kill: return "✗ " + render::kill_text(t, e);
  }
  return "";
}
/// The lines text must not cover: every reset, and the first differing segment of both runs (with
/// text_clear_of_arrows: every arrow and ghost).
void Frame::obstacles() {
  size_t taken = 0;
  auto block = [&](Point a, Point c, Point b, int64_t owner) {
    constexpr int kPieces = 24;
    Point prev = a;
    for (int k = 1; k <= kPieces; ++k) {
      const Point next = bezier(a, c, b, static_cast<float>(k) / kPieces);
      const Box box{std::min(prev.x, next.x) - 1, std::min(prev.y, next.y) - 1, std::fabs(next.x - prev.x) + 2,
                    std::fabs(next.y - prev.y) + 2};
      if (box.overlaps(out_.plot)) occ_.take(box, owner, 3);
      prev = next;
    }
  };
  const int64_t mine = ghost_on() ? own_divergence() : -1;
  const int64_t theirs = ghost_on() ? other_divergence() : -1;
  const bool all = in_.text_clear_of_arrows;
  for (size_t k = 0; k < out_.arrows.size() && (all || taken < 32); ++k) {
    const LadderArrow& a = out_.arrows[k];
    if (!all && a.style != ArrowStyle::Rst && static_cast<int64_t>(a.segment) != mine) continue;
    block(a.from, a.control, a.to, static_cast<int64_t>(k));
    ++taken;
  }
  for (size_t k = 0; k < out_.ghosts.size(); ++k) {
    const LadderArrow& g = out_.ghosts[k];
    if (all || static_cast<int64_t>(g.segment) == theirs) {
      block(g.from, g.control, g.to, kGhostLine + static_cast<int64_t>(k));
    }
  }
}

/// Marks on the lanes, in two passes: those of the current moment first (what a student stepping
/// through is looking at), then the earlier ones in time order. A mark's text sits at its moment, just
/// above it, or slides down a little; it never slides below a later mark of its lane, nor past the end
/// of the next compressed gap (into another stretch of time). What finds no room, or only repeats the
/// text shown just above it on its lane, keeps a tick.
void Frame::marks() {
  const auto& all = ix_.marks;
  const double margin = kMaxDriftLines * lh_ / cam_.pixels_per_story;
  auto first = std::lower_bound(all.begin(), all.end(), s_top_ - margin,
                                [](const LadderIndex::Mark& k, double s) { return k.story < s; });
  std::vector<const LadderIndex::Mark*> current, earlier;
  for (auto it = first; it != all.end() && it->story <= s_bot_; ++it) {
    if (it->event >= m_.applied) break;  // marks appear once their event has happened (in time order)
    const Time t = run_.trace.events[it->event].t;
    (t == m_.now ? current : earlier).push_back(&*it);
  }
  const size_t lanes = 2 * std::max<size_t>(run_.lanes.size(), 1) + 1;
  std::vector<float> floor(lanes, 1e30f);  // per position: top of the current moment's texts
  std::vector<float> last_tick(lanes, -1e30f);
  size_t attempts = 0;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<float> cursor(lanes, -1e30f);  // per position: bottom of its last text this pass
    // Per position: the marks placed at the latest moment seen there.
    std::vector<MarkGroup> group(lanes);
    // Per position: the anchor and text of its last label shown this pass.
    std::vector<float> shown_y(lanes, -1e30f);
    std::vector<std::string> shown_text(lanes);
    for (const LadderIndex::Mark* k : pass == 0 ? current : earlier) {
      LadderMark mk;
      mk.event = k->event;
      mk.kind = k->kind;
      const float ay = y(k->story);
      if (k->pos2 == LadderIndex::kMargin) {
        // Notes: a subtle mark in the time column; the narration panel and the tooltip read them.
        mk.anchor = {out_.axis_right - 5 * s_, ay};
        if (ay >= out_.plot.y && ay <= out_.plot.bottom()) out_.marks.push_back(std::move(mk));
        continue;
      }
      const size_t pos = std::min<size_t>(k->pos2, lanes - 1);
      mk.anchor = {x2(k->pos2), ay};
      if (group[pos].story != k->story) group[pos] = {k->story, {}, {}};
      // Its full words (a shown text may be cut to fit), built at most once and only when needed.
      std::string full;
      const auto words = [&]() -> const std::string& {
        if (full.empty()) full = mark_text(run_.trace, ix_, k->event, k->kind);
        return full;
      };
      const bool repeat = pass == 1 && ay - shown_y[pos] < kRepeatLines * lh_ && words() == shown_text[pos];
      // A group that went above its moment (a line leaves the lane there) stays together above it.
      const bool placed = !repeat && attempts < kMaxLabelAttempts &&
                          (stack_above(group[pos], mk, *k, false) || place_mark(*k, mk, cursor[pos], floor[pos], attempts) ||
                           stack_above(group[pos], mk, *k, true));
      if (placed) {
        shown_y[pos] = ay;
        if (pass == 1) shown_text[pos] = words();
        cursor[pos] = std::max(cursor[pos], mk.label.box.bottom() + 1);
        group[pos].marks.push_back(out_.marks.size());
        group[pos].room.push_back(mk.label.box);
        if (pass == 0) {
          floor[pos] = std::min(floor[pos], mk.label.box.y);
          for (size_t i : group[pos].marks) {
            if (i < out_.marks.size()) floor[pos] = std::min(floor[pos], out_.marks[i].label.box.y);
          }
        }
      } else {
        // No room: the moment is still marked by a tick on the lane (one per pixel row).
        if (ay < out_.plot.y || ay > out_.plot.bottom() || std::fabs(ay - last_tick[pos]) < 2) continue;
        last_tick[pos] = ay;
        mk.label = {};
      }
      out_.marks.push_back(std::move(mk));
    }
  }
  // Back in time order, as a reader expects them.
  std::stable_sort(out_.marks.begin(), out_.marks.end(),
                   [](const LadderMark& a, const LadderMark& b) { return a.event < b.event; });
}

bool Frame::place_mark(const LadderIndex::Mark& k, LadderMark& mk, float cursor, float floor, size_t& attempts) {
  const float ay = mk.anchor.y;
  const float want = ay - lh_ / 2 - pad_y();
  // How far down it may go: a few lines, not below a later mark, not past the next gap's end.
  float limit = std::min(want + kMaxDriftLines * lh_, floor);
  for (const StoryClock::Gap& g : visible_gaps_) {
    if (g.story >= k.story - 1e-9) {
      limit = std::min(limit, y(g.story + StoryClock::kGapStory));
      break;
    }
  }
  const float top = std::max(want, cursor);
  if (top + lh_ > limit) return false;
  ++attempts;
  // A failed call is the lesson ("recv() = -1 ECONNRESET (Connection reset by peer)"): it gets the
  // whole width between two lanes when that row is free, rather than being cut short.
  Box b = mark_box(k, mk, top, k.kind == MarkKind::CallFailed);
  if (k.kind == MarkKind::CallFailed && occ_.overlap(b)) b = mark_box(k, mk, top);
  // At its moment; else just above it (when that keeps the lane's order: a line leaving the lane at
  // this moment often blocks the row); else sliding down.
  Box above = b;
  above.y = ay - b.h - 2 * s_;
  if (occ_.overlap(b) && above.y >= cursor && !occ_.overlap(above)) b = above;
  for (int guard = 0; guard < 16; ++guard) {
    const Box* o = occ_.overlap(b);
    if (!o) break;
    b.y = o->bottom() + 1;
    if (b.bottom() > limit) return false;
  }
  if (occ_.overlap(b) || b.bottom() > limit + 0.01f || !in_plot(b)) return false;
  mk.label.box = b;
  mk.label.shown = true;
  occ_.take(b, -1, 1);
  return true;
}

/// Sets the mark's text (fitted to the room beside its lane) and returns its box with its top at `top`.
Box Frame::mark_box(const LadderIndex::Mark& k, LadderMark& mk, float top, bool wide) const {
  const size_t n = run_.lanes.size();
  mk.label.text = mark_text(run_.trace, ix_, k.event, k.kind);
  const bool pending = call_pending(k.event);
  if (pending) {
    // Called, not yet returned at this step (what it sends comes first): "close() …", as the console.
    const CallRecord& c = run_.trace.calls[run_.trace.events[k.event].ref];
    mk.label.text = render::plain_text(render::call_issued_text(run_.trace, c, render::glyphs(false)));
    mk.kind = MarkKind::Call;
  }
  // Outer lanes write inward; middle lanes and links centre on their line.
  const bool left = n > 1 && k.pos2 == 0;
  const bool right = n > 1 && k.pos2 == 2 * (n - 1);
  const float room = n <= 1 ? out_.area.right() - mk.anchor.x - 8 * s_
                            : (left || right ? (n == 2 && !wide ? 0.46f : 0.9f) : 0.9f) * lane_step_;
  // A shorter form before an ellipsis: the state entered or the errno must show whole.
  mk.label.text = fit(fitting_mark_text(run_.trace, k.event, k.kind, pending, mk.label.text,
                                        [&](const std::string& f) { return width(f) + 2 * pad_x() <= room; }),
                      room);
  Box b = text_box(0, top, mk.label.text);
  if (left || n <= 1) {
    b.x = mk.anchor.x + 6 * s_;
  } else if (right) {
    b.x = mk.anchor.x - 6 * s_ - b.w;
  } else {
    b.x = std::clamp(mk.anchor.x - b.w / 2, out_.axis_right, out_.area.right() - b.w);
  }
  return b;
}

/// True for the mark of a call that returns at once (one mark, at its AppCall event) while its
/// AppReturn event has not been applied yet.
bool Frame::call_pending(uint32_t event) const {
  const auto& events = run_.trace.events;
  const Event& e = events[event];
  if (e.type != EventType::AppCall) return false;
  for (size_t i = event + 1; i < events.size() && events[i].t == e.t; ++i) {
    if (events[i].type == EventType::AppReturn && events[i].ref == e.ref) return i >= m_.applied;
  }
  return false;
}

/// A mark whose moment already has marks on its lane: the group and this mark stack above the moment,
/// in order, so the lane still reads in order (close() = 0, ESTABLISHED → CLOSED, discarded 18 unread
/// bytes) and a line leaving the lane there stays clear.
/// - The group sits above its moment already (a line leaves the lane there): it moves up a row and
///   this mark takes the bottom one.
/// - The group sits at and below its moment and this mark found no room under it (`failed`: the end
///   of the view, or the next moment's texts): the whole group moves above the moment.
/// Every text where it lands must cover nothing but the group's own room.
bool Frame::stack_above(MarkGroup& group, LadderMark& mk, const LadderIndex::Mark& k, bool failed) {
  if (group.marks.empty()) return false;
  const float ay = mk.anchor.y;
  float bottom = -1e30f;
  bool above = true;
  for (size_t i : group.marks) {
    const LadderLabel& g = out_.marks[i].label;
    if (!g.shown) return false;
    above = above && g.box.bottom() <= ay + 0.5f;
    bottom = std::max(bottom, g.box.bottom());
  }
  if (!above && !failed) return false;
  if (!above) bottom = ay - 2 * s_;
  std::vector<Box> boxes;
  for (size_t i : group.marks) boxes.push_back(out_.marks[i].label.box);
  boxes.push_back(mark_box(k, mk, 0));
  float y = bottom;
  for (auto it = boxes.rbegin(); it != boxes.rend(); ++it) {
    it->y = y - it->h;
    y = it->y - 1;
  }
  for (const Box& b : boxes) {
    if (!in_plot(b) || !occ_.free_except(b, group.room)) return false;
  }
  for (size_t j = 0; j < group.marks.size(); ++j) out_.marks[group.marks[j]].label.box = boxes[j];
  mk.label.box = boxes.back();
  mk.label.shown = true;
  for (const Box& b : boxes) {
    occ_.take(b, -1, 1);
    group.room.push_back(b);
  }
  return true;
}

/// "29.9 s later" in the middle of each gap, between the first two lanes or wherever there is room
/// (last of all texts: the shaded band and the breaks on the lanes already show the gap).
void Frame::gap_labels() {
  const size_t n = run_.lanes.size();
  std::vector<float> xs;
  for (float f : {0.5f, 0.25f, 0.75f}) {
    for (size_t k = 0; k + 1 < std::max<size_t>(n, 2); ++k) {
      const float a = n > 1 ? x_lane(k) : out_.axis_right, b = n > 1 ? x_lane(k + 1) : out_.area.right();
      xs.push_back(a + (b - a) * f);
    }
  }
  for (LadderGap& g : out_.gaps) {
    const Box size = text_box(0, 0, g.label.text);
    if (g.y1 - g.y0 < size.h * 0.6f) continue;
    for (float cx : xs) {
      if (try_take(g.label, {cx - size.w / 2, (g.y0 + g.y1) / 2 - size.h / 2, size.w, size.h}, -1, 1)) break;
    }
  }
}

/// Places a box of size (w, h) beside the line a-b near its fraction t: above it (side = +1) or below
/// (side = -1), far enough that the line does not cross the box.
Box Frame::beside(Point a, Point b, float t, float w, float h, int side) const {
  const Point p = lerp(a, b, t);
  float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1e-3f) {
    dx = 1;
    dy = 0;
  } else {
    dx /= len;
    dy /= len;
  }
  Point n{dy, -dx};
  if (n.y > 0 || (n.y == 0 && n.x < 0)) n = {-n.x, -n.y};  // points up (or right when vertical)
  if (side < 0) n = {-n.x, -n.y};
  const float off = w / 2 * std::fabs(n.x) + h / 2 * std::fabs(n.y) + 3 * s_;
  return {p.x + n.x * off - w / 2, p.y + n.y * off - h / 2, w, h};
}

/// Keeps a box inside the plot horizontally.
Box Frame::clamp_x(Box b) const {
  b.x = std::clamp(b.x, out_.axis_right, std::max(out_.axis_right, out_.plot.right() - b.w));
  return b;
}

/// Places `l` at `b` if it is free (the line of arrow `own` excepted); `weight` as in Occupancy::take.
bool Frame::try_take(LadderLabel& l, const Box& b, int64_t own, uint8_t weight) {
  if (!in_plot(b) || occ_.overlap(b, own)) return false;
  l.box = b;
  l.shown = true;
  occ_.take(b, -1, weight);
  return true;
}

/// The visible part of a straight line (rows inside the plot).
bool Frame::visible_part(Point& a, Point& b) const {
  const float top = out_.plot.y, bottom = out_.plot.bottom();
  if (std::max(a.y, b.y) < top || std::min(a.y, b.y) > bottom) return false;
  auto cut = [&](Point& p, const Point& q) {
    if (p.y < top && q.y != p.y) p = lerp(p, q, (top - p.y) / (q.y - p.y));
    if (p.y > bottom && q.y != p.y) p = lerp(p, q, (bottom - p.y) / (q.y - p.y));
  };
  const Point a0 = a, b0 = b;
  cut(a, b0);
  cut(b, a0);
  return true;
}

void Frame::place_on_line(LadderLabel& l, Point a, Point b, int side, bool curve, Point control, int64_t owner) {
  const Box size = text_box(0, 0, l.text);
  const Point a0 = a, b0 = b;
  if (!curve && !visible_part(a, b)) return;
  // A line cut by the plot's edge gets its label beside what is left of it, on its own side only,
  // and only when enough of it shows: a label beside a stub would seem to name its neighbour.
  const bool cut = !curve && (a.x != a0.x || a.y != a0.y || b.x != b0.x || b.y != b0.y);
  if (cut && std::hypot(b.x - a.x, b.y - a.y) < 0.6f * size.w) return;
  static constexpr float kAlong[] = {0.5f, 0.36f, 0.64f, 0.22f, 0.78f};
  for (float t : kAlong) {
    Box box;
    if (curve) {
      // Below the curve's bow, on its lower side.
      const Point p = bezier(a, control, b, t);
      box = {p.x - size.w / 2, p.y + 2 * s_, size.w, size.h};
    } else {
      box = beside(a, b, t, size.w, size.h, side);
    }
    if (try_take(l, clamp_x(box), owner)) return;
  }
  if (curve || cut) return;
  // No room on its own side: the other side, near the middle.
  for (float t : {kAlong[0], kAlong[1], kAlong[2]}) {
    if (try_take(l, clamp_x(beside(a, b, t, size.w, size.h, -side)), owner)) return;
  }
}

void Frame::place_reason(LadderLabel& l, Point at, int64_t owner) {
  const Box size = text_box(0, 0, l.text);
  const float g = 7 * s_;
  for (Point off : {Point{g, -size.h / 2}, Point{-g - size.w, -size.h / 2}, Point{g, 2}, Point{-g - size.w, 2},
                    Point{g, -size.h - 2}, Point{-g - size.w, -size.h - 2}}) {
    if (try_take(l, clamp_x({at.x + off.x, at.y + off.y, size.w, size.h}), owner)) return;
  }
}

/// "ACK ×42 seq=1…62781 len=1460", "ACK ×41 ack=1461…18981", "ACK ×2 lost".
std::string Frame::band_text(const Run& r, const LadderBand& b, const std::string& prefix) const {
  const Trace& t = r.trace;
  const SegmentRecord& f = t.segments[b.first];
  const SegmentRecord& z = t.segments[b.last];
  std::string s = prefix;
  s += flags_to_string(f.seg.flags) + " ×" + std::to_string(b.count);
  if (b.dropped) return s + " " + render::drop_text(t.fate(b.first));
  // Data is told by its sequence numbers; bare ACKs by what they acknowledge.
  const bool data = b.style == ArrowStyle::Data;
  const char* field = data || !(f.seg.flags & kAck) ? " seq=" : " ack=";
  auto num = [&](const SegmentRecord& x, size_t i) {
    if (data || !(x.seg.flags & kAck)) return in_.absolute ? x.seg.seq.v : r.rel.seq[i];
    return in_.absolute ? x.seg.ack.v : r.rel.ack[i];
  };
  const uint32_t lo = num(f, b.first), hi = num(z, b.last);
  s += field + std::to_string(lo) + (hi != lo ? "…" + std::to_string(hi) : "");
  if (data) s += " len=" + std::to_string(f.seg.data.len);
  return s;
}

/// Places labels in priority order. The key ones (the selected arrow, resets, drop reasons, the
/// first differing segment of both runs) go first, before the marks; the rest after them.
void Frame::labels(bool key) {
  std::vector<Candidate> c;
  auto prio = [](ArrowStyle st) {
    return st == ArrowStyle::Rst ? 1 : (st == ArrowStyle::Syn || st == ArrowStyle::Fin) ? 4 : 6;
  };
  for (size_t k = 0; k < out_.arrows.size(); ++k) {
    const LadderArrow& a = out_.arrows[k];
    c.push_back({Candidate::What::Arrow, k, a.selected ? 0 : prio(a.style), ix_.send[a.segment]});
    if (a.dropped) c.push_back({Candidate::What::Reason, k, 1, ix_.send[a.segment]});
  }
  // The ghost of the first differing segment is a key label; other ghosts yield to every real label.
  for (size_t k = 0; k < out_.ghosts.size(); ++k) {
    const bool first = static_cast<int64_t>(out_.ghosts[k].segment) == (ghost_on() ? other_divergence() : -1);
    c.push_back({Candidate::What::Ghost, k, first ? 2 : 7, static_cast<double>(out_.ghosts[k].from.y)});
  }
  if (ghost_on()) c.push_back({Candidate::What::Callout, 0, 3, 0});
  for (size_t k = 0; k < out_.bands.size(); ++k) {
    c.push_back({Candidate::What::Band, k, out_.bands[k].dropped ? 1 : 5, out_.bands[k].send0});
  }
  for (size_t k = 0; k < out_.ghost_bands.size(); ++k) {
    c.push_back({Candidate::What::GhostBand, k, 5, out_.ghost_bands[k].send0});
  }
  const int64_t mine = ghost_on() ? own_divergence() : -1;
  const int64_t theirs = ghost_on() ? other_divergence() : -1;
  auto is_key = [&](const Candidate& k) {
    switch (k.what) {
      case Candidate::What::Arrow: return k.priority <= 1 || static_cast<int64_t>(out_.arrows[k.item].segment) == mine;
      case Candidate::What::Reason: return true;
      case Candidate::What::Ghost: return static_cast<int64_t>(out_.ghosts[k.item].segment) == theirs;
      default: return false;
    }
  };
  c.erase(std::remove_if(c.begin(), c.end(), [&](const Candidate& k) { return is_key(k) != key; }), c.end());
  std::stable_sort(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.when < b.when;
  });
  size_t attempts = key ? 0 : attempts_;
  for (const Candidate& k : c) {
    if (k.what == Candidate::What::Callout) {
      callout();
      continue;
    }
    if (++attempts > kMaxLabelAttempts) continue;
    switch (k.what) {
      case Candidate::What::Arrow: {
        // The full label, else shorter ones: a crowded arrow still says what it is.
        LadderArrow& a = out_.arrows[k.item];
        // Along the whole journey, so the label stands still while the packet moves.
        for (int detail = 2; detail >= 0 && !a.label.shown; --detail) {
          a.label.text = arrow_label(run_, a.segment, in_.absolute, detail);
          place_on_line(a.label, a.from, a.full, +1, false, {}, static_cast<int64_t>(k.item));
        }
        break;
      }
      case Candidate::What::Reason: {
        LadderArrow& a = out_.arrows[k.item];
        a.reason.text = render::drop_text(run_.trace.fate(a.segment));
        place_reason(a.reason, a.to, static_cast<int64_t>(k.item));
        break;
      }
      case Candidate::What::Ghost: {
        LadderArrow& a = out_.ghosts[k.item];
        a.label.text = ghost_prefix() + arrow_label(*in_.other, a.segment, in_.absolute);
        const int64_t owner = kGhostLine + static_cast<int64_t>(k.item);
        place_on_line(a.label, a.from, a.to, -1, true, a.control, owner);
        if (a.dropped) {
          a.reason.text = render::drop_text(in_.other->trace.fate(a.segment));
          place_reason(a.reason, a.to, owner);
        }
        break;
      }
      case Candidate::What::Band:
      case Candidate::What::GhostBand: {
        const bool ghost = k.what == Candidate::What::GhostBand;
        LadderBand& b = ghost ? out_.ghost_bands[k.item] : out_.bands[k.item];
        b.label.text = band_text(ghost ? *in_.other : run_, b, ghost ? ghost_prefix() : std::string());
        if (b.dropped && !b.in_flight) {
          place_reason(b.label, b.head);
        } else {
          const Point start = b.outline.front();
          place_on_line(b.label, start, b.head, ghost ? -1 : +1, false, {});
        }
        break;
      }
      case Candidate::What::Callout: break;
    }
  }
  attempts_ = attempts;
}

}  // namespace tcpsim::viz::ladder
