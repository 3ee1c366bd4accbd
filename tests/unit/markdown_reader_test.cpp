// What a listener hears from Markdown: markup removed, structure kept.
#include "markdown/markdown_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
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

constexpr const char* kTablePath = VOXMARK_TEST_DATA_DIR "/markdown_spoken.tsv";

// One row of tests/data/markdown_spoken.tsv.
struct SpokenCase {
  std::string id;
  int line = 0;
  markdown::ReadOptions options;
  std::string markdown;
  Texts expected;
};

void PrintTo(const SpokenCase& c, std::ostream* os) {
  *os << c.id << " (markdown_spoken.tsv:" << c.line << ")";
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The table's escapes: \n \t \s \\ \u{HEX} (and \| in EXPECTED); any other backslash is kept
// (Markdown's own).
std::string unescape(std::string_view field, bool pipe_escape) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    const char next = field[i + 1];
    if (next == 'n' || next == 't' || next == 's' || next == '\\') {
      out += next == 'n' ? '\n' : next == 't' ? '\t' : next == 's' ? ' ' : '\\';
      ++i;
    } else if (next == 'u' && i + 2 < field.size() && field[i + 2] == '{') {
      const std::size_t close = field.find('}', i);
      if (close == std::string_view::npos) throw std::runtime_error("bad \\u{...} escape");
      append_utf8(out, static_cast<char32_t>(std::stoul(
                           std::string(field.substr(i + 3, close - i - 3)), nullptr, 16)));
      i = close;
    } else if (next == '|' && pipe_escape) {
      out += '|';
      ++i;
    } else {
      out += '\\';
    }
  }
  return out;
}

std::vector<std::string_view> split_on(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  for (std::size_t at; (at = text.find(separator)) != std::string_view::npos;) {
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + separator.size());
  }
  parts.push_back(text);
  return parts;
}

markdown::ReadOptions parse_options(std::string_view field) {
  markdown::ReadOptions options;
  if (field == "-") return options;
  for (const std::string_view option : split_on(field, ",")) {
    if (option == "read-code") {
      options.read_code_blocks = true;
    } else if (option == "punctuation=none") {
      options.punctuation = markdown::PunctuationLevel::none;
    } else if (option == "punctuation=some") {
      options.punctuation = markdown::PunctuationLevel::some;
    } else if (option == "punctuation=all") {
      options.punctuation = markdown::PunctuationLevel::all;
    } else if (option == "urls=full") {
      options.urls = markdown::UrlMode::full;
    } else if (option == "urls=host") {
      options.urls = markdown::UrlMode::host;
    } else if (option == "urls=none") {
      options.urls = markdown::UrlMode::none;
    } else if (option.starts_with("voice-language=")) {
      options.voice_language = option.substr(option.find('=') + 1);
    } else {
      throw std::runtime_error("unknown option " + std::string(option));
    }
  }
  return options;
}

std::vector<SpokenCase> load_cases() {
  std::ifstream file(kTablePath);
  if (!file) throw std::runtime_error(std::string("cannot read ") + kTablePath);
  std::vector<SpokenCase> cases;
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const auto fields = split_on(line, "\t");
    if (fields.size() != 4) {
      throw std::runtime_error("markdown_spoken.tsv:" + std::to_string(number) +
                               ": expected 4 fields");
    }
    SpokenCase c;
    c.id = std::string(fields[0]);
    c.line = number;
    c.options = parse_options(fields[1]);
    c.markdown = unescape(fields[2], false);
    if (fields[3] != "(none)") {
      for (const std::string_view sentence : split_on(fields[3], " | "))
        c.expected.push_back(unescape(sentence, true));
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

class SpokenText : public testing::TestWithParam<SpokenCase> {};

TEST_P(SpokenText, IsWhatAListenerShouldHear) {
  EXPECT_EQ(spoken(GetParam().markdown, GetParam().options), GetParam().expected)
      << GetParam().markdown;
}

INSTANTIATE_TEST_SUITE_P(Markdown, SpokenText, testing::ValuesIn(load_cases()),
                         [](const auto& info) { return info.param.id; });

TEST(MarkdownSpokenTable, HasUniqueIdsAndCoversEveryConstruct) {
  const auto cases = load_cases();
  std::set<std::string> ids;
  for (const auto& c : cases) EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
  EXPECT_GE(cases.size(), 80u);
}

// Found by the fuzzer: for a footnote reference it cannot resolve, cmark-gfm 0.29 keeps text
// that ends in the middle of a character; what voxmark says must still be valid UTF-8.
TEST(MarkdownReader, TextCmarkGfmCutsMidCharacterIsRepaired) {
  std::string markdown = "[^u";
  for (int i = 0; i < 60; ++i) markdown += "\xEF\xBF\xBD";  // U+FFFD
  markdown += " |\ntinused]: never referred to\n";
  const auto doc = markdown::read_markdown(document::sanitize_utf8("test.md", markdown));
  ASSERT_FALSE(doc.sentences.empty());
  for (const auto& s : doc.sentences) {
    EXPECT_TRUE(document::is_clean_utf8(s.text)) << s.text;
  }
  EXPECT_NE(doc.sentences.back().text.find("never referred to"), std::string::npos);
}

TEST(MarkdownReader, ReadsCodeBlocksWhenAsked) {
  markdown::ReadOptions options;
  options.read_code_blocks = true;
  EXPECT_EQ(spoken("```\nfirst line\n\nsecond line\n```", options),
            (Texts{"Code block, 3 lines.", "first line", "second line"}));
}

TEST(MarkdownReader, SentencesKnowTheirSourceLine) {
  const auto doc =
      read("# Title\n\nFirst sentence.\nSecond one starts here\nand ends. Third.\n\n- item\n");
  ASSERT_EQ(doc.sentences.size(), 6u);
  EXPECT_EQ(doc.sentences[0].source_line, 1);
  EXPECT_EQ(doc.sentences[1].source_line, 3);
  EXPECT_EQ(doc.sentences[2].source_line, 4);
  EXPECT_EQ(doc.sentences[3].source_line, 5);
  EXPECT_EQ(doc.sentences[4].source_line, 7);  // "List, 1 item."
  EXPECT_EQ(doc.sentences[5].source_line, 7);
}

// A table written right under a paragraph, without a blank line, as READMEs often do: its
// header and rows keep their own lines, and the paragraph's lines stay before them.
TEST(MarkdownReader, ATableRightAfterParagraphLinesKeepsItsLines) {
  const auto doc =
      read("# Prices\n\nThe list.\nAs of today:\n| Item | Cost |\n|---|---|\n| Tea | 2 |\n");
  std::vector<int> lines;
  for (const auto& sentence : doc.sentences) lines.push_back(sentence.source_line);
  // Title; the paragraph's two sentences; the table's announcement; the row's two cells.
  EXPECT_EQ(lines, (std::vector<int>{1, 3, 4, 5, 7, 7}));
  const auto no_body = read("Intro.\n\n__\n| a |\n|---|\n");
  lines.clear();
  for (const auto& sentence : no_body.sentences) lines.push_back(sentence.source_line);
  EXPECT_EQ(lines, (std::vector<int>{1, 3, 4}));
}

TEST(MarkdownReader, FrontMatterIsMetadataNotSpokenAndKeepsLineNumbers) {
  const auto doc =
      read("---\ntitle: My Title\nauthor: Ann Author\nlanguage: en-GB\n---\n\nHello there.\n");
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
  EXPECT_EQ(spoken("```\na\x1b[0mb\n```\n", {.read_code_blocks = true}),
            (Texts{"Code block, 1 line.", "a open bracket 0mb"}));
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
  const auto doc = read(
      "- First. Still first.\n\n  Second paragraph of the item.\n- Next item.\n\n> Quote "
      "one.\n>\n> Quote two.\n\nAfter.\n");
  ASSERT_EQ(doc.blocks.size(), 6u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::list);  // "List, 2 items."
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::list_item);
  EXPECT_EQ(doc.blocks[1].sentence_count, 3u);
  EXPECT_EQ(doc.blocks[2].kind, BlockKind::list_item);
  EXPECT_EQ(doc.blocks[3].kind, BlockKind::quote);  // "Quote, 2 paragraphs."
  EXPECT_EQ(doc.blocks[4].kind, BlockKind::block_quote);
  EXPECT_EQ(doc.blocks[4].sentence_count, 2u);
  EXPECT_EQ(doc.blocks[5].kind, BlockKind::paragraph);
}

TEST(MarkdownReader, NestedListItemsAreTheirOwnBlocks) {
  const auto doc = read("- outer\n  - inner one\n  - inner two\n\n  outer again\n");
  ASSERT_EQ(doc.blocks.size(), 6u);
  EXPECT_EQ(doc.sentences[doc.blocks[5].first_sentence].text, "outer again");
  for (const std::size_t b : {1, 3, 4, 5}) EXPECT_EQ(doc.blocks[b].kind, BlockKind::list_item);
  EXPECT_EQ(doc.blocks[2].kind, BlockKind::list);  // the inner list's announcement
}

TEST(MarkdownReader, BlocksAndSentencesAreContiguousAndConsistent) {
  const auto doc =
      read("# H\n\n- a\n  > q1\n  > q2\n- b\n\n```\nx\n```\n\nText. More.\n\n## H2\n\nEnd.\n");
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
  EXPECT_EQ(read(lists).sentences.size(), 20000u);  // each list: its announcement, its item
  const auto doc = read(quotes);
  ASSERT_EQ(doc.sentences.size(), 10001u);  // 10,000 announcements, then the text
  EXPECT_EQ(doc.sentences.back().text, "deep");
}

// An HTML block is parsed as HTML: deep, unclosed or broken markup is read, never a crash.
TEST(MarkdownReader, SurvivesDeepAndBrokenHtmlBlocks) {
  std::string deep = "<div>";
  for (int i = 0; i < 20000; ++i) deep += "<div><b><span>";
  deep += "deep\n\nAfter.\n";
  const auto doc = read(deep);
  ASSERT_FALSE(doc.sentences.empty());
  EXPECT_EQ(doc.sentences.back().text, "After.");
  for (const char* broken :
       {"<div <<>>\n", "<p>&#0;&#xD800;&#99999999;&bogus; x</p>\n", "<h2><h3>a</h2>b</h3>\n",
        "<table><td><tr><li>c\n", "<div><![CDATA[ c ]]><!-- unclosed\n", "<img alt>\n"}) {
    EXPECT_NO_THROW(read(broken)) << broken;
  }
}

TEST(MarkdownReader, CountsWords) {
  EXPECT_EQ(document::count_words("Russia's NATO-led force, 1,300 graduates."), 5u);
  EXPECT_EQ(document::count_words(""), 0u);
  EXPECT_EQ(document::count_words("— … !"), 0u);
}

}  // namespace
}  // namespace voxmark
