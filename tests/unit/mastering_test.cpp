// The limiter's fast detector: the mastered book must be the same, sample for sample, as with
// the interpolator run on every sample, and as with the limiter before it was made fast (a copy
// of that code is kept here as the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_speech.h"
#include "export/loudness.h"

namespace voxmark::audiobook {
namespace {

namespace fs = std::filesystem;

// The limiter as it was before the fast detector (commit 388c85a, src/export/loudness.cpp):
// the interpolator on every sample, std::deque moving minima. Do not "improve" it: it is the
// reference the fast one must match exactly.
class ReferenceMastering {
 public:
  ReferenceMastering(int rate, double gain_db, double ceiling_db)
      : gain_(static_cast<float>(std::pow(10.0, gain_db / 20))),
        ceiling_(static_cast<float>(32768.0 * std::pow(10.0, ceiling_db / 20))),
        attack_(static_cast<std::size_t>(std::ceil(0.005 * rate))),
        release_(static_cast<float>(std::exp(-1.0 / (0.080 * rate)))),
        latency_(2 * kAhead - 1 + attack_),
        hold_{kHoldWidth, {}},
        attack_min_{attack_, {}} {
    std::size_t size = 1;
    while (size < latency_ + attack_ + 2 * kTaps) size <<= 1;
    mask_ = size - 1;
    x_.assign(size, 0.0f);
    r_.assign(size, 1.0f);
    window_sum_ = static_cast<double>(attack_);
  }

  static constexpr int kTaps = 12;
  static constexpr int kAhead = kTaps / 2;
  static constexpr int kHoldWidth = 2 * kAhead + 1;

  static const std::array<std::array<float, kTaps>, 3>& interpolator() {
    static const auto table = [] {
      std::array<std::array<float, kTaps>, 3> c{};
      for (int p = 1; p <= 3; ++p) {
        double sum = 0;
        for (int k = 0; k < kTaps; ++k) {
          const double d = p / 4.0 + (kAhead - 1) - k;
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

  void process(const std::vector<std::int16_t>& in, std::vector<std::int16_t>& out) {
    for (const std::int16_t s : in) push(static_cast<float>(s) * gain_, out);
  }
  void flush(std::vector<std::int16_t>& out) {
    const std::uint64_t total = pushed_;
    while (emitted_ < total) push(0.0f, out);
  }
  double largest_reduction_db() const { return largest_reduction_db_; }

 private:
  struct MovingMin {
    std::size_t width;
    std::deque<std::pair<std::uint64_t, float>> values;
    float push(std::uint64_t index, float value) {
      while (!values.empty() && values.back().second >= value) values.pop_back();
      values.emplace_back(index, value);
      while (values.front().first + width <= index) values.pop_front();
      return values.front().second;
    }
  };

  void push(float sample, std::vector<std::int16_t>& out) {
    const std::uint64_t i = pushed_++;
    x_[i & mask_] = sample;
    if (i < static_cast<std::uint64_t>(kAhead)) return;
    const std::uint64_t n = i - kAhead;
    float peak = std::abs(x_[n & mask_]);
    for (const auto& phase : interpolator()) {
      float v = 0;
      for (int k = 0; k < kTaps; ++k) {
        const std::int64_t m = static_cast<std::int64_t>(n) + k - (kAhead - 1);
        if (m >= 0) v += phase[k] * x_[static_cast<std::uint64_t>(m) & mask_];
      }
      peak = std::max(peak, std::abs(v));
    }
    const float needed = peak > ceiling_ ? ceiling_ / peak : 1.0f;
    const float held = hold_.push(n, needed);
    if (n < static_cast<std::uint64_t>(kAhead)) return;
    const std::uint64_t j = n - kAhead;
    const float lowest = attack_min_.push(j, held);
    released_ = std::min(lowest, 1.0f - (1.0f - released_) * release_);
    window_sum_ += static_cast<double>(released_) - r_[(j - attack_) & mask_];
    r_[j & mask_] = released_;
    if (j + 1 < attack_) return;
    const std::uint64_t o = j + 1 - attack_;
    const double gain = std::min(1.0, window_sum_ / static_cast<double>(attack_));
    if (gain < 1.0) largest_reduction_db_ = std::max(largest_reduction_db_, -20 * std::log10(gain));
    const double y = static_cast<double>(x_[o & mask_]) * gain;
    out.push_back(static_cast<std::int16_t>(std::clamp(std::lrint(y), -32768L, 32767L)));
    ++emitted_;
  }

  float gain_;
  float ceiling_;
  std::size_t attack_;
  float release_;
  std::size_t latency_;
  std::vector<float> x_;
  std::vector<float> r_;
  std::size_t mask_;
  std::uint64_t pushed_ = 0;
  MovingMin hold_;
  MovingMin attack_min_;
  float released_ = 1.0f;
  double window_sum_ = 0;
  std::uint64_t emitted_ = 0;
  double largest_reduction_db_ = 0;
};

struct Mastered {
  std::vector<std::int16_t> samples;
  double largest_reduction_db = 0;
};

// Feeds `in` in uneven blocks, as the exporter's reads may be.
Mastered master(const std::vector<std::int16_t>& in, double gain_db, double ceiling_db,
                Mastering::Detector detector) {
  Mastering m(22050, gain_db, ceiling_db, detector);
  Mastered r;
  std::size_t at = 0;
  for (std::size_t block = 1; at < in.size(); block = block * 3 % 4099 + 1) {
    const std::size_t n = std::min(block, in.size() - at);
    m.process({in.data() + at, n}, r.samples);
    at += n;
  }
  m.flush(r.samples);
  r.largest_reduction_db = m.largest_reduction_db();
  return r;
}

Mastered reference(const std::vector<std::int16_t>& in, double gain_db, double ceiling_db) {
  ReferenceMastering m(22050, gain_db, ceiling_db);
  Mastered r;
  m.process(in, r.samples);
  m.flush(r.samples);
  r.largest_reduction_db = m.largest_reduction_db();
  return r;
}

// Both detectors against the reference; returns the reference's largest reduction.
double expect_same_as_reference(const std::vector<std::int16_t>& in, double gain_db,
                                double ceiling_db) {
  const Mastered want = reference(in, gain_db, ceiling_db);
  for (const auto detector : {Mastering::Detector::bounded, Mastering::Detector::full}) {
    const Mastered got = master(in, gain_db, ceiling_db, detector);
    EXPECT_EQ(got.samples.size(), want.samples.size());
    const auto diff = std::mismatch(got.samples.begin(), got.samples.end(), want.samples.begin(),
                                    want.samples.end());
    EXPECT_TRUE(diff.first == got.samples.end())
        << "gain " << gain_db << " dB, ceiling " << ceiling_db << " dB, detector "
        << (detector == Mastering::Detector::bounded ? "bounded" : "full")
        << ": first different sample " << (diff.first - got.samples.begin());
    EXPECT_NEAR(got.largest_reduction_db, want.largest_reduction_db, 1e-9);
  }
  return want.largest_reduction_db;
}

// Real speech: eSpeak NG's own command line, read back with libsndfile.
std::vector<std::int16_t> speech(const std::string& text) { return test::cli_speech(text); }

TEST(MasteringFastDetector, RealSpeechComesOutTheSameAsWithTheFullDetector) {
  const std::vector<std::int16_t> in = speech(
      "The licenses for most software are designed to take away your freedom to share and "
      "change it. By contrast, the GNU General Public License is intended to guarantee your "
      "freedom! Does it? Yes: 1,234 times, at 5 p.m.");
  ASSERT_GT(in.size(), 22050u) << "espeak-ng (package espeak-ng) gave no speech";
  // From a book that needs no limiting to one limited on every syllable, and the levels the
  // exporter really uses (-18 LUFS, ceiling -3 dBTP less its headroom).
  double most = 0;
  for (const double gain_db : {-12.0, -3.0, 0.0, 3.3, 6.0, 12.0}) {
    for (const double ceiling_db : {-3.2, -5.0}) {
      most = std::max(most, expect_same_as_reference(in, gain_db, ceiling_db));
    }
  }
  EXPECT_GT(most, 3.0);  // the limiter did work in some of them
}

TEST(MasteringFastDetector, InterSamplePeaksRightAtTheCeilingComeOutTheSame) {
  // The worst case for the bound: 12 samples of equal size whose signs follow an
  // interpolator phase's coefficients, so its interpolated value is size * sum|c|, the bound
  // itself. Sizes (through the gain) sweep finely across the point where that value meets the
  // ceiling, so the fast path's margin is crossed in both directions.
  const auto& phases = ReferenceMastering::interpolator();
  const double ceiling = 32768.0 * std::pow(10.0, -3.0 / 20);
  int limited = 0, unlimited = 0;
  for (std::size_t p = 0; p < phases.size(); ++p) {
    double sum = 0;
    for (const float c : phases[p]) sum += std::abs(c);
    std::vector<std::int16_t> in(300, 0);
    for (int rep = 0; rep < 3; ++rep) {
      for (int k = 0; k < ReferenceMastering::kTaps; ++k) {
        in.push_back(static_cast<std::int16_t>(phases[p][k] < 0 ? -16000 : 16000));
      }
      in.insert(in.end(), 400, 0);
    }
    const double edge_db = 20 * std::log10(ceiling / (16000 * sum));  // the gain that meets it
    for (int step = -40; step <= 40; ++step) {
      const double gain_db =
          edge_db + step * 4e-6;  // 4e-6 dB steps: +-1.8e-5 relative, past the 1e-5 margin
      const double reduction = expect_same_as_reference(in, gain_db, -3.0);
      (reduction > 0 ? limited : unlimited) += 1;
    }
  }
  EXPECT_GT(limited, 0);
  EXPECT_GT(unlimited, 0);
}

// Quiet stretches of varying samples (where the fast paths run: the release alone, then the
// rings alone) between short bursts of loud ones with `loud_min` to `loud_max` in size. A fixed
// generator: the same input every run.
std::vector<std::int16_t> quiet_and_bursts(std::size_t samples, std::uint32_t quiet_min,
                                           std::uint32_t quiet_spread, int loud_min, int loud_max) {
  std::vector<std::int16_t> in;
  std::uint32_t state = 12345;
  const auto next = [&state](std::uint32_t bound) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % bound;
  };
  while (in.size() < samples) {
    const std::size_t quiet = quiet_min + next(quiet_spread);
    for (std::size_t k = 0; k < quiet; ++k) {
      in.push_back(static_cast<std::int16_t>(static_cast<int>(next(12001)) - 6000));
    }
    const std::size_t loud = 1 + next(6);
    for (std::size_t k = 0; k < loud; ++k) {
      const int size =
          loud_min + static_cast<int>(next(static_cast<std::uint32_t>(loud_max - loud_min)));
      in.push_back(static_cast<std::int16_t>(next(2) ? size : -size));
    }
  }
  return in;
}

TEST(MasteringFastDetector, QuietStretchesBetweenPeaksOverManyLapsOfItsRingsComeOutTheSame) {
  // Bursts far over the ceiling: the limiter reduces and releases, often for longer than the
  // quiet stretch lasts.
  const std::vector<std::int16_t> limited = quiet_and_bursts(300000, 20, 3000, 20000, 32000);
  double most = 0;
  for (const double gain_db : {0.0, 6.0}) {
    most = std::max(most, expect_same_as_reference(limited, gain_db, -3.2));
  }
  EXPECT_GT(most, 3.0);
  // Bursts around the ceiling (-3.2 dBTP: 22,670) after short quiet stretches: whether a burst
  // is limited, and how much, turns on its interpolated peaks.
  const double near =
      expect_same_as_reference(quiet_and_bursts(300000, 100, 500, 17000, 24000), 0.0, -3.2);
  EXPECT_GT(near, 0.0);
}

}  // namespace
}  // namespace voxmark::audiobook
