// Sinks and the gain: the real-time null sink keeps the exact rate; gain saturates.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "audio/gain.h"
#include "audio/sink.h"

namespace voxmark::audio {
namespace {

TEST(NullSink, RealTimeAsksForExactlyTheSampleRateEachSecond) {
  // 100 callbacks of 10 ms are one second: 22,050 frames, not 100 x 220 = 22,000.
  auto sink = make_null_sink(true);
  std::atomic<int> callbacks{0};
  std::atomic<std::uint64_t> frames_in_first_second{0};
  sink->start(22050, [&](std::int16_t* out, std::size_t frames, double) {
    std::fill(out, out + frames, std::int16_t{0});
    if (callbacks.fetch_add(1) < 100) frames_in_first_second += frames;
    return frames;
  });
  while (callbacks.load() < 101) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  sink->stop();
  EXPECT_EQ(frames_in_first_second.load(), 22050u);
}

TEST(Gain, AboveFullScaleSaturatesInsteadOfWrapping) {
  EXPECT_EQ(apply_gain_saturating(30000, 1.3f), 32767);
  EXPECT_EQ(apply_gain_saturating(-30000, 1.96f), -32768);
  EXPECT_EQ(apply_gain_saturating(-32768, 2.0f), -32768);
  EXPECT_EQ(apply_gain_saturating(1000, 1.5f), 1500);
  EXPECT_EQ(apply_gain_saturating(-1000, 0.5f), -500);
}

}  // namespace
}  // namespace voxmark::audio
