#include "render/diff_text.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <ostream>
#include <sstream>

#include "render/diff_items.hpp"
#include "render/diff_lesson.hpp"
#include "render/diff_words.hpp"
#include "render/event_text.hpp"
#include "render/rich.hpp"
#include "trace/describe.hpp"
#include "util/blocks.hpp"

namespace tcpsim {

namespace {

using diff::at;
using diff::capital;
using diff::difference;
using diff::Item;
using diff::ItemCursor;
using diff::pairable;
using diff::segment_headline;
using render::Glyphs;
using render::Ink;
using render::Rich;

bool same(const Item& a, const Item& b) { return same_moment(a.moment, b.moment); }

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
  Time part_t = INT64_MAX;  ///< When the first side-by-side row that differs happens.
  std::string first_row;    ///< That row as a sentence: "The runs part at 0.120s: ...".
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
  if (first) {
    a.part_t = std::min(fl ? fl->t : INT64_MAX, fr ? fr->t : INT64_MAX);
    a.first_row = difference(fl, fr, "The runs part at " + at(a.part_t), n);
  }
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

/// The headline a diff leads with and the sentence after it: the lesson (where the runs' endings
/// first differ, issue 15) and where the runs part when that is earlier; without a lesson, the first
/// segment that differs, as the analysis found it.
std::pair<std::string, std::string> headline_of(const Trace& fault, const Trace& twin, const Analysis& a,
                                                const RunNames& n) {
  if (a.d.identical) return {a.headline, a.parting};
  const diff::Lesson l = diff::find_lesson(fault, twin, a.fault_nums, a.twin_nums, n);
  if (!l.found) return {a.headline, a.parting};
  return {l.headline, a.part_t < l.t ? a.first_row : ""};
}

}  // namespace

std::string diff_headline(const Trace& fault, const Trace& twin, const RunNames& names) {
  return headline_of(fault, twin, analyse(fault, twin, render::glyphs(false), false, names), names).first;
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
  const auto [headline, parting] = headline_of(fault, twin, a, options.names);
  Rich head = render::rich(headline, Ink::Bold);
  if (!parting.empty()) render::append(head, " " + parting);
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
