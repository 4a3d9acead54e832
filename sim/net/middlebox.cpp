#include "net/middlebox.hpp"

#include <utility>

namespace tcpsim {

Middlebox::Middlebox(NodeId id, NodeKind kind, Time idle, ForgetAction forget)
    : id_(id), kind_(kind), idle_(idle), forget_(forget) {}

bool Middlebox::matches(const ResolvedRule& r, const Segment& seg) {
  auto ep = [](const Endpoint& want, const Endpoint& got) {
    return (want.ip == 0 || want.ip == got.ip) && (want.port == 0 || want.port == got.port);
  };
  if (r.has_from && !ep(r.from, seg.src)) return false;
  if (r.has_to && !ep(r.to, seg.dst)) return false;
  if (r.syn_only && (seg.flags & (kSyn | kAck)) != kSyn) return false;
  return true;
}

uint64_t Middlebox::key(Endpoint x, Endpoint y) const {
  // Canonical (unordered) pair, so both directions find the same flow.
  uint64_t p = (uint64_t{x.ip} << 16) | x.port;
  uint64_t q = (uint64_t{y.ip} << 16) | y.port;
  if (p > q) std::swap(p, q);
  return (p * 0x9E3779B97F4A7C15ULL) ^ (q + 0x632BE59BD9B4E019ULL + (p << 6) + (p >> 2));
}

MiddleboxVerdict Middlebox::process(const Segment& seg, Time now, std::optional<uint32_t>* new_flow) {
  MiddleboxVerdict v;
  // Firewall rules first: the first match decides (iptables order).
  for (const ResolvedRule& r : rules_) {
    if (!matches(r, seg)) continue;
    v.reason = DropReason::Firewall;
    v.line = r.line;
    // REJECT --reject-with tcp-reset never answers an RST (nf_send_reset returns early).
    v.action = (r.reject && !(seg.flags & kRst)) ? MiddleboxVerdict::Action::Reject : MiddleboxVerdict::Action::Drop;
    v.rule = Rule::FirewallReject;
    return v;
  }
  if (idle_ <= 0) return v;
  // Stateful tracking: a flow starts with a SYN and lives while segments keep coming.
  const uint64_t k = key(seg.src, seg.dst);
  auto it = by_key_.find(k);
  if (it != by_key_.end() && flows_[it->second].alive) {
    flows_[it->second].last_seen = now;
    return v;
  }
  if ((seg.flags & (kSyn | kAck | kRst)) == kSyn) {
    Flow f{seg.src, seg.dst, now, true};
    const uint32_t id = static_cast<uint32_t>(flows_.size());
    flows_.push_back(f);
    by_key_[k] = id;
    *new_flow = id;
    return v;
  }
  // A segment of a flow this box does not know: dropped, or rejected with a reset.
  v.reason = DropReason::Conntrack;
  v.rule = Rule::ConntrackReset;
  v.action = (forget_ == ForgetAction::Reset && !(seg.flags & kRst)) ? MiddleboxVerdict::Action::Reject
                                                                      : MiddleboxVerdict::Action::Drop;
  return v;
}

bool Middlebox::expire(uint32_t flow, Time now, Time* recheck, FlowRecord* forgotten) {
  Flow& f = flows_.at(flow);
  if (!f.alive) return false;
  if (now - f.last_seen < idle_) {
    *recheck = f.last_seen + idle_;
    return false;
  }
  f.alive = false;
  by_key_.erase(key(f.a, f.b));
  *forgotten = {id_, f.a, f.b, f.last_seen, 0};
  return true;
}

std::vector<FlowRecord> Middlebox::forget_all(uint32_t line) {
  // A rebooted NAT (or `conntrack -F`) keeps no mapping: each flow is gone exactly as if it had idled
  // out, and its pending expiry check finds it dead.
  std::vector<FlowRecord> out;
  for (Flow& f : flows_) {
    if (!f.alive) continue;
    f.alive = false;
    by_key_.erase(key(f.a, f.b));
    out.push_back({id_, f.a, f.b, f.last_seen, line});
  }
  return out;
}

}  // namespace tcpsim
