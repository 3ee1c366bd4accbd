// A crash between writing an export and moving it into place (a power cut, the OOM killer):
// the destination is then either absent or the complete previous file, never a partial one.
// The crash is real: voxmark is killed with SIGKILL by a preloaded shim
// (crash_at_rename_shim.cpp) at the moment it renames onto the destination, after all its
// writing. A voxmark that wrote the destination in place, or copied the finished file over it
// and deleted the temporary, would never reach that rename: the test says so.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "audio_check.h"
#include "run_process.h"

namespace voxmark::test {
namespace {
namespace fs = std::filesystem;

class CrashBeforeRename : public testing::Test {
 protected:
  void SetUp() override {
    doc_ = dir_.write("doc.md", "# Title\n\nSome text to speak. And a little more of it.\n");
  }
  ProcessResult voxmark(std::vector<std::string> args, const std::string& crash_at = "") {
    args.insert(args.begin(), voxmark_binary());
    ProcessOptions options;
    isolate_home(options, dir_);
    if (!crash_at.empty()) {
      options.env["LD_PRELOAD"] = VOXMARK_CRASH_AT_RENAME_SHIM;
      options.env["VOXMARK_TEST_CRASH_AT_RENAME"] = crash_at;
    }
    return run_process(args, options);
  }
  // The hidden temporaries voxmark left beside the destination when it was killed.
  std::vector<fs::path> leftovers() {
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(dir_.path())) {
      if (e.path().filename().string().find(".voxmark-") != std::string::npos) {
        found.push_back(e.path());
      }
    }
    return found;
  }
  TempDir dir_;
  std::string doc_;
};

TEST_F(CrashBeforeRename, ANewExportIsAbsentNeverPartial) {
  const auto r = voxmark({"export", doc_, "-o", dir_.file("book.wav"), "-q"}, "/book.wav");
  ASSERT_EQ(r.exit_code, 128 + SIGKILL)
      << "voxmark never renamed a finished file onto book.wav: " << r.err;
  EXPECT_FALSE(fs::exists(dir_.file("book.wav")));
  // What it was about to move into place was complete: the crash came after the writing.
  const auto left = leftovers();
  ASSERT_EQ(left.size(), 1u);
  ASSERT_EQ(voxmark({"export", doc_, "-o", dir_.file("fresh.wav"), "-q"}).exit_code, 0);
  EXPECT_TRUE(read_file(left[0]) == read_file(dir_.file("fresh.wav")))
      << "the temporary was not finished when it was to be renamed";
}

TEST_F(CrashBeforeRename, AReplacedExportIsTheCompleteOldFile) {
  ASSERT_EQ(voxmark({"export", doc_, "-o", dir_.file("book.wav"), "-q"}).exit_code, 0);
  const std::string old_bytes = read_file(dir_.file("book.wav"));
  const std::string other = dir_.write("other.md",
                                       "# Other\n\nA different and longer text, "
                                       "spoken over the earlier export.\n");
  for (const char* format : {"wav", "flac"}) {
    const std::string out = dir_.file(std::string("book.") + format);
    if (std::string(format) != "wav") {
      ASSERT_EQ(voxmark({"export", doc_, "-o", out, "-q"}).exit_code, 0);
    }
    const std::string before = read_file(out);
    const auto r = voxmark({"export", other, "-o", out, "-q"}, std::string("/book.") + format);
    ASSERT_EQ(r.exit_code, 128 + SIGKILL) << format << ": never renamed into place: " << r.err;
    EXPECT_TRUE(read_file(out) == before) << format << ": the previous file was changed";
  }
  EXPECT_TRUE(read_file(dir_.file("book.wav")) == old_bytes);
  // Without the crash the same export replaces it (so the test above was a real attempt).
  ASSERT_EQ(voxmark({"export", other, "-o", dir_.file("book.wav"), "-q"}).exit_code, 0);
  EXPECT_FALSE(read_file(dir_.file("book.wav")) == old_bytes);
}

TEST_F(CrashBeforeRename, SubtitlesAreAbsentOrCompleteToo) {
  const auto r = voxmark(
      {"export", doc_, "-o", dir_.file("book.wav"), "--subtitles", dir_.file("book.vtt"), "-q"},
      "/book.vtt");
  ASSERT_EQ(r.exit_code, 128 + SIGKILL) << "never renamed the subtitles into place: " << r.err;
  EXPECT_FALSE(fs::exists(dir_.file("book.vtt")));
}

}  // namespace
}  // namespace voxmark::test
