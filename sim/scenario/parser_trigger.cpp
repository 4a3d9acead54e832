// `after ...` (parser_impl.hpp): a trigger in place of `at TIME`, so an instructor can say "when the
// server sends its RST, the client reads" without reading a trace to find the time.
//   after NODE sends FLAGS [+DELAY] ACTION
//   after SUBJECT state STATE [+DELAY] ACTION
//   after SUBJECT CALL returns [RESULT] [+DELAY] ACTION
//   after NAT forgets flow [+DELAY] ACTION
#include "scenario/parser_impl.hpp"
#include "tcp/segment.hpp"

namespace tcpsim::parsing {

namespace {

/// True when `t` reads as a call's result rather than the first word of the action after it.
bool looks_like_result(const Token& t) {
  if (!t.word()) return true;  // "text"
  if (t.text.empty()) return false;
  if (is_digit(t.text[0]) || t.is("->")) return true;
  return word_in(t.text, result_names()) || word_in(upper(t.text), result_names());
}

}  // namespace

Trigger Parser::parse_trigger(Cursor& c) {
  const char* example = "e.g. 'after server sends RST+ACK client recv'";
  Trigger tr;
  const Token& subject = c.need_word("what to wait for", example);
  tr.subject = subject.text;
  const Token& what = c.need_word("'sends', 'state', a call or 'forgets'", example);
  if (what.is("sends")) {
    tr.kind = Trigger::Kind::Sends;
    tr.flags = flags(c.need_word("flags", example));
    use(subject.text, subject.col, Want::Node, "segments are sent by hosts, firewalls and nats");
  } else if (what.is("state")) {
    tr.kind = Trigger::Kind::State;
    const Token& st = c.need_word("a state", "e.g. 'after client state TIME-WAIT +1s client close'");
    const std::optional<State> state = st.text.size() <= 32 ? parse_state(st.text) : std::nullopt;
    if (!state) fail(st.col, "unknown state " + q(st), suggest(st.text, state_names(), "states are " + join(state_names())));
    tr.state = *state;
    use(subject.text, subject.col, Want::Subject, "states belong to hosts and sockets");
  } else if (word_in(what.text, kCalls)) {
    tr.kind = Trigger::Kind::Returns;
    tr.call = call_kind(what.text);
    const Token& ret = c.need_word("'returns'", "e.g. 'after client recv returns ECONNRESET client close'");
    if (!ret.is("returns")) {
      fail(ret.col, "expected 'returns' after " + q(what) + ", got " + q(ret),
           "e.g. 'after client recv returns ECONNRESET client close'");
    }
    if (c.peek() && looks_like_result(*c.peek())) {
      if (c.peek()->is("->")) c.next();
      tr.result = result(c.need("a result", "e.g. 'ECONNRESET', 'EOF' or 'ok'"));
    }
    use(subject.text, subject.col, Want::Subject, "only hosts and their sockets make calls");
  } else if (what.is("forgets")) {
    tr.kind = Trigger::Kind::Forgets;
    const Token& flow = c.need_word("'flow'", "e.g. 'after gw forgets flow client send \"x\"'");
    if (!flow.is("flow")) fail(flow.col, "expected 'flow' after 'forgets', got " + q(flow));
    use(subject.text, subject.col, Want::Nat, "");
  } else {
    fail(what.col, "unknown trigger " + q(what),
         suggest(what.text, {"sends", "state", "forgets", "returns"},
                 "write 'sends FLAGS', 'state STATE', 'CALL returns [RESULT]' or 'forgets flow'"));
  }
  if (c.peek() && c.peek()->word() && !c.peek()->text.empty() && c.peek()->text[0] == '+') {
    const Token& d = c.next();
    Problem p;
    if (!scn::parse_duration(d.text.substr(1), &tr.delay, &p)) fail(d.col + 1, p.message, p.hint);
  }
  return tr;
}

}  // namespace tcpsim::parsing
