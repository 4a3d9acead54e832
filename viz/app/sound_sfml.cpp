// The desktop's sound device: SFML's audio module (OpenAL underneath, through ALSA or PulseAudio).
#include <fcntl.h>
#include <unistd.h>

#include <SFML/Audio.hpp>
#include <cstdio>
#include <sstream>
#include <string>

#include "app/sound_device.hpp"

namespace tcpsim::viz {

namespace {

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

}  // namespace

struct SoundDevice {
  std::vector<sf::SoundBuffer> buffers;
  sf::Sound voices[kSoundVoices];
};

SoundDevice* open_sound_device(const std::vector<std::vector<int16_t>>& cues, unsigned rate) {
  auto* d = new SoundDevice;
  const std::string errors = quietly([&] {
    d->buffers.resize(cues.size());
    for (size_t i = 0; i < cues.size(); ++i) d->buffers[i].loadFromSamples(cues[i].data(), cues[i].size(), 1, rate);
    for (sf::Sound& v : d->voices) v.setVolume(70);
  });
  if (errors.find("Failed to open the audio device") != std::string::npos ||
      errors.find("OpenAL") != std::string::npos) {
    std::fprintf(stderr, "tcpsim-viz: no audio device; sound cues are off\n");
    close_sound_device(d);
    return nullptr;
  }
  return d;
}

void play_on_device(SoundDevice* d, size_t voice, size_t cue) {
  if (!d || cue >= d->buffers.size() || voice >= kSoundVoices) return;
  sf::Sound& v = d->voices[voice];
  v.setBuffer(d->buffers[cue]);
  v.play();
}

void close_sound_device(SoundDevice* d) {
  // Destroying OpenAL objects of a device that failed to open prints errors: do it quietly.
  if (d) quietly([&] { delete d; });
}

}  // namespace tcpsim::viz
