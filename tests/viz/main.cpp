// Catch2 v2 entry point for tcpsim-viz-tests. Every run the tests make checks its transitions against
// the table and fails hard on one it lacks (tcp/transitions.hpp), as in tcpsim-tests.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "tcp/transitions.hpp"

int main(int argc, char* argv[]) {
  tcpsim::set_transition_check(tcpsim::TransitionCheck::Fail);
  return Catch::Session().run(argc, argv);
}
