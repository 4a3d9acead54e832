#include "render/event_text.hpp"

#include <cstdio>

#include "trace/describe.hpp"
#include "util/text.hpp"

namespace tcpsim::render {

std::string format_ms(Time t) {
  const bool neg = t < 0;
  const uint64_t a = neg ? static_cast<uint64_t>(-(t + 1)) + 1 : static_cast<uint64_t>(t);
  const uint64_t ms_total = (a + kMs / 2) / kMs;  // Rounded to the nearest millisecond.
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%llu.%03llu", neg ? "-" : "", static_cast<unsigned long long>(ms_total / 1000),
                static_cast<unsigned long long>(ms_total % 1000));
  return buf;
}

Ink segment_ink(const Segment& s) {
  if (s.flags & kRst) return Ink::Rst;
  if (s.flags & kSyn) return Ink::Syn;
  if (s.flags & kFin) return Ink::Fin;
  return Ink::Plain;
}

RelativeNumbers numbers_for(const Trace& trace, bool absolute) {
  RelativeNumbers r = relative_numbers(trace);
  if (absolute) {
    for (size_t i = 0; i < trace.segments.size(); ++i) {
      r.seq[i] = trace.segments[i].seg.seq.v;
      r.ack[i] = trace.segments[i].seg.ack.v;
      r.known[i] = 0;
    }
  }
  return r;
}

std::string segment_label(const Trace& trace, const RelativeNumbers& nums, size_t index) {
  std::string s = describe_segment(trace, nums, index);
  // A reset must read as one from its first word, whatever else it carries.
  if ((trace.segments[index].seg.flags & kRst) && s.rfind("RST", 0) != 0) s = "RST " + s;
  return s;
}

std::string segment_tag(const Trace& trace, size_t index) {
  const SegmentRecord& r = trace.segments[index];
  if (r.dup_of) return "duplicate";
  switch (r.rule) {
    case Rule::Retransmit:
    case Rule::SynAckAgain: return "retransmission";
    case Rule::FastRetransmit: return "fast retransmit";
    case Rule::PartialAck: return "partial ACK";
    case Rule::ZeroWindowProbe: return "window probe";
    case Rule::KeepaliveProbe: return "keepalive probe";
    case Rule::ChallengeAckRst:
    case Rule::ChallengeAckSyn: return "challenge ACK";
    case Rule::WindowUpdate: return "window update";
    case Rule::Injected: return "injected";
    default: return "";
  }
}

std::string drop_text(const SegmentFate& s) {
  switch (s.drop) {
    case DropReason::Loss: return "lost";
    case DropReason::Firewall:
      return s.line ? "firewall (line " + std::to_string(s.line) + ")" : std::string("firewall");
    case DropReason::Conntrack: return "unknown flow";
    default: return std::string(drop_reason_name(s.drop));
  }
}

std::vector<bool> answered_segments(const Trace& trace) {
  std::vector<bool> v(trace.segments.size(), false);
  for (const SegmentRecord& s : trace.segments) {
    if (s.reply_to > 0 && s.reply_to <= v.size() && s.dup_of == 0) v[s.reply_to - 1] = true;
  }
  return v;
}

std::string short_cite(Rule r) {
  const std::string_view c = rule_info(r).cite;
  return std::string(c.substr(0, c.find(';')));
}

std::string verdict_text(const Trace& trace, size_t index, bool answered) {
  const SegmentFate s = trace.fate(index);
  if (s.verdict == Rule::None || s.outcome != Outcome::Delivered) return "";
  std::string label(rule_info(s.verdict).label);
  if (label.rfind("rcv ", 0) == 0) label.erase(0, 4);
  std::string out = answered ? "not accepted: " : "ignored: ";
  out += label;
  const std::string cite = short_cite(s.verdict);
  if (!cite.empty()) out += " (" + cite + ")";
  return out;
}

std::string call_prefix(const Trace& trace, const CallRecord& c) {
  const std::string& node = trace.nodes[c.node].name;
  return c.subject.empty() || c.subject == node ? node : c.subject;
}

namespace {
/// "sock." when the call was made on a named socket; hosts are named by their lane.
std::string socket_part(const Trace& trace, const CallRecord& c) {
  if (c.subject.empty() || c.subject == trace.nodes[c.node].name) return "";
  return c.subject + ".";
}
}  // namespace

Rich call_issued_text(const Trace& trace, const CallRecord& c, const Glyphs& g) {
  Rich r = rich(socket_part(trace, c) + describe_call(c), Ink::Bold);
  append(r, " ");
  append(r, g.ellipsis, Ink::Dim);
  return r;
}

Rich call_result_text(const Trace& trace, const CallRecord& c) {
  Rich r = rich(socket_part(trace, c) + describe_call(c), Ink::Bold);
  if (c.returned < 0) {
    append(r, " never returned", Ink::Warn);
    return r;
  }
  if (c.killed) {
    append(r, " killed: never returns", Ink::Error);  // The program is gone (kill -9).
    return r;
  }
  append(r, " = ");
  append(r, describe_result(c), c.err != Errno::None || c.ret < 0 ? Ink::Error : Ink::Plain);
  return r;
}

std::string conn_prefix(const Trace& trace, uint32_t conn) {
  if (conn == 0 || conn > trace.conns.size()) return "";
  const ConnRecord& me = trace.conn(conn);
  if (!me.name.empty()) return me.name + ": ";
  int others = 0;
  for (const ConnRecord& r : trace.conns) {
    if (r.node == me.node && !r.listener && r.id != conn) ++others;
  }
  if (me.listener || others == 0) return "";
  return "conn " + std::to_string(conn) + ": ";
}

Rich state_change_text(const Trace& trace, const Event& e, const Glyphs& g) {
  Rich r = rich(conn_prefix(trace, e.conn));
  append(r, state_name(static_cast<State>(e.a)), Ink::Bold);
  append(r, " ");
  append(r, g.to, Ink::Bold);
  append(r, " ");
  append(r, state_name(static_cast<State>(e.b)), Ink::Bold);
  const std::string_view label = rule_info(e.rule).label;
  if (!label.empty()) append(r, "  (" + std::string(label) + ")");
  return r;
}

std::string kill_text(const Trace& trace, const Event& e) {
  if (e.ref >= trace.kills.size()) return "process killed (kill -9)";
  const KillRecord& k = trace.kills[e.ref];
  const bool own = k.node < trace.nodes.size() && trace.nodes[k.node].name == k.process;
  return (own ? std::string("process") : k.process) + " killed (kill -9)";
}

std::string discard_text(const Event& e) {
  std::string kind;
  switch (static_cast<DiscardKind>(e.a)) {
    case DiscardKind::UnreadReceive: kind = "unread"; break;
    case DiscardKind::OutOfOrder: kind = "out-of-order"; break;
    case DiscardKind::UnsentSend: kind = "unsent"; break;
    case DiscardKind::UnackedSend: kind = "unacknowledged"; break;
  }
  if (e.value < 10000) {
    return "discarded " + std::to_string(e.value) + " " + kind + (e.value == 1 ? " byte" : " bytes");
  }
  return "discarded " + format_bytes(e.value) + " of " + kind + " data";
}

std::string timer_text(const Event& e) {
  std::string name;
  switch (static_cast<TimerKind>(e.a)) {
    case TimerKind::Retransmit: name = "retransmission timer"; break;
    case TimerKind::Persist: name = "persist timer"; break;
    case TimerKind::Keepalive: name = "keepalive timer"; break;
    case TimerKind::TimeWait: name = "TIME-WAIT timer (2MSL)"; break;
    case TimerKind::FinWait2: name = "FIN-WAIT-2 timer"; break;
    case TimerKind::DelayedAck: name = "delayed-ACK timer"; break;
  }
  switch (e.type) {
    case EventType::TimerArmed: return name + " armed, expires at " + format_ms(static_cast<Time>(e.value));
    case EventType::TimerCancelled: return name + " cancelled";
    default: return name + " fired";
  }
}

std::string flow_text(const Trace& trace, const Event& e, bool ascii) {
  if (e.ref >= trace.flows.size()) return "forgot a flow";
  const FlowRecord& f = trace.flows[e.ref];
  auto ep = [](const Endpoint& p) { return ip_to_string(p.ip) + ":" + std::to_string(p.port); };
  const std::string flow = ep(f.a) + (ascii ? " <-> " : " ↔ ") + ep(f.b);
  // A `forget` line emptied the table, however busy the flow was: that comes first, so it still shows
  // where a narrow view cuts the text.
  if (f.line) return "forgot the flow (forget at line " + std::to_string(f.line) + "): " + flow;
  return "forgot the flow " + flow + " (idle since " + format_ms(f.last_seen) + ")";
}

}  // namespace tcpsim::render
