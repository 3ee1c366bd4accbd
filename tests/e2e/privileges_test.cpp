// File permissions as a user meets them: voxmark run as the user nobody, so that the checks
// hold when the tests run as root (as CI does), where every file is readable.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "run_process.h"

namespace voxmark::test {
namespace {

class AsNobody : public testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "dropping to another user needs root (CI runs as root)";
    // The folder is reachable by anyone; the files decide.
    ::chmod(dir_.path().c_str(), 0755);
  }
  ProcessResult voxmark_as_nobody(std::vector<std::string> args) {
    args.insert(args.begin(), voxmark_binary());
    ProcessOptions options;
    options.as_nobody = true;
    isolate_home(options, dir_);
    return run_process(args, options);
  }
  TempDir dir_;
};

TEST_F(AsNobody, TheChildReallyIsNotRoot) {
  ProcessOptions options;
  options.as_nobody = true;
  const auto r = run_process({"/usr/bin/id", "-u"}, options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "65534\n");
}

TEST_F(AsNobody, UnreadableFileIsNoInputWithOneClearLine) {
  const std::string readable = dir_.write("open.md", "# Open\n\nAnyone may read this.\n");
  ::chmod(readable.c_str(), 0644);
  const std::string secret = dir_.write("secret.md", "# Secret\n\nOnly root reads this.\n");
  ::chmod(secret.c_str(), 0600);  // owned by root: nobody may not read it

  // The same command on a file nobody may read works: only the permission differs.
  const auto ok = voxmark_as_nobody({"sentences", readable});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("Anyone may read this."), std::string::npos) << ok.out;

  for (const std::string command : {"sentences", "outline", "export"}) {
    std::vector<std::string> args = {command, secret};
    if (command == "export") args.insert(args.end(), {"-o", dir_.file("out.wav")});
    const auto r = voxmark_as_nobody(args);
    EXPECT_EQ(r.exit_code, 66) << command << ": " << r.err;  // docs/cli.md: no input
    EXPECT_NE(r.err.find(secret), std::string::npos) << command << ": " << r.err;
    EXPECT_NE(r.err.find("cannot be opened"), std::string::npos) << command << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << command << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << command << ": " << r.out;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.file("out.wav"))) << "nothing half-written";
}

}  // namespace
}  // namespace voxmark::test
