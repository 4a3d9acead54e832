#include "scenario/expect.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "render/event_text.hpp"
#include "trace/describe.hpp"
#include "util/text.hpp"
#include "scenario/expect_impl.hpp"

namespace tcpsim {

using namespace checking;

namespace {

std::string summary_of_flags(const Trace& tr, const std::vector<size_t>& segs) {
  std::map<std::string, int> count;
  std::vector<std::string> order;
  for (size_t i : segs) {
    const std::string f = flags_to_string(tr.segments[i].seg.flags);
    if (count[f]++ == 0) order.push_back(f);
  }
  std::string s;
  for (const std::string& f : order) {
    if (!s.empty()) s += ", ";
    s += f;
    if (count[f] > 1) s += " x" + std::to_string(count[f]);
  }
  return s.empty() ? "nothing" : s;
}

CheckResult check_sends(const Expectation& e, const Trace& tr, const RelativeNumbers& rel) {
  CheckResult r{e.loc.line, tr.run, false, {}};
  const NodeId n = tr.node_by_name(e.subject);
  const std::vector<size_t> mine = sent_by(tr, n);
  std::vector<size_t> hits;
  std::vector<size_t> same_flags;
  for (size_t i : mine) {
    if (fields_match(e, tr, rel, i)) hits.push_back(i);
    if (tr.segments[i].seg.flags == e.flags) same_flags.push_back(i);
  }
  if (e.kind == Expectation::Kind::NoSends) {
    for (size_t i : mine) {
      if ((tr.segments[i].seg.flags & e.flags) == e.flags) {
        r.message = "expected no " + flags_to_string(e.flags) + " from " + e.subject + ", got " +
                    describe_segment(tr, rel, i) + " " + at_time(tr.segments[i].sent_at) + " (" +
                    std::string(rule_info(tr.segments[i].rule).label) + ")";
        return r;
      }
    }
    r.passed = true;
    return r;
  }
  const std::string want = "expected " + e.subject + " to send " + wanted_segment(e);
  if (e.count) {
    if (hits.size() == *e.count) {
      r.passed = true;
    } else {
      r.message = want + " " + std::to_string(*e.count) + " time" + (*e.count == 1 ? "" : "s") + ", got " +
                  std::to_string(hits.size());
    }
    return r;
  }
  if (!hits.empty()) {
    r.passed = true;
    return r;
  }
  if (!same_flags.empty()) {
    r.message = want + ", got " + describe_segment(tr, rel, same_flags[0]) + " " + at_time(tr.segments[same_flags[0]].sent_at);
    if (same_flags.size() > 1) r.message += " and " + std::to_string(same_flags.size() - 1) + " more like it";
  } else {
    r.message = want + ", got none (" + e.subject + " sent " + summary_of_flags(tr, mine) + ")";
  }
  return r;
}

CheckResult check_state(const Expectation& e, const Trace& tr) {
  CheckResult r{e.loc.line, tr.run, false, {}};
  const Time t = e.at.value_or(tr.end_time);
  const uint32_t conn = subject_conn(tr, e.subject, t);
  const State got = conn ? tr.state_at(conn, t) : State::Closed;
  if (got == e.state) {
    r.passed = true;
    return r;
  }
  const std::string when = e.at ? at_time(t) : "at the end of the run (" + render::format_ms(t) + "s)";
  r.message = "expected " + e.subject + " state " + std::string(state_name(e.state)) + " " + when + ", got " +
              std::string(state_name(got));
  if (!conn) {
    r.message += " (" + e.subject + " had no connection)";
    return r;
  }
  for (auto it = tr.events.rbegin(); it != tr.events.rend(); ++it) {
    const Event e = *it;
    if (e.t <= t && e.type == EventType::StateChanged && e.conn == conn) {
      r.message += " since " + render::format_ms(e.t) + "s (" + std::string(rule_info(e.rule).label) + ")";
      break;
    }
  }
  return r;
}

CheckResult check_call(const Expectation& e, const Trace& tr) {
  CheckResult r{e.loc.line, tr.run, false, {}};
  std::vector<CallRecord> calls;  // records are read back as values
  for (const CallRecord& c : tr.calls) {
    if (c.kind == e.call && call_belongs(tr, c, e.subject)) calls.push_back(c);
  }
  for (const CallRecord& c : calls) {
    if (result_matches(e.result, c)) {
      r.passed = true;
      return r;
    }
  }
  r.message = "expected " + e.subject + " " + call_name(e.call) + " to return " + describe_pattern(e.result);
  if (calls.empty()) {
    r.message += ", but " + e.subject + " never called " + call_name(e.call) + "()";
    return r;
  }
  r.message += ", got ";
  for (size_t i = 0; i < calls.size() && i < 3; ++i) {
    if (i) r.message += "; ";
    r.message += describe_call(calls[i]) + " " + at_time(calls[i].issued) + " (line " +
                 std::to_string(calls[i].line) + ") returned " + describe_result(calls[i]);
  }
  if (calls.size() > 3) r.message += "; and " + std::to_string(calls.size() - 3) + " more";
  return r;
}

}  // namespace

bool call_belongs(const Trace& tr, const CallRecord& c, const std::string& subject) {
  if (const NodeId n = tr.node_by_name(subject); n != kNoNode) return c.node == n;
  return c.subject == subject || (c.conn && tr.conn(c.conn).name == subject);
}

uint32_t subject_conn(const Trace& tr, const std::string& subject, Time at) {
  const NodeId n = tr.node_by_name(subject);
  uint32_t conn = 0;
  uint32_t listener = 0;
  for (const auto& [node, name] : tr.processes) {
    if (name != subject) continue;
    // A declared process: the latest connection (else listener) one of its calls made or acted on.
    for (const CallRecord& c : tr.calls) {
      if (c.subject != subject || c.conn == 0 || tr.conn(c.conn).created > at) continue;
      (tr.conn(c.conn).listener ? listener : conn) = std::max(tr.conn(c.conn).listener ? listener : conn, c.conn);
    }
    return conn ? conn : listener;
  }
  for (const ConnRecord& c : tr.conns) {
    if (c.created > at) break;
    if (n != kNoNode ? c.node == n : c.name == subject) {
      (c.listener ? listener : conn) = c.id;
    }
  }
  return conn ? conn : listener;
}

std::vector<CheckResult> check_expectations(const Scenario& sc, const Trace& tr) {
  std::vector<CheckResult> out;
  // Segment numbers as the expectations write them (only `expect` lines need them: a call's
  // `-> RESULT` does not; a bulk transfer checked with none saves numbering every segment).
  const RelativeNumbers rel = sc.expectations.empty() ? RelativeNumbers{} : relative_numbers(tr);
  // `-> RESULT` on a call line.
  for (const Action& a : sc.actions) {
    const auto* call = std::get_if<CallAction>(&a.what);
    if (!call || !call->expect || !checked_in(a.variant, tr.run)) continue;
    CheckResult r{a.loc.line, tr.run, false, {}};
    std::optional<CallRecord> rec;  // records are read back as values
    for (const CallRecord& c : tr.calls) {
      if (c.line == a.loc.line) {
        rec = c;
        break;
      }
    }
    if (!rec) {
      r.message = "expected " + call->subject + " " + call_name(call->kind) + "() to return " +
                  describe_pattern(*call->expect) + ", but the call was never made";
    } else if (result_matches(*call->expect, *rec)) {
      r.passed = true;
    } else {
      r.message = "expected " + describe_call(*rec) + " " + at_time(rec->issued) + " to return " +
                  describe_pattern(*call->expect) + ", got " + describe_result(*rec);
    }
    out.push_back(r);
  }
  // In file order: ordered lines of a node each start after the segment the previous one matched.
  OrderCursors cursors;
  for (const Expectation& e : sc.expectations) {
    if (!checked_in(e.variant, tr.run)) continue;
    switch (e.kind) {
      case Expectation::Kind::Sends:
        out.push_back(e.next || e.at ? check_ordered_sends(e, sc, tr, rel, cursors) : check_sends(e, tr, rel));
        break;
      case Expectation::Kind::NoSends:
        out.push_back(check_sends(e, tr, rel));
        break;
      case Expectation::Kind::Nothing:
        out.push_back(check_nothing(e, sc, tr, rel, cursors));
        break;
      case Expectation::Kind::Ignores:
      case Expectation::Kind::Drops:
        out.push_back(check_fate(e, tr, rel));
        break;
      case Expectation::Kind::Sigpipe:
        out.push_back(check_sigpipe(e, tr));
        break;
      case Expectation::Kind::Forgets:
        out.push_back(check_forgets(e, tr));
        break;
      case Expectation::Kind::State:
        out.push_back(check_state(e, tr));
        break;
      case Expectation::Kind::Call:
        out.push_back(check_call(e, tr));
        break;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const CheckResult& a, const CheckResult& b) { return a.line < b.line; });
  return out;
}

std::string describe_pattern(const ResultPattern& p) {
  switch (p.kind) {
    case ResultPattern::Kind::Ok: return "ok";
    case ResultPattern::Kind::Eof: return "EOF";
    case ResultPattern::Kind::Errno: return std::string(errno_name(p.err));
    case ResultPattern::Kind::Value: return std::to_string(p.value);
    case ResultPattern::Kind::Text: return quote_bytes(p.text, 200);
    case ResultPattern::Kind::Killed: return "killed";
  }
  return "?";
}

bool result_matches(const ResultPattern& p, const CallRecord& c) {
  if (c.returned < 0) return false;
  // A killed call returned nothing: only `killed` describes it.
  if (c.killed || p.kind == ResultPattern::Kind::Killed) return c.killed && p.kind == ResultPattern::Kind::Killed;
  switch (p.kind) {
    case ResultPattern::Kind::Ok: return c.err == Errno::None && c.ret >= 0;
    case ResultPattern::Kind::Eof:
      return c.kind == CallKind::Recv && c.err == Errno::None && (c.ret == 0 || c.args == "all");
    case ResultPattern::Kind::Errno: return c.err == p.err;
    case ResultPattern::Kind::Value: return c.err == Errno::None && c.ret == p.value;
    case ResultPattern::Kind::Text: return c.err == Errno::None && c.data == p.text;
    case ResultPattern::Kind::Killed: break;
  }
  return false;
}

}  // namespace tcpsim
