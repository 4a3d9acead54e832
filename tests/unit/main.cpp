// Catch2 v2 entry point for tcpsim-tests.
//
// Every test runs with the transition check failing hard (tcp/transitions.hpp): a transition with no
// row in the table aborts the test that made it, naming it. With --transitions-covered the run also
// fails when a row of the table allowed no transition during it; ctest runs the whole binary once
// that way ("transitions:every-row-exercised"), so a row that no test and no library scenario takes
// is listed there.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "tcp/transitions.hpp"

int main(int argc, char* argv[]) {
  tcpsim::set_transition_check(tcpsim::TransitionCheck::Fail);
  Catch::Session session;
  bool covered = false;
  session.cli(session.cli() |
              Catch::clara::Opt(covered)["--transitions-covered"](
                  "fail when a row of the transition table allowed no transition in this run"));
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  int rc = session.run();
  if (covered) {
    size_t idle = 0;
    for (size_t row = 0; row < tcpsim::kTransitions.size(); ++row) {
      if (tcpsim::transition_hits(row) > 0) continue;
      if (idle++ == 0) std::fprintf(stderr, "Rows of the transition table no test exercised:\n");
      std::fprintf(stderr, "  %s\n", tcpsim::describe_transition_row(row).c_str());
    }
    if (idle > 0) rc = rc != 0 ? rc : 1;
    // A row groups states as its rule does; the states of an exercised row that no test left from are
    // listed for whoever writes the next test (the row is one rule, one code path, so this does not fail).
    for (size_t row = 0; row < tcpsim::kTransitions.size(); ++row) {
      if (tcpsim::transition_hits(row) == 0) continue;
      std::string untaken;
      for (int s = 0; s < tcpsim::kStateCount; ++s) {
        const auto st = static_cast<tcpsim::State>(s);
        if (!tcpsim::kTransitions[row].from.has(st) || tcpsim::transition_hits(row, st) > 0) continue;
        untaken += untaken.empty() ? "" : ", ";
        untaken += tcpsim::state_name(st);
      }
      if (!untaken.empty()) std::fprintf(stderr, "note: row %zu never left %s\n", row, untaken.c_str());
    }
    std::fprintf(stderr, "%zu of %zu transition rows exercised\n", tcpsim::kTransitions.size() - idle,
                 tcpsim::kTransitions.size());
  }
  return rc;
}
