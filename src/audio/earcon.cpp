#include "audio/earcon.h"

#include <cmath>
#include <numbers>
#include <span>

namespace voxmark::audio {
namespace {

struct Tone {
  double frequency_hz;
  double duration_ms;
};

// Appends one tone with raised-cosine fades of `fade_ms` at both ends.
void append_tone(std::vector<std::int16_t>& out, const Tone& tone, int sample_rate_hz,
                 double amplitude) {
  const auto count = static_cast<std::size_t>(tone.duration_ms * sample_rate_hz / 1000.0);
  const double fade_ms = 8.0;
  const auto fade = static_cast<std::size_t>(fade_ms * sample_rate_hz / 1000.0);
  for (std::size_t i = 0; i < count; ++i) {
    double envelope = 1.0;
    const std::size_t from_end = count - 1 - i;
    const std::size_t edge = std::min(i, from_end);
    if (edge < fade) envelope = 0.5 - 0.5 * std::cos(std::numbers::pi * edge / fade);
    const double phase = 2 * std::numbers::pi * tone.frequency_hz * i / sample_rate_hz;
    out.push_back(static_cast<std::int16_t>(std::lround(amplitude * envelope * std::sin(phase))));
  }
}

}  // namespace

std::vector<std::int16_t> render_earcon(Earcon earcon, int sample_rate_hz) {
  // Falling pitches read as "no" / "done" in every earcon convention screen readers use.
  static constexpr Tone kDeadEnd[] = {{660, 55}, {440, 65}};
  static constexpr Tone kEnd[] = {{784, 110}, {659, 110}, {523, 140}};
  const std::span<const Tone> tones =
      earcon == Earcon::dead_end ? std::span<const Tone>(kDeadEnd) : std::span<const Tone>(kEnd);
  const double amplitude = 32767.0 * std::pow(10.0, kEarconPeakDbfs / 20.0);
  std::vector<std::int16_t> out;
  for (const Tone& tone : tones) append_tone(out, tone, sample_rate_hz, amplitude);
  return out;
}

}  // namespace voxmark::audio
