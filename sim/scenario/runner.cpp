#include "scenario/runner.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <numeric>

#include "net/host.hpp"
#include "net/middlebox.hpp"
#include "net/world.hpp"
#include "scenario/expect.hpp"
#include "scenario/world_actions.hpp"
#include "trace/invariants.hpp"

namespace tcpsim {

namespace {

/// Executes one variant of a scenario inside a World.
class Runner {
 public:
  Runner(const Scenario& sc, RunKind kind, uint64_t seed, const RunOptions& options)
      : sc_(sc), kind_(kind), world_(seed) {
    // The invariants read the snapshots (trace/invariants.hpp), so a checked run always records them.
    world_.set_record_tcbs(options.record_tcbs || invariants_enabled());
  }

  Trace run() {
    for (const Action& a : sc_.actions) {
      if (sc_.is_what_if(a.loc.line) && runs_in(a.variant, kind_) && (what_if_from_ < 0 || a.at < what_if_from_)) {
        what_if_from_ = a.at;
      }
    }
    build();
    schedule();
    if (!watches_.empty()) world_.set_observer([this](const Event& ev) { observe(ev); });
    world_.run(sc_.time_limit, sc_.event_limit, sc_.memory_limit);
    Trace t = std::move(world_.trace());
    if (invariants_enabled()) {
      // Debug and sanitizer builds check every run (trace/invariants.hpp): a broken invariant is a bug
      // in tcpsim, reported like any internal error.
      for (const std::string& broken : check_invariants(t)) t.errors.push_back({0, "internal error: invariant broken: " + broken});
    }
    return t;
  }

 private:
  struct Binding {
    NodeId host = kNoNode;
    uint32_t call = 0;
    uint32_t incarnation = 0;
    uint32_t line = 0;
    uint16_t proc = 0;               ///< The process that made the call.
    uint32_t proc_incarnation = 0;   ///< Its incarnation then (a kill closed the sockets of earlier ones).
  };
  /// A subject's calls run one at a time, like a program's thread: a host's unnamed calls form one
  /// thread, and each socket created with `as NAME` gets a thread of its own.
  struct Thread {
    NodeId host = kNoNode;
    uint16_t proc = 0;  ///< The process whose thread it is.
    uint32_t busy = 0;  ///< Call in progress (0: idle).
    std::deque<const Action*> queue;
  };

  static std::string thread_key(const CallAction& c) {
    const bool creates = c.kind == CallKind::Listen || c.kind == CallKind::Accept || c.kind == CallKind::Connect ||
                         c.kind == CallKind::Bind || c.kind == CallKind::Socket;
    return creates && !c.as.empty() ? c.as : c.subject;
  }

  void build() {
    Trace& t = world_.trace();
    t.file = sc_.file;
    t.title = sc_.title;
    t.summary = sc_.summary;
    t.run = kind_;
    t.has_twin = sc_.has_twin();
    for (const HostDecl& h : sc_.hosts) {
      TcpConfig cfg;
      for (const Setting& s : sc_.settings) {
        if (s.host == "all" || s.host == h.name) apply_setting(cfg, s.key, s.value);
      }
      const NodeId id = world_.add_host(h.name, h.ip, cfg);
      world_.host(id).set_call_done([this](uint32_t call) { call_done(call); });
      if (h.raw) world_.host(id).make_raw();
    }
    for (const ProcessDecl& p : sc_.processes) {
      const NodeId host = t.node_by_name(p.host);
      processes_[p.name] = {host, world_.host(host).add_process(p.name)};
      t.processes.emplace_back(host, p.name);
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
  }

  void schedule() {
    std::vector<size_t> order(sc_.actions.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return sc_.actions[a].at < sc_.actions[b].at;
    });
    // The actions due at the same time as an inject, after it in line order, wait for it: they are
    // queued once it has run, so they come after its segment is on the wire (and after its arrival
    // over a link without delay, as a packetdrill script's next line sees the packet in the stack).
    const Action* inject = nullptr;
    for (size_t i : order) {
      const Action& a = sc_.actions[i];
      if (!runs_in(a.variant, kind_)) continue;
      if (const Trigger* trig = sc_.trigger_of(i)) {
        watches_.push_back({trig, &a, false});
        continue;
      }
      if (inject && inject->at == a.at) {
        after_inject_[inject].push_back(&a);
      } else {
        world_.at(a.at, [this, &a] { run_scheduled(a); });
      }
      if (std::holds_alternative<InjectAction>(a.what)) inject = &a;
    }
  }

  void run_scheduled(const Action& a) {
    if (std::holds_alternative<NoteAction>(a.what)) {
      // A note tells what happens at its moment: it comes after everything already due then (an
      // arrival, a call's effects), by queueing itself again once that moment is reached.
      world_.at(world_.now(), [this, &a] { execute(a); });
    } else {
      execute(a);
    }
    if (auto f = after_inject_.find(&a); f != after_inject_.end()) {
      for (const Action* b : f->second) world_.at(world_.now(), [this, b] { run_scheduled(*b); });
    }
  }

  /// An `after ...` line waiting for its trigger.
  struct Watch {
    const Trigger* trigger;
    const Action* action;
    bool fired;
  };

  /// Starts the triggered actions whose trigger `ev` meets. Each fires once, at the first event that
  /// meets it, so a trigger cannot loop; its action runs `delay` later, queued after what is already
  /// due then, and the order of events decides, so a run stays deterministic.
  void observe(const Event& ev) {
    for (Watch& w : watches_) {
      if (w.fired || !trigger_met(world_.trace(), *w.trigger, ev)) continue;
      w.fired = true;
      const Action* a = w.action;
      world_.at(world_.now() + w.trigger->delay, [this, a] { execute(*a); });
    }
  }

  /// A problem met while running. Once a what-if has happened, a line of the file itself that no
  /// longer makes sense (its socket or connection is gone) was written for the run before the
  /// what-if: it is told in a note at its moment, not reported as a mistake in the file.
  void error(uint32_t line, std::string message) {
    if (what_if_from_ >= 0 && world_.now() >= what_if_from_ && !sc_.is_what_if(line)) {
      add_note(sc_.line_ref(line) + " no longer applies after the what-if: " + message, line);
      return;
    }
    world_.trace().errors.push_back({line, std::move(message)});
  }

  /// Errors of the network's side (world_actions.hpp) go where the runner's own go.
  LineError line_error() {
    return [this](uint32_t line, const std::string& message) { error(line, message); };
  }

  void execute(const Action& a) {
    std::visit([&](const auto& what) { do_action(a, what); }, a.what);
  }

  void do_action(const Action& a, const CallAction& c) {
    Thread& th = threads_[thread_key(c)];
    if (th.busy) {
      th.queue.push_back(&a);  // Starts when the thread's current call returns.
      return;
    }
    start_call(a, c);
  }

  void call_done(uint32_t call) {
    auto it = call_thread_.find(call);
    if (it == call_thread_.end()) return;
    Thread& th = threads_[it->second];
    call_thread_.erase(it);
    if (th.busy != call) return;
    th.busy = 0;
    while (!th.busy && !th.queue.empty()) {
      const Action* next = th.queue.front();
      th.queue.pop_front();
      start_call(*next, std::get<CallAction>(next->what));
    }
  }

  void start_call(const Action& a, const CallAction& c) {
    Trace& t = world_.trace();
    NodeId host = t.node_by_name(c.subject);
    uint32_t socket = 0;
    uint16_t proc = 0;
    if (auto p = processes_.find(c.subject); p != processes_.end()) {
      host = p->second.first;
      proc = p->second.second;
    } else if (host == kNoNode || !world_.is_host(host)) {
      auto it = names_.find(c.subject);
      if (auto died = died_names_.find(c.subject); it == names_.end() && died != died_names_.end()) {
        // The call that would have created it never happened either.
        cannot_call(a, c, died->second, "socket '" + c.subject + "' was never created: " +
                                            world_.trace().nodes[died->second].name + " was down");
        return;
      }
      if (it == names_.end()) {
        error(a.loc.line, "socket '" + c.subject + "' does not exist yet at " + format_duration(world_.now()) +
                              " (sockets are named by 'as " + c.subject + "' on a listen, bind, socket, accept or connect)");
        return;
      }
      const Binding& b = it->second;
      host = b.host;
      Host& h = world_.host(host);
      if (h.incarnation() != b.incarnation || !h.up()) {
        cannot_call(a, c, host, "socket '" + c.subject + "' was lost when " + h.name() + " crashed");
        return;
      }
      socket = h.socket_of_call(b.call);
      if (socket == 0) {
        error(a.loc.line, "socket '" + c.subject + "' does not exist yet at " + format_duration(world_.now()) +
                              ": the call on " + sc_.line_ref(b.line) + " that creates it has not returned");
        return;
      }
      proc = b.proc;
      if (!h.process_alive(proc) || h.process_incarnation(proc) != b.proc_incarnation) {
        error(a.loc.line, "socket '" + c.subject + "' was closed when its process " + killed_words(h, proc) +
                              ": a killed program makes no more calls");
        return;
      }
    }
    Host& h = world_.host(host);
    if (h.raw()) {
      error(a.loc.line, h.name() + " is a raw host (no TCP) and cannot call " + call_name(c.kind) + "(): it only injects");
      return;
    }
    if (!h.up()) {
      cannot_call(a, c, host, h.name() + " is down (it crashed) and cannot call " + call_name(c.kind) + "()");
      return;
    }
    if (!h.process_alive(proc)) {
      // A killed program makes no calls; a call that makes a socket (or sets an option for the next
      // one) is a new program started in its place, as a service manager restarts a server.
      const bool starts = socket == 0 && (c.kind == CallKind::Listen || c.kind == CallKind::Connect ||
                                          c.kind == CallKind::Bind || c.kind == CallKind::Socket ||
                                          c.kind == CallKind::SetSockOpt);
      if (!starts) {
        error(a.loc.line, "process '" + h.process_name(proc) + "' " + killed_words(h, proc) + " and cannot call " +
                              call_name(c.kind) + "(): its sockets are closed (a listen, connect, bind or socket "
                              "call starts the program again)");
        return;
      }
      h.revive(proc);
    }
    const uint32_t call = h.call(c, socket, c.subject, a.loc.line, world_.now(), a.at, proc);
    if (!c.as.empty()) {
      names_[c.as] = {host, call, h.incarnation(), a.loc.line, proc, h.process_incarnation(proc)};
    }
    // Every call reports its return through call_done(), even one that returned at once; but a call
    // that returned at once frees its thread at once, so the thread's next call due now runs before
    // the other actions due now (a program's calls that do not block run back to back, as a
    // packetdrill script's lines do).
    Thread& th = threads_[thread_key(c)];
    th.host = host;
    th.proc = socket ? h.socket_process(socket) : proc;
    if (t.calls.at(call - 1).returned >= 0) return;
    th.busy = call;
    call_thread_[call] = thread_key(c);
  }

  /// "was killed at 1.2s (line 14)".
  std::string killed_words(const Host& h, uint16_t proc) {
    const int64_t k = h.process_killed_by(proc);
    if (k < 0) return "was killed";
    const KillRecord& r = world_.trace().kills[static_cast<size_t>(k)];
    return "was killed at " + format_duration(r.t) + " (" + sc_.line_ref(r.line) + ")";
  }

  /// A call whose host is down, or whose socket died in a crash. If an --also line crashed the host,
  /// the call belongs to a program that died in the what-if: it never happens, and a note says so.
  /// Otherwise the file itself calls on a host it crashed, which is an error (`why`).
  void cannot_call(const Action& a, const CallAction& c, NodeId host, const std::string& why) {
    const auto crash = crash_line_.find(host);
    if (crash == crash_line_.end() || !sc_.is_what_if(crash->second)) {
      error(a.loc.line, why);
      return;
    }
    if (!c.as.empty()) died_names_[c.as] = host;
    add_note(c.subject + " " + call_name(c.kind) + "() on " + sc_.line_ref(a.loc.line) + " never happens: " +
                 world_.trace().nodes[host].name + " crashed (" + sc_.line_ref(crash->second) + ")",
             a.loc.line);
  }

  /// The newest connection record with `tuple`, live or closed (0: none): `iss` and `irs` of a
  /// connection that has ended still name its numbers (a late segment of a packetdrill script).
  uint32_t last_conn_with(const FourTuple& tuple) {
    const Trace& t = world_.trace();
    for (size_t i = t.conns.size(); i-- > 0;) {
      const ConnRecord c = t.conns[i];
      if (!c.listener && c.tuple == tuple) return c.id;
    }
    return 0;
  }

  std::optional<uint32_t> eval(const SeqExpr& e, const Connection* target, const FourTuple& tuple, uint32_t line,
                               const char* field) {
    if (e.terms.empty()) return std::nullopt;
    uint32_t v = 0;
    for (const SeqExpr::Term& term : e.terms) {
      uint32_t x = static_cast<uint32_t>(term.number);
      const bool isn = term.var == SeqExpr::Var::Iss || term.var == SeqExpr::Var::Irs;
      if (isn && !target) {
        if (const uint32_t id = last_conn_with(tuple)) {
          const ConnRecord c = world_.trace().conn(id);
          x = term.var == SeqExpr::Var::Iss ? c.iss.v : c.irs.v;
          v = term.sign < 0 ? v - x : v + x;
          continue;
        }
      }
      if (term.var != SeqExpr::Var::None) {
        if (!target) {
          error(line, std::string("inject: ") + field + " names the target's TCB, but the target has no connection "
                      "with that address and port at " + format_duration(world_.now()));
          return std::nullopt;
        }
        const Tcb& tcb = target->tcb();
        switch (term.var) {
          case SeqExpr::Var::RcvNxt: x = tcb.rcv_nxt.v; break;
          case SeqExpr::Var::SndNxt: x = tcb.snd_nxt.v; break;
          case SeqExpr::Var::SndUna: x = tcb.snd_una.v; break;
          case SeqExpr::Var::RcvWnd: x = target->rcv_wnd(); break;
          case SeqExpr::Var::Iss: x = tcb.iss.v; break;
          case SeqExpr::Var::Irs: x = tcb.irs.v; break;
          case SeqExpr::Var::None: break;
        }
      }
      v = term.sign < 0 ? v - x : v + x;
    }
    return v;
  }

  void do_action(const Action& a, const InjectAction& in) {
    Trace& t = world_.trace();
    Segment s;
    if (!injected_addresses(t, in, a.loc.line, &s, line_error())) return;
    const Connection* target = nullptr;
    if (NodeId d = t.node_by_ip(s.dst.ip); d != kNoNode && world_.is_host(d)) {
      if (uint32_t id = world_.host(d).find_conn({s.dst, s.src})) target = world_.conn(id);
    }
    auto seq = eval(in.seq, target, {s.dst, s.src}, a.loc.line, "seq");
    auto ack = eval(in.ack, target, {s.dst, s.src}, a.loc.line, "ack");
    if ((!in.seq.terms.empty() && !seq) || (!in.ack.terms.empty() && !ack)) return;
    s.seq = Seq(seq.value_or(0));
    s.ack = Seq(ack.value_or(0));
    if (!complete_injected(t, in, a.loc.line, &s, line_error())) return;
    world_.send_segment(t.node_by_name(in.via), s, 0, Rule::Injected, 0, a.loc.line);
  }

  void do_action(const Action& a, const HostAction& h) {
    const NodeId n = world_.trace().node_by_name(h.host);
    if (h.kill) {
      kill(a, n, h.process.empty() ? h.host : h.process);
      return;
    }
    if (h.restart) {
      world_.restart(n);
      return;
    }
    world_.crash(n);
    crash_line_[n] = a.loc.line;
    // The host's programs died with it: their blocked calls never return, queued calls never start.
    for (auto& [key, th] : threads_) {
      if (th.host == n) {
        th.busy = 0;
        th.queue.clear();
      }
    }
  }

  /// `HOST kill [PROCESS]`: kill -9 (Host::kill()). The program's thread dies with it: its calls
  /// waiting to start never do.
  void kill(const Action& a, NodeId n, const std::string& process) {
    Host& h = world_.host(n);
    const int proc = h.process_id(process);
    if (proc < 0) {
      error(a.loc.line, "kill: " + h.name() + " has no process '" + process + "'");
      return;
    }
    const auto p = static_cast<uint16_t>(proc);
    if (!h.up()) {
      error(a.loc.line, "kill: " + h.name() + " is down (it crashed): no process runs on it");
      return;
    }
    if (!h.process_alive(p)) {
      // kill(2) of a process that has exited: ESRCH.
      error(a.loc.line, "kill: process '" + process + "' " + killed_words(h, p) + " and has not been started again");
      return;
    }
    h.kill(p, a.loc.line, world_.now());
    for (auto& [key, th] : threads_) {
      if (th.host == n && th.proc == p) {
        th.busy = 0;
        th.queue.clear();
      }
    }
  }

  void do_action(const Action& a, const ForgetFlowsAction& f) { apply_forget(world_, f, a.loc.line, line_error()); }

  void do_action(const Action& a, const LinkAction& l) { apply_link_action(world_, l, a.loc.line, line_error()); }

  void do_action(const Action& a, const NoteAction& n) { add_note(n.text, a.loc.line); }

  void add_note(const std::string& text, uint32_t line) {
    Trace& t = world_.trace();
    t.notes.push_back({world_.now(), text, line});
    Event e{};
    e.type = EventType::Note;
    e.ref = static_cast<uint32_t>(t.notes.size() - 1);
    world_.record(e);
  }

  void do_action(const Action&, const RuleAction& r) { apply_rule_action(world_, r, line_error()); }

  void do_action(const Action&, const SetAction& s) {
    const Trace& t = world_.trace();
    for (size_t i = 0; i < t.nodes.size(); ++i) {
      if (!world_.is_host(static_cast<NodeId>(i))) continue;
      if (s.setting.host == "all" || s.setting.host == t.nodes[i].name) {
        world_.host(static_cast<NodeId>(i)).change_setting(s.setting.key, s.setting.value);
      }
    }
  }

  const Scenario& sc_;
  RunKind kind_;
  World world_;
  std::unordered_map<std::string, Binding> names_;
  std::unordered_map<std::string, std::pair<NodeId, uint16_t>> processes_;  // declared process -> host, id
  std::unordered_map<std::string, Thread> threads_;   // (only ever looked up, or swept by host)
  std::unordered_map<NodeId, uint32_t> crash_line_;   // host -> line of its latest crash
  Time what_if_from_ = -1;                            // time of the earliest what-if line (-1: none)
  std::unordered_map<std::string, NodeId> died_names_;  // `as NAME` of calls that never happened (what-if)
  std::unordered_map<uint32_t, std::string> call_thread_;
  std::vector<Watch> watches_;                        // `after ...` lines of this run, in time-then-line order
  std::unordered_map<const Action*, std::vector<const Action*>> after_inject_;  // same-time actions that wait for an inject
};

}  // namespace

Trace run_scenario(const Scenario& scenario, RunKind kind, std::optional<uint64_t> seed, const RunOptions& options) {
  Runner r(scenario, kind, seed.value_or(scenario.seed), options);
  return r.run();
}

}  // namespace tcpsim
