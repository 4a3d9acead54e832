#include "render/event_dump.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

#include "render/event_text.hpp"
#include "trace/describe.hpp"
#include "util/blocks.hpp"

namespace tcpsim {

namespace {

std::string conn_word(uint32_t conn) { return conn ? "conn " + std::to_string(conn) + " " : ""; }

std::string details(const Trace& tr, const RelativeNumbers& nums, const Event& e) {
  auto seg = [&](size_t i) { return "#" + std::to_string(i + 1) + " " + describe_segment(tr, nums, i); };
  auto name = [&](NodeId n) { return n < tr.nodes.size() ? tr.nodes[n].name : std::string("?"); };
  switch (e.type) {
    case EventType::SegmentSent: {
      const SegmentRecord& s = tr.segments[e.ref];
      std::string d = seg(e.ref) + " -> " + name(s.to);
      if (s.rule != Rule::None) d += " [" + std::string(rule_info(s.rule).key) + "]";
      if (s.dup_of) d += " (copy of #" + std::to_string(s.dup_of) + ")";
      if (s.reply_to) d += " (reply to #" + std::to_string(s.reply_to) + ")";
      return d;
    }
    case EventType::SegmentDelivered: return seg(e.ref);
    case EventType::SegmentIgnored: return seg(e.ref) + " verdict " + std::string(rule_info(e.rule).key);
    case EventType::SegmentDropped: {
      const SegmentFate s = tr.fate(e.ref);
      std::string d = seg(e.ref) + " " + std::string(drop_reason_name(s.drop));
      if (s.line) d += " (line " + std::to_string(s.line) + ")";
      if (s.end_link < tr.links.size()) d += " on link " + name(tr.links[s.end_link].a) + "-" + name(tr.links[s.end_link].b);
      return d;
    }
    case EventType::SegmentForwarded: return seg(e.ref);
    case EventType::ConnCreated: return e.conn ? describe_conn(tr, e.conn) : "";
    case EventType::StateChanged:
      return conn_word(e.conn) + std::string(state_name(static_cast<State>(e.a))) + " -> " +
             std::string(state_name(static_cast<State>(e.b))) + " [" + std::string(rule_info(e.rule).key) + "]";
    case EventType::TimerArmed:
    case EventType::TimerCancelled:
    case EventType::TimerFired:
      return conn_word(e.conn) + std::string(timer_name(static_cast<TimerKind>(e.a))) + " deadline " +
             format_seconds(static_cast<Time>(e.value));
    case EventType::Discarded:
      return conn_word(e.conn) + std::to_string(e.value) + " bytes " +
             std::string(discard_name(static_cast<DiscardKind>(e.a)));
    case EventType::AppCall: {
      const CallRecord& c = tr.calls[e.ref];
      return "call " + std::to_string(c.id) + " " + render::call_prefix(tr, c) + " " + describe_call(c) + " (line " +
             std::to_string(c.line) + ")";
    }
    case EventType::AppReturn: {
      const CallRecord& c = tr.calls[e.ref];
      return "call " + std::to_string(c.id) + " " + describe_call(c) + " = " + describe_result(c);
    }
    case EventType::Note: return e.ref < tr.notes.size() ? tr.notes[e.ref].text : "";
    case EventType::HostCrashed:
    case EventType::HostRestarted: return "";
    case EventType::LinkDown:
    case EventType::LinkUp:
      return e.ref < tr.links.size() ? name(tr.links[e.ref].a) + "-" + name(tr.links[e.ref].b) : "";
    case EventType::FlowForgotten: return render::flow_text(tr, e, true);
    case EventType::ProcessKilled: return render::kill_text(tr, e);
  }
  return "";
}

}  // namespace

std::string render_event_dump(const Trace& tr, bool absolute) {
  std::ostringstream os;
  render_event_dump(tr, absolute, os);
  return os.str();
}

void render_event_dump(const Trace& tr, bool absolute, std::ostream& os) {
  const RelativeNumbers nums = render::numbers_for(tr, absolute);
  size_t name_w = 1;
  for (const NodeRecord& n : tr.nodes) name_w = std::max(name_w, n.name.size());
  BlockWriter block(os);
  std::string& out = block.text;
  for (const Event& e : tr.events) {
    block.pass_on();
    std::string time = format_seconds(e.t);
    std::string who = e.node < tr.nodes.size() ? tr.nodes[e.node].name : "-";
    std::string type(event_type_name(e.type));
    time.insert(0, time.size() < 12 ? 12 - time.size() : 0, ' ');
    who.resize(std::max(who.size(), name_w), ' ');
    type.resize(std::max<size_t>(type.size(), 17), ' ');
    std::string line = time + "  " + who + "  " + type + "  " + details(tr, nums, e);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += "end " + format_seconds(tr.end_time) + " (" + tr.stop_reason + ")\n";
  for (const RunError& err : tr.errors) out += "error line " + std::to_string(err.line) + ": " + err.message + "\n";
  block.flush();
}

}  // namespace tcpsim
