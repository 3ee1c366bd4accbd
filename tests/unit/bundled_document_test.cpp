// The bundled op-ed: faithful to the original and structured for skipping.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "markdown/markdown_reader.h"

namespace voxmark {
namespace {

using document::BlockKind;

document::Document bundled() { return markdown::read_markdown(document::load_source("")); }

// Collapses white space (the original has no-break spaces too) and drops the bullet
// characters the original used for its list.
std::string normalise(std::string text) {
  for (std::size_t at; (at = text.find("\xC2\xA0")) != std::string::npos;) text.replace(at, 2, " ");
  std::string out;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (word == "\xE2\x80\xA2") continue;  // "•"
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

TEST(BundledDocument, SpeaksEveryWordOfTheOriginalInOrder) {
  std::ifstream seed(std::string(VOXMARK_SOURCE_DIR) + "/../shared/seed/000_09c0f815ea33d769.txt");
  if (!seed) GTEST_SKIP() << "the original text (../shared/seed) is not beside this checkout";
  std::stringstream original;
  original << seed.rdbuf();
  std::string spoken;
  for (const auto& s : bundled().sentences) spoken += s.text + "\n";
  EXPECT_EQ(normalise(spoken), normalise(original.str()));
}

TEST(BundledDocument, HasMetadataFromFrontMatter) {
  const auto doc = bundled();
  EXPECT_EQ(doc.metadata.title, "A new beginning for NATO and Russia");
  EXPECT_EQ(doc.metadata.author, "Anders Fogh Rasmussen");
  EXPECT_EQ(doc.metadata.language, "en");
  EXPECT_NE(doc.metadata.source.find("Project Syndicate"), std::string::npos);
}

TEST(BundledDocument, EachPartIsOneNavigationStepAway) {
  const auto doc = bundled();
  ASSERT_EQ(doc.sections.size(), 1u);
  EXPECT_EQ(doc.sections[0].title, "A new beginning for NATO and Russia");
  ASSERT_EQ(doc.blocks.size(), 11u);
  auto first = [&](std::size_t block) { return doc.sentences[doc.blocks[block].first_sentence].text; };
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::heading);
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::block_quote);  // the disclaimer
  EXPECT_EQ(first(1).rfind("DISCLAIMER:", 0), 0u);
  EXPECT_EQ(first(2).rfind("Fulfilling the full potential", 0), 0u);  // the standfirst
  EXPECT_EQ(first(3).rfind("The following contribution", 0), 0u);
  EXPECT_EQ(first(4).rfind("\"When I gave my first public speech", 0), 0u);  // the body
  EXPECT_EQ(doc.blocks[6].kind, BlockKind::list_item);
  EXPECT_EQ(first(6), "Fighting terrorism.");
  EXPECT_EQ(doc.blocks[7].kind, BlockKind::list_item);
  EXPECT_EQ(first(7), "Preventing proliferation.");
  EXPECT_EQ(doc.blocks[8].kind, BlockKind::list_item);
  EXPECT_EQ(first(8), "Stabilising Afghanistan.");
  EXPECT_EQ(doc.blocks[10].kind, BlockKind::block_quote);  // the closing notes
  EXPECT_EQ(first(10), "To read the op-ed in full, please click here.");
}

TEST(BundledDocument, SplitsTheFirstBodyParagraphWhereAReaderPauses) {
  const auto doc = bundled();
  const auto& block = doc.blocks[4];
  ASSERT_EQ(block.sentence_count, 4u);
  EXPECT_EQ(doc.sentences[block.first_sentence + 1].text,
            "At that time, I thought the relationship to be in urgent need of repair, and that "
            "NATO and Russia should make a 'new beginning.'");
  EXPECT_EQ(doc.sentences[block.first_sentence + 3].text, "A year on, how do we measure up?");
}

}  // namespace
}  // namespace voxmark
