#pragma once
// The endpoints a person sees at one moment: every connection or listening socket of the viewed run
// that exists by now, in lane order, each with its host's colour slot and a name for legends
// ("client (conn 2)"). The state diagram and the TCB panel show the same endpoints.
#include <cstdint>
#include <string>
#include <vector>

#include "model/moment.hpp"

namespace tcpsim::viz {

/// One connection or listener as the panels show it.
struct EndpointInfo {
  uint32_t conn = 0;          ///< Connection id (1-based).
  NodeId node = kNoNode;      ///< The host it lives on.
  size_t lane = 0;            ///< Its host's lane (left to right): the index of its colour.
  bool listener = false;      ///< A listening socket, not a connection.
  State state = State::Closed;///< Its state now.
  bool gone = false;          ///< It existed and is CLOSED now (reset, aborted, timed out, finished).
  bool broken = false;        ///< Gone without the orderly close (a reset, an abort, a crash, a timeout).
  std::string host;           ///< "client".
  std::string label;          ///< "client (conn 2)", "server (listener :80)", "client a (conn 4)".
  uint16_t port = 0;          ///< Its local port.
};

/// Whether a rule ends or undoes a connection without Figure 5's orderly exchange: resets, aborts,
/// crashes, timeouts, close() with unread data, SYN-RECEIVED sent back to LISTEN.
bool tears_down(Rule r);

/// The lane (colour slot) of a node; 0 when it has no lane.
size_t lane_of(const Run& run, NodeId node);

/// The endpoints that exist at moment `m`, ordered by lane then id. When there are more than `max`,
/// the connections that closed longest ago are left out first.
std::vector<EndpointInfo> endpoints_at(const Run& run, const Moment& m, size_t max = 6);

}  // namespace tcpsim::viz
