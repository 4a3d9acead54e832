// Checking and counting transitions against kTransitions.
#include "tcp/transitions.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace tcpsim {

namespace {

#ifdef TCPSIM_INVARIANTS
std::atomic<TransitionCheck> g_mode{TransitionCheck::Fail};
#else
std::atomic<TransitionCheck> g_mode{TransitionCheck::Report};
#endif

// Counted in every build: a relaxed increment per transition costs nothing next to the transition's
// trace event, and it lets the test binaries list the rows nothing exercised.
std::array<std::array<std::atomic<uint64_t>, kStateCount>, kTransitions.size()> g_hits{};

// The arrows name their states consistently with the figure, and every row that claims an arrow
// takes it from a state the row allows to the state the row enters.
constexpr bool rows_match_arrows() {
  for (const Transition& t : kTransitions) {
    if (t.arrow == Arrow::None) continue;
    const FigureArrow& a = kFigure5[static_cast<size_t>(t.arrow)];
    if (a.to != t.to || !t.from.has(a.from)) return false;
  }
  return true;
}
static_assert(rows_match_arrows(), "a row of kTransitions names an arrow of kFigure5 it does not take");

}  // namespace

TransitionCheck transition_check() { return g_mode.load(std::memory_order_relaxed); }

void set_transition_check(TransitionCheck mode) { g_mode.store(mode, std::memory_order_relaxed); }

std::string transition_error(State from, Rule rule, State to) {
  return "internal error: transition " + std::string(state_name(from)) + " -> " + std::string(state_name(to)) +
         " by rule '" + std::string(rule_info(rule).key) + "' is not in the transition table (sim/tcp/transitions.hpp)";
}

bool record_transition(State from, Rule rule, State to) {
  const int row = find_transition(from, rule, to);
  if (row >= 0) {
    g_hits[static_cast<size_t>(row)][static_cast<size_t>(from)].fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  if (transition_check() == TransitionCheck::Fail) {
    std::fprintf(stderr, "%s\n", transition_error(from, rule, to).c_str());
    std::abort();
  }
  return false;
}

uint64_t transition_hits(size_t row) {
  uint64_t n = 0;
  for (int s = 0; s < kStateCount; ++s) n += transition_hits(row, static_cast<State>(s));
  return n;
}

uint64_t transition_hits(size_t row, State from) {
  return row < g_hits.size() ? g_hits[row][static_cast<size_t>(from)].load(std::memory_order_relaxed) : 0;
}

std::string describe_transition_row(size_t row) {
  const Transition& t = kTransitions[row];
  std::string from;
  for (int s = 0; s < kStateCount; ++s) {
    if (!t.from.has(static_cast<State>(s))) continue;
    if (!from.empty()) from += ", ";
    from += state_name(static_cast<State>(s));
  }
  return "row " + std::to_string(row) + ": " + from + " -> " + std::string(state_name(t.to)) + " by '" +
         std::string(rule_info(t.rule).key) + "' (" + std::string(t.cite) + ")";
}

}  // namespace tcpsim
