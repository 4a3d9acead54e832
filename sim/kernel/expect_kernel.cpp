#include "kernel/expect_kernel.hpp"

#include <algorithm>

namespace tcpsim::kernel {

namespace {
/// Why the kernel's run cannot answer an expectation ("" when it can).
std::string not_comparable(const Expectation& e) {
  switch (e.kind) {
    case Expectation::Kind::Ignores:
      return "what a receiver ignored: the kernel does not say (no verdict on its TUN)";
    default:
      return "";
  }
}
}  // namespace

KernelExpectations check_on_kernel(const Scenario& sc, const Trace& kernel, Time window, Tolerance tol) {
  KernelExpectations out;
  Scenario answerable = sc;
  answerable.expectations.clear();
  for (const Expectation& e : sc.expectations) {
    if (!runs_in(e.variant, kernel.run)) continue;
    std::string why = not_comparable(e);
    if (why.empty() && e.kind == Expectation::Kind::State && !e.at) {
      why = "a state at the end of the run: tcpsim's run ends when every timer has (2*MSL), the kernel's at the "
            "last scripted event + the settle time";
    }
    if (why.empty() && e.at && *e.at > window) {
      why = "at " + format_duration(*e.at) + ", after the kernel's run ended (" + format_duration(window) + ")";
    }
    if (!why.empty()) {
      out.not_comparable.push_back(sc.where(e.loc.line) + ": " + why);
      continue;
    }
    Expectation x = e;
    // The kernel's states are asked for at the expectation's time and recorded when the answer comes,
    // a little later: the state is read that much later (the tolerance's absolute part).
    if (x.kind == Expectation::Kind::State && x.at) x.at = *x.at + tol.abs;
    // Real time: a segment expected at a time may come within the comparison's tolerance of it.
    if (x.kind == Expectation::Kind::Sends && x.at) {
      x.within = std::max(x.within, tol.abs + static_cast<Time>(tol.rel * static_cast<double>(*x.at)));
    }
    answerable.expectations.push_back(std::move(x));
  }
  out.results = check_expectations(answerable, kernel);
  return out;
}

std::string format_expectations(const Scenario& sc, const KernelExpectations& e) {
  size_t failed = 0;
  for (const CheckResult& r : e.results) failed += !r.passed;
  std::string s = "the scenario's expectations on the kernel's run: " + std::to_string(e.results.size() - failed) +
                  " pass, " + std::to_string(failed) + " fail, " + std::to_string(e.not_comparable.size()) +
                  " not comparable" +
                  (failed ? std::string(" (a failing one counts only with --strict)") : std::string()) + "\n";
  for (const CheckResult& r : e.results) {
    if (!r.passed) s += "  FAIL " + sc.where(r.line) + ": " + r.message + "\n";
  }
  for (const std::string& n : e.not_comparable) s += "  not comparable: " + n + "\n";
  return s;
}

}  // namespace tcpsim::kernel
