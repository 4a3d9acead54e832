#include "trace/run_compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "tcp/rules.hpp"
#include "util/text.hpp"

namespace tcpsim::kernel {

namespace {

/// A segment as compared: what it was and when, numbers relative to the ISNs.
struct Seg {
  Time t = 0;
  uint8_t flags = 0;
  uint32_t seq = 0, ack = 0, len = 0;
  bool seq_rel = false, ack_rel = false;
  Rule rule = Rule::None;
};

/// One conversation (a connection, or a SYN and the reset that refused it): both directions in order.
struct Conv {
  uint64_t a = 0, b = 0;  ///< Its endpoints (ip << 16 | port), the initiator's first.
  Time first = 0;
  std::string initiator;  ///< The node that sent its first segment.
  std::string responder;  ///< "server:80".
  std::vector<Seg> dir[2];  ///< [0]: from the initiator; [1]: to it.
};

uint64_t endpoint(const Endpoint& e) { return (uint64_t{e.ip} << 16) | e.port; }

std::string node_name(const Trace& t, uint32_t ip) {
  const NodeId n = t.node_by_ip(ip);
  return n == kNoNode ? ip_to_string(ip) : t.nodes[n].name;
}

/// The ISNs each endpoint sent toward another (its SYNs), by (from, to).
using Isns = std::map<std::pair<uint64_t, uint64_t>, std::vector<uint32_t>>;

/// `n` relative to the ISN of `from` (toward `to`) just below it, or nothing when none is within 2^30.
std::optional<uint32_t> relative(const Isns& isns, uint64_t from, uint64_t to, uint32_t n) {
  auto it = isns.find({from, to});
  if (it == isns.end()) return std::nullopt;
  std::optional<uint32_t> best;
  for (uint32_t isn : it->second) {
    const uint32_t d = n - isn;
    if (d < (1u << 30) && (!best || d < *best)) best = d;
  }
  return best;
}

/// The trace's conversations up to `window`, by key "client -> server:80 #1".
std::map<std::string, Conv> conversations(const Trace& t, Time window) {
  std::map<std::string, Conv> out;
  std::map<std::pair<uint64_t, uint64_t>, std::string> open;  // endpoints -> key of its conversation
  std::map<std::string, int> ordinal;
  Isns isns;
  for (size_t i = 0; i < t.segments.size(); ++i) {
    const SegmentRecord r = t.segments[i];
    if (r.sent_at > window || r.dup_of) continue;  // A link's duplicate is the network's, not a TCP's.
    const Segment& s = r.seg;
    const uint64_t src = endpoint(s.src), dst = endpoint(s.dst);
    if (s.flags & kSyn) isns[{src, dst}].push_back(s.seq.v);
    auto it = open.find({std::min(src, dst), std::max(src, dst)});
    // A SYN on endpoints a conversation already used starts a new one (a port used again).
    const bool fresh_syn = (s.flags & kSyn) && !(s.flags & kAck);
    std::string key;
    if (it != open.end() && !(fresh_syn && !out[it->second].dir[0].empty() && out[it->second].dir[0].front().seq != s.seq.v)) {
      key = it->second;
    } else {
      Conv c;
      c.a = src;
      c.b = dst;
      c.first = r.sent_at;
      c.initiator = node_name(t, s.src.ip);
      c.responder = node_name(t, s.dst.ip) + ":" + std::to_string(s.dst.port);
      const std::string base = c.initiator + " -> " + c.responder;
      // A socket the scenario named (`connect ... as c3`) names its conversation, so connections
      // opened at the same moment match whatever order their SYNs left in; the others go by order.
      const std::string name = r.conn ? t.conn(r.conn).name : std::string();
      key = name.empty() ? base + " #" + std::to_string(++ordinal[base]) : base + " (" + name + ")";
      out[key] = std::move(c);
      open[{std::min(src, dst), std::max(src, dst)}] = key;
    }
    Conv& c = out[key];
    Seg g;
    g.t = r.sent_at;
    g.flags = s.flags;
    g.seq = s.seq.v;
    g.ack = (s.flags & kAck) ? s.ack.v : 0;
    g.len = s.data.len;
    g.rule = r.rule;
    c.dir[src == c.a ? 0 : 1].push_back(g);
  }
  // Relative to the ISN of the sequence space each number belongs to, as Wireshark and `tcpsim run`
  // show them: a sender's ISNs are the SYNs it sent on these ports (a new connection on the same ports
  // adds one); a number belongs to the ISN just below it. So a challenge ACK the old connection sends
  // into a new conversation, and the RST that answers it with SEQ = its ACK, keep the old connection's
  // numbers (10-half-open-reconnect). A number in no space (an injected `seq=123456`) stays absolute.
  for (auto& [key, c] : out) {
    for (int d = 0; d < 2; ++d) {
      const uint64_t from = d == 0 ? c.a : c.b, to = d == 0 ? c.b : c.a;
      for (Seg& g : c.dir[d]) {
        if (auto v = relative(isns, from, to, g.seq)) g.seq = *v, g.seq_rel = true;
        if (!(g.flags & kAck)) continue;
        if (auto v = relative(isns, to, from, g.ack)) g.ack = *v, g.ack_rel = true;
      }
    }
  }
  return out;
}

}  // namespace

std::string format_time(Time t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(t) / 1e6);
  return buf;
}

namespace {

std::string describe(const Seg& g) {
  std::string s = flags_to_string(g.flags) + " seq=" + std::to_string(g.seq);
  if (g.flags & kAck) s += " ack=" + std::to_string(g.ack);
  return s + " len=" + std::to_string(g.len) + " at " + format_time(g.t);
}

bool close_in_time(Time k, Time s, Tolerance tol) {
  const Time slack = tol.abs + static_cast<Time>(tol.rel * static_cast<double>(std::max(k, s)));
  return std::llabs(k - s) <= slack;
}

std::string rule_text(Rule r) {
  if (r == Rule::None) return "";
  const RuleInfo& i = rule_info(r);
  return std::string(i.key) + ": " + std::string(i.label) + " (" + std::string(i.cite) + ")";
}

/// Keeps `d` if it is earlier than what `first` holds.
void keep_first(std::optional<Difference>& first, Difference d) {
  if (!first || d.t < first->t) first = std::move(d);
}

void compare_segments(const Trace& kernel, const Trace& sim, Time window, Tolerance tol, Comparison& out) {
  const auto k = conversations(kernel, window);
  const auto s = conversations(sim, window);
  std::map<std::string, int> keys;
  for (const auto& [key, c] : k) keys[key] |= 1;
  for (const auto& [key, c] : s) keys[key] |= 2;
  for (const auto& [key, which] : keys) {
    ++out.connections;
    static const Conv kNone;
    const Conv& kc = (which & 1) ? k.at(key) : kNone;
    const Conv& sc = (which & 2) ? s.at(key) : kNone;
    for (int d = 0; d < 2; ++d) {
      const std::vector<Seg>& ks = kc.dir[d];
      const std::vector<Seg>& ss = sc.dir[d];
      const Conv& any = (which & 1) ? kc : sc;
      const std::string from = d == 0 ? any.initiator : any.responder;
      out.segments += ks.size();
      size_t i = 0, j = 0;  // The kernel's segment i against tcpsim's segment j.
      while (i < ks.size() || j < ss.size()) {
        Difference diff;
        diff.category = "segments";
        diff.where = key + ", segment " + std::to_string(i + 1) + " from " + from;
        diff.kernel = i < ks.size() ? describe(ks[i]) : "nothing";
        diff.tcpsim = j < ss.size() ? describe(ss[j]) : "nothing";
        diff.rule = j < ss.size() ? rule_text(ss[j].rule) : "";
        if (i >= ks.size() || j >= ss.size()) {
          diff.t = i < ks.size() ? ks[i].t : ss[j].t;
          keep_first(out.first, diff);
          break;
        }
        const Seg& a = ks[i];
        const Seg& b = ss[j];
        diff.t = std::min(a.t, b.t);
        const bool same = a.flags == b.flags && a.seq == b.seq && a.ack == b.ack && a.len == b.len;
        if (same && close_in_time(a.t, b.t, tol)) {
          ++i, ++j;
          continue;
        }
        const bool pure_ack = b.flags == kAck && b.len == 0;
        // TCP_DELACK_MIN is 40 ms (a little less here, for the clock's grain); TCP_DELACK_MAX 200 ms.
        const bool delayed = a.t - b.t >= ms(30) && a.t - b.t <= ms(250);
        if (same && pure_ack && delayed) {
          // Linux delayed the ACK (tcp_send_delayed_ack(): at least TCP_DELACK_MIN, 40 ms); tcpsim
          // acknowledges at once.
          diff.category = "model gap: delayed ACK";
          out.known.push_back(diff);
          ++i, ++j;
          continue;
        }
        if (pure_ack && a.seq == b.seq && a.ack == b.ack && a.t > b.t && (a.len > 0 || (a.flags & kFin))) {
          // The delayed ACK rode on the kernel's next segment (its FIN or data): tcpsim's separate ACK
          // has no counterpart, and the kernel's segment is compared with tcpsim's next.
          diff.category = "model gap: delayed ACK (the ACK rode on the next segment)";
          out.known.push_back(diff);
          ++j;
          continue;
        }
        if (same) diff.category = "timing";
        keep_first(out.first, diff);
        break;
      }
    }
  }
}

std::string describe(const CallRecord& c, Time window) {
  std::string s = c.subject + " " + call_name(c.kind) + "(" + c.args + ")";
  if (c.returned < 0 || c.returned > window) return s + " had not returned by " + format_time(window);
  s += " = " + std::to_string(c.ret);
  if (c.err != Errno::None) s += " " + std::string(errno_name(c.err));
  return s + " at " + format_time(c.returned);
}

void compare_calls(const Trace& kernel, const Trace& sim, Time window, Tolerance tol, Comparison& out) {
  // The same scenario line made the same calls in both runs: matched by line, then in order.
  const auto by_line = [window](const Trace& t) {
    std::map<std::pair<uint32_t, int>, size_t> calls;
    std::map<uint32_t, int> seen;
    for (size_t i = 0; i < t.calls.size(); ++i) {
      const CallRecord c = t.calls[i];
      if (c.issued <= window) calls[{c.line, seen[c.line]++}] = i;
    }
    return calls;
  };
  const auto k_calls = by_line(kernel);
  const auto s_calls = by_line(sim);
  std::map<std::pair<uint32_t, int>, int> keys;
  for (const auto& [key, i] : k_calls) keys[key] |= 1;
  for (const auto& [key, i] : s_calls) keys[key] |= 2;
  for (const auto& [key, which] : keys) {
    ++out.calls;
    const std::optional<CallRecord> k = (which & 1) ? std::optional(kernel.calls[k_calls.at(key)]) : std::nullopt;
    const std::optional<CallRecord> s = (which & 2) ? std::optional(sim.calls[s_calls.at(key)]) : std::nullopt;
    const CallRecord& any = k ? *k : *s;
    Difference diff;
    diff.category = "calls";
    diff.where = "line " + std::to_string(any.line) + ": " + any.subject + " " + call_name(any.kind) + "()";
    diff.kernel = k ? describe(*k, window) : "no such call";
    diff.tcpsim = s ? describe(*s, window) : "no such call";
    if (!k || !s) {
      diff.t = any.issued;
      keep_first(out.first, diff);
      continue;
    }
    const bool k_done = k->returned >= 0 && k->returned <= window;
    const bool s_done = s->returned >= 0 && s->returned <= window;
    // accept() returns a descriptor: its number is the process's business, not TCP's.
    const bool same_value = k->kind == CallKind::Accept ? (k->ret >= 0) == (s->ret >= 0) : k->ret == s->ret;
    if (k_done != s_done || (k_done && (!same_value || k->err != s->err))) {
      diff.t = std::min(k_done ? k->returned : window, s_done ? s->returned : window);
      keep_first(out.first, diff);
    } else if (k_done && !close_in_time(k->returned, s->returned, tol)) {
      diff.category = "timing";
      diff.t = std::min(k->returned, s->returned);
      keep_first(out.first, diff);
    }
  }
}

}  // namespace

Comparison compare_runs(const Trace& kernel, const Trace& sim, Time window, Tolerance tol) {
  Comparison out;
  compare_segments(kernel, sim, window, tol, out);
  compare_calls(kernel, sim, window, tol, out);
  bool options = false;
  for (size_t i = 0; i < kernel.segments.size() && !options; ++i) options = kernel.segments[i].seg.options != 0;
  if (options) out.gaps.push_back("options: the kernel put options besides MSS on the wire (tcpsim models only MSS); not compared");
  return out;
}

std::string format_comparison(const Comparison& c) {
  std::string s;
  const std::string counts = std::to_string(c.segments) + " segments in " + std::to_string(c.connections) +
                             (c.connections == 1 ? " connection" : " connections") + ", " + std::to_string(c.calls) +
                             " calls";
  const auto tell = [&s](const Difference& d, const std::string& head) {
    s += d.category + " (" + head + "): " + d.where + "\n";
    s += "  the kernel: " + d.kernel + "\n";
    s += "  tcpsim:     " + d.tcpsim + "\n";
    if (!d.rule.empty()) s += "  tcpsim's rule: " + d.rule + "\n";
  };
  // Each known gap before the first difference, told once with how often it happened.
  std::map<std::string, std::pair<const Difference*, size_t>> gaps;
  for (const Difference& d : c.known) {
    if (c.first && d.t > c.first->t) continue;
    auto& g = gaps[d.category];
    if (!g.first) g.first = &d;
    ++g.second;
  }
  for (const auto& [category, g] : gaps) {
    tell(*g.first, "known " + (g.second > 1 ? std::to_string(g.second) + " times, the first" : std::string("once")));
  }
  if (!c.first) {
    s += std::string(c.known.empty() ? "agrees" : "agrees apart from the known model gaps above") + ": " + counts +
         " (flags, relative seq/ack, length; results; times within 10 ms + 10 %)\n";
  } else {
    s += "differs\n";
    tell(*c.first, "the first difference");
    s += "  compared: " + counts + "\n";
  }
  for (const std::string& g : c.gaps) s += "  model gap: " + g + "\n";
  return s;
}

}  // namespace tcpsim::kernel
