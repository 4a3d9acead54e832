#pragma once
// The state strip: what replaces Figure 5 on a projector when the figure cannot be drawn large enough
// to read from the back row (labels of 16 px or more). One card per connection: its name, its state
// in large bold letters, and where it came from and why ("from SYN-RECEIVED", "rcv ACK of SYN"). Laid
// out here, measured with the panel's fonts, so that no word is cut and a test can check it.
#include <string>
#include <vector>

#include "model/state_diagram_layout.hpp"

namespace tcpsim::viz {

/// The smallest text the strip uses: readable from the back of a classroom on a 1280x720 projector.
constexpr float kBackRowFont = 16.0f;

/// Whether the back row can read Figure 5 as laid out: every label drawn, at kBackRowFont or more.
/// In presentation mode the strip takes the figure's place when it cannot.
inline bool readable_from_back_row(const FigureScene& s) { return s.labels && s.label_font >= kBackRowFont; }

/// What a piece of a card says, so the panel can colour it.
enum class StripRole : uint8_t {
  Name,   ///< The connection's name (beside its host's colour).
  State,  ///< Its state now: bold and large.
  From,   ///< "from SYN-RECEIVED".
  Cause,  ///< "rcv ACK of SYN"; red when the transition was not an orderly one.
};

/// One line (or part of a line) of a card, placed.
struct StripText {
  Box box;                            ///< Where it goes (its width as measured, the font's height).
  std::string text;                   ///< What it says.
  StripRole role = StripRole::Name;   ///< What it is.
  float font = kBackRowFont;          ///< Its pixel height.
  bool bold = false;                  ///< Drawn in the bold font.
};

/// One connection's card.
struct StripCard {
  size_t endpoint = 0;            ///< Index into DiagramView::endpoints.
  Box box;                        ///< The card.
  Box swatch;                     ///< Its host's colour, before the name.
  std::vector<StripText> texts;   ///< Name, state, from, cause.
};

/// The strip for one panel size.
struct StripLayout {
  float font = kBackRowFont;       ///< Names and details.
  float state_font = kBackRowFont; ///< States (bold).
  int columns = 1;                 ///< Cards per row.
  float height = 0;                ///< Height the cards take.
  bool fits = false;               ///< Every card fits the panel at kBackRowFont or more.
  std::vector<StripCard> cards;    ///< In lane order.
};

/// The strip of `v` in a `w` x `h` panel: the largest font up to `max_font` (never under kBackRowFont)
/// and the number of columns at which every card fits, every word whole; when none does, the same
/// without each card's cause.
StripLayout layout_strip(const DiagramView& v, float w, float h, const MeasureText& measure, float max_font);

}  // namespace tcpsim::viz
