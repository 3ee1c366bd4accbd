// What a listener hears after live commands (speed, faster/slower, volume): voxmark play
// through the real PortAudio -> ALSA path into a file (the handbook's testing.md), compared
// with the engine's reference audio stretched (libsonic, as the player does) or scaled.
//
// The event stream alone cannot tell whether a command was applied to the sound: these tests
// measure the sound itself. Commands are on stdin before voxmark starts, so they are read
// while the first sentence is still being synthesized; the tolerances below also cover the
// case where a few milliseconds of the first sentence were played before them.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>

#include "audio_check.h"
#include "run_process.h"
#include "speech/time_stretch.h"

namespace voxmark::test {
namespace {

// Eleven sentences, about eight seconds of speech: the first sentence (the only one a late
// command could miss) is a small part of it.
const char* kDocument =
    "# One\n\nFirst section opens. It goes on for a while with several words.\n\n"
    "A second block that is also rather long.\n\n"
    "# Two\n\nSecond section here. More of it follows now.\n\n## Two point one\n\n"
    "A subsection with some words in it.\n\n# Three\n\nThe last words are spoken here.\n";

constexpr int kRateHz = 22050;

// Length: libsonic's output is within 1% of input/speed; the 5 ms fades and the first
// sentence possibly started at the old speed stay under 3% here. So 5% separates speed 1.5
// from 1.4 or 1.6 (7% apart) and from an unapplied speed (50% apart).
constexpr double kLengthTolerance = 0.05;

class HeardTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_.write(".asoundrc", alsa_file_device_config(dir_.file("played.raw")));
    doc_ = dir_.write("doc.md", kDocument);
  }

  ProcessResult play(const std::string& commands) {
    ProcessOptions options;
    options.stdin_text = commands;
    isolate_home(options, dir_);
    return run_process({voxmark_binary(), "play", doc_, "--events", "json"}, options);
  }

  // The value of the last event named `name` and its field `field`.
  static double last_event_value(const std::string& out, const std::string& name,
                                 const std::string& field) {
    double value = NAN;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      const auto e = nlohmann::json::parse(line);
      if (e["event"] == name) value = e[field].get<double>();
    }
    return value;
  }

  // Every sentence's reference audio, each stretched to `speed` the way the player does
  // (libsonic through TimeStretch, flushed at the sentence's end), silence dropped.
  std::vector<std::int16_t> reference(double speed) {
    std::vector<std::int16_t> all;
    for (const auto& sentence : reference_audio(voxmark_sentences(doc_))) {
      speech::TimeStretch stretch(kRateHz, speed);
      std::vector<std::int16_t> out;
      stretch.push(sentence);
      stretch.flush();
      stretch.pull(out);
      all.insert(all.end(), out.begin(), out.end());
    }
    return without_zeros(all);
  }

  static double rms(const std::vector<std::int16_t>& samples) {
    const double sum =
        std::accumulate(samples.begin(), samples.end(), 0.0,
                        [](double acc, std::int16_t s) { return acc + double(s) * s; });
    return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
  }

  static int peak(const std::vector<std::int16_t>& samples) {
    int most = 0;
    for (const auto s : samples) most = std::max(most, std::abs(int(s)));
    return most;
  }

  std::vector<std::int16_t> recording() { return read_recording(dir_.file("played.raw")); }

  // What was played lasts as long as the document said at `speed` (within kLengthTolerance).
  void expect_played_at(double speed) {
    const auto played = recording();
    const auto at_speed = reference(speed);
    ASSERT_FALSE(at_speed.empty());
    EXPECT_NEAR(double(played.size()) / double(at_speed.size()), 1.0, kLengthTolerance)
        << played.size() << " samples played, " << at_speed.size() << " expected at " << speed
        << "x (" << reference(1.0).size() << " at 1x)";
  }

  TempDir dir_;
  std::string doc_;
};

TEST_F(HeardTest, LiveSpeedMakesWhatIsPlayedShorterByThatFactor) {
  const auto r = play("speed 1.5\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(last_event_value(r.out, "speed", "speed"), 1.5) << r.out;
  expect_played_at(1.5);
}

TEST_F(HeardTest, FasterAndSlowerChangeWhatIsPlayedByTheReportedSpeed) {
  // Three steps up and one down: the speed the last event reports is what must be heard.
  const auto r = play("faster\nfaster\nfaster\nslower\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const double speed = last_event_value(r.out, "speed", "speed");
  ASSERT_GT(speed, 1.0) << r.out;
  expect_played_at(speed);

  // And slower than normal is longer than normal. (A fresh state folder: play would start at
  // the speed last used for this document.)
  std::filesystem::remove_all(dir_.file("state"));
  const auto r2 = play("slower\nslower\n");
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  const double slow = last_event_value(r2.out, "speed", "speed");
  ASSERT_LT(slow, 1.0) << r2.out;
  expect_played_at(slow);
}

TEST_F(HeardTest, LiveVolumeScalesWhatIsPlayed) {
  const auto r = play("volume 50\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(last_event_value(r.out, "volume", "volume"), 50) << r.out;
  const auto played = recording();
  const auto full = reference(1.0);
  // Same length (the speed is untouched), half the level. The gain glides to its target over
  // 5 ms (no click), a negligible part of the RMS; halving rounds each sample, under 0.5 of
  // a unit on an RMS in the thousands. 0.45..0.55 separates 50% from 45% or 55%.
  EXPECT_NEAR(double(played.size()) / double(full.size()), 1.0, kLengthTolerance);
  EXPECT_NEAR(rms(played) / rms(full), 0.5, 0.05)
      << "RMS played " << rms(played) << ", at full volume " << rms(full);
  // The loudest moment, well away from the 5 ms glide, is half as loud too.
  EXPECT_NEAR(double(peak(played)) / double(peak(full)), 0.5, 0.02)
      << "peak played " << peak(played) << ", at full volume " << peak(full);
}

}  // namespace
}  // namespace voxmark::test
