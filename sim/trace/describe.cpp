#include "trace/describe.hpp"

#include "util/text.hpp"

namespace tcpsim {

std::string describe_segment(const Trace& trace, const RelativeNumbers& rel, size_t i) {
  const Segment& s = trace.segments[i].seg;
  std::string out = flags_to_string(s.flags);
  out += " seq=" + std::to_string(rel.seq[i]);
  if (s.flags & kAck) out += " ack=" + std::to_string(rel.ack[i]);
  if (s.data.len) out += " len=" + std::to_string(s.data.len);
  out += " win=" + std::to_string(s.wnd);
  return out + describe_options(trace, s);
}

std::string describe_options(const Trace& trace, const Segment& s) {
  std::string out = s.mss ? " mss=" + std::to_string(s.mss) : std::string();
  if (const TcpOptions* o = trace.options_of(s)) out += options_to_string(*o);
  return out;
}

std::string describe_result(const CallRecord& c) {
  if (c.returned < 0) return "still blocked at the end of the run";
  if (c.killed) return "killed (its process was killed while it waited: no return value)";
  const std::string err = c.err == Errno::None ? std::string()
                                               : std::string(errno_name(c.err)) + " (" + std::string(errno_text(c.err)) + ")";
  if (c.ret < 0) return "-1 " + err + (c.sigpipe ? ", SIGPIPE" : "");
  switch (c.kind) {
    case CallKind::Recv: {
      std::string s;
      if (c.args == "all") {
        s = format_bytes(static_cast<uint64_t>(c.ret));
        s += c.err == Errno::None ? ", then EOF" : ", then " + err;
        return s;
      }
      if (c.ret == 0) return "0 (EOF)";
      return format_bytes(static_cast<uint64_t>(c.ret)) + " " + quote_bytes(c.data);
    }
    case CallKind::Send:
      return std::to_string(c.ret) + " (" + format_bytes(static_cast<uint64_t>(c.ret)) + " queued)";
    case CallKind::Accept:
      return "fd " + std::to_string(c.ret);
    case CallKind::GetSockOpt:
      // getsockopt() returned 0; the error it read (and cleared) is kept as the call's errno.
      return "0, SO_ERROR = " + (c.err == Errno::None ? std::string("0") : err);
    default:
      return std::to_string(c.ret);
  }
}

std::string describe_call(const CallRecord& c) { return std::string(call_name(c.kind)) + "(" + c.args + ")"; }

std::string describe_conn(const Trace& trace, uint32_t conn) {
  const ConnRecord& r = trace.conn(conn);
  std::string s = "conn " + std::to_string(conn) + " (" + trace.nodes[r.node].name + " ";
  s += ip_to_string(r.tuple.local.ip) + ":" + std::to_string(r.tuple.local.port);
  if (!r.listener) s += " > " + ip_to_string(r.tuple.remote.ip) + ":" + std::to_string(r.tuple.remote.port);
  return s + ")";
}

}  // namespace tcpsim
