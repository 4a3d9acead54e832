#include "kernel/kernel_run.hpp"

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <deque>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "export/packet.hpp"
#include "kernel/mapping.hpp"
#include "kernel/netns.hpp"
#include "kernel/wire.hpp"
#include "net/world.hpp"

namespace tcpsim::kernel {

namespace {

std::atomic<bool> g_stop{false};
void on_stop_signal(int) { g_stop = true; }

/// A real host as the run sees it: its namespace, and the sockets its program holds.
struct Real {
  NodeId node = kNoNode;
  std::unique_ptr<RealHost> ns;
  int listener = -1;  ///< The program's latest listening socket (a host-subject accept uses it).
  int stream = -1;    ///< Its latest connected socket (a host-subject send, recv, close use it).
  std::unordered_set<int> closed;  ///< Descriptors it closed (a call on one is EBADF, not a reused number's).
  std::unordered_map<FourTuple, uint32_t, FourTupleHash> conns;  ///< Its connections by tuple.
};

/// A call on its way: which host, which scenario thread, what it will name.
struct InFlight {
  size_t host = 0;
  std::string thread;
  CallKind kind = CallKind::Close;
  std::string as;
  int fd = -1;
  Time issued = 0;
};

class Runner {
 public:
  Runner(const Scenario& sc, const KernelOptions& opt) : sc_(sc), opt_(opt), world_(sc.seed) {}

  KernelRun run() {
    KernelRun out;
    install_stop_handlers();
    // Real time on a busy machine: the loop and the drivers (forked after this, their threads too) get a
    // real-time priority, so a call or a packet is not late by another program's time slice. They
    // sleep in poll() and blocking calls, and the kernel's RT throttling bounds them anyway. Where
    // that is not allowed the run goes on at normal priority.
    sched_param prio{};
    prio.sched_priority = 10;
    sched_setscheduler(0, SCHED_FIFO, &prio);
    build(out);
    if (!out.error.empty()) return out;
    std::vector<const Action*> due;
    Time last = 0;
    for (const Action& a : sc_.actions) {
      if (!runs_in(a.variant, opt_.kind)) continue;
      due.push_back(&a);
      last = std::max(last, a.at);
    }
    std::stable_sort(due.begin(), due.end(), [](const Action* a, const Action* b) { return a->at < b->at; });
    out.window = last + opt_.settle;
    loop(due, out.window);
    sched_param normal{};
    sched_setscheduler(0, SCHED_OTHER, &normal);  // The rest (tcpsim's own run, the comparison) is not real time.
    Trace& t = world_.trace();
    for (auto& [id, f] : inflight_) t.calls.amend(id - 1, CallReturn{conn_of_fd(f.host, f.fd), -1, 0, Errno::None, false, true, "", 0, false});
    out.stopped = g_stop;
    t.stop_reason = g_stop ? "stopped" : "finished";
    t.end_time = world_.now();
    out.trace = std::move(t);
    return out;
  }

 private:
  void build(KernelRun& out) {
    Trace& t = world_.trace();
    t.file = sc_.file;
    t.title = sc_.title;
    t.summary = sc_.summary;
    t.run = opt_.kind;
    t.has_twin = sc_.has_twin();
    t.source = kernel_source();
    for (const HostDecl& h : sc_.hosts) {
      const TcpConfig cfg = host_config(sc_, h.name);
      HostSetup setup{h.name, h.ip, uint32_t{cfg.mss} + 40u, host_sysctls(sc_, h.name, &out.notes)};
      Real r;
      r.node = world_.add_host(h.name, h.ip, cfg);
      r.ns = RealHost::start(setup, &out.error);
      if (!r.ns) return;
      reals_.push_back(std::move(r));
    }
    for (const MiddleboxDecl& m : sc_.middleboxes) {
      world_.add_middlebox(m.name, m.nat ? NodeKind::Nat : NodeKind::Firewall, m.idle_timeout, m.forget);
    }
    for (const LinkDecl& l : sc_.links) {
      LinkParams p{l.delay, l.jitter, l.loss, l.duplicate, l.reorder, l.bandwidth, l.queue};
      world_.add_link(t.node_by_name(l.a), t.node_by_name(l.b), p);
    }
    world_.finish_topology();
    for (Real& r : reals_) {
      Request warm;
      warm.kind = kWarmUp;
      Reply rep;
      std::string data;
      if (!r.ns->send(warm, "") || !r.ns->receive(&rep, &data)) {
        out.error = "the driver of " + t.nodes[r.node].name + " does not answer";
        return;
      }
    }
    for (size_t i = 0; i < reals_.size(); ++i) {
      world_.set_external(reals_[i].node, [this, i](const Segment& s, uint32_t id) { deliver(i, s, id); });
    }
  }

  Time now() const { return monotonic_ns() - t0_; }

  void loop(const std::vector<const Action*>& due, Time end) {
    t0_ = monotonic_ns();
    size_t next = 0;
    std::vector<pollfd> fds;
    for (const Real& r : reals_) {
      fds.push_back({r.ns->tun(), POLLIN, 0});
      fds.push_back({r.ns->control(), POLLIN, 0});
    }
    while (!g_stop) {
      Time t = now();
      world_.advance_to(std::max(t, world_.now()));
      while (next < due.size() && due[next]->at <= t) start(*due[next++]);
      if (t >= end) break;
      Time wake = end;
      if (next < due.size()) wake = std::min(wake, due[next]->at);
      if (const Time w = world_.next_event_time(); w >= 0) wake = std::min(wake, w);
      const Time wait = std::max<Time>(0, wake - now());
      timespec ts{static_cast<time_t>(wait / kSec), static_cast<long>(wait % kSec)};
      if (ppoll(fds.data(), fds.size(), &ts, nullptr) <= 0) continue;
      for (size_t i = 0; i < reals_.size(); ++i) {
        if (fds[2 * i].revents & POLLIN) read_tun(i);
        if (fds[2 * i + 1].revents & POLLIN) read_reply(i);
        if (fds[2 * i + 1].revents & (POLLHUP | POLLERR)) {
          world_.trace().errors.push_back({0, "the driver of " + world_.trace().nodes[reals_[i].node].name + " died"});
          g_stop = true;
        }
      }
    }
  }

  // ---- The network side ----

  void read_tun(size_t i) {
    char buf[65536];
    for (;;) {
      const ssize_t n = read(reals_[i].ns->tun(), buf, sizeof buf);
      if (n <= 0) return;
      auto p = parse_packet(std::string_view(buf, static_cast<size_t>(n)));
      if (!p) continue;  // IPv6, ICMP...: not TCP over IPv4, not the scenario's.
      world_.advance_to(std::max(now(), world_.now()));
      Trace& t = world_.trace();
      Segment s = p->seg;
      if (!p->options.empty()) s.options = t.add_options(p->options);
      if (!p->payload.empty()) {
        const uint32_t stream = t.streams.create();
        t.streams.append_literal(stream, p->payload);
        s.data = {stream, static_cast<uint32_t>(p->payload.size()), 0};
      }
      const uint32_t conn = conn_for(i, s);
      world_.send_segment(reals_[i].node, s, conn, Rule::None, 0);
    }
  }

  /// The sending host's connection for a segment: a new record at its first SYN.
  uint32_t conn_for(size_t i, const Segment& s) {
    Real& r = reals_[i];
    const FourTuple tuple{s.src, s.dst};
    auto it = r.conns.find(tuple);
    if (it != r.conns.end() && !((s.flags & kSyn) && !(s.flags & kAck) && stale_syn(it->second, s))) return it->second;
    if (!(s.flags & kSyn)) return 0;  // A reset for a segment no connection took: no connection sent it.
    ConnRecord rec;
    rec.node = r.node;
    rec.tuple = tuple;
    rec.passive = (s.flags & kAck) != 0;
    rec.iss = s.seq;
    if (rec.passive) {
      rec.irs = Seq(s.ack.v - 1);
      rec.irs_known = true;
    }
    const uint32_t id = world_.add_conn(rec);
    r.conns[tuple] = id;
    return id;
  }

  /// A new SYN on a tuple whose connection had another ISS: a new connection (the port was reused).
  bool stale_syn(uint32_t conn, const Segment& s) { return world_.trace().conn(conn).iss != s.seq; }

  void deliver(size_t i, const Segment& s, uint32_t id) {
    Trace& t = world_.trace();
    SegmentRecord rec = t.segments[id];
    rec.seg = s;  // As it arrives (a NAT may have rewritten it).
    const std::string bytes = ipv4_tcp_packet(t, rec, static_cast<uint16_t>((id + 1) & 0xFFFF));
    if (write(reals_[i].ns->tun(), bytes.data(), bytes.size()) < 0) {
      t.errors.push_back({0, "cannot write a segment to " + t.nodes[reals_[i].node].name + "'s TUN"});
    }
    // The receiver learns the peer's ISN from a SYN+ACK.
    Real& r = reals_[i];
    if ((s.flags & kSyn) && (s.flags & kAck)) {
      if (auto it = r.conns.find({s.dst, s.src}); it != r.conns.end()) {
        ConnLearned l = t.learned(it->second);
        l.event = static_cast<uint32_t>(t.events.size());
        l.irs_known = true;
        l.irs = s.seq;
        t.conns.amend(it->second - 1, l);
      }
    }
  }

  // ---- The application side ----

  static std::string thread_key(const CallAction& c) {
    const bool creates = c.kind == CallKind::Listen || c.kind == CallKind::Accept || c.kind == CallKind::Connect;
    return creates && !c.as.empty() ? c.as : c.subject;
  }

  void start(const Action& a) {
    if (const auto* c = std::get_if<CallAction>(&a.what)) {
      auto& q = threads_[thread_key(*c)];
      q.queue.push_back(&a);
      if (!q.busy) next_call(thread_key(*c));
      return;
    }
    if (const auto* n = std::get_if<NoteAction>(&a.what)) {
      Trace& t = world_.trace();
      t.notes.push_back({world_.now(), n->text, a.loc.line});
      Event e{};
      e.type = EventType::Note;
      e.ref = static_cast<uint32_t>(t.notes.size() - 1);
      world_.record(e);
      return;
    }
    if (const auto* l = std::get_if<LinkAction>(&a.what)) {
      const Trace& t = world_.trace();
      const LinkId link = world_.find_link(t.node_by_name(l->a), t.node_by_name(l->b));
      if (link != kNoLink) world_.set_link_up(link, l->up);
    }
  }

  struct Thread {
    uint32_t busy = 0;
    std::deque<const Action*> queue;
  };

  void next_call(const std::string& key) {
    Thread& th = threads_[key];
    while (!th.busy && !th.queue.empty()) {
      const Action* a = th.queue.front();
      th.queue.pop_front();
      th.busy = issue(*a, std::get<CallAction>(a->what), key);
    }
  }

  /// Sends the call to its host's driver; returns its id (0: it could not be made).
  uint32_t issue(const Action& a, const CallAction& c, const std::string& key) {
    Trace& t = world_.trace();
    size_t host = 0;
    int fd = -1;
    const NodeId node = t.node_by_name(c.subject);
    if (node != kNoNode && world_.is_host(node)) {
      while (reals_[host].node != node) ++host;
      fd = default_fd(reals_[host], c.kind);
    } else if (auto it = names_.find(c.subject); it != names_.end()) {
      host = it->second.first;
      fd = it->second.second;
    } else {
      t.errors.push_back({a.loc.line, "socket '" + c.subject + "' does not exist yet at " + format_duration(world_.now())});
      return 0;
    }
    Real& r = reals_[host];
    if (r.closed.count(fd)) fd = -1;  // Closed before: EBADF, whatever number the kernel reused.
    CallRecord rec;
    rec.id = static_cast<uint32_t>(t.calls.size() + 1);
    rec.node = r.node;
    rec.conn = conn_of_fd(host, fd);
    rec.kind = c.kind;
    rec.subject = c.subject;
    rec.args = describe_call(c);
    rec.line = a.loc.line;
    rec.scheduled = a.at;
    rec.issued = world_.now();
    t.calls.push_back(rec);
    Event e{};
    e.type = EventType::AppCall;
    e.node = r.node;
    e.conn = rec.conn;
    e.ref = rec.id - 1;
    world_.record(e);
    Request q;
    q.id = rec.id;
    q.kind = static_cast<uint8_t>(c.kind);
    q.fd = fd;
    q.port = c.kind == CallKind::Connect ? c.peer_port : c.port;
    q.local_port = c.local_port;
    q.backlog = c.backlog ? c.backlog : host_config(sc_, t.nodes[r.node].name).backlog;
    if (c.kind == CallKind::Connect) {
      const NodeId peer = t.node_by_name(c.peer);
      if (peer != kNoNode) q.ip = t.nodes[peer].ip; else parse_ip(c.peer, &q.ip);
    } else {
      q.ip = t.nodes[r.node].ip;
    }
    if (c.kind == CallKind::Shutdown) q.sub = static_cast<uint8_t>(c.how);
    if (c.kind == CallKind::SetSockOpt) {
      q.sub = static_cast<uint8_t>(c.opt);
      q.on = c.on;
      q.value = c.opt == SockOpt::KeepCnt ? c.count : (c.duration + kSec - 1) / kSec;
    }
    if (c.kind == CallKind::Recv) {
      q.on = c.all;
      q.value = static_cast<int64_t>(c.max);
    }
    if (c.kind == CallKind::Send) q.value = static_cast<int64_t>(c.bulk);
    inflight_[rec.id] = {host, key, c.kind, c.as, fd, rec.issued};
    r.ns->send(q, c.has_text ? c.text : "");
    return rec.id;
  }

  /// Which socket a call naming only the host acts on (tcpsim's Host::default_socket()).
  static int default_fd(const Real& r, CallKind kind) {
    switch (kind) {
      case CallKind::Listen:
      case CallKind::Connect:
        return -1;
      case CallKind::Accept:
        return r.listener;
      default:
        return r.stream >= 0 ? r.stream : r.listener;
    }
  }

  uint32_t conn_of_fd(size_t host, int fd) const {
    auto it = fd_conn_.find({host, fd});
    return it == fd_conn_.end() ? 0 : it->second;
  }

  void read_reply(size_t i) {
    Reply rep;
    std::string data;
    if (!reals_[i].ns->receive(&rep, &data)) return;
    auto it = inflight_.find(rep.id);
    if (it == inflight_.end()) return;
    const InFlight f = it->second;
    inflight_.erase(it);
    world_.advance_to(std::max(rep.t_ns - t0_, world_.now()));
    Real& r = reals_[i];
    if (rep.fd >= 0) {
      r.closed.erase(rep.fd);
      if (f.kind == CallKind::Listen) r.listener = rep.fd;
      if (f.kind == CallKind::Accept || f.kind == CallKind::Connect) r.stream = rep.fd;
      if (!f.as.empty()) names_[f.as] = {i, rep.fd};
      const FourTuple tuple{{rep.local_ip, rep.local_port}, {rep.remote_ip, rep.remote_port}};
      if (auto c = r.conns.find(tuple); c != r.conns.end()) fd_conn_[{i, rep.fd}] = c->second;
    }
    if ((f.kind == CallKind::Close || f.kind == CallKind::Abort) && f.fd >= 0) r.closed.insert(f.fd);
    Trace& t = world_.trace();
    const int fd = rep.fd >= 0 ? rep.fd : f.fd;
    const Time returned = world_.now();
    const bool blocked = returned - f.issued > ms(1);
    const uint64_t moved = rep.ret > 0 && (f.kind == CallKind::Send || f.kind == CallKind::Recv) ? static_cast<uint64_t>(rep.ret) : 0;
    t.calls.amend(rep.id - 1, CallReturn{conn_of_fd(i, fd), returned, rep.ret, static_cast<Errno>(rep.err), false,
                                         blocked, data, moved, false});
    Event e{};
    e.type = EventType::AppReturn;
    e.node = r.node;
    e.conn = conn_of_fd(i, fd);
    e.ref = rep.id - 1;
    world_.record(e);
    Thread& th = threads_[f.thread];
    if (th.busy == rep.id) th.busy = 0;
    next_call(f.thread);
  }

  struct PairHash {
    size_t operator()(const std::pair<size_t, int>& p) const { return p.first * 131 + static_cast<size_t>(p.second); }
  };

  const Scenario& sc_;
  KernelOptions opt_;
  World world_;
  int64_t t0_ = 0;
  std::vector<Real> reals_;
  std::unordered_map<std::string, Thread> threads_;
  std::unordered_map<uint32_t, InFlight> inflight_;
  std::unordered_map<std::string, std::pair<size_t, int>> names_;  ///< `as NAME` -> host, descriptor.
  std::unordered_map<std::pair<size_t, int>, uint32_t, PairHash> fd_conn_;
};

}  // namespace

std::string kernel_source() {
  utsname u{};
  if (uname(&u) != 0) return "linux";
  return std::string("linux ") + u.release;
}

void install_stop_handlers() {
  struct sigaction sa{};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

KernelRun run_on_kernel(const Scenario& sc, const KernelOptions& opt) { return Runner(sc, opt).run(); }

}  // namespace tcpsim::kernel
