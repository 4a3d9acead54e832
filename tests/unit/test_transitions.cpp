// The transition table (tcp/transitions.hpp), the named state groups (tcp/state.hpp), and settings
// reaching a connection as an event.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "scenario_helpers.hpp"
#include "tcp/transitions.hpp"
#include "tcp_harness.hpp"

namespace tcpsim {
namespace {

using namespace tcpsim::test;
using namespace tcpsim::testing;

/// The RFC names of the states in `s`, in enum order, comma-separated.
std::string names(bool (*in)(State)) {
  std::string r;
  for (int i = 0; i < kStateCount; ++i) {
    if (!in(static_cast<State>(i))) continue;
    if (!r.empty()) r += ", ";
    r += state_name(static_cast<State>(i));
  }
  return r;
}

/// The arrow the row for this transition names, or "no row".
std::string arrow_of(State from, Rule rule, State to) {
  const int row = find_transition(from, rule, to);
  if (row < 0) return "no row";
  return std::to_string(static_cast<int>(kTransitions[static_cast<size_t>(row)].arrow));
}

/// Restores the Fail mode the test binary runs in, however the test ends.
struct FailModeAfter {
  ~FailModeAfter() { set_transition_check(TransitionCheck::Fail); }
};

}  // namespace

TEST_CASE("transitions: Figure 5's transitions take their arrow; others have rows of their own or none") {
  CHECK(arrow_of(State::Established, Rule::Fin, State::FinWait1) == std::to_string(static_cast<int>(Arrow::EstablishedClose)));
  CHECK(arrow_of(State::SynReceived, Rule::RcvRst, State::Listen) == std::to_string(static_cast<int>(Arrow::SynReceivedRst)));
  // The same RST from SYN-RECEIVED reached by an active OPEN: refused, CLOSED, no arrow of the figure.
  CHECK(arrow_of(State::SynReceived, Rule::RcvRst, State::Closed) == "-1");
  CHECK(arrow_of(State::Established, Rule::RcvRst, State::Closed) == "-1");
  CHECK(arrow_of(State::TimeWait, Rule::TimeWaitTimeout, State::Closed) == std::to_string(static_cast<int>(Arrow::TimeWaitTimeout)));
  // Not in the table: an RST never returns ESTABLISHED to LISTEN, and TIME-WAIT is not reset by RFC 9293's RST rule.
  CHECK(arrow_of(State::Established, Rule::RcvRst, State::Listen) == "no row");
  CHECK(arrow_of(State::TimeWait, Rule::RcvRst, State::Closed) == "no row");
  CHECK(arrow_of(State::SynSent, Rule::RcvFin, State::CloseWait) == "no row");
}

TEST_CASE("transitions: every arrow of Figure 5 is taken by some row, but LISTEN -> SYN-SENT and SYN-RECEIVED -> FIN-WAIT-1") {
  std::vector<std::string> untaken;
  for (size_t a = 0; a < kFigure5.size(); ++a) {
    bool taken = false;
    for (const Transition& t : kTransitions) taken = taken || static_cast<size_t>(t.arrow) == a;
    if (!taken) {
      untaken.push_back(std::string(state_name(kFigure5[a].from)) + " -> " + std::string(state_name(kFigure5[a].to)) +
                        " (" + std::string(kFigure5[a].trigger) + ")");
    }
  }
  CHECK(untaken == std::vector<std::string>{"LISTEN -> SYN-SENT (SEND)", "SYN-RECEIVED -> FIN-WAIT-1 (CLOSE)"});
}

TEST_CASE("transitions: one row per (state, rule, next state): no transition is allowed twice") {
  std::vector<std::string> twice;
  for (size_t i = 0; i < kTransitions.size(); ++i) {
    for (int s = 0; s < kStateCount; ++s) {
      if (!kTransitions[i].from.has(static_cast<State>(s))) continue;
      const int first = find_transition(static_cast<State>(s), kTransitions[i].rule, kTransitions[i].to);
      if (first != static_cast<int>(i)) twice.push_back(describe_transition_row(i));
    }
  }
  CHECK(twice == std::vector<std::string>{});
}

TEST_CASE("transitions: a row is described with its states, rule and citation") {
  CHECK(describe_transition_row(0) == "row 0: CLOSED -> LISTEN by 'passive-open' (RFC 9293 §3.10.1)");
  const int row = find_transition(State::CloseWait, Rule::RstListenerClosed, State::Closed);
  REQUIRE(row >= 0);
  CHECK(describe_transition_row(static_cast<size_t>(row)) ==
        "row " + std::to_string(row) +
            ": ESTABLISHED, CLOSE-WAIT -> CLOSED by 'rst-listener-closed' (Linux inet_csk_listen_stop())");
}

TEST_CASE("transitions: a transition with no row is an internal error naming it; Report mode returns instead of aborting") {
  CHECK(transition_error(State::Established, Rule::RcvRst, State::Listen) ==
        "internal error: transition ESTABLISHED -> LISTEN by rule 'rcv-rst' is not in the transition table "
        "(sim/tcp/transitions.hpp)");
  const FailModeAfter restore;
  set_transition_check(TransitionCheck::Report);
  CHECK(transition_check() == TransitionCheck::Report);
  CHECK_FALSE(record_transition(State::Established, Rule::RcvRst, State::Listen));
  CHECK(record_transition(State::Established, Rule::RcvRst, State::Closed));
}

TEST_CASE("transitions: in Fail mode (the test binaries) a transition with no row aborts, naming it on stderr") {
  REQUIRE(transition_check() == TransitionCheck::Fail);
  int err[2];
  REQUIRE(pipe(err) == 0);
  std::fflush(nullptr);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child dies by SIGABRT itself, not through Catch's handler (which would report a failed test).
    std::signal(SIGABRT, SIG_DFL);
    dup2(err[1], 2);
    record_transition(State::Established, Rule::RcvRst, State::Listen);
    _exit(0);  // not reached when the check fails hard
  }
  ::close(err[1]);
  std::string said;
  char buf[256];
  for (ssize_t n; (n = ::read(err[0], buf, sizeof buf)) > 0;) said.append(buf, static_cast<size_t>(n));
  ::close(err[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGABRT);
  CHECK(said == transition_error(State::Established, Rule::RcvRst, State::Listen) + "\n");
}

TEST_CASE("transitions: a row counts every transition it allows") {
  const size_t row = static_cast<size_t>(find_transition(State::CloseWait, Rule::Fin, State::LastAck));
  const uint64_t before = transition_hits(row), before_state = transition_hits(row, State::CloseWait);
  Harness h = socket_close_wait();
  h.close();
  h.expect_transitions({{State::CloseWait, State::LastAck, Rule::Fin}});
  CHECK(h.out.all<StateOut>().at(0).allowed);
  CHECK(transition_hits(row) == before + 1);
  CHECK(transition_hits(row, State::CloseWait) == before_state + 1);
  CHECK(transition_hits(row, State::Established) == 0);  // not a state this row leaves
}

TEST_CASE("state groups: the predicates name the RFC's lists of states") {
  CHECK(names(is_synchronized) == "ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT");
  CHECK(names(handshaking) == "SYN-SENT, SYN-RECEIVED");
  CHECK(names(may_queue) == "SYN-SENT, SYN-RECEIVED, ESTABLISHED, CLOSE-WAIT");
  CHECK(names(may_send) == "ESTABLISHED, FIN-WAIT-1, CLOSE-WAIT, CLOSING, LAST-ACK");
  CHECK(names(may_recv) == "ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2");
  CHECK(names(fin_unacked) == "FIN-WAIT-1, CLOSING, LAST-ACK");
  CHECK(names(abort_resets) == "SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT");
  CHECK(names(peer_alive) == "SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK");
  CHECK(names(keepalive_applies) == "ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK");
}

TEST_CASE("settings: FIN-WAIT-2 told msl 1s -> rcv FIN -> TIME-WAIT lasts the new 2*MSL") {
  Harness h = socket_fin_wait_2();
  TcpConfig c;
  c.msl = sec(1);
  h.change_settings(c);
  h.expect_nothing();
  h.now = ms(500);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 2});
  h.expect_state(State::TimeWait);
  h.expect_timer(TimerKind::TimeWait, ms(500) + sec(2));
}

TEST_CASE("settings: a `set` line mid-run reaches the connection already open") {
  // The client's first connection exists when msl changes: its TIME-WAIT lasts 2 s, not 60 s.
  const Trace t = run_text(R"(host client
host server
link client server delay 10ms
at 0ms server listen 80
at 0ms server accept
at 0ms client connect server:80
at 1s set client msl 1s
at 2s client close
at 2s server recv
at 2s server close
)");
  Time entered = -1, left = -1;
  const NodeId client = t.node_by_name("client");
  for (const Event& e : t.events) {
    if (e.type != EventType::StateChanged || e.node != client) continue;
    if (static_cast<State>(e.b) == State::TimeWait) entered = e.t;
    if (static_cast<State>(e.a) == State::TimeWait) left = e.t;
  }
  CHECK(entered == ms(2020));
  CHECK(left == ms(4020));
  CHECK(transitions_of(t, "client").back() == "TIME-WAIT -> CLOSED (time-wait-timeout)");
  CHECK(t.errors.empty());
}

}  // namespace tcpsim
