// The player's logic against the null sink: navigation, speed, pause and quit, made
// deterministic by reacting to the player's own events.
#include "player/player.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "audio/sink.h"
#include "markdown/markdown_reader.h"
#include "speech/espeak_engine.h"
#include "speech/speech_process.h"

namespace voxmark::player {
namespace {

const char* kDoc = "# One\n\nFirst. Second.\n\nThird.\n\n# Two\n\nFourth. Fifth.\n\n# Three\n\nSixth.\n";

class PlayerTest : public testing::Test {
 protected:
  document::Document doc = markdown::read_markdown(document::sanitize_utf8("p.md", kDoc));

  std::unique_ptr<Player> make(PlayerSettings settings, std::function<void(const nlohmann::ordered_json&)> on_event,
                               bool paced = false) {
    auto engine = std::make_unique<speech::SpeechProcess>([] {
      auto e = std::make_unique<speech::EspeakEngine>();
      e->configure({});
      return e;
    });
    return std::make_unique<Player>(doc, std::move(engine), audio::make_null_sink(paced), settings,
                                    [this, on_event](const nlohmann::ordered_json& e) {
                                      events.push_back(e);
                                      if (on_event) on_event(e);
                                    });
  }

  std::vector<int> heard() const {
    std::vector<int> out;
    for (const auto& e : events) {
      if (e["event"] == "sentence") out.push_back(e["index"]);
    }
    return out;
  }

  std::vector<nlohmann::ordered_json> events;  // written on the player thread; read after run()
};

TEST_F(PlayerTest, PlaysEverySentenceInOrderThenFinishes) {
  auto player = make({}, nullptr);
  EXPECT_EQ(player->run(), 0u);
  EXPECT_EQ(heard(), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(events.back()["event"], "finished");
  EXPECT_TRUE(player->snapshot().finished);
}

TEST_F(PlayerTest, NextSectionFromTheMiddleOfASectionGoesToTheNextHeading) {
  Player* self = nullptr;
  auto player = make({}, [&](const auto& e) {
    if (e["event"] == "sentence" && e["index"] == 2) self->submit({CommandId::next_section});
  });
  self = player.get();
  player->run();
  EXPECT_EQ(heard(), (std::vector<int>{1, 2, 5, 6, 7, 8, 9}));
}

TEST_F(PlayerTest, RepeatedJumpsMergeIntoOne) {
  PlayerSettings settings;
  auto player = make(settings, nullptr);
  // Queued before playback starts: applied together, from sentence 1.
  player->submit({CommandId::next});
  player->submit({CommandId::next});
  player->submit({CommandId::next_block});
  player->run();
  // next -> 2 "First.", next -> 3 "Second.", next-block -> 4 "Third."; one cut, nothing between.
  EXPECT_EQ(heard(), (std::vector<int>{4, 5, 6, 7, 8, 9}));
}

TEST_F(PlayerTest, DoubleSpeedHalvesWhatIsHeard) {
  auto normal = make({}, nullptr);
  normal->run();
  const double at_one = normal->snapshot().heard_seconds;
  events.clear();
  PlayerSettings fast;
  fast.speed_factor = 2.0;
  auto twice = make(fast, nullptr);
  twice->run();
  EXPECT_NEAR(twice->snapshot().heard_seconds / at_one, 0.5, 0.5 * 0.03);
}

TEST_F(PlayerTest, PauseHoldsThePositionUntilResume) {
  Player* self = nullptr;
  std::atomic<bool> paused{false};
  auto player = make({}, [&](const auto& e) {
    if (e["event"] == "sentence" && e["index"] == 3) self->submit({CommandId::pause});
    if (e["event"] == "paused") paused = true;
  });
  self = player.get();
  std::thread run([&] { player->run(); });
  while (!paused) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double at_pause = player->snapshot().heard_seconds;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto snapshot = player->snapshot();
  EXPECT_TRUE(snapshot.paused);
  EXPECT_EQ(snapshot.sentence, 2u);  // still "Third.", 0-based
  EXPECT_NEAR(snapshot.heard_seconds, at_pause, 0.02);  // only the fade-out, nothing more
  player->submit({CommandId::resume});
  run.join();
  EXPECT_EQ(heard().back(), 9);
}

TEST_F(PlayerTest, QuitReturnsWhereToResume) {
  Player* self = nullptr;
  auto player = make({}, [&](const auto& e) {
    if (e["event"] == "sentence" && e["index"] == 4) self->submit({CommandId::quit});
  });
  self = player.get();
  EXPECT_EQ(player->run(), 3u);
}

}  // namespace
}  // namespace voxmark::player
