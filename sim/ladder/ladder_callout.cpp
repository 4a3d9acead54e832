// The ghost's callout (see ladder_frame.hpp): the box that says what the other run does instead, and
// by which rule, placed where it covers least, the texts under it giving way.
#include "ladder/ladder_frame.hpp"
#include "ladder/text_wrap.hpp"

#include <algorithm>

#include "render/event_text.hpp"
#include "trace/describe.hpp"

namespace tcpsim::viz::ladder {

namespace {

/// "server close() with unread data — RFC 1122 §4.2.2.13" (as the diff's headline words it).
std::string because(const Trace& t, const SegmentRecord& s) {
  const std::string node = s.from < t.nodes.size() ? t.nodes[s.from].name : "?";
  const std::string label(rule_info(s.rule).label);
  if (label.empty()) return node;
  const std::string cite = render::short_cite(s.rule);
  const bool action = label.rfind("rcv ", 0) == 0 || label.find('(') != std::string::npos;
  return node + (action ? " " : ": ") + label + (cite.empty() ? "" : " — " + cite);
}

}  // namespace

void Frame::callout() {
  LadderCallout& co = out_.callout;
  const Run& o = *in_.other;
  const int64_t mine = own_divergence(), theirs = other_divergence();
  // Shown once the first differing segment is on screen: this run's when it has one, else the ghost's.
  const bool mine_sent = mine >= 0 && mine < static_cast<int64_t>(m_.visible_segments);
  const bool theirs_sent = theirs >= 0 && theirs < static_cast<int64_t>(in_.other_moment->visible_segments);
  if (mine >= 0 ? !mine_sent : !theirs_sent) return;
  // Point at the ghost of the first differing segment, else at the real one.
  bool found = false;
  for (const LadderArrow& g : out_.ghosts) {
    if (static_cast<int64_t>(g.segment) == theirs) {
      co.anchor = bezier(g.from, g.control, g.to, 0.5f);
      found = true;
    }
  }
  for (const LadderArrow& a : out_.arrows) {
    if (!found && static_cast<int64_t>(a.segment) == mine) {
      co.anchor = lerp(a.from, a.to, 0.5f);
      found = true;
    }
  }
  if (!found || !out_.plot.contains(co.anchor.x, co.anchor.y)) return;
  callout_text(o, mine, theirs, co);
  // Full (bold title and the rule) where it covers nothing; else compact (the title alone); else
  // the cheapest spot, and the texts under it give way (their marks keep a tick).
  const float gap = 26 * s_;
  struct Choice {
    Box box;
    size_t cost = SIZE_MAX;
  };
  auto best_spot = [&](float w, float h) {
    std::vector<Point> spots;
    for (Point off : {Point{gap, gap}, Point{-gap - w, gap}, Point{-w / 2, gap * 1.6f}, Point{gap, -gap - h},
                      Point{-gap - w, -gap - h}, Point{-w / 2, -gap * 1.6f - h}, Point{-w / 2, gap * 3.2f},
                      Point{-w / 2, -gap * 3.2f - h}}) {
      spots.push_back({co.anchor.x + off.x, co.anchor.y + off.y});
    }
    const float inset = 10 * s_;
    for (Point corner : {Point{out_.plot.right() - w - inset, out_.plot.y + inset},
                         Point{out_.axis_right + inset, out_.plot.y + inset},
                         Point{out_.plot.right() - w - inset, out_.plot.bottom() - h - inset},
                         Point{out_.axis_right + inset, out_.plot.bottom() - h - inset}}) {
      spots.push_back(corner);
    }
    Choice best;
    for (size_t k = 0; k < spots.size(); ++k) {
      Box b = clamp_x({spots[k].x, spots[k].y, w, h});
      b.y = std::clamp(b.y, out_.plot.y, std::max(out_.plot.y, out_.plot.bottom() - h));
      // Never over a ghost: the callout explains the dashed line, it must not hide it.
      if (b.contains(co.anchor.x, co.anchor.y) || b.h > out_.plot.h || covers_ghost(b)) continue;
      const size_t cost = occ_.cost(b) * 2 + (k >= 8 ? 1 : 0);  // corners only win when they cover less
      if (cost < best.cost) best = {b, cost};
      if (cost == 0) break;
    }
    return best;
  };
  // Wrapped to the plot (a projector's narrow ladder may not hold the title on one line).
  const float room = std::max(80 * s_, out_.plot.right() - out_.axis_right - 20 * s_ - 16 * s_);
  auto widest = [](const std::vector<std::string>& lines, auto measure) {
    float w = 0;
    for (const std::string& l : lines) w = std::max(w, measure(l));
    return w;
  };
  const auto tw = [&](std::string_view t) { return title_width(t); };
  const auto lw = [&](std::string_view t) { return width(t); };
  const std::vector<std::string> title = wrap_words(co.title, room, tw);
  const std::vector<std::string> reason = wrap_words(co.reason, room, lw);
  const std::vector<std::string> small = wrap_words(co.title, room, lw);
  const Choice full = best_spot(std::max(widest(title, tw), widest(reason, lw)) + 16 * s_,
                                lh_ * 1.25f * static_cast<float>(title.size()) +
                                    lh_ * static_cast<float>(reason.size()) + 12 * s_);
  Choice pick = full;
  co.title_lines = title;
  co.reason_lines = reason;
  if (full.cost > 0) {
    const Choice compact = best_spot(widest(small, lw) + 16 * s_, lh_ * static_cast<float>(small.size()) + 8 * s_);
    if (compact.cost < full.cost) {
      pick = compact;
      co.compact = true;
      co.title_lines = small;
      co.reason_lines.clear();
    }
  }
  if (pick.cost == SIZE_MAX) return;
  co.box = pick.box;
  co.shown = true;
  if (pick.cost > 0) give_way(co.box);
  occ_.take(co.box, -1, 3);
}

/// True when box `b` covers some of a ghost's line (its curve, or a ghost band's edges).
bool Frame::covers_ghost(const Box& b) const {
  const Box near{b.x - 2 * s_, b.y - 2 * s_, b.w + 4 * s_, b.h + 4 * s_};  // the stroke has a width
  auto crosses = [&](Point p, Point q) { return segment_crosses(p, q, near); };
  for (const LadderArrow& g : out_.ghosts) {
    constexpr int kPieces = 24;
    Point prev = g.from;
    for (int k = 1; k <= kPieces; ++k) {
      const Point next = bezier(g.from, g.control, g.to, static_cast<float>(k) / kPieces);
      if (crosses(prev, next)) return true;
      prev = next;
    }
  }
  for (const LadderBand& g : out_.ghost_bands) {
    for (size_t k = 0; k < g.outline.size(); ++k) {
      if (crosses(g.outline[k], g.outline[(k + 1) % g.outline.size()])) return true;
    }
  }
  return false;
}

/// Hides the texts placed so far under `b` (the callout's box).
void Frame::give_way(const Box& b) {
  auto hide = [&](LadderLabel& l) {
    if (l.shown && l.box.overlaps(b)) l.shown = false;
  };
  for (LadderArrow& a : out_.arrows) {
    hide(a.label);
    hide(a.reason);
  }
  for (LadderArrow& a : out_.ghosts) {
    hide(a.label);
    hide(a.reason);
  }
  for (LadderBand& x : out_.bands) hide(x.label);
  for (LadderBand& x : out_.ghost_bands) hide(x.label);
  for (LadderMark& m : out_.marks) hide(m.label);
  for (LadderGap& g : out_.gaps) hide(g.label);
}

/// "Here the graceful twin sends FIN+ACK instead" / "(server close() with unread data — RFC 1122 §4.2.2.13)".
void Frame::callout_text(const Run& o, int64_t mine, int64_t theirs, LadderCallout& co) const {
  const std::string other_name = ghost_name(in_);
  std::string Other = other_name;
  Other[0] = 'T';
  const Trace& mt = run_.trace;
  const Trace& ot = o.trace;
  // Records are read back as values: keep copies, and point at them.
  const SegmentRecord mine_rec = mine >= 0 ? mt.segments[static_cast<size_t>(mine)] : SegmentRecord{};
  const SegmentRecord theirs_rec = theirs >= 0 ? ot.segments[static_cast<size_t>(theirs)] : SegmentRecord{};
  const SegmentRecord* ms = mine >= 0 ? &mine_rec : nullptr;
  const SegmentRecord* os = theirs >= 0 ? &theirs_rec : nullptr;
  // The rule that explains the difference is the fault run's; against a previous branch, the rule
  // behind what the class saw there.
  const bool theirs_explains = in_.viewing_twin || in_.explain_ghost;
  const SegmentRecord* fault = theirs_explains ? os : ms;
  const Trace& ft = theirs_explains ? ot : mt;
  const SegmentRecord* why = fault ? fault : (ms ? ms : os);
  const Trace& wt = fault ? ft : (ms ? mt : ot);
  if (ms && os && ms->seg.flags == os->seg.flags && ms->sent_at == os->sent_at && ms->from == os->from &&
      mt.fate(static_cast<size_t>(mine)).outcome != ot.fate(static_cast<size_t>(theirs)).outcome) {
    // The same segment, a different fate.
    const SegmentFate mf = mt.fate(static_cast<size_t>(mine));
    const SegmentFate of = ot.fate(static_cast<size_t>(theirs));
    const std::string flags = flags_to_string(os->seg.flags);
    co.title = "In " + other_name + " this " + flags +
               (of.outcome == Outcome::Dropped ? " dies: " + render::drop_text(of) : " arrives");
    co.reason = mf.outcome == Outcome::Dropped ? "(here it dies: " + render::drop_text(mf) + ")" : "(here it arrives)";
    return;
  }
  if (os) {
    co.title = "Here " + other_name + " sends " + flags_to_string(os->seg.flags) + (ms ? " instead" : "");
    if (ms && ms->sent_at != os->sent_at) co.title += " (at " + seconds_text(os->sent_at, 3) + ")";
  } else {
    co.title = Other + " sends no such segment";
  }
  co.reason = "(" + because(wt, *why) + ")";
}

}  // namespace tcpsim::viz::ladder
