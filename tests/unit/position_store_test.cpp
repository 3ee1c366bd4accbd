// Saved positions: per document and content, written whole.
#include "player/position_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace voxmark::player {
namespace {

class PositionStore : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("voxmark-positions-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    ::setenv("XDG_STATE_HOME", dir_.c_str(), 1);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    ::unsetenv("XDG_STATE_HOME");
  }
  std::filesystem::path dir_;
};

TEST_F(PositionStore, SavesAndLoadsPerDocument) {
  const std::string a = document_key("/docs/a.md", "text a");
  const std::string b = document_key("/docs/b.md", "text b");
  EXPECT_FALSE(load_position(a));
  ASSERT_TRUE(save_position(a, 12));
  ASSERT_TRUE(save_position(b, 3));
  EXPECT_EQ(load_position(a), 12u);
  EXPECT_EQ(load_position(b), 3u);
  EXPECT_EQ(positions_file(), dir_ / "voxmark" / "positions.json");
  // No temporary file is left beside it.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "voxmark")) ++files, (void)entry;
  EXPECT_EQ(files, 1u);
}

TEST_F(PositionStore, EditedContentIsADifferentDocument) {
  EXPECT_NE(document_key("/docs/a.md", "version 1"), document_key("/docs/a.md", "version 2"));
  EXPECT_EQ(document_key("(bundled)", "x"), document_key("(bundled)", "x"));
}

TEST_F(PositionStore, AMalformedFileMeansNoPositionAndIsReplacedOnSave) {
  std::filesystem::create_directories(dir_ / "voxmark");
  std::ofstream(dir_ / "voxmark" / "positions.json") << "{not json";
  const std::string key = document_key("(bundled)", "x");
  EXPECT_FALSE(load_position(key));
  ASSERT_TRUE(save_position(key, 5));
  EXPECT_EQ(load_position(key), 5u);
}

}  // namespace
}  // namespace voxmark::player
