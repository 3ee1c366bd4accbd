// The speech core seen from the command line (issue 10): both ways of resetting eSpeak NG give
// the same file, and the slower fallback is announced once with --verbose.
#include <gtest/gtest.h>

#include <string>

#include "run_process.h"

namespace voxmark::test {
namespace {

constexpr const char* kBook = R"(# A chapter

The committee met on Tuesday. Nobody expected the vote to pass, and yet it did.
Rain fell all night over the quiet harbour; the boats knocked against the pier.

## Later

He said Здравствуйте to everyone. The committee met on Tuesday.
)";

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(SpeechCore, SnapshotAndForkFallbackWriteTheSameFileAndOnlyTheFallbackIsAnnounced) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  const ProcessResult fast = run_process({voxmark_binary(), "export", doc, "-o",
                                          dir.file("fast.wav"), "-q", "--jobs", "2", "--verbose"});
  ASSERT_EQ(fast.exit_code, 0) << fast.err;
  EXPECT_EQ(fast.err, "");

  ProcessOptions forced;
  forced.env["VOXMARK_SPEECH_RESET"] = "fork";
  const ProcessResult fallback =
      run_process({voxmark_binary(), "export", doc, "-o", dir.file("fork.wav"), "-q", "--jobs", "2",
                   "--verbose"},
                  forced);
  ASSERT_EQ(fallback.exit_code, 0) << fallback.err;
  // Once, though two workers started.
  EXPECT_EQ(count(fallback.err, "every sentence is synthesized in a fresh process"), 1u)
      << fallback.err;
  EXPECT_EQ(count(fallback.err, "\n"), 1u) << fallback.err;

  const ProcessResult quiet = run_process(
      {voxmark_binary(), "export", doc, "-o", dir.file("quiet.wav"), "-q", "--jobs", "1"}, forced);
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");

  const std::string bytes = read_file(dir.file("fast.wav"));
  EXPECT_GT(bytes.size(), 100000u);
  EXPECT_TRUE(bytes == read_file(dir.file("fork.wav")));
  EXPECT_TRUE(bytes == read_file(dir.file("quiet.wav")));
}

}  // namespace
}  // namespace voxmark::test
