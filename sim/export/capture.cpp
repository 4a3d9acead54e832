#include "export/capture.hpp"

#include <unordered_map>

#include "export/packet.hpp"
#include "render/diff_text.hpp"
#include "render/event_text.hpp"
#include "trace/describe.hpp"

namespace tcpsim {

namespace {

std::string node_name(const Trace& t, NodeId n) { return n < t.nodes.size() ? t.nodes[n].name : std::string("?"); }

/// "a", "a and b", "a, b and c".
std::string and_list(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += i + 1 == v.size() ? " and " : ", ";
    out += v[i];
  }
  return out;
}

/// The segments of an ordinary exchange, which Wireshark's own columns explain: no comment.
bool routine(Rule r) {
  switch (r) {
    case Rule::None:
    case Rule::ActiveOpen:
    case Rule::SynAckPassive:
    case Rule::HandshakeAck:
    case Rule::Data:
    case Rule::Ack:
    case Rule::Fin:
    case Rule::WindowUpdate: return true;
    default: return false;
  }
}

/// Why a segment was sent, in two comments (Wireshark cuts a line of its packet tree at 240
/// characters): "server: close() with unread data, discarded 18 unread bytes [RFC 1122 §4.2.2.13;
/// Linux tcp_close()]", then the rule's sentence.
void why(const Trace& t, const SegmentRecord& s, const std::vector<Event>& discards,
         std::vector<std::string>& comments) {
  const RuleInfo& info = rule_info(s.rule);
  std::string out = node_name(t, s.from) + ": " + std::string(info.label);
  for (const Event& e : discards) out += ", " + render::discard_text(e);
  // `line` names the firewall rule or `inject` behind a segment a middlebox or the scenario made (the
  // rule that dropped a segment is its fate's).
  if (s.line && s.rule == Rule::Injected) out += ", scenario line " + std::to_string(s.line);
  if (s.line && s.rule == Rule::FirewallReject) out += ", the rule at line " + std::to_string(s.line);
  if (!info.cite.empty() && info.cite != "scenario") out += " [" + std::string(info.cite) + "]";
  comments.push_back(std::move(out));
  if (!info.text.empty()) comments.emplace_back(info.text);
}

/// How a segment that did not arrive ended, or "" for one that did: "never arrives: firewall (line 17),
/// at fw at 2.010 s". At the middlebox that dropped it: "dropped here: firewall (line 17)".
std::string fate(const Trace& t, const SegmentRecord& s, const SegmentFate& f, CaptureView view, bool answered) {
  if (f.outcome == Outcome::InFlight) return "still in flight when the run ended";
  if (f.outcome != Outcome::Dropped) return "";
  std::string out;
  if (!view.wire() && f.end_node == view.node && s.from != view.node) {
    out = "dropped here: " + render::drop_text(f);
  } else {
    out = "never arrives: " + render::drop_text(f);
    if (f.end_node != kNoNode) {
      out += ", at " + node_name(t, f.end_node);
    } else if (f.end_link < t.links.size()) {
      out += ", on the link " + node_name(t, t.links[f.end_link].a) + "-" + node_name(t, t.links[f.end_link].b);
    }
    out += " at " + render::format_ms(f.end_at) + " s";
  }
  // REJECT --reject-with tcp-reset, or a middlebox that forgot the flow: the reset is its own packet.
  if (answered && (f.verdict == Rule::FirewallReject || f.verdict == Rule::ConntrackReset)) {
    out += "; " + node_name(t, f.end_node) + " answers with an RST in the name of " + node_name(t, s.to);
  }
  return out;
}

/// Where the run parts from the other one (tcpsim diff): the index of this run's first differing
/// segment, and the comment it gets.
void parting(const Trace& trace, const Trace* other, int64_t& segment, std::string& comment) {
  if (!other) return;
  const bool fault = trace.run == RunKind::Fault;
  const Divergence d = fault ? find_divergence(trace, *other) : find_divergence(*other, trace);
  if (d.identical) return;
  segment = fault ? d.fault_segment : d.twin_segment;
  const int64_t theirs = fault ? d.twin_segment : d.fault_segment;
  const std::string run = fault ? "the graceful twin" : "the fault run";
  if (theirs >= 0) {
    const SegmentRecord& o = other->segments[static_cast<size_t>(theirs)];
    comment = "the runs part here: in " + run + ", " + node_name(*other, o.from) + " sends " +
              describe_segment(*other, relative_numbers(*other), static_cast<size_t>(theirs)) + " at " +
              render::format_ms(o.sent_at) + " s instead (tcpsim diff)";
  } else {
    comment = "the runs part here: " + run + " sends no such segment (tcpsim diff)";
  }
}

}  // namespace

CaptureCursor::CaptureCursor(const Trace& trace, CaptureView view, const Trace* other)
    : trace_(trace), view_(view), answered_(render::answered_segments(trace)) {
  if (view_.node >= trace.nodes.size()) view_.node = kNoNode;
  middlebox_ = !view_.wire() && trace.nodes[view_.node].kind != NodeKind::Host;
  for (const Event& e : trace.events) {
    if (e.type == EventType::Discarded) discards_[e.conn].push_back(e);
  }
  // Frame numbers first (a duplicate's comment names its original's frame, which may come after it).
  frame_.assign(trace.segments.size(), 0);
  std::vector<bool> seen(middlebox_ ? trace.segments.size() : 0, false);
  uint32_t frames = 0;
  CapturePacket p;
  for (const Event& e : trace.events) {
    if (!pick(e, seen, p)) continue;
    ++frames;
    if (!frame_[p.segment]) frame_[p.segment] = frames;
  }
  seen_.assign(middlebox_ ? trace.segments.size() : 0, false);
  parting(trace, other, part_segment_, part_comment_);
}

bool CaptureCursor::pick(const Event& e, std::vector<bool>& seen, CapturePacket& p) {
  const bool here = !view_.wire() && e.node == view_.node;
  Direction dir = Direction::Unknown;
  switch (e.type) {
    case EventType::SegmentSent:
      if (!view_.wire() && !here) return false;
      if (here && middlebox_) seen[e.ref] = true;
      dir = here ? Direction::Outbound : Direction::Unknown;
      break;
    case EventType::SegmentDelivered:
      if (!here) return false;
      dir = Direction::Inbound;
      break;
    case EventType::SegmentForwarded:
    case EventType::SegmentDropped:
      // A middlebox sees what reaches it, passed on or not; a host that was down sees nothing.
      if (!here || !middlebox_ || seen[e.ref]) return false;
      seen[e.ref] = true;
      dir = Direction::Inbound;
      break;
    default: return false;
  }
  p.segment = e.ref;
  p.t = e.t;
  p.dir = dir;
  p.comments.clear();
  return true;
}

bool CaptureCursor::next(CapturePacket& p) {
  while (event_ < trace_.events.size()) {
    const Event& e = trace_.events[event_++];
    if (!pick(e, seen_, p)) continue;
    comment(p);
    return true;
  }
  return false;
}

void CaptureCursor::comment(CapturePacket& p) {
  const SegmentRecord& s = trace_.segments[p.segment];
  std::vector<std::string>& c = p.comments;
  if (s.dup_of) {
    const size_t f = frame_[s.dup_of - 1];
    c.push_back("duplicate: a second copy the link delivered of " +
                (f ? "frame " + std::to_string(f) : "tcpsim segment #" + std::to_string(s.dup_of)));
  } else if (!routine(s.rule)) {
    std::vector<Event> gone;  // The bytes a close() or abort threw away with this reset.
    if (s.conn && (s.seg.flags & kRst)) {
      if (const auto it = discards_.find(s.conn); it != discards_.end()) {
        for (const Event& e : it->second) {
          if (e.t == s.sent_at && e.rule == s.rule) gone.push_back(e);
        }
      }
    }
    why(trace_, s, gone, c);
  }
  if (std::string f = fate(trace_, s, trace_.fate(p.segment), view_, answered_[p.segment]); !f.empty()) {
    c.push_back(std::move(f));
  }
  if (std::string v = render::verdict_text(trace_, p.segment, answered_[p.segment]); !v.empty()) c.push_back(std::move(v));
  if (static_cast<int64_t>(p.segment) == part_segment_) c.push_back(part_comment_);
  if (s.seg.data.len > max_payload(trace_, s.seg)) {
    c.push_back("payload cut to " + std::to_string(max_payload(trace_, s.seg)) + " of " + std::to_string(s.seg.data.len) +
                " bytes: an IPv4 packet holds at most 65535");
  }
}

std::vector<CapturePacket> capture_packets(const Trace& trace, CaptureView view, const Trace* other) {
  std::vector<CapturePacket> packets;
  CaptureCursor cursor(trace, view, other);
  CapturePacket p;
  while (cursor.next(p)) packets.push_back(p);
  return packets;
}

std::string capture_points(const Trace& trace) {
  std::vector<std::string> hosts, firewalls, nats;
  for (const NodeRecord& r : trace.nodes) {
    (r.kind == NodeKind::Host ? hosts : r.kind == NodeKind::Firewall ? firewalls : nats).push_back(r.name);
  }
  std::vector<std::string> parts;
  if (!hosts.empty()) parts.push_back((hosts.size() == 1 ? "host " : "hosts ") + and_list(hosts));
  if (!firewalls.empty()) parts.push_back((firewalls.size() == 1 ? "firewall " : "firewalls ") + and_list(firewalls));
  if (!nats.empty()) parts.push_back((nats.size() == 1 ? "nat " : "nats ") + and_list(nats));
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

std::string view_name(const Trace& trace, CaptureView view) {
  if (view.wire() || view.node >= trace.nodes.size()) return "the wire";
  const NodeRecord& r = trace.nodes[view.node];
  if (r.kind == NodeKind::Host) return r.name + " (" + ip_to_string(r.ip) + ")";
  return std::string(node_kind_name(r.kind)) + " " + r.name;
}

}  // namespace tcpsim
