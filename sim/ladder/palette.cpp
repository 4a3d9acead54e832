#include "ladder/palette.hpp"

namespace tcpsim::viz {

namespace {
// Okabe & Ito, "Color Universal Design" (2008).
constexpr Rgba kOrange{230, 159, 0};
constexpr Rgba kSkyBlue{86, 180, 233};
constexpr Rgba kGreen{0, 158, 115};
constexpr Rgba kYellow{240, 228, 66};
constexpr Rgba kBlue{0, 114, 178};
constexpr Rgba kVermillion{213, 94, 0};
constexpr Rgba kPurple{204, 121, 167};
}  // namespace

const Palette& dark_palette() {
  static const Palette p = [] {
    Palette q;
    q.background = {24, 25, 28};
    q.panel = {32, 34, 38};
    q.text = {230, 230, 230};
    q.dim = {140, 144, 150};
    q.grid = {52, 55, 60};
    q.lane = {110, 114, 120};
    q.now_line = {240, 228, 66, 200};
    q.selection = {86, 180, 233, 90};
    q.rst = {240, 70, 60};
    q.syn = {60, 200, 140};
    q.fin = {86, 180, 233};
    q.data = {225, 225, 225};
    q.ack = {160, 164, 170};
    q.drop = {240, 70, 60};
    q.ghost = {200, 200, 200, 70};
    q.error = {255, 95, 85};
    q.ok = {60, 200, 140};
    q.note = {240, 228, 66};
    q.timer = {230, 159, 0};
    q.hosts = {kOrange, kSkyBlue, kGreen, kPurple, kYellow, kBlue};
    return q;
  }();
  return p;
}

const Palette& presentation_palette() {
  static const Palette p = [] {
    Palette q;
    q.light = true;
    q.background = {255, 255, 255};
    q.panel = {246, 246, 246};
    q.text = {0, 0, 0};
    q.dim = {80, 80, 80};
    q.grid = {215, 215, 215};
    q.lane = {60, 60, 60};
    q.now_line = {0, 114, 178, 220};
    q.selection = {0, 114, 178, 60};
    q.rst = kVermillion;
    q.syn = kGreen;
    q.fin = kBlue;
    q.data = {0, 0, 0};
    q.ack = {90, 90, 90};
    q.drop = kVermillion;
    q.ghost = {0, 0, 0, 60};
    q.error = {190, 40, 0};
    q.ok = kGreen;
    q.note = {0, 0, 0};
    q.timer = kOrange;
    q.hosts = {kOrange, kBlue, kGreen, kPurple, kSkyBlue, kVermillion};
    return q;
  }();
  return p;
}

Rgba segment_colour(const Palette& p, uint8_t flags, uint32_t payload_len) {
  if (flags & kRst) return p.rst;
  if (flags & kSyn) return p.syn;
  if (flags & kFin) return p.fin;
  if (payload_len > 0) return p.data;
  return p.ack;
}

}  // namespace tcpsim::viz
