#pragma once
// What is true at one playback position (a step and a simulated time), derived from the trace alone:
// the same position always gives the same Moment, so stepping back shows exactly what stepping
// forward showed. Checkpoints every few thousand events keep each Moment cheap to build.
#include <cstdint>
#include <vector>

#include "ladder/run.hpp"

namespace tcpsim::viz {

/// The state of a run at one playback position.
struct Moment {
  size_t step = 0;                  ///< Steps applied.
  uint32_t applied = 0;             ///< Trace events applied.
  Time now = 0;                     ///< Simulated time shown.
  std::vector<State> state;         ///< Per connection (id-1): its state (CLOSED before it exists).
  std::vector<uint8_t> created;     ///< Per connection: it exists by now.
  std::vector<uint32_t> last_change;///< Per connection: 1 + event index of its latest transition (0: none).
  /// A timer armed at this moment.
  struct Armed {
    uint32_t conn;
    TimerKind kind;
    Time deadline;
  };
  std::vector<Armed> timers;
  std::vector<uint8_t> host_down;   ///< Per node: crashed and not restarted.
  uint32_t visible_segments = 0;    ///< Segments [0, n) have been sent by now.
  /// A segment on its way: how far along (0..1 of the journey to where it arrives or dies).
  struct Flight {
    uint32_t segment;
    double progress;
  };
  std::vector<Flight> flights;
  int64_t note = -1;                ///< The note shown now (index into trace.notes), or -1.
  int64_t last_event = -1;          ///< Index of the last applied step's event, or -1.
};

/// Builds Moments of one run.
class MomentBuilder {
 public:
  explicit MomentBuilder(const Run& run);
  /// The run at step `step`, shown at simulated time `now` (segments in flight are placed by `now`).
  Moment at(size_t step, Time now) const;

 private:
  struct Checkpoint {
    uint32_t applied = 0;
    std::vector<State> state;
    std::vector<uint8_t> created;
    std::vector<uint32_t> last_change;
    std::vector<Time> timers;  // per connection x timer kind: deadline, or -1
    std::vector<uint8_t> host_down;
    int64_t note = -1;
  };
  void apply(const Event& e, uint32_t index, Checkpoint& c) const;
  const Run& run_;
  std::vector<Checkpoint> checkpoints_;
};

}  // namespace tcpsim::viz
