#include "kernel/kernel_run.hpp"

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <iterator>

#include "export/packet.hpp"
#include "kernel/mapping.hpp"
#include "kernel/runner_impl.hpp"
#include "net/host.hpp"

namespace tcpsim::kernel {

namespace {
std::atomic<bool> g_stop{false};
void on_stop_signal(int) { g_stop = true; }
}  // namespace

bool is_real(const KernelOptions& opt, const std::string& host) {
  return opt.real.empty() || std::find(opt.real.begin(), opt.real.end(), host) != opt.real.end();
}

KernelRun Runner::run() {
  KernelRun out;
  notes_ = &out.notes;
  install_stop_handlers();
  // Real time on a busy machine: the loop and the programs (forked after this, their threads too) get a
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
  for (size_t i = 0; i < sc_.actions.size(); ++i) {
    const Action& a = sc_.actions[i];
    if (!runs_in(a.variant, opt_.kind)) continue;
    if (const Trigger* trig = sc_.trigger_of(i)) {
      watches_.push_back({trig, &a, false});  // `after ...`: waits for the kernel's run to meet it.
      continue;
    }
    due.push_back(&a);
    last = std::max(last, a.at);
  }
  // A trigger is met by the kernel's run as tcpsim's runner meets it (trigger_met(): a segment on the
  // wire, a state the kernel reports, a call's return, a NAT forgetting); its action is started by the
  // loop at its time, after what was already due then.
  if (!watches_.empty()) world_.set_observer([this](const Event& ev) { observe(ev); });
  std::stable_sort(due.begin(), due.end(), [](const Action* a, const Action* b) { return a->at < b->at; });
  out.window = std::max(last + opt_.settle, opt_.until);
  // The kernel's states are asked for where the scenario expects one (`expect ... state`) and at the end,
  // and besides after every change tcpsim can see (a segment a real host sends or is given, a call's
  // return): sample_changed(), when the loop has nothing due, so asking never delays a segment.
  for (const Expectation& e : sc_.expectations) {
    if (e.kind == Expectation::Kind::State && runs_in(e.variant, opt_.kind) && e.at && *e.at < out.window) {
      samples_.push_back(*e.at);
    }
  }
  samples_.push_back(out.window);
  std::sort(samples_.begin(), samples_.end());
  end_ = out.window;
  loop(due);
  if (end_ > out.window) {
    sample_states();  // A triggered action moved the end: the states there.
    out.window = end_;
  }
  sched_param normal{};
  sched_setscheduler(0, SCHED_OTHER, &normal);  // The rest (tcpsim's own run, the comparison) is not real time.
  end_calls(SIZE_MAX, -1, false);
  Trace& t = world_.trace();
  out.stopped = g_stop;
  t.stop_reason = g_stop ? "stopped" : "finished";
  t.end_time = world_.now();
  out.trace = std::move(t);
  return out;
}

void Runner::build(KernelRun& out) {
  Trace& t = world_.trace();
  t.file = sc_.file;
  t.title = sc_.title;
  t.summary = sc_.summary;
  t.run = opt_.kind;
  t.has_twin = sc_.has_twin();
  t.source = kernel_source();
  for (const HostDecl& h : sc_.hosts) {
    Real r;
    r.config = host_config(sc_, h.name);
    r.real = !h.raw && is_real(opt_, h.name);  // A raw host has no TCP: it stays tcpsim's.
    r.node = world_.add_host(h.name, h.ip, r.config);
    r.progs.resize(1);
    if (r.real) {
      r.setup = {h.name, h.ip, uint32_t{r.config.mss} + 40u, host_sysctls(sc_, h.name, &out.notes)};
      r.ns = RealHost::start(r.setup, &out.error);
      if (!r.ns) return;
    } else {
      Host& host = world_.host(r.node);
      if (h.raw) host.make_raw();
      host.set_call_done([this](uint32_t call) { sim_done(call); });
    }
    reals_.push_back(std::move(r));
  }
  for (const ProcessDecl& p : sc_.processes) {
    const size_t i = host_index(t.node_by_name(p.host));
    const uint16_t id = world_.host(reals_[i].node).add_process(p.name);
    reals_[i].progs.resize(id + 1u);
    processes_[p.name] = {i, id};
    t.processes.emplace_back(reals_[i].node, p.name);
  }
  for (const MiddleboxDecl& m : sc_.middleboxes) {
    world_.add_middlebox(m.name, m.nat ? NodeKind::Nat : NodeKind::Firewall, m.idle_timeout, m.forget);
  }
  for (const LinkDecl& l : sc_.links) {
    LinkParams p{l.delay, l.jitter, l.loss, l.duplicate, l.reorder, l.bandwidth, l.queue};
    world_.add_link(t.node_by_name(l.a), t.node_by_name(l.b), p);
  }
  world_.finish_topology();
  for (const FirewallRule& r : sc_.rules) add_rule(world_, r, line_error());
  for (size_t i = 0; i < reals_.size(); ++i) {
    if (!reals_[i].real) continue;
    // Each program starts now, and makes one call first, so the scenario's first call does not pay
    // for a fork, the first thread and socket (a few milliseconds on a busy machine).
    for (uint16_t p = 0; p < reals_[i].progs.size(); ++p) {
      std::string why;
      Program* prog = program(i, p, &why);
      Request warm;
      warm.kind = kWarmUp;
      Reply rep;
      std::string data;
      if (!prog || !prog->send(warm, "") || !prog->receive(&rep, &data)) {
        out.error = "a program on " + t.nodes[reals_[i].node].name + " does not start" + (why.empty() ? "" : ": " + why);
        return;
      }
    }
    world_.set_external(reals_[i].node, [this, i](const Segment& s, uint32_t id) { deliver(i, s, id); });
  }
}

Time Runner::now() const { return monotonic_ns() - t0_; }

void Runner::loop(const std::vector<const Action*>& due) {
  t0_ = monotonic_ns();
  size_t next = 0;
  size_t next_sample = 0;
  struct Source {
    size_t host;
    int proc;  ///< -1: the TUN.
  };
  std::vector<pollfd> fds;
  std::vector<Source> what;
  while (!g_stop) {
    Time t = now();
    world_.advance_to(std::max(t, world_.now()));
    while (next < due.size() && due[next]->at <= t) start(*due[next++]);
    start_triggered(t);
    for (; next_sample < samples_.size() && samples_[next_sample] <= t; ++next_sample) sample_states();
    if (t >= end_) break;
    Time wake = end_;
    if (next_sample < samples_.size()) wake = std::min(wake, samples_[next_sample]);
    if (next < due.size()) wake = std::min(wake, due[next]->at);
    if (!triggered_.empty()) wake = std::min(wake, triggered_.front().first);
    if (const Time w = world_.next_event_time(); w >= 0) wake = std::min(wake, w);
    if (wake > now()) sample_changed();  // Nothing is due yet: the states the last steps left.
    const Time wait = std::max<Time>(0, wake - now());
    timespec ts{static_cast<time_t>(wait / kSec), static_cast<long>(wait % kSec)};
    // The descriptors change as hosts crash and restart and programs are killed and started.
    fds.clear();
    what.clear();
    for (size_t i = 0; i < reals_.size(); ++i) {
      if (!reals_[i].ns) continue;
      fds.push_back({reals_[i].ns->tun(), POLLIN, 0});
      what.push_back({i, -1});
      for (size_t p = 0; p < reals_[i].progs.size(); ++p) {
        if (!reals_[i].progs[p].p) continue;
        fds.push_back({reals_[i].progs[p].p->control(), POLLIN, 0});
        what.push_back({i, static_cast<int>(p)});
      }
    }
    if (ppoll(fds.data(), fds.size(), &ts, nullptr) <= 0) continue;
    for (size_t k = 0; k < fds.size(); ++k) {
      const auto [i, p] = what[k];
      if (!reals_[i].ns || (p >= 0 && !reals_[i].progs[static_cast<size_t>(p)].p)) continue;  // Gone meanwhile.
      if (p < 0) {
        if (fds[k].revents & POLLIN) read_tun(i);
        continue;
      }
      if (fds[k].revents & POLLIN) read_reply(i, static_cast<uint16_t>(p));
      if ((fds[k].revents & (POLLHUP | POLLERR)) && reals_[i].progs[static_cast<size_t>(p)].p) {
        error(0, "a program on " + world_.trace().nodes[reals_[i].node].name + " died");
        g_stop = true;
      }
    }
  }
}

// ---- The network side ----

void Runner::read_tun(size_t i) {
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
    reals_[i].wire[{s.src, s.dst}].sent(s);
    reals_[i].changed = true;
    const uint32_t conn = conn_for(i, s);
    world_.send_segment(reals_[i].node, s, conn, Rule::None, 0);
  }
}

/// The sending host's connection for a segment: a new record at its first SYN (or a new SYN on a
/// tuple whose connection had another ISS: the port was reused).
uint32_t Runner::conn_for(size_t i, const Segment& s) {
  Real& r = reals_[i];
  const FourTuple tuple{s.src, s.dst};
  auto it = r.conns.find(tuple);
  const bool fresh_syn = (s.flags & kSyn) && !(s.flags & kAck);
  if (it != r.conns.end() && !(fresh_syn && world_.trace().conn(it->second).iss != s.seq)) return it->second;
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

void Runner::deliver(size_t i, const Segment& s, uint32_t id) {
  Trace& t = world_.trace();
  Real& r = reals_[i];
  if (!r.ns) return;  // Crashed: the World drops it (Host::up()); nothing gets here.
  SegmentRecord rec = t.segments[id];
  rec.seg = s;  // As it arrives (a NAT may have rewritten it).
  const std::string bytes = ipv4_tcp_packet(t, rec, static_cast<uint16_t>((id + 1) & 0xFFFF));
  if (write(r.ns->tun(), bytes.data(), bytes.size()) < 0) {
    error(0, "cannot write a segment to " + t.nodes[r.node].name + "'s TUN");
  }
  r.wire[{s.dst, s.src}].received(s);
  r.changed = true;
  // The receiver learns the peer's ISN from a SYN+ACK.
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

// ---- Scripted actions ----

void Runner::start(const Action& a) {
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
  if (const auto* h = std::get_if<HostAction>(&a.what)) {
    const size_t i = host_index(world_.trace().node_by_name(h->host));
    if (h->kill) {
      kill(a, i, h->process.empty() ? h->host : h->process);
    } else if (h->restart) {
      restart(a, i);
    } else {
      crash(a, i);
    }
    return;
  }
  if (const auto* in = std::get_if<InjectAction>(&a.what)) return inject(a, *in);
  if (const auto* l = std::get_if<LinkAction>(&a.what)) return apply_link_action(world_, *l, a.loc.line, line_error());
  if (const auto* r = std::get_if<RuleAction>(&a.what)) return apply_rule_action(world_, *r, line_error());
  if (const auto* f = std::get_if<ForgetFlowsAction>(&a.what)) return apply_forget(world_, *f, a.loc.line, line_error());
  if (const auto* s = std::get_if<SetAction>(&a.what)) return set(*s);
}

/// `HOST crash`: the namespace is deleted. Its TUN goes first, so nothing its dying sockets send reaches
/// the network; then the keeper and every program, and the namespace with the last of them: every
/// socket gone, nothing sent. The World marks the host down and drops what reaches it, as in tcpsim.
void Runner::crash(const Action& a, size_t i) {
  (void)a;
  Real& r = reals_[i];
  world_.crash(r.node);
  for (auto& [key, th] : threads_) {
    if (th.host == i) th.busy = 0, th.queue.clear();  // Its programs died: their calls never start.
  }
  if (!r.real) return;
  end_calls(i, -1, false);
  for (const auto& [tuple, conn] : r.conns) record_state(i, conn, State::Closed);  // Every socket gone.
  r.ns.reset();
  for (Prog& p : r.progs) {
    p.p.reset();
    p = Prog{nullptr, p.incarnation + 1, false, -1, -1, -1, 0, {}, {}, {}};
  }
  r.conns.clear();
  r.wire.clear();
}

/// `HOST restart`: a fresh namespace with the same address and settings, and a new program.
void Runner::restart(const Action& a, size_t i) {
  Real& r = reals_[i];
  world_.restart(r.node);
  if (!r.real || r.ns) return;
  std::vector<std::string> notes;
  r.setup.sysctls = config_sysctls(r.config, r.setup.name, &notes);
  std::string why;
  r.ns = RealHost::start(r.setup, &why);
  if (!r.ns) error(a.loc.line, "restart: " + why);
}

/// `HOST kill [PROCESS]`: SIGKILL of the real process. The kernel closes each of its descriptors as
/// exit() does (do_exit() -> exit_files()): what tcpsim's Host::kill() models.
void Runner::kill(const Action& a, size_t i, const std::string& process) {
  Real& r = reals_[i];
  Trace& t = world_.trace();
  const auto named = processes_.find(process);
  const uint16_t proc = named == processes_.end() ? 0 : named->second.second;
  for (auto& [key, th] : threads_) {
    if (th.host == i && th.proc == proc) th.busy = 0, th.queue.clear();  // Its calls waiting to start never do.
  }
  if (!r.real) {
    Host& h = world_.host(r.node);
    if (!h.up() || !h.process_alive(proc)) {
      error(a.loc.line, "kill: " + process + " does not run on " + h.name() + " now");
      return;
    }
    h.kill(proc, a.loc.line, world_.now());
    return;
  }
  Prog& p = r.progs[proc];
  if (!r.ns) {
    error(a.loc.line, "kill: " + t.nodes[r.node].name + " is down (it crashed): no process runs on it");
    return;
  }
  if (p.killed) {
    error(a.loc.line, "kill: process '" + process + "' was killed and has not been started again");
    return;
  }
  t.kills.push_back({world_.now(), r.node, process, a.loc.line, {}});
  Event e{};
  e.type = EventType::ProcessKilled;
  e.node = r.node;
  e.ref = static_cast<uint32_t>(t.kills.size() - 1);
  world_.record(e);
  end_calls(i, proc, true);
  p.p.reset();  // SIGKILL.
  p = Prog{nullptr, p.incarnation + 1, true, -1, -1, -1, 0, {}, {}, {}};
}

void Runner::end_calls(size_t host, int proc, bool killed) {
  Trace& t = world_.trace();
  for (auto it = inflight_.begin(); it != inflight_.end();) {
    const InFlight& f = it->second;
    if (host != SIZE_MAX && (f.host != host || (proc >= 0 && f.proc != proc))) {
      ++it;
      continue;
    }
    const uint32_t conn = conn_of(f.host, f.proc, f.fd);
    t.calls.amend(it->first - 1, CallReturn{conn, -1, 0, Errno::None, false, true, "", 0, killed});
    it = inflight_.erase(it);
  }
}

/// `inject`: the forged segment enters the World at its node, as in tcpsim, and reaches a real
/// destination through its TUN. Its `rcv.nxt`, `iss+1`... are the kernel's numbers, read from the
/// packets its TUN carried so far (WireTcb); one the wire has not shown stops the run (exit 2).
void Runner::inject(const Action& a, const InjectAction& in) {
  Trace& t = world_.trace();
  Segment s;
  if (!injected_addresses(t, in, a.loc.line, &s, line_error())) return;
  const FourTuple tuple{s.dst, s.src};
  const NodeId d = t.node_by_ip(s.dst.ip);
  const Real* target = d != kNoNode && world_.is_host(d) ? &reals_[host_index(d)] : nullptr;
  const auto eval = [&](const SeqExpr& e, const char* field) -> std::optional<uint32_t> {
    uint32_t v = 0;
    for (const SeqExpr::Term& term : e.terms) {
      std::optional<uint32_t> x = static_cast<uint32_t>(term.number);
      if (term.var != SeqExpr::Var::None) {
        x.reset();
        if (target && target->real) {
          if (auto w = target->wire.find(tuple); w != target->wire.end()) x = w->second.value(term.var);
        } else if (target) {
          if (const uint32_t id = world_.host(d).find_conn(tuple)) {
            const Connection* c = world_.conn(id);
            const Tcb& tcb = c->tcb();
            const SeqExpr::Var var = term.var;
            x = var == SeqExpr::Var::RcvNxt ? tcb.rcv_nxt.v : var == SeqExpr::Var::SndNxt ? tcb.snd_nxt.v
              : var == SeqExpr::Var::SndUna ? tcb.snd_una.v : var == SeqExpr::Var::RcvWnd ? c->rcv_wnd()
              : var == SeqExpr::Var::Iss ? tcb.iss.v : tcb.irs.v;
          }
        }
        if (!x) {
          error(a.loc.line, std::string("inject: ") + field + " names the target's TCB, but the packets on " +
                                (target ? t.nodes[target->node].name : in.dst.host) +
                                "'s TUN have not shown that number of a connection with that address and port at " +
                                format_duration(a.at) + " (the kernel's TCB cannot be read)");
          return std::nullopt;
        }
      }
      v = term.sign < 0 ? v - *x : v + *x;
    }
    return v;
  };
  if (!in.seq.terms.empty()) {
    const auto v = eval(in.seq, "seq");
    if (!v) return;
    s.seq = Seq(*v);
  }
  if (!in.ack.terms.empty()) {
    const auto v = eval(in.ack, "ack");
    if (!v) return;
    s.ack = Seq(*v);
  }
  if (!complete_injected(t, in, a.loc.line, &s, line_error())) return;
  world_.send_segment(t.node_by_name(in.via), s, 0, Rule::Injected, 0, a.loc.line);
}

/// `set HOST KEY VALUE` at a time: a simulated host is told as in tcpsim; a real host's namespace gets
/// the sysctls that changed (what Linux cannot be told is said in the notes).
void Runner::set(const SetAction& s) {
  for (size_t i = 0; i < reals_.size(); ++i) {
    Real& r = reals_[i];
    const std::string& name = world_.trace().nodes[r.node].name;
    if (s.setting.host != "all" && s.setting.host != name) continue;
    if (!r.real) {
      world_.host(r.node).change_setting(s.setting.key, s.setting.value);
      continue;
    }
    std::vector<std::string> ignored;
    const auto before = config_sysctls(r.config, name, &ignored);
    apply_setting(r.config, s.setting.key, s.setting.value);
    std::vector<std::string> notes;
    const auto after = config_sysctls(r.config, name, &notes);
    for (const std::string& n : notes) {
      if (std::find(notes_->begin(), notes_->end(), n) == notes_->end()) notes_->push_back(n);
    }
    if (!r.ns) continue;  // Crashed: its restart writes them.
    for (const auto& kv : after) {
      if (std::find(before.begin(), before.end(), kv) != before.end()) continue;
      std::string why;
      if (!r.ns->sysctl(kv.first, kv.second, &why)) error(s.setting.loc.line, "set: " + why);
    }
  }
}

void Runner::observe(const Event& ev) {
  for (Watch& w : watches_) {
    if (w.fired || !trigger_met(world_.trace(), *w.trigger, ev)) continue;
    w.fired = true;  // Once, at the first event that meets it, as in tcpsim.
    const Time at = world_.now() + w.trigger->delay;
    // In time order, after the actions already waiting for the same time.
    const auto pos = std::upper_bound(triggered_.begin(), triggered_.end(), at,
                                      [](Time x, const std::pair<Time, const Action*>& y) { return x < y.first; });
    triggered_.insert(pos, {at, w.action});
    end_ = std::max(end_, at + opt_.settle);  // The run goes on past the action by the settle time.
  }
}

void Runner::start_triggered(Time t) {
  // An action may meet another trigger at once (a call that returns at once): that one waits its turn.
  while (!triggered_.empty() && triggered_.front().first <= t) {
    const Action* a = triggered_.front().second;
    triggered_.erase(triggered_.begin());
    start(*a);
  }
}

void Runner::sample_changed() {
  // Recorded at the time of the World's last step: the segment or the call that made the change.
  for (size_t i = 0; i < reals_.size(); ++i) {
    if (!reals_[i].changed) continue;
    reals_[i].changed = false;
    sample_states(i);
  }
}

void Runner::sample_states(size_t only) {
  // Linux's TCP_* numbers (include/net/tcp_states.h) as tcpsim's states.
  static constexpr State kLinux[] = {State::Closed,      State::Established, State::SynSent,  State::SynReceived,
                                     State::FinWait1,    State::FinWait2,    State::TimeWait, State::Closed,
                                     State::CloseWait,   State::LastAck,     State::Listen,   State::Closing,
                                     State::SynReceived};  // TCP_NEW_SYN_RECV: a request sock.
  for (size_t i = 0; i < reals_.size(); ++i) {
    Real& r = reals_[i];
    if (!r.ns || (only != SIZE_MAX && i != only) || r.conns.empty()) continue;
    std::vector<DiagSocket> socks;
    std::string why;
    if (!r.ns->sockets(&socks, &why)) {
      error(0, "INET_DIAG on " + world_.trace().nodes[r.node].name + ": " + why);
      continue;
    }
    for (const auto& [tuple, conn] : r.conns) {
      State now = State::Closed;  // Not there: the kernel has let it go.
      for (const DiagSocket& d : socks) {
        if (d.local_ip == tuple.local.ip && d.local_port == tuple.local.port && d.remote_ip == tuple.remote.ip &&
            d.remote_port == tuple.remote.port && d.state >= 0 && d.state < static_cast<int>(std::size(kLinux))) {
          now = kLinux[d.state];
        }
      }
      record_state(i, conn, now);
    }
  }
}

void Runner::record_state(size_t i, uint32_t conn, State to) {
  State& known = states_.try_emplace(conn, State::Closed).first->second;
  const State from = known;
  if (from == to) return;
  known = to;
  Event e{};
  e.type = EventType::StateChanged;
  e.node = reals_[i].node;
  e.conn = conn;
  e.a = static_cast<uint8_t>(from);
  e.b = static_cast<uint8_t>(to);
  world_.record(e);
}

void Runner::error(uint32_t line, const std::string& message) { world_.trace().errors.push_back({line, message}); }

LineError Runner::line_error() {
  return [this](uint32_t line, const std::string& message) { error(line, message); };
}

size_t Runner::host_index(NodeId node) const {
  for (size_t i = 0; i < reals_.size(); ++i) {
    if (reals_[i].node == node) return i;
  }
  return 0;
}

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
