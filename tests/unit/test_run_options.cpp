// RunOptions: what a run records beyond what every consumer reads. `check` runs without TCB
// snapshots (only renderers read them); everything else in the trace, and check's verdicts, stay the
// same, and the commands that print TCB values still have them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_helpers.hpp"
#include "scenario_helpers.hpp"
#include "trace/invariants.hpp"

using namespace tcpsim;
using namespace tcpsim::testing;
using cli_test::Result;
using cli_test::TempDir;

namespace {

/// The trace as JSON without its snapshots: what a run without them must still record, byte for byte.
std::string without_tcbs(const Trace& t) {
  nlohmann::json j = trace_to_json(t);
  j.erase("tcbs");
  return j.dump();
}

}  // namespace

TEST_CASE("run options: without TCB snapshots every library run records the same trace and check the same verdicts",
          "[run-options]") {
  for (const std::string& file : library_files()) {
    const ParseResult r = parse_scenario_file(file);
    REQUIRE(r.ok());
    for (RunKind kind : {RunKind::Fault, RunKind::Twin}) {
      if (kind == RunKind::Twin && !r.scenario->has_twin()) continue;
      INFO(file << (kind == RunKind::Twin ? " (twin)" : ""));
      const Trace full = run_scenario(*r.scenario, kind);
      const Trace lean = run_scenario(*r.scenario, kind, std::nullopt, RunOptions{.record_tcbs = false});
      CHECK(full.tcbs.size() > 0);
      // A checked build (TCPSIM_INVARIANTS) records them anyway: its invariants read them.
      CHECK(lean.tcbs.size() == (invariants_enabled() ? full.tcbs.size() : 0));
      CHECK(without_tcbs(lean) == without_tcbs(full));
      const std::vector<CheckResult> want = check_expectations(*r.scenario, full);
      const std::vector<CheckResult> got = check_expectations(*r.scenario, lean);
      REQUIRE(got.size() == want.size());
      for (size_t i = 0; i < want.size(); ++i) {
        CHECK(got[i].line == want[i].line);
        CHECK(got[i].passed == want[i].passed);
        CHECK(got[i].message == want[i].message);
      }
    }
  }
}

TEST_CASE("run options: trace --json still writes the TCB snapshots, and check still passes", "[run-options][cli]") {
  TempDir d;
  const std::string f = d.write("reset.scn", cli_test::kGood);
  const Result json = cli_test::run_tcpsim("trace --json '" + f + "'", d);
  REQUIRE(json.code == 0);
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  CHECK(doc.at("tcbs").size() == run_scenario(parse_ok(cli_test::kGood), RunKind::Fault).tcbs.size());
  CHECK(doc.at("tcbs").size() > 0);
  const Result check = cli_test::run_tcpsim("check '" + f + "'", d);
  CHECK(check.code == 0);
  CHECK(check.out == "PASS " + f + " (4 expectations)\n4 passed, 0 failed\n");
}
