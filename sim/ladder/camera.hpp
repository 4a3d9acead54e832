#pragma once
// The ladder's view onto story time: which story time is at the top edge and how many pixels one
// story second takes. Zoom keeps the story time under the mouse fixed.
namespace tcpsim::viz {

/// Zoom and pan of the ladder.
struct LadderCamera {
  double top = -0.3;             ///< Story seconds at the top edge of the ladder area.
  double pixels_per_story = 90;  ///< Zoom: pixels per story second.
  bool follow = true;            ///< Scroll along so the playback position stays visible.
  bool fit_pending = true;       ///< Fit the run on the next frame (set on load and by "fit").
  bool fit_readable = true;      ///< On load: fit, but never so small that arrows cannot be read.
  bool was_playing = false;      ///< Playback ran last frame (starting to play turns follow back on).

  static constexpr double kMinZoom = 1e-4;
  static constexpr double kMaxZoom = 5000;

  /// Zooms by `factor` keeping story time `anchor` at the same pixel row.
  void zoom_at(double factor, double anchor) {
    double z = pixels_per_story * factor;
    z = z < kMinZoom ? kMinZoom : (z > kMaxZoom ? kMaxZoom : z);
    top = anchor - (anchor - top) * (pixels_per_story / z);
    pixels_per_story = z;
  }
  /// Shows story times [from, to] in `height` pixels.
  void fit(double from, double to, double height) {
    const double span = to - from > 1e-9 ? to - from : 1.0;
    pixels_per_story = height / (span * 1.08);
    top = from - span * 0.04;
  }
  /// Pixel row (relative to the ladder's top) of story time `s`.
  double y(double s) const { return (s - top) * pixels_per_story; }
  /// Story time at pixel row `y`.
  double story_at(double y) const { return top + y / pixels_per_story; }
};

}  // namespace tcpsim::viz
