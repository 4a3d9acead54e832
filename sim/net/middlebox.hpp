#pragma once
// Middleboxes: a firewall with ordered drop/reject rules, and optionally stateful flow tracking with
// an idle timeout (Linux conntrack, or a NAT's mapping table). They never run TCP; a reject is a
// reset built the way Linux's `REJECT --reject-with tcp-reset` builds it (reset_reply()).
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "net/vocabulary.hpp"
#include "tcp/segment.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

/// A firewall rule with names resolved to addresses.
struct ResolvedRule {
  bool reject = false;
  bool syn_only = false;
  bool has_from = false;
  Endpoint from;  ///< ip 0 = any address, port 0 = any port.
  bool has_to = false;
  Endpoint to;
  uint32_t line = 0;
};

/// What a middlebox does with one segment.
struct MiddleboxVerdict {
  enum class Action : uint8_t { Forward, Drop, Reject } action = Action::Forward;
  DropReason reason = DropReason::None;
  Rule rule = Rule::None;  ///< For Reject: the rule the reset carries.
  uint32_t line = 0;       ///< Scenario line of the deciding firewall rule.
};

/// A firewall or NAT node.
class Middlebox {
 public:
  Middlebox(NodeId id, NodeKind kind, Time idle, ForgetAction forget);
  /// Decides a segment's fate. `new_flow` is set when a flow was created (its id) so the caller can
  /// schedule the expiry check.
  MiddleboxVerdict process(const Segment& seg, Time now, std::optional<uint32_t>* new_flow);
  /// An expiry check for a flow: returns true (and forgets it) if it has been idle long enough;
  /// otherwise `*recheck` is the next time to look.
  bool expire(uint32_t flow, Time now, Time* recheck, FlowRecord* forgotten);
  /// Forgets every flow it tracks at once (`NAT forget`, scenario line `line`), oldest first.
  std::vector<FlowRecord> forget_all(uint32_t line);
  void add_rule(const ResolvedRule& r) { rules_.push_back(r); }
  void clear_rules() { rules_.clear(); }
  NodeKind kind() const { return kind_; }

 private:
  struct Flow {
    Endpoint a, b;
    Time last_seen = 0;
    bool alive = false;
  };
  static bool matches(const ResolvedRule& r, const Segment& seg);
  uint64_t key(Endpoint x, Endpoint y) const;

  NodeId id_;
  NodeKind kind_;
  Time idle_;
  ForgetAction forget_;
  std::vector<ResolvedRule> rules_;
  std::vector<Flow> flows_;
  std::unordered_map<uint64_t, uint32_t> by_key_;  // canonical 4-tuple hash -> flow index
};

}  // namespace tcpsim
