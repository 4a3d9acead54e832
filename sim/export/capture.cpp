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
void why(const Trace& t, const SegmentRecord& s, const std::vector<const Event*>& discards,
         std::vector<std::string>& comments) {
  const RuleInfo& info = rule_info(s.rule);
  std::string out = node_name(t, s.from) + ": " + std::string(info.label);
  for (const Event* e : discards) out += ", " + render::discard_text(*e);
  // `line` names the firewall rule or `inject` behind a segment a middlebox or the scenario made
  // (on a segment that was dropped it names the rule that dropped it: the fate says that).
  if (s.line && s.rule == Rule::Injected) out += ", scenario line " + std::to_string(s.line);
  if (s.line && s.rule == Rule::FirewallReject) out += ", the rule at line " + std::to_string(s.line);
  if (!info.cite.empty() && info.cite != "scenario") out += " [" + std::string(info.cite) + "]";
  comments.push_back(std::move(out));
  if (!info.text.empty()) comments.emplace_back(info.text);
}

/// How a segment that did not arrive ended, or "" for one that did: "never arrives: firewall (line 17),
/// at fw at 2.010 s". At the middlebox that dropped it: "dropped here: firewall (line 17)".
std::string fate(const Trace& t, const SegmentRecord& s, CaptureView view, bool answered) {
  if (s.outcome == Outcome::InFlight) return "still in flight when the run ended";
  if (s.outcome != Outcome::Dropped) return "";
  std::string out;
  if (!view.wire() && s.end_node == view.node && s.from != view.node) {
    out = "dropped here: " + render::drop_text(s);
  } else {
    out = "never arrives: " + render::drop_text(s);
    if (s.end_node != kNoNode) {
      out += ", at " + node_name(t, s.end_node);
    } else if (s.end_link < t.links.size()) {
      out += ", on the link " + node_name(t, t.links[s.end_link].a) + "-" + node_name(t, t.links[s.end_link].b);
    }
    out += " at " + render::format_ms(s.end_at) + " s";
  }
  // REJECT --reject-with tcp-reset, or a middlebox that forgot the flow: the reset is its own packet.
  if (answered && (s.verdict == Rule::FirewallReject || s.verdict == Rule::ConntrackReset)) {
    out += "; " + node_name(t, s.end_node) + " answers with an RST in the name of " + node_name(t, s.to);
  }
  return out;
}

/// Where the run parts from the other one (tcpsim diff): the index of this run's first differing
/// segment, and the comment it gets.
struct Parting {
  int64_t segment = -1;
  std::string comment;
};

Parting parting(const Trace& trace, const Trace* other) {
  if (!other) return {};
  const bool fault = trace.run == RunKind::Fault;
  const Divergence d = fault ? find_divergence(trace, *other) : find_divergence(*other, trace);
  if (d.identical) return {};
  Parting p;
  p.segment = fault ? d.fault_segment : d.twin_segment;
  const int64_t theirs = fault ? d.twin_segment : d.fault_segment;
  const std::string run = fault ? "the graceful twin" : "the fault run";
  if (theirs >= 0) {
    const SegmentRecord& o = other->segments[static_cast<size_t>(theirs)];
    p.comment = "the runs part here: in " + run + ", " + node_name(*other, o.from) + " sends " +
                describe_segment(*other, relative_numbers(*other), static_cast<size_t>(theirs)) + " at " +
                render::format_ms(o.sent_at) + " s instead (tcpsim diff)";
  } else {
    p.comment = "the runs part here: " + run + " sends no such segment (tcpsim diff)";
  }
  return p;
}

}  // namespace

std::vector<CapturePacket> capture_packets(const Trace& trace, CaptureView view, const Trace* other) {
  const size_t n = trace.segments.size();
  if (view.node >= trace.nodes.size()) view.node = kNoNode;
  const bool middlebox = !view.wire() && trace.nodes[view.node].kind != NodeKind::Host;
  std::vector<CapturePacket> packets;
  std::vector<bool> seen(middlebox ? n : 0, false);  // A segment reaches a middlebox once.
  auto add = [&](uint32_t seg, Time t, Direction dir) {
    CapturePacket p;
    p.segment = seg;
    p.t = t;
    p.dir = dir;
    packets.push_back(std::move(p));
  };
  for (const Event& e : trace.events) {
    const bool here = !view.wire() && e.node == view.node;
    switch (e.type) {
      case EventType::SegmentSent:
        if (view.wire()) add(e.ref, e.t, Direction::Unknown);
        if (here) add(e.ref, e.t, Direction::Outbound);
        if (here && middlebox) seen[e.ref] = true;
        break;
      case EventType::SegmentDelivered:
        if (here) add(e.ref, e.t, Direction::Inbound);
        break;
      case EventType::SegmentForwarded:
      case EventType::SegmentDropped:
        // A middlebox sees what reaches it, passed on or not; a host that was down sees nothing.
        if (here && middlebox && !seen[e.ref]) {
          seen[e.ref] = true;
          add(e.ref, e.t, Direction::Inbound);
        }
        break;
      default: break;
    }
  }

  // What to say about each packet.
  const std::vector<bool> answered = render::answered_segments(trace);
  std::unordered_map<uint32_t, std::vector<const Event*>> discards;  // By connection.
  for (const Event& e : trace.events) {
    if (e.type == EventType::Discarded) discards[e.conn].push_back(&e);
  }
  std::vector<size_t> frame(n, 0);  // 1-based frame number of each segment's first packet here.
  for (size_t k = 0; k < packets.size(); ++k) {
    if (!frame[packets[k].segment]) frame[packets[k].segment] = k + 1;
  }
  const Parting part = parting(trace, other);
  for (CapturePacket& p : packets) {
    const SegmentRecord& s = trace.segments[p.segment];
    std::vector<std::string>& c = p.comments;
    if (s.dup_of) {
      const size_t f = frame[s.dup_of - 1];
      c.push_back("duplicate: a second copy the link delivered of " +
                  (f ? "frame " + std::to_string(f) : "tcpsim segment #" + std::to_string(s.dup_of)));
    } else if (!routine(s.rule)) {
      std::vector<const Event*> gone;  // The bytes a close() or abort threw away with this reset.
      if (s.conn && (s.seg.flags & kRst)) {
        for (const Event* e : discards[s.conn]) {
          if (e->t == s.sent_at && e->rule == s.rule) gone.push_back(e);
        }
      }
      why(trace, s, gone, c);
    }
    if (std::string f = fate(trace, s, view, answered[p.segment]); !f.empty()) c.push_back(std::move(f));
    if (std::string v = render::verdict_text(trace, p.segment, answered[p.segment]); !v.empty()) c.push_back(std::move(v));
    if (static_cast<int64_t>(p.segment) == part.segment) c.push_back(part.comment);
    if (s.seg.data.len > max_payload(s.seg)) {
      c.push_back("payload cut to " + std::to_string(max_payload(s.seg)) + " of " + std::to_string(s.seg.data.len) +
                  " bytes: an IPv4 packet holds at most 65535");
    }
  }
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
