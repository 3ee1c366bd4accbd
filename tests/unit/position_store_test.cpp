// Saved positions: per document (by path, so edits keep them), with the text to find the
// place again and the speed; written whole.
#include "player/position_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "markdown/markdown_reader.h"

namespace voxmark::player {
namespace {

document::Document read(std::string_view markdown) {
  return markdown::read_markdown(document::sanitize_utf8("doc.md", markdown));
}

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

TEST_F(PositionStore, SavesAndLoadsPerDocumentWithTheTextAroundTheSentence) {
  const document::Document doc = read("One. Two. Three.\n");
  const std::string a = document_key("/docs/a.md", "text a");
  const std::string b = document_key("/docs/b.md", "text b");
  EXPECT_FALSE(load_place(a));
  ASSERT_TRUE(save_place(a, doc, 1, 2.5));
  ASSERT_TRUE(save_place(b, doc, 0, 1.0));
  const auto place = load_place(a);
  ASSERT_TRUE(place);
  EXPECT_EQ(place->sentence, 1u);
  EXPECT_EQ(place->sentence_count, 3u);
  EXPECT_EQ(place->text, "Two.");
  EXPECT_EQ(place->before, "One.");
  EXPECT_EQ(place->after, "Three.");
  // The stored hash is this document's, and not one any other text would have.
  EXPECT_EQ(place->content_hash, sentences_hash(doc));
  EXPECT_NE(place->content_hash, sentences_hash(read("One. Two. Four.\n")));
  EXPECT_NE(a, b);
  EXPECT_EQ(place->speed_factor, 2.5);
  EXPECT_EQ(load_place(b)->sentence, 0u);
  EXPECT_EQ(load_place(b)->before, "");
  EXPECT_EQ(positions_file(), dir_ / "voxmark" / "positions.json");
  // No temporary file is left beside it.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "voxmark")) ++files, (void)entry;
  EXPECT_EQ(files, 1u);
}

TEST_F(PositionStore, AnEditedFileIsStillTheSameDocumentButStandardInputIsItsContent) {
  EXPECT_EQ(document_key("/docs/a.md", "version 1"), document_key("/docs/a.md", "version 2"));
  EXPECT_EQ(document_key("/docs/./a.md", "x"), document_key("/docs/a.md", "x"));
  EXPECT_NE(document_key("/docs/a.md", "x"), document_key("/docs/b.md", "x"));
  EXPECT_NE(document_key("(stdin)", "version 1"), document_key("(stdin)", "version 2"));
  EXPECT_EQ(document_key("(bundled)", "x"), document_key("(bundled)", "y"));
  // Markup-only edits keep what is spoken, and so the hash.
  EXPECT_EQ(sentences_hash(read("One. *Two*.\n")), sentences_hash(read("One. Two.\n")));
  EXPECT_NE(sentences_hash(read("One. Two.\n")), sentences_hash(read("One. Too.\n")));
}

TEST_F(PositionStore, AMalformedFileMeansNoPositionAndIsReplacedOnSave) {
  std::filesystem::create_directories(dir_ / "voxmark");
  std::ofstream(dir_ / "voxmark" / "positions.json") << "{not json";
  const std::string key = document_key("(bundled)", "x");
  EXPECT_FALSE(load_place(key));
  ASSERT_TRUE(save_place(key, read("A. B. C. D. E. F.\n"), 5, 1.0));
  EXPECT_EQ(load_place(key)->sentence, 5u);
}

TEST_F(PositionStore, ALinkedFileStaysALink) {
  // Dotfiles kept in a repository and linked into place: the link must survive a save.
  std::filesystem::create_directories(dir_ / "voxmark");
  std::filesystem::create_directories(dir_ / "dotfiles");
  std::ofstream(dir_ / "dotfiles" / "positions.json") << "{}";
  std::filesystem::create_symlink(dir_ / "dotfiles" / "positions.json",
                                  dir_ / "voxmark" / "positions.json");
  ASSERT_TRUE(save_place("(bundled)", read("A. B.\n"), 1, 1.0));
  EXPECT_TRUE(std::filesystem::is_symlink(dir_ / "voxmark" / "positions.json"));
  EXPECT_EQ(load_place("(bundled)")->sentence, 1u);
}

}  // namespace
}  // namespace voxmark::player
