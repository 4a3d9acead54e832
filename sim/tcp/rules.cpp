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

bool is_reset_reply(Rule r) {
  switch (r) {
    case Rule::RstNoConnection:
    case Rule::RstListenAck:
    case Rule::RstSynSentBadAck:
    case Rule::RstSynReceivedBadAck:
    case Rule::RstDataAfterClose:
    case Rule::RstSynInWindow:
    case Rule::FirewallReject:
    case Rule::ConntrackReset:
      return true;
    default:
      return false;
  }
}

}  // namespace tcpsim
