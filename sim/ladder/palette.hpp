#pragma once
// Colours for the views, as plain data (the app turns them into ImGui colours). Two themes: the
// everyday dark one, and presentation mode's high-contrast light one for projectors. Host colours come
// from the Okabe-Ito palette, which people with the common colour-vision deficiencies tell apart;
// segment kinds never rely on colour alone (RSTs are also heavier and labelled).
#include <array>
#include <cstdint>

#include "tcp/segment.hpp"

namespace tcpsim::viz {

/// An sRGB colour with alpha.
struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  /// The same colour with another alpha.
  constexpr Rgba alpha(uint8_t na) const { return {r, g, b, na}; }
};

/// Every colour a view uses.
struct Palette {
  Rgba background, panel, text, dim, grid, lane, now_line, selection;
  Rgba rst, syn, fin, data, ack, drop, ghost, error, ok, note, timer;
  std::array<Rgba, 6> hosts;  ///< Per host, in lane order (wraps).
  bool light = false;         ///< Light background (presentation mode).
};

/// The everyday dark theme.
const Palette& dark_palette();
/// Presentation mode: white background, black text, strong colour-blind-safe colours.
const Palette& presentation_palette();
/// The colour of a segment by its flags: RST > SYN > FIN > data > bare ACK.
Rgba segment_colour(const Palette& p, uint8_t flags, uint32_t payload_len);

}  // namespace tcpsim::viz
