// Loudness mastering: the book is measured as it is spooled (libebur128) and levelled once, as
// a whole, while it is encoded, so chapters keep their relative level; a look-ahead limiter
// keeps the true peak (between samples too) under a ceiling without clipping.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace voxmark::audiobook {

// What to level the book to.
struct LoudnessTarget {
  enum class Measure { off, integrated_lufs, rms_db };
  Measure measure = Measure::integrated_lufs;
  double level = -18.0;                // LUFS (EBU R128 integrated) or dBFS RMS, by `measure`
  double true_peak_ceiling_db = -3.0;  // dBTP, the limiter's ceiling
};
inline constexpr double kDefaultLoudnessLufs = -18.0;
inline constexpr double kMinLoudnessLufs = -40.0;  // --loudness range
inline constexpr double kMaxLoudnessLufs = -10.0;

// Measures 16-bit mono audio: EBU R128 integrated loudness (libebur128) and the plain sum of
// squares (for RMS). Threads: one thread. Ownership: owns the libebur128 state.
class LoudnessMeter {
 public:
  explicit LoudnessMeter(int sample_rate_hz);
  ~LoudnessMeter();
  LoudnessMeter(const LoudnessMeter&) = delete;
  LoudnessMeter& operator=(const LoudnessMeter&) = delete;

  void add(std::span<const std::int16_t> samples);
  // -inf (as -HUGE_VAL) for silence or less than 400 ms of audio.
  double integrated_lufs() const;
  // The integrated loudness of several meters' audio as one (their gating blocks gated
  // together), as if it had all gone through one meter: exact when each meter's blocks are the
  // ones that one meter would have made (see block_step_samples).
  static double integrated_lufs(std::span<const LoudnessMeter* const> meters);
  // The 400 ms gating blocks end every this many samples (100 ms, rounded as libebur128 does)
  // after a meter's first sample, from 400 ms on.
  static std::uint64_t block_step_samples(int sample_rate_hz) {
    return static_cast<std::uint64_t>(sample_rate_hz + 5) / 10;
  }
  double sum_of_squares() const { return sum_of_squares_; }  // samples scaled to [-1, 1)
  std::uint64_t samples() const { return samples_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  double sum_of_squares_ = 0;
  std::uint64_t samples_ = 0;
};

// RMS in dBFS of `sum_of_squares` over `samples` (a full-scale square wave is 0 dB, as in
// FFmpeg's astats); -inf for silence.
double rms_db(double sum_of_squares, std::uint64_t samples);

// The gain that brings `meter`'s audio to `target` (0 dB when off or silent).
double gain_to_target_db(const LoudnessTarget& target, const LoudnessMeter& meter);

// Applies a gain, then limits the true peak to a ceiling with a look-ahead limiter: each
// sample's peak is estimated at 4x oversampling (a windowed-sinc interpolator, as a true-peak
// meter does), the gain is held down over the interpolator's span and a 5 ms attack window,
// ramps down smoothly ahead of a peak (so nothing is clipped or distorted) and recovers with a
// 80 ms release. Output lags input by latency_samples(); flush() returns the rest.
// With gain 0 dB and no limiting needed the samples come out unchanged.
// Speed: the interpolator is skipped where no sample under its taps exceeds
// ceiling / (sum of |coefficients|) (Detector::bounded): there the interpolated peak provably
// stays under the ceiling, float rounding included, so the output is the same as with
// Detector::full, which runs the interpolator on every sample (kept for the tests).
// Threads: one thread.
class Mastering {
 public:
  enum class Detector { bounded, full };
  Mastering(int sample_rate_hz, double gain_db, double ceiling_db,
            Detector detector = Detector::bounded);
  // Appends the mastered samples that are ready to `out`.
  void process(std::span<const std::int16_t> in, std::vector<std::int16_t>& out);
  void flush(std::vector<std::int16_t>& out);
  // The gain for the samples given from now on.
  void set_gain_db(double gain_db);
  std::size_t latency_samples() const { return latency_; }
  // Digital silence (zeros in) for this many samples on both sides of a point cuts the limiter
  // there: its output before the point does not depend on the input after it, and a fresh
  // Mastering started at the point gives what the running one does, but for the released gain,
  // which has recovered by exp(-silence / 80 ms) of its reduction and then stays within 5e-5
  // of 1 (float rounding stops the release's last steps).
  static std::size_t quiet_margin_samples(int sample_rate_hz);
  double largest_reduction_db() const;

 private:
  void push(float sample, std::vector<std::int16_t>& out);
  // Sample i (gain applied) into the input ring, and into the copy past its end.
  void write_input(std::uint64_t i, float sample);
  // What push() does for each of `in` (gain not yet applied) when the limiter is steady_ and
  // every sample is quiet (|x| <= quiet_, no loud one under any tap), in contiguous loops.
  void push_steady(std::span<const std::int16_t> in, std::vector<std::int16_t>& out);
  // What push() does for each of `in` (gain not yet applied) when every sample is quiet and
  // rested_, until the release settles (steady_): returns how many it took.
  std::size_t push_releasing(std::span<const std::int16_t> in, std::vector<std::int16_t>& out);

  // The minimum of the last `width` values: a monotonic queue in a fixed ring (no allocation
  // after construction).
  class MovingMin {
   public:
    explicit MovingMin(std::size_t width);
    float push(std::uint64_t index, float value);
    // What push(index, value) leaves when every value in the window is `value`: that alone.
    void reset(std::uint64_t index, float value) {
      head_ = 0;
      tail_ = 1;
      index_[0] = index;
      value_[0] = value;
    }

   private:
    std::size_t width_;
    std::size_t mask_;
    std::vector<std::uint64_t> index_;
    std::vector<float> value_;
    std::uint64_t head_ = 0;  // the front (the minimum); counts, masked to index the ring
    std::uint64_t tail_ = 0;  // one past the back
  };

  float gain_;
  float ceiling_;
  float quiet_;  // |x| up to this under every tap: the interpolated peak is under the ceiling
  bool bounded_;
  std::size_t attack_;  // samples
  float release_;       // per-sample recovery factor
  std::size_t latency_;
  // Input ring (gain applied), a power of two long plus a copy of its first taps after the
  // end, so the interpolator reads its 12 taps contiguously, without a mask or a branch.
  std::vector<float> x_;
  std::vector<float> r_;  // released gain ring
  std::size_t mask_;
  std::uint64_t pushed_ = 0;
  std::uint64_t loud_end_ = 0;  // 1 + the index of the last sample over quiet_; 0: none yet
  MovingMin hold_;
  MovingMin attack_min_;
  float released_ = 1.0f;
  double window_sum_ = 0;  // sum of r over the attack window
  std::uint64_t emitted_ = 0;
  double lowest_gain_ = 1.0;  // the largest reduction, as a gain (log10 once, when asked)
  // Steady: both minima are 1, the released gain no longer moves (it is 1, or stuck just under
  // it, where float rounding leaves the release's step) and the attack window holds only that
  // value, so a sample that needs no reduction changes nothing but the rings, and its gain is
  // steady_gain_ (the window's sum adds r - r = 0). Such samples take a short path.
  bool steady_ = false;
  // No reduction in the hold and attack windows (held and lowest were 1 at the latest sample):
  // a quiet sample then needs none either, and only the release moves.
  bool rested_ = false;
  double steady_gain_ = 1.0;
  std::size_t same_run_;  // how many of the latest released gains are equal to the latest
};

}  // namespace voxmark::audiobook
