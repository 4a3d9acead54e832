// Processes on a host and kill -9. Every socket belongs to a process: the host's own (named after it)
// unless the scenario declares others (`process NAME on HOST`). Killing one is Linux's do_exit(): the
// calls it has blocked end with it (a fatal signal wakes them; they never return to the program), then
// exit_files() closes each descriptor it still holds, exactly as close() would. Unlike a crash the
// kernel lives on: it answers for the closed sockets (RST or FIN) and the orphaned connections go on.
#include <algorithm>

#include "net/host.hpp"
#include "net/world.hpp"

namespace tcpsim {

uint16_t Host::add_process(const std::string& name) {
  if (const int id = process_id(name); id >= 0) return static_cast<uint16_t>(id);
  procs_.emplace_back();
  procs_.back().name = name;
  return static_cast<uint16_t>(procs_.size() - 1);
}

int Host::process_id(const std::string& name) const {
  for (size_t i = 0; i < procs_.size(); ++i) {
    if (procs_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

void Host::revive(uint16_t proc) {
  Process& pr = procs_[proc];
  if (pr.alive) return;
  pr = Process{pr.name, true, pr.incarnation + 1, pr.kill, 0, 0, 0, {}};
}

void Host::end_killed(Pending& p, Time now) {
  // The program is gone: the call has no return value (ret -1 without an errno, and `killed` says
  // why). The event marks where it ended; nothing calls on for that program afterwards.
  CallReturn r{p.conn, now, -1, Errno::None, false, p.blocked, std::move(p.data), p.done};
  r.killed = true;
  world_.trace().calls.amend(p.call - 1, std::move(r));
  Event e{};
  e.type = EventType::AppReturn;
  e.node = id_;
  e.conn = p.conn;
  e.ref = p.call - 1;
  world_.record(e);
}

void Host::kill(uint16_t proc, uint32_t line, Time now) {
  Trace& tr = world_.trace();
  Process& pr = procs_[proc];
  const auto kill_index = static_cast<uint32_t>(tr.kills.size());
  tr.kills.push_back({now, id_, pr.name, line, {}});
  pr.kill = kill_index;
  pr.alive = false;
  Event killed{};
  killed.type = EventType::ProcessKilled;
  killed.node = id_;
  killed.ref = kill_index;
  world_.record(killed);
  // do_exit() -> exit_signals(): SIGKILL wakes every sleeping call of the process (sk_wait_event()
  // returns on signal_pending()); none returns to the program. In call order.
  std::vector<uint32_t> calls;
  for (uint32_t id : pending_.ids()) {
    if (pending_.find(id)->proc == proc) calls.push_back(id);
  }
  for (uint32_t id : calls) {
    Pending& p = *pending_.find(id);
    if (Socket* s = sock(p.socket)) {
      auto& q = s->waiting[static_cast<size_t>(p.action.kind)];
      Fifo<uint32_t> rest;
      for (uint32_t c : q) {
        if (c != id) rest.push_back(c);
      }
      q = std::move(rest);
      if (q.empty()) s->waiting_kinds &= ~(1u << static_cast<unsigned>(p.action.kind));
    }
    end_killed(p, now);
    pending_.erase(id);
  }
  // exit_files() -> close_files(): each open descriptor in turn, lowest first, through the same
  // release as close(): tcp_close() for a connection (a lingering close does not wait: the exiting
  // task has SIGKILL pending, so sk_stream_wait_close() returns at once), inet_csk_listen_stop() for a
  // listener.
  for (uint32_t sid = 1; sid <= sockets_.size(); ++sid) {
    Socket& s = sockets_[sid - 1];
    if (s.proc != proc || s.closed) continue;
    if (s.kind == Socket::Kind::Bound) {
      release_bound(s);
      continue;
    }
    tr.kills[kill_index].conns.push_back(s.conn);
    if (s.kind == Socket::Kind::Listener) {
      close_listener(sid, now);
      continue;
    }
    s.closed = true;
    const uint32_t conn = s.conn;
    out_.clear();
    this->conn(conn)->close(now, out_);
    apply(conn, out_, 0, now);
  }
  Process& gone = procs_[proc];
  gone.stream = gone.listener = gone.bound = 0;
  gone.next_opts = {};
}

}  // namespace tcpsim
