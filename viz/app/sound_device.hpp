#pragma once
// The device half of Sound: buffers of synthesized samples played on demand. Two back ends, one per
// platform: sound_sfml.cpp (SFML's audio module, the desktop) and sound_openal.cpp (OpenAL, which
// emscripten maps onto Web Audio, the browser). Each build compiles exactly one of them.
#include <cstdint>
#include <vector>

namespace tcpsim::viz {

struct SoundDevice;

/// Opens the audio device with one buffer per cue (16-bit mono samples at `rate` Hz). Null when there
/// is no device (after one line on stderr).
SoundDevice* open_sound_device(const std::vector<std::vector<int16_t>>& cues, unsigned rate);
/// Starts cue `cue` on the next free voice (several may sound at once).
void play_on_device(SoundDevice* device, size_t cue);
/// Stops everything and closes the device (null does nothing).
void close_sound_device(SoundDevice* device);

}  // namespace tcpsim::viz
