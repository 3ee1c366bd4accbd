// Sections a listener can skip by: run-in headings (true and false positives), thematic
// breaks, continuations after a list of run-ins, --structure headings, HTML headings, and the
// title.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "markdown/markdown_reader.h"

namespace voxmark {
namespace {

using document::SectionKind;

document::Document read(const std::string& markdown,
                        markdown::StructureMode structure = markdown::StructureMode::full) {
  markdown::ReadOptions options;
  options.structure = structure;
  return markdown::read_markdown(document::sanitize_utf8("test.md", markdown), options);
}

// "kind level title" of every section, as the outline shows them.
std::vector<std::string> outline(const document::Document& doc) {
  std::vector<std::string> out;
  for (const auto& s : doc.sections) {
    out.push_back(std::string(document::to_string(s.kind)) + " " + std::to_string(s.level) + " " +
                  s.title);
  }
  return out;
}

using Lines = std::vector<std::string>;

struct RunInCase {
  const char* name;
  const char* markdown;
  Lines sections;
};

class RunIn : public testing::TestWithParam<RunInCase> {};

TEST_P(RunIn, MakesTheSectionsAListenerExpects) {
  EXPECT_EQ(outline(read(GetParam().markdown)), GetParam().sections) << GetParam().markdown;
}

const RunInCase kRunInCases[] = {
    // True positives.
    {"paragraph_run_in",
     "# Report\n\n**Background.** It began.\n\n**Method.** We asked.\n",
     {"heading 1 Report", "run-in 2 Background", "run-in 2 Method"}},
    {"colon_and_question",
     "# R\n\n**Key findings:** Many.\n\n**What next?** More.\n",
     {"heading 1 R", "run-in 2 Key findings", "run-in 2 What next"}},
    {"mark_after_the_bold", "# R\n\n**Method**: we asked.\n", {"heading 1 R", "run-in 2 Method"}},
    {"list_item_run_ins",
     "# H\n\n- **One.** First.\n- **Two.** Second.\n",
     {"heading 1 H", "run-in 2 One", "run-in 2 Two"}},
    {"under_h2_is_level_3", "## Sub\n\n**Part.** Text.\n", {"heading 2 Sub", "run-in 3 Part"}},
    {"before_any_heading", "**Intro.** Text here.\n", {"run-in 1 Intro"}},
    // False positives: not headings.
    {"bold_mid_sentence", "# H\n\nIt is **very** important. Really.\n", {"heading 1 H"}},
    {"bold_whole_paragraph", "# H\n\n**This whole paragraph is bold.**\n", {"heading 1 H"}},
    {"note_label", "# H\n\n**Note:** text follows.\n", {"heading 1 H"}},
    {"warning_label", "# H\n\n**Warning:** do not.\n", {"heading 1 H"}},
    {"bold_without_mark", "# H\n\n**Bold** words start this.\n", {"heading 1 H"}},
    {"bold_sentence_too_long",
     "# H\n\n**This is a long sentence in bold that nobody would call a heading.** Then text.\n",
     {"heading 1 H"}},
    {"emphasis_not_strong", "# H\n\n*Background.* Text.\n", {"heading 1 H"}},
    {"text_before_the_bold", "# H\n\nSee **Background.** Text.\n", {"heading 1 H"}},
    {"in_a_block_quote", "# H\n\n> **Background.** Quoted.\n", {"heading 1 H"}},
    {"in_a_nested_list", "# H\n\n- item\n  - **Inner.** Text.\n", {"heading 1 H"}},
};

INSTANTIATE_TEST_SUITE_P(Structure, RunIn, testing::ValuesIn(kRunInCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Structure, WhatFollowsAListOfRunInsContinuesTheEnclosingSection) {
  const auto doc = read(
      "# Letter\n\nWe did three things.\n\n- **One.** First.\n- **Two.** Second.\n\n"
      "In all, a good year.\n\nThanks.\n\n# Next\n\nMore.\n");
  EXPECT_EQ(outline(doc), (Lines{"heading 1 Letter", "run-in 2 One", "run-in 2 Two",
                                 "continuation 1 In all, a good year.", "heading 1 Next"}));
  EXPECT_EQ(doc.sections[3].continues, 0u);
  EXPECT_EQ(doc.sections[3].parent, document::Section::npos);
  EXPECT_EQ(doc.sections[3].sentence_count, 2u);  // "In all ..." and "Thanks."
  EXPECT_EQ(doc.sections[1].parent, 0u);
  // The last run-in ends where the continuation starts: skipping it does not skip "In all".
  EXPECT_EQ(doc.section_end_sentence(2), doc.sections[3].first_sentence);
  // A paragraph run-in runs until the next heading: no continuation after it.
  EXPECT_EQ(outline(read("# A\n\n**Part.** One.\n\nStill the part.\n")),
            (Lines{"heading 1 A", "run-in 2 Part"}));
}

TEST(Structure, ThematicBreaksStartASectionAtTheCurrentLevel) {
  const auto doc = read(
      "# Story\n\nIt was night.\n\n* * *\n\nMorning came, and with it the rain that "
      "nobody wanted.\n\n---\n\nThe end.\n");
  EXPECT_EQ(outline(doc), (Lines{"heading 1 Story", "break 1 Morning came, and with it the ...",
                                 "break 1 The end."}));
  // A document without headings gets sections from its breaks.
  EXPECT_EQ(outline(read("Chapter one text.\n\n***\n\nChapter two text.\n")),
            (Lines{"preamble 0 ", "break 1 Chapter two text."}));
  // A break with nothing after it makes no empty section.
  EXPECT_EQ(outline(read("# A\n\nText.\n\n---\n")), (Lines{"heading 1 A"}));
  // A break before a code block is titled by the document's first words after it, not by
  // voxmark's "Code block, ..."; with nothing but the code, the announcement says what is there.
  EXPECT_EQ(outline(read("# Install\n\nText.\n\n---\n\n```sh\nmake install\n```\n\n"
                         "Then run it.\n")),
            (Lines{"heading 1 Install", "break 1 Then run it."}));
  EXPECT_EQ(outline(read("# Install\n\nText.\n\n---\n\n```sh\nmake install\n```\n")),
            (Lines{"heading 1 Install", "break 1 Code block, sh, 1 line."}));
}

TEST(Structure, HeadingsOnlyWhenAsked) {
  const char* text = "# H\n\n- **One.** First.\n\nAfter.\n\n---\n\nEnd.\n";
  EXPECT_EQ(outline(read(text, markdown::StructureMode::headings)), (Lines{"heading 1 H"}));
  EXPECT_EQ(read(text, markdown::StructureMode::headings).sentences.size(),
            read(text).sentences.size());  // the same words either way
}

// Every sentence as "section/block kind/heading level: text", and every section's
// "level parent first+count title": what navigation, the outline and chapters are made from.
std::vector<std::string> shape(const document::Document& doc) {
  std::vector<std::string> out;
  for (const auto& s : doc.sentences) {
    const auto& block = doc.blocks[s.block_index];
    out.push_back(std::to_string(s.section_index) + "/" +
                  std::string(document::to_string(block.kind)) + "/" +
                  std::to_string(block.heading_level) + ": " + s.text);
  }
  for (const auto& s : doc.sections) {
    out.push_back(std::to_string(s.level) + " " +
                  (s.parent == document::Section::npos ? "-" : std::to_string(s.parent)) + " " +
                  std::to_string(s.first_sentence) + "+" + std::to_string(s.sentence_count) + " " +
                  s.title);
  }
  return out;
}

// ripgrep's FAQ writes its questions as HTML headings: each is a heading and a section, exactly
// as the same question written "### ..." would be.
TEST(Structure, HtmlHeadingsAreHeadingsLikeMarkdownOnes) {
  const auto html = read(
      "# FAQ\n\n<h3 name=\"config\">\nDoes ripgrep support configuration files?\n</h3>\n\n"
      "Yes. See the guide.\n\n<h3 name=\"fast\">\nWhy is it fast?\n</h3>\n\nIt is.\n");
  const auto atx = read(
      "# FAQ\n\n### Does ripgrep support configuration files?\n\nYes. See the guide.\n\n"
      "### Why is it fast?\n\nIt is.\n");
  EXPECT_EQ(outline(html),
            (Lines{"heading 1 FAQ", "heading 3 Does ripgrep support configuration files?",
                   "heading 3 Why is it fast?"}));
  EXPECT_EQ(shape(html), shape(atx));
  ASSERT_EQ(html.sentences.size(), 6u);
  EXPECT_EQ(html.sentences[1].source_line, 4);  // the question's own line
  EXPECT_EQ(html.sections[1].source_line, 4);
  EXPECT_EQ(html.sentences[2].source_line, 7);
}

TEST(Structure, HtmlHeadingFollowedByTextInTheSameBlock) {
  const auto doc = read("Intro.\n\n<h2>Install</h2>\nRun <b>make</b> twice.\n\nDone.\n");
  EXPECT_EQ(outline(doc), (Lines{"preamble 0 ", "heading 2 Install"}));
  EXPECT_EQ(shape(doc), shape(read("Intro.\n\n## Install\n\nRun make twice.\n\nDone.\n")));
  // A heading inside a centring <div>, as many READMEs open, names the document too.
  const auto centred = read("<div align=\"center\">\n  <h1>bat</h1>\n</div>\n\nA cat clone.\n");
  EXPECT_EQ(outline(centred), (Lines{"heading 1 bat"}));
  EXPECT_EQ(centred.metadata.title, "bat");
  // A heading with nothing to say (a logo without alt text) makes no section.
  EXPECT_EQ(outline(read("<h1><img src=\"logo.png\"></h1>\n\nText.\n")), (Lines{"preamble 0 "}));
}

TEST(Structure, TitleFromFrontMatterElseTheFirstLevelOneHeading) {
  EXPECT_EQ(read("## Sub\n\n# Main\n\n# Other\n").metadata.title, "Main");
  EXPECT_EQ(read("---\ntitle: Given\n---\n# Main\n").metadata.title, "Given");
  EXPECT_EQ(read("Just text.\n").metadata.title, "");
}

TEST(Structure, OnlyAWholeFirstLineMarkerMakesAGitHubAlert) {
  const auto first = [](const std::string& markdown) {
    const auto doc = read(markdown);
    return doc.sentences.empty() ? std::string("(none)") : doc.sentences.front().text;
  };
  EXPECT_EQ(first("> [!CAUTION]\n> Hot.\n"), "Caution, 1 paragraph.");
  // Not one of GitHub's five kinds, or not alone on its line: a quote like any other.
  EXPECT_EQ(first("> [!FOO]\n> Text.\n"), "Quote, 1 paragraph.");
  EXPECT_EQ(first("> [!NOTE] inline.\n"), "Quote, 1 paragraph.");
  EXPECT_EQ(first("> Text [!NOTE]\n> more.\n"), "Quote, 1 paragraph.");
}

TEST(Structure, UnitsSayWhatTheyAreAndHowLong) {
  const auto doc =
      read("| A | B | C | D |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n\n- x\n- y\n\n> q\n");
  ASSERT_EQ(doc.units.size(), 3u);
  EXPECT_EQ(doc.units[0].kind, document::UnitKind::table);
  EXPECT_EQ(doc.sentences[doc.units[0].first_sentence].text,
            "Table, 4 columns, 1 row: A, B, C, D.");
  EXPECT_EQ(doc.units[0].sentence_count, 5u);
  EXPECT_EQ(doc.sentences[doc.units[1].first_sentence].text, "List, 2 items.");
  EXPECT_EQ(doc.sentences[doc.units[2].first_sentence].text, "Quote, 1 paragraph.");
}

}  // namespace
}  // namespace voxmark
