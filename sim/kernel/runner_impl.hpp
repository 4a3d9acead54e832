#pragma once
// The real-time run of kernel_run.hpp, inside sim/kernel: kernel_run.cpp holds the loop, the network
// side and the faults (crash, restart, kill, inject, rules and settings at a time); kernel_calls.cpp
// the application side (each scenario call, on a real program or on a simulated host).
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kernel/kernel_run.hpp"
#include "kernel/netns.hpp"
#include "kernel/wire.hpp"
#include "net/world.hpp"
#include "scenario/world_actions.hpp"

namespace tcpsim::kernel {

/// A program on a real host (a scenario process: the host's own, or a `process NAME on HOST`).
struct Prog {
  std::unique_ptr<Program> p;  ///< Null: not started yet, killed, or its host crashed.
  uint32_t incarnation = 0;    ///< +1 at each kill and crash: the sockets it held are gone.
  bool killed = false;         ///< Killed and not started again (a call that makes a socket starts it).
  int listener = -1;           ///< Its latest listening socket (a subject's accept uses it).
  int stream = -1;             ///< Its latest connected socket (a subject's send, recv, close use it).
  int bound = -1;              ///< Its socket from socket() or bind() not yet listening or connected.
  uint16_t bound_port = 0;     ///< That socket's port (0: not bound yet).
  std::unordered_set<int> closed;                ///< Descriptors it closed (a call on one is EBADF).
  std::unordered_map<int, uint32_t> fd_conn;     ///< Its connected descriptors' connections...
  std::unordered_map<int, FourTuple> fd_tuple;   ///< ...found by their addresses once the wire shows them.
};

/// A host of the scenario: real (a namespace) or, with --real naming others, tcpsim's simulated one.
struct Real {
  NodeId node = kNoNode;
  bool real = true;
  HostSetup setup;                 ///< How its namespace is made (again at a restart).
  TcpConfig config;                ///< Its settings now (a `set` at a time changes them).
  std::unique_ptr<RealHost> ns;    ///< Null while it is crashed (or simulated).
  std::vector<Prog> progs;         ///< By process id: 0 is the host's own.
  std::unordered_map<FourTuple, uint32_t, FourTupleHash> conns;  ///< Its kernel's connections by tuple.
  std::unordered_map<FourTuple, WireTcb, FourTupleHash> wire;    ///< What its TUN showed of each.
  bool changed = false;  ///< Its TUN carried a segment or a call returned since its states were asked for.
};

class Runner {
 public:
  Runner(const Scenario& sc, const KernelOptions& opt) : sc_(sc), opt_(opt), world_(sc.seed) {}
  KernelRun run();

 private:
  /// A call on its way to a real program.
  struct InFlight {
    size_t host = 0;
    uint16_t proc = 0;
    uint32_t incarnation = 0;
    std::string thread;
    CallKind kind = CallKind::Close;
    std::string as;
    int fd = -1;
    uint16_t port = 0;  ///< bind: the port.
    Time issued = 0;
  };
  /// A subject's calls run one at a time, as in tcpsim (a program's thread).
  struct Thread {
    size_t host = 0;
    uint16_t proc = 0;
    uint32_t busy = 0;
    std::deque<const Action*> queue;
  };
  /// A socket named with `as NAME`.
  struct Named {
    size_t host = 0;
    uint16_t proc = 0;
    uint32_t incarnation = 0;  ///< Real: the program's; simulated: the host's.
    int fd = -1;               ///< Real: its descriptor.
    uint32_t call = 0;         ///< Simulated: the call that made it.
    uint32_t proc_incarnation = 0;
  };

  // kernel_run.cpp
  void build(KernelRun& out);
  Time now() const;
  void loop(const std::vector<const Action*>& due);
  void read_tun(size_t i);
  uint32_t conn_for(size_t i, const Segment& s);
  void deliver(size_t i, const Segment& s, uint32_t id);
  void start(const Action& a);
  void crash(const Action& a, size_t i);
  void restart(const Action& a, size_t i);
  void kill(const Action& a, size_t i, const std::string& process);
  void inject(const Action& a, const InjectAction& in);
  void set(const SetAction& s);
  void error(uint32_t line, const std::string& message);
  /// Asks the kernel for the states of its sockets (every real host, or only host `only`) and records
  /// each change.
  void sample_states(size_t only = SIZE_MAX);
  /// Asks the hosts that changed (Real::changed) for their states.
  void sample_changed();
  /// Queues the `after ...` actions whose trigger the event just recorded meets.
  void observe(const Event& ev);
  /// Starts the triggered actions due by `t`, in time order.
  void start_triggered(Time t);
  /// Records connection `conn` of host `i` entering `to` now (a sample, or CLOSED at a crash).
  void record_state(size_t i, uint32_t conn, State to);
  LineError line_error();
  size_t host_index(NodeId node) const;
  /// Every call of (host, proc) on its way ends without returning (a kill: `killed`; a crash: never).
  void end_calls(size_t host, int proc, bool killed);

  // kernel_calls.cpp
  static std::string thread_key(const CallAction& c);
  void next_call(const std::string& key);
  uint32_t issue(const Action& a, const CallAction& c, const std::string& key);
  uint32_t issue_real(const Action& a, const CallAction& c, const std::string& key, size_t host, uint16_t proc, int fd);
  uint32_t issue_sim(const Action& a, const CallAction& c, const std::string& key, size_t host, uint16_t proc,
                     uint32_t socket);
  void sim_done(uint32_t call);
  void read_reply(size_t host, uint16_t proc);
  Program* program(size_t host, uint16_t proc, std::string* why);
  /// The connection a program's descriptor is connected on (0: none, or not on the wire yet).
  uint32_t conn_of(size_t host, uint16_t proc, int fd);

  const Scenario& sc_;
  KernelOptions opt_;
  World world_;
  int64_t t0_ = 0;
  std::vector<Real> reals_;  ///< Every host, in declaration order.
  std::unordered_map<std::string, std::pair<size_t, uint16_t>> processes_;  ///< `process` -> host, id.
  std::unordered_map<std::string, Thread> threads_;
  std::unordered_map<uint32_t, InFlight> inflight_;
  std::unordered_map<uint32_t, std::string> sim_thread_;  ///< A simulated call's thread.
  std::unordered_map<std::string, Named> names_;
  std::vector<std::string>* notes_ = nullptr;
  std::vector<Time> samples_;  ///< When to ask the kernel for its sockets' states (expectation times, the end).
  /// An `after ...` line waiting for its trigger.
  struct Watch {
    const Trigger* trigger;
    const Action* action;
    bool fired;
  };
  std::vector<Watch> watches_;
  Time end_ = 0;  ///< When the loop stops: the last action + the settle time (a triggered one included).
  std::vector<std::pair<Time, const Action*>> triggered_;  ///< Met triggers' actions, by time.
  /// Each connection's state as last recorded (none yet: CLOSED), so a sample costs no trace scan.
  std::unordered_map<uint32_t, State> states_;
};

}  // namespace tcpsim::kernel
