// libFuzzer harness (b): parse, run both runs (the fault run and the graceful twin) and check the
// expectations, as `tcpsim check` does. Each run is bounded (20,000 events, one simulated hour, a
// 64 MB trace) so an input takes well under a second; the invariant checker (sim/trace/invariants)
// then reads every trace, and a broken invariant (or a transition not in sim/tcp/transitions.hpp)
// aborts so libFuzzer keeps the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "scenario/expect.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"
#include "tcp/transitions.hpp"
#include "trace/invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tcpsim;
  // A transition the table lacks aborts too, in any build (the replay in ctest is a release build).
  set_transition_check(TransitionCheck::Fail);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ParseResult r = parse_scenario(text, "fuzz.scn");
  if (!r.ok()) return 0;
  Scenario& sc = *r.scenario;
  sc.event_limit = std::min<uint64_t>(sc.event_limit, 20000);
  sc.time_limit = std::min<Time>(sc.time_limit, 3600 * kSec);
  sc.memory_limit = std::min<uint64_t>(sc.memory_limit, uint64_t{64} << 20);
  for (RunKind k : {RunKind::Fault, RunKind::Twin}) {
    if (k == RunKind::Twin && !sc.has_twin()) continue;
    const Trace t = run_scenario(sc, k);
    for (const std::string& broken : check_invariants(t)) {
      std::fprintf(stderr, "invariant broken: %s\n", broken.c_str());
      std::abort();
    }
    (void)check_expectations(sc, t);
  }
  return 0;
}
