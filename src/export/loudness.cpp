#include "export/loudness.h"

#include <ebur128.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <new>
#include <vector>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

namespace voxmark::audiobook {
namespace {

constexpr double kFullScale = 32768.0;
constexpr double kPerFullScale = 1.0 / kFullScale;  // exact (a power of two): x * this == x / it
constexpr double kAttackSeconds = 0.005;
constexpr double kReleaseSeconds = 0.080;
// The true-peak interpolator: 4x oversampling, 12 taps a phase, so a sample's detector needs
// the 6 samples after it; the hold spans the same to cover every tap a peak reaches.
constexpr int kTaps = 12;
constexpr int kAhead = kTaps / 2;  // 6
constexpr int kHoldWidth = 2 * kAhead + 1;

// Windowed-sinc coefficients for the values a quarter, a half and three quarters of a sample
// after each sample (taps from 5 before to 6 after it), each phase normalised to unit DC gain.
const std::array<std::array<float, kTaps>, 3>& interpolator() {
  static const auto table = [] {
    std::array<std::array<float, kTaps>, 3> c{};
    for (int p = 1; p <= 3; ++p) {
      double sum = 0;
      for (int k = 0; k < kTaps; ++k) {
        const double d = p / 4.0 + (kAhead - 1) - k;  // distance from tap k to the point
        const double sinc = std::sin(M_PI * d) / (M_PI * d);
        const double window = 0.5 * (1 + std::cos(M_PI * d / (kAhead + 0.5)));
        c[p - 1][k] = static_cast<float>(sinc * window);
        sum += sinc * window;
      }
      for (auto& v : c[p - 1]) v = static_cast<float>(v / sum);
    }
    return c;
  }();
  return table;
}

// std::lrint without the call into libm (it is not inlined): the same rounding, to nearest in
// the current mode, by the one instruction lrint itself uses.
inline long round_to_long(double y) {
#if defined(__x86_64__)
  return _mm_cvtsd_si64(_mm_set_sd(y));
#else
  return std::lrint(y);
#endif
}

// A mastered value as a 16-bit sample: rounded as lrint rounds, clipped to the format's range.
inline std::int16_t to_sample(double y) {
  return static_cast<std::int16_t>(std::clamp(round_to_long(y), -32768L, 32767L));
}

}  // namespace

struct LoudnessMeter::State {
  ebur128_state* state = nullptr;
  ~State() {
    if (state) ebur128_destroy(&state);
  }
};

LoudnessMeter::LoudnessMeter(int sample_rate_hz) : state_(std::make_unique<State>()) {
  state_->state = ebur128_init(1, static_cast<unsigned long>(sample_rate_hz), EBUR128_MODE_I);
  if (!state_->state) throw std::bad_alloc();
}

LoudnessMeter::~LoudnessMeter() = default;

void LoudnessMeter::add(std::span<const std::int16_t> samples) {
  if (samples.empty()) return;
  if (ebur128_add_frames_short(state_->state, samples.data(), samples.size()) != EBUR128_SUCCESS) {
    throw std::bad_alloc();  // its only failure is memory for the gating blocks
  }
  for (const std::int16_t s : samples) {
    const double v = s * kPerFullScale;
    sum_of_squares_ += v * v;
  }
  samples_ += samples.size();
}

double LoudnessMeter::integrated_lufs() const {
  double lufs = -HUGE_VAL;
  if (ebur128_loudness_global(state_->state, &lufs) != EBUR128_SUCCESS) return -HUGE_VAL;
  return lufs;
}

double LoudnessMeter::integrated_lufs(std::span<const LoudnessMeter* const> meters) {
  std::vector<ebur128_state*> states;
  for (const LoudnessMeter* m : meters) states.push_back(m->state_->state);
  double lufs = -HUGE_VAL;
  if (ebur128_loudness_global_multiple(states.data(), states.size(), &lufs) != EBUR128_SUCCESS) {
    return -HUGE_VAL;
  }
  return lufs;
}

double rms_db(double sum_of_squares, std::uint64_t samples) {
  if (samples == 0 || sum_of_squares <= 0) return -HUGE_VAL;
  return 10 * std::log10(sum_of_squares / static_cast<double>(samples));
}

double gain_to_target_db(const LoudnessTarget& target, const LoudnessMeter& meter) {
  double measured = -HUGE_VAL;
  switch (target.measure) {
    case LoudnessTarget::Measure::off:
      return 0;
    case LoudnessTarget::Measure::integrated_lufs:
      measured = meter.integrated_lufs();
      break;
    case LoudnessTarget::Measure::rms_db:
      measured = rms_db(meter.sum_of_squares(), meter.samples());
      break;
  }
  return std::isfinite(measured) ? target.level - measured : 0.0;
}

Mastering::MovingMin::MovingMin(std::size_t width) : width_(width) {
  // It holds at most `width` values, plus the new one before the oldest leaves.
  std::size_t size = 1;
  while (size < width + 1) size <<= 1;
  mask_ = size - 1;
  index_.assign(size, 0);
  value_.assign(size, 0.0f);
}

[[gnu::always_inline]] inline float Mastering::MovingMin::push(std::uint64_t index, float value) {
  while (tail_ != head_ && value_[(tail_ - 1) & mask_] >= value) --tail_;
  index_[tail_ & mask_] = index;
  value_[tail_ & mask_] = value;
  ++tail_;
  while (index_[head_ & mask_] + width_ <= index) ++head_;
  return value_[head_ & mask_];
}

Mastering::Mastering(int sample_rate_hz, double gain_db, double ceiling_db, Detector detector)
    : gain_(static_cast<float>(std::pow(10.0, gain_db / 20))),
      ceiling_(static_cast<float>(kFullScale * std::pow(10.0, ceiling_db / 20))),
      bounded_(detector == Detector::bounded),
      attack_(static_cast<std::size_t>(std::ceil(kAttackSeconds * sample_rate_hz))),
      release_(static_cast<float>(std::exp(-1.0 / (kReleaseSeconds * sample_rate_hz)))),
      latency_(2 * kAhead - 1 + attack_),
      hold_(kHoldWidth),
      attack_min_(attack_),
      same_run_(attack_) {
  // With |x| <= q under all taps, the exact interpolated value is at most q * sum|c|, and the
  // float sum of 12 products differs from it by under 12 * 2^-24 of that (7.2e-7): a margin of
  // 1e-5 keeps the computed peak under the ceiling, so the full detector would give "no
  // reduction" too. sum|c| >= 1 (each phase sums to 1), so the sample itself is covered.
  double most = 1.0;
  for (const auto& phase : interpolator()) {
    double sum = 0;
    for (const float c : phase) sum += std::abs(static_cast<double>(c));
    most = std::max(most, sum);
  }
  quiet_ = static_cast<float>(ceiling_ / (most * (1 + 1e-5)));
  std::size_t size = 1;
  while (size < latency_ + attack_ + 2 * kTaps) size <<= 1;
  mask_ = size - 1;
  x_.assign(size + kTaps, 0.0f);
  r_.assign(size, 1.0f);  // the gain "before" the first sample: none
  window_sum_ = static_cast<double>(attack_);
}

std::size_t Mastering::quiet_margin_samples(int sample_rate_hz) {
  const auto attack = static_cast<std::size_t>(std::ceil(kAttackSeconds * sample_rate_hz));
  const std::size_t latency = 2 * kAhead - 1 + attack;  // as latency_
  return latency + attack + kHoldWidth + kTaps;
}

[[gnu::always_inline]] inline void Mastering::write_input(std::uint64_t i, float sample) {
  const std::size_t at = i & mask_;
  x_[at] = sample;
  if (at < static_cast<std::size_t>(kTaps)) x_[at + mask_ + 1] = sample;  // the copy past the end
}

void Mastering::push(float sample, std::vector<std::int16_t>& out) {
  const std::uint64_t i = pushed_++;
  write_input(i, sample);
  if (std::abs(sample) > quiet_) loud_end_ = i + 1;
  if (i < static_cast<std::uint64_t>(kAhead)) return;
  // The detector of sample n: its own peak and the peaks between it and the next one. Its taps
  // are samples n-5 .. n+6 = i-11 .. i.
  const std::uint64_t n = i - kAhead;
  float needed = 1.0f;
  if (!bounded_ || (loud_end_ != 0 && loud_end_ + (kTaps - 1) > i)) {
    float peak = std::abs(x_[n & mask_]);
    // Taps before the first sample read the ring's zeros at its end (not yet written): adding
    // them leaves the sum +0, as if they were not there.
    const float* taps = &x_[(n - (kAhead - 1)) & mask_];
    for (const auto& phase : interpolator()) {
      float v = 0;
      for (int k = 0; k < kTaps; ++k) v += phase[k] * taps[k];
      peak = std::max(peak, std::abs(v));
    }
    needed = peak > ceiling_ ? ceiling_ / peak : 1.0f;
  }
  if (steady_ && needed == 1.0f) {  // what the full path below would do, step for step
    const std::uint64_t j = n - kAhead;
    hold_.reset(n, 1.0f);
    attack_min_.reset(j, 1.0f);
    r_[j & mask_] = released_;
    const std::uint64_t o = j + 1 - attack_;
    const double y = static_cast<double>(x_[o & mask_]) * steady_gain_;
    out.push_back(to_sample(y));
    ++emitted_;
    return;
  }
  // Held down over the interpolator's span around n, then over the attack window.
  const float held = hold_.push(n, needed);
  if (n < static_cast<std::uint64_t>(kAhead)) return;
  const std::uint64_t j = n - kAhead;
  const float lowest = attack_min_.push(j, held);
  rested_ = lowest == 1.0f;  // lowest <= held: both are 1
  released_ = std::min(lowest, 1.0f - (1.0f - released_) * release_);
  // The box filter's window: the attack_ latest values (those before the first are 1).
  window_sum_ += static_cast<double>(released_) - r_[(j - attack_) & mask_];
  same_run_ = released_ == r_[(j - 1) & mask_] ? same_run_ + 1 : 1;
  r_[j & mask_] = released_;
  if (j + 1 < attack_) return;
  // The gain of sample o is the mean of the released gain over the attack window after it:
  // each of those is at most what o needs, so the mean is too, and the ramp is smooth.
  const std::uint64_t o = j + 1 - attack_;
  const double gain = std::min(1.0, window_sum_ / static_cast<double>(attack_));
  lowest_gain_ = std::min(lowest_gain_, gain);
  steady_ = held == 1.0f && lowest == 1.0f && same_run_ >= attack_ &&
            1.0f - (1.0f - released_) * release_ == released_;
  steady_gain_ = gain;
  const double y = static_cast<double>(x_[o & mask_]) * gain;
  out.push_back(to_sample(y));
  ++emitted_;
}

double Mastering::largest_reduction_db() const {
  return lowest_gain_ < 1.0 ? -20 * std::log10(lowest_gain_) : 0.0;
}

void Mastering::set_gain_db(double gain_db) {
  gain_ = static_cast<float>(std::pow(10.0, gain_db / 20));
}

void Mastering::push_steady(std::span<const std::int16_t> in, std::vector<std::int16_t>& out) {
  const std::size_t size = mask_ + 1;
  std::size_t first_out = out.size();
  out.resize(first_out + in.size());
  std::int16_t* y = out.data() + first_out;
  const float gain = gain_;
  const double steady_gain = steady_gain_;
  const float released = released_;
  for (std::size_t done = 0; done < in.size();) {
    // Sample i goes in at ring slot `at`, its released gain (of sample j) at `rat`, and sample
    // o comes out. A piece stops where a ring wraps, and is short enough that the samples it
    // writes never overwrite one it still reads (o >= i - latency_).
    const std::uint64_t i = pushed_;
    const std::size_t at = i & mask_;
    const std::size_t rat = (i - 2 * kAhead) & mask_;
    const std::size_t oat = (i - latency_) & mask_;
    const std::size_t n =
        std::min({in.size() - done, size - at, size - rat, size - oat, size - latency_ - kTaps});
    const std::int16_t* from = in.data() + done;
    for (std::size_t k = 0; k < n; ++k) write_input(i + k, static_cast<float>(from[k]) * gain);
    std::fill_n(r_.begin() + static_cast<std::ptrdiff_t>(rat), n, released);
    std::int16_t* to = y + done;
    for (std::size_t k = 0; k < n; ++k) {
      const double v = static_cast<double>(x_[oat + k]) * steady_gain;
      to[k] = to_sample(v);
    }
    pushed_ += n;
    emitted_ += n;
    done += n;
  }
  hold_.reset(pushed_ - 1 - kAhead, 1.0f);
  attack_min_.reset(pushed_ - 1 - 2 * kAhead, 1.0f);
}

std::size_t Mastering::push_releasing(std::span<const std::int16_t> in,
                                      std::vector<std::int16_t>& out) {
  const std::size_t first_out = out.size();
  out.resize(first_out + in.size());
  std::int16_t* y = out.data() + first_out;
  const float gain = gain_;
  const double attack = static_cast<double>(attack_);
  std::size_t k = 0;
  while (k < in.size() && !steady_) {
    const std::uint64_t i = pushed_++;
    write_input(i, static_cast<float>(in[k]) * gain);
    // push()'s full path with needed, held and lowest all 1.
    const std::uint64_t j = i - 2 * kAhead;
    released_ = std::min(1.0f, 1.0f - (1.0f - released_) * release_);
    window_sum_ += static_cast<double>(released_) - r_[(j - attack_) & mask_];
    same_run_ = released_ == r_[(j - 1) & mask_] ? same_run_ + 1 : 1;
    r_[j & mask_] = released_;
    const std::uint64_t o = j + 1 - attack_;
    const double g = std::min(1.0, window_sum_ / attack);
    lowest_gain_ = std::min(lowest_gain_, g);
    steady_ = same_run_ >= attack_ && 1.0f - (1.0f - released_) * release_ == released_;
    steady_gain_ = g;
    const double v = static_cast<double>(x_[o & mask_]) * g;
    y[k] = to_sample(v);
    ++emitted_;
    ++k;
  }
  out.resize(first_out + k);
  hold_.reset(pushed_ - 1 - kAhead, 1.0f);
  attack_min_.reset(pushed_ - 1 - 2 * kAhead, 1.0f);
  return k;
}

void Mastering::process(std::span<const std::int16_t> in, std::vector<std::int16_t>& out) {
  out.reserve(out.size() + in.size());
  std::size_t k = 0;
  while (k < in.size()) {
    // No reduction left in the hold and attack windows, and no loud sample under the next
    // detector's taps: while the samples stay quiet, each needs no reduction, and push()'s
    // work reduces to the release (push_releasing) or, once that has settled, to nothing but
    // the rings (push_steady).
    if (rested_ && bounded_ && pushed_ > latency_ + kTaps &&
        (loud_end_ == 0 || loud_end_ + (kTaps - 1) <= pushed_)) {
      std::size_t end = k;
      while (end < in.size() && std::abs(static_cast<float>(in[end]) * gain_) <= quiet_) ++end;
      if (end > k) {
        if (!steady_) k += push_releasing(in.subspan(k, end - k), out);
        if (k < end) push_steady(in.subspan(k, end - k), out);
        k = end;
        continue;
      }
    }
    push(static_cast<float>(in[k]) * gain_, out);
    ++k;
  }
}

void Mastering::flush(std::vector<std::int16_t>& out) {
  const std::uint64_t total = pushed_;
  out.reserve(out.size() + latency_);
  while (emitted_ < total) push(0.0f, out);
}

}  // namespace voxmark::audiobook
