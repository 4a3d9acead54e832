#pragma once
// One host's TCP stack: demultiplexing arriving segments to connections and listeners, answering for
// closed ports, applying connection outputs, and the socket API with Linux semantics (sockets.cpp).
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "net/rng.hpp"
#include "net/vocabulary.hpp"
#include "tcp/config.hpp"
#include "tcp/connection.hpp"
#include "trace/trace.hpp"
#include "util/fifo.hpp"

namespace tcpsim {

class World;

/// A host's TCP/IP stack and the application sockets on it.
class Host {
 public:
  Host(World& world, NodeId id, std::string name, uint32_t ip, const TcpConfig& config, uint64_t seed);

  // ---- Network side ----
  /// Segment `seg` (trace index `seg_index`) was delivered to this host: the network hands over its own
  /// copy (the trace is only written to).
  void on_segment(const Segment& seg, uint32_t seg_index, Time now);
  /// A timer of one of this host's connections reached its deadline.
  void on_timer(uint32_t conn, TimerKind kind, Time now);

  // ---- Faults ----
  /// Every TCB and socket is lost; nothing is sent.
  void crash(Time now);
  /// Appends how each call still blocked stands (never returned) to the trace: at a crash, and when
  /// the run ends.
  void settle_blocked_calls();
  /// A fresh stack with no memory of earlier connections.
  void restart(Time now);
  bool up() const { return up_; }
  /// A raw host (`host NAME IP raw`) has no TCP: segments that reach it are recorded as delivered and
  /// nothing answers them; it only injects (a packetdrill script's remote side, docs/packetdrill.md).
  void make_raw() { raw_ = true; }
  bool raw() const { return raw_; }
  /// Restart count (sockets of an earlier incarnation are dead).
  uint32_t incarnation() const { return incarnation_; }

  // ---- Processes (processes.cpp) ----
  /// A process on this host: 0 is the host's own (named after it); `process NAME on HOST` adds others.
  /// Each has its own sockets, and its own "current" socket for calls that name only the process.
  uint16_t add_process(const std::string& name);
  /// The process by name (the host's own name: 0), or -1.
  int process_id(const std::string& name) const;
  const std::string& process_name(uint16_t proc) const { return procs_[proc].name; }
  /// False once killed, until a call that makes a socket starts it again (revive()).
  bool process_alive(uint16_t proc) const { return procs_[proc].alive; }
  /// How many times it was started again after a kill (its earlier sockets are closed).
  uint32_t process_incarnation(uint16_t proc) const { return procs_[proc].incarnation; }
  /// The trace's kill record (index in Trace::kills) of its latest kill, or -1.
  int64_t process_killed_by(uint16_t proc) const { return procs_[proc].kill; }
  /// The process that owns a socket.
  uint16_t socket_process(uint32_t socket) const { return socket ? sockets_[socket - 1].proc : 0; }
  /// kill -9 (Linux do_exit()): the calls it has blocked end with it, recorded as killed and returning
  /// nothing; then exit_files() closes each of its sockets as close() would (tcp_close(): RST+ACK where
  /// data is unread or SO_LINGER is {on, 0}, otherwise FIN, the connection living on orphaned), and each
  /// listener as inet_csk_listen_stop() does. `line` is the scenario's kill line.
  void kill(uint16_t proc, uint32_t line, Time now);
  /// A killed process is started again (a new program: no sockets, default options).
  void revive(uint16_t proc);

  // ---- Application side (sockets.cpp) ----
  /// Starts an application call by process `proc`. `socket` is the socket named by the scenario (0: the
  /// process's current socket for this call; a named socket's own process makes the call); `scheduled`
  /// is the time the scenario asked for (the call may start later when its thread was busy). Returns
  /// the call id; the call may complete now or later.
  uint32_t call(const SocketCall& action, uint32_t socket, const std::string& subject, uint32_t line, Time now,
                Time scheduled, uint16_t proc = 0);
  /// The socket a call created (listen, accept, connect) once it has one, else 0.
  uint32_t socket_of_call(uint32_t call) const;
  /// Called (through the event queue, at the same simulated time) each time a call returns.
  void set_call_done(std::function<void(uint32_t call)> fn) { call_done_ = std::move(fn); }

  // ---- Queries ----
  NodeId id() const { return id_; }
  uint32_t ip() const { return ip_; }
  const std::string& name() const { return name_; }
  const TcpConfig& config() const { return config_; }
  /// A `set` line changed one of this host's settings: its next connections start with it, and each
  /// connection it already has is told (Connection::on_settings()).
  void change_setting(std::string_view key, int64_t value);
  /// The connection id for a tuple as this host sees it (local = this host), or 0.
  uint32_t find_conn(const FourTuple& t) const;
  /// One of this host's connections by id (null for a listener's id or another host's connection).
  Connection* conn(uint32_t id) const { return id > 0 && id <= conns_.size() ? conns_[id - 1].get() : nullptr; }

 private:
  struct Socket {
    /// Bound: socket() (port 0) or bind() without listen() yet; a bound one holds its port but takes no
    /// connections (Linux has no listener to find in the lookup, so a SYN to the port is answered like
    /// one to a closed port).
    enum class Kind : uint8_t { Stream, Listener, Bound } kind = Kind::Stream;
    uint32_t conn = 0;              ///< Stream: its connection; listener: its listener record.
    uint16_t port = 0;              ///< Bound port; stream: one the program chose (held until close).
    std::string name;               ///< Bound: the `as` name its listener record will carry.
    uint32_t backlog = 0;
    Fifo<uint32_t> accept_queue;         ///< Listener: established connections not yet accepted.
    uint32_t embryos = 0;                ///< Listener: its connections still in SYN-RECEIVED.
    SocketOptions opts;
    bool closed = false;
    uint16_t proc = 0;  ///< The process that owns it (processes.cpp).
    /// Stream: struct socket's state as inet_stream_connect() keeps it (SS_UNCONNECTED, SS_CONNECTING,
    /// SS_CONNECTED): a non-blocking connect() leaves it connecting until a later connect() sees the
    /// handshake's end (sockets_nonblock.cpp).
    enum class Link : uint8_t { Unconnected, Connecting, Connected } link = Link::Unconnected;
    std::array<Fifo<uint32_t>, kCallKindCount> waiting;  ///< Blocked calls per CallKind, oldest first.
    uint32_t waiting_kinds = 0;                          ///< Bit k set when waiting[k] is not empty.
  };
  struct Pending {
    uint32_t call = 0;
    uint32_t socket = 0;
    SocketCall action;
    uint64_t done = 0;       ///< Bytes moved so far (send, recv all).
    Time deadline = -1;      ///< close() with SO_LINGER > 0.
    /// send(): asleep in sk_stream_wait_memory() with SOCK_NOSPACE set (the send buffer was full); it
    /// takes more only once sk_stream_write_space() would wake it (Host::send_space_wakes()).
    bool nospace = false;
    uint32_t result_socket = 0;
    // How it ends, kept here until it returns (Host::finish() appends it to the trace as a CallReturn).
    uint32_t conn = 0;       ///< The connection it acts on (connect() and accept() learn it).
    bool blocked = false;    ///< It had to wait.
    std::string data;        ///< recv: the bytes returned (first kKeepBytes).
    uint16_t proc = 0;       ///< The process making the call (a socket it creates is that process's).
  };
  /// A process: its "current" sockets (the latest of each kind, which a call naming only the process
  /// acts on: default_socket()) and the options set before it had a socket.
  struct Process {
    std::string name;
    bool alive = true;
    uint32_t incarnation = 0;
    int64_t kill = -1;          ///< Its latest kill record, or -1.
    uint32_t stream = 0;        ///< Its latest connected socket.
    uint32_t listener = 0;      ///< Its latest listener.
    uint32_t bound = 0;         ///< Its latest bind() (or socket()) socket.
    SocketOptions next_opts;    ///< setsockopt before any socket exists: applied to its next one.
  };

  /// Appends the socket's name (`as NAME`) to what connection `conn`'s record knows.
  void name_conn(uint32_t conn, const std::string& name);

  // Applying a connection's outputs (host.cpp). Returns true when one was a Reopen notification.
  bool apply(uint32_t conn, Outputs& out, uint32_t reply_to, Time now);
  /// Records a timer action (and schedules an armed one).
  void record_timer(uint32_t conn, const TimerOut& t);
  /// Records a transition (and the peer's ISN once it is known).
  void record_state(uint32_t conn, const StateOut& s);
  /// A passive connection completed its handshake: it joins its listener's accept queue. Returns the
  /// listener's socket (whose options it inherits), or 0.
  uint32_t on_connected(uint32_t conn);
  /// The connection no longer takes segments: out of the demultiplexing table (and its listener's count).
  void on_gone(uint32_t conn);
  void send_reply(const Segment& in, uint32_t seg_index, Rule rule);
  /// RFC 9293 §3.10.7.2 for `listener`; `iss` is the ISS a reopened TIME-WAIT connection dictates.
  void listen_input(Socket& listener, uint32_t listener_socket, const Segment& seg, uint32_t seg_index, Time now,
                    std::optional<Seq> iss = std::nullopt);
  /// Creates a connection (with ISS `iss`, else one drawn from the seed) and records it in the trace.
  uint32_t new_connection(FourTuple tuple, bool passive, std::optional<Seq> iss = std::nullopt);
  Seq draw_iss();
  uint16_t ephemeral_port(uint32_t remote_ip, uint16_t remote_port);
  uint32_t owner_socket(uint32_t conn) const;
  /// Socket `sid` (0: none) owns connection `conn` from now on.
  void set_conn_socket(uint32_t conn, uint32_t sid);
  /// Linux inet_csk_get_port()/inet_bind_conflict(): binding `port` with SO_REUSEADDR `reuse` (by
  /// socket `self`, 0 for a new one) conflicts with a socket or connection that holds it.
  bool port_conflict(uint16_t port, bool reuse, uint32_t self) const;
  /// The listener's accept queue holds more than its backlog (Linux sk_acceptq_is_full()).
  static bool accept_queue_full(const Socket& listener);
  /// `conn` is a half-open connection of a listener whose accept queue is full.
  bool accept_queue_full_for(uint32_t conn) const { return !embryonic_.empty() && embryo_queue_full(conn); }
  bool embryo_queue_full(uint32_t conn) const;
  void wake(uint32_t socket, Time now);
  void run_error(uint32_t line, const std::string& message);
  /// The socket a call acts on; null (the call then finished with EBADF) when the subject has none
  /// (`missing` says what for, in the scenario error) or has closed it.
  Socket* open_socket(Pending& p, const char* missing, Time now) {
    Socket* s = sock(p.socket);
    return s && !s->closed ? s : no_socket(p, missing, now);
  }
  /// open_socket() found none: finishes the call with EBADF (and a scenario error when there is no
  /// socket at all). Returns null.
  Socket* no_socket(Pending& p, const char* missing, Time now);
  void record_listener_state(uint32_t listener, State from, State to, Rule rule);
  Connection* stream_conn(uint32_t socket) {
    Socket* s = sock(socket);
    return s && s->kind == Socket::Kind::Stream ? conn(s->conn) : nullptr;
  }

  // Calls (sockets.cpp). Each returns true when the call completed.
  bool step(Pending& p, Time now);
  bool do_listen(Pending& p, Time now);
  bool do_accept(Pending& p, Time now);
  bool do_connect(Pending& p, Time now);
  bool do_send(Pending& p, Time now);
  /// Linux sk_stream_write_space(): a writer asleep for send-buffer space is woken once the free space
  /// is at least half of what is queued (__sk_stream_is_writeable()), which clears SOCK_NOSPACE.
  static bool send_space_wakes(const Connection& c);
  /// tcp_sendmsg() may copy into the send buffer: ESTABLISHED or CLOSE-WAIT, not shut down for writing,
  /// no pending error (else do_send() finishes the call).
  static bool may_copy(const Connection& c) {
    const State st = c.state();
    return (st == State::Established || st == State::CloseWait) && !c.snd_shutdown() &&
           c.pending_error() == Errno::None;
  }
  /// A send() asleep for space (Pending::nospace) would still sleep if stepped now: do_send() would
  /// return false without doing anything. wake() asks this before stepping it.
  bool send_sleeps(const Pending& p) const;
  bool do_recv(Pending& p, Time now);
  bool do_shutdown(Pending& p, Time now);
  bool do_close(Pending& p, Time now);
  bool do_abort(Pending& p, Time now);
  bool do_setsockopt(Pending& p, Time now);
  bool do_bind(Pending& p, Time now);
  bool do_socket(Pending& p, Time now);
  // Non-blocking sockets and SO_ERROR (sockets_nonblock.cpp).
  bool do_getsockopt(Pending& p, Time now);
  /// connect() on a socket that already has a connection (Linux __inet_stream_connect() by sock->state).
  bool connect_again(Pending& p, Socket& s, Time now);
  /// The call's socket has O_NONBLOCK set.
  bool nonblocking(const Pending& p) {
    const Socket* s = sock(p.socket);
    return s && s->opts.nonblock;
  }
  /// A non-blocking call that would block returns now: `done` bytes if it moved any, else EAGAIN.
  bool would_block(Pending& p, Time now);
  /// A bound socket is closed: its port is free again (nothing was ever sent from it).
  void release_bound(Socket& s);
  /// The socket a host-subject bind() or listen() uses: the host's newest socket if it is bound to
  /// `port` (listen only) or not bound yet, else 0 (a new one).
  uint32_t bound_socket_for(uint16_t proc, uint16_t port, bool listening) const;
  /// A blocked call of a killed process ends without returning (kill()).
  void end_killed(Pending& p, Time now);
  /// Sockets get file descriptors from 3 upward, as a process with stdin/stdout/stderr would.
  static int64_t fd_of(uint32_t socket) { return static_cast<int64_t>(socket) + 2; }
  /// Creates the listener's trace record, turns socket `sid` into a listener and finishes the call.
  bool start_listening(Pending& p, uint32_t sid, const std::string& name, Time now);
  bool finish(Pending& p, int64_t ret, Errno err, Time now, bool sigpipe = false);
  uint32_t default_socket(uint16_t proc, CallKind kind) const;
  Socket* sock(uint32_t id) { return id > 0 && id <= sockets_.size() ? &sockets_[id - 1] : nullptr; }
  /// The source address toward `remote_ip`: 127.0.0.1 for any loopback address, else the host's.
  uint32_t source_ip(uint32_t remote_ip) const;
  void close_listener(uint32_t socket, Time now);

  World& world_;
  NodeId id_;
  std::string name_;
  uint32_t ip_;
  TcpConfig config_;
  Rng rng_;
  bool up_ = true;
  bool raw_ = false;
  uint32_t incarnation_ = 0;
  uint16_t next_port_ = 0;

  // Every connection this host made, by id, kept after it closed (late timers and snapshots still ask).
  std::vector<std::unique_ptr<Connection>> conns_;  // by id - 1, up to its newest (null: not this host's)
  std::unordered_map<FourTuple, uint32_t, FourTupleHash> demux_;  // live connections by tuple
  // The tuple find_conn() found last and its connection (0: none): a run of segments to one connection
  // hashes the tuple once. Forgotten whenever demux_ changes.
  mutable FourTuple last_tuple_{};
  mutable uint32_t last_conn_ = 0;
  std::unordered_map<uint16_t, uint32_t> listeners_;              // port -> listener socket
  std::vector<Socket> sockets_;                                   // index = socket id - 1
  std::vector<uint32_t> conn_socket_;                             // conn id - 1 -> owning socket (0: none)
  std::unordered_map<uint32_t, uint32_t> embryo_listener_;        // passive conn not yet accepted -> listener
  std::unordered_set<uint32_t> embryonic_;                        // passive conns still in SYN-RECEIVED
  /// The blocked calls, by call id: one slot per id (ids are dense, one per CallRecord), so waking a
  /// socket's call is an index, not a hash lookup.
  class PendingCalls {
   public:
    Pending* find(uint32_t id) {
      return id > 0 && id <= slots_.size() ? slots_[id - 1].get() : nullptr;
    }
    void put(Pending&& p) {
      if (slots_.size() < p.call) slots_.resize(p.call);
      slots_[p.call - 1] = std::make_unique<Pending>(std::move(p));
    }
    void erase(uint32_t id) {
      if (id > 0 && id <= slots_.size()) slots_[id - 1].reset();
    }
    void clear() { slots_.clear(); }
    /// The blocked calls' ids, in the order they were made.
    std::vector<uint32_t> ids() const {
      std::vector<uint32_t> v;
      for (size_t i = 0; i < slots_.size(); ++i) {
        if (slots_[i]) v.push_back(static_cast<uint32_t>(i + 1));
      }
      return v;
    }

   private:
    std::vector<std::unique_ptr<Pending>> slots_;
  };
  PendingCalls pending_;
  std::unordered_map<uint32_t, uint32_t> call_socket_;            // call id -> socket it created
  std::vector<Process> procs_;  // by process id; 0 is the host's own
  std::unordered_map<uint16_t, uint32_t> bound_count_;  // port -> open bound (not listening) sockets
  Outputs out_;              // reused for every step (no allocation per segment)
  std::function<void(uint32_t)> call_done_;
  Fifo<uint32_t> wake_queue_;
  bool waking_ = false;
};

}  // namespace tcpsim
