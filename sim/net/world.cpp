#include "net/world.hpp"

#include <algorithm>
#include <deque>

#include "net/host.hpp"
#include "net/middlebox.hpp"
#include "tcp/reset.hpp"
#include "util/inline.hpp"
#include "util/text.hpp"

namespace tcpsim {

namespace {
constexpr uint32_t kHeaderBytes = 40;  // IPv4 + TCP without options.

/// About twice `bytes`, as a scenario writes a size ("4GB", "128MB"): the limit to suggest.
std::string twice(uint64_t bytes) {
  const uint64_t unit = bytes >= 500'000'000 ? 1'000'000'000 : 1'000'000;
  return std::to_string((2 * bytes + unit - 1) / unit) + (unit == 1'000'000 ? "MB" : "GB");
}

/// The internal error of an event scheduled before the current time (out of line: never taken).
[[gnu::noinline, gnu::cold]] std::string scheduled_in_past(const char* what, Time t, Time now) {
  return std::string(what) + " was scheduled for " + format_seconds(t) + " s at " + format_seconds(now) +
         " s, in the past";
}

/// The rule a timer of this kind serves (named when a timer is armed in the past).
Rule timer_rule(TimerKind k) {
  switch (k) {
    case TimerKind::Retransmit: return Rule::Retransmit;
    case TimerKind::Persist: return Rule::ZeroWindowProbe;
    case TimerKind::Keepalive: return Rule::KeepaliveProbe;
    case TimerKind::TimeWait: return Rule::TimeWaitTimeout;
    case TimerKind::FinWait2: return Rule::FinWait2Timeout;
    case TimerKind::DelayedAck: return Rule::DelayedAck;
  }
  return Rule::None;
}
}

World::World(uint64_t seed) : seed_(seed) { trace_.seed = seed; }
World::~World() = default;

NodeId World::add_host(const std::string& name, uint32_t ip, const TcpConfig& config) {
  const auto id = static_cast<NodeId>(trace_.nodes.size());
  trace_.nodes.push_back({name, NodeKind::Host, ip});
  hosts_.push_back(std::make_unique<Host>(*this, id, name, ip, config, seed_));
  host_ips_.emplace_back(ip, id);
  middleboxes_.push_back(nullptr);
  return id;
}

NodeId World::add_middlebox(const std::string& name, NodeKind kind, Time idle, ForgetAction forget) {
  const auto id = static_cast<NodeId>(trace_.nodes.size());
  trace_.nodes.push_back({name, kind, 0});
  hosts_.push_back(nullptr);
  middleboxes_.push_back(std::make_unique<Middlebox>(id, kind, idle, forget));
  return id;
}

LinkId World::add_link(NodeId a, NodeId b, const LinkParams& p) {
  const auto id = static_cast<LinkId>(links_.size());
  LinkState l{a, b, p, p.loss > 0 || p.duplicate > 0 || p.reorder > 0, true, -1, Rng(seed_, "link:" + trace_.nodes[a].name + "-" + trace_.nodes[b].name), {0, 0}, {}};
  links_.push_back(std::move(l));
  trace_.links.push_back({a, b, p.delay, p.jitter, p.loss, p.duplicate, p.reorder, p.bandwidth});
  return id;
}

void World::finish_topology() {
  // Breadth-first search from every destination; hosts do not forward, middleboxes do.
  const size_t n = trace_.nodes.size();
  next_hop_.assign(n, std::vector<LinkId>(n, kNoLink));
  for (size_t dst = 0; dst < n; ++dst) {
    std::vector<int> dist(n, -1);
    std::deque<size_t> q;
    dist[dst] = 0;
    q.push_back(dst);
    while (!q.empty()) {
      const size_t v = q.front();
      q.pop_front();
      if (v != dst && is_host(static_cast<NodeId>(v))) continue;  // hosts are path ends, not routers
      for (size_t li = 0; li < links_.size(); ++li) {
        const LinkState& l = links_[li];
        if (l.a != v && l.b != v) continue;
        const size_t u = (l.a == v) ? l.b : l.a;
        if (dist[u] >= 0) continue;
        dist[u] = dist[v] + 1;
        next_hop_[u][dst] = static_cast<LinkId>(li);
        q.push_back(u);
      }
    }
  }
}

Host& World::host(NodeId id) { return *hosts_.at(id); }
Middlebox& World::middlebox(NodeId id) { return *middleboxes_.at(id); }
bool World::is_host(NodeId id) const { return id < hosts_.size() && hosts_[id] != nullptr; }

LinkId World::find_link(NodeId a, NodeId b) const {
  for (size_t i = 0; i < links_.size(); ++i) {
    if ((links_[i].a == a && links_[i].b == b) || (links_[i].a == b && links_[i].b == a)) return static_cast<LinkId>(i);
  }
  return kNoLink;
}

void World::at(Time t, std::function<void()> fn) {
  actions_.push_back(std::move(fn));
  QItem q{QItem::Kind::Action};
  q.a = static_cast<uint32_t>(actions_.size() - 1);
  enqueue(t, q, "a scenario action");
}

uint32_t World::add_conn(ConnRecord rec) {
  rec.id = static_cast<uint32_t>(trace_.conns.size() + 1);
  rec.created = now_;
  trace_.conns.push_back(rec);
  std::array<Time, kTimerKinds> none;
  none.fill(-1);
  timer_entry_.push_back(none);
  return rec.id;
}

Connection* World::conn(uint32_t id) {
  if (id == 0 || id > trace_.conns.size()) return nullptr;
  const NodeId node = trace_.conns[id - 1].node;
  return node < hosts_.size() && hosts_[node] ? hosts_[node]->conn(id) : nullptr;
}

void World::take_snapshot(uint32_t id, const Connection& conn) {
  const Connection* c = &conn;
  const Tcb& t = c->tcb();
  TcbSnapshot s;
  s.t = now_;
  s.conn = id;
  s.event = static_cast<uint32_t>(trace_.events.size());
  s.state = c->state();
  s.snd_una = t.snd_una;
  s.snd_nxt = t.snd_nxt;
  s.snd_wnd = t.snd_wnd;
  s.rcv_nxt = t.rcv_nxt;
  s.rcv_wnd = c->rcv_wnd();
  s.rcvbuf = std::min<uint32_t>(c->config().rcvbuf, 65535);
  s.unread = c->unread();
  s.out_of_order = c->out_of_order_bytes();
  s.unsent = c->unsent();
  s.unacked = c->send_buffered() - s.unsent;
  s.sndbuf = c->config().sndbuf;
  // A step that changed none of the connection's variables takes no snapshot.
  trace_.tcbs.push_back_changed(s);
}

void World::queue_timer(NodeId host, uint32_t conn, TimerKind kind, Time deadline) {
  if (deadline < now_) {
    // The connection computed a deadline before now (issue 10: an overflowing persist interval did):
    // name the timer and the rule it serves rather than move the clock back.
    const RuleInfo& r = rule_info(timer_rule(kind));
    halt("connection " + std::to_string(conn) + "'s " + std::string(timer_name(kind)) + " timer (" +
         std::string(r.key) + ": " + std::string(r.cite) + ") was armed for " + format_seconds(deadline) +
         " s at " + format_seconds(now_) + " s, in the past");
    return;
  }
  Time& entry = timer_entry_[conn - 1][static_cast<size_t>(kind)];
  if (entry >= 0 && entry <= deadline) return;  // The waiting entry comes first and will look again.
  entry = deadline;
  QItem q{QItem::Kind::Timer};
  q.node = host;
  q.a = conn;
  q.sub = static_cast<uint8_t>(kind);
  enqueue(deadline, q, "a timer");
}

void World::schedule_flow_check(NodeId middlebox, uint32_t flow, Time when) {
  QItem q{QItem::Kind::FlowCheck};
  q.node = middlebox;
  q.a = flow;
  enqueue(when, q, "a middlebox's flow check");
}

uint32_t World::send_segment(NodeId from, const Segment& seg, uint32_t conn, Rule rule, uint32_t reply_to,
                             uint32_t line) {
  // The record is written once, in the packet's own slot; the trace copies it from there.
  const uint32_t slot = take_slot();
  SegmentRecord& r = packets_[slot].rec;
  r.seg = seg;
  r.sent_at = now_;
  r.conn = conn;
  r.from = from;
  // RFC 1122 §3.2.1.3: 127.0.0.0/8 is the sending host itself.
  r.to = is_loopback(seg.dst.ip) ? from : host_by_ip(seg.dst.ip);
  r.rule = rule;
  r.reply_to = reply_to;
  r.line = line;
  r.dup_of = 0;
  const uint32_t idx = launch(slot);
  forward(slot, from);
  return idx;
}

uint32_t World::take_slot() {
  if (free_slots_.empty()) {
    packets_.emplace_back();
    return static_cast<uint32_t>(packets_.size() - 1);
  }
  const uint32_t slot = free_slots_.back();
  free_slots_.pop_back();
  return slot;
}

uint32_t World::launch(uint32_t slot) {
  Packet& p = packets_[slot];
  p.id = static_cast<uint32_t>(trace_.segments.size());
  trace_.segments.push_back(p.rec);
  record_ref(EventType::SegmentSent, p.rec.from, p.rec.conn, p.id, p.rec.rule);
  return p.id;
}

void World::record_ignored(uint32_t seg, NodeId node, uint32_t conn, Rule why) {
  record_ref(EventType::SegmentIgnored, node, conn, seg, why);
}

void World::forward(uint32_t slot, NodeId at) {
  const NodeId dst = packets_[slot].rec.to;
  if (dst != kNoNode && dst == at && is_host(at)) {
    // A host sending to itself (127.0.0.1 or its own address) uses its loopback interface: no link,
    // no delay, delivered in turn through the queue as Linux's loopback delivers through a softirq.
    QItem q{QItem::Kind::Arrive};
    q.node = at;
    q.link = kNoLink;
    q.a = slot;
    q.t2 = now_;
    enqueue(now_, q, "a loopback delivery");
    return;
  }
  if (dst == kNoNode || dst == at) {
    drop(slot, DropReason::NoRoute, at, kNoLink);
    return;
  }
  const LinkId link = next_hop_[at][dst];
  if (link == kNoLink) {
    drop(slot, DropReason::NoRoute, at, kNoLink);
    return;
  }
  hop(slot, link, at);
}

void World::hop(uint32_t slot, LinkId link, NodeId from) {
  LinkState& l = links_[link];
  const int dir = (from == l.a) ? 0 : 1;
  const NodeId to = dir == 0 ? l.b : l.a;
  if (!l.up) {
    drop(slot, DropReason::LinkDown, kNoNode, link);
    return;
  }
  // Serialization on a rate-limited link, with an optional tail-drop queue.
  Time start = now_;
  Time tx = 0;
  if (l.p.bandwidth > 0) {
    const Segment& seg = packets_[slot].rec.seg;
    const uint64_t bits =
        uint64_t{kHeaderBytes + seg.data.len + tcp_options_length(seg.mss, trace_.options_of(seg))} * 8;
    tx = static_cast<Time>((bits * 1'000'000'000ULL) / l.p.bandwidth);
    auto& q = l.queued[dir];
    while (!q.empty() && q.front() <= now_) q.pop_front();
    if (l.p.queue > 0 && q.size() >= l.p.queue) {
      drop(slot, DropReason::QueueFull, from, link);
      return;
    }
    start = std::max(now_, l.busy_until[dir]);
    l.busy_until[dir] = start + tx;
    q.push_back(start + tx);
  }
  // Draws happen in a fixed order per segment so a seed always gives the same run (a chance of 0
  // draws nothing: a link without faults skips all three).
  bool lost = false, dup = false, late = false;
  if (l.draws) {
    lost = l.rng.chance(l.p.loss);
    dup = l.rng.chance(l.p.duplicate);
    late = l.rng.chance(l.p.reorder);
  }
  Time delay = l.p.delay;
  if (l.p.jitter > 0) {
    const auto span = static_cast<uint64_t>(2 * l.p.jitter + 1);
    delay += static_cast<Time>(l.rng.below(span)) - l.p.jitter;
    delay = std::max<Time>(delay, 0);
  }
  if (late) delay += l.p.delay;  // Held back: later segments overtake it.
  const Time arrival = start + tx + delay;
  // One lane per link direction: a constant delay keeps it in order (event_queue.hpp).
  const uint32_t lane = 2u * link + static_cast<uint32_t>(dir);
  if (lost) {
    // Lost in the middle of the link (that is where the ladder draws the cross).
    QItem q{QItem::Kind::LinkDrop};
    q.link = link;
    q.a = slot;
    enqueue(start + tx + delay / 2, q, "a loss on a link", lane);
  } else {
    QItem q{QItem::Kind::Arrive};
    q.node = to;
    q.link = link;
    q.a = slot;
    q.t2 = now_;
    enqueue(arrival, q, "an arrival", lane);
  }
  if (dup) {
    // The link delivers a second copy just after the first: a segment of its own, sent from here.
    const uint32_t copy = take_slot();  // May move packets_: `slot` is read by index below.
    packets_[copy].rec = packets_[slot].rec;
    packets_[copy].rec.dup_of = packets_[slot].id + 1;
    packets_[copy].rec.sent_at = now_;
    packets_[copy].rec.from = from;
    launch(copy);
    QItem q{QItem::Kind::Arrive};
    q.node = to;
    q.link = link;
    q.a = copy;
    q.t2 = now_;
    enqueue(arrival + 1, q, "a duplicate's arrival", lane);
  }
}

void World::drop(uint32_t slot, DropReason why, NodeId node, LinkId link, uint32_t rule_line, Rule verdict) {
  const Packet& p = packets_[slot];
  const Event e = drop_event(p.id, p.rec.conn, why, node, link, rule_line, verdict);
  free_slots_.push_back(slot);
  record(e);
}

TCPSIM_UNIT_INLINE void World::arrive(uint32_t slot, NodeId node, LinkId link, Time hop_start) {
  if (link != kNoLink) {  // kNoLink: loopback.
    const LinkState& l = links_[link];
    if (!l.up || l.last_down >= hop_start) {
      drop(slot, DropReason::LinkDown, kNoNode, link);  // The link went down while it was crossing.
      return;
    }
  }
  if (is_host(node)) {
    Host& h = *hosts_[node];
    if (!h.up()) {
      drop(slot, DropReason::HostDown, node, kNoLink);
      return;
    }
    if (packets_[slot].rec.seg.dst.ip != h.ip() && !is_loopback(packets_[slot].rec.seg.dst.ip)) {
      drop(slot, DropReason::NoRoute, node, kNoLink);
      return;
    }
    // Delivered: the slot is free before the host answers (its replies may take it).
    const Segment seg = packets_[slot].rec.seg;
    const uint32_t id = packets_[slot].id;
    const uint32_t conn = packets_[slot].rec.conn;
    free_slots_.push_back(slot);
    record_ref(EventType::SegmentDelivered, node, conn, id);
    if (node < external_.size() && external_[node]) {
      external_[node](seg, id);  // A real host: its kernel's TCP takes it (sim/kernel).
      return;
    }
    h.on_segment(seg, id, now_);
    return;
  }
  Middlebox& m = *middleboxes_[node];
  std::optional<uint32_t> new_flow;
  const Segment s = packets_[slot].rec.seg;
  const uint32_t id = packets_[slot].id;
  const MiddleboxVerdict v = m.process(s, now_, &new_flow);
  if (new_flow) schedule_flow_check(node, *new_flow, now_ + 1);
  switch (v.action) {
    case MiddleboxVerdict::Action::Forward: {
      record_ref(EventType::SegmentForwarded, node, packets_[slot].rec.conn, id);
      forward(slot, node);
      return;
    }
    case MiddleboxVerdict::Action::Drop:
      drop(slot, v.reason, node, kNoLink, v.line);
      return;
    case MiddleboxVerdict::Action::Reject: {
      drop(slot, v.reason, node, kNoLink, v.line, v.rule);
      if (auto r = reset_reply(s)) send_segment(node, *r, 0, v.rule, id + 1, v.line);
      return;
    }
  }
}

void World::dispatch(const QItem& q) {
  switch (q.kind) {
    case QItem::Kind::Arrive:
      arrive(q.a, q.node, q.link, q.t2);
      break;
    case QItem::Kind::LinkDrop:
      drop(q.a, DropReason::Loss, kNoNode, q.link);
      break;
    case QItem::Kind::Timer: {
      Time& entry = timer_entry_[q.a - 1][q.sub];
      if (entry != now_) break;  // Superseded by an earlier entry.
      entry = -1;
      const auto kind = static_cast<TimerKind>(q.sub);
      const Connection* c = conn(q.a);
      const std::optional<Time> deadline = c ? c->timer(kind) : std::nullopt;
      if (!deadline) break;  // Cancelled since.
      if (*deadline > now_) {
        schedule_timer(q.node, q.a, kind, *deadline);  // Re-armed later since: wait for that.
        break;
      }
      if (is_host(q.node)) hosts_[q.node]->on_timer(q.a, kind, now_);
      break;
    }
    case QItem::Kind::Action: {
      // Moved out first: an action that schedules another (a note, a call's thread, a trigger) grows
      // actions_, which must not move the function while it runs.
      const std::function<void()> fn = std::move(actions_[q.a]);
      fn();
      break;
    }
    case QItem::Kind::FlowCheck: {
      Time recheck = 0;
      FlowRecord forgotten;
      if (middleboxes_[q.node]->expire(q.a, now_, &recheck, &forgotten)) {
        record_forgotten(forgotten);
      } else if (recheck > now_) {
        schedule_flow_check(q.node, q.a, recheck);
      }
      break;
    }
  }
}

void World::record_forgotten(const FlowRecord& flow) {
  trace_.flows.push_back(flow);
  Event e{};
  e.type = EventType::FlowForgotten;
  e.node = flow.middlebox;
  e.ref = static_cast<uint32_t>(trace_.flows.size() - 1);
  record(e);
}

void World::run(Time time_limit, uint64_t event_limit, uint64_t memory_limit) {
  uint64_t processed = 0;
  trace_.stop_reason = "finished";
  while (!queue_.empty() && !halted_) {
    if (queue_.next_time() > time_limit) {
      trace_.truncated = true;
      trace_.stop_reason = "time limit " + format_duration(time_limit);
      now_ = time_limit;
      break;
    }
    if (processed >= event_limit) {
      trace_.truncated = true;
      trace_.stop_reason = "event limit " + std::to_string(event_limit);
      break;
    }
    // The memory budget, looked at every 16,384 events: a run whose trace would pass it stops, and
    // says how to raise it, instead of growing until the machine kills it (issue 10).
    if (processed % 16384 == 0 && trace_.memory_bytes() > memory_limit) {
      trace_.truncated = true;
      trace_.stop_reason = "memory limit " + format_bytes(memory_limit);
      trace_.errors.push_back({0, "the run's trace reached its memory limit of " + format_bytes(memory_limit) + " at " +
                                      format_seconds(now_) + " s, after " + std::to_string(processed) +
                                      " events; raise it with 'limit memory " + twice(memory_limit) +
                                      "' (or stop the run sooner with 'limit time' or 'limit events')"});
      break;
    }
    Time t = 0;
    const QItem q = queue_.pop(&t);
    now_ = t;
    dispatch(q);
    ++processed;
  }
  // Calls still blocked never returned: their records learn how they stand.
  for (const auto& h : hosts_) {
    if (h) h->settle_blocked_calls();
  }
  // The run ends with its last recorded event (stale timer entries popping later change nothing),
  // or where a limit cut it.
  trace_.end_time = trace_.truncated || trace_.events.empty() ? now_ : trace_.events.back().t;
}

void World::set_external(NodeId node, std::function<void(const Segment&, uint32_t)> fn) {
  if (external_.size() <= node) external_.resize(node + 1u);
  external_[node] = std::move(fn);
}

void World::advance_to(Time t) {
  while (!queue_.empty() && !halted_ && queue_.next_time() <= t) {
    Time at = 0;
    const QItem q = queue_.pop(&at);
    now_ = at;
    dispatch(q);
  }
  if (t > now_) now_ = t;
  trace_.end_time = now_;
}

void World::enqueue(Time t, const QItem& q, const char* what, uint32_t lane) {
  if (halted_ || queue_.push(t, q, lane)) [[likely]] return;
  halt(scheduled_in_past(what, t, now_));
}

void World::halt(const std::string& why) {
  if (halted_) return;
  halted_ = true;
  trace_.truncated = true;
  trace_.stop_reason = "internal error";
  trace_.errors.push_back({0, "internal error: " + why + "; the run stops here (the clock never runs backwards)"});
}

void World::set_link_up(LinkId link, bool up) {
  LinkState& l = links_.at(link);
  if (l.up == up) return;
  l.up = up;
  if (!up) l.last_down = now_;
  Event e{};
  e.type = up ? EventType::LinkUp : EventType::LinkDown;
  e.ref = link;
  record(e);
}

void World::crash(NodeId host) { hosts_.at(host)->crash(now_); }
void World::restart(NodeId host) { hosts_.at(host)->restart(now_); }

void World::forget_flows(NodeId middlebox, uint32_t line) {
  for (const FlowRecord& f : middleboxes_.at(middlebox)->forget_all(line)) record_forgotten(f);
}

}  // namespace tcpsim
