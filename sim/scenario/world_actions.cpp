#include "scenario/world_actions.hpp"

#include "net/middlebox.hpp"
#include "scenario/expect.hpp"

namespace tcpsim {

bool endpoint_ip(const Trace& t, const std::string& name, uint32_t* ip) {
  if (NodeId n = t.node_by_name(name); n != kNoNode && t.nodes[n].kind == NodeKind::Host) {
    *ip = t.nodes[n].ip;
    return true;
  }
  return parse_ip(name, ip);
}

void add_rule(World& w, const FirewallRule& r, const LineError& error) {
  const NodeId mb = w.trace().node_by_name(r.middlebox);
  if (mb == kNoNode || w.is_host(mb)) {
    error(r.loc.line, "'" + r.middlebox + "' is not a firewall or nat");
    return;
  }
  ResolvedRule rr;
  rr.reject = r.reject;
  rr.syn_only = r.syn_only;
  rr.line = r.loc.line;
  if (r.from) {
    rr.has_from = true;
    rr.from.port = r.from->port;
    if (!r.from->host.empty() && !endpoint_ip(w.trace(), r.from->host, &rr.from.ip)) {
      error(r.loc.line, "unknown host '" + r.from->host + "'");
    }
  }
  if (r.to) {
    rr.has_to = true;
    rr.to.port = r.to->port;
    if (!r.to->host.empty() && !endpoint_ip(w.trace(), r.to->host, &rr.to.ip)) {
      error(r.loc.line, "unknown host '" + r.to->host + "'");
    }
  }
  w.middlebox(mb).add_rule(rr);
}

void apply_rule_action(World& w, const RuleAction& r, const LineError& error) {
  if (r.clear) {
    const NodeId mb = w.trace().node_by_name(r.rule.middlebox);
    if (mb != kNoNode && !w.is_host(mb)) w.middlebox(mb).clear_rules();
    return;
  }
  add_rule(w, r.rule, error);
}

void apply_forget(World& w, const ForgetFlowsAction& f, uint32_t line, const LineError& error) {
  const NodeId mb = w.trace().node_by_name(f.middlebox);
  if (mb == kNoNode || w.is_host(mb)) {
    error(line, "'" + f.middlebox + "' is not a nat");
    return;
  }
  w.forget_flows(mb, line);
}

void apply_link_action(World& w, const LinkAction& l, uint32_t line, const LineError& error) {
  const Trace& t = w.trace();
  const LinkId link = w.find_link(t.node_by_name(l.a), t.node_by_name(l.b));
  if (link == kNoLink) {
    error(line, "there is no link between " + l.a + " and " + l.b);
    return;
  }
  w.set_link_up(link, l.up);
}

bool injected_addresses(const Trace& t, const InjectAction& in, uint32_t line, Segment* s, const LineError& error) {
  if (!endpoint_ip(t, in.src.host, &s->src.ip) || !endpoint_ip(t, in.dst.host, &s->dst.ip)) {
    error(line, "inject: unknown address");
    return false;
  }
  s->src.port = in.src.port;
  s->dst.port = in.dst.port;
  s->flags = in.flags;
  return true;
}

bool complete_injected(Trace& t, const InjectAction& in, uint32_t line, Segment* s, const LineError& error) {
  s->wnd = in.wnd.value_or((s->flags & kRst) ? 0 : 65535);
  if (s->flags & kSyn) s->mss = 1460;
  if (in.mss) s->mss = *in.mss;
  if (!in.options.empty()) {
    s->options = t.add_options(in.options);
    if (s->options == 0) {
      error(line, "inject: more than 65535 different sets of TCP options in one run");
      return false;
    }
  }
  if (!in.data.empty()) {
    const uint32_t stream = t.streams.create();
    t.streams.append_literal(stream, in.data);
    s->data = {stream, static_cast<uint32_t>(in.data.size()), 0};
  } else if (in.len > 0) {
    const uint32_t stream = t.streams.create();
    t.streams.append_generated(stream, in.len);
    s->data = {stream, in.len, 0};
  }
  return true;
}

bool trigger_met(const Trace& t, const Trigger& tr, const Event& ev) {
  const NodeId node = t.node_by_name(tr.subject);
  switch (tr.kind) {
    case Trigger::Kind::Sends: {
      if (ev.type != EventType::SegmentSent) return false;
      const SegmentRecord& s = t.segments[ev.ref];
      return s.from == node && s.dup_of == 0 && s.seg.flags == tr.flags;
    }
    case Trigger::Kind::State: {
      if (ev.type != EventType::StateChanged || static_cast<State>(ev.b) != tr.state || ev.conn == 0) return false;
      const ConnRecord& c = t.conn(ev.conn);
      return node != kNoNode ? c.node == node : c.name == tr.subject;
    }
    case Trigger::Kind::Returns: {
      if (ev.type != EventType::AppReturn) return false;
      const CallRecord& c = t.calls[ev.ref];
      // A call its process's kill ended did not return.
      return call_belongs(t, c, tr.subject) && c.kind == tr.call &&
             (tr.result ? result_matches(*tr.result, c) : !c.killed);
    }
    case Trigger::Kind::Forgets:
      return ev.type == EventType::FlowForgotten && ev.node == node;
  }
  return false;
}

}  // namespace tcpsim
