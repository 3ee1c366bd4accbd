// src/common/data_dir.h: where the installed share/voxmark is found.
#include "common/data_dir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace voxmark {
namespace {
namespace fs = std::filesystem;

class DataDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/voxmark-data-dir-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }
  // A prefix with bin/voxmark and, when `with_data`, share/voxmark/voices.
  fs::path make_prefix(const std::string& name, bool with_data) {
    const fs::path prefix = root_ / name;
    fs::create_directories(prefix / "bin");
    std::ofstream(prefix / "bin" / "voxmark") << "";
    if (with_data) fs::create_directories(prefix / "share" / "voxmark" / "voices");
    return prefix;
  }
  fs::path root_;
};

TEST_F(DataDir, FoundBesideTheProgramFirst) {
  const fs::path moved = make_prefix("moved", true);
  const fs::path configured = make_prefix("configured", true);
  EXPECT_EQ(find_data_dir(moved / "bin" / "voxmark", configured / "share" / "voxmark"),
            moved / "share" / "voxmark");
}

TEST_F(DataDir, ThenAtTheConfiguredPrefix) {
  const fs::path build = make_prefix("build", false);
  const fs::path configured = make_prefix("configured", true);
  EXPECT_EQ(find_data_dir(build / "bin" / "voxmark", configured / "share" / "voxmark"),
            configured / "share" / "voxmark");
}

TEST_F(DataDir, NoneInstalledMeansTheCompiledInCopies) {
  const fs::path build = make_prefix("build", false);
  EXPECT_TRUE(find_data_dir(build / "bin" / "voxmark", root_ / "nowhere").empty());
}

}  // namespace
}  // namespace voxmark
