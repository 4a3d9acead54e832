#include "ladder/mark_forms.hpp"

#include <algorithm>

#include "ladder/endpoints.hpp"
#include "render/event_text.hpp"
#include "trace/describe.hpp"
#include "util/text.hpp"

namespace tcpsim::viz {

namespace {

/// `s` without a last " (…)" (a strerror text, a citation, a detail), or `s` when it has none.
std::string without_parenthesis(const std::string& s) {
  if (s.empty() || s.back() != ')') return s;
  const size_t open = s.rfind(" (");
  return open == std::string::npos ? s : s.substr(0, open);
}

/// A call's result in a few characters: "-1 ECONNRESET", "fd 4", "5 bytes", "18", "0 (EOF)".
std::string short_result(const CallRecord& c) {
  if (c.ret < 0 && c.err != Errno::None) return "-1 " + std::string(errno_name(c.err));
  switch (c.kind) {
    case CallKind::Recv: return c.ret == 0 && c.args != "all" ? "0 (EOF)" : format_bytes(static_cast<uint64_t>(c.ret));
    case CallKind::Accept: return "fd " + std::to_string(c.ret);
    case CallKind::GetSockOpt: return c.err == Errno::None ? "0" : std::string(errno_name(c.err));  // the error read
    default: return std::to_string(c.ret);
  }
}

void call_forms(const Trace& t, const CallRecord& c, bool pending, std::vector<std::string>& out) {
  const std::string who = render::call_prefix(t, c);
  const std::string sock = c.node < t.nodes.size() && who != t.nodes[c.node].name ? who + "." : "";
  const std::string name = std::string(call_name(c.kind)) + "()";
  if (pending) {
    if (!c.args.empty()) out.push_back(sock + name + " …");
    if (!sock.empty()) out.push_back(name + " …");
    return;
  }
  if (c.returned < 0) return;
  const std::string result = describe_result(c);
  if (!c.args.empty()) out.push_back(sock + name + " = " + result + accepted_name(t, c));
  out.push_back(sock + name + " = " + short_result(c));
  if (!sock.empty()) out.push_back(name + " = " + short_result(c));
  out.push_back(short_result(c));
  if (c.err != Errno::None) out.push_back(std::string(errno_name(c.err)));
}

}  // namespace

std::string timer_display_name(TimerKind k) {
  switch (k) {
    case TimerKind::Retransmit: return "retransmit";
    case TimerKind::Persist: return "persist";
    case TimerKind::Keepalive: return "keepalive";
    case TimerKind::TimeWait: return "TIME-WAIT";
    case TimerKind::FinWait2: return "FIN-WAIT-2";
    case TimerKind::DelayedAck: return "delayed ACK";
  }
  return "timer";
}

std::string accepted_name(const Trace& t, const CallRecord& call) {
  if (call.kind != CallKind::Accept || call.ret < 0 || call.returned < 0 || call.conn == 0) return "";
  return " (" + conn_name(t, call.conn) + ")";
}

std::vector<std::string> shorter_mark_forms(const Trace& t, uint32_t event, MarkKind kind, bool pending,
                                            const std::string& full) {
  std::vector<std::string> out;
  if (event >= t.events.size()) return out;
  const Event& e = t.events[event];
  const std::string prefix = conn_prefix(t, e.conn);
  switch (kind) {
    case MarkKind::State: {
      const std::string from(state_name(static_cast<State>(e.a))), to(state_name(static_cast<State>(e.b)));
      if (!prefix.empty()) {
        out.push_back(from + " → " + to);
        out.push_back(conn_name(t, e.conn) + " → " + to);
      }
      out.push_back("→ " + to);
      out.push_back(to);
      break;
    }
    case MarkKind::Call:
    case MarkKind::CallFailed:
      if (e.ref < t.calls.size()) call_forms(t, t.calls[e.ref], pending, out);
      break;
    case MarkKind::Timer: {
      // "retransmission timer fired" → "retransmit fired", as the TCB panel names its timers.
      const char* what = e.type == EventType::TimerArmed ? " armed" : e.type == EventType::TimerCancelled ? " cancelled" : " fired";
      if (!prefix.empty()) out.push_back(full.substr(prefix.size()));
      out.push_back(timer_display_name(static_cast<TimerKind>(e.a)) + what);
      break;
    }
    case MarkKind::Discard: {
      // "discarded 18 unread bytes" → "discarded 18 bytes".
      if (!prefix.empty()) out.push_back(full.substr(prefix.size()));
      if (e.value < 10000) out.push_back("discarded " + std::to_string(e.value) + (e.value == 1 ? " byte" : " bytes"));
      break;
    }
    default: {
      // "name: words (detail)": the detail goes first, then the name.
      const bool named = !prefix.empty() && full.rfind(prefix, 0) == 0;
      const std::string bare = named ? full.substr(prefix.size()) : full;
      if (without_parenthesis(full) != full) out.push_back(without_parenthesis(full));
      if (named) out.push_back(bare);
      if (named && without_parenthesis(bare) != bare) out.push_back(without_parenthesis(bare));
      break;
    }
  }
  return out;
}

std::string fitting_mark_text(const Trace& t, uint32_t event, MarkKind kind, bool pending, const std::string& full,
                              const std::function<bool(const std::string&)>& fits) {
  if (fits(full)) return full;
  const std::vector<std::string> forms = shorter_mark_forms(t, event, kind, pending, full);
  for (const std::string& f : forms) {
    if (fits(f)) return f;
  }
  return forms.empty() ? full : forms.back();
}

}  // namespace tcpsim::viz
