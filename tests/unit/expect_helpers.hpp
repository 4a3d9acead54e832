#pragma once
// Shared by the tests of ordered expectations, fate expectations and triggers
// (test_expect_ordered.cpp, test_expect_fate.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "scenario_helpers.hpp"

namespace tcpsim::testing {

/// client SYN 0ms, server SYN+ACK 10ms, client ACK 20ms, client PSH+ACK "hello" 100ms, server ACK
/// 110ms, server close() with 5 unread bytes at 200ms: RST+ACK (RFC 1122 §4.2.2.13). Lines 1..8.
inline const std::string kCloseUnread =
    "host client\n"
    "host server\n"
    "link client server delay 10ms\n"
    "at 0ms   server listen 80\n"
    "at 0ms   client connect server:80\n"
    "at 100ms client send \"hello\"\n"
    "at 150ms server accept\n"
    "at 200ms server close\n";

/// The verdicts of the lines `extra` added after `text` (each line of `text` ends in a newline), in
/// run `kind`; the verdicts of `text`'s own expectations are left out.
inline std::vector<CheckResult> verdicts_of(const std::string& text, const std::string& extra,
                                            RunKind kind = RunKind::Fault) {
  const Scenario sc = parse_ok(text + extra);
  const Trace t = run_scenario(sc, kind);
  const auto own_lines = static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
  std::vector<CheckResult> mine;
  for (CheckResult& r : check_expectations(sc, t)) {
    if (r.line > own_lines) mine.push_back(std::move(r));
  }
  return mine;
}

}  // namespace tcpsim::testing
