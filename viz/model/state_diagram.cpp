#include "model/state_diagram.hpp"

#include <algorithm>
#include <cmath>

#include "tcp/transitions.hpp"

namespace tcpsim::viz {

namespace {

using B = DiagramBox;

/// Where each box sits in Figure 5's grid: three columns (0, ½, 1) and seven rows (0 to 1).
constexpr UnitPoint kCentres[kDiagramBoxes] = {
    {0.5f, 0.0f / 6},  // CLOSED (top)
    {0.5f, 1.0f / 6},  // LISTEN
    {0.0f, 2.0f / 6},  // SYN-RECEIVED
    {1.0f, 2.0f / 6},  // SYN-SENT
    {0.5f, 3.0f / 6},  // ESTABLISHED
    {0.0f, 4.0f / 6},  // FIN-WAIT-1
    {0.0f, 5.0f / 6},  // FIN-WAIT-2
    {1.0f, 4.0f / 6},  // CLOSE-WAIT
    {0.5f, 5.0f / 6},  // CLOSING
    {1.0f, 5.0f / 6},  // LAST-ACK
    {0.5f, 6.0f / 6},  // TIME-WAIT
    {1.0f, 6.0f / 6},  // CLOSED (end)
};

constexpr State kStates[kDiagramBoxes] = {State::Closed,   State::Listen,    State::SynReceived, State::SynSent,
                                          State::Established, State::FinWait1, State::FinWait2,   State::CloseWait,
                                          State::Closing,  State::LastAck,   State::TimeWait,    State::Closed};

}  // namespace

std::string_view state_meaning(State s) {
  switch (s) {
    case State::Listen: return "waiting for a connection request from any remote TCP peer and port.";
    case State::SynSent: return "waiting for a matching connection request after having sent a connection request.";
    case State::SynReceived:
      return "waiting for a confirming connection request acknowledgment after having both received and sent a "
             "connection request.";
    case State::Established:
      return "an open connection, data received can be delivered to the user. The normal state for the data "
             "transfer phase of the connection.";
    case State::FinWait1:
      return "waiting for a connection termination request from the remote TCP peer, or an acknowledgment of the "
             "connection termination request previously sent.";
    case State::FinWait2: return "waiting for a connection termination request from the remote TCP peer.";
    case State::CloseWait: return "waiting for a connection termination request from the local user.";
    case State::Closing:
      return "waiting for a connection termination request acknowledgment from the remote TCP peer.";
    case State::LastAck:
      return "waiting for an acknowledgment of the connection termination request previously sent to the remote "
             "TCP peer.";
    case State::TimeWait:
      return "waiting for enough time to pass to be sure the remote TCP peer received the acknowledgment of its "
             "connection termination request, and to avoid new connections being impacted by delayed segments "
             "from previous connections.";
    case State::Closed: return "no connection state at all.";
  }
  return "";
}

const FigureLayout& figure5() {
  static const FigureLayout f = [] {
    FigureLayout l;
    for (int i = 0; i < kDiagramBoxes; ++i) {
      l.boxes[i] = {static_cast<B>(i), kStates[i], kCentres[i], state_name(kStates[i])};
    }
    // The arrows and their labels are the table's (sim/tcp/transitions.hpp); only the boxes are ours.
    for (const FigureArrow& a : kFigure5) {
      l.edges.push_back({box_for(a.from), box_for(a.to, a.from), EdgeKind::Figure, {a.trigger, a.action}});
    }
    return l;
  }();
  return f;
}

DiagramBox box_for(State s, State after) {
  switch (s) {
    case State::Closed:
      return is_synchronized(after) ? B::ClosedEnd : B::ClosedTop;
    case State::Listen: return B::Listen;
    case State::SynSent: return B::SynSent;
    case State::SynReceived: return B::SynReceived;
    case State::Established: return B::Established;
    case State::FinWait1: return B::FinWait1;
    case State::FinWait2: return B::FinWait2;
    case State::CloseWait: return B::CloseWait;
    case State::Closing: return B::Closing;
    case State::LastAck: return B::LastAck;
    case State::TimeWait: return B::TimeWait;
  }
  return B::ClosedTop;
}

DiagramTransition classify(State from, State to, Rule rule) {
  DiagramTransition t;
  t.from = from;
  t.to = to;
  t.rule = rule;
  t.cause = std::string(rule_info(rule).label);
  t.from_box = box_for(from);
  t.to_box = box_for(to, from);
  const std::vector<DiagramEdge>& edges = figure5().edges;
  int edge = -1;
  for (size_t i = 0; i < edges.size(); ++i) {
    if (edges[i].from == t.from_box && edges[i].to == t.to_box) edge = static_cast<int>(i);
  }
  // The figure's reason for its arrow: the table's row for this transition names that arrow.
  const int row = find_transition(from, rule, to);
  const bool figure_reason =
      edge >= 0 && (rule == Rule::None || (row >= 0 && static_cast<int>(kTransitions[static_cast<size_t>(row)].arrow) == edge));
  if (figure_reason || (edge >= 0 && !tears_down(rule))) {
    // Figure 5's arrow (a reason it does not name, like a new SYN ending TIME-WAIT, still follows it).
    t.kind = EdgeKind::Figure;
    t.edge = edge;
  } else if (!tears_down(rule) && to != State::Closed && to != State::Listen) {
    t.kind = EdgeKind::Extra;  // FIN-WAIT-1 → TIME-WAIT: a FIN that also acknowledges ours.
  } else {
    t.kind = EdgeKind::Abnormal;
  }
  return t;
}

DiagramView diagram_view(const Run& run, const Moment& m) {
  DiagramView v;
  const Trace& tr = run.trace;
  const double story_now = run.clock.story(m.now);
  for (const EndpointInfo& info : endpoints_at(run, m)) {
    DiagramEndpoint d;
    d.info = info;
    const uint32_t lc = m.last_change[info.conn - 1];
    State came_from = State::Closed;
    if (lc > 0 && lc - 1 < tr.events.size()) {
      const Event& e = tr.events[lc - 1];
      d.has_last = true;
      d.last = classify(static_cast<State>(e.a), static_cast<State>(e.b), e.rule);
      d.last.conn = info.conn;
      d.last.event = lc - 1;
      d.last.age = std::max(0.0, story_now - run.clock.story(e.t));
      d.last.glow = static_cast<float>(std::clamp(1.0 - d.last.age / kGlowStory, 0.0, 1.0));
      came_from = static_cast<State>(e.a);
    }
    d.box = box_for(info.state, came_from);
    v.endpoints.push_back(std::move(d));
  }
  return v;
}

}  // namespace tcpsim::viz
