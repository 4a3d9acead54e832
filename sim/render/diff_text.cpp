#include "render/diff_text.hpp"

#include <algorithm>
#include <cstdint>

#include "render/event_text.hpp"
#include "render/rich.hpp"
#include "trace/describe.hpp"

namespace tcpsim {

namespace {

using render::Glyphs;
using render::Ink;
using render::Rich;

/// One comparable moment of a run: what a person would call "the same thing happening". Timers are
/// left out (noise); conn ids are left out (they depend on creation order).
struct Item {
  enum class Kind : uint8_t { Segment, State, Call, Discard, Other };
  Kind kind = Kind::Other;
  Time t = 0;
  std::string node;        ///< Who did it ("" for link events).
  std::string key;         ///< What is compared (with kind, time and node).
  std::string pair_key;    ///< Items worth showing on one row when they differ (same call, same kind).
  Rich text;               ///< As shown in a column.
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

bool same(const Item& a, const Item& b) {
  return a.kind == b.kind && a.t == b.t && a.node == b.node && a.key == b.key;
}

bool pairable(const Item& a, const Item& b) {
  return a.kind == b.kind && a.node == b.node && a.pair_key == b.pair_key;
}

std::string at(Time t) { return render::format_ms(t) + "s"; }

/// A run's name at the start of a sentence: "The graceful twin".
std::string capital(std::string name) {
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

/// How a segment was lost, as a clause: "fw drops it (line 20)", "it is lost on the link".
std::string drop_clause(const Trace& tr, const SegmentRecord& s, const std::string& dest) {
  const std::string where = s.end_node < tr.nodes.size() ? tr.nodes[s.end_node].name : "the network";
  switch (s.drop) {
    case DropReason::Loss: return "it is lost on the link";
    case DropReason::LinkDown: return "the link is down";
    case DropReason::HostDown: return dest + " is down";
    case DropReason::Firewall: return where + " drops it" + (s.line ? " (line " + std::to_string(s.line) + ")" : "");
    case DropReason::Conntrack: return where + " does not know the flow and drops it";
    case DropReason::NoRoute: return "there is no route to " + dest;
    case DropReason::QueueFull: return "the link's queue is full";
    case DropReason::None: break;
  }
  return "it is dropped";
}

std::vector<Item> collect(const Trace& tr, const RelativeNumbers& nums, const Glyphs& g) {
  std::vector<Item> out;
  for (const Event& e : tr.events) {
    Item it;
    it.t = e.t;
    it.node = e.node < tr.nodes.size() ? tr.nodes[e.node].name : "";
    switch (e.type) {
      case EventType::SegmentSent: {
        const SegmentRecord& s = tr.segments[e.ref];
        if (s.dup_of) continue;  // A copy the link made: the network's doing, shown in the ladder.
        it.kind = Item::Kind::Segment;
        it.flags = flags_to_string(s.seg.flags);
        it.what = it.flags + " seq=" + std::to_string(nums.seq[e.ref]);
        if (s.seg.flags & kAck) it.what += " ack=" + std::to_string(nums.ack[e.ref]);
        if (s.seg.data.len) it.what += " len=" + std::to_string(s.seg.data.len);
        const std::string dest = s.to < tr.nodes.size() ? tr.nodes[s.to].name : ip_to_string(s.seg.dst.ip);
        it.key = it.what + " > " + dest;
        it.pair_key = "segment";
        it.seg = &s;
        it.segment = e.ref;
        it.dest = dest;
        it.rule = s.rule;
        it.text = render::rich(it.what, render::segment_ink(s.seg));
        render::append(it.text, " " + std::string(g.to) + " " + dest);
        if (s.outcome == Outcome::Dropped) {
          it.died = drop_clause(tr, s, dest);
          const std::string why = render::drop_text(s);
          it.key += " x " + why;
          render::append(it.text, " " + std::string(g.lost) + " " + why, Ink::Error);
        }
        break;
      }
      case EventType::StateChanged:
        it.kind = Item::Kind::State;
        it.key = std::string(state_name(static_cast<State>(e.a))) + " > " +
                 std::string(state_name(static_cast<State>(e.b))) + " " + std::string(rule_info(e.rule).key);
        it.pair_key = "state";
        it.rule = e.rule;
        it.text = render::state_change_text(tr, e, g);
        break;
      case EventType::AppCall:
      case EventType::AppReturn: {
        // A call that returned at once is told where it was made, before what it caused; a blocking
        // call twice: when it is made and when it returns.
        const CallRecord& c = tr.calls[e.ref];
        it.kind = Item::Kind::Call;
        it.call = &c;
        it.pair_key = c.subject + " " + call_name(c.kind);
        if (e.type == EventType::AppCall && render::call_waited(c)) {
          it.issued = true;
          it.pair_key += " issued";
          it.key = c.subject + " " + describe_call(c) + " issued";
          it.text = render::call_issued_text(tr, c, g);
        } else if (e.type == EventType::AppReturn && !render::call_waited(c)) {
          continue;
        } else {
          it.key = c.subject + " " + describe_call(c) + " = " + describe_result(c);
          it.text = render::call_result_text(tr, c);
        }
        break;
      }
      case EventType::Discarded:
        it.kind = Item::Kind::Discard;
        it.key = render::discard_text(e);
        it.pair_key = "discard";
        it.text = render::rich(it.key, Ink::Error);
        break;
      case EventType::HostCrashed:
        it.key = "host crashed";
        it.phrase = "crashes";
        it.text = render::rich(it.key, Ink::Error);
        break;
      case EventType::HostRestarted:
        it.key = "host restarted";
        it.phrase = "restarts";
        it.text = render::rich(it.key, Ink::Good);
        break;
      case EventType::LinkDown:
      case EventType::LinkUp: {
        if (e.ref >= tr.links.size()) continue;
        const LinkRecord& l = tr.links[e.ref];
        it.key = "link " + tr.nodes[l.a].name + "-" + tr.nodes[l.b].name + (e.type == EventType::LinkUp ? " up" : " down");
        it.phrase = "link " + tr.nodes[l.a].name + "-" + tr.nodes[l.b].name +
                    (e.type == EventType::LinkUp ? " comes back up" : " goes down");
        it.text = render::rich(it.key, e.type == EventType::LinkUp ? Ink::Good : Ink::Warn);
        break;
      }
      case EventType::FlowForgotten:
        it.key = render::flow_text(tr, e, g.to == std::string_view("->"));
        it.phrase = it.key.substr(0, 6) == "forgot" ? "forgets" + it.key.substr(6) : it.key;
        it.text = render::rich(it.key, Ink::Warn);
        break;
      default:
        continue;  // Timers, arrivals, notes, forwarding: not compared.
    }
    out.push_back(std::move(it));
  }
  return out;
}

/// Index of the first item where the lists differ (the shorter length if one is a prefix).
size_t first_difference(const std::vector<const Item*>& a, const std::vector<const Item*>& b) {
  size_t k = 0;
  while (k < a.size() && k < b.size() && same(*a[k], *b[k])) ++k;
  return k;
}

std::vector<const Item*> pointers(const std::vector<Item>& v, bool segments_only) {
  std::vector<const Item*> p;
  for (const Item& i : v) {
    if (!segments_only || i.kind == Item::Kind::Segment) p.push_back(&i);
  }
  return p;
}

/// "server close() with unread data (RFC 1122 §4.2.2.13)"; with a colon when the rule's label is no
/// action of the node's ("server: no connection (RFC 9293 §3.10.7.1)").
std::string because(const Item& i) {
  const std::string label(rule_info(i.rule).label);
  if (label.empty()) return i.node;
  const std::string cite = render::short_cite(i.rule);
  const bool action = label.rfind("rcv ", 0) == 0 || label.find('(') != std::string::npos;
  return i.node + (action ? " " : ": ") + label + (cite.empty() ? "" : " (" + cite + ")");
}

/// An item as a clause with its subject: "server calls recv(), which returns 0 (EOF)",
/// "client sends ACK seq=19 ack=2 to server", "server goes ESTABLISHED → CLOSED  (rcv RST)".
std::string happening(const Item& i) {
  switch (i.kind) {
    case Item::Kind::Call:
      if (i.issued) return i.node + " calls " + describe_call(*i.call);
      if (render::call_waited(*i.call)) return i.node + "'s " + describe_call(*i.call) + " returns " + describe_result(*i.call);
      return i.node + " calls " + describe_call(*i.call) + ", which returns " + describe_result(*i.call);
    case Item::Kind::Segment:
      return i.node + " sends " + i.what + " to " + i.dest + (i.died.empty() ? "" : ", but " + i.died);
    case Item::Kind::State: return i.node + " goes " + render::plain_text(i.text);
    case Item::Kind::Discard: return i.node + " discards" + i.key.substr(std::string("discarded").size());
    case Item::Kind::Other: return (i.node.empty() ? "" : i.node + " ") + i.phrase;
  }
  return i.key;
}

std::string segment_headline(const Item* f, const Item* w, const RunNames& n) {
  if (f && w) {
    if (f->what == w->what && f->node == w->node && f->t == w->t && f->dest == w->dest) {
      // The same segment, but it met a different fate.
      const std::string lead = "At " + at(f->t) + " " + f->node + " sends " + f->what + " in both runs, but ";
      if (!f->died.empty() && w->died.empty()) return lead + "in " + n.left + " " + f->died + "; in " + n.right + " it arrives.";
      if (f->died.empty() && !w->died.empty()) return lead + "in " + n.right + " " + w->died + "; in " + n.left + " it arrives.";
      return lead + "in " + n.left + " " + f->died + ", in " + n.right + " " + w->died + ".";
    }
    const bool flags_differ = f->flags != w->flags;
    const std::string fs = flags_differ ? f->flags : f->what;
    const std::string ws = flags_differ ? w->flags : w->what;
    if (f->t == w->t && f->node == w->node) {
      return "At " + at(f->t) + " " + n.left + " sends " + fs + " where " + n.right + " sends " + ws + ": " +
             because(*f) + ".";
    }
    return "At " + at(f->t) + " " + n.left + " sends " + fs + ": " + because(*f) + ". " + capital(n.right) + " sends " +
           ws + " from " + w->node + " at " + at(w->t) + " instead.";
  }
  if (f) {
    return "At " + at(f->t) + " " + n.left + " sends " + f->what + ": " + because(*f) + ". " + capital(n.right) +
           " sends no such segment.";
  }
  return "At " + at(w->t) + " " + n.right + " sends " + w->what + ": " + because(*w) + ". " + capital(n.left) +
         " sends no such segment.";
}

/// The sentence for a row where the runs differ: "At 0.300s, in the fault run, ...".
std::string difference(const Item* f, const Item* w, const std::string& opening, const RunNames& n) {
  if (f && w) {
    if (f->kind == Item::Kind::Call && !f->issued && pairable(*f, *w) && describe_call(*f->call) == describe_call(*w->call)) {
      return opening + ", " + f->node + "'s " + describe_call(*f->call) + " returns " + describe_result(*f->call) +
             " in " + n.left + " but " + describe_result(*w->call) + " in " + n.right + ".";
    }
    return opening + ": in " + n.left + ", " + happening(*f) + "; in " + n.right + ", " + happening(*w) + ".";
  }
  const Item& i = f ? *f : *w;
  return opening + ": in " + (f ? n.left : n.right) + ", " + happening(i) + "; " + (f ? n.right : n.left) +
         (i.kind == Item::Kind::Call ? " makes no such call." : " does not.");
}

struct Paired {
  const Item* left = nullptr;
  const Item* right = nullptr;
  bool same = false;
};

/// Aligns the items of one instant: equal items on one row (longest common subsequence), then
/// unequal items of the same kind side by side, the rest alone.
void align(const std::vector<const Item*>& a, const std::vector<const Item*>& b, std::vector<Paired>& rows) {
  const size_t n = a.size();
  const size_t m = b.size();
  // A huge instant (a bulk transfer's burst) is paired kind by kind only: the table would be too big.
  const bool small = n * m <= 1'000'000;
  std::vector<std::vector<uint32_t>> l(small ? n + 1 : 1, std::vector<uint32_t>(small ? m + 1 : 1, 0));
  for (size_t i = small ? n : 0; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      l[i][j] = same(*a[i], *b[j]) ? l[i + 1][j + 1] + 1 : std::max(l[i + 1][j], l[i][j + 1]);
    }
  }
  // Gaps between equal items, emitted with kind-wise pairing.
  std::vector<const Item*> ga, gb;
  auto flush = [&] {
    std::vector<long> partner(ga.size(), -1);
    size_t next = 0;
    for (size_t i = 0; i < ga.size(); ++i) {
      for (size_t j = next; j < gb.size(); ++j) {
        if (pairable(*ga[i], *gb[j])) {
          partner[i] = static_cast<long>(j);
          next = j + 1;
          break;
        }
      }
    }
    size_t j = 0;
    for (size_t i = 0; i < ga.size(); ++i) {
      if (partner[i] >= 0) {
        while (j < static_cast<size_t>(partner[i])) rows.push_back({nullptr, gb[j++], false});
        rows.push_back({ga[i], gb[j++], false});
      } else {
        rows.push_back({ga[i], nullptr, false});
      }
    }
    while (j < gb.size()) rows.push_back({nullptr, gb[j++], false});
    ga.clear();
    gb.clear();
  };
  if (!small) {
    ga = a;
    gb = b;
    flush();
    return;
  }
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(*a[i], *b[j])) {
      flush();
      rows.push_back({a[i], b[j], true});
      ++i;
      ++j;
    } else if (j >= m || (i < n && l[i + 1][j] >= l[i][j + 1])) {
      ga.push_back(a[i++]);
    } else {
      gb.push_back(b[j++]);
    }
  }
  flush();
}

std::vector<Paired> side_by_side(const std::vector<const Item*>& f, const std::vector<const Item*>& w, size_t from) {
  std::vector<Paired> rows;
  size_t i = from, j = from;
  while (i < f.size() || j < w.size()) {
    Time t = INT64_MAX;
    if (i < f.size()) t = std::min(t, f[i]->t);
    if (j < w.size()) t = std::min(t, w[j]->t);
    std::vector<const Item*> a, b;
    while (i < f.size() && f[i]->t == t) a.push_back(f[i++]);
    while (j < w.size() && w[j]->t == t) b.push_back(w[j++]);
    align(a, b, rows);
  }
  return rows;
}

std::string summary_line(const std::vector<const Item*>& fa, size_t p) {
  if (p == 0) return "The runs differ from their first event (timers are not compared).";
  return "Identical for " + std::to_string(p) + (p == 1 ? " event" : " events") + ", up to " + at(fa[p - 1]->t) +
         " (timers are not compared).";
}

/// Both runs reduced to comparable items, where they part, and what to say about it.
struct Analysis {
  std::vector<Item> fault_items, twin_items;
  std::vector<const Item*> fa, wa;  ///< All items.
  size_t common = 0;                ///< Length of the identical prefix.
  std::vector<Paired> rows;         ///< Side by side from the first difference.
  std::string headline;             ///< The first differing segment (or other item) and its rule.
  std::string parting;              ///< Where the runs part, when that is earlier than the headline.
  bool identical() const { return common >= fa.size() && common >= wa.size(); }
};

Analysis analyse(const Trace& fault, const Trace& twin, const Glyphs& g, bool absolute, const RunNames& n) {
  Analysis a;
  a.fault_items = collect(fault, render::numbers_for(fault, absolute), g);
  a.twin_items = collect(twin, render::numbers_for(twin, absolute), g);
  a.fa = pointers(a.fault_items, false);
  a.wa = pointers(a.twin_items, false);
  a.common = first_difference(a.fa, a.wa);
  if (a.identical()) {
    a.headline = capital(n.left) + " and " + n.right + " do the same " + std::to_string(a.fa.size()) +
                 " things at the same times.";
    return a;
  }
  a.rows = side_by_side(a.fa, a.wa, a.common);
  const Paired* first = nullptr;
  for (const Paired& r : a.rows) {
    if (!r.same) {
      first = &r;
      break;
    }
  }
  const auto fs = pointers(a.fault_items, true), ws = pointers(a.twin_items, true);
  const size_t k = first_difference(fs, ws);
  if (k < fs.size() || k < ws.size()) {
    const Item* f = k < fs.size() ? fs[k] : nullptr;
    const Item* w = k < ws.size() ? ws[k] : nullptr;
    a.headline = segment_headline(f, w, n);
    const Time head_t = std::min(f ? f->t : INT64_MAX, w ? w->t : INT64_MAX);
    if (first) {
      const Time part_t = std::min(first->left ? first->left->t : INT64_MAX, first->right ? first->right->t : INT64_MAX);
      // Said only when something else parted the runs earlier (the twin read the request, say).
      if (part_t < head_t) a.parting = difference(first->left, first->right, "The runs part at " + at(part_t), n);
    }
  } else if (first) {
    const Time t = std::min(first->left ? first->left->t : INT64_MAX, first->right ? first->right->t : INT64_MAX);
    a.headline = difference(first->left, first->right, "At " + at(t), n);
  }
  return a;
}

}  // namespace

RunNames RunNames::what_if() { return {"the what-if", "the original run", "what-if", "original run"}; }

std::string diff_headline(const Trace& fault, const Trace& twin, const RunNames& names) {
  return analyse(fault, twin, render::glyphs(false), false, names).headline;
}

Divergence find_divergence(const Trace& fault, const Trace& twin, const RunNames& names) {
  const Analysis a = analyse(fault, twin, render::glyphs(false), false, names);
  Divergence d;
  d.headline = a.headline;
  d.identical = a.identical();
  if (d.identical) return d;
  const Time f_t = a.common < a.fa.size() ? a.fa[a.common]->t : INT64_MAX;
  const Time w_t = a.common < a.wa.size() ? a.wa[a.common]->t : INT64_MAX;
  d.at = std::min(f_t, w_t);
  const auto fs = pointers(a.fault_items, true), ws = pointers(a.twin_items, true);
  const size_t k = first_difference(fs, ws);
  if (k < fs.size()) d.fault_segment = fs[k]->segment;
  if (k < ws.size()) d.twin_segment = ws[k]->segment;
  return d;
}

std::string render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options) {
  const size_t width = std::max<size_t>(options.width, 40);
  const Glyphs& g = render::glyphs(options.ascii);
  const Analysis a = analyse(fault, twin, g, options.absolute, options.names);

  std::string out;
  auto line = [&](const Rich& r) {
    render::Row row(width);
    row.put(0, r);
    out += row.str(options.colour);
    out += '\n';
  };
  auto paragraph = [&](const Rich& r) {
    for (const Rich& l : render::wrap(r, width, 0)) line(l);
  };

  Rich title = render::rich(fault.title.empty() ? fault.file : fault.title, Ink::Bold);
  render::append(title, options.ascii ? " - " : " — ", Ink::Dim);
  render::append(title, options.names.left_heading + " vs " + options.names.right_heading + ", seed " +
                            std::to_string(fault.seed), Ink::Dim);
  paragraph(title);
  line({});
  Rich head = render::rich(a.headline, Ink::Bold);
  if (!a.parting.empty()) render::append(head, " " + a.parting);
  paragraph(head);
  line({});
  paragraph(render::rich(summary_line(a.fa, a.common)));
  if (a.identical()) return out;
  line({});

  // Two columns: "0.200 server  RST+ACK seq=1 ack=19 → client".
  const size_t col = (width - 3) / 2;
  size_t name_w = 0;
  for (const NodeRecord& n : fault.nodes) name_w = std::max(name_w, render::display_width(n.name));
  for (const NodeRecord& n : twin.nodes) name_w = std::max(name_w, render::display_width(n.name));
  size_t time_w = 5;
  for (const Item* i : a.fa) time_w = std::max(time_w, render::format_ms(i->t).size());
  for (const Item* i : a.wa) time_w = std::max(time_w, render::format_ms(i->t).size());
  const size_t indent = std::min(time_w + 1 + name_w + 2, col / 2);

  auto cell = [&](const Item* it, bool dim) {
    std::vector<Rich> lines;
    if (!it) return lines;
    std::string prefix = render::format_ms(it->t);
    prefix.insert(0, time_w - prefix.size(), ' ');
    std::string name = it->node;
    name.resize(std::max(name_w, name.size()), ' ');
    Rich r = render::rich(prefix + " " + name + "  ", Ink::Dim);
    r.insert(r.end(), it->text.begin(), it->text.end());
    if (dim) {
      for (render::Cell& c : r) c.ink = Ink::Dim;
    }
    return render::wrap(r, col, indent);
  };
  const long right = static_cast<long>(col + 3);
  {
    render::Row row(width);
    row.put(0, render::rich(options.names.left_heading, Ink::Bold));
    row.put(static_cast<long>(col) + 1, g.lane, Ink::Dim);
    row.put(right, render::rich(options.names.right_heading, Ink::Bold));
    out += row.str(options.colour) + "\n";
    render::Row rule(width);
    for (size_t x = 0; x < width - 1; ++x) rule.put(static_cast<long>(x), g.rule, Ink::Dim);
    rule.put(static_cast<long>(col) + 1, g.cross, Ink::Dim);
    out += rule.str(options.colour) + "\n";
  }
  const std::vector<Paired>& rows = a.rows;
  const size_t limit = options.max_rows ? std::min(options.max_rows, rows.size()) : rows.size();
  for (size_t r = 0; r < limit; ++r) {
    const Paired& pr = rows[r];
    const std::vector<Rich> l = cell(pr.left, pr.same);
    const std::vector<Rich> w = cell(pr.right, pr.same);
    for (size_t k2 = 0; k2 < std::max(l.size(), w.size()); ++k2) {
      render::Row row(width);
      if (k2 < l.size()) row.put(0, l[k2]);
      if (k2 < w.size()) row.put(right, w[k2]);
      // The gutter says which rows differ, with or without colour.
      if (pr.same || k2 > 0) {
        row.put(static_cast<long>(col) + 1, g.lane, Ink::Dim);
      } else {
        row.put(static_cast<long>(col) + 1, options.ascii ? "!" : "≠", Ink::Warn);
      }
      out += row.str(options.colour) + "\n";
    }
  }
  if (limit < rows.size()) {
    line(render::rich(std::string(g.ellipsis) + " " + std::to_string(rows.size() - limit) + " more rows", Ink::Dim));
  }
  return out;
}

}  // namespace tcpsim
