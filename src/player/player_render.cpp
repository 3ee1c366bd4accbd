// The audio thread's side of the player: render() (jump fades, pause fades, volume) and
// earcon mixing. Nothing here locks, allocates or blocks (audio/sink.h).
#include <algorithm>

#include "audio/gain.h"
#include "player/player_impl.h"

namespace voxmark::player {
namespace {

// A sample times a gain, saturating: above 100% a loud sample clips instead of wrapping round.
inline std::int16_t scaled(std::int16_t sample, float gain) {
  return audio::apply_gain_saturating(sample, gain);
}

}  // namespace

std::size_t Player::Impl::render(std::int16_t* out, std::size_t frames, double dac_time_s) {
  std::size_t produced = 0;
  std::size_t real = 0;
  // A jump: fade out what is playing over a few ms, then skip to the new audio.
  const std::uint64_t flush = flush_sequence.load(std::memory_order_acquire);
  if (flush != flush_seen) {
    flush_seen = flush;
    const std::uint64_t to = flush_position.load(std::memory_order_acquire);
    const std::uint64_t from = ring.read_position();
    // Paused and already silent: the jump moves the position without a sound.
    const bool silent = paused_flag.load(std::memory_order_acquire) && pause_gain <= 0.0f;
    // A device that holds audio drops it, so the jump is heard at once (not after the
    // device's buffer); what it was playing stops there, and there is nothing left to fade.
    const std::optional<audio::DroppedQueue> dropped = sink->drop_queued();
    if (dropped) dac_time_s = dropped->next_heard_s;
    const std::size_t fade = silent || dropped
                                 ? 0
                                 : static_cast<std::size_t>(std::min<std::uint64_t>(
                                       {fade_samples, to > from ? to - from : 0, frames}));
    const std::size_t got = ring.read({out, fade});
    for (std::size_t i = 0; i < got; ++i) {
      out[i] = scaled(out[i], apply_gain() * pause_gain * (1.0f - float(i + 1) / float(got)));
    }
    if (got > 0) reports.push({from, static_cast<std::uint32_t>(got), dac_time_s});
    produced = real = got;
    ring.skip_to(to);
    cut_floor = ring.read_position();
    // A jump while the pause is still fading out: the fade above ended in silence, so the
    // pause holds from here; the new sentence waits for the resume.
    if (paused_flag.load(std::memory_order_acquire)) pause_gain = 0.0f;
  }
  const bool want_paused = paused_flag.load(std::memory_order_acquire);
  if (!want_paused) {
    pause_dropped = false;
    paused_at.store(kNotPaused, std::memory_order_relaxed);
  } else if (!pause_dropped && pause_gain > 0.0f && produced == 0) {
    // A pause: the device drops what it holds, so the fade-out starts where the listener is
    // (heard at once, not after the device's buffer), and the ring is read again from there:
    // on resume nothing the listener did not hear is missing.
    pause_dropped = true;
    if (const std::optional<audio::DroppedQueue> dropped = sink->drop_queued()) {
      // The ring's audio the device held: what it held, less the silence rendered after the
      // last sample read (at its end); and a few ms more, heard twice rather than skipped.
      const double held = dropped->dropped_s * rate - static_cast<double>(silence_since_read);
      const double again = held > 0 ? held + kPauseRewindMarginS * rate : 0;
      const std::uint64_t read = ring.read_position();
      const std::uint64_t back = std::min<std::uint64_t>(
          {static_cast<std::uint64_t>(again), read - cut_floor, ring.capacity() / 2});
      ring.rewind(back);
      dac_time_s = dropped->next_heard_s;
      // Tells the player thread, in order with the other reports, that what was read past
      // here was not heard (player_feed.cpp, collect_reports).
      reports.push({ring.read_position(), 0, dac_time_s, /*rewound=*/true});
    }
  }
  const std::uint64_t start = ring.read_position();
  std::size_t consumed = 0;
  while (produced < frames) {
    if (want_paused && pause_gain <= 0.0f) {  // silent and holding the position
      paused_at.store(ring.read_position(), std::memory_order_release);
      break;
    }
    std::int16_t sample = 0;
    if (ring.read({&sample, 1}) == 0) break;  // nothing queued: an underrun, or the end
    ++consumed;
    // Fades at pause and resume: the gain walks to its target over fade_samples.
    const float step = 1.0f / static_cast<float>(fade_samples);
    pause_gain =
        want_paused ? std::max(0.0f, pause_gain - step) : std::min(1.0f, pause_gain + step);
    const float gain = apply_gain() * pause_gain;
    out[produced++] = gain == 1.0f ? sample : scaled(sample, gain);
  }
  if (consumed > 0 || want_paused) {
    reports.push({start, static_cast<std::uint32_t>(consumed),
                  dac_time_s + static_cast<double>(real) / rate});
  }
  real += consumed;
  silence_since_read = real > 0 ? frames - produced : silence_since_read + frames;
  std::fill(out + produced, out + frames, std::int16_t{0});
  mix_earcon(out, frames);
  return real;
}

void Player::Impl::mix_earcon(std::int16_t* out, std::size_t frames) {
  if (const int wanted = earcon_request.exchange(0, std::memory_order_acq_rel); wanted != 0) {
    earcon_playing = wanted == 1 ? &earcon_dead_end : &earcon_end;
    earcon_position = 0;
  }
  if (earcon_playing == nullptr) return;
  const float gain = volume_gain.load(std::memory_order_relaxed);
  const std::vector<std::int16_t>& tone = *earcon_playing;
  for (std::size_t i = 0; i < frames && earcon_position < tone.size(); ++i) {
    const float mixed =
        static_cast<float>(out[i]) + static_cast<float>(tone[earcon_position++]) * gain;
    out[i] = static_cast<std::int16_t>(std::clamp(mixed, -32768.0f, 32767.0f));
  }
  if (earcon_position >= tone.size()) earcon_playing = nullptr;
}

void Player::Impl::cue(audio::Earcon earcon, const std::string& reason) {
  earcon_request.store(earcon == audio::Earcon::dead_end ? 1 : 2, std::memory_order_release);
  ++cues;
  cue_reason = reason;
  publish();
}

float Player::Impl::apply_gain() {
  const float target = volume_gain.load(std::memory_order_relaxed);
  if (current_gain != target) {
    const float step = 1.0f / static_cast<float>(fade_samples);
    current_gain = current_gain < target ? std::min(target, current_gain + step)
                                         : std::max(target, current_gain - step);
  }
  return current_gain;
}
}  // namespace voxmark::player
