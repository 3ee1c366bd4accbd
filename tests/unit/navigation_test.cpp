// Where each navigation command goes, on a document with every kind of structure.
#include "player/navigation.h"

#include <gtest/gtest.h>

#include "markdown/markdown_reader.h"

namespace voxmark::player {
namespace {

// Sentences (1-based): 1 Intro. | 2 A | 3 A one. 4 A two. | 5 List, 2 items. | 6 - item one |
// 7 - item two | 8 A.1 | 9 Deep text. | 10 B | 11 B text. 12 More B.
const char* kDoc =
    "Intro.\n\n# A\n\nA one. A two.\n\n- item one\n- item two\n\n## A.1\n\nDeep text.\n\n# B\n\nB "
    "text. More B.\n";

class Navigation : public testing::Test {
 protected:
  document::Document doc = markdown::read_markdown(document::sanitize_utf8("nav.md", kDoc));
  // 1-based in, 1-based out (0 = does not move), as a user counts.
  std::size_t go(std::size_t from, CommandId id, double value = 0) {
    const auto to = navigate(doc, from - 1, Command{id, value});
    return to ? *to + 1 : 0;
  }
};

TEST_F(Navigation, DocumentIsAsTheTableSays) {
  ASSERT_EQ(doc.sentences.size(), 12u);
  EXPECT_EQ(doc.sentences[4].text, "List, 2 items.");
  EXPECT_EQ(doc.sentences[7].text, "A.1");
}

TEST_F(Navigation, Sentences) {
  EXPECT_EQ(go(3, CommandId::next), 4u);
  EXPECT_EQ(go(12, CommandId::next), 0u);  // nothing after the last
  EXPECT_EQ(go(4, CommandId::prev), 3u);
  EXPECT_EQ(go(1, CommandId::prev), 1u);
  EXPECT_EQ(go(4, CommandId::repeat), 4u);
  EXPECT_EQ(go(4, CommandId::go_start), 1u);
  EXPECT_EQ(go(4, CommandId::go_end), 12u);
  EXPECT_EQ(go(1, CommandId::goto_sentence, 10), 10u);
  EXPECT_EQ(go(1, CommandId::goto_sentence, 13), 0u);
}

TEST_F(Navigation, Blocks) {
  EXPECT_EQ(go(3, CommandId::next_block), 5u);  // from mid-paragraph to the list's announcement
  EXPECT_EQ(go(5, CommandId::next_block), 6u);  // to the first item
  EXPECT_EQ(go(6, CommandId::next_block), 7u);
  EXPECT_EQ(go(4, CommandId::prev_block), 2u);
  EXPECT_EQ(go(11, CommandId::next_block), 0u);
}

TEST_F(Navigation, SkipPastTheListBeingRead) {
  EXPECT_EQ(go(5, CommandId::skip_past), 8u);  // from the announcement: past both items
  EXPECT_EQ(go(6, CommandId::skip_past), 8u);  // from inside it too
  EXPECT_EQ(go(3, CommandId::skip_past), 0u);  // not in a unit: does not move
}

TEST_F(Navigation, Sections) {
  EXPECT_EQ(go(1, CommandId::next_section), 2u);  // from the preamble to A
  EXPECT_EQ(go(3, CommandId::next_section), 8u);  // A -> A.1 (any level)
  EXPECT_EQ(go(9, CommandId::next_section), 10u);
  EXPECT_EQ(go(11, CommandId::next_section), 0u);
  EXPECT_EQ(go(11, CommandId::prev_section), 8u);
  EXPECT_EQ(go(2, CommandId::prev_section), 1u);
  EXPECT_EQ(go(1, CommandId::goto_section, 3), 8u);
  EXPECT_EQ(go(1, CommandId::goto_section, 9), 0u);
}

TEST_F(Navigation, HeadingsOfALevel) {
  EXPECT_EQ(go(3, CommandId::next_heading, 1), 10u);  // skips A.1
  EXPECT_EQ(go(3, CommandId::next_heading, 2), 8u);
  EXPECT_EQ(go(11, CommandId::prev_heading, 1), 2u);
  EXPECT_EQ(go(11, CommandId::prev_heading, 2), 8u);
  EXPECT_EQ(go(3, CommandId::next_heading, 3), 0u);
}

// A table, a nested list and a quote: skip-past leaves the innermost unit around the sentence.
TEST(NavigationUnits, SkipPastLeavesTheInnermostUnit) {
  const auto doc = markdown::read_markdown(document::sanitize_utf8(
      "units.md",
      "Before.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nBetween.\n\n"
      "- outer\n  - inner one\n  - inner two\n- outer two\n\n> "
      "Quoted.\n\n```\ncode\n```\n\nAfter.\n"));
  auto index_of = [&](const std::string& text) {
    for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
      if (doc.sentences[i].text == text) return i;
    }
    ADD_FAILURE() << "no sentence " << text;
    return std::size_t{0};
  };
  auto skip = [&](const std::string& from) {
    const auto to = navigate(doc, index_of(from), Command{CommandId::skip_past});
    return to ? doc.sentences[*to].text : std::string("(does not move)");
  };
  EXPECT_EQ(skip("Table, 2 columns, 2 rows: A, B."), "Between.");
  EXPECT_EQ(skip("A: 3."), "Between.");             // from the last row
  EXPECT_EQ(skip("inner one"), "outer two");        // the inner list only
  EXPECT_EQ(skip("outer"), "Quote, 1 paragraph.");  // the whole outer list
  EXPECT_EQ(skip("Quoted."), "Code block, 1 line.");
  EXPECT_EQ(skip("Code block, 1 line."), "After.");
  EXPECT_EQ(skip("Before."), "(does not move)");
}

TEST_F(Navigation, SectionsByNumberOrTitle) {
  EXPECT_EQ(find_section(doc, "3"), 2u);
  EXPECT_EQ(find_section(doc, "B"), 3u);
  EXPECT_EQ(find_section(doc, "a.1"), 2u);  // a unique prefix, any case
  EXPECT_EQ(find_section(doc, "A"), 1u);    // an exact title wins over prefixes
  EXPECT_FALSE(find_section(doc, "Z"));
  EXPECT_FALSE(find_section(doc, "0"));
  EXPECT_FALSE(find_section(doc, "99999999999999999999999"));
}

}  // namespace
}  // namespace voxmark::player
