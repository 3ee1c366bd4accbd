#include "audio/earcon.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace voxmark::audio {
namespace {

int peak(const std::vector<std::int16_t>& samples) {
  int p = 0;
  for (const auto s : samples) p = std::max(p, std::abs(static_cast<int>(s)));
  return p;
}

// Zero crossings per second over [begin, end) estimate a pure tone's frequency (two a cycle).
double crossings_hz(const std::vector<std::int16_t>& s, std::size_t begin, std::size_t end,
                    int rate) {
  int crossings = 0;
  for (std::size_t i = begin + 1; i < end; ++i) {
    if ((s[i - 1] < 0) != (s[i] < 0)) ++crossings;
  }
  return crossings / 2.0 / (static_cast<double>(end - begin) / rate);
}

TEST(Earcon, DeadEndIsShortQuietAndFalling) {
  const int rate = 22050;
  const auto samples = render_earcon(Earcon::dead_end, rate);
  EXPECT_NEAR(samples.size() * 1000.0 / rate, 120, 1);
  const double expected_peak = 32767 * std::pow(10.0, kEarconPeakDbfs / 20);
  EXPECT_LE(peak(samples), std::lround(expected_peak));
  EXPECT_GE(peak(samples), std::lround(expected_peak * 0.95));
  // No click: it starts and ends at (almost) zero.
  EXPECT_LE(std::abs(samples.front()), 50);
  EXPECT_LE(std::abs(samples.back()), 50);
  // Two tones, the second lower: 660 Hz then 440 Hz.
  const std::size_t split = 55 * rate / 1000;
  EXPECT_NEAR(crossings_hz(samples, 0, split, rate), 660, 40);
  EXPECT_NEAR(crossings_hz(samples, split, samples.size(), rate), 440, 40);
}

TEST(Earcon, EndOfDocumentIsLongerThanADeadEndAndScalesWithTheRate) {
  const auto at_22k = render_earcon(Earcon::end_of_document, 22050);
  const auto at_48k = render_earcon(Earcon::end_of_document, 48000);
  EXPECT_NEAR(at_22k.size() * 1000.0 / 22050, 360, 1);
  EXPECT_NEAR(at_48k.size() * 1000.0 / 48000, 360, 1);
  EXPECT_GT(at_22k.size(), render_earcon(Earcon::dead_end, 22050).size());
}

}  // namespace
}  // namespace voxmark::audio
