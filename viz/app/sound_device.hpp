#pragma once
// The device half of Sound: buffers of synthesized samples played on demand. Two back ends, one per
// platform: sound_sfml.cpp (SFML's audio module, the desktop) and sound_openal.cpp (OpenAL, which
// emscripten maps onto Web Audio, the browser). Each build compiles exactly one of them.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tcpsim::viz {

struct SoundDevice;

/// Cues that may sound at once (a voice each); Sound takes them in turn.
constexpr size_t kSoundVoices = 8;

/// Opens the audio device with one buffer per cue (16-bit mono samples at `rate` Hz). Null when there
/// is no device (after one line on stderr).
SoundDevice* open_sound_device(const std::vector<std::vector<int16_t>>& cues, unsigned rate);
/// Starts cue `cue` on voice `voice` (< kSoundVoices), cutting off what that voice was playing.
void play_on_device(SoundDevice* device, size_t voice, size_t cue);
/// Stops everything and closes the device (null does nothing).
void close_sound_device(SoundDevice* device);

}  // namespace tcpsim::viz
