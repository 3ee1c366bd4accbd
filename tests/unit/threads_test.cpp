// The threaded parts on their own, with real threads, so that ThreadSanitizer (scripts/test's
// tsan suite runs the tests named SampleRing*, LineCommand*, SynthesisPool*, Play*) checks
// them: the audio ring between the player and the audio callback, the stdin command reader,
// and the export's synthesis pool. Each test also checks the result, so it fails on a wrong
// answer as well as on a race.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audio/ring_buffer.h"
#include "export/synthesis_pool.h"
#include "player/line_commands.h"
#include "speech/espeak_engine.h"
#include "speech/speech_process.h"

namespace voxmark {
namespace {

TEST(SampleRing, ProducerAndConsumerThreadsPassEverySampleInOrder) {
  audio::SampleRing ring(257);  // not a power of two: the index wraps unevenly
  constexpr int kTotal = 200000;
  std::atomic<bool> produced{false};
  std::atomic<bool> consumer_gone{false};  // so that a broken ring cannot hang the test
  std::thread producer([&] {
    int next = 0;
    std::vector<std::int16_t> chunk;
    while (next < kTotal) {
      chunk.clear();
      const int n = std::min(1 + next % 97, kTotal - next);  // chunk sizes that vary
      for (int i = 0; i < n; ++i) chunk.push_back(static_cast<std::int16_t>((next + i) % 30000));
      std::size_t done = 0;
      while (done < chunk.size() && !consumer_gone) {
        done += ring.write(std::span<const std::int16_t>(chunk).subspan(done));
        if (done < chunk.size()) std::this_thread::yield();
      }
      next += n;
    }
    produced = true;
  });
  std::vector<std::int16_t> got;
  std::vector<std::int16_t> buffer(61);
  // Until the producer is done and the ring empty (a ring that loses its place would keep
  // the producer waiting: read on, but stop at twice the samples so the test ends).
  while ((!produced || ring.available() > 0) && got.size() < 2u * kTotal) {
    const std::size_t n = ring.read(buffer);
    got.insert(got.end(), buffer.begin(), buffer.begin() + static_cast<long>(n));
    if (n == 0) std::this_thread::yield();
  }
  consumer_gone = true;
  producer.join();
  ASSERT_EQ(got.size(), static_cast<std::size_t>(kTotal));
  for (int i = 0; i < kTotal; ++i) {
    ASSERT_EQ(got[static_cast<std::size_t>(i)], static_cast<std::int16_t>(i % 30000))
        << "sample " << i;
  }
  EXPECT_EQ(ring.available(), 0u);
  EXPECT_EQ(ring.free_space(), ring.capacity());
}

TEST(SampleRing, SkipToDropsWhatWasWrittenBeforeThePositionWhileTheProducerRuns) {
  audio::SampleRing ring(1000);
  std::vector<std::int16_t> first(600, 1), second(300, 2);
  ASSERT_EQ(ring.write(first), 600u);
  const std::uint64_t cut = ring.write_position();
  std::thread producer([&] {
    std::size_t done = 0;
    while (done < second.size()) {
      done += ring.write(std::span<const std::int16_t>(second).subspan(done));
      std::this_thread::yield();
    }
  });
  ring.skip_to(cut);  // a jump: nothing of `first` is heard
  std::vector<std::int16_t> got, buffer(50);
  while (got.size() < second.size()) {
    const std::size_t n = ring.read(buffer);
    got.insert(got.end(), buffer.begin(), buffer.begin() + static_cast<long>(n));
  }
  producer.join();
  EXPECT_EQ(got, second);
  // Never past what was written.
  ring.skip_to(ring.write_position() + 1000);
  EXPECT_EQ(ring.read_position(), ring.write_position());
}

TEST(LineCommand, ReadsEveryLineOnItsThreadInOrderThenTheEnd) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::mutex mutex;
  std::vector<player::Command> commands;
  std::vector<std::pair<std::size_t, std::string>> errors;
  bool ended = false;
  {
    player::LineCommandReader reader(fds[0], {[&](const player::Command& c) {
                                                std::lock_guard lock(mutex);
                                                commands.push_back(c);
                                              },
                                              [&](std::size_t line, const std::string& message) {
                                                std::lock_guard lock(mutex);
                                                errors.emplace_back(line, message);
                                              },
                                              [&] {
                                                std::lock_guard lock(mutex);
                                                ended = true;
                                              }});
    // Written from this thread while the reader reads, in pieces that split lines.
    for (const std::string piece : {"speed 1.5\nvol", "ume 50\n", "jump-around\n  next  \n"}) {
      ASSERT_EQ(::write(fds[1], piece.data(), piece.size()), static_cast<ssize_t>(piece.size()));
    }
    ::close(fds[1]);
    for (int i = 0; i < 1000; ++i) {
      {
        std::lock_guard lock(mutex);
        if (ended) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }  // the destructor joins the reader
  ::close(fds[0]);
  std::lock_guard lock(mutex);
  EXPECT_TRUE(ended);
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0].id, player::CommandId::speed);
  EXPECT_EQ(commands[0].value, 1.5);
  EXPECT_EQ(commands[1].id, player::CommandId::volume);
  EXPECT_EQ(commands[1].value, 50);
  EXPECT_EQ(commands[2].id, player::CommandId::next);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, 3u);
  EXPECT_NE(errors[0].second.find("jump-around"), std::string::npos) << errors[0].second;
}

TEST(LineCommand, StopEndsTheReaderWhileItWaitsForInput) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::atomic<int> received{0};
  {
    player::LineCommandReader reader(fds[0], {[&](const player::Command&) { ++received; },
                                              [](std::size_t, const std::string&) {}, [] {}});
    ASSERT_EQ(::write(fds[1], "pause\n", 6), 6);
    for (int i = 0; i < 1000 && received == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    reader.stop();  // the write end stays open: the reader is waiting; this must end it
  }
  EXPECT_EQ(received, 1);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(SynthesisPool, SeveralJobsDeliverEverySentenceInOrderAsOneEngineSaysIt) {
  const speech::EngineFactory factory = [] {
    auto e = std::make_unique<speech::EspeakEngine>();
    e->configure({});
    return e;
  };
  std::vector<std::string> texts;
  for (int i = 1; i <= 9; ++i) texts.push_back("Sentence number " + std::to_string(i) + ".");
  std::vector<std::vector<std::int16_t>> alone;
  {
    audiobook::SynthesisPool one(texts, 1, factory);
    speech::Utterance u;
    while (one.next(u)) alone.push_back(u.samples);
  }
  ASSERT_EQ(alone.size(), texts.size());
  audiobook::SynthesisPool pool(texts, 3, factory);
  speech::Utterance u;
  std::size_t i = 0;
  while (pool.next(u)) {
    ASSERT_LT(i, texts.size());
    EXPECT_TRUE(u.samples == alone[i]) << "sentence " << i + 1;
    ++i;
  }
  EXPECT_EQ(i, texts.size());
  EXPECT_NE(alone[0], alone[1]);  // the sentences differ, so the order is checked
}

TEST(SynthesisPool, StopsCleanlyWhenDestroyedHalfWay) {
  const speech::EngineFactory factory = [] {
    auto e = std::make_unique<speech::EspeakEngine>();
    e->configure({});
    return e;
  };
  std::vector<std::string> texts(20, "A sentence the pool works on ahead.");
  audiobook::SynthesisPool pool(texts, 2, factory);
  speech::Utterance u;
  ASSERT_TRUE(pool.next(u));
  EXPECT_FALSE(u.samples.empty());
  // The destructor stops workers that are still synthesizing ahead.
}

}  // namespace
}  // namespace voxmark
