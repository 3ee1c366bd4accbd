// What a listener hears from Markdown: markup removed, structure kept.
#include "markdown/markdown_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace voxmark {
namespace {

using document::BlockKind;

document::Document read(const std::string& markdown, markdown::ReadOptions options = {}) {
  return markdown::read_markdown(document::sanitize_utf8("test.md", markdown), options);
}

std::vector<std::string> spoken(const std::string& markdown, markdown::ReadOptions options = {}) {
  std::vector<std::string> out;
  for (const auto& s : read(markdown, options).sentences) out.push_back(s.text);
  return out;
}

using Texts = std::vector<std::string>;

struct SpokenCase {
  const char* name;
  const char* markdown;
  Texts expected;
};

class SpokenText : public testing::TestWithParam<SpokenCase> {};

TEST_P(SpokenText, IsWhatAListenerShouldHear) {
  EXPECT_EQ(spoken(GetParam().markdown), GetParam().expected) << GetParam().markdown;
}

const SpokenCase kSpokenCases[] = {
    {"emphasis_removed", "Some *emphasised* and **strong** and ***both*** text.",
     {"Some emphasised and strong and both text."}},
    {"underscore_emphasis", "An _underscored_ and __strong__ word.", {"An underscored and strong word."}},
    {"link_text_kept_url_dropped", "Read [the guide](https://example.com/guide.html) today.",
     {"Read the guide today."}},
    {"autolink_is_read", "Mail <someone@example.com> now.", {"Mail someone@example.com now."}},
    {"reference_link", "See [the docs][d] first.\n\n[d]: https://example.com", {"See the docs first."}},
    {"image_alt_text", "Look: ![a red square](red.png) there.", {"Look: a red square there."}},
    {"inline_code_kept", "Run `make test` to check.", {"Run make test to check."}},
    {"html_inline_dropped", "One <span class=\"x\">two</span> three.", {"One two three."}},
    {"html_block_dropped", "<div>\nhidden\n</div>\n\nShown.", {"Shown."}},
    {"html_comment_dropped", "<!-- a note -->\n\nShown.", {"Shown."}},
    {"entities_decoded", "Fish &amp; chips &copy; 2010 &#x41;.", {"Fish & chips \xC2\xA9 2010 A."}},
    {"escaped_tag_is_text", "Say &lt;audio src=\"x.wav\"&gt; aloud.", {"Say <audio src=\"x.wav\"> aloud."}},
    {"heading_is_own_sentence", "# Title\nText follows.", {"Title", "Text follows."}},
    {"heading_keeps_punctuation_as_one", "## Dr. Who. Returns", {"Dr. Who. Returns"}},
    {"setext_heading", "Title\n=====\n\nBody.", {"Title", "Body."}},
    {"soft_break_is_space", "One line\nand the next.", {"One line and the next."}},
    {"hard_break_ends_sentence", "First line\\\nsecond line", {"First line", "second line"}},
    {"code_block_announced", "```python\nprint(1)\nprint(2)\n```", {"Code block, python, 2 lines."}},
    {"indented_code_announced", "Text.\n\n    code here\n", {"Text.", "Code block, 1 line."}},
    {"thematic_break_silent", "A.\n\n---\n\nB.", {"A.", "B."}},
    {"bold_lead_in_own_sentence", "**Warning:** do not touch.", {"Warning:", "do not touch."}},
    {"bold_lead_in_with_period", "- **Fighting terrorism.** Because it matters.",
     {"Fighting terrorism.", "Because it matters."}},
    {"bold_mid_sentence_not_split", "It is **very** important.", {"It is very important."}},
    {"white_space_collapsed", "Too   many\t spaces.", {"Too many spaces."}},
    {"empty_heading_silent", "#\n\nText.", {"Text."}},
    {"list_items", "- one\n- two\n\n1. three", {"one", "two", "three"}},
    {"block_quote", "> Quoted text.\n> More.", {"Quoted text.", "More."}},
    {"nothing_to_say", "<div>only html</div>\n\n---\n", {}},
    {"empty", "", {}},
};

INSTANTIATE_TEST_SUITE_P(Markdown, SpokenText, testing::ValuesIn(kSpokenCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(MarkdownReader, ReadsCodeBlocksWhenAsked) {
  markdown::ReadOptions options;
  options.read_code_blocks = true;
  EXPECT_EQ(spoken("```\nfirst line\n\nsecond line\n```", options), (Texts{"first line", "second line"}));
}

TEST(MarkdownReader, SentencesKnowTheirSourceLine) {
  const auto doc = read("# Title\n\nFirst sentence.\nSecond one starts here\nand ends. Third.\n\n- item\n");
  ASSERT_EQ(doc.sentences.size(), 5u);
  EXPECT_EQ(doc.sentences[0].source_line, 1);
  EXPECT_EQ(doc.sentences[1].source_line, 3);
  EXPECT_EQ(doc.sentences[2].source_line, 4);
  EXPECT_EQ(doc.sentences[3].source_line, 5);
  EXPECT_EQ(doc.sentences[4].source_line, 7);
}

TEST(MarkdownReader, FrontMatterIsMetadataNotSpokenAndKeepsLineNumbers) {
  const auto doc = read("---\ntitle: My Title\nauthor: Ann Author\nlanguage: en-GB\n---\n\nHello there.\n");
  EXPECT_EQ(doc.metadata.title, "My Title");
  EXPECT_EQ(doc.metadata.author, "Ann Author");
  EXPECT_EQ(doc.metadata.language, "en-GB");
  ASSERT_EQ(doc.sentences.size(), 1u);
  EXPECT_EQ(doc.sentences[0].text, "Hello there.");
  EXPECT_EQ(doc.sentences[0].source_line, 7);
}

TEST(MarkdownReader, ThematicBreaksAroundTextAreNotFrontMatter) {
  EXPECT_EQ(spoken("---\nJust a paragraph.\n---\n"), (Texts{"Just a paragraph."}));
}

TEST(MarkdownReader, InvalidFrontMatterIsReportedAndReadAsText) {
  const auto doc = read("---\ntitle: [unclosed\n---\nBody.\n");
  ASSERT_FALSE(doc.warnings.empty());
  EXPECT_NE(doc.warnings[0].message.find("YAML"), std::string::npos);
  EXPECT_FALSE(doc.sentences.empty());
}

// Found by fuzzing: a malformed language made ICU refuse the sentence iterator, and
// read_markdown threw although it never throws for any text.
TEST(MarkdownReader, MalformedLanguageIsAWarningNotAnError) {
  for (const char* language :
       {"\"x-@@ \x01 |\"", "\"en@@\"", "\"e\"", "\"en--GB\"", "\"toolonglanguage\""}) {
    const auto doc = read(std::string("---\nlanguage: ") + language + "\n---\nOne. Two.\n");
    EXPECT_EQ(doc.metadata.language, "") << language;
    ASSERT_EQ(doc.warnings.size(), 1u) << language;
    EXPECT_EQ(doc.warnings[0].where, "test.md:2");
    EXPECT_NE(doc.warnings[0].message.find("not a language tag"), std::string::npos);
    EXPECT_EQ(spoken(std::string("---\nlang: ") + language + "\n---\nOne. Two.\n"),
              (Texts{"One.", "Two."}));
  }
  for (const char* language : {"de", "en-GB", "en_US", "zh-Hant-TW", "sr-Latn"}) {
    const auto doc = read(std::string("---\nlanguage: ") + language + "\n---\nText.\n");
    EXPECT_EQ(doc.metadata.language, language);
    EXPECT_TRUE(doc.warnings.empty()) << language;
  }
}

// Found by fuzzing: yaml-cpp's message quotes the bad escape character, here ESC, which the
// warning then printed to the terminal as is.
TEST(MarkdownReader, FrontMatterErrorsAreOnePrintableLine) {
  const auto doc = read("---\ntitle: \"bad \\\x1b escape\"\n---\nBody.\n");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_NE(doc.warnings[0].message.find("YAML (unknown escape character: \\x1b)"),
            std::string::npos)
      << doc.warnings[0].message;
}

// A document's control characters, raw or as entities, are not text: they become spaces, so
// that `voxmark sentences`, the outline and the screen never send them to the terminal.
TEST(MarkdownReader, ControlCharactersBecomeSpaces) {
  EXPECT_EQ(spoken("Hello &#27;[31mred&#27;[0m and\x07 \x1b[2J bell\xC2\x9B"
                   "1m.\n"),
            (Texts{"Hello [31mred [0m and [2J bell 1m."}));
  EXPECT_EQ(spoken("# Title&#8;&#127;x\n\n```c&#27;\nx\n```\n"),
            (Texts{"Title x", "Code block, c, 1 line."}));
  EXPECT_EQ(spoken("```\na\x1b[0mb\n```\n", {.read_code_blocks = true}), (Texts{"a [0mb"}));
  const auto doc = read("---\ntitle: \"A\\e[2JB\"\nauthor: \"C\\x85D\"\n---\nText.\n");
  EXPECT_EQ(doc.metadata.title, "A [2JB");
  EXPECT_EQ(doc.metadata.author, "C  D");  // U+0085 is two bytes, two spaces
}

TEST(MarkdownReader, SectionsNestByHeadingLevel) {
  const auto doc = read("Intro.\n\n# A\n\n## A.1\n\nText.\n\n### A.1.a\n\n## A.2\n\n# B\n");
  ASSERT_EQ(doc.sections.size(), 6u);
  EXPECT_EQ(doc.sections[0].level, 0);  // the preamble
  EXPECT_EQ(doc.sections[0].parent, document::Section::npos);
  EXPECT_EQ(doc.sections[1].title, "A");
  EXPECT_EQ(doc.sections[1].parent, document::Section::npos);
  EXPECT_EQ(doc.sections[2].parent, 1u);
  EXPECT_EQ(doc.sections[3].parent, 2u);
  EXPECT_EQ(doc.sections[4].parent, 1u);
  EXPECT_EQ(doc.sections[5].parent, document::Section::npos);
  EXPECT_EQ(doc.sections[2].sentence_count, 2u);  // "A.1" and "Text."
  EXPECT_EQ(doc.section_end_sentence(1), doc.sections[5].first_sentence);
}

TEST(MarkdownReader, ListItemAndQuoteAreOneBlockEach) {
  const auto doc = read("- First. Still first.\n\n  Second paragraph of the item.\n- Next item.\n\n> Quote one.\n>\n> Quote two.\n\nAfter.\n");
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::list_item);
  EXPECT_EQ(doc.blocks[0].sentence_count, 3u);
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::list_item);
  EXPECT_EQ(doc.blocks[2].kind, BlockKind::block_quote);
  EXPECT_EQ(doc.blocks[2].sentence_count, 2u);
  EXPECT_EQ(doc.blocks[3].kind, BlockKind::paragraph);
}

TEST(MarkdownReader, NestedListItemsAreTheirOwnBlocks) {
  const auto doc = read("- outer\n  - inner one\n  - inner two\n\n  outer again\n");
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.sentences[doc.blocks[3].first_sentence].text, "outer again");
  for (const auto& b : doc.blocks) EXPECT_EQ(b.kind, BlockKind::list_item);
}

TEST(MarkdownReader, BlocksAndSentencesAreContiguousAndConsistent) {
  const auto doc = read("# H\n\n- a\n  > q1\n  > q2\n- b\n\n```\nx\n```\n\nText. More.\n\n## H2\n\nEnd.\n");
  std::size_t next = 0;
  for (std::size_t b = 0; b < doc.blocks.size(); ++b) {
    EXPECT_EQ(doc.blocks[b].first_sentence, next);
    EXPECT_GT(doc.blocks[b].sentence_count, 0u);
    for (std::size_t i = 0; i < doc.blocks[b].sentence_count; ++i) {
      EXPECT_EQ(doc.sentences[next + i].block_index, b);
      EXPECT_EQ(doc.sentences[next + i].section_index, doc.blocks[b].section_index);
    }
    next += doc.blocks[b].sentence_count;
  }
  EXPECT_EQ(next, doc.sentences.size());
}

TEST(MarkdownReader, SurvivesTenThousandNestedListsAndQuotes) {
  std::string lists, quotes;
  for (int i = 0; i < 10000; ++i) {
    lists += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- level\n";
    quotes += ">";
  }
  quotes += " deep\n";
  EXPECT_EQ(read(lists).sentences.size(), 10000u);
  const auto doc = read(quotes);
  ASSERT_EQ(doc.sentences.size(), 1u);
  EXPECT_EQ(doc.sentences[0].text, "deep");
}

TEST(MarkdownReader, CountsWords) {
  EXPECT_EQ(document::count_words("Russia's NATO-led force, 1,300 graduates."), 5u);
  EXPECT_EQ(document::count_words(""), 0u);
  EXPECT_EQ(document::count_words("— … !"), 0u);
}

}  // namespace
}  // namespace voxmark
