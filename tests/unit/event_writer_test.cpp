// The event writer: posting never waits on the reader; drops are counted and said once; a
// reader that goes away is noticed.
#include "player/event_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace voxmark::player {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(EventWriter, AReaderThatStopsReadingNeverHoldsUpPostAndDropsAreSaidOnce) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  EventWriter::Options options;
  options.max_queued = 100;
  options.drain_timeout_ms = 10000;
  options.overflow_line = [](std::size_t n) { return "dropped " + std::to_string(n); };
  auto writer = std::make_unique<EventWriter>(fds[1], options);
  // Far more than the pipe and the queue hold while nobody reads: every post returns.
  const std::string padding(200, 'e');
  constexpr int kPosted = 5000;
  for (int i = 0; i < kPosted; ++i) writer->post(std::to_string(i) + " " + padding);
  const std::size_t dropped = writer->dropped_total();
  EXPECT_GT(dropped, 0u);
  // The reader catches up; the writer's destructor drains the queue into it.
  std::string got;
  std::thread reader([&] {
    char buffer[65536];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
      got.append(buffer, static_cast<std::size_t>(n));
    }
  });
  writer.reset();
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);
  const auto lines = lines_of(got);
  // Every line posted either arrived whole, in order, or was counted. Each run of drops is
  // said once, after the lines before it (how many runs there are depends on how the writer's
  // thread was scheduled against the posts: one on a fast machine, several under a sanitizer);
  // together the counts are every line dropped.
  std::size_t overflow_lines = 0, events = 0, said_dropped = 0;
  long last = -1;
  bool previous_was_overflow = false;
  for (const auto& line : lines) {
    if (line.rfind("dropped ", 0) == 0) {
      ++overflow_lines;
      EXPECT_FALSE(previous_was_overflow) << "a run of drops said twice";
      previous_was_overflow = true;
      said_dropped += std::stoul(line.substr(8));
      continue;
    }
    previous_was_overflow = false;
    ++events;
    const long index = std::stol(line.substr(0, line.find(' ')));
    EXPECT_GT(index, last);
    last = index;
    EXPECT_EQ(line.substr(line.find(' ') + 1), padding);
  }
  EXPECT_GE(overflow_lines, 1u);
  EXPECT_EQ(said_dropped, dropped);
  EXPECT_EQ(events + dropped, static_cast<std::size_t>(kPosted));
}

TEST(EventWriter, AReaderThatGoesAwayIsNoticedOnce) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);  // the reader is gone (SIGPIPE is ignored by voxmark, as here below)
  std::signal(SIGPIPE, SIG_IGN);
  std::atomic<int> closed{0};
  EventWriter::Options options;
  options.on_closed = [&] { ++closed; };
  {
    EventWriter writer(fds[1], options);
    writer.post("one");
    for (int i = 0; i < 200 && !writer.closed(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(writer.closed());
    writer.post("two");  // discarded, no second notice
  }
  ::close(fds[1]);
  EXPECT_EQ(closed.load(), 1);
}

}  // namespace
}  // namespace voxmark::player
