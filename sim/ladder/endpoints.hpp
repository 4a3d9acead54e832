#pragma once
// The endpoints a person sees at one moment: every connection or listening socket of the viewed run
// that exists by now, in lane order, each with its host's colour slot and its one name ("client",
// "server #2", "web"). Every panel that names a connection asks conn_name(), so the ladder, the state
// diagram, the TCB panel, the console and the inspector all call it the same.
#include <cstdint>
#include <string>
#include <vector>

#include "ladder/moment.hpp"

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
  std::string label;          ///< Its name, conn_name(): "client", "server :80", "server #2", "web".
  uint16_t port = 0;          ///< Its local port.
};

/// The one name a person reads for connection `conn` of `t`, in every panel:
/// - its socket name when the scenario gives one (`connect server:80 as web`): "web";
/// - else, for a listener, its host and port: "server :80";
/// - else its host: "client".
/// Connections that would share a name (a host's several connections, a name given again to a second
/// `accept as conn`) are numbered in the order they were created: "server #1", "server #2".
std::string conn_name(const Trace& t, uint32_t conn);

/// "web: ", "server #2: " before a text about connection `conn` on its host's lane; "" when the name is
/// just the host's (the lane already says it) or the connection is a listener.
std::string conn_prefix(const Trace& t, uint32_t conn);

/// Whether a rule ends or undoes a connection without Figure 5's orderly exchange: resets, aborts,
/// crashes, timeouts, close() with unread data, SYN-RECEIVED sent back to LISTEN.
bool tears_down(Rule r);

/// The lane (colour slot) of a node; 0 when it has no lane.
size_t lane_of(const Run& run, NodeId node);

/// The endpoints that exist at moment `m`, ordered by lane then id. When there are more than `max`,
/// the connections that closed longest ago are left out first.
std::vector<EndpointInfo> endpoints_at(const Run& run, const Moment& m, size_t max = 6);

}  // namespace tcpsim::viz
