// Expectations (parser_impl.hpp): `expect ...` lines, whole-run and ordered. The ordered forms (`expect
// next`, `at TIME expect ... sends`, `expect nothing from ... until`) are what a packetdrill `>` line
// becomes; see docs/scenario-format.md#expectations.
#include <algorithm>

#include "scenario/parser_impl.hpp"
#include "tcp/segment.hpp"

namespace tcpsim::parsing {

namespace {

const char* const kSendsHint = "segments are sent by hosts, firewalls and nats";

/// True when the next word is `w` (and takes it).
bool take(Cursor& c, std::string_view w) {
  if (c.peek() && c.peek()->is(w)) {
    c.next();
    return true;
  }
  return false;
}

}  // namespace

void Parser::parse_expect(Cursor& c, const Stmt& s) {
  Expectation e;
  e.variant = s.variant;
  e.loc = {line_, s.head->col};
  const Token& first = c.need_word("what to expect", "e.g. 'expect client state CLOSED'");
  if (first.is("no")) {
    e.kind = Expectation::Kind::NoSends;
    e.flags = flags(c.need_word("flags", "e.g. 'expect no RST from server'"));
    const Token& from = c.need_word("'from HOST'", "e.g. 'expect no RST from server'");
    if (!from.is("from"))
      fail(from.col, "expected 'from' after the flags, got " + q(from), "write 'expect no RST from server'");
    const Token& host = c.need_word("a host name", "e.g. 'expect no RST from server'");
    c.finish();
    e.subject = host.text;
    use(host.text, host.col, Want::Node, kSendsHint);
  } else if (first.is("nothing")) {
    parse_expect_nothing(c, s, e);
  } else {
    const bool next = first.is("next");
    const Token& subject = next ? c.need_word("a node", "e.g. 'expect next server sends ACK'") : first;
    e.subject = subject.text;
    e.next = next;
    const Token& what =
        c.need_word("'sends', 'state' or a call", "e.g. 'expect " + shown(subject.text) + " state CLOSED'");
    if (next && !what.is("sends")) {
      fail(what.col, "expected 'sends' after 'next " + shown(subject.text) + "', got " + q(what),
           "'next' orders segments: write 'expect next " + shown(subject.text) + " sends ACK'");
    }
    if (what.is("sends")) {
      use(subject.text, subject.col, Want::Node, kSendsHint);
      if (!next && take(c, "no")) {
        e.kind = Expectation::Kind::NoSends;
        e.flags = flags(c.need_word("flags", "e.g. 'expect server sends no RST'"));
        c.finish();
      } else {
        e.kind = Expectation::Kind::Sends;
        e.flags = flags(c.need_word("flags", "e.g. 'expect server sends RST+ACK'"));
        parse_sends_options(c, s, e);
      }
    } else if (what.is("state")) {
      e.kind = Expectation::Kind::State;
      const Token& st = c.need_word("a state", "e.g. 'CLOSED' or 'TIME-WAIT'");
      const std::optional<State> state = st.text.size() <= 32 ? parse_state(st.text) : std::nullopt;
      if (!state)
        fail(st.col, "unknown state " + q(st), suggest(st.text, state_names(), "states are " + join(state_names())));
      e.state = *state;
      c.finish();
      use(subject.text, subject.col, Want::Subject, "states belong to hosts and sockets");
    } else if (word_in(what.text, kCalls)) {
      e.kind = Expectation::Kind::Call;
      e.call = call_kind(what.text);
      if (c.peek() && c.peek()->is("->")) c.next();
      e.result = result(c.need("a result", "e.g. 'ECONNRESET', 'EOF' or 'ok'"));
      c.finish();
      use(subject.text, subject.col, Want::Subject, "only hosts and their sockets make calls");
    } else if (what.is("ignores") || what.is("drops")) {
      parse_expect_dropped(c, e, subject, what);
    } else if (what.is("gets")) {
      e.kind = Expectation::Kind::Sigpipe;
      e.negated = take(c, "no");
      const Token& sig = c.need_word("'SIGPIPE'", "e.g. 'expect client gets SIGPIPE'");
      if (upper(sig.text) != "SIGPIPE") fail(sig.col, "expected 'SIGPIPE', got " + q(sig), "the only signal a socket raises is SIGPIPE");
      c.finish();
      use(subject.text, subject.col, Want::Subject, "only hosts and their sockets make calls");
    } else if (what.is("forgets")) {
      e.kind = Expectation::Kind::Forgets;
      e.negated = take(c, "no");
      const Token& flow = c.need_word("'flow'", "e.g. 'expect gw forgets flow of client'");
      if (!flow.is("flow")) fail(flow.col, "expected 'flow', got " + q(flow), "e.g. 'expect gw forgets flow of client'");
      if (take(c, "of")) {
        const Token& host = c.need_word("a host name", "e.g. 'expect gw forgets flow of client'");
        e.from = host.text;
        use(host.text, host.col, Want::Host, "a flow is between hosts");
      }
      c.finish();
      use(subject.text, subject.col, Want::Nat, "");
    } else {
      std::vector<std::string> words = {"sends", "state", "ignores", "drops", "gets", "forgets"};
      words.insert(words.end(), kCalls.begin(), kCalls.end());
      fail(what.col, "unknown expectation " + q(what),
           suggest(what.text, words, "write 'sends', 'state', 'ignores', 'drops', 'gets', 'forgets' or a call such as 'recv'"));
    }
  }
  if (s.at_tok) {
    const bool timed = e.kind == Expectation::Kind::State || e.kind == Expectation::Kind::Nothing ||
                       (e.kind == Expectation::Kind::Sends && !e.count);
    if (!timed) {
      fail(s.at_tok->col, "only 'expect ... sends', 'expect ... state' and 'expect nothing' can have a time",
           "other expectations cover the whole run; remove 'at ...'");
    }
    e.at = s.at;
  }
  if (e.kind == Expectation::Kind::Nothing && e.at && *e.until <= *e.at) {
    fail(s.at_tok->col, "'until " + format_duration(*e.until) + "' is not after the line's time " + format_duration(*e.at));
  }
  sc_.expectations.push_back(std::move(e));
}

// `expect nothing from NODE until TIME`: NODE stays silent from the previous ordered line's segment
// (or the line's own `at`) until TIME.
void Parser::parse_expect_nothing(Cursor& c, const Stmt& s, Expectation& e) {
  const char* example = "e.g. 'expect nothing from server until 5s'";
  e.kind = Expectation::Kind::Nothing;
  const Token& from = c.need_word("'from NODE'", example);
  if (!from.is("from")) fail(from.col, "expected 'from' after 'nothing', got " + q(from), example);
  const Token& node = c.need_word("a node", example);
  e.subject = node.text;
  const Token& until = c.need_word("'until TIME'", example);
  if (!until.is("until")) fail(until.col, "expected 'until TIME' after " + q(node), example);
  const Token& t = c.need_word("a time", example);
  // A `+D` is counted from the line's own time, as on `at +D`.
  const bool relative = !t.text.empty() && t.text[0] == '+';
  e.until = relative ? time_prefix(t) - prev_time_ + s.at : duration(t);
  c.finish();
  use(node.text, node.col, Want::Node, kSendsHint);
}

// `expect HOST ignores [no] FLAGS [from NODE]` and `expect MB drops [no] FLAGS [from HOST] [to HOST]`.
void Parser::parse_expect_dropped(Cursor& c, Expectation& e, const Token& subject, const Token& what) {
  const bool ignores = what.is("ignores");
  const std::string example = ignores ? "e.g. 'expect server ignores RST from attacker'" : "e.g. 'expect fw drops PSH+ACK from client'";
  e.kind = ignores ? Expectation::Kind::Ignores : Expectation::Kind::Drops;
  e.negated = take(c, "no");
  e.flags = flags(c.need_word("flags", example));
  while (!c.done()) {
    const Token& o = c.need_word("'from' or 'to'", example);
    const bool from = o.is("from");
    if (!from && (ignores || !o.is("to"))) {
      fail(o.col, "unexpected " + q(o) + " in " + q(what),
           ignores ? "only 'from NODE' may follow the flags" : "only 'from HOST' and 'to HOST' may follow the flags");
    }
    std::string& field = from ? e.from : e.to;
    if (!field.empty()) fail(o.col, q(o) + " given twice");
    const Token& name = c.need_word(from ? "a sender" : "a destination host", example);
    field = name.text;
    if (ignores) use(name.text, name.col, Want::Node, kSendsHint);
    else use(name.text, name.col, Want::Host, "a rule matches the addresses of hosts");
  }
  if (ignores) use(subject.text, subject.col, Want::Host, "only hosts have a TCP that ignores segments");
  else use(subject.text, subject.col, Want::Middlebox, "only firewalls and nats drop segments");
}

void Parser::parse_sends_options(Cursor& c, const Stmt& s, Expectation& e) {
  static const std::vector<std::string> kOptions = {"seq=", "ack=", "len=", "win=", "count", "within"};
  while (!c.done()) {
    const Token& o = c.need_word("an option");
    const size_t eq = o.text.find('=');
    const std::string_view key = o.text.substr(0, eq == std::string_view::npos ? o.text.size() : eq + 1);
    if (!word_in(key, kOptions)) {
      fail(o.col, "unknown option " + q(o) + " for 'sends'",
           suggest(key, kOptions, "options are seq=N, ack=N, len=N, win=N, within D and count N"));
    }
    if (key == "within") {
      if (!s.at_tok) fail(o.col, "'within' needs a time", "write 'at 2s expect ... within 1ms'");
      if (e.within) fail(o.col, "'within' given twice");
      e.within = duration(c.need_word("a duration", "e.g. 'within 1ms'"));
      continue;
    }
    std::optional<uint32_t>& field = key == "seq="   ? e.seq
                                     : key == "ack=" ? e.ack
                                     : key == "len=" ? e.len
                                     : key == "win=" ? e.wnd
                                                     : e.count;
    if (field) fail(o.col, q(key) + " given twice");
    if (key == "count") {
      // `count` is about the whole run; an ordered line is about one segment.
      if (e.next) fail(o.col, "'count' cannot go with 'next'", "'expect next' is about one segment");
      field = static_cast<uint32_t>(count(c.need_word("a number", "e.g. 'count 2'"), 0, UINT32_MAX, "count"));
      continue;
    }
    uint64_t v = 0;
    Problem p;
    const uint64_t max = key == "win=" ? 65535 : UINT32_MAX;
    if (!scn::parse_count(o.text.substr(4), max, &v, &p)) fail(o.col + 4, p.message, p.hint);
    field = static_cast<uint32_t>(v);
  }
}

}  // namespace tcpsim::parsing
