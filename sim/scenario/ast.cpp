#include "scenario/ast.hpp"

#include <algorithm>

namespace tcpsim {

const Trigger* Scenario::trigger_of(size_t i) const {
  for (const Trigger& t : triggers) {
    if (t.action == i) return &t;
  }
  return nullptr;
}

bool Scenario::has_twin() const {
  for (const Action& a : actions) {
    if (a.variant != Variant::Both) return true;
  }
  for (const Expectation& e : expectations) {
    if (e.variant == Variant::TwinOnly) return true;
  }
  return false;
}

uint32_t Scenario::also_index(uint32_t line) const {
  return also_first != 0 && line >= also_first ? line - also_first + 1 : 0;
}

bool Scenario::is_what_if(uint32_t line) const {
  return also_index(line) != 0 || std::binary_search(what_if_lines.begin(), what_if_lines.end(), line);
}

std::string Scenario::line_ref(uint32_t line) const {
  const uint32_t also = also_index(line);
  return also ? "--also #" + std::to_string(also) : "line " + std::to_string(line);
}

std::string Scenario::where(uint32_t line) const {
  if (also_index(line)) return line_ref(line);
  return line ? file + ":" + std::to_string(line) : file;
}


}  // namespace tcpsim
