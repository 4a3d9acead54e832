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
    std::fprintf(stderr, "%zu of %zu transition rows exercised\n", tcpsim::kTransitions.size() - idle,
                 tcpsim::kTransitions.size());
  }
  return rc;
}
