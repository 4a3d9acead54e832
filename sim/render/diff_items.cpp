#include "render/diff_items.hpp"

#include "trace/describe.hpp"

namespace tcpsim::diff {

using render::Glyphs;
using render::Ink;

namespace {

/// How a segment was lost, as a clause: "fw drops it (line 20)", "it is lost on the link".
std::string drop_clause(const Trace& tr, const SegmentFate& s, const std::string& dest) {
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

}  // namespace

Item make_item(const Trace& tr, const Glyphs& g, const DiffKey& k) {
  const Event& e = k.event;
  Item it;
  it.moment = k;
  it.t = e.t;
  it.node = e.node < tr.nodes.size() ? tr.nodes[e.node].name : "";
  switch (e.type) {
    case EventType::SegmentSent: {
      const SegmentRecord& s = tr.segments[e.ref];
      it.kind = Item::Kind::Segment;
      it.flags = flags_to_string(s.seg.flags);
      it.what = it.flags + " seq=" + std::to_string(k.seq);
      if (s.seg.flags & kAck) it.what += " ack=" + std::to_string(k.ack);
      if (s.seg.data.len) it.what += " len=" + std::to_string(s.seg.data.len);
      const std::string dest = s.to < tr.nodes.size() ? tr.nodes[s.to].name : ip_to_string(s.seg.dst.ip);
      it.seg = s;
      it.fate = tr.fate(e.ref);
      it.segment = e.ref;
      it.dest = dest;
      it.rule = s.rule;
      it.text = render::rich(it.what, render::segment_ink(s.seg));
      render::append(it.text, " " + std::string(g.to) + " " + dest);
      if (it.fate.outcome == Outcome::Dropped) {
        it.died = drop_clause(tr, it.fate, dest);
        const std::string why = render::drop_text(it.fate);
        render::append(it.text, " " + std::string(g.lost) + " " + why, Ink::Error);
      }
      break;
    }
    case EventType::StateChanged:
      it.kind = Item::Kind::State;
      it.rule = e.rule;
      it.text = render::state_change_text(tr, e, g);
      break;
    case EventType::AppCall:
    case EventType::AppReturn: {
      // A call that returned at once is told where it was made, before what it caused; a blocking
      // call twice: when it is made and when it returns.
      const CallRecord& c = tr.calls[e.ref];
      it.kind = Item::Kind::Call;
      it.call = c;
      if (k.issued) {
        it.issued = true;
        it.text = render::call_issued_text(tr, c, g);
      } else {
        it.text = render::call_result_text(tr, c);
      }
      break;
    }
    case EventType::Discarded:
      it.kind = Item::Kind::Discard;
      it.key = render::discard_text(e);
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
    case EventType::ProcessKilled:
      it.key = render::kill_text(tr, e);
      it.phrase = "kill -9: " + it.key.substr(0, it.key.find(" killed")) + " is killed";
      it.text = render::rich(it.key, Ink::Error);
      break;
    case EventType::LinkDown:
    case EventType::LinkUp: {
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
      break;  // Not compared (diff_compared() says so first).
  }
  return it;
}


ItemCursor::ItemCursor(const Trace& tr, const RelativeNumbers& nums, const Glyphs& g, bool segments_only,
                       size_t from_event)
    : tr_(tr), g_(g), keys_(tr, nums, segments_only, from_event) {
  load();
}

Item ItemCursor::take() {
  Item it = std::move(*cur_);
  keys_.next();
  load();
  return it;
}

void ItemCursor::load() {
  cur_.reset();
  if (const DiffKey* k = keys_.peek()) cur_ = make_item(tr_, g_, *k);
}

}  // namespace tcpsim::diff
