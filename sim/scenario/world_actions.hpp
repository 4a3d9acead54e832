#pragma once
// The network's side of a scenario's lines, applied to a World: firewall rules (from the start or at a
// time), `NAT forget`, `link A B down|up`, the forged segment of an `inject` line, and whether an event
// meets an `after ...` trigger. tcpsim's runner (runner.cpp) and `tcpsim kernel-check` (sim/kernel,
// where the World is the network between real hosts) apply them alike.
#include <functional>
#include <string>

#include "net/world.hpp"
#include "scenario/ast.hpp"

namespace tcpsim {

/// Where a message goes: the line's error, as the caller reports it.
using LineError = std::function<void(uint32_t line, const std::string& message)>;

/// A host's address by its name, or a dotted quad.
bool endpoint_ip(const Trace& t, const std::string& name, uint32_t* ip);

/// Adds `r` to its middlebox's rules (first match wins).
void add_rule(World& w, const FirewallRule& r, const LineError& error);

/// `rule ...` at a time (adds it) or `rules MB clear`.
void apply_rule_action(World& w, const RuleAction& r, const LineError& error);

/// `NAT forget` on line `line`.
void apply_forget(World& w, const ForgetFlowsAction& f, uint32_t line, const LineError& error);

/// `link A B down|up`.
void apply_link_action(World& w, const LinkAction& l, uint32_t line, const LineError& error);

/// An inject line's segment: its addresses, ports and flags (seq, ack 0). False (and an error) for an
/// unknown address.
bool injected_addresses(const Trace& t, const InjectAction& in, uint32_t line, Segment* s, const LineError& error);

/// The rest of an inject line's segment, after its addresses, seq and ack: window, MSS, options and
/// payload as the line gives them. False (and an error) when the trace can hold no more option sets.
bool complete_injected(Trace& t, const InjectAction& in, uint32_t line, Segment* s, const LineError& error);

/// Whether event `ev`, just recorded in `t`, meets trigger `tr` (docs/scenario-format.md, Triggers).
bool trigger_met(const Trace& t, const Trigger& tr, const Event& ev);

}  // namespace tcpsim
