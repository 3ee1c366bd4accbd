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
  // A copy of the original plain text the bundled document was made from (../shared/seed),
  // kept with the tests so that this runs on any fresh clone.
  std::ifstream seed(std::string(VOXMARK_TEST_DATA_DIR) + "/op-ed-original.txt");
  ASSERT_TRUE(seed) << "tests/data/op-ed-original.txt is missing";
  std::stringstream original;
  original << seed.rdbuf();
  // The document's own words: voxmark's announcements ("List, 3 items.", "Quote, ...") are
  // not the author's.
  const auto doc = bundled();
  std::string spoken;
  for (const auto& s : doc.sentences) {
    if (!document::is_announcement(doc.blocks[s.block_index].kind)) spoken += s.text + "\n";
  }
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
  auto first = [&](std::size_t block) {
    return doc.sentences[doc.blocks[block].first_sentence].text;
  };
  ASSERT_EQ(doc.blocks.size(), 14u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::heading);
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::quote);
  EXPECT_EQ(first(1), "Quote, 1 paragraph.");
  EXPECT_EQ(doc.blocks[2].kind, BlockKind::block_quote);  // the disclaimer
  EXPECT_EQ(first(2).rfind("DISCLAIMER:", 0), 0u);
  EXPECT_EQ(first(3).rfind("Fulfilling the full potential", 0), 0u);  // the standfirst
  EXPECT_EQ(first(4).rfind("The following contribution", 0), 0u);
  EXPECT_EQ(first(5).rfind("\"When I gave my first public speech", 0), 0u);  // the body
  EXPECT_EQ(doc.blocks[7].kind, BlockKind::list);
  EXPECT_EQ(first(7), "List, 3 items.");
  EXPECT_EQ(doc.blocks[8].kind, BlockKind::list_item);
  EXPECT_EQ(first(8), "Fighting terrorism.");
  EXPECT_EQ(first(9), "Preventing proliferation.");
  EXPECT_EQ(first(10), "Stabilising Afghanistan.");
  EXPECT_EQ(first(11).rfind("Beyond increasing our practical collaboration", 0), 0u);
  EXPECT_EQ(first(12), "Quote, 3 paragraphs.");
  EXPECT_EQ(first(13), "To read the op-ed in full, please click here.");  // the closing notes
}

// The op-ed's own structure: title block, the letter, the three areas by name, the
// conclusion (the letter again), the end notes.
TEST(BundledDocument, OutlineIsItsParts) {
  const auto doc = bundled();
  using document::SectionKind;
  struct Expected {
    SectionKind kind;
    int level;
    const char* title_start;
  };
  const Expected expected[] = {
      {SectionKind::heading, 1, "A new beginning for NATO and Russia"},
      {SectionKind::thematic_break, 1, "\"When I gave my first public"},
      {SectionKind::run_in, 2, "Fighting terrorism"},
      {SectionKind::run_in, 2, "Preventing proliferation"},
      {SectionKind::run_in, 2, "Stabilising Afghanistan"},
      {SectionKind::continuation, 1, "Beyond increasing our practical"},
      {SectionKind::thematic_break, 1, "To read the op-ed in full"},
  };
  ASSERT_EQ(doc.sections.size(), std::size(expected));
  for (std::size_t i = 0; i < doc.sections.size(); ++i) {
    const auto& s = doc.sections[i];
    EXPECT_EQ(s.kind, expected[i].kind) << i;
    EXPECT_EQ(s.level, expected[i].level) << i;
    EXPECT_EQ(s.title.rfind(expected[i].title_start, 0), 0u) << i << ": " << s.title;
    EXPECT_GT(s.sentence_count, 0u) << i;
  }
  EXPECT_EQ(doc.sections[2].title, "Fighting terrorism");  // the bold text, without its mark
  EXPECT_EQ(doc.sections[2].parent, 1u);                   // the areas are the letter's
  EXPECT_EQ(doc.sections[5].continues, 1u);                // the conclusion is the letter's too
  // Skipping the last area lands on the conclusion, not past it.
  EXPECT_EQ(doc.section_end_sentence(4), doc.sections[5].first_sentence);
  EXPECT_EQ(doc.metadata.title, "A new beginning for NATO and Russia");
}

TEST(BundledDocument, SplitsTheFirstBodyParagraphWhereAReaderPauses) {
  const auto doc = bundled();
  const auto& block = doc.blocks[5];
  ASSERT_EQ(block.sentence_count, 4u);
  EXPECT_EQ(doc.sentences[block.first_sentence + 1].text,
            "At that time, I thought the relationship to be in urgent need of repair, and that "
            "NATO and Russia should make a 'new beginning.'");
  EXPECT_EQ(doc.sentences[block.first_sentence + 3].text, "A year on, how do we measure up?");
}

}  // namespace
}  // namespace voxmark
