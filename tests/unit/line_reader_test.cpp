// The stdin command reader: any bytes, any length, exact line numbers, nothing run in part.
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "player/line_commands.h"

namespace voxmark::player {
namespace {

struct Seen {
  std::mutex mutex;
  std::condition_variable done;
  bool ended = false;
  std::vector<std::string> commands;  // command names
  std::vector<std::pair<std::size_t, std::string>> errors;
};

// Feeds `input` through a pipe (from a writer thread, so a long input cannot fill the pipe
// before the reader runs) and returns what the reader made of it at end of input.
Seen& read_all(Seen& seen, const std::string& input) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    std::size_t done = 0;
    while (done < input.size()) {
      const ssize_t n = ::write(fds[1], input.data() + done, input.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
  });
  {
    LineCommandReader reader(fds[0], {[&](const Command& c) {
                                        std::lock_guard g(seen.mutex);
                                        seen.commands.emplace_back(spec_of(c.id).name);
                                      },
                                      [&](std::size_t line, const std::string& message) {
                                        std::lock_guard g(seen.mutex);
                                        seen.errors.emplace_back(line, message);
                                      },
                                      [&] {
                                        std::lock_guard g(seen.mutex);
                                        seen.ended = true;
                                        seen.done.notify_all();
                                      }});
    std::unique_lock lock(seen.mutex);
    seen.done.wait(lock, [&] { return seen.ended; });
  }
  writer.join();
  ::close(fds[0]);
  return seen;
}

TEST(LineCommandReader, AnOverLongLineIsOneErrorAndNeverRunsInPart) {
  Seen seen;
  read_all(seen, std::string(8192, 'x') + "goto-sentence 500\nnext\n");
  EXPECT_EQ(seen.commands, (std::vector<std::string>{"next"}));
  ASSERT_EQ(seen.errors.size(), 1u);
  EXPECT_EQ(seen.errors[0].first, 1u);
  EXPECT_NE(seen.errors[0].second.find("longer than"), std::string::npos);
}

TEST(LineCommandReader, LineNumbersStayExactAroundLongBlankAndBadLines) {
  Seen seen;
  std::string euros;
  for (int i = 0; i < 40000; ++i) euros += "\xe2\x82\xac";  // 120 KB of euro signs
  read_all(seen, "next\n\n# comment\n" + euros + "\nbad\xff\nprev\n" + std::string(5000, ' ') +
                     "\nwhat\n" + std::string(100000, 'y'));
  EXPECT_EQ(seen.commands, (std::vector<std::string>{"next", "prev"}));
  ASSERT_EQ(seen.errors.size(), 5u);
  EXPECT_EQ(seen.errors[0].first, 4u);  // the euro line
  EXPECT_EQ(seen.errors[1].first, 5u);  // invalid UTF-8
  EXPECT_EQ(seen.errors[2].first, 7u);  // 5000 spaces: too long, even blank
  EXPECT_EQ(seen.errors[3].first, 8u);
  EXPECT_EQ(seen.errors[4].first, 9u);  // the last line, without its line feed
}

TEST(LineCommandReader, ALineJustUnderTheLimitStillRuns) {
  Seen seen;
  const std::string line = "next" + std::string(LineCommandReader::kMaxLineBytes - 4, ' ') + "\n";
  read_all(seen, line + "prev\n");
  EXPECT_EQ(seen.commands, (std::vector<std::string>{"next", "prev"}));
  EXPECT_TRUE(seen.errors.empty());
}

}  // namespace
}  // namespace voxmark::player
