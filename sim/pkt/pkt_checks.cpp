// What `tcpsim pkt` checks on the trace after the run (pkt_run.hpp, check_trace()): the return time
// of a blocking call (`0...0.1`) and poll(), whose answer is read from the sockets' state then,
// as Linux's tcp_poll() computes it. Also the parsing of poll()'s `[{fd=N, events=..., revents=...}]`.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "pkt/pkt_run.hpp"
#include "trace/trace.hpp"

namespace tcpsim::pkt {

namespace {

// Linux's include/uapi/asm-generic/poll.h.
constexpr struct {
  const char* name;
  uint32_t bit;
} kPollBits[] = {{"POLLIN", 0x1},      {"POLLPRI", 0x2},     {"POLLOUT", 0x4},      {"POLLERR", 0x8},
                 {"POLLHUP", 0x10},    {"POLLNVAL", 0x20},   {"POLLRDNORM", 0x40},  {"POLLRDBAND", 0x80},
                 {"POLLWRNORM", 0x100}, {"POLLWRBAND", 0x200}, {"POLLRDHUP", 0x2000}};
constexpr uint32_t POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20,
                   POLLRDNORM = 0x40, POLLWRNORM = 0x100, POLLRDHUP = 0x2000;

std::string seconds(Time t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(t) / static_cast<double>(kSec));
  return buf;
}

/// The trace as poll() sees it at one moment: `applied` events have happened (the poll's note is
/// the next one), so what happened at the same time but after it in the script is not seen yet.
class Moment {
 public:
  Moment(const Trace& tr, size_t applied) : tr_(tr), applied_(applied) {
    returned_.assign(tr.calls.size(), SIZE_MAX);
    for (size_t i = 0; i < applied && i < tr.events.size(); ++i) {
      const tcpsim::Event e = tr.events[i];
      if (e.type == EventType::AppReturn && e.ref < returned_.size()) returned_[e.ref] = i;
    }
  }

  /// Linux tcp_poll() for one socket.
  uint32_t revents(const PollFd& f) const {
    if (f.listener) {
      // inet_csk_listen_poll(): POLLIN when the accept queue holds a connection.
      const NodeId local = tr_.node_by_name("local");
      for (size_t i = 0; i < tr_.conns.size(); ++i) {
        const ConnRecord c = tr_.conns[i];
        if (c.node != local || !c.passive) continue;
        const std::optional<TcbSnapshot> s = tr_.tcbs.at(c.id, static_cast<uint32_t>(applied_));
        if (!s || s->state == State::SynReceived || s->state == State::Closed) continue;
        bool accepted = false;
        for (size_t k = 0; k < tr_.calls.size() && !accepted; ++k) {
          const CallRecord call = tr_.calls[k];
          accepted = call.kind == CallKind::Accept && call.conn == c.id && returned_[k] != SIZE_MAX;
        }
        if (!accepted) return POLLIN | POLLRDNORM;
      }
      return 0;
    }
    const uint32_t conn = f.conn_line ? conn_of_line(f.conn_line) : 0;
    const std::optional<TcbSnapshot> now = conn ? tr_.tcbs.at(conn, static_cast<uint32_t>(applied_)) : std::nullopt;
    if (!now) return POLLOUT | POLLWRNORM | POLLHUP;  // A new socket: TCP_CLOSE, nothing shut, writable.
    const State s = now->state;
    const bool closed = s == State::Closed;
    const bool rcv_shut = closed || s == State::CloseWait || s == State::LastAck || s == State::Closing || s == State::TimeWait;
    const bool snd_shut = closed || s == State::FinWait1 || s == State::FinWait2 || s == State::Closing ||
                          s == State::TimeWait || s == State::LastAck;
    uint32_t m = 0;
    if ((rcv_shut && snd_shut) || closed) m |= POLLHUP;
    if (rcv_shut) m |= POLLIN | POLLRDNORM | POLLRDHUP;
    if (s != State::SynSent && s != State::SynReceived) {
      if (now->unread > 0) m |= POLLIN | POLLRDNORM;
      // sk_stream_is_writeable(): the free space is at least half of what is queued.
      const uint64_t queued = now->unsent + now->unacked;
      const bool writeable = now->sndbuf >= queued && now->sndbuf - queued >= queued / 2;
      if (snd_shut || writeable) m |= POLLOUT | POLLWRNORM;
    }
    if (closed && error_pending(conn)) m |= POLLERR;
    return m;
  }

 private:
  /// The connection the script call on scenario line `line` gave its socket, or 0.
  uint32_t conn_of_line(uint32_t line) const {
    for (size_t i = 0; i < tr_.calls.size(); ++i) {
      const CallRecord c = tr_.calls[i];
      if (c.line == line) return c.conn;
    }
    return 0;
  }

  /// The connection ended by a reset, an abort or a timeout (not LAST-ACK's or TIME-WAIT's normal
  /// end), and no call has reported the error since: Linux's sk_err, which sock_error() clears.
  bool error_pending(uint32_t conn) const {
    const TcbLog::AsOf a = tr_.tcbs.as_of(conn, static_cast<uint32_t>(applied_));
    if (!a.now || !a.before || a.before->state == State::LastAck || a.before->state == State::TimeWait) return false;
    for (size_t k = 0; k < tr_.calls.size(); ++k) {
      const CallRecord call = tr_.calls[k];
      if (call.conn == conn && call.err != Errno::None && returned_[k] != SIZE_MAX && returned_[k] >= a.now->event) {
        return false;
      }
    }
    return true;
  }

  const Trace& tr_;
  size_t applied_;
  std::vector<size_t> returned_;  ///< Event index of each call's return (SIZE_MAX: not by then).
};

/// The number of events poll() sees: those before its note of scenario line `line`, and before the
/// first call of a later line at the same time (a note comes after everything due at its moment, but
/// the script's next calls must not have run for poll() yet).
size_t events_before_poll(const Trace& tr, uint32_t line, Time at) {
  for (size_t i = 0; i < tr.events.size(); ++i) {
    const tcpsim::Event e = tr.events[i];
    if (e.type == EventType::Note && e.ref < tr.notes.size() && tr.notes[e.ref].line == line) return i;
    if (e.type == EventType::AppCall && e.t == at && e.ref < tr.calls.size() && tr.calls[e.ref].line > line) return i;
  }
  return tr.events.size();
}

}  // namespace

bool parse_poll_bits(std::string_view text, uint32_t* bits) {
  *bits = 0;
  if (text == "0") return true;
  while (!text.empty()) {
    const size_t bar = text.find('|');
    const std::string_view name = text.substr(0, bar);
    const auto it = std::find_if(std::begin(kPollBits), std::end(kPollBits), [&](const auto& b) { return name == b.name; });
    if (it == std::end(kPollBits)) return false;
    *bits |= it->bit;
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
    if (text.empty()) return false;
  }
  return true;
}

std::string poll_bits_to_string(uint32_t bits) {
  std::string s;
  for (const auto& b : kPollBits) {
    if (bits & b.bit) s += (s.empty() ? "" : "|") + std::string(b.name);
  }
  return s.empty() ? "0" : s;
}

bool parse_poll_fds(const std::string& s, std::vector<PollFd>* out, std::string* error) {
  if (s.size() < 2 || s.front() != '[' || s.back() != ']') {
    *error = "expected [{fd=N, events=..., revents=...}, ...]";
    return false;
  }
  size_t i = 1;
  while (i + 1 < s.size()) {
    if (s[i] == ',') ++i;
    const size_t close = s.find('}', i);
    if (s[i] != '{' || close == std::string::npos) {
      *error = "expected {fd=N, events=..., revents=...}";
      return false;
    }
    PollFd f;
    bool fd = false, events = false, revents = false;
    const std::string body = s.substr(i + 1, close - i - 1);
    size_t p = 0;
    while (p <= body.size()) {
      const size_t comma = std::min(body.find(',', p), body.size());
      const std::string kv = body.substr(p, comma - p);
      const size_t eq = kv.find('=');
      const std::string key = kv.substr(0, eq);
      const std::string val = eq == std::string::npos ? "" : kv.substr(eq + 1);
      bool ok = !val.empty();
      if (ok && key == "fd") {
        ok = val.size() < 6 && val.find_first_not_of("0123456789") == std::string::npos;
        if (ok) f.fd = std::stoll(val);
        fd = true;
      } else if (ok && key == "events") {
        ok = parse_poll_bits(val, &f.events);
        events = true;
      } else if (ok && key == "revents") {
        ok = parse_poll_bits(val, &f.revents);
        revents = true;
      } else {
        ok = false;
      }
      if (!ok) {
        *error = "bad entry '" + kv.substr(0, 40) + "' (fd=N, events=POLLIN|POLLOUT|..., revents=...)";
        return false;
      }
      p = comma + 1;
    }
    if (!fd || !events || !revents) {
      *error = "each entry needs fd=, events= and revents=";
      return false;
    }
    if (out->size() >= 16) {
      *error = "at most 16 entries";
      return false;
    }
    out->push_back(f);
    i = close + 1;
  }
  if (out->empty()) {
    *error = "no entries";
    return false;
  }
  return true;
}

std::vector<std::string> check_trace(const Trace& tr, const Conversion& conv, const std::string& path) {
  std::vector<std::string> out;
  for (const TraceCheck& k : conv.checks) {
    const std::string where = path + ":" + std::to_string(k.pkt_line) + ": error: ";
    if (k.kind == TraceCheck::Kind::ReturnTime) {
      for (size_t i = 0; i < tr.calls.size(); ++i) {
        const CallRecord c = tr.calls[i];
        if (c.line != k.scn_line) continue;
        if (c.returned < 0) {
          out.push_back(where + "timing error: expected system call to return at " + seconds(k.at) +
                        " sec but it had not returned when the script ended");
        } else if (c.returned < k.at - k.within || c.returned > k.at + k.within) {
          out.push_back(where + "timing error: expected system call to return at " + seconds(k.at) +
                        " sec but happened at " + seconds(c.returned) + " sec; tolerance " + seconds(k.within) + " sec");
        }
        break;
      }
      continue;
    }
    int64_t ready = 0;
    const Moment moment(tr, events_before_poll(tr, k.scn_line, k.at));
    for (const PollFd& f : k.fds) {
      // The fd must be one the script made: poll() answers POLLNVAL for any other.
      const bool known = f.listener || f.conn_line || f.known;
      const uint32_t got = (known ? moment.revents(f) : POLLNVAL) & (f.events | POLLERR | POLLHUP | POLLNVAL);
      if (got) ++ready;
      if (got != f.revents) {
        out.push_back(where + "poll() fd " + std::to_string(f.fd) + ": revents expected: " +
                      poll_bits_to_string(f.revents) + " vs actual: " + poll_bits_to_string(got) + " at " + seconds(k.at));
      }
    }
    if (ready != k.ret) {
      out.push_back(where + "poll() expected: " + std::to_string(k.ret) + " vs actual: " + std::to_string(ready));
    }
  }
  return out;
}

}  // namespace tcpsim::pkt
