// The browser's sound device: OpenAL, which emscripten maps onto Web Audio. Browsers let a page start
// audio only after a user gesture (the autoplay rule), so the web main loop opens it after the first
// key press or click.
#include <AL/al.h>
#include <AL/alc.h>

#include <cstdio>

#include "app/sound_device.hpp"

namespace tcpsim::viz {

struct SoundDevice {
  ALCdevice* device = nullptr;
  ALCcontext* context = nullptr;
  std::vector<ALuint> buffers;
  ALuint voices[kSoundVoices] = {};
};

SoundDevice* open_sound_device(const std::vector<std::vector<int16_t>>& cues, unsigned rate) {
  auto* d = new SoundDevice;
  d->device = alcOpenDevice(nullptr);
  d->context = d->device ? alcCreateContext(d->device, nullptr) : nullptr;
  if (!d->context || !alcMakeContextCurrent(d->context)) {
    std::fprintf(stderr, "tcpsim-viz: no audio device; sound cues are off\n");
    close_sound_device(d);
    return nullptr;
  }
  d->buffers.resize(cues.size());
  alGenBuffers(static_cast<ALsizei>(d->buffers.size()), d->buffers.data());
  for (size_t i = 0; i < cues.size(); ++i) {
    alBufferData(d->buffers[i], AL_FORMAT_MONO16, cues[i].data(), static_cast<ALsizei>(cues[i].size() * 2),
                 static_cast<ALsizei>(rate));
  }
  alGenSources(kSoundVoices, d->voices);
  for (ALuint v : d->voices) alSourcef(v, AL_GAIN, 0.7f);  // as loud as the desktop's (volume 70)
  if (alGetError() != AL_NO_ERROR) {
    std::fprintf(stderr, "tcpsim-viz: the audio device refused the cues; sound cues are off\n");
    close_sound_device(d);
    return nullptr;
  }
  return d;
}

void play_on_device(SoundDevice* d, size_t voice, size_t cue) {
  if (!d || cue >= d->buffers.size() || voice >= kSoundVoices) return;
  const ALuint v = d->voices[voice];
  alSourceStop(v);
  alSourcei(v, AL_BUFFER, static_cast<ALint>(d->buffers[cue]));
  alSourcePlay(v);
}

void close_sound_device(SoundDevice* d) {
  if (!d) return;
  if (d->context) {
    alDeleteSources(kSoundVoices, d->voices);
    if (!d->buffers.empty()) alDeleteBuffers(static_cast<ALsizei>(d->buffers.size()), d->buffers.data());
    alcMakeContextCurrent(nullptr);
    alcDestroyContext(d->context);
  }
  if (d->device) alcCloseDevice(d->device);
  delete d;
}

}  // namespace tcpsim::viz
