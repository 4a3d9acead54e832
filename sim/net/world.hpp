#pragma once
// The simulated network: hosts and middleboxes joined by links, one event queue, one trace.
// Hosts run TCP (host.hpp); middleboxes filter (middlebox.hpp); World moves segments between them,
// applies link faults and keeps time. Nothing here reads a wall clock.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "net/event_queue.hpp"
#include "net/rng.hpp"
#include "tcp/connection.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

class Host;
class Middlebox;

/// Link behaviour (both directions alike).
struct LinkParams {
  Time delay = ms(10);
  Time jitter = 0;
  double loss = 0;
  double duplicate = 0;
  double reorder = 0;
  uint64_t bandwidth = 0;  ///< bits per second; 0 = unlimited.
  uint32_t queue = 0;      ///< packets; 0 = unlimited.
};

/// The whole simulated world for one run.
class World {
 public:
  explicit World(uint64_t seed);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // ---- Building ----
  /// Adds a host running TCP with `config`.
  NodeId add_host(const std::string& name, uint32_t ip, const TcpConfig& config);
  /// Adds a middlebox (firewall, or NAT with flow tracking when idle > 0).
  NodeId add_middlebox(const std::string& name, NodeKind kind, Time idle, ForgetAction forget);
  /// Joins two nodes with a link.
  LinkId add_link(NodeId a, NodeId b, const LinkParams& params);
  /// Computes routes (shortest path in hops; ties by link order). Call after the last add_*.
  void finish_topology();

  Host& host(NodeId id);
  Middlebox& middlebox(NodeId id);
  bool is_host(NodeId id) const;
  /// The link joining a and b, or kNoLink.
  LinkId find_link(NodeId a, NodeId b) const;

  // ---- Running ----
  /// Runs `fn` at time t (scenario actions).
  void at(Time t, std::function<void()> fn);
  /// Calls `fn` with each event as it is recorded (the scenario runner's `after` triggers). `fn` may
  /// schedule with at(); it must not change the world, so the trace stays what the run did.
  void set_observer(std::function<void(const Event&)> fn) { observer_ = std::move(fn); }
  /// Processes events until none remain or a limit is reached: simulated time, events, or the trace's
  /// memory (a memory stop is also a run error saying how to raise the limit).
  void run(Time time_limit, uint64_t event_limit, uint64_t memory_limit = UINT64_MAX);
  Time now() const { return now_; }
  /// The trace being written (complete once run() returns).
  Trace& trace() { return trace_; }

  // ---- Real hosts (sim/kernel: a Linux network namespace stands in for a host's TCP) ----
  /// Segments delivered to host `node` go to `fn` (as delivered, with their trace index) instead of its
  /// simulated TCP; its segments enter with send_segment() at the time its kernel wrote them.
  void set_external(NodeId node, std::function<void(const Segment&, uint32_t seg)> fn);
  /// A real-time loop's step: processes every event due by `t`, then sets the clock to `t`.
  void advance_to(Time t);
  /// The time of the next queued event, or -1 when none is queued.
  Time next_event_time() const { return queue_.empty() ? -1 : queue_.next_time(); }

  // ---- Services for hosts and middleboxes ----
  /// Puts a segment on the wire at `from` toward the host owning seg.dst.ip. Returns its index.
  uint32_t send_segment(NodeId from, const Segment& seg, uint32_t conn, Rule rule, uint32_t reply_to,
                        uint32_t line = 0);
  /// Records an event at the current time (inline: every segment records two or three).
  void record(Event e) {
    e.t = now_;
    trace_.events.push_back(e);
    if (observer_) [[unlikely]] observer_(e);
  }
  /// record() for an event with no value and no a/b fields (a segment sent or delivered), packed in
  /// place: two of these per segment.
  void record_ref(EventType type, NodeId node, uint32_t conn, uint32_t ref, Rule rule = Rule::None) {
    if (observer_) [[unlikely]] {
      Event e{};
      e.type = type;
      e.node = node;
      e.conn = conn;
      e.ref = ref;
      e.rule = rule;
      record(e);
      return;
    }
    trace_.events.push_ref(now_, type, 0, 0, rule, node, conn, ref);
  }
  /// Host `node`'s TCP dropped or ignored delivered segment `seg` (connection `conn` judged it; 0: none),
  /// or answered it without a connection: a segment-ignored event with the rule that says so.
  void record_ignored(uint32_t seg, NodeId node, uint32_t conn, Rule why);
  /// Schedules a timer callback for a host's connection.
  void schedule_timer(NodeId host, uint32_t conn, TimerKind kind, Time deadline) {
    // The usual case first, inline: a retransmission timer restarted on every ACK finds its waiting
    // entry earlier than the new deadline, and that entry will look again when it fires.
    if (deadline >= now_) [[likely]] {
      const Time entry = timer_entry_[conn - 1][static_cast<size_t>(kind)];
      if (entry >= 0 && entry <= deadline) return;
    }
    queue_timer(host, conn, kind, deadline);
  }
  /// Schedules a middlebox flow-expiry check.
  void schedule_flow_check(NodeId middlebox, uint32_t flow, Time when);
  /// Registers a connection's (or a listener's) record and returns its id. The host that made it owns
  /// the Connection (Host::conn), as it owns the table that finds it by tuple.
  uint32_t add_conn(ConnRecord rec);
  /// Records the variables of connection `conn` (`c`, owned by the host that applies its outputs; null
  /// for a listener) if they changed since its last snapshot; nothing when snapshots are off.
  void snapshot(uint32_t conn, const Connection* c) {
    if (record_tcbs_ && c) take_snapshot(conn, *c);
  }
  /// Whether the trace keeps TCB snapshots (Trace::tcbs; on by default). Only renderers read them: a
  /// command that prints none of them (check) runs without, and the run is otherwise the same.
  void set_record_tcbs(bool on) { record_tcbs_ = on; }
  bool records_tcbs() const { return record_tcbs_; }
  /// The Connection object for an id, asked of the host that owns it (null for listeners).
  Connection* conn(uint32_t id);

  // ---- Faults ----
  void set_link_up(LinkId link, bool up);
  void crash(NodeId host);
  void restart(NodeId host);
  /// A middlebox forgets every flow it tracks now (`NAT forget` on scenario line `line`).
  void forget_flows(NodeId middlebox, uint32_t line);

 private:
  struct QItem {
    enum class Kind : uint8_t { Arrive, LinkDrop, Timer, Action, FlowCheck } kind;
    NodeId node = kNoNode;
    LinkId link = kNoLink;
    uint8_t sub = 0;
    uint32_t a = 0;  ///< Arrive, LinkDrop: the packet's slot in packets_; Timer: conn; Action: index; FlowCheck: flow.
    Time t2 = 0;
  };
  /// A segment on its way: the network's own copy of what was sent (the trace is only written to).
  struct Packet {
    SegmentRecord rec;  ///< As sent (a link's duplicate is sent again as its own segment).
    uint32_t id = 0;    ///< Its segment id in the trace.
  };
  struct LinkState {
    NodeId a, b;
    LinkParams p;
    bool draws = false;  ///< Loss, duplication or reordering: each segment draws for them (in hop()).
    bool up = true;
    Time last_down = -1;
    Rng rng;
    Time busy_until[2] = {0, 0};
    std::deque<Time> queued[2];
  };
  /// A free slot of packets_ for a segment about to be sent (packets_ may grow: references into it
  /// taken before do not survive).
  uint32_t take_slot();
  /// Appends the segment in `slot` (filled in) to the trace as sent; returns its index there.
  uint32_t launch(uint32_t slot);
  void forward(uint32_t slot, NodeId at);
  void hop(uint32_t slot, LinkId link, NodeId from);
  void arrive(uint32_t slot, NodeId node, LinkId link, Time hop_start);
  /// The packet's journey ends here: its slot is freed and `rule_line`/`verdict` (a firewall's) recorded.
  void drop(uint32_t slot, DropReason why, NodeId node, LinkId link, uint32_t rule_line = 0,
            Rule verdict = Rule::None);
  void dispatch(const QItem& item);
  /// Queues an item (in `lane`: see EventQueue); one in the past stops the run with an internal error
  /// naming `what`.
  void enqueue(Time t, const QItem& q, const char* what, uint32_t lane = EventQueue<QItem>::kNoLane);
  /// Stops the run: an internal error in Trace::errors, the trace marked truncated.
  void halt(const std::string& why);
  void record_forgotten(const FlowRecord& flow);
  void take_snapshot(uint32_t conn, const Connection& c);
  /// schedule_timer() when the timer needs an entry in the queue (or was armed in the past).
  void queue_timer(NodeId host, uint32_t conn, TimerKind kind, Time deadline);
  /// The host with address `ip` (Trace::node_by_ip without reading the trace), or kNoNode.
  NodeId host_by_ip(uint32_t ip) const {
    for (const auto& [a, n] : host_ips_) {
      if (a == ip) return n;
    }
    return kNoNode;
  }

  Trace trace_;
  std::vector<Packet> packets_;        ///< Segments in flight, by slot.
  std::vector<uint32_t> free_slots_;   ///< Slots of packets_ whose journey ended.
  uint64_t seed_;
  Time now_ = 0;
  bool halted_ = false;  ///< An internal error stopped the run.
  bool record_tcbs_ = true;
  EventQueue<QItem> queue_;
  std::vector<std::function<void()>> actions_;
  std::function<void(const Event&)> observer_;
  std::vector<std::function<void(const Segment&, uint32_t)>> external_;  ///< By node id (see set_external()).
  std::vector<std::unique_ptr<Host>> hosts_;            // by node id (null for middleboxes)
  std::vector<std::pair<uint32_t, NodeId>> host_ips_;  ///< Each host's address and node, in node order.
  std::vector<std::unique_ptr<Middlebox>> middleboxes_;  // by node id (null for hosts)
  std::vector<LinkState> links_;
  std::vector<std::vector<LinkId>> next_hop_;  // [node][destination node]
  /// Per connection and timer kind: the time of its queue entry, or -1. Timers are re-armed on every
  /// ACK; instead of queueing an entry each time, one entry waits and, if it finds the deadline moved
  /// later, re-queues itself at the new deadline.
  std::vector<std::array<Time, kTimerKinds>> timer_entry_;
};

}  // namespace tcpsim
