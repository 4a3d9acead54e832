// Ordered segment expectations: `expect next NODE sends ...`, `at TIME [within D] expect NODE sends ...`
// and `expect nothing from NODE until TIME`. Like a packetdrill script's `>` lines, they are read in
// file order per node: each matches a segment after the one the previous ordered line of that node
// matched, so "exactly this segment next, at 2 s" can be said.
#include <algorithm>
#include <cstdlib>

#include "render/event_text.hpp"
#include "scenario/expect_impl.hpp"
#include "trace/describe.hpp"

namespace tcpsim::checking {

std::string at_time(Time t) { return "at " + render::format_ms(t) + "s"; }

bool checked_in(Variant v, RunKind run) { return run == RunKind::Fault ? v != Variant::TwinOnly : v == Variant::TwinOnly; }

std::string wanted_segment(const Expectation& e) {
  std::string s = flags_to_string(e.flags);
  if (e.seq) s += " seq=" + std::to_string(*e.seq);
  if (e.ack) s += " ack=" + std::to_string(*e.ack);
  if (e.len) s += " len=" + std::to_string(*e.len);
  if (e.wnd) s += " win=" + std::to_string(*e.wnd);
  return s;
}

bool fields_match(const Expectation& e, const Trace& tr, const RelativeNumbers& rel, size_t i) {
  const Segment& s = tr.segments[i].seg;
  if (s.flags != e.flags) return false;
  if (e.seq && rel.seq[i] != *e.seq) return false;
  if (e.ack && rel.ack[i] != *e.ack) return false;
  if (e.len && s.data.len != *e.len) return false;
  if (e.wnd && s.wnd != *e.wnd) return false;
  return true;
}

std::vector<size_t> sent_by(const Trace& tr, NodeId n) {
  std::vector<size_t> v;
  for (size_t i = 0; i < tr.segments.size(); ++i) {
    if (tr.segments[i].from == n && tr.segments[i].dup_of == 0) v.push_back(i);
  }
  return v;
}

namespace {

/// The earliest and latest send time a timed line accepts.
Time window_lo(const Expectation& e) { return *e.at - std::min(e.within, *e.at); }
Time window_hi(const Expectation& e) { return *e.at + e.within; }

/// "at 2.000s" or "at 2.000s (within 1ms)".
std::string when(const Expectation& e) {
  if (!e.at) return "";
  return " " + at_time(*e.at) + (e.within ? " (within " + format_duration(e.within) + ")" : "");
}

/// A segment as the messages show it: "ACK seq=1 ack=19 len=0 win=65535 at 0.030s (why it was sent)".
std::string seen(const Trace& tr, const RelativeNumbers& rel, size_t i) {
  return describe_segment(tr, rel, i) + " " + at_time(tr.segments[i].sent_at) + " (" +
         std::string(rule_info(tr.segments[i].rule).label) + ")";
}

/// Each field of segment `i` that is not what the line asks, with both values: "ack is 19, not 1".
std::string differences(const Expectation& e, const Trace& tr, const RelativeNumbers& rel, size_t i) {
  const SegmentRecord& r = tr.segments[i];
  std::vector<std::string> d;
  if (r.seg.flags != e.flags) {
    d.push_back("flags are " + flags_to_string(r.seg.flags) + ", not " + flags_to_string(e.flags) +
                " (flags match exactly)");
  }
  const auto field = [&](const char* name, const std::optional<uint32_t>& want, uint32_t got) {
    if (want && *want != got) d.push_back(std::string(name) + " is " + std::to_string(got) + ", not " + std::to_string(*want));
  };
  field("seq", e.seq, rel.seq[i]);
  field("ack", e.ack, rel.ack[i]);
  field("len", e.len, r.seg.data.len);
  field("win", e.wnd, r.seg.wnd);
  if (e.at && r.sent_at < window_lo(e)) d.push_back("sent " + format_duration(*e.at - r.sent_at) + " early");
  if (e.at && r.sent_at > window_hi(e)) d.push_back("sent " + format_duration(r.sent_at - *e.at) + " late");
  std::string s;
  for (const std::string& x : d) s += (s.empty() ? "" : "; ") + x;
  return s;
}

/// " (after the SYN+ACK at 0.010s that line 12 matched)", or "" before any ordered line of the node.
std::string after_previous(const Scenario& sc, const Trace& tr, const OrderCursor& c) {
  if (c.line == 0) return "";
  return " (after the " + flags_to_string(tr.segments[c.segment].seg.flags) + " " + at_time(tr.segments[c.segment].sent_at) +
         " that " + sc.line_ref(c.line) + " matched)";
}

}  // namespace

CheckResult check_ordered_sends(const Expectation& e, const Scenario& sc, const Trace& tr, const RelativeNumbers& rel,
                                OrderCursors& cursors) {
  CheckResult r{e.loc.line, tr.run, false, {}};
  const std::vector<size_t> mine = sent_by(tr, tr.node_by_name(e.subject));
  OrderCursor& cur = cursors[e.subject];
  const auto matched = [&](size_t pos) {
    cur = {pos + 1, e.loc.line, mine[pos]};
    r.passed = true;
    return r;
  };
  const auto in_window = [&](size_t i) {
    return !e.at || (tr.segments[i].sent_at >= window_lo(e) && tr.segments[i].sent_at <= window_hi(e));
  };
  if (e.next) {
    const std::string want = "expected " + e.subject + "'s next segment" + after_previous(sc, tr, cur) + " to be " +
                             wanted_segment(e) + when(e);
    if (cur.pos >= mine.size()) {
      r.message = want + ", got none: " + e.subject + " sent nothing " + (cur.line ? "more" : "at all") +
                  " (the run ended at " + render::format_ms(tr.end_time) + "s)";
      return r;
    }
    const size_t i = mine[cur.pos];
    if (fields_match(e, tr, rel, i) && in_window(i)) return matched(cur.pos);
    r.message = want + ", got " + seen(tr, rel, i) + ": " + differences(e, tr, rel, i);
    // Keep in step with the node's segments, so the lines after this one are checked against the
    // segments after this one, as packetdrill reads its script.
    cur = {cur.pos + 1, e.loc.line, i};
    return r;
  }
  // `at TIME expect NODE sends ...`: the first such segment in the window, after the previous match.
  size_t first_in_window = mine.size();
  for (size_t p = cur.pos; p < mine.size(); ++p) {
    if (!in_window(mine[p])) continue;
    if (fields_match(e, tr, rel, mine[p])) return matched(p);
    if (first_in_window == mine.size()) first_in_window = p;
  }
  const std::string want = "expected " + e.subject + " to send " + wanted_segment(e) + when(e) + after_previous(sc, tr, cur);
  // The one most like it: the same flags in the window, else the same flags nearest in time, else
  // whatever was sent in the window.
  size_t best = mine.size();
  Time best_gap = INT64_MAX;
  for (size_t p = cur.pos; p < mine.size(); ++p) {
    if (tr.segments[mine[p]].seg.flags != e.flags) continue;
    const Time gap = std::llabs(tr.segments[mine[p]].sent_at - *e.at);
    if (gap < best_gap) best = p, best_gap = gap;
  }
  if (best == mine.size()) best = first_in_window;
  if (best == mine.size()) {
    r.message = want + ", got none: " + e.subject + " sent no " + flags_to_string(e.flags) + " then, nor anything else";
    return r;
  }
  r.message = want + ", got " + seen(tr, rel, mine[best]) + ": " + differences(e, tr, rel, mine[best]);
  return r;
}

CheckResult check_nothing(const Expectation& e, const Scenario& sc, const Trace& tr, const RelativeNumbers& rel,
                          const OrderCursors& cursors) {
  CheckResult r{e.loc.line, tr.run, false, {}};
  const std::vector<size_t> mine = sent_by(tr, tr.node_by_name(e.subject));
  const auto it = cursors.find(e.subject);
  const OrderCursor cur = it == cursors.end() ? OrderCursor{} : it->second;
  // With its own time the span starts there; otherwise right after the previous ordered line's segment.
  size_t from = e.at ? 0 : cur.pos;
  while (e.at && from < mine.size() && tr.segments[mine[from]].sent_at < *e.at) ++from;
  for (size_t p = from; p < mine.size(); ++p) {
    const size_t i = mine[p];
    if (tr.segments[i].sent_at >= *e.until) break;
    const std::string since = e.at ? " from " + render::format_ms(*e.at) + "s" : "";
    r.message = "expected nothing from " + e.subject + since + " until " + render::format_ms(*e.until) + "s" +
                (e.at ? "" : after_previous(sc, tr, cur)) + ", got " + seen(tr, rel, i);
    return r;
  }
  r.passed = true;
  return r;
}

}  // namespace tcpsim::checking
