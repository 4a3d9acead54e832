#pragma once
// RFC 9293 Figure 5 as a drawing: where each state's box sits, the arrows the figure draws with their
// labels ("rcv SYN / snd SYN,ACK") as the transition table in sim/tcp/transitions.hpp gives them, and,
// at one moment, which box each endpoint is in and which transition it has just taken. Transitions the figure does not draw (an RST tearing down ESTABLISHED,
// close() with unread data, SYN-RECEIVED back to LISTEN on a new SYN...) are flagged abnormal, so the
// panel can draw them as red dashed arrows on a route of their own. Where everything goes in pixels is
// state_diagram_layout.hpp's business.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ladder/endpoints.hpp"

namespace tcpsim::viz {

/// The boxes of Figure 5. CLOSED appears twice, as in the figure: at the top (where connections
/// start) and at the bottom right (where an orderly close ends).
enum class DiagramBox : uint8_t {
  ClosedTop,
  Listen,
  SynReceived,
  SynSent,
  Established,
  FinWait1,
  FinWait2,
  CloseWait,
  Closing,
  LastAck,
  TimeWait,
  ClosedEnd,
};
constexpr int kDiagramBoxes = 12;

/// A point in the diagram's unit square.
struct UnitPoint {
  float x = 0, y = 0;  ///< 0..1 across and down the figure.
};

/// One state box.
struct BoxShape {
  DiagramBox box = DiagramBox::ClosedTop;  ///< Which box.
  State state = State::Closed;            ///< The state it shows.
  UnitPoint centre;                       ///< Its place in Figure 5's grid: three columns, seven rows.
  std::string_view name;  ///< The RFC name shown in the box ("FIN-WAIT-1").
};

/// The two parts of a Figure 5 label: what happens, and what TCP does ("x" in the RFC: nothing).
struct EdgeLabel {
  std::string_view trigger;  ///< "rcv SYN", "CLOSE", "Timeout=2MSL".
  std::string_view action;   ///< "snd SYN,ACK", "delete TCB"; empty when nothing is sent.
};

/// How a transition relates to Figure 5.
enum class EdgeKind : uint8_t {
  Figure,    ///< Drawn in Figure 5, taken for the reason the figure gives.
  Extra,     ///< An orderly transition the figure leaves out (FIN-WAIT-1 → TIME-WAIT on FIN+ACK).
  Abnormal,  ///< Not an orderly step: a reset, an abort, a crash, a timeout (red and dashed).
};

/// An arrow of the figure (its route in pixels comes from layout_figure()).
struct DiagramEdge {
  DiagramBox from = DiagramBox::ClosedTop;  ///< Where it starts.
  DiagramBox to = DiagramBox::ClosedTop;    ///< Where it points.
  EdgeKind kind = EdgeKind::Figure;         ///< Figure 5 draws it.
  EdgeLabel label;                          ///< "rcv SYN / snd SYN,ACK".
};

/// Figure 5: its boxes (indexed by DiagramBox) and its arrows.
struct FigureLayout {
  std::array<BoxShape, kDiagramBoxes> boxes;  ///< Indexed by DiagramBox.
  std::vector<DiagramEdge> edges;             ///< The figure's twenty arrows.
};

/// What a state means, in RFC 9293 §3.3.2's words.
std::string_view state_meaning(State s);

/// The figure (built once).
const FigureLayout& figure5();

/// The box that shows a state. CLOSED is the top box unless `after` (the state it came from) is
/// ESTABLISHED or later: then the connection ended, and it is the bottom one.
DiagramBox box_for(State s, State after = State::Closed);

/// A transition as the diagram draws it.
struct DiagramTransition {
  uint32_t conn = 0;                                                           ///< Whose transition.
  State from = State::Closed, to = State::Closed;                              ///< The states.
  DiagramBox from_box = DiagramBox::ClosedTop, to_box = DiagramBox::ClosedTop; ///< Their boxes.
  Rule rule = Rule::None;                                                      ///< Why.
  std::string cause;        ///< The rule's label: "rcv RST", "close() with unread data".
  EdgeKind kind = EdgeKind::Figure;  ///< Figure, Extra or Abnormal.
  int edge = -1;            ///< Index into figure5().edges when the figure draws it, else -1.
  uint32_t event = 0;       ///< Trace event index of the StateChanged.
  double age = 0;           ///< Story seconds since it happened.
  float glow = 0;           ///< 1 just after it happened, fading to 0 over kGlowStory.
};

/// Story seconds a transition keeps glowing after it is taken.
constexpr double kGlowStory = 1.0;

/// How Figure 5 sees a transition: which arrow (or none) and what kind.
DiagramTransition classify(State from, State to, Rule rule);

/// One endpoint in the diagram.
struct DiagramEndpoint {
  EndpointInfo info;                       ///< Who.
  DiagramBox box = DiagramBox::ClosedTop;  ///< The box highlighted in its host's colour.
  bool has_last = false;                   ///< It has taken a transition by now.
  DiagramTransition last;                  ///< Its latest transition.
};

/// The diagram at one moment.
struct DiagramView {
  std::vector<DiagramEndpoint> endpoints;  ///< In lane order.
};

/// Which box each endpoint of `run` is in at `m`, and the transition each took last (with its glow
/// at story time `story_now`).
DiagramView diagram_view(const Run& run, const Moment& m);

}  // namespace tcpsim::viz
