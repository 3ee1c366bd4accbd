// Earcons: short non-speech sounds that tell a listener something without words, mixed into
// the same output as the speech so they are heard in the right place (and recorded by tests).
//
// Why not speech: a key that cannot move ("no next section", "end of document") must not be
// silent, but speaking a message would interrupt the sentence and cost seconds at 1x; a short
// tone is understood at once, at any speed, and screen-reader users know the convention.
// Contract: pure functions; mono 16-bit samples at the given rate, starting and ending at zero
// (raised-cosine fades, so no click), peak at kEarconPeakDbfs, never louder.
#pragma once

#include <cstdint>
#include <vector>

namespace voxmark::audio {

inline constexpr double kEarconPeakDbfs = -12.0;  // well under speech peaks (about -1 dBFS)

enum class Earcon {
  dead_end,         // a command that cannot move: two short falling tones, 120 ms
  end_of_document,  // the last sentence has been heard: three falling tones, 360 ms
};

// The earcon's samples at `sample_rate_hz` (8000..192000).
std::vector<std::int16_t> render_earcon(Earcon earcon, int sample_rate_hz);

}  // namespace voxmark::audio
