#include "model/state_diagram.hpp"

#include <algorithm>
#include <cmath>

namespace tcpsim::viz {

namespace {

using B = DiagramBox;

constexpr float kLeft = 0.1f, kMid = 0.5f, kRight = 0.9f;

/// Where each box sits: Figure 5's rows and three columns.
constexpr UnitPoint kCentres[kDiagramBoxes] = {
    {kMid, 0.05f},      // CLOSED (top)
    {kMid, 0.23f},      // LISTEN
    {kLeft, 0.385f},    // SYN-RECEIVED
    {kRight, 0.385f},   // SYN-SENT
    {kMid, 0.525f},     // ESTABLISHED
    {kLeft, 0.66f},     // FIN-WAIT-1
    {kLeft, 0.80f},     // FIN-WAIT-2
    {kRight, 0.66f},    // CLOSE-WAIT
    {kMid, 0.80f},      // CLOSING
    {kRight, 0.80f},    // LAST-ACK
    {kMid, 0.945f},     // TIME-WAIT
    {kRight, 0.945f},   // CLOSED (end)
};

constexpr State kStates[kDiagramBoxes] = {State::Closed,   State::Listen,    State::SynReceived, State::SynSent,
                                          State::Established, State::FinWait1, State::FinWait2,   State::CloseWait,
                                          State::Closing,  State::LastAck,   State::TimeWait,    State::Closed};

constexpr float kHalfW = 0.1f, kHalfH = 0.05f;

UnitPoint centre(B b) { return kCentres[static_cast<int>(b)]; }
UnitPoint top(B b, float dx = 0) { return {centre(b).x + dx, centre(b).y - kHalfH}; }
UnitPoint bottom(B b, float dx = 0) { return {centre(b).x + dx, centre(b).y + kHalfH}; }
UnitPoint left(B b, float dy = 0) { return {centre(b).x - kHalfW, centre(b).y + dy}; }
UnitPoint right(B b, float dy = 0) { return {centre(b).x + kHalfW, centre(b).y + dy}; }

/// Where the ray from a box's centre towards `p` leaves the box.
UnitPoint border_toward(B b, UnitPoint p) {
  const UnitPoint c = centre(b);
  const float dx = p.x - c.x, dy = p.y - c.y;
  if (std::fabs(dx) < 1e-6f && std::fabs(dy) < 1e-6f) return c;
  const float tx = std::fabs(dx) > 1e-6f ? kHalfW / std::fabs(dx) : 1e9f;
  const float ty = std::fabs(dy) > 1e-6f ? kHalfH / std::fabs(dy) : 1e9f;
  const float t = std::min(tx, ty);
  return {c.x + dx * t, c.y + dy * t};
}

struct FigureEdgeSpec {
  B from, to;
  std::vector<UnitPoint> path;
  EdgeLabel label;
  std::vector<Rule> rules;  ///< The rules that take this arrow for the figure's reason.
};

/// Figure 5's arrows, routed like the figure's.
std::vector<FigureEdgeSpec> figure_edges() {
  using A = LabelAnchor;
  const float gap_y = (centre(B::ClosedTop).y + centre(B::Listen).y) / 2;  // between CLOSED and LISTEN
  return {
      {B::ClosedTop, B::Listen, {bottom(B::ClosedTop, -0.05f), top(B::Listen, -0.05f)},
       {"passive OPEN", "create TCB", {kMid - 0.11f, gap_y + 0.015f}, A::Right}, {Rule::PassiveOpen}},
      {B::Listen, B::ClosedTop, {top(B::Listen, 0.05f), bottom(B::ClosedTop, 0.05f)},
       {"CLOSE", "delete TCB", {kMid + 0.11f, gap_y + 0.02f}, A::Left}, {Rule::CloseNothingSent, Rule::AbortNothingSent}},
      {B::ClosedTop, B::SynSent, {right(B::ClosedTop, -0.02f), {kRight + 0.06f, centre(B::ClosedTop).y - 0.02f},
                                  top(B::SynSent, 0.06f)},
       {"active OPEN", "snd SYN", {0.775f, centre(B::ClosedTop).y - 0.02f}, A::Straddle}, {Rule::ActiveOpen}},
      {B::SynSent, B::ClosedTop, {top(B::SynSent, -0.02f), {kRight - 0.02f, centre(B::ClosedTop).y + 0.045f},
                                  right(B::ClosedTop, 0.045f)},
       {"CLOSE", "delete TCB", {kRight - 0.035f, 0.205f}, A::Right}, {Rule::CloseNothingSent, Rule::AbortNothingSent}},
      {B::Listen, B::SynSent, {right(B::Listen, 0.02f), left(B::SynSent, -0.025f)},
       {"SEND", "snd SYN", {0.645f, 0.35f}, A::Centre}, {Rule::ActiveOpen, Rule::Data}},
      {B::Listen, B::SynReceived, {bottom(B::Listen, -0.06f), right(B::SynReceived, -0.02f)},
       {"rcv SYN", "snd SYN,ACK", {0.30f, 0.31f}, A::Centre}, {Rule::SynAckPassive}},
      {B::SynReceived, B::Listen, {top(B::SynReceived), {kLeft, centre(B::Listen).y}, left(B::Listen)},
       {"rcv RST", "", {0.20f, centre(B::Listen).y - 0.02f}, A::Centre}, {Rule::RcvRst, Rule::RcvRst793}},
      {B::SynSent, B::SynReceived, {left(B::SynSent, 0.005f), right(B::SynReceived, 0.005f)},
       {"rcv SYN", "snd SYN,ACK", {kMid, centre(B::SynSent).y + 0.005f}, A::Straddle}, {Rule::SynAckSimultaneous}},
      {B::SynReceived, B::Established, {right(B::SynReceived, 0.03f), left(B::Established, -0.02f)},
       {"rcv ACK of SYN", "", {0.27f, 0.50f}, A::Centre}, {Rule::AckOfSyn}},
      {B::SynSent, B::Established, {left(B::SynSent, 0.03f), right(B::Established, -0.02f)},
       {"rcv SYN,ACK", "snd ACK", {0.73f, 0.505f}, A::Centre}, {Rule::HandshakeAck}},
      {B::SynReceived, B::FinWait1, {bottom(B::SynReceived, -0.045f), top(B::FinWait1, -0.045f)},
       {"CLOSE", "snd FIN", {kLeft - 0.03f, 0.52f}, A::Left}, {Rule::Fin, Rule::FinShutdown}},
      {B::Established, B::FinWait1, {left(B::Established, 0.025f), right(B::FinWait1, -0.02f)},
       {"CLOSE", "snd FIN", {0.31f, 0.655f}, A::Centre}, {Rule::Fin, Rule::FinShutdown}},
      {B::Established, B::CloseWait, {right(B::Established, 0.025f), left(B::CloseWait, -0.02f)},
       {"rcv FIN", "snd ACK", {0.69f, 0.65f}, A::Centre}, {Rule::RcvFin}},
      {B::FinWait1, B::FinWait2, {bottom(B::FinWait1, -0.045f), top(B::FinWait2, -0.045f)},
       {"rcv ACK of FIN", "", {kLeft + 0.105f, 0.73f}, A::Left}, {Rule::AckOfFin}},
      {B::FinWait1, B::Closing, {right(B::FinWait1, -0.01f), top(B::Closing, -0.06f)},
       {"rcv FIN", "snd ACK", {0.30f, 0.80f}, A::Centre}, {Rule::RcvFin}},
      {B::CloseWait, B::LastAck, {bottom(B::CloseWait), top(B::LastAck)},
       {"CLOSE", "snd FIN", {kRight - 0.105f, 0.73f}, A::Right}, {Rule::Fin, Rule::FinShutdown}},
      {B::FinWait2, B::TimeWait, {bottom(B::FinWait2), {kLeft, centre(B::TimeWait).y}, left(B::TimeWait)},
       {"rcv FIN", "snd ACK", {0.25f, centre(B::TimeWait).y}, A::Straddle}, {Rule::RcvFin}},
      {B::Closing, B::TimeWait, {bottom(B::Closing), top(B::TimeWait)},
       {"rcv ACK of FIN", "", {kMid + 0.015f, 0.8725f}, A::Left}, {Rule::AckOfFin}},
      {B::LastAck, B::ClosedEnd, {bottom(B::LastAck), top(B::ClosedEnd)},
       {"rcv ACK of FIN", "", {kRight - 0.015f, 0.8725f}, A::Right}, {Rule::AckOfFin}},
      {B::TimeWait, B::ClosedEnd, {right(B::TimeWait), left(B::ClosedEnd)},
       {"Timeout=2MSL", "delete TCB", {0.70f, centre(B::TimeWait).y}, A::Straddle}, {Rule::TimeWaitTimeout}},
  };
}

const std::vector<FigureEdgeSpec>& specs() {
  static const std::vector<FigureEdgeSpec> s = figure_edges();
  return s;
}

/// A smooth route through `via` (Catmull-Rom), from the border of `from` to the border of `to`.
std::vector<UnitPoint> curve(B from, B to, std::vector<UnitPoint> via) {
  std::vector<UnitPoint> pts;
  pts.push_back(border_toward(from, via.empty() ? centre(to) : via.front()));
  for (const UnitPoint& p : via) pts.push_back(p);
  pts.push_back(border_toward(to, via.empty() ? centre(from) : via.back()));
  if (pts.size() == 2) return pts;
  std::vector<UnitPoint> out;
  const int kSteps = 10;
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const UnitPoint p0 = pts[i == 0 ? 0 : i - 1], p1 = pts[i], p2 = pts[i + 1];
    const UnitPoint p3 = pts[std::min(i + 2, pts.size() - 1)];
    for (int s = 0; s < kSteps; ++s) {
      const float t = static_cast<float>(s) / kSteps, t2 = t * t, t3 = t2 * t;
      auto f = [&](float a, float b, float c, float d) {
        return 0.5f * ((2 * b) + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      };
      out.push_back({f(p0.x, p1.x, p2.x, p3.x), f(p0.y, p1.y, p2.y, p3.y)});
    }
  }
  out.push_back(pts.back());
  return out;
}

/// The route of a transition Figure 5 does not draw. `bend` moves the curve aside (several
/// endpoints taking the same route).
std::vector<UnitPoint> own_route(B from, B to, int bend) {
  const float k = 0.035f * static_cast<float>(bend);
  if (to == B::ClosedEnd) {
    switch (from) {
      case B::FinWait1:
      case B::FinWait2:
        // Down between FIN-WAIT-2 and CLOSING, under CLOSING, up to CLOSED's top-left corner.
        return curve(from, to, {{0.30f, 0.82f + k}, {0.50f, 0.873f + k * 0.3f}, {0.72f, 0.873f + k * 0.3f}});
      case B::Established:
        // Between CLOSING and LAST-ACK, into CLOSED's top-left corner.
        return curve(from, to, {{0.66f - k * 0.5f, 0.66f + k}, {0.70f - k * 0.5f, 0.82f}});
      case B::CloseWait:
        return curve(from, to, {{0.75f - k, 0.80f}});
      case B::LastAck:
        return curve(from, to, {{0.77f - k, 0.875f}});
      case B::TimeWait:
        return curve(from, to, {{0.70f, 0.99f - k * 0.3f}});
      case B::Closing:
        return curve(from, to, {{0.70f, 0.873f + k * 0.3f}});
      default: {
        const UnitPoint a = centre(from), b = centre(to);
        return curve(from, to, {{(a.x + b.x) / 2 - 0.06f - k, (a.y + b.y) / 2 + 0.04f + k}});
      }
    }
  }
  if (to == B::ClosedTop) {
    switch (from) {
      case B::SynReceived:
        return curve(from, to, {{kLeft + 0.04f + k, centre(B::ClosedTop).y + 0.02f}});
      case B::SynSent:
        return curve(from, to, {{0.80f - k, 0.16f}});
      case B::Listen:
        return curve(from, to, {{0.36f - k, 0.135f}});
      default:
        break;
    }
  }
  const UnitPoint a = centre(from), b = centre(to);
  // Bend to the left of the direction of travel.
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::max(1e-6f, std::sqrt(dx * dx + dy * dy));
  const float off = 0.05f + k;
  return curve(from, to, {{(a.x + b.x) / 2 + dy / len * off, (a.y + b.y) / 2 - dx / len * off}});
}

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
    for (const FigureEdgeSpec& s : specs()) l.edges.push_back({s.from, s.to, EdgeKind::Figure, s.path, s.label});
    l.half_w = kHalfW;
    l.half_h = kHalfH;
    return l;
  }();
  return f;
}

DiagramBox box_for(State s, State after) {
  switch (s) {
    case State::Closed:
      switch (after) {
        case State::Closed:
        case State::Listen:
        case State::SynSent:
        case State::SynReceived:
          return B::ClosedTop;
        default:
          return B::ClosedEnd;
      }
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
  const std::vector<FigureEdgeSpec>& s = specs();
  int edge = -1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i].from == t.from_box && s[i].to == t.to_box) edge = static_cast<int>(i);
  }
  const bool figure_reason =
      edge >= 0 && (rule == Rule::None || std::find(s[edge].rules.begin(), s[edge].rules.end(), rule) != s[edge].rules.end());
  if (figure_reason || (edge >= 0 && !tears_down(rule))) {
    // Figure 5's arrow (a reason it does not name, like a new SYN ending TIME-WAIT, still follows it).
    t.kind = EdgeKind::Figure;
    t.edge = edge;
    t.path = s[edge].path;
  } else if (!tears_down(rule) && to != State::Closed && to != State::Listen) {
    t.kind = EdgeKind::Extra;  // FIN-WAIT-1 → TIME-WAIT: a FIN that also acknowledges ours.
    t.path = own_route(t.from_box, t.to_box, 0);
  } else {
    t.kind = EdgeKind::Abnormal;
    t.path = own_route(t.from_box, t.to_box, 0);
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
  // Endpoints that took the same route of their own: bend each one further so all stay visible.
  for (size_t i = 0; i < v.endpoints.size(); ++i) {
    DiagramTransition& a = v.endpoints[i].last;
    if (!v.endpoints[i].has_last || a.kind == EdgeKind::Figure) continue;
    int same = 0;
    for (size_t j = 0; j < i; ++j) {
      const DiagramTransition& b = v.endpoints[j].last;
      if (v.endpoints[j].has_last && b.kind != EdgeKind::Figure && b.from_box == a.from_box && b.to_box == a.to_box) {
        ++same;
      }
    }
    if (same > 0) a.path = own_route(a.from_box, a.to_box, same);
  }
  return v;
}

}  // namespace tcpsim::viz
