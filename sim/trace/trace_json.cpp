#include "trace/trace_json.hpp"

#include "util/blocks.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <ostream>
#include <stdexcept>
#include <utility>

namespace tcpsim {

using nlohmann::json;

namespace {

// ---- Small encoders shared by writer and reader ----

std::string endpoint_str(const Endpoint& e) { return ip_to_string(e.ip) + ":" + std::to_string(e.port); }

Endpoint endpoint_from(const std::string& s) {
  Endpoint e;
  const size_t colon = s.rfind(':');
  if (colon == std::string::npos || !parse_ip(s.substr(0, colon), &e.ip)) throw std::invalid_argument("bad endpoint " + s);
  e.port = static_cast<uint16_t>(std::stoul(s.substr(colon + 1)));
  return e;
}

/// Bytes as "text" when they are printable ASCII (with \r \n \t), else as "hex".
void put_bytes(json& j, const char* text_key, const char* hex_key, const std::string& bytes) {
  bool printable = true;
  for (unsigned char c : bytes) printable &= (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n' || c == '\t';
  if (printable) {
    j[text_key] = bytes;
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  j[hex_key] = hex;
}

std::string get_bytes(const json& j, const char* text_key, const char* hex_key) {
  if (j.contains(text_key)) return j.at(text_key).get<std::string>();
  if (!j.contains(hex_key)) return {};
  const std::string hex = j.at(hex_key).get<std::string>();
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

template <typename E, typename NameFn>
E enum_from(const std::string& name, int count, NameFn fn, const char* what) {
  for (int i = 0; i < count; ++i) {
    if (fn(static_cast<E>(i)) == name) return static_cast<E>(i);
  }
  throw std::invalid_argument(std::string("unknown ") + what + " '" + name + "'");
}

std::string rule_key(Rule r) { return std::string(rule_info(r).key); }
Rule rule_from(const json& j) {
  if (j.is_null()) return Rule::None;
  const auto r = parse_rule(j.get<std::string>());
  if (!r) throw std::invalid_argument("unknown rule " + j.get<std::string>());
  return *r;
}
json rule_or_null(Rule r) { return r == Rule::None ? json(nullptr) : json(rule_key(r)); }

json node_or_null(NodeId n) { return n == kNoNode ? json(nullptr) : json(n); }
NodeId node_from(const json& j) { return j.is_null() ? kNoNode : j.get<NodeId>(); }

constexpr int kEventTypes = static_cast<int>(EventType::ProcessKilled) + 1;
constexpr int kDropReasons = static_cast<int>(DropReason::QueueFull) + 1;
constexpr int kCallKinds = static_cast<int>(CallKind::GetSockOpt) + 1;
constexpr int kDiscardKinds = static_cast<int>(DiscardKind::UnackedSend) + 1;

std::string errno_key(Errno e) { return e == Errno::None ? std::string() : std::string(errno_name(e)); }

}  // namespace

namespace {

// ---- One element of each array: the DOM and the streaming writer both build from these ----

json node_json(const NodeRecord& n) {
  json j{{"name", n.name}, {"kind", node_kind_name(n.kind)}};
  if (n.kind == NodeKind::Host) j["ip"] = ip_to_string(n.ip);
  return j;
}

json link_json(const LinkRecord& l) {
  return {{"a", l.a}, {"b", l.b}, {"delay_ns", l.delay}, {"jitter_ns", l.jitter}, {"loss", l.loss},
          {"duplicate", l.duplicate}, {"reorder", l.reorder}, {"bandwidth_bps", l.bandwidth}};
}

json conn_json(const ConnRecord& c) {
  return {{"id", c.id}, {"node", c.node}, {"local", endpoint_str(c.tuple.local)},
          {"remote", endpoint_str(c.tuple.remote)}, {"listener", c.listener}, {"passive", c.passive},
          {"iss", c.iss.v}, {"irs", c.irs_known ? json(c.irs.v) : json(nullptr)}, {"stream", c.stream}, {"created_ns", c.created}, {"name", c.name}};
}

/// An injected segment's options besides MSS, or null: {"wscale": 7|null, "sackok": true, "ts": [val, ecr]|null}.
json options_json(const TcpOptions* o) {
  if (!o) return nullptr;
  return {{"wscale", o->wscale >= 0 ? json(o->wscale) : json(nullptr)},
          {"sackok", o->sack_ok},
          {"ts", o->has_ts ? json::array({o->ts_val, o->ts_ecr}) : json(nullptr)}};
}

TcpOptions options_from(const json& j) {
  TcpOptions o;
  if (!j.at("wscale").is_null()) {
    o.wscale = j.at("wscale").get<int16_t>();
    if (o.wscale < 0 || o.wscale > 14) throw std::invalid_argument("bad wscale");
  }
  o.sack_ok = j.at("sackok").get<bool>();
  if (const json& ts = j.at("ts"); !ts.is_null()) {
    o.has_ts = true;
    o.ts_val = ts.at(0).get<uint32_t>();
    o.ts_ecr = ts.at(1).get<uint32_t>();
  }
  return o;
}

json segment_json(const Trace& t, size_t i) {
  const SegmentRecord& r = t.segments[i];
  const SegmentFate f = t.fate(i);  // Its journey, from the events (the record holds only the sending).
  const Segment& s = r.seg;
  return {{"index", i},
          {"src", endpoint_str(s.src)},
          {"dst", endpoint_str(s.dst)},
          {"seq", s.seq.v},
          {"ack", s.ack.v},
          {"flags", flags_to_string(s.flags)},
          {"wnd", s.wnd},
          {"mss", s.mss ? json(s.mss) : json(nullptr)},
          {"options", options_json(t.options_of(s))},
          {"payload", {{"stream", s.data.stream}, {"offset", s.data.offset}, {"len", s.data.len}}},
          {"sent_ns", r.sent_at},
          {"end_ns", f.end_at},
          {"conn", r.conn},
          {"from", node_or_null(r.from)},
          {"to", node_or_null(r.to)},
          {"end_node", node_or_null(f.end_node)},
          {"end_link", f.end_link == kNoLink ? json(nullptr) : json(f.end_link)},
          {"rule", rule_or_null(r.rule)},
          {"verdict", rule_or_null(f.verdict)},
          {"outcome", outcome_name(f.outcome)},
          {"drop", f.drop == DropReason::None ? json(nullptr) : json(drop_reason_name(f.drop))},
          {"reply_to", r.reply_to},
          {"dup_of", r.dup_of},
          {"line", f.line}};
}

json event_json(const Event& e) {
  json j{{"t_ns", e.t}, {"type", event_type_name(e.type)}, {"node", node_or_null(e.node)}, {"conn", e.conn},
         {"ref", e.ref}};
  switch (e.type) {
    case EventType::SegmentSent:
      j["rule"] = rule_or_null(e.rule);
      break;
    case EventType::SegmentDropped:
      j["reason"] = drop_reason_name(static_cast<DropReason>(e.a));
      j["link"] = drop_link(e);
      if (drop_line(e)) j["line"] = drop_line(e);  // Only a firewall rule has a line, only a reject a rule.
      if (e.rule != Rule::None) j["rule"] = rule_key(e.rule);
      break;
    case EventType::SegmentIgnored:
      j["rule"] = rule_or_null(e.rule);
      break;
    case EventType::StateChanged:
      j["from"] = state_name(static_cast<State>(e.a));
      j["to"] = state_name(static_cast<State>(e.b));
      j["rule"] = rule_or_null(e.rule);
      break;
    case EventType::TimerArmed:
    case EventType::TimerCancelled:
    case EventType::TimerFired:
      j["timer"] = timer_name(static_cast<TimerKind>(e.a));
      j["deadline_ns"] = static_cast<Time>(e.value);
      break;
    case EventType::Discarded:
      j["discard"] = discard_name(static_cast<DiscardKind>(e.a));
      j["bytes"] = e.value;
      j["rule"] = rule_or_null(e.rule);
      break;
    default:
      break;
  }
  return j;
}

json call_json(const CallRecord& c) {
  json j{{"id", c.id},
         {"node", c.node},
         {"conn", c.conn},
         {"call", call_name(c.kind)},
         {"subject", c.subject},
         {"args", c.args},
         {"line", c.line},
         {"scheduled_ns", c.scheduled},
         {"issued_ns", c.issued},
         {"returned_ns", c.returned < 0 ? json(nullptr) : json(c.returned)},
         {"ret", c.ret},
         {"errno", c.err == Errno::None ? json(nullptr) : json(errno_key(c.err))},
         {"strerror", c.err == Errno::None ? json(nullptr) : json(errno_text(c.err))},
         {"sigpipe", c.sigpipe},
         {"blocked", c.blocked},
         {"data_len", c.data_len}};
  if (c.killed) j["killed"] = true;  // Its process was killed while it waited: no return value.
  put_bytes(j, "data", "data_hex", c.data);
  return j;
}

json note_json(const NoteRecord& n) { return {{"t_ns", n.t}, {"text", n.text}, {"line", n.line}}; }

json flow_json(const FlowRecord& f) {
  json j{{"middlebox", f.middlebox}, {"a", endpoint_str(f.a)}, {"b", endpoint_str(f.b)}, {"last_seen_ns", f.last_seen}};
  if (f.line) j["line"] = f.line;  // Only a `forget` action has a line: idle expiry has none.
  return j;
}

json tcb_json(const TcbSnapshot& b) {
  return {{"t_ns", b.t},
          {"conn", b.conn},
          {"event", b.event},
          {"state", state_name(b.state)},
          {"snd_una", b.snd_una.v},
          {"snd_nxt", b.snd_nxt.v},
          {"snd_wnd", b.snd_wnd},
          {"rcv_nxt", b.rcv_nxt.v},
          {"rcv_wnd", b.rcv_wnd},
          {"rcvbuf", b.rcvbuf},
          {"unread", b.unread},
          {"out_of_order", b.out_of_order},
          {"unacked", b.unacked},
          {"unsent", b.unsent},
          {"sndbuf", b.sndbuf}};
}

json stream_json(const Trace& t, const Stream& s) {
  json chunks = json::array();
  for (const StreamChunk& c : s.chunks) {
    json cj{{"offset", c.offset}, {"len", c.len}};
    if (c.literal >= 0) {
      put_bytes(cj, "text", "hex", t.streams.literals()[static_cast<size_t>(c.literal)]);
    } else {
      cj["generated"] = true;
    }
    chunks.push_back(cj);
  }
  return {{"id", s.id}, {"length", s.length}, {"chunks", chunks}};
}

json error_json(const RunError& e) { return {{"line", e.line}, {"message", e.message}}; }

/// A top-level member of the document: a value, or an array made one element at a time.
struct Member {
  json value;                                  ///< The value, when `count` is unset.
  std::optional<size_t> count;                 ///< Elements of an array member.
  std::function<json(size_t)> element;         ///< Builds element i of an array member.
};

template <typename C, typename F>
Member array_of(const C& c, F f) {
  return {json(), c.size(), [&c, f](size_t i) { return f(c[i]); }};
}

/// The document's members by key, in the order nlohmann-json writes an object's keys (sorted).
std::map<std::string, Member> members(const Trace& t) {
  std::map<std::string, Member> m;
  m["version"].value = t.version;
  m["file"].value = t.file;
  m["title"].value = t.title;
  m["summary"].value = t.summary;
  m["seed"].value = t.seed;
  if (!t.source.empty()) m["source"].value = t.source;  // Only a kernel-check recording has one.
  m["run"].value = t.run == RunKind::Fault ? "fault" : "twin";
  m["has_twin"].value = t.has_twin;
  m["end_ns"].value = t.end_time;
  m["truncated"].value = t.truncated;
  m["stop_reason"].value = t.stop_reason;
  m["nodes"] = array_of(t.nodes, node_json);
  m["links"] = array_of(t.links, link_json);
  m["conns"] = array_of(t.conns, conn_json);
  m["segments"] = {json(), t.segments.size(), [&t](size_t i) { return segment_json(t, i); }};
  m["events"] = array_of(t.events, event_json);
  m["calls"] = array_of(t.calls, call_json);
  m["notes"] = array_of(t.notes, note_json);
  m["flows"] = array_of(t.flows, flow_json);
  m["kills"] = array_of(t.kills, [](const KillRecord& k) {
    return json{{"t_ns", k.t}, {"node", k.node}, {"process", k.process}, {"line", k.line}, {"conns", k.conns}};
  });
  m["processes"] = array_of(t.processes, [](const std::pair<NodeId, std::string>& p) {
    return json{{"node", p.first}, {"name", p.second}};
  });
  // The snapshots are differences, read forward: one cursor walks them as the elements are asked for
  // (in order; a request for an earlier one starts again from the first).
  auto tcb = std::make_shared<std::pair<TcbLog::const_iterator, size_t>>(t.tcbs.begin(), 0);
  m["tcbs"] = {json(), t.tcbs.size(), [&t, tcb](size_t i) {
                 auto& [it, at] = *tcb;
                 if (i < at) it = t.tcbs.begin(), at = 0;
                 for (; at < i; ++at) ++it;
                 return tcb_json(*it);
               }};
  m["streams"] = array_of(t.streams.streams(), [&t](const Stream& s) { return stream_json(t, s); });
  m["errors"] = array_of(t.errors, error_json);
  return m;
}

}  // namespace

json trace_to_json(const Trace& t) {
  json doc = json::object();
  for (auto& [key, m] : members(t)) {
    if (!m.count) {
      doc[key] = std::move(m.value);
      continue;
    }
    json& a = doc[key] = json::array();
    for (size_t i = 0; i < *m.count; ++i) a.push_back(m.element(i));
  }
  return doc;
}

void write_trace_json(const Trace& t, std::ostream& os) {
  // Byte for byte what trace_to_json(t).dump(2) writes, without the document in memory: each array
  // element is built, written by nlohmann-json's own serializer at its depth, and freed (issue 10).
  // The serializer appends to the block's text (a stream adapter would make a call per token).
  using Serializer = nlohmann::detail::serializer<json>;
  BlockWriter block(os);
  std::string& out = block.text;
  Serializer ser(nlohmann::detail::output_adapter<char>(out), ' ', nlohmann::detail::error_handler_t::strict);
  out += "{";
  bool first = true;
  for (auto& [key, m] : members(t)) {
    out += first ? "\n  \"" : ",\n  \"";
    out += key;
    out += "\": ";
    first = false;
    if (!m.count) {
      ser.dump(m.value, true, false, 2, 2);
    } else if (*m.count == 0) {
      out += "[]";
    } else {
      out += "[\n";
      for (size_t i = 0; i < *m.count; ++i) {
        out += "    ";
        ser.dump(m.element(i), true, false, 2, 4);
        out += i + 1 < *m.count ? ",\n" : "\n";
        block.pass_on();
      }
      out += "  ]";
    }
  }
  out += first ? "}" : "\n}";
  block.flush();
}

Trace trace_from_json(const json& doc) {
  Trace t;
  t.version = doc.at("version").get<int>();
  if (t.version != kTraceVersion) throw std::invalid_argument("unsupported trace version " + std::to_string(t.version));
  t.file = doc.at("file").get<std::string>();
  t.title = doc.at("title").get<std::string>();
  t.summary = doc.at("summary").get<std::string>();
  t.seed = doc.at("seed").get<uint64_t>();
  if (doc.contains("source")) t.source = doc.at("source").get<std::string>();
  t.run = doc.at("run").get<std::string>() == "twin" ? RunKind::Twin : RunKind::Fault;
  t.has_twin = doc.at("has_twin").get<bool>();
  t.end_time = doc.at("end_ns").get<Time>();
  t.truncated = doc.at("truncated").get<bool>();
  t.stop_reason = doc.at("stop_reason").get<std::string>();
  for (const json& j : doc.at("nodes")) {
    NodeRecord n;
    n.name = j.at("name").get<std::string>();
    n.kind = enum_from<NodeKind>(j.at("kind").get<std::string>(), 3, node_kind_name, "node kind");
    if (j.contains("ip") && !parse_ip(j.at("ip").get<std::string>(), &n.ip)) throw std::invalid_argument("bad ip");
    t.nodes.push_back(n);
  }
  for (const json& j : doc.at("links")) {
    LinkRecord l;
    l.a = j.at("a").get<NodeId>();
    l.b = j.at("b").get<NodeId>();
    l.delay = j.at("delay_ns").get<Time>();
    l.jitter = j.at("jitter_ns").get<Time>();
    l.loss = j.at("loss").get<double>();
    l.duplicate = j.at("duplicate").get<double>();
    l.reorder = j.at("reorder").get<double>();
    l.bandwidth = j.at("bandwidth_bps").get<uint64_t>();
    t.links.push_back(l);
  }
  for (const json& j : doc.at("conns")) {
    ConnRecord c;
    c.id = j.at("id").get<uint32_t>();
    c.node = j.at("node").get<NodeId>();
    c.tuple = {endpoint_from(j.at("local").get<std::string>()), endpoint_from(j.at("remote").get<std::string>())};
    c.listener = j.at("listener").get<bool>();
    c.passive = j.at("passive").get<bool>();
    c.iss = Seq(j.at("iss").get<uint32_t>());
    c.irs_known = !j.at("irs").is_null();
    if (c.irs_known) c.irs = Seq(j.at("irs").get<uint32_t>());
    c.stream = j.at("stream").get<uint32_t>();
    c.created = j.at("created_ns").get<Time>();
    c.name = j.at("name").get<std::string>();
    t.conns.push_back(c);
  }
  std::set<size_t> rule_lines;  // Segments a firewall rule dropped: their "line" is the rule's.
  for (const json& j : doc.at("events")) {
    if (j.at("type") == "segment-dropped" && j.value("line", 0u)) rule_lines.insert(j.at("ref").get<size_t>());
  }
  for (const json& j : doc.at("segments")) {
    SegmentRecord r;
    Segment& s = r.seg;
    s.src = endpoint_from(j.at("src").get<std::string>());
    s.dst = endpoint_from(j.at("dst").get<std::string>());
    s.seq = Seq(j.at("seq").get<uint32_t>());
    s.ack = Seq(j.at("ack").get<uint32_t>());
    const std::string flags = j.at("flags").get<std::string>();
    if (flags != "none" && !parse_flags(flags, &s.flags)) throw std::invalid_argument("bad flags " + flags);
    s.wnd = j.at("wnd").get<uint16_t>();
    s.mss = j.at("mss").is_null() ? 0 : j.at("mss").get<uint16_t>();
    if (j.contains("options") && !j.at("options").is_null()) s.options = t.add_options(options_from(j.at("options")));
    const json& p = j.at("payload");
    s.data = {p.at("stream").get<uint32_t>(), p.at("len").get<uint32_t>(), p.at("offset").get<uint64_t>()};
    // Its journey (end_ns, outcome, verdict...) is derived from the events; only the sending is read here.
    r.sent_at = j.at("sent_ns").get<Time>();
    r.conn = j.at("conn").get<uint32_t>();
    r.from = node_from(j.at("from"));
    r.to = node_from(j.at("to"));
    r.rule = rule_from(j.at("rule"));
    r.reply_to = j.at("reply_to").get<uint32_t>();
    r.dup_of = j.at("dup_of").get<uint32_t>();
    // "line" is the line that decided its fate: a firewall rule's (its segment-dropped event has it) or
    // its own. The record keeps only its own.
    r.line = j.at("line").get<uint32_t>();
    if (rule_lines.count(t.segments.size())) r.line = 0;
    t.segments.push_back(r);
  }
  for (const json& j : doc.at("events")) {
    Event e;
    e.t = j.at("t_ns").get<Time>();
    e.type = enum_from<EventType>(j.at("type").get<std::string>(), kEventTypes, event_type_name, "event type");
    e.node = node_from(j.at("node"));
    e.conn = j.at("conn").get<uint32_t>();
    e.ref = j.at("ref").get<uint32_t>();
    switch (e.type) {
      case EventType::SegmentSent:
        e.rule = rule_from(j.at("rule"));
        break;
      case EventType::SegmentDropped:
        e = drop_event(e.ref, e.conn,
                       enum_from<DropReason>(j.at("reason").get<std::string>(), kDropReasons, drop_reason_name,
                                             "drop reason"),
                       e.node, j.at("link").get<LinkId>(), j.value("line", 0u),
                       j.contains("rule") ? rule_from(j.at("rule")) : Rule::None);
        e.t = j.at("t_ns").get<Time>();
        break;
      case EventType::SegmentIgnored:
        e.rule = rule_from(j.at("rule"));
        break;
      case EventType::StateChanged: {
        const auto from = parse_state(j.at("from").get<std::string>());
        const auto to = parse_state(j.at("to").get<std::string>());
        if (!from || !to) throw std::invalid_argument("bad state");
        e.a = static_cast<uint8_t>(*from);
        e.b = static_cast<uint8_t>(*to);
        e.rule = rule_from(j.at("rule"));
        break;
      }
      case EventType::TimerArmed:
      case EventType::TimerCancelled:
      case EventType::TimerFired:
        e.a = static_cast<uint8_t>(enum_from<TimerKind>(j.at("timer").get<std::string>(), kTimerKinds, timer_name, "timer"));
        e.value = static_cast<uint64_t>(j.at("deadline_ns").get<Time>());
        break;
      case EventType::Discarded:
        e.a = static_cast<uint8_t>(
            enum_from<DiscardKind>(j.at("discard").get<std::string>(), kDiscardKinds, discard_name, "discard kind"));
        e.value = j.at("bytes").get<uint64_t>();
        e.rule = rule_from(j.at("rule"));
        break;
      default:
        break;
    }
    t.events.push_back(e);
  }
  for (const json& j : doc.at("calls")) {
    CallRecord c;
    c.id = j.at("id").get<uint32_t>();
    c.node = j.at("node").get<NodeId>();
    c.conn = j.at("conn").get<uint32_t>();
    c.kind = enum_from<CallKind>(j.at("call").get<std::string>(), kCallKinds,
                                 [](CallKind k) { return std::string(call_name(k)); }, "call");
    c.subject = j.at("subject").get<std::string>();
    c.args = j.at("args").get<std::string>();
    c.line = j.at("line").get<uint32_t>();
    c.scheduled = j.at("scheduled_ns").get<Time>();
    c.issued = j.at("issued_ns").get<Time>();
    c.returned = j.at("returned_ns").is_null() ? -1 : j.at("returned_ns").get<Time>();
    c.ret = j.at("ret").get<int64_t>();
    if (!j.at("errno").is_null()) {
      const auto e = parse_errno(j.at("errno").get<std::string>());
      if (!e) throw std::invalid_argument("bad errno");
      c.err = *e;
    }
    c.sigpipe = j.at("sigpipe").get<bool>();
    c.blocked = j.at("blocked").get<bool>();
    c.killed = j.value("killed", false);
    c.data = get_bytes(j, "data", "data_hex");
    c.data_len = j.at("data_len").get<uint64_t>();
    t.calls.push_back(c);
  }
  for (const json& j : doc.at("notes")) {
    t.notes.push_back({j.at("t_ns").get<Time>(), j.at("text").get<std::string>(), j.at("line").get<uint32_t>()});
  }
  for (const json& j : doc.at("flows")) {
    t.flows.push_back({j.at("middlebox").get<NodeId>(), endpoint_from(j.at("a").get<std::string>()),
                       endpoint_from(j.at("b").get<std::string>()), j.at("last_seen_ns").get<Time>(),
                       j.value("line", uint32_t{0})});
  }
  if (doc.contains("kills")) {
    for (const json& j : doc.at("kills")) {
      if (j.at("node").get<NodeId>() >= t.nodes.size()) throw std::invalid_argument("bad kill node");
      t.kills.push_back({j.at("t_ns").get<Time>(), j.at("node").get<NodeId>(), j.at("process").get<std::string>(),
                         j.at("line").get<uint32_t>(), j.at("conns").get<std::vector<uint32_t>>()});
    }
  }
  if (doc.contains("processes")) {
    for (const json& j : doc.at("processes")) t.processes.emplace_back(j.at("node").get<NodeId>(), j.at("name").get<std::string>());
  }
  for (const json& j : doc.at("tcbs")) {
    TcbSnapshot b;
    b.t = j.at("t_ns").get<Time>();
    b.conn = j.at("conn").get<uint32_t>();
    if (b.conn == 0 || b.conn > t.conns.size()) throw std::invalid_argument("bad tcb conn");
    b.event = j.at("event").get<uint32_t>();
    const auto st = parse_state(j.at("state").get<std::string>());
    if (!st) throw std::invalid_argument("bad state");
    b.state = *st;
    b.snd_una = Seq(j.at("snd_una").get<uint32_t>());
    b.snd_nxt = Seq(j.at("snd_nxt").get<uint32_t>());
    b.snd_wnd = j.at("snd_wnd").get<uint32_t>();
    b.rcv_nxt = Seq(j.at("rcv_nxt").get<uint32_t>());
    b.rcv_wnd = j.at("rcv_wnd").get<uint32_t>();
    b.rcvbuf = j.at("rcvbuf").get<uint32_t>();
    b.unread = j.at("unread").get<uint64_t>();
    b.out_of_order = j.at("out_of_order").get<uint64_t>();
    b.unacked = j.at("unacked").get<uint64_t>();
    b.unsent = j.at("unsent").get<uint64_t>();
    b.sndbuf = j.at("sndbuf").get<uint32_t>();
    t.tcbs.push_back(b);
  }
  const json& streams = doc.at("streams");
  for (size_t i = 1; i < streams.size(); ++i) {
    const uint32_t id = t.streams.create();
    for (const json& c : streams[i].at("chunks")) {
      if (c.value("generated", false)) {
        t.streams.append_generated(id, c.at("len").get<uint64_t>());
      } else {
        t.streams.append_literal(id, get_bytes(c, "text", "hex"));
      }
    }
  }
  for (const json& j : doc.at("errors")) t.errors.push_back({j.at("line").get<uint32_t>(), j.at("message").get<std::string>()});
  return t;
}

}  // namespace tcpsim
