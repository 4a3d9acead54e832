#include "ladder/endpoints.hpp"

#include <algorithm>

namespace tcpsim::viz {

bool tears_down(Rule r) {
  switch (r) {
    case Rule::RcvRst:
    case Rule::RcvRst793:
    case Rule::RcvRstAfterFin:
    case Rule::RcvRstSynSent:
    case Rule::RcvRstTimeWait:
    case Rule::RstCloseUnread:
    case Rule::RstLinger0:
    case Rule::RstAbort:
    case Rule::RstDataAfterClose:
    case Rule::RstKeepaliveTimeout:
    case Rule::RstListenerClosed:
    case Rule::RstSynInWindow:
    case Rule::ListenerGone:
    case Rule::SynInSynReceived:
    case Rule::GiveUpRetransmit:
    case Rule::GiveUpSyn:
    case Rule::GiveUpSynAck:
    case Rule::RstAcceptQueueFull:
    case Rule::HostCrash:
    case Rule::AbortNothingSent:
    case Rule::FinWait2Timeout:
      return true;
    default:
      return false;
  }
}

namespace {

/// A connection's name before numbering: its socket name, "server :80" for a listener, or its host.
std::string base_name(const Trace& t, const ConnRecord& c) {
  if (!c.name.empty()) return c.name;
  const std::string host = c.node < t.nodes.size() ? t.nodes[c.node].name : std::string("?");
  return c.listener ? host + " :" + std::to_string(c.tuple.local.port) : host;
}

}  // namespace

std::string conn_name(const Trace& t, uint32_t conn) {
  if (conn == 0 || conn > t.conns.size()) return "?";
  const ConnRecord& me = t.conn(conn);
  const std::string base = base_name(t, me);
  size_t rank = 0, same = 0;
  for (const ConnRecord& c : t.conns) {
    if (base_name(t, c) != base) continue;
    ++same;
    if (c.id <= me.id) ++rank;
  }
  return same > 1 ? base + " #" + std::to_string(rank) : base;
}

std::string conn_prefix(const Trace& t, uint32_t conn) {
  if (conn == 0 || conn > t.conns.size()) return "";
  const ConnRecord& me = t.conn(conn);
  if (me.listener && me.name.empty()) return "";
  const std::string name = conn_name(t, conn);
  return me.node < t.nodes.size() && name == t.nodes[me.node].name ? "" : name + ": ";
}

size_t lane_of(const Run& run, NodeId node) {
  for (size_t i = 0; i < run.lanes.size(); ++i) {
    if (run.lanes[i] == node) return i;
  }
  return 0;
}

std::vector<EndpointInfo> endpoints_at(const Run& run, const Moment& m, size_t max) {
  const Trace& t = run.trace;
  std::vector<EndpointInfo> out;
  for (size_t i = 0; i < m.created.size() && i < t.conns.size(); ++i) {
    if (!m.created[i]) continue;
    const ConnRecord& c = t.conns[i];
    EndpointInfo e;
    e.conn = c.id;
    e.node = c.node;
    e.lane = lane_of(run, c.node);
    e.listener = c.listener;
    e.state = m.state[i];
    e.gone = e.state == State::Closed && m.last_change[i] != 0;
    e.broken = e.gone && tears_down(t.events[m.last_change[i] - 1].rule);
    e.host = c.node < t.nodes.size() ? t.nodes[c.node].name : std::string("?");
    e.label = conn_name(t, c.id);
    e.port = c.tuple.local.port;
    out.push_back(std::move(e));
  }
  if (out.size() > max) {
    // Keep the living ones, then the most recently closed.
    std::stable_sort(out.begin(), out.end(), [&](const EndpointInfo& a, const EndpointInfo& b) {
      if (a.gone != b.gone) return !a.gone;
      return m.last_change[a.conn - 1] > m.last_change[b.conn - 1];
    });
    out.resize(max);
  }
  std::stable_sort(out.begin(), out.end(), [](const EndpointInfo& a, const EndpointInfo& b) {
    return a.lane != b.lane ? a.lane < b.lane : a.conn < b.conn;
  });
  return out;
}

}  // namespace tcpsim::viz
