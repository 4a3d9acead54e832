#include "render/diff_text.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <ostream>
#include <sstream>

#include "render/diff_items.hpp"
#include "render/event_text.hpp"
#include "render/rich.hpp"
#include "trace/describe.hpp"
#include "util/blocks.hpp"

namespace tcpsim {

namespace {

using diff::Item;
using diff::ItemCursor;
using render::Glyphs;
using render::Ink;
using render::Rich;

bool same(const Item& a, const Item& b) { return same_moment(a.moment, b.moment); }

bool pairable(const Item& a, const Item& b) { return tcpsim::pairable(a.moment, b.moment); }

std::string at(Time t) { return render::format_ms(t) + "s"; }

/// A run's name at the start of a sentence: "The graceful twin".
std::string capital(std::string name) {
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
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

/// Both runs' items at the next instant (the earlier of the two cursors' next times); false at the end.
bool next_instant(ItemCursor& f, ItemCursor& w, std::vector<Item>& a, std::vector<Item>& b) {
  a.clear();
  b.clear();
  Time t = INT64_MAX;
  if (f.peek()) t = std::min(t, f.peek()->t);
  if (w.peek()) t = std::min(t, w.peek()->t);
  if (t == INT64_MAX) return false;
  while (f.peek() && f.peek()->t == t) a.push_back(f.take());
  while (w.peek() && w.peek()->t == t) b.push_back(w.take());
  return true;
}

std::vector<const Item*> pointers(const std::vector<Item>& v) {
  std::vector<const Item*> p;
  for (const Item& i : v) p.push_back(&i);
  return p;
}

/// Both runs side by side from where they part, one instant at a time: `row` is called for each row
/// (equal items of an instant on one row, the rest paired kind by kind) until it returns false.
template <typename RowFn>
void side_by_side(ItemCursor f, ItemCursor w, RowFn row) {
  std::vector<Item> a, b;
  std::vector<Paired> rows;
  while (next_instant(f, w, a, b)) {
    rows.clear();
    align(pointers(a), pointers(b), rows);
    for (const Paired& r : rows) {
      if (!row(r)) return;
    }
  }
}

std::string summary_line(size_t p, Time last) {
  if (p == 0) return "The runs differ from their first event (timers are not compared).";
  return "Identical for " + std::to_string(p) + (p == 1 ? " event" : " events") + ", up to " + at(last) +
         " (timers are not compared).";
}

/// Where two runs part (find_divergence()) and what to say about it, found by walking both runs'
/// items once, never holding more than one instant's (issue 10: a diff of two 1 GB runs once took 7 GB).
struct Analysis {
  RelativeNumbers fault_nums, twin_nums;
  Divergence d;             ///< Where they part.
  std::string headline;     ///< The first differing segment (or other item) and its rule.
  std::string parting;      ///< Where the runs part, when that is earlier than the headline.
};

Analysis analyse(const Trace& fault, const Trace& twin, const Glyphs& g, bool absolute, const RunNames& n) {
  Analysis a;
  a.fault_nums = render::numbers_for(fault, absolute);
  a.twin_nums = render::numbers_for(twin, absolute);
  a.d = find_divergence(fault, twin, a.fault_nums, a.twin_nums);
  if (a.d.identical) {
    a.headline = capital(n.left) + " and " + n.right + " do the same " + std::to_string(a.d.common) +
                 " things at the same times.";
    return a;
  }
  // The first row of the side-by-side view that differs.
  std::optional<Item> first_left, first_right;
  bool first = false;
  side_by_side(ItemCursor(fault, a.fault_nums, g, false, a.d.fault_event),
               ItemCursor(twin, a.twin_nums, g, false, a.d.twin_event), [&](const Paired& r) {
                 if (r.same) return true;
                 if (r.left) first_left = *r.left;
                 if (r.right) first_right = *r.right;
                 first = true;
                 return false;
               });
  // The first segment either run sends that the other does not send the same way.
  ItemCursor fs(fault, a.fault_nums, g, true, a.d.fault_segment_event);
  ItemCursor ws(twin, a.twin_nums, g, true, a.d.twin_segment_event);
  const Item* fseg = fs.peek();
  const Item* wseg = ws.peek();
  const Item* fl = first_left ? &*first_left : nullptr;
  const Item* fr = first_right ? &*first_right : nullptr;
  if (fseg || wseg) {
    a.headline = segment_headline(fseg, wseg, n);
    const Time head_t = std::min(fseg ? fseg->t : INT64_MAX, wseg ? wseg->t : INT64_MAX);
    if (first) {
      const Time part_t = std::min(fl ? fl->t : INT64_MAX, fr ? fr->t : INT64_MAX);
      // Said only when something else parted the runs earlier (the twin read the request, say).
      if (part_t < head_t) a.parting = difference(fl, fr, "The runs part at " + at(part_t), n);
    }
  } else if (first) {
    const Time t = std::min(fl ? fl->t : INT64_MAX, fr ? fr->t : INT64_MAX);
    a.headline = difference(fl, fr, "At " + at(t), n);
  }
  return a;
}

}  // namespace

RunNames RunNames::what_if() { return {"the what-if", "the original run", "what-if", "original run"}; }

std::string diff_headline(const Trace& fault, const Trace& twin, const RunNames& names) {
  return analyse(fault, twin, render::glyphs(false), false, names).headline;
}

std::string render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options) {
  std::ostringstream os;
  render_diff(fault, twin, options, os);
  return os.str();
}

void render_diff(const Trace& fault, const Trace& twin, const DiffOptions& options, std::ostream& os) {
  const size_t width = std::max<size_t>(options.width, 40);
  const Glyphs& g = render::glyphs(options.ascii);
  const Analysis a = analyse(fault, twin, g, options.absolute, options.names);

  BlockWriter block(os);
  std::string& out = block.text;
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
  paragraph(render::rich(summary_line(a.d.common, a.d.last_common)));
  if (a.d.identical) return block.flush();
  line({});

  // Two columns: "0.200 server  RST+ACK seq=1 ack=19 → client".
  const size_t col = (width - 3) / 2;
  size_t name_w = 0;
  for (const NodeRecord& n : fault.nodes) name_w = std::max(name_w, render::display_width(n.name));
  for (const NodeRecord& n : twin.nodes) name_w = std::max(name_w, render::display_width(n.name));
  // The widest time of any item, from the events alone (no item is made for it).
  size_t time_w = 5;
  for (const Trace* tr : {&fault, &twin}) {
    for (const Event& e : tr->events) {
      if (diff_compared(*tr, e)) time_w = std::max(time_w, render::format_ms(e.t).size());
    }
  }
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
  size_t shown = 0, hidden = 0;
  side_by_side(ItemCursor(fault, a.fault_nums, g, false, a.d.fault_event),
               ItemCursor(twin, a.twin_nums, g, false, a.d.twin_event), [&](const Paired& pr) {
                 if (options.max_rows && shown >= options.max_rows) {
                   ++hidden;  // Counted for the "N more rows" line, not drawn.
                   return true;
                 }
                 ++shown;
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
                 block.pass_on();
                 return true;
               });
  if (hidden > 0) line(render::rich(std::string(g.ellipsis) + " " + std::to_string(hidden) + " more rows", Ink::Dim));
  block.flush();
}

}  // namespace tcpsim
