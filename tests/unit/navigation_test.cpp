// Where each navigation command goes, on a document with every kind of structure.
#include "player/navigation.h"

#include <gtest/gtest.h>

#include "markdown/markdown_reader.h"

namespace voxmark::player {
namespace {

// Sentences (1-based): 1 Intro. | 2 A | 3 A one. 4 A two. | 5 - item one | 6 - item two |
// 7 A.1 | 8 Deep text. | 9 B | 10 B text. 11 More B.
const char* kDoc =
    "Intro.\n\n# A\n\nA one. A two.\n\n- item one\n- item two\n\n## A.1\n\nDeep text.\n\n# B\n\nB text. More B.\n";

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
  ASSERT_EQ(doc.sentences.size(), 11u);
  EXPECT_EQ(doc.sentences[6].text, "A.1");
}

TEST_F(Navigation, Sentences) {
  EXPECT_EQ(go(3, CommandId::next), 4u);
  EXPECT_EQ(go(11, CommandId::next), 0u);  // nothing after the last
  EXPECT_EQ(go(4, CommandId::prev), 3u);
  EXPECT_EQ(go(1, CommandId::prev), 1u);
  EXPECT_EQ(go(4, CommandId::repeat), 4u);
  EXPECT_EQ(go(4, CommandId::go_start), 1u);
  EXPECT_EQ(go(4, CommandId::go_end), 11u);
  EXPECT_EQ(go(1, CommandId::goto_sentence, 10), 10u);
  EXPECT_EQ(go(1, CommandId::goto_sentence, 12), 0u);
}

TEST_F(Navigation, Blocks) {
  EXPECT_EQ(go(3, CommandId::next_block), 5u);  // from mid-paragraph to the first list item
  EXPECT_EQ(go(5, CommandId::next_block), 6u);
  EXPECT_EQ(go(4, CommandId::prev_block), 2u);
  EXPECT_EQ(go(10, CommandId::next_block), 0u);
}

TEST_F(Navigation, Sections) {
  EXPECT_EQ(go(1, CommandId::next_section), 2u);  // from the preamble to A
  EXPECT_EQ(go(3, CommandId::next_section), 7u);  // A -> A.1 (any level)
  EXPECT_EQ(go(8, CommandId::next_section), 9u);
  EXPECT_EQ(go(10, CommandId::next_section), 0u);
  EXPECT_EQ(go(10, CommandId::prev_section), 7u);
  EXPECT_EQ(go(2, CommandId::prev_section), 1u);
  EXPECT_EQ(go(1, CommandId::goto_section, 3), 7u);
  EXPECT_EQ(go(1, CommandId::goto_section, 9), 0u);
}

TEST_F(Navigation, HeadingsOfALevel) {
  EXPECT_EQ(go(3, CommandId::next_heading, 1), 9u);  // skips A.1
  EXPECT_EQ(go(3, CommandId::next_heading, 2), 7u);
  EXPECT_EQ(go(10, CommandId::prev_heading, 1), 2u);
  EXPECT_EQ(go(10, CommandId::prev_heading, 2), 7u);
  EXPECT_EQ(go(3, CommandId::next_heading, 3), 0u);
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
