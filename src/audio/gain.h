// Applying a gain to int16 samples: above 100% a loud sample saturates at the int16 limits
// (a clip, which the ear forgives), never wraps round to the opposite sign (a loud crack).
// Called on the audio thread: no allocation, no locks.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace voxmark::audio {

inline std::int16_t apply_gain_saturating(std::int16_t sample, float gain) {
  return static_cast<std::int16_t>(std::clamp(std::lround(sample * gain), -32768L, 32767L));
}

}  // namespace voxmark::audio
