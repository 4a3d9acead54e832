// libFuzzer harness (a): the scenario parser. Whatever the bytes, parse_scenario() returns a scenario
// or diagnostics; it never crashes, hangs or leaks. The diagnostics are formatted too (their caret
// line reads the source text), and a parse with the last line as an --also line covers what-ifs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const tcpsim::Diagnostic& d : tcpsim::parse_scenario(text, "fuzz.scn").errors) (void)d.format();
  // The last line as a what-if: --also lines are numbered after the file's.
  const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (lines > 1) {
    const auto also_first = static_cast<uint32_t>(lines);
    for (const tcpsim::Diagnostic& d : tcpsim::parse_scenario(text, "fuzz.scn", also_first).errors) (void)d.format();
  }
  return 0;
}
