#pragma once
// The eleven connection states of RFC 9293 Figure 5, and the groups of them the RFC's rules name.
#include <cstdint>
#include <initializer_list>
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

/// A set of states, written as the RFC writes its groups ("ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT").
class StateSet {
 public:
  /// The set of `states`.
  constexpr StateSet(std::initializer_list<State> states) {
    for (State s : states) bits_ = static_cast<uint16_t>(bits_ | bit(s));
  }
  /// Whether `s` is in the set.
  constexpr bool has(State s) const { return (bits_ & bit(s)) != 0; }
  /// The states of both sets.
  constexpr StateSet operator|(StateSet o) const { return StateSet(static_cast<uint16_t>(bits_ | o.bits_)); }
  /// The states of this set that `o` lacks.
  constexpr StateSet operator-(StateSet o) const { return StateSet(static_cast<uint16_t>(bits_ & ~o.bits_)); }

 private:
  constexpr explicit StateSet(uint16_t bits) : bits_(bits) {}
  static constexpr uint16_t bit(State s) { return static_cast<uint16_t>(1u << static_cast<unsigned>(s)); }
  uint16_t bits_ = 0;
};

// The groups of states the rules name. Each is written once; the predicates below and the transition
// table (tcp/transitions.hpp) use them.

/// RFC 9293 §3.5.2: the synchronized states, ESTABLISHED and later (not CLOSED).
inline constexpr StateSet kSynchronized{State::Established, State::FinWait1, State::FinWait2, State::CloseWait,
                                        State::Closing,     State::LastAck,  State::TimeWait};
/// Synchronized and not yet TIME-WAIT: a peer is there to answer a keep-alive probe (RFC 1122 §4.2.3.6).
inline constexpr StateSet kOpen = kSynchronized - StateSet{State::TimeWait};
/// SYN-SENT and SYN-RECEIVED: the retransmission timer resends the SYN (or SYN,ACK).
inline constexpr StateSet kHandshaking{State::SynSent, State::SynReceived};
/// RFC 9293 §3.10.2: SEND is accepted, queued until ESTABLISHED, sent in ESTABLISHED and CLOSE-WAIT.
inline constexpr StateSet kMayQueue{State::SynSent, State::SynReceived, State::Established, State::CloseWait};
/// Data and our FIN may go out: RFC 9293 §3.10.4 owes the peer the data queued before CLOSE, so
/// FIN-WAIT-1, CLOSING and LAST-ACK still send it (a FIN may arrive while it waits for window).
inline constexpr StateSet kMaySend{State::Established, State::CloseWait, State::FinWait1, State::Closing,
                                   State::LastAck};
/// RFC 9293 §3.10.7.4, seventh: segment text is processed in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2
/// only; in the others a FIN has been received and the peer sends no more data.
inline constexpr StateSet kMayRecv{State::Established, State::FinWait1, State::FinWait2};
/// Our FIN is out and not yet acknowledged.
inline constexpr StateSet kFinUnacked{State::FinWait1, State::Closing, State::LastAck};
/// RFC 9293 §3.10.5: ABORT sends a reset in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT.
inline constexpr StateSet kAbortResets{State::SynReceived, State::Established, State::FinWait1, State::FinWait2,
                                       State::CloseWait};
/// SYN-RECEIVED to LAST-ACK: the peer holds the other end open, so a reset would reach someone.
inline constexpr StateSet kPeerAlive = kAbortResets | StateSet{State::Closing, State::LastAck};

/// True for the synchronized states of RFC 9293 §3.5.2.
constexpr bool is_synchronized(State s) { return kSynchronized.has(s); }
/// SYN-SENT or SYN-RECEIVED.
constexpr bool handshaking(State s) { return kHandshaking.has(s); }
/// SEND is accepted in this state (RFC 9293 §3.10.2).
constexpr bool may_queue(State s) { return kMayQueue.has(s); }
/// Queued data and our FIN may be sent in this state.
constexpr bool may_send(State s) { return kMaySend.has(s); }
/// Arriving data is taken in this state (no FIN from the peer yet).
constexpr bool may_recv(State s) { return kMayRecv.has(s); }
/// Our FIN has been sent and is not yet acknowledged.
constexpr bool fin_unacked(State s) { return kFinUnacked.has(s); }
/// ABORT (and close() with SO_LINGER {on, 0}) sends a reset in this state.
constexpr bool abort_resets(State s) { return kAbortResets.has(s); }
/// The peer holds the other end open.
constexpr bool peer_alive(State s) { return kPeerAlive.has(s); }
/// Keep-alive probes apply in this state.
constexpr bool keepalive_applies(State s) { return kOpen.has(s); }

}  // namespace tcpsim
