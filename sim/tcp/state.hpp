#pragma once
// The eleven connection states of RFC 9293 Figure 5.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tcpsim {

/// A TCP connection state; its display form is the RFC name ("SYN-SENT").
enum class State : uint8_t {
  Closed,
  Listen,
  SynSent,
  SynReceived,
  Established,
  FinWait1,
  FinWait2,
  CloseWait,
  Closing,
  LastAck,
  TimeWait,
};

constexpr int kStateCount = 11;

/// The RFC 9293 name of a state, e.g. "FIN-WAIT-1".
std::string_view state_name(State s);
/// Parses an RFC state name (case-insensitive; '_' accepted for '-').
std::optional<State> parse_state(std::string_view name);
/// True for the synchronized states of RFC 9293 §3.5.2 (ESTABLISHED and later, not CLOSED).
bool is_synchronized(State s);

}  // namespace tcpsim
