#pragma once
// Helpers for tests that run scenario text end to end.
#include <catch2/catch.hpp>

#include <dirent.h>

#include <algorithm>

#include <string>

#include "scenario/expect.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"
#include "trace/describe.hpp"
#include "trace/trace.hpp"
#include "trace/trace_json.hpp"

namespace tcpsim::testing {

/// The library's scenario files (full paths), sorted by name.
inline std::vector<std::string> library_files() {
  std::vector<std::string> files;
  if (DIR* d = opendir(TCPSIM_SCENARIO_DIR)) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > 4 && n.substr(n.size() - 4) == ".scn") files.push_back(std::string(TCPSIM_SCENARIO_DIR) + "/" + n);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// Parses scenario text; fails the test with the diagnostics if it does not parse.
inline Scenario parse_ok(const std::string& text) {
  ParseResult r = parse_scenario(text, "test.scn");
  std::string errors;
  for (const Diagnostic& d : r.errors) errors += d.format() + "\n";
  INFO(errors);
  REQUIRE(r.ok());
  return std::move(*r.scenario);
}

/// Parses and runs one variant.
inline Trace run_text(const std::string& text, RunKind kind = RunKind::Fault) {
  return run_scenario(parse_ok(text), kind);
}

/// The calls a node made, in order.
inline std::vector<CallRecord> calls_of(const Trace& t, const std::string& node) {
  std::vector<CallRecord> v;
  const NodeId n = t.node_by_name(node);
  for (const CallRecord& c : t.calls) {
    if (c.node == n) v.push_back(c);
  }
  return v;
}

/// The call made on a scenario line.
inline CallRecord call_on_line(const Trace& t, uint32_t line) {
  for (const CallRecord& c : t.calls) {
    if (c.line == line) return c;
  }
  FAIL("no call on line " << line);
  return {};
}

/// One line per segment a node sent: "RST+ACK seq=1 ack=19 win=65517 [rst-close-unread]".
inline std::vector<std::string> sent_by(const Trace& t, const std::string& node) {
  const RelativeNumbers rel = relative_numbers(t);
  std::vector<std::string> v;
  const NodeId n = t.node_by_name(node);
  for (size_t i = 0; i < t.segments.size(); ++i) {
    if (t.segments[i].from == n && t.segments[i].dup_of == 0) {
      v.push_back(describe_segment(t, rel, i) + " [" + std::string(rule_info(t.segments[i].rule).key) + "]");
    }
  }
  return v;
}

/// "FROM -> TO (rule-key)" for every state change of a node's connections.
inline std::vector<std::string> transitions_of(const Trace& t, const std::string& node) {
  std::vector<std::string> v;
  const NodeId n = t.node_by_name(node);
  for (const Event& e : t.events) {
    if (e.type == EventType::StateChanged && e.node == n) {
      v.push_back(std::string(state_name(static_cast<State>(e.a))) + " -> " +
                  std::string(state_name(static_cast<State>(e.b))) + " (" + std::string(rule_info(e.rule).key) + ")");
    }
  }
  return v;
}

}  // namespace tcpsim::testing
