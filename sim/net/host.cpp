// A host's stack, network side: demultiplexing (RFC 9293 §3.10.7), listeners, closed ports, crash and
// restart, and turning a connection's Outputs into trace events, segments on the wire and timers.
#include "net/host.hpp"

#include <algorithm>

#include "net/world.hpp"
#include "tcp/reset.hpp"
#include "tcp/transitions.hpp"
#include "util/inline.hpp"

namespace tcpsim {

Host::Host(World& world, NodeId id, std::string name, uint32_t ip, const TcpConfig& config, uint64_t seed)
    : world_(world), id_(id), name_(std::move(name)), ip_(ip), config_(config), rng_(seed, "host:" + name_) {
  // Linux picks ephemeral ports from 32768-60999; start somewhere the seed decides.
  next_port_ = static_cast<uint16_t>(32768 + rng_.below(60999 - 32768 + 1));
  procs_.emplace_back();
  procs_.back().name = name_;
}

uint32_t Host::find_conn(const FourTuple& t) const {
  if (last_conn_ != 0 && t == last_tuple_) return last_conn_;
  auto it = demux_.find(t);
  if (it == demux_.end()) return 0;
  last_tuple_ = t;
  last_conn_ = it->second;
  return last_conn_;
}

Seq Host::draw_iss() {
  // RFC 9293 §3.4.1 asks for an unpredictable ISN; here it comes from the scenario's seed. `set HOST isn N`
  // fixes the next one (to show sequence-number wrap-around, say).
  if (config_.isn >= 0) {
    const Seq s(static_cast<uint32_t>(config_.isn));
    config_.isn = -1;
    return s;
  }
  return Seq(static_cast<uint32_t>(rng_.next()));
}

uint32_t Host::source_ip(uint32_t remote_ip) const {
  // The source address the route gives: Linux's local table has 127.0.0.0/8 "src 127.0.0.1", so any
  // loopback destination is reached from 127.0.0.1; everything else from the host's address.
  return is_loopback(remote_ip) ? 0x7F000001 : ip_;
}

uint16_t Host::ephemeral_port(uint32_t remote_ip, uint16_t remote_port) {
  for (int tries = 0; tries < 28232; ++tries) {
    const uint16_t p = next_port_;
    next_port_ = static_cast<uint16_t>(next_port_ >= 60999 ? 32768 : next_port_ + 1);
    if (listeners_.count(p) || bound_count_.count(p)) continue;  // bind()'s ports are not shared
    if (demux_.count(FourTuple{{source_ip(remote_ip), p}, {remote_ip, remote_port}})) continue;
    return p;
  }
  return 0;
}

uint32_t Host::new_connection(FourTuple tuple, bool passive, std::optional<Seq> iss) {
  ConnRecord rec;
  rec.node = id_;
  rec.tuple = tuple;
  rec.passive = passive;
  rec.iss = iss ? *iss : draw_iss();
  rec.stream = world_.trace().streams.create();
  auto c = std::make_unique<Connection>(config_, tuple, rec.iss, rec.stream);
  const uint32_t id = world_.add_conn(rec);
  if (conns_.size() < id) conns_.resize(id);
  conns_[id - 1] = std::move(c);
  demux_[tuple] = id;
  last_conn_ = 0;
  Event e{};
  e.type = EventType::ConnCreated;
  e.node = id_;
  e.conn = id;
  world_.record(e);
  return id;
}

void Host::change_setting(std::string_view key, int64_t value) {
  apply_setting(config_, key, value);
  for (auto& conn : conns_) {
    if (conn) conn->on_settings(config_);
  }
}

void Host::send_reply(const Segment& in, uint32_t seg_index, Rule rule) {
  world_.record_ignored(seg_index, id_, 0, rule);
  if (auto r = reset_reply(in)) world_.send_segment(id_, *r, 0, rule, seg_index + 1);
}

TCPSIM_UNIT_INLINE void Host::on_segment(const Segment& seg, uint32_t seg_index, Time now) {
  if (raw_) return;  // No TCP: the delivery is recorded, nothing answers (make_raw()).
  const FourTuple tuple{seg.dst, seg.src};
  std::optional<Seq> iss;
  if (uint32_t id = find_conn(tuple)) {
    Connection& c = *conn(id);
    out_.clear();
    // Whether a listener takes this port matters to a TIME-WAIT connection alone (a new SYN may reopen
    // it): the table is looked up only then.
    const bool listening = c.state() == State::TimeWait && listeners_.count(seg.dst.port) > 0;
    c.on_segment(seg, now, out_, listening, accept_queue_full_for(id));
    if (!apply(id, out_, seg_index + 1, now)) return;
    // RFC 1122 §4.2.2.13: the TIME-WAIT connection made way; the listener takes the new SYN, with an
    // ISS above the old connection's SND.NXT (RFC 6191).
    iss = c.reopen_iss();
  }
  auto l = listeners_.find(seg.dst.port);
  if (l != listeners_.end() && (seg.dst.ip == ip_ || is_loopback(seg.dst.ip))) {
    listen_input(sockets_[l->second - 1], l->second, seg, seg_index, now, iss);
    return;
  }
  // RFC 9293 §3.10.7.1: "If the state is CLOSED (i.e., TCB does not exist) ... An incoming segment
  // not containing a RST causes a RST to be sent in response."
  if (seg.flags & kRst) {
    world_.record_ignored(seg_index, id_, 0, Rule::DropRstNoConnection);
    return;
  }
  send_reply(seg, seg_index, Rule::RstNoConnection);
}

void Host::listen_input(Socket& listener, uint32_t listener_socket, const Segment& seg, uint32_t seg_index,
                        Time now, std::optional<Seq> iss) {
  // RFC 9293 §3.10.7.2, LISTEN.
  if (seg.flags & kRst) {
    world_.record_ignored(seg_index, id_, 0, Rule::DropRstListen);  // "first check for an RST: ignore"
    return;
  }
  if (seg.flags & kAck) {
    // "second check for an ACK ... form a reset <SEQ=SEG.ACK><CTL=RST>".
    send_reply(seg, seg_index, Rule::RstListenAck);
    return;
  }
  if (!(seg.flags & kSyn)) {
    world_.record_ignored(seg_index, id_, 0, Rule::DropListenOther);
    return;
  }
  if (seg.flags & kFin) {
    // Linux tcp_rcv_state_process(), TCP_LISTEN: "if (th->fin) goto discard" (SKB_DROP_REASON_TCP_FLAGS).
    world_.record_ignored(seg_index, id_, 0, Rule::DropSynFinListen);
    return;
  }
  if (accept_queue_full(listener)) {
    // Linux tcp_conn_request(): sk_acceptq_is_full() (more than `backlog` connections waiting for
    // accept()) drops the SYN; the client retries. Half-open connections are not limited (Linux
    // answers with SYN cookies when its SYN queue fills, which looks the same on the wire).
    world_.record_ignored(seg_index, id_, 0, Rule::DropBacklogFull);
    return;
  }
  const uint32_t id = new_connection({seg.dst, seg.src}, true, iss);
  ++listener.embryos;
  embryonic_.insert(id);
  embryo_listener_[id] = listener_socket;
  Connection& c = *conn(id);
  out_.clear();
  c.set_options(listener.opts, now, out_);  // Accepted sockets inherit SO_LINGER, SO_KEEPALIVE (Linux).
  c.open_passive(seg, now, out_);
  apply(id, out_, seg_index + 1, now);
}

bool Host::accept_queue_full(const Socket& listener) {
  // Linux sk_acceptq_is_full(): more than `backlog` connections wait for accept().
  return listener.accept_queue.size() > listener.backlog;
}

bool Host::embryo_queue_full(uint32_t conn) const {
  if (!embryonic_.count(conn)) return false;
  const auto it = embryo_listener_.find(conn);
  return it != embryo_listener_.end() && accept_queue_full(sockets_[it->second - 1]);
}

void Host::record_listener_state(uint32_t listener, State from, State to, Rule rule) {
  // Listeners are not Connections (Linux keeps them apart too), so their transitions are recorded (and
  // checked against the table) here.
  if (!record_transition(from, rule, to)) world_.trace().errors.push_back({0, transition_error(from, rule, to)});
  Event e{};
  e.type = EventType::StateChanged;
  e.node = id_;
  e.conn = listener;
  e.a = static_cast<uint8_t>(from);
  e.b = static_cast<uint8_t>(to);
  e.rule = rule;
  world_.record(e);
}

void Host::on_timer(uint32_t conn, TimerKind kind, Time now) {
  if (!up_) return;
  Connection* c = this->conn(conn);
  if (!c || world_.trace().conn(conn).node != id_) return;
  out_.clear();
  c->on_timer(kind, now, out_);
  apply(conn, out_, 0, now);
}

uint32_t Host::owner_socket(uint32_t conn) const {
  if (conn != 0 && conn <= conn_socket_.size() && conn_socket_[conn - 1] != 0) return conn_socket_[conn - 1];
  if (embryo_listener_.empty()) return 0;
  if (auto it = embryo_listener_.find(conn); it != embryo_listener_.end()) return it->second;
  return 0;
}

void Host::set_conn_socket(uint32_t conn, uint32_t sid) {
  if (conn_socket_.size() < conn) conn_socket_.resize(conn, 0);
  conn_socket_[conn - 1] = sid;
}

bool Host::apply(uint32_t conn, Outputs& out, uint32_t reply_to, Time now) {
  // The receiving TCP's verdict on the segment that caused these actions comes first: what follows is
  // its consequence.
  if (reply_to && out.verdict != Rule::None) world_.record_ignored(reply_to - 1, id_, conn, out.verdict);
  // The trace records the actions in the order the connection took them; the socket layer's
  // bookkeeping follows them in the same order, and the application is woken once, at the end.
  bool wake_owner = false;
  bool reopen = false;
  uint32_t inherit_from = 0;
  for (const Output& action : out.actions) {
    if (const auto* s = std::get_if<SegmentOut>(&action)) {
      world_.send_segment(id_, s->seg, conn, s->rule, reply_to);
    } else if (const auto* t = std::get_if<TimerOut>(&action)) {
      record_timer(conn, *t);
    } else if (const auto* st = std::get_if<StateOut>(&action)) {
      record_state(conn, *st);
      wake_owner = true;  // Any transition may matter to a blocked call (close() lingering for its FIN's ACK).
    } else if (const auto* d = std::get_if<DiscardOut>(&action)) {
      Event e{};
      e.type = EventType::Discarded;
      e.node = id_;
      e.conn = conn;
      e.a = static_cast<uint8_t>(d->kind);
      e.value = d->bytes;
      e.rule = d->rule;
      world_.record(e);
    } else {
      switch (std::get<NotifyOut>(action).kind) {
        case NotifyKind::Connected:
          inherit_from = on_connected(conn);
          break;
        case NotifyKind::Reopen:
          reopen = true;
          on_gone(conn);
          break;
        case NotifyKind::BackToListen:
        case NotifyKind::Closed:
          on_gone(conn);
          break;
        default:
          break;
      }
      wake_owner = true;
    }
  }
  if (world_.records_tcbs()) world_.snapshot(conn, this->conn(conn));
  if (inherit_from) {
    // Linux clones the accepted socket from the listener when the handshake completes: options set on
    // the listener until then (SO_LINGER, SO_KEEPALIVE, ...) are inherited.
    Outputs extra;
    this->conn(conn)->set_options(sockets_[inherit_from - 1].opts, now, extra);
    apply(conn, extra, 0, now);
  }
  if (wake_owner) {
    if (uint32_t s = owner_socket(conn)) wake(s, now);
  }
  return reopen;
}

TCPSIM_UNIT_INLINE void Host::record_timer(uint32_t conn, const TimerOut& t) {
  Event e{};
  e.type = t.action == TimerAction::Armed       ? EventType::TimerArmed
           : t.action == TimerAction::Cancelled ? EventType::TimerCancelled
                                                : EventType::TimerFired;
  e.node = id_;
  e.conn = conn;
  e.a = static_cast<uint8_t>(t.kind);
  e.value = static_cast<uint64_t>(t.deadline);
  world_.record(e);
  if (t.action == TimerAction::Armed) world_.schedule_timer(id_, conn, t.kind, t.deadline);
}

void Host::record_state(uint32_t conn, const StateOut& s) {
  Trace& tr = world_.trace();
  // The peer's ISN is known once the connection has seen its SYN (SYN-RECEIVED or ESTABLISHED).
  if ((s.to == State::SynReceived || s.to == State::Established) && !tr.conn(conn).irs_known) {
    ConnLearned l = tr.learned(conn);
    l.irs_known = true;
    l.irs = this->conn(conn)->tcb().irs;
    tr.conns.amend(conn - 1, l);
  }
  if (!s.allowed) tr.errors.push_back({0, transition_error(s.from, s.rule, s.to)});
  Event e{};
  e.type = EventType::StateChanged;
  e.node = id_;
  e.conn = conn;
  e.a = static_cast<uint8_t>(s.from);
  e.b = static_cast<uint8_t>(s.to);
  e.rule = s.rule;
  world_.record(e);
}

uint32_t Host::on_connected(uint32_t conn) {
  auto it = embryo_listener_.find(conn);
  if (it == embryo_listener_.end() || !embryonic_.erase(conn)) return 0;
  // The handshake completed: the connection moves to the listener's accept queue.
  Socket& l = sockets_[it->second - 1];
  --l.embryos;
  l.accept_queue.push_back(conn);
  return it->second;
}

void Host::on_gone(uint32_t conn) {
  demux_.erase(world_.trace().conn(conn).tuple);
  last_conn_ = 0;
  if (auto it = embryo_listener_.find(conn); it != embryo_listener_.end() && embryonic_.erase(conn)) {
    // Never established: it simply disappears. (An established one stays in the accept queue:
    // accept() returns it, already reset, as Linux does.)
    --sockets_[it->second - 1].embryos;
    embryo_listener_.erase(it);
  }
}

void Host::crash(Time now) {
  if (!up_) return;
  Event crashed{};
  crashed.type = EventType::HostCrashed;
  crashed.node = id_;
  world_.record(crashed);
  // The processes die first: their blocked calls never return (nothing may wake them below).
  settle_blocked_calls();
  pending_.clear();
  for (Socket& s : sockets_) {
    for (auto& q : s.waiting) q.clear();
    s.waiting_kinds = 0;
  }
  // Every TCB vanishes without a word (the RST comes later, from the restarted stack).
  std::vector<uint32_t> live;
  for (const auto& [tuple, id] : demux_) live.push_back(id);
  std::sort(live.begin(), live.end());
  for (uint32_t id : live) {
    out_.clear();
    conn(id)->drop(Rule::HostCrash, out_);
    apply(id, out_, 0, now);
  }
  for (size_t i = 0; i < sockets_.size(); ++i) {
    const Socket& s = sockets_[i];
    if (s.kind == Socket::Kind::Listener && !s.closed) {
      record_listener_state(s.conn, State::Listen, State::Closed, Rule::HostCrash);
    }
  }
  demux_.clear();
  last_conn_ = 0;
  listeners_.clear();
  sockets_.clear();
  conn_socket_.clear();
  embryo_listener_.clear();
  embryonic_.clear();
  for (Process& pr : procs_) {
    // Every process died with the host; after the restart each starts afresh.
    pr = Process{pr.name, true, pr.incarnation + 1, -1, 0, 0, 0, {}};
  }
  bound_count_.clear();
  up_ = false;
}

void Host::restart(Time now) {
  (void)now;
  if (up_) return;
  up_ = true;
  ++incarnation_;
  Event e{};
  e.type = EventType::HostRestarted;
  e.node = id_;
  world_.record(e);
}

}  // namespace tcpsim
