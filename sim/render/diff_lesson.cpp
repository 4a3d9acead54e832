#include "render/diff_lesson.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "tcp/errno.hpp"
#include "tcp/rules.hpp"
#include "trace/describe.hpp"

namespace tcpsim::diff {

namespace {

struct Ending {
  Item item;
  std::string key;
  bool paired = false;
};

/// A run's endings in order (issue 10: only these are kept, never all its items).
std::vector<Ending> endings(const Trace& tr, const RelativeNumbers& nums) {
  std::vector<Ending> out;
  for (ItemCursor c(tr, nums, render::glyphs(false), false); c.peek();) {
    Item i = c.take();
    std::string key = ending_key(i);
    if (!key.empty()) out.push_back({std::move(i), std::move(key)});
  }
  return out;
}

/// Pairs like endings of the two runs, each with the first unpaired like one of the other, in order.
void pair_up(std::vector<Ending>& a, std::vector<Ending>& b) {
  std::map<std::string, std::vector<size_t>> waiting;
  for (size_t j = b.size(); j-- > 0;) waiting[b[j].key].push_back(j);  // back() is the earliest
  for (Ending& e : a) {
    auto it = waiting.find(e.key);
    if (it == waiting.end() || it->second.empty()) continue;
    e.paired = b[it->second.back()].paired = true;
    it->second.pop_back();
  }
}

const Ending* first_unpaired(const std::vector<Ending>& v) {
  for (const Ending& e : v) {
    if (!e.paired) return &e;
  }
  return nullptr;
}

/// The other run's first unpaired ending of the same kind by the same node (the same call, for calls).
const Item* counterpart(const Item& lead, const std::vector<Ending>& other) {
  for (const Ending& e : other) {
    if (e.paired || e.item.kind != lead.kind || e.item.node != lead.node) continue;
    if (lead.kind == Item::Kind::Call && describe_call(*e.item.call) != describe_call(*lead.call)) continue;
    return &e.item;
  }
  return nullptr;
}

/// The other run's item that stands for `lead` there: for a segment that dies, the same segment
/// (sender, receiver, flags) arriving, the one sent nearest in time (the same numbers first); for
/// another segment, one the same node sends at the same moment, differently ("RST where the twin
/// sends ACK"); for a call, the same call's result by the same node nearest in time (the data where
/// this run gets ECONNRESET).
std::optional<Item> instead(const Item& lead, const Trace& tr, const RelativeNumbers& nums) {
  if (lead.kind == Item::Kind::Call) {
    std::optional<Item> best;
    const std::string call = describe_call(*lead.call);
    auto distance = [&](const Item& i) { return i.t > lead.t ? i.t - lead.t : lead.t - i.t; };
    for (ItemCursor c(tr, nums, render::glyphs(false), false); c.peek();) {
      Item i = c.take();
      if (i.kind != Item::Kind::Call || i.issued || i.node != lead.node || describe_call(*i.call) != call) continue;
      if (!best || distance(i) < distance(*best)) best = std::move(i);
    }
    return best;
  }
  std::optional<Item> best;
  auto rank = [&](const Item& i) {
    const Time d = i.t > lead.t ? i.t - lead.t : lead.t - i.t;
    return std::make_pair(i.what == lead.what ? 0 : 1, d);
  };
  const bool drop = !lead.died.empty();
  for (ItemCursor c(tr, nums, render::glyphs(false), true); c.peek();) {
    Item i = c.take();
    if (drop) {
      if (!i.died.empty() || i.node != lead.node || i.dest != lead.dest || i.flags != lead.flags) continue;
      if (!best || rank(i) < rank(*best)) best = std::move(i);
    } else if (i.t == lead.t && i.node == lead.node && i.what != lead.what) {
      return i;
    } else if (i.t > lead.t) {
      break;
    }
  }
  return best;
}

/// The reset that answered a segment dying at a middlebox or host (a nat that forgot the flow, a
/// firewall's reject): sent by the node where it died, at that moment. The reset is the lesson.
const Item* answer_to(const Item& drop, const std::vector<Ending>& run) {
  if (drop.died.empty() || !drop.seg) return nullptr;
  for (const Ending& e : run) {
    const Item& i = e.item;
    if (!e.paired && i.kind == Item::Kind::Segment && (i.seg->seg.flags & kRst) && i.seg->from == drop.fate.end_node &&
        i.t == drop.fate.end_at) {
      return &i;
    }
  }
  return nullptr;
}

/// Earlier in time; at the same moment a segment before a call (the cause before what it caused).
bool before(const Item& a, const Item& b) {
  if (a.t != b.t) return a.t < b.t;
  return a.kind == Item::Kind::Segment && b.kind != Item::Kind::Segment;
}

}  // namespace

std::string ending_key(const Item& i) {
  switch (i.kind) {
    case Item::Kind::Segment: {
      // A reset or a FIN is how a connection ends; a segment that dies is why one may end differently.
      if (!(i.seg->seg.flags & (kRst | kFin)) && i.died.empty()) return "";
      return "S " + i.node + ">" + i.dest + " " + i.flags + " " + std::string(rule_info(i.rule).label) +
             (i.died.empty() ? " arrives" : " dies");
    }
    case Item::Kind::Call: {
      if (i.issued || !i.call) return "";
      const CallRecord& c = *i.call;
      // How the application learns the connection ended: an errno (ECONNRESET), or EOF from recv().
      // Data is no ending: it is what the other run's error stands against.
      if (c.err != Errno::None) return "C " + i.node + " " + describe_call(c) + " " + std::string(errno_name(c.err));
      if (c.kind == CallKind::Recv && c.ret == 0) return "C " + i.node + " " + describe_call(c) + " EOF";
      return "";
    }
    default:
      return "";
  }
}

Lesson find_lesson(const Trace& left, const Trace& right, const RelativeNumbers& left_nums,
                   const RelativeNumbers& right_nums, const RunNames& n) {
  std::vector<Ending> a = endings(left, left_nums);
  std::vector<Ending> b = endings(right, right_nums);
  pair_up(a, b);
  const Ending* fa = first_unpaired(a);
  const Ending* fb = first_unpaired(b);
  if (!fa && !fb) return {};
  const bool left_leads = fa && (!fb || !before(fb->item, fa->item));
  const Item& lead = left_leads ? fa->item : fb->item;
  const std::string& own_name = left_leads ? n.left : n.right;
  const std::string& other_name = left_leads ? n.right : n.left;
  const std::optional<Item> there = instead(lead, left_leads ? right : left, left_leads ? right_nums : left_nums);
  Lesson l;
  l.found = true;
  l.t = lead.t;
  if (const Item* rst = answer_to(lead, left_leads ? a : b); rst && there) {
    // A segment rejected with a reset where the other run delivers it: the reset is the news.
    l.t = rst->t;
    l.headline = "At " + at(rst->t) + " " + own_name + " sends " + rst->flags + " to " + rst->dest + ": " +
                 because(*rst) + ". In " + other_name + " the " + lead.node + "'s segment it answers arrives at " +
                 lead.dest + ".";
    return l;
  }
  // Else the other run's segment there, or its like ending by the same node (the same call).
  const Item* other = there ? &*there : counterpart(lead, left_leads ? b : a);
  const Item* f = left_leads ? &lead : other;
  const Item* w = left_leads ? other : &lead;
  if (lead.kind == Item::Kind::Segment && (!other || other->kind == Item::Kind::Segment)) {
    l.headline = segment_headline(f, w, n);
  } else {
    l.headline = difference(f, w, "At " + at(lead.t), n);
  }
  return l;
}

}  // namespace tcpsim::diff
