#include "model/whatif.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "ladder/endpoints.hpp"
#include "model/library.hpp"

namespace tcpsim::viz {

namespace {

/// What the trace says about the sockets at a moment, as the scenario addresses them.
struct SocketView {
  std::unordered_map<NodeId, uint32_t> current;  ///< Host -> its latest connected socket's connection (0: none).
  std::vector<uint8_t> app_closed;               ///< Per connection: the application closed (or aborted) it.
  std::vector<uint8_t> link_down;                ///< Per link: down now.
  /// Processes killed and not started again since: (host, process name).
  std::vector<std::pair<NodeId, std::string>> killed;
};

/// Replays the events shown so far: which connection a bare host name means in a call (the host's
/// latest connect or accept, as Host::default_socket picks it), which sockets the application
/// closed, which links are down.
SocketView sockets_at(const Run& run, const Moment& m) {
  const Trace& t = run.trace;
  SocketView v;
  v.app_closed.assign(t.conns.size(), 0);
  v.link_down.assign(t.links.size(), 0);
  for (uint32_t i = 0; i < m.applied && i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    switch (e.type) {
      case EventType::AppCall: {
        const CallRecord& c = t.calls[e.ref];
        // (connect() makes its socket while it runs: the call record has it, the event not yet.)
        if (c.kind == CallKind::Connect && c.conn) v.current[c.node] = c.conn;
        if ((c.kind == CallKind::Close || c.kind == CallKind::Abort) && c.conn) v.app_closed[c.conn - 1] = 1;
        // A call by a killed process's name started it again (the runner allows only one that makes a socket).
        const std::pair<NodeId, std::string> who{c.node, c.subject};
        v.killed.erase(std::remove(v.killed.begin(), v.killed.end(), who), v.killed.end());
        break;
      }
      case EventType::AppReturn: {
        const CallRecord& c = t.calls[e.ref];
        if (c.kind == CallKind::Accept && e.conn && c.ret >= 0) v.current[c.node] = e.conn;
        break;
      }
      case EventType::HostCrashed:
      case EventType::HostRestarted:
        v.current[e.node] = 0;  // Every socket is gone.
        break;
      case EventType::ProcessKilled: {
        // kill -9: the kernel closed each of the process's sockets (the connections may live on).
        if (e.ref >= t.kills.size()) break;
        const KillRecord& k = t.kills[e.ref];
        for (uint32_t c : k.conns) {
          if (c >= 1 && c <= v.app_closed.size()) v.app_closed[c - 1] = 1;
        }
        if (k.process == t.nodes[e.node].name) v.current[e.node] = 0;
        v.killed.emplace_back(e.node, k.process);
        break;
      }
      case EventType::LinkDown:
      case EventType::LinkUp:
        if (e.ref < v.link_down.size()) v.link_down[e.ref] = e.type == EventType::LinkDown;
        break;
      default:
        break;
    }
  }
  return v;
}

/// "server" for a host, "10.0.0.9" for an address no host owns.
std::string address_words(const Trace& t, uint32_t ip) {
  const NodeId n = t.node_by_ip(ip);
  return n != kNoNode ? t.nodes[n].name : ip_to_string(ip);
}

/// A node next to `node` (where a forged segment can be put on the wire toward it), or kNoNode.
NodeId neighbour(const Trace& t, NodeId node) {
  for (const LinkRecord& l : t.links) {
    if (l.a == node) return l.b;
    if (l.b == node) return l.a;
  }
  return kNoNode;
}

/// Whether a call of `subject` is still running at `now` (the next one waits for it: a subject's
/// calls run one at a time, like a program's thread).
std::optional<CallRecord> busy_call(const Trace& t, const std::string& subject, Time now) {
  for (size_t i = t.calls.size(); i-- > 0;) {
    CallRecord c = t.calls[i];
    if (c.subject == subject && c.issued <= now && (c.returned < 0 || c.returned > now)) return c;
  }
  return std::nullopt;
}

/// Options for a host: crash or restart, kill -9 of each of its processes, and a new connection to each
/// port someone listens on.
void host_options(const Run& run, const Moment& m, const SocketView& v, NodeId n, std::vector<ActOption>& out) {
  const Trace& t = run.trace;
  const std::string& name = t.nodes[n].name;
  const bool down = n < m.host_down.size() && m.host_down[n];
  ActOption o;
  o.target = {ActTarget::Kind::Host, n};
  o.group = name;
  if (down) {
    o.label = "restart";
    o.statement = name + " restart";
    o.hint = "comes back with no connections at all";
    out.push_back(o);
    return;
  }
  o.label = "crash";
  o.statement = name + " crash";
  o.hint = "loses every socket and connection; sends nothing";
  out.push_back(o);
  // kill -9 of the host's own process, then of each process declared on it.
  std::vector<std::string> procs{name};
  for (const auto& [node, proc] : t.processes) {
    if (node == n) procs.push_back(proc);
  }
  for (const std::string& proc : procs) {
    ActOption k = o;
    const bool own = proc == name;
    k.label = own ? "kill the process (kill -9)" : "kill process " + proc + " (kill -9)";
    k.statement = name + " kill" + (own ? "" : " " + proc);
    k.hint = "the kernel closes its sockets as close() would: RST where data is unread, else FIN";
    if (std::find(v.killed.begin(), v.killed.end(), std::make_pair(n, proc)) != v.killed.end()) {
      k.enabled = false;
      k.hint = "already killed";
    }
    out.push_back(std::move(k));
  }
  // connect() to every port a listener of another host has used in this run.
  std::vector<std::pair<NodeId, uint16_t>> seen;
  for (const ConnRecord& c : t.conns) {
    if (!c.listener || c.node == n) continue;
    const std::pair<NodeId, uint16_t> p{c.node, c.tuple.local.port};
    if (std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
    seen.push_back(p);
    ActOption c2 = o;
    const std::string to = t.nodes[c.node].name + ":" + std::to_string(c.tuple.local.port);
    c2.label = "connect() to " + to;
    c2.statement = name + " connect " + to;
    c2.hint = "a new connection from a new port";
    out.push_back(std::move(c2));
  }
}

/// Options for a firewall or NAT: add a rule that matches everything, clear the rules, forget flows.
void middlebox_options(const Run& run, NodeId n, std::vector<ActOption>& out) {
  const Trace& t = run.trace;
  const std::string& name = t.nodes[n].name;
  ActOption o;
  o.target = {ActTarget::Kind::Middlebox, n};
  o.group = name;
  o.label = "drop everything (rule drop)";
  o.statement = "rule " + name + " drop";
  o.hint = "like iptables -j DROP: segments vanish, nobody is told";
  out.push_back(o);
  o.label = "reject everything (rule reject)";
  o.statement = "rule " + name + " reject";
  o.hint = "like iptables -j REJECT --reject-with tcp-reset";
  out.push_back(o);
  o.label = "clear its rules";
  o.statement = "rules " + name + " clear";
  o.hint = "every rule added so far is removed";
  out.push_back(o);
  if (t.nodes[n].kind == NodeKind::Nat) {
    o.label = "forget every flow";
    o.statement = name + " forget";
    o.hint = "as after a reboot or an idle timeout: later segments of those flows are unknown";
    out.push_back(o);
  }
}

/// Options for one connection or listener: calls, socket options and forged segments.
void conn_options(const Run& run, const Moment& m, const SocketView& v, const EndpointInfo& e,
                  std::vector<ActOption>& out) {
  const Trace& t = run.trace;
  const ConnRecord& c = t.conn(e.conn);
  ActOption base;
  base.target = {ActTarget::Kind::Conn, e.conn};
  base.group = e.label;
  // How the scenario can name this socket: its `as` name, or the bare host name while it is the
  // host's latest connected socket (a listener: while the host has no connected socket).
  std::string subject;
  auto cur = v.current.find(c.node);
  const uint32_t current = cur == v.current.end() ? 0 : cur->second;
  if (!c.name.empty()) {
    subject = c.name;
  } else if (c.listener ? current == 0 : current == c.id) {
    subject = e.host;
  }
  const bool down = c.node < m.host_down.size() && m.host_down[c.node];
  const bool closed = v.app_closed[c.id - 1] != 0;
  auto call = [&](const std::string& label, const std::string& words, const std::string& hint) {
    ActOption o = base;
    o.label = label;
    o.statement = subject + " " + words;
    o.hint = hint;
    if (down) {
      o.enabled = false;
      o.hint = e.host + " is down";
    } else if (closed) {
      o.enabled = false;
      o.hint = "the application has closed this socket";
    } else if (subject.empty()) {
      o.enabled = false;
      o.hint = "the scenario cannot name this socket: give it a name with 'as NAME' where it is created";
    } else if (const std::optional<CallRecord> busy = busy_call(t, subject, m.now)) {
      o.hint = "waits until its " + std::string(call_name(busy->kind)) + "() returns (one call at a time)";
    }
    out.push_back(std::move(o));
  };
  if (c.listener) {
    call("close()", "close", "stops listening; connections not yet accepted are reset");
    return;
  }
  call("close()", "close", "FIN, or RST when data is unread");
  call("abort() (SO_LINGER 0)", "abort", "RST at once");
  call("shutdown(SHUT_WR)", "shutdown", "FIN; it can still receive");
  call("send \"hello\"", "send \"hello\"", "5 bytes");
  call("recv()", "recv", "reads what has arrived, or waits");
  call("SO_LINGER {on, 0}", "setsockopt linger 0", "a later close() resets");
  call("SO_KEEPALIVE on", "setsockopt keepalive on", "probes after the keepalive idle time");
  // Forged segments toward this endpoint, as an off-path attacker would send them.
  if (e.state == State::Closed || e.state == State::Listen || down) return;
  const Endpoint& local = c.tuple.local;
  const Endpoint& remote = c.tuple.remote;
  NodeId via = t.node_by_ip(remote.ip);
  if (via == kNoNode || via == c.node) via = neighbour(t, c.node);
  if (via == kNoNode) return;
  const std::string head = t.nodes[via].name + " inject " + address_words(t, remote.ip) + ":" +
                           std::to_string(remote.port) + " > " + e.host + ":" + std::to_string(local.port) + " ";
  const std::optional<TcbSnapshot> tcb = run.tcb(c.id, m.applied);
  const uint32_t wnd = tcb ? tcb->rcv_wnd : 0;
  ActOption o = base;
  o.hint = "put on the wire by " + t.nodes[via].name + ", from " + address_words(t, remote.ip) + "'s address";
  o.label = "forged RST: seq = RCV.NXT";
  o.statement = head + "RST seq=rcv.nxt";
  out.push_back(o);
  if (wnd >= 2) {
    const uint32_t into = std::min<uint32_t>(1000, wnd / 2);
    o.label = "forged RST: seq in the window (RCV.NXT+" + std::to_string(into) + ")";
    o.statement = head + "RST seq=rcv.nxt+" + std::to_string(into);
    out.push_back(o);
  }
  o.label = "forged RST: seq outside the window";
  o.statement = head + "RST seq=rcv.nxt+rcv.wnd+1000";
  out.push_back(o);
  o.label = "forged SYN (seq = RCV.NXT)";
  o.statement = head + "SYN seq=rcv.nxt";
  out.push_back(o);
}

/// Options for a link: down when up, up when down.
void link_options(const Run& run, const SocketView& v, LinkId l, std::vector<ActOption>& out) {
  const Trace& t = run.trace;
  const LinkRecord& r = t.links[l];
  const std::string a = t.nodes[r.a].name, b = t.nodes[r.b].name;
  ActOption o;
  o.target = {ActTarget::Kind::Link, l};
  o.group = "link " + a + " – " + b;
  const bool down = v.link_down[l] != 0;
  o.label = down ? "up" : "down";
  o.statement = "link " + a + " " + b + (down ? " up" : " down");
  o.hint = down ? "segments cross it again" : "segments on it or sent over it are lost";
  out.push_back(std::move(o));
}

}  // namespace

std::vector<ActOption> act_options(const Run& run, const Moment& m) {
  const Trace& t = run.trace;
  std::vector<ActOption> out;
  const SocketView v = sockets_at(run, m);
  const std::vector<EndpointInfo> eps = endpoints_at(run, m, SIZE_MAX);
  for (NodeId n : run.lanes) {
    if (t.nodes[n].kind == NodeKind::Host) {
      host_options(run, m, v, n, out);
      for (const EndpointInfo& e : eps) {
        if (e.node == n && !(e.gone && v.app_closed[e.conn - 1])) conn_options(run, m, v, e, out);
      }
    } else {
      middlebox_options(run, n, out);
    }
  }
  for (size_t l = 0; l < t.links.size(); ++l) link_options(run, v, static_cast<LinkId>(l), out);
  return out;
}

std::vector<ActOption> act_options_for(const Run& run, const std::vector<ActOption>& all, const ActTarget& target) {
  const Trace& t = run.trace;
  std::vector<ActOption> out;
  for (const ActOption& o : all) {
    const bool on_host = target.kind == ActTarget::Kind::Host && o.target.kind == ActTarget::Kind::Conn &&
                         t.conn(o.target.id).node == target.id;
    if (o.target == target || on_host) out.push_back(o);
  }
  return out;
}

std::vector<size_t> filter_options(const std::vector<ActOption>& options, std::string_view filter) {
  std::vector<size_t> out;
  for (size_t i = 0; i < options.size(); ++i) {
    const ActOption& o = options[i];
    if (matches_words(o.group + " " + o.label + " " + o.statement, filter)) out.push_back(i);
  }
  return out;
}

std::optional<ActTarget> ladder_target(const Run& run, const LadderLayout& l, const LadderHit& hit, float x,
                                       float y) {
  const Trace& t = run.trace;
  auto of_node = [&](NodeId n) {
    return ActTarget{t.nodes[n].kind == NodeKind::Host ? ActTarget::Kind::Host : ActTarget::Kind::Middlebox, n};
  };
  using K = LadderHit::Kind;
  if (hit.kind == K::Arrow || hit.kind == K::Band) {
    const uint32_t seg = hit.kind == K::Arrow ? l.arrows[hit.item].segment : l.bands[hit.item].first;
    const SegmentRecord& s = t.segments[seg];
    if (s.conn) return ActTarget{ActTarget::Kind::Conn, s.conn};
    if (s.from != kNoNode) return of_node(s.from);
  }
  if (hit.kind == K::Mark) {
    const Event& e = t.events[l.marks[hit.item].event];
    if (e.conn) return ActTarget{ActTarget::Kind::Conn, e.conn};
    if (e.node != kNoNode && e.node < t.nodes.size()) return of_node(e.node);
  }
  if (l.lanes.empty() || y < l.area.y || y > l.area.bottom()) return std::nullopt;
  // The nearest lane, unless the click is in the middle third between two lanes that a link joins.
  size_t near = 0;
  for (size_t i = 1; i < l.lanes.size(); ++i) {
    if (std::abs(l.lanes[i].x - x) < std::abs(l.lanes[near].x - x)) near = i;
  }
  const float gap = l.lanes.size() > 1 ? std::abs(l.lanes[1].x - l.lanes[0].x) : 200.0f;
  if (x < l.lanes.front().x - gap / 2 || x > l.lanes.back().x + gap / 2) return std::nullopt;
  for (size_t i = 0; i + 1 < l.lanes.size(); ++i) {
    const float a = l.lanes[i].x, b = l.lanes[i + 1].x;
    if (x <= a + (b - a) / 3 || x >= b - (b - a) / 3) continue;
    for (size_t k = 0; k < t.links.size(); ++k) {
      const LinkRecord& r = t.links[k];
      if ((r.a == l.lanes[i].node && r.b == l.lanes[i + 1].node) || (r.b == l.lanes[i].node && r.a == l.lanes[i + 1].node)) {
        return ActTarget{ActTarget::Kind::Link, static_cast<uint32_t>(k)};
      }
    }
  }
  return of_node(l.lanes[near].node);
}

Time fork_time(const Run& run, size_t step, Time now, bool strict) {
  const Trace& t = run.trace;
  const size_t n = run.steps.events.size();
  step = std::min(step, n);
  const Time shown = step == 0 ? -1 : t.events[run.steps.events[step - 1]].t;
  // The next step's event at a later time than those shown (simultaneous ones are shown first).
  Time next = -1;
  for (size_t s = step; s < n; ++s) {
    const Time ts = t.events[run.steps.events[s]].t;
    if (ts > shown) {
      next = ts;
      break;
    }
  }
  Time lo = std::max(now, shown < 0 ? Time{0} : shown);
  if (strict) lo = std::max(lo, shown + 1);
  // Room up to the next event, and not much beyond `now`: the line should read like the moment on screen.
  Time hi = next >= 0 ? next - 1 : lo + kSec;
  hi = std::min(hi, lo + std::max<Time>(kUs, lo / 10));
  if (hi < lo) return lo;
  static constexpr Time grains[] = {3600 * kSec, 600 * kSec, 60 * kSec, 10 * kSec, 5 * kSec, kSec, 500 * kMs,
                                    100 * kMs,   50 * kMs,   10 * kMs,  5 * kMs,   kMs,      500 * kUs,
                                    100 * kUs,   50 * kUs,   10 * kUs,  5 * kUs,   kUs,      100,
                                    10,          1};
  for (Time g : grains) {
    const Time c = (lo + g - 1) / g * g;
    if (c <= hi) return c;
  }
  return lo;
}

Time likely_fork_time(const Run& run, size_t step, Time now) {
  const Time at = fork_time(run, step, now, false);
  const Trace& t = run.trace;
  for (uint32_t i = run.applied(step); i-- > 0 && t.events[i].t >= at;) {
    const EventType k = t.events[i].type;
    if (t.events[i].t == at && (k == EventType::SegmentDelivered || k == EventType::SegmentDropped ||
                                k == EventType::SegmentForwarded || k == EventType::TimerFired ||
                                k == EventType::FlowForgotten)) {
      return fork_time(run, step, now, true);
    }
  }
  return at;
}

std::string time_words(Time t) {
  if (t <= 0) return "0ms";
  struct Unit {
    Time ns;
    const char* name;
  };
  static constexpr Unit units[] = {{kSec, "s"}, {kMs, "ms"}, {kUs, "us"}, {1, "ns"}};
  for (const Unit& u : units) {
    // The largest unit that writes it exactly with at most three decimals.
    if (u.ns > 1 && (t < u.ns || (t * 1000) % u.ns != 0)) continue;
    const Time whole = t / u.ns;
    const Time frac = (t % u.ns) * 1000 / u.ns;
    std::string s = std::to_string(whole);
    if (frac) {
      std::string f = std::to_string(frac);
      f.insert(0, 3 - f.size(), '0');
      while (f.back() == '0') f.pop_back();
      s += "." + f;
    }
    return s + u.name;
  }
  return std::to_string(t) + "ns";
}

namespace {

/// The first two words of a line (after leading blanks), or fewer.
std::pair<std::string_view, std::string_view> first_words(std::string_view line) {
  auto word = [&](size_t& at) {
    auto space = [&](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (at < line.size() && space(line[at])) ++at;
    const size_t start = at;
    while (at < line.size() && !space(line[at]) && line[at] != '#') ++at;
    return line.substr(start, at - start);
  };
  size_t at = 0;
  std::string_view a = word(at);
  std::string_view b = word(at);
  return {a, b};
}

/// A line that takes its time from the timed line before it: `at +D ...` or a `note` without `at`.
bool leans_on_previous(std::string_view line) {
  const auto [a, b] = first_words(line);
  return a == "note" || (a == "at" && !b.empty() && b[0] == '+');
}

/// Blank or only a comment.
bool is_blank(std::string_view line) { return first_words(line).first.empty(); }

}  // namespace

Inserted insert_timed_line(std::string_view text, const Scenario& sc, Time at, std::string_view statement,
                           std::string_view comment) {
  // Split into lines, keeping each line's end.
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < text.size();) {
    const size_t nl = text.find('\n', start);
    const size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  const bool crlf = text.find("\r\n") != std::string_view::npos;
  // After the last action at or before `at` (ties: the new line comes after the file's own lines at
  // that time, which happened first); with none, before the first action.
  uint32_t after = 0;
  uint32_t first_action = 0;
  for (const Action& a : sc.actions) {
    if (a.at <= at) after = std::max(after, a.loc.line);
    if (first_action == 0 || a.loc.line < first_action) first_action = a.loc.line;
  }
  if (after == 0) after = first_action ? first_action - 1 : static_cast<uint32_t>(lines.size());
  after = std::min<uint32_t>(after, static_cast<uint32_t>(lines.size()));
  // Keep lines that lean on the one above them with it.
  for (;;) {
    uint32_t k = after;
    while (k < lines.size() && is_blank(lines[k])) ++k;
    if (k < lines.size() && leans_on_previous(lines[k])) {
      after = k + 1;
      continue;
    }
    break;
  }
  std::string line = "at " + time_words(at) + " " + std::string(statement);
  if (!comment.empty()) line += "   # " + std::string(comment);
  line += crlf ? "\r\n" : "\n";
  Inserted out;
  out.line = after + 1;
  for (uint32_t i = 0; i < after; ++i) out.text += lines[i];
  if (!out.text.empty() && out.text.back() != '\n') out.text += crlf ? "\r\n" : "\n";
  out.text += line;
  for (size_t i = after; i < lines.size(); ++i) out.text += lines[i];
  return out;
}

bool same_prefix(const Trace& a, const Trace& b, uint32_t events) {
  if (a.events.size() < events || b.events.size() < events) return false;
  for (uint32_t i = 0; i < events; ++i) {
    const Event& x = a.events[i];
    const Event& y = b.events[i];
    if (x.t != y.t || x.type != y.type || x.a != y.a || x.b != y.b || x.rule != y.rule || x.node != y.node ||
        x.conn != y.conn || x.ref != y.ref || x.value != y.value) {
      return false;
    }
  }
  return true;
}

}  // namespace tcpsim::viz
