#pragma once
// Sound cues, synthesized at start-up (no sound files): a chirp for SYN, a tick for data, a soft tone
// for FIN, a hard "slam" for RST and a falling whistle for a drop. They play through a small device
// interface (sound_device.hpp): SFML's audio module on the desktop, OpenAL (Web Audio) in the browser.
// Without an audio device the visualizer stays silent, says so in one log line, and never crashes.
#include <string>

#include "app/app_state.hpp"

namespace tcpsim::viz {

struct SoundDevice;

/// The cues and the device.
class Sound {
 public:
  Sound();
  ~Sound();
  /// Opens the audio device and synthesizes the cues. Returns false (after one line on stderr) when
  /// there is no device or `disabled` is set; the Sound then does nothing.
  bool init(bool disabled);
  /// The device is open and the cues are loaded.
  bool ready() const { return ready_; }
  /// Plays the cues for the events applied since `applied_before` (only when moving forward a little:
  /// a jump across the run stays silent).
  void cues(const AppState& app, size_t applied_before);

  /// The five cues (Count: none).
  enum class Cue { Syn, Data, Fin, Rst, Drop, Count };
  /// Plays one cue.
  void play(Cue cue);

 private:
  SoundDevice* device_ = nullptr;  ///< Open while ready_ (closed by the destructor).
  size_t next_voice_ = 0;          ///< The voice the next cue plays on (they take turns).
  bool ready_ = false;
};

}  // namespace tcpsim::viz
