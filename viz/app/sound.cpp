#include "app/sound.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "app/sound_device.hpp"

namespace tcpsim::viz {

namespace {

constexpr unsigned kRate = 44100;
constexpr double kPi = 3.14159265358979323846;

/// A short tone: frequency sweeping from f0 to f1, amplitude envelope decaying, optional noise.
std::vector<int16_t> tone(double seconds, double f0, double f1, double volume, double noise, double decay) {
  const size_t n = static_cast<size_t>(seconds * kRate);
  std::vector<int16_t> s(n);
  double phase = 0;
  uint32_t rng = 0x12345678;
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kRate;
    const double f = f0 + (f1 - f0) * (t / seconds);
    phase += 2 * kPi * f / kRate;
    rng = rng * 1664525u + 1013904223u;
    const double white = (static_cast<double>(rng >> 8) / 8388608.0) - 1.0;
    const double attack = std::min(1.0, t / 0.004);
    const double env = attack * std::exp(-t * decay);
    const double v = ((1 - noise) * std::sin(phase) + noise * white) * env * volume;
    s[i] = static_cast<int16_t>(std::clamp(v, -1.0, 1.0) * 32000);
  }
  return s;
}

}  // namespace

Sound::Sound() = default;

Sound::~Sound() { close_sound_device(device_); }

bool Sound::init(bool disabled) {
  if (disabled || ready_) return ready_;
  // In Cue order.
  const std::vector<std::vector<int16_t>> cues = {
      tone(0.09, 600, 1300, 0.35, 0.0, 18),    // Syn: a rising chirp, "hello?"
      tone(0.03, 1800, 1800, 0.18, 0.1, 90),   // Data: a light tick per segment
      tone(0.18, 660, 520, 0.30, 0.0, 12),     // Fin: a soft falling tone, "goodbye"
      tone(0.25, 110, 55, 0.9, 0.55, 14),      // Rst: the slam, a low thump and noise
      tone(0.22, 900, 250, 0.28, 0.05, 9),     // Drop: a falling whistle into nothing
  };
  device_ = open_sound_device(cues, kRate);
  ready_ = device_ != nullptr;
  return ready_;
}

void Sound::play(Cue cue) {
  if (!ready_ || cue == Cue::Count) return;
  play_on_device(device_, next_voice_, static_cast<size_t>(cue));
  next_voice_ = (next_voice_ + 1) % kSoundVoices;
}

void Sound::cues(const AppState& app, size_t applied_before) {
  if (!ready_ || !app.run()) return;
  const size_t now = app.moment.applied;
  if (now <= applied_before || now - applied_before > 40) return;  // backwards, or a jump
  const Trace& t = app.run()->trace;
  bool played[static_cast<int>(Cue::Count)] = {};
  for (size_t i = applied_before; i < now && i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    Cue c = Cue::Count;
    if (e.type == EventType::SegmentSent) {
      const Segment& s = t.segments[e.ref].seg;
      c = (s.flags & kRst) ? Cue::Rst : (s.flags & kSyn) ? Cue::Syn : (s.flags & kFin) ? Cue::Fin : Cue::Data;
      if (c == Cue::Data && s.data.len == 0) c = Cue::Count;  // bare ACKs stay quiet
    } else if (e.type == EventType::SegmentDropped) {
      c = Cue::Drop;
    }
    if (c == Cue::Count || played[static_cast<int>(c)]) continue;
    played[static_cast<int>(c)] = true;  // one of each per frame, however many segments
    play(c);
  }
}

}  // namespace tcpsim::viz
