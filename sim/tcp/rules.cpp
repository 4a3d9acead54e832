#include "tcp/rules.hpp"

#include <array>

namespace tcpsim {

namespace {
constexpr RuleInfo kRules[] = {
#define TCPSIM_RULE_INFO(e, k, l, c, t) RuleInfo{k, l, c, t},
    TCPSIM_RULES(TCPSIM_RULE_INFO)
#undef TCPSIM_RULE_INFO
};
}  // namespace

const RuleInfo& rule_info(Rule r) { return kRules[static_cast<size_t>(r)]; }

std::optional<Rule> parse_rule(std::string_view key) {
  for (size_t i = 0; i < std::size(kRules); ++i) {
    if (kRules[i].key == key) return static_cast<Rule>(i);
  }
  return std::nullopt;
}

}  // namespace tcpsim
