#include "model/predict_questions.hpp"

#include <algorithm>

#include "render/event_text.hpp"
#include "trace/describe.hpp"
#include "util/text.hpp"

namespace tcpsim::viz {

namespace {

/// What a segment is, in the words a student uses. The order is the order choices are listed in, so
/// the true answer lands wherever its kind falls, not always first.
enum class SegKind : uint8_t {
  Syn,
  SynAck,
  Ack,
  Data,
  FinAck,
  Rst,
  RstAck,
  ChallengeAck,
  KeepaliveProbe,
  WindowProbe,
  WindowUpdate,
  Retransmission,
  Nothing,
};

const char* kind_label(SegKind k) {
  switch (k) {
    case SegKind::Syn: return "SYN";
    case SegKind::SynAck: return "SYN+ACK";
    case SegKind::Ack: return "ACK";
    case SegKind::Data: return "data";
    case SegKind::FinAck: return "FIN+ACK";
    case SegKind::Rst: return "RST";
    case SegKind::RstAck: return "RST+ACK";
    case SegKind::ChallengeAck: return "challenge ACK";
    case SegKind::KeepaliveProbe: return "keepalive probe";
    case SegKind::WindowProbe: return "window probe";
    case SegKind::WindowUpdate: return "window update";
    case SegKind::Retransmission: return "retransmission";
    case SegKind::Nothing: return "nothing";
  }
  return "?";
}

/// Kinds whose segment carries an acknowledgment number (a bare RST answering an ACK and a SYN do not).
bool kind_has_ack(SegKind k) { return k != SegKind::Syn && k != SegKind::Rst && k != SegKind::Nothing; }

bool is_retransmission(Rule r) {
  return r == Rule::Retransmit || r == Rule::FastRetransmit || r == Rule::PartialAck || r == Rule::SynAckAgain;
}

SegKind classify(const SegmentRecord& s) {
  const uint8_t f = s.seg.flags;
  if (s.rule == Rule::ChallengeAckRst || s.rule == Rule::ChallengeAckSyn) return SegKind::ChallengeAck;
  if (s.rule == Rule::KeepaliveProbe) return SegKind::KeepaliveProbe;
  if (s.rule == Rule::ZeroWindowProbe) return SegKind::WindowProbe;
  if (is_retransmission(s.rule)) return SegKind::Retransmission;
  if (f & kRst) return (f & kAck) ? SegKind::RstAck : SegKind::Rst;
  if (f & kSyn) return (f & kAck) ? SegKind::SynAck : SegKind::Syn;
  if (f & kFin) return SegKind::FinAck;
  if (s.seg.data.len > 0) return SegKind::Data;
  if (s.rule == Rule::WindowUpdate) return SegKind::WindowUpdate;
  return SegKind::Ack;
}

/// The misconceptions worth offering against the true kind, most telling first.
std::vector<SegKind> wrong_kinds(const Trace& t, const SegmentRecord& s, SegKind right) {
  const uint8_t answered = s.reply_to ? t.segments[s.reply_to - 1].seg.flags : 0;  // its flags (0: none)
  const bool to_fin = answered & kFin;
  const bool to_syn = (answered & kSyn) && !(answered & kAck);
  switch (right) {
    case SegKind::Syn: return {SegKind::SynAck, SegKind::Ack, SegKind::Data};
    case SegKind::SynAck: return {SegKind::Ack, SegKind::RstAck, SegKind::Syn};
    case SegKind::Ack:
      switch (s.rule) {
        // "A segment outside the window is answered with an ACK — not with an RST" (RFC 9293 §3.10.7.4).
        case Rule::AckUnacceptable:
        case Rule::AckUnsent:
        case Rule::AckTooOld:
        case Rule::AckOutOfOrder:
        case Rule::AckDuplicateData:
        case Rule::TimeWaitAck:
        case Rule::SynInSynReceived: return {SegKind::Rst, SegKind::RstAck, SegKind::Nothing};
        case Rule::HandshakeAck: return {SegKind::SynAck, SegKind::Rst, SegKind::Nothing};
        default: break;
      }
      // A FIN is acknowledged at once; the FIN of this side waits for its application's close().
      if (to_fin) return {SegKind::FinAck, SegKind::RstAck, SegKind::Nothing};
      return {SegKind::Nothing, SegKind::Data, SegKind::FinAck};
    case SegKind::Data: return {SegKind::Ack, SegKind::FinAck, SegKind::Nothing};
    case SegKind::FinAck: return {SegKind::RstAck, SegKind::Ack, SegKind::Nothing};
    case SegKind::Rst:
    case SegKind::RstAck: {
      const SegKind other = right == SegKind::Rst ? SegKind::RstAck : SegKind::Rst;
      // A firewall's REJECT against its DROP: does anything come back at all?
      if (s.rule == Rule::FirewallReject || s.rule == Rule::ConntrackReset) {
        return {SegKind::Nothing, other, SegKind::Ack};
      }
      if (is_reset_reply(s.rule)) return {other, to_syn ? SegKind::SynAck : SegKind::Ack, SegKind::Nothing};
      // close() with unread data, SO_LINGER 0, abort(): the FIN a student expects.
      return {SegKind::FinAck, other, SegKind::Ack};
    }
    // RFC 5961 §3.2: an in-window RST that is not exact gets a challenge ACK, not a reset.
    case SegKind::ChallengeAck: return {SegKind::Rst, SegKind::RstAck, SegKind::Nothing};
    case SegKind::KeepaliveProbe: return {SegKind::RstAck, SegKind::FinAck, SegKind::Nothing};
    case SegKind::WindowProbe: return {SegKind::Data, SegKind::Nothing, SegKind::RstAck};
    case SegKind::WindowUpdate: return {SegKind::Nothing, SegKind::Data, SegKind::FinAck};
    case SegKind::Retransmission: return {SegKind::RstAck, SegKind::Nothing, SegKind::FinAck};
    case SegKind::Nothing:
      // An RST is never answered with an RST; one outside the window is dropped without a word.
      if (s.seg.flags & kRst) return {SegKind::Ack, SegKind::Rst, SegKind::ChallengeAck};
      return {SegKind::Ack, SegKind::Rst, SegKind::RstAck};
  }
  return {};
}

/// A choice: a kind, with numbers when asked for them.
struct SegChoice {
  SegKind kind;
  bool numbers = false;
  uint32_t seq = 0;
  uint32_t ack = 0;
  bool has_ack = false;  ///< Shows an acknowledgment number.
  std::string label() const {
    std::string s = kind_label(kind);
    if (!numbers || kind == SegKind::Nothing) return s;
    s += " seq=" + std::to_string(seq);
    if (has_ack) s += " ack=" + std::to_string(ack);
    return s;
  }
  bool operator<(const SegChoice& o) const {
    if (kind != o.kind) return kind < o.kind;
    return seq != o.seq ? seq < o.seq : ack < o.ack;
  }
  bool same(const SegChoice& o) const { return label() == o.label(); }
};

std::string node_name(const Trace& t, NodeId n) { return n < t.nodes.size() ? t.nodes[n].name : std::string("?"); }
std::string the(const Trace& t, NodeId n) { return "the " + node_name(t, n); }

/// "PSH+ACK seq=1 ack=1 len=18": a segment in the words of its arrow, without the window.
std::string short_label(const Run& run, size_t i) {
  const Segment& g = run.trace.segments[i].seg;
  std::string s = flags_to_string(g.flags) + " " + run.numbers(i, false);
  if (g.data.len) s += " len=" + std::to_string(g.data.len);
  return s;
}

RuleText rule_text(Rule r) {
  const RuleInfo& i = rule_info(r);
  return {std::string(i.label), std::string(i.cite), std::string(i.text)};
}

void set_rule(Question& q, Rule r) {
  if (r == Rule::None || r == Rule::Injected) return;
  q.has_rule = true;
  q.rule = rule_text(r);
}

/// Whether some later segment was sent in reply to segment `i` (bounded, as the inspector looks).
bool replied(const Trace& t, size_t i) {
  for (size_t j = i + 1; j < t.segments.size() && j < i + 4096; ++j) {
    if (t.segments[j].reply_to == i + 1 && t.segments[j].dup_of == 0) return true;
  }
  return false;
}

bool send_asked(const Trace& t, size_t i) {
  const SegmentRecord& s = t.segments[i];
  // The scenario's own injections and the link's duplicates are nobody's decision to predict.
  return s.dup_of == 0 && s.rule != Rule::Injected && s.rule != Rule::None;
}

/// An arrival worth asking "what comes back?" about: an RST, or a segment the receiver refused, that
/// nothing answers — where "nothing" is the truth.
bool arrival_asked(const Trace& t, size_t i) {
  const SegmentRecord& s = t.segments[i];
  const SegmentFate f = t.fate(i);
  if (s.dup_of || f.outcome != Outcome::Delivered || f.end_node >= t.nodes.size()) return false;
  if (t.nodes[f.end_node].kind != NodeKind::Host) return false;
  if (!(s.seg.flags & kRst) && f.verdict == Rule::None) return false;
  return !replied(t, i);
}

bool call_asked(const CallRecord& c) {
  if (c.killed) return false;  // Its program was killed: nothing returns, so there is nothing to predict.
  return c.ret < 0 || c.kind == CallKind::Recv || c.kind == CallKind::Send || c.kind == CallKind::Connect;
}

/// A call as the scenario names it: "close()", "web.send(\"GET /\")" on a named socket.
std::string call_text(const Trace& t, const CallRecord& c, bool with_args = true) {
  const std::string sock = c.subject.empty() || c.subject == node_name(t, c.node) ? "" : c.subject + ".";
  return sock + (with_args ? describe_call(c) : std::string(call_name(c.kind)) + "()");
}

/// What just happened at `node` that leads to step `step`: the call, the timer or the arrival at the
/// same moment, in words ("The server calls close()."), or "".
std::string cause(const Run& run, size_t step, NodeId node) {
  const Trace& t = run.trace;
  const Time at = t.events[run.steps.events[step]].t;
  for (size_t k = step; k-- > 0 && step - k <= 16;) {
    const Event& e = t.events[run.steps.events[k]];
    if (e.t != at) break;
    if (e.node != node) continue;
    if (e.type == EventType::AppCall) {
      return "The " + node_name(t, node) + " calls " + call_text(t, t.calls[e.ref]) + ".";
    }
    if (e.type == EventType::TimerFired) return "The " + node_name(t, node) + "'s " + render::timer_text(e) + ".";
    if (e.type == EventType::HostRestarted) return "The " + node_name(t, node) + " has just restarted.";
    if (e.type == EventType::ProcessKilled) {
      return "The " + node_name(t, node) + "'s program is killed (kill -9): the kernel closes its sockets.";
    }
    if (e.type == EventType::SegmentDelivered) {
      return "The " + node_name(t, t.segments[e.ref].from) + "'s " + short_label(run, e.ref) + " has arrived.";
    }
  }
  return "";
}

std::optional<Question> segment_question(const Run& run, size_t step, size_t i, bool arrival, bool numbers) {
  const Trace& t = run.trace;
  const SegmentRecord& s = t.segments[i];
  const SegmentFate f = t.fate(i);
  Question q;
  q.kind = arrival ? QuestionKind::Arrival : QuestionKind::Send;
  const SegKind right = arrival ? SegKind::Nothing : classify(s);
  const NodeId actor = arrival ? f.end_node : s.from;
  const std::string who = the(t, actor);
  if (arrival) {
    q.context = "The " + node_name(t, s.from) + "'s " + short_label(run, i) + " reaches " + who + ".";
    q.prompt = "What does " + who + " send back?";
    q.said_prefix = who + " sends back";
    // Why nothing comes back: the receiver's verdict, else the transition the arrival causes.
    Rule why = f.verdict;
    for (uint32_t k = f.end_event + 1; why == Rule::None && k < t.events.size() && t.events[k].t == f.end_at; ++k) {
      if (t.events[k].type == EventType::StateChanged && t.events[k].node == actor) why = t.events[k].rule;
    }
    if (why == Rule::None && (s.seg.flags & kRst)) why = Rule::DropRstNoConnection;  // never answered
    set_rule(q, why);
    q.fact = f.verdict != Rule::None ? render::verdict_text(t, i, false) : who + "'s TCP takes it and sends nothing";
  } else {
    q.context = s.reply_to ? "The " + node_name(t, t.segments[s.reply_to - 1].from) + "'s " +
                                 short_label(run, s.reply_to - 1) + " has arrived at " + who + "."
                           : cause(run, step, actor);
    q.prompt = "What does " + who + (s.reply_to ? " send back?" : " send now?");
    q.said_prefix = who + " sends";
    set_rule(q, s.rule);
    q.fact = render::segment_label(t, run.rel, i);
    const std::string tag = render::segment_tag(t, i);
    if (!tag.empty()) q.fact += "  (" + tag + ")";
  }

  // The truth, its off-by-one twins when numbers are asked, and the misconceptions.
  const bool with_numbers = numbers && right != SegKind::Nothing;
  const size_t to = s.reply_to ? s.reply_to - 1 : SIZE_MAX;  // the segment it answers
  const bool has_ack = s.seg.flags & kAck;
  const uint32_t seq = run.rel.seq[i];
  // Without an ACK of its own, the ACK a reply would carry: SEG.SEQ+SEG.LEN of what it answers.
  const uint32_t ack = has_ack ? run.rel.ack[i] : to != SIZE_MAX ? run.rel.seq[to] + t.segments[to].seg.seg_len() : 0;
  std::vector<SegChoice> choices{{right, with_numbers, seq, ack, has_ack}};
  std::vector<SegKind> wrong = wrong_kinds(t, s, right);
  if (with_numbers) {
    if (has_ack) {
      // SYN and FIN each take one sequence number: forgetting it acks one short; otherwise the
      // classic slip is RCV.NXT+1.
      const bool counts_one = to != SIZE_MAX && (t.segments[to].seg.flags & (kSyn | kFin));
      choices.push_back({right, true, seq, counts_one ? ack - 1 : ack + 1, true});
    }
    if ((right == SegKind::Rst || right == SegKind::RstAck) && seq != 0) {
      choices.push_back({right, true, 0, ack, has_ack});  // a reset's SEQ is SEG.ACK (or SND.NXT), not 0
    } else if (right == SegKind::FinAck) {
      choices.push_back({right, true, seq + 1, ack, true});  // the FIN's own number, taken one early
    }
    wrong.resize(std::min<size_t>(wrong.size(), 2));
  }
  for (SegKind k : wrong) choices.push_back({k, with_numbers, k == SegKind::Syn ? 0u : seq, ack, kind_has_ack(k)});
  std::vector<SegChoice> unique;
  for (const SegChoice& c : choices) {
    if (std::none_of(unique.begin(), unique.end(), [&](const SegChoice& u) { return u.same(c); })) unique.push_back(c);
  }
  const SegChoice truth = unique.front();
  std::sort(unique.begin(), unique.end());
  for (size_t k = 0; k < unique.size(); ++k) {
    q.choices.push_back(unique[k].label());
    if (unique[k].same(truth)) q.right = k;
  }
  q.answer = q.said_prefix + " " + truth.label();
  return q;
}

/// The states a student confuses with `to` when a connection leaves `from` by `rule`.
std::vector<State> wrong_states(State from, State to, Rule rule) {
  switch (to) {
    case State::Closed:
      switch (rule) {
        // An RST ends the connection at once: no TIME-WAIT, no CLOSE-WAIT, not ignored.
        case Rule::RcvRst:
        case Rule::RcvRst793:
        case Rule::RcvRstAfterFin:
        case Rule::RcvRstSynSent:
        case Rule::RcvRstTimeWait: return {State::TimeWait, State::CloseWait, from};
        // close() that resets: the FIN-WAIT-1 of a polite close never happens.
        case Rule::RstCloseUnread:
        case Rule::RstLinger0:
        case Rule::RstAbort:
        case Rule::RstDataAfterClose: return {State::FinWait1, State::TimeWait, from};
        default: return {State::TimeWait, State::Listen, from};
      }
    case State::TimeWait: return {State::Closed, State::FinWait2, State::Closing};
    case State::FinWait1: return {State::Closed, State::FinWait2, State::CloseWait};
    case State::FinWait2: return {State::TimeWait, State::Closed, State::CloseWait};
    case State::CloseWait: return {State::Closed, State::TimeWait, State::LastAck};
    case State::LastAck: return {State::Closed, State::FinWait1, State::TimeWait};
    case State::Closing: return {State::TimeWait, State::FinWait2, State::Closed};
    case State::Established: return {State::SynReceived, State::SynSent, from};
    case State::SynReceived: return {State::Established, State::SynSent, State::Listen};
    case State::SynSent: return {State::Established, State::Listen, State::Closed};
    case State::Listen: return {State::Closed, State::SynReceived, State::Established};
  }
  return {};
}

/// "the server", or "the server's listening socket" / "the server's conn 3" where the host has several.
std::string conn_who(const Trace& t, uint32_t conn) {
  const ConnRecord& c = t.conn(conn);
  std::string who = the(t, c.node);
  if (c.listener) return who + "'s listening socket";
  size_t others = 0;
  for (const ConnRecord& o : t.conns) others += o.node == c.node && !o.listener;
  if (others > 1) return who + "'s " + (c.name.empty() ? "conn " + std::to_string(conn) : c.name);
  return who;
}

std::optional<Question> state_question(const Run& run, size_t step, const Event& e) {
  const Trace& t = run.trace;
  Question q;
  q.kind = QuestionKind::State;
  const State from = static_cast<State>(e.a), to = static_cast<State>(e.b);
  const std::string who = conn_who(t, e.conn);
  const std::string why = cause(run, step, e.node);
  q.context = (why.empty() ? "" : why + " ") + "It is in " + std::string(state_name(from)) + ".";
  q.prompt = "Which state is " + who + " in now?";
  q.said_prefix = who + " is in";
  q.fact = std::string(state_name(from)) + " \u2192 " + std::string(state_name(to));
  set_rule(q, e.rule);
  std::vector<State> all{to};
  for (State s : wrong_states(from, to, e.rule)) {
    if (std::find(all.begin(), all.end(), s) == all.end()) all.push_back(s);
  }
  std::sort(all.begin(), all.end());  // RFC order, wherever the truth falls
  for (size_t k = 0; k < all.size(); ++k) {
    q.choices.emplace_back(state_name(all[k]));
    if (all[k] == to) q.right = k;
  }
  q.answer = q.said_prefix + " " + std::string(state_name(to));
  return q;
}

/// A call's result as a choice: "18 bytes", "0 (EOF)", "-1 ECONNRESET", "5 (queued)", "0 (connected)".
std::string result_choice(const CallRecord& c) {
  if (c.ret < 0) return "-1 " + std::string(errno_name(c.err));
  switch (c.kind) {
    case CallKind::Recv:
      if (c.args == "all") return describe_result(c);
      return c.ret == 0 ? "0 (EOF)" : format_bytes(static_cast<uint64_t>(c.ret));
    case CallKind::Send: return std::to_string(c.ret) + " (queued)";
    case CallKind::Connect: return "0 (connected)";
    case CallKind::Accept: return "fd " + std::to_string(c.ret);
    default: return std::to_string(c.ret);
  }
}

/// Where a result is listed: what a call returns when it works, then EOF, then the errors in a fixed order.
int result_rank(const std::string& label) {
  static const char* const kErrors[] = {"-1 ECONNRESET", "-1 EPIPE", "-1 ECONNREFUSED", "-1 ETIMEDOUT"};
  for (int k = 0; k < 4; ++k) {
    if (label == kErrors[k]) return 10 + k;
  }
  if (label.rfind("-1 ", 0) == 0) return 20;
  return label == "0 (EOF)" ? 5 : 0;
}

std::optional<Question> call_question(const Run& run, size_t step, const Event& e) {
  const Trace& t = run.trace;
  const CallRecord& c = t.calls[e.ref];
  Question q;
  q.kind = QuestionKind::Call;
  const std::string who = the(t, c.node);
  q.context = c.returned == c.issued ? "The " + node_name(t, c.node) + " calls " + call_text(t, c) + "."
                                     : "The " + node_name(t, c.node) + "'s " + call_text(t, c) + " has waited since " +
                                           render::format_ms(c.issued) + " s.";
  q.prompt = "What does " + who + "'s " + call_text(t, c, false) + " return?";
  q.said_prefix = who + "'s " + call_text(t, c, false) + " returns";
  q.fact = describe_call(c) + " = " + describe_result(c);
  // The misconceptions: EOF against ECONNRESET for recv, EPIPE against ECONNRESET for send,
  // refused against timed out for connect.
  std::vector<std::string> all{result_choice(c)};
  switch (c.kind) {
    case CallKind::Recv: all.insert(all.end(), {"data", "0 (EOF)", "-1 ECONNRESET"}); break;
    case CallKind::Send: all.insert(all.end(), {"the bytes (queued)", "-1 ECONNRESET", "-1 EPIPE"}); break;
    case CallKind::Connect: all.insert(all.end(), {"0 (connected)", "-1 ECONNREFUSED", "-1 ETIMEDOUT"}); break;
    default: all.insert(all.end(), {"0", "-1 ECONNRESET"}); break;
  }
  // "data" and "the bytes" stand for any success of that call: not offered beside a real one.
  const bool succeeded = c.ret > 0;
  std::vector<std::string> unique;
  for (const std::string& s : all) {
    if (succeeded && (s == "data" || s == "the bytes (queued)")) continue;
    if (std::find(unique.begin(), unique.end(), s) == unique.end()) unique.push_back(s);
  }
  const std::string truth = unique.front();
  std::stable_sort(unique.begin(), unique.end(),
                   [](const std::string& a, const std::string& b) { return result_rank(a) < result_rank(b); });
  for (size_t k = 0; k < unique.size(); ++k) {
    q.choices.push_back(unique[k]);
    if (unique[k] == truth) q.right = k;
  }
  q.answer = q.said_prefix + " " + truth;
  // Why: the transition that decided the connection's fate (the RST taken, the FIN received, the
  // handshake completed), for a failure, an EOF or a connect.
  if (c.conn && (c.ret < 0 || c.kind == CallKind::Connect || (c.kind == CallKind::Recv && c.ret == 0))) {
    const uint32_t ret_event = run.steps.events[step];
    for (uint32_t k = ret_event; k-- > 0;) {
      const Event& s = t.events[k];
      if (s.type == EventType::StateChanged && s.conn == c.conn && s.rule != Rule::None) {
        set_rule(q, s.rule);
        break;
      }
    }
  }
  return q;
}

}  // namespace

std::string PredictAsk::describe() const {
  std::string s;
  auto add = [&](bool on, const char* what) {
    if (!on) return;
    if (!s.empty()) s += ", ";
    s += what;
  };
  add(segments, "segments");
  add(states, "states");
  add(calls, "calls");
  if (s.empty()) s = "nothing";
  if (numbers && segments) s += " (with numbers)";
  return s;
}

bool is_question_step(const Run& run, size_t step, const PredictAsk& ask) {
  if (step >= run.steps.events.size()) return false;
  const Trace& t = run.trace;
  const Event& e = t.events[run.steps.events[step]];
  switch (e.type) {
    case EventType::SegmentSent: return ask.segments && send_asked(t, e.ref);
    case EventType::SegmentDelivered: return ask.segments && arrival_asked(t, e.ref);
    case EventType::StateChanged: return ask.states && e.conn != 0;
    case EventType::AppReturn: return ask.calls && e.ref < t.calls.size() && call_asked(t.calls[e.ref]);
    default: return false;
  }
}

std::optional<Question> question_at(const Run& run, size_t step, const PredictAsk& ask) {
  if (!is_question_step(run, step, ask)) return std::nullopt;
  const Event& e = run.trace.events[run.steps.events[step]];
  std::optional<Question> q;
  switch (e.type) {
    case EventType::SegmentSent: q = segment_question(run, step, e.ref, false, ask.numbers); break;
    case EventType::SegmentDelivered: q = segment_question(run, step, e.ref, true, ask.numbers); break;
    case EventType::StateChanged: q = state_question(run, step, e); break;
    case EventType::AppReturn: q = call_question(run, step, e); break;
    default: return std::nullopt;
  }
  q->step = step;
  q->t = e.t;
  return q;
}

}  // namespace tcpsim::viz
