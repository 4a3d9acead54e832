// What happened to a segment or a call, rather than what was sent: `expect HOST ignores FLAGS`,
// `expect MB drops FLAGS`, `expect SUBJECT gets SIGPIPE`, `expect NAT forgets flow`, and their `no`
// forms. They read facts the trace records: a segment's verdict and drop reason, a call's SIGPIPE
// flag, a middlebox's forgotten flows.
#include <optional>

#include "render/event_text.hpp"
#include "scenario/expect_impl.hpp"
#include "trace/describe.hpp"

namespace tcpsim::checking {

namespace {

/// The IP a host name stands for (0: not a host).
uint32_t host_ip(const Trace& tr, const std::string& name) {
  const NodeId n = tr.node_by_name(name);
  return n != kNoNode && tr.nodes[n].kind == NodeKind::Host ? tr.nodes[n].ip : 0;
}

/// Why a middlebox dropped a segment, as the message says it.
const char* drop_why(DropReason d) {
  return d == DropReason::Firewall ? "a rule" : "its flow table";
}

}  // namespace

CheckResult check_fate(const Expectation& e, const Trace& tr, const RelativeNumbers& rel) {
  CheckResult r{e.loc.line, tr.run, false, {}};
  const bool ignores = e.kind == Expectation::Kind::Ignores;
  const NodeId node = tr.node_by_name(e.subject);
  const NodeId from = e.from.empty() ? kNoNode : tr.node_by_name(e.from);
  const uint32_t from_ip = host_ip(tr, e.from);
  const uint32_t to_ip = host_ip(tr, e.to);
  std::string what = flags_to_string(e.flags);
  if (!e.from.empty()) what += " from " + e.from;
  if (!e.to.empty()) what += " to " + e.to;
  std::vector<size_t> reached;  // ignores: the segments the line is about that reached the host
  std::vector<size_t> hits;     // those of them it ignored or dropped
  for (size_t i = 0; i < tr.segments.size(); ++i) {
    const SegmentRecord& s = tr.segments[i];
    const SegmentFate f = tr.fate(i);
    if (s.seg.flags != e.flags || f.end_node != node) continue;
    if (ignores) {
      // The receiving TCP's verdict (RFC 9293 §3.10.7, RFC 5961 §3): a rule that says it was dropped.
      if (f.outcome != Outcome::Delivered || (from != kNoNode && s.from != from)) continue;
      reached.push_back(i);
      if (f.verdict != Rule::None) hits.push_back(i);
    } else {
      // A middlebox drops by a rule or for a flow it does not know; a link's loss is not its doing.
      if ((from_ip && s.seg.src.ip != from_ip) || (to_ip && s.seg.dst.ip != to_ip)) continue;
      if (f.outcome == Outcome::Dropped && (f.drop == DropReason::Firewall || f.drop == DropReason::Conntrack)) {
        hits.push_back(i);
      }
    }
  }
  const std::string verb = ignores ? "ignore" : "drop";
  if (e.negated) {
    if (hits.empty()) {
      r.passed = true;
      return r;
    }
    const SegmentFate s = tr.fate(hits[0]);
    r.message = "expected " + e.subject + " to " + verb + " no " + what + ", got " + describe_segment(tr, rel, hits[0]) +
                " " + at_time(s.end_at) + " " + verb + (ignores ? "d (" + std::string(rule_info(s.verdict).label) + ")"
                                                                 : "ped by " + std::string(drop_why(s.drop)));
    if (s.line && !ignores) r.message += " (line " + std::to_string(s.line) + ")";
    return r;
  }
  if (!hits.empty()) {
    r.passed = true;
    return r;
  }
  r.message = "expected " + e.subject + " to " + verb + " " + what + ", but ";
  if (!ignores) {
    r.message += "it dropped none";
  } else if (reached.empty()) {
    r.message += "no " + what + " reached " + e.subject;
  } else {
    r.message += e.subject + " accepted " +
                 (reached.size() == 1 ? "it: " : "all " + std::to_string(reached.size()) + ", the first: ") +
                 describe_segment(tr, rel, reached[0]) + " " + at_time(tr.fate(reached[0]).end_at);
  }
  return r;
}

CheckResult check_sigpipe(const Expectation& e, const Trace& tr) {
  CheckResult r{e.loc.line, tr.run, false, {}};
  std::optional<CallRecord> raised;  // records are read back as values
  std::optional<CallRecord> epipe;
  for (const CallRecord& c : tr.calls) {
    if (!call_belongs(tr, c, e.subject)) continue;
    if (c.sigpipe && !raised) raised = c;
    if (c.err == Errno::BrokenPipe && !epipe) epipe = c;
  }
  if (raised.has_value() != e.negated) {
    r.passed = true;
    return r;
  }
  const auto call_text = [](const CallRecord& c) {
    return describe_call(c) + " " + at_time(c.issued) + " (line " + std::to_string(c.line) + ") returned " +
           describe_result(c);
  };
  if (e.negated) {
    r.message = "expected " + e.subject + " to get no SIGPIPE, got one: " + call_text(*raised);
  } else {
    // Linux raises SIGPIPE on a write to a socket that cannot send any more (EPIPE), unless the
    // call asked not to (MSG_NOSIGNAL).
    r.message = "expected " + e.subject + " to get SIGPIPE, but " +
                (epipe ? "its only EPIPE raised none: " + call_text(*epipe) : "no call of " + e.subject + " failed with EPIPE");
  }
  return r;
}

CheckResult check_forgets(const Expectation& e, const Trace& tr) {
  CheckResult r{e.loc.line, tr.run, false, {}};
  const NodeId nat = tr.node_by_name(e.subject);
  const uint32_t ip = host_ip(tr, e.from);
  std::vector<std::pair<Time, const FlowRecord*>> forgot;
  for (size_t k = 0; k < tr.events.size(); ++k) {
    const Event& ev = tr.events[k];
    if (ev.type != EventType::FlowForgotten || ev.node != nat || ev.ref >= tr.flows.size()) continue;
    const FlowRecord& f = tr.flows[ev.ref];
    if (ip && f.a.ip != ip && f.b.ip != ip) continue;
    forgot.emplace_back(ev.t, &f);
  }
  const std::string what = e.from.empty() ? "a flow" : "a flow of " + e.from;
  r.passed = e.negated ? forgot.empty() : !forgot.empty();
  if (r.passed) return r;
  if (e.negated) {
    const FlowRecord& f = *forgot[0].second;
    r.message = "expected " + e.subject + " to forget no flow" + (e.from.empty() ? "" : " of " + e.from) + ", but it forgot " +
                ip_to_string(f.a.ip) + ":" + std::to_string(f.a.port) + " <-> " + ip_to_string(f.b.ip) + ":" +
                std::to_string(f.b.port) + " " + at_time(forgot[0].first) +
                (f.line ? " (forget at line " + std::to_string(f.line) + ")" : " (idle since " + render::format_ms(f.last_seen) + "s)");
  } else {
    r.message = "expected " + e.subject + " to forget " + what + ", but it forgot none by the end of the run (" +
                render::format_ms(tr.end_time) + "s)";
  }
  return r;
}

}  // namespace tcpsim::checking
