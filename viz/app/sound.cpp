#include "app/sound.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <SFML/Audio.hpp>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

namespace tcpsim::viz {

namespace {

constexpr unsigned kRate = 44100;
constexpr double kPi = 3.14159265358979323846;

/// Runs `fn` with stderr (ALSA, OpenAL) and sf::err() silenced; returns what SFML reported.
template <typename F>
std::string quietly(F fn) {
  std::fflush(stderr);
  const int saved = dup(2);
  const int devnull = open("/dev/null", O_WRONLY);
  if (devnull >= 0) {
    dup2(devnull, 2);
    close(devnull);
  }
  std::stringstream errs;
  std::streambuf* old = sf::err().rdbuf(errs.rdbuf());
  fn();
  sf::err().rdbuf(old);
  if (saved >= 0) {
    dup2(saved, 2);
    close(saved);
  }
  return errs.str();
}

/// A short tone: frequency sweeping from f0 to f1, amplitude envelope decaying, optional noise.
std::vector<sf::Int16> tone(double seconds, double f0, double f1, double volume, double noise, double decay) {
  const size_t n = static_cast<size_t>(seconds * kRate);
  std::vector<sf::Int16> s(n);
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
    s[i] = static_cast<sf::Int16>(std::clamp(v, -1.0, 1.0) * 32000);
  }
  return s;
}

}  // namespace

struct Sound::Impl {
  sf::SoundBuffer buffers[static_cast<int>(Cue::Count)];
  sf::Sound voices[8];
  int next_voice = 0;
};

Sound::Sound() = default;

Sound::~Sound() {
  // Destroying OpenAL objects of a device that failed to open prints errors: do it quietly.
  if (impl_) quietly([&] { impl_.reset(); });
}

bool Sound::init(bool disabled) {
  if (disabled) return false;
  impl_ = std::make_unique<Impl>();
  const std::string errors = quietly([&] {
    const struct {
      Cue cue;
      std::vector<sf::Int16> samples;
    } cues[] = {
        {Cue::Syn, tone(0.09, 600, 1300, 0.35, 0.0, 18)},     // a rising chirp: "hello?"
        {Cue::Data, tone(0.03, 1800, 1800, 0.18, 0.1, 90)},   // a light tick per segment
        {Cue::Fin, tone(0.18, 660, 520, 0.30, 0.0, 12)},      // a soft falling tone: "goodbye"
        {Cue::Rst, tone(0.25, 110, 55, 0.9, 0.55, 14)},       // the slam: low thump and noise
        {Cue::Drop, tone(0.22, 900, 250, 0.28, 0.05, 9)},     // a falling whistle into nothing
    };
    for (const auto& c : cues) {
      impl_->buffers[static_cast<int>(c.cue)].loadFromSamples(c.samples.data(), c.samples.size(), 1, kRate);
    }
    for (sf::Sound& v : impl_->voices) v.setVolume(70);
  });
  if (errors.find("Failed to open the audio device") != std::string::npos ||
      errors.find("OpenAL") != std::string::npos) {
    std::fprintf(stderr, "tcpsim-viz: no audio device; sound cues are off\n");
    quietly([&] { impl_.reset(); });
    return false;
  }
  ready_ = true;
  return true;
}

void Sound::play(Cue cue) {
  if (!ready_) return;
  sf::Sound& v = impl_->voices[impl_->next_voice];
  impl_->next_voice = (impl_->next_voice + 1) % 8;
  v.setBuffer(impl_->buffers[static_cast<int>(cue)]);
  v.play();
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
