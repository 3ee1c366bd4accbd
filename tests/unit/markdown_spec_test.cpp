// Every example of the GitHub Flavored Markdown spec (CommonMark's examples plus GitHub's
// tables, strikethrough, autolinks, task lists and tag filter) read as a listener would get it:
// no crash, a well-formed document, and no markup symbol spoken that is not the document's
// own text (an HTML block's text included, its tags not).
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "../fuzz/fuzz_checks.h"
#include "markdown/markdown_reader.h"

extern "C" {
extern cmark_node_type CMARK_NODE_TABLE;
extern cmark_node_type CMARK_NODE_TABLE_ROW;
}

namespace voxmark {
namespace {

struct Example {
  int number = 0;  // as the spec numbers them, from 1
  int line = 0;
  std::string section;
  std::string markdown;
};

// The spec's example blocks: a fence line "```...``` example", the Markdown, a line ".", the
// HTML, and the closing fence. The spec writes a tab as U+2192.
std::vector<Example> load_examples() {
  std::ifstream file(VOXMARK_GFM_SPEC);
  if (!file) throw std::runtime_error(std::string("cannot read ") + VOXMARK_GFM_SPEC);
  const std::string fence(32, '`');
  std::vector<Example> examples;
  std::string line, section;
  enum { outside, markdown, html } state = outside;
  for (int number = 1; std::getline(file, line); ++number) {
    if (state == outside && line.rfind("#", 0) == 0) section = line;
    if (state == outside && line.rfind(fence + " example", 0) == 0) {
      examples.push_back({static_cast<int>(examples.size()) + 1, number, section, ""});
      state = markdown;
    } else if (state == markdown && line == ".") {
      state = html;
    } else if (state == markdown) {
      std::string& text = examples.back().markdown;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line.compare(i, 3, "\xE2\x86\x92") == 0) {
          text += '\t';
          i += 2;
        } else {
          text += line[i];
        }
      }
      text += '\n';
    } else if (state == html && line == fence) {
      state = outside;
    }
  }
  return examples;
}

constexpr std::string_view kMarkupSymbols = "*_`#|~[]<>\\^";

using Counts = std::array<std::size_t, kMarkupSymbols.size()>;

void count_symbols(std::string_view text, std::size_t times, Counts& counts) {
  for (const char c : text) {
    const std::size_t at = kMarkupSymbols.find(c);
    if (at != std::string_view::npos) counts[at] += times;
  }
}

// An HTML block's text is heard: every symbol in it may be, except the '<' that opens a tag,
// comment or declaration (a letter, '/', '!' or '?' follows) and as many '>' as close them;
// "&lt;" and "&gt;" are the text's own.
void count_html_text_symbols(std::string_view html, Counts& counts) {
  Counts raw{};
  count_symbols(html, 1, raw);
  const std::size_t lt = kMarkupSymbols.find('<'), gt = kMarkupSymbols.find('>');
  std::size_t tags = 0;
  for (std::size_t i = 0; i + 1 < html.size(); ++i) {
    const char next = html[i + 1];
    if (html[i] == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' ||
                           next == '!' || next == '?')) {
      ++tags;
    }
  }
  raw[lt] -= tags;
  raw[gt] -= std::min(raw[gt], tags);
  for (std::size_t at = 0; (at = html.find("&lt;", at)) != std::string_view::npos; ++at) ++raw[lt];
  for (std::size_t at = 0; (at = html.find("&gt;", at)) != std::string_view::npos; ++at) ++raw[gt];
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += raw[i];
}

// How often each markup symbol occurs in the document's own text (cmark-gfm's text nodes):
// the only places a listener may hear one. A table's header cells are said once in the
// announcement and once with every row.
Counts text_symbols(const std::string& markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  std::unique_ptr<cmark_parser, void (*)(cmark_parser*)> parser(
      cmark_parser_new(CMARK_OPT_FOOTNOTES), cmark_parser_free);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"}) {
    cmark_parser_attach_syntax_extension(parser.get(), cmark_find_syntax_extension(name));
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, void (*)(cmark_node*)> root(cmark_parser_finish(parser.get()),
                                                          cmark_node_free);
  Counts counts{};
  std::unique_ptr<cmark_iter, void (*)(cmark_iter*)> iter(cmark_iter_new(root.get()),
                                                          cmark_iter_free);
  std::size_t times = 1;
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_TABLE_ROW && cmark_gfm_extensions_get_table_row_is_header(node)) {
      std::size_t rows = 0;
      for (cmark_node* r = cmark_node_next(node); r; r = cmark_node_next(r)) ++rows;
      times = ev == CMARK_EVENT_ENTER ? rows + 1 : 1;
    }
    if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_TEXT) {
      count_symbols(cmark_node_get_literal(node), times, counts);
    }
    if (type == CMARK_NODE_HTML_BLOCK)
      count_html_text_symbols(cmark_node_get_literal(node), counts);
  }
  return counts;
}

void PrintTo(const Example& e, std::ostream* os) {
  *os << "example " << e.number << " (spec line " << e.line << ")";
}

class SpecExample : public testing::TestWithParam<Example> {};

TEST_P(SpecExample, IsReadWithoutMarkupSymbols) {
  const Example& example = GetParam();
  const document::SourceText source = document::sanitize_utf8("spec.md", example.markdown);
  const Counts allowed = text_symbols(source.bytes);
  for (const markdown::ReadOptions options :
       {markdown::ReadOptions{}, markdown::ReadOptions{.read_code_blocks = true,
                                 .punctuation = markdown::PunctuationLevel::all,
                                 .urls = markdown::UrlMode::none}}) {
    const document::Document doc = markdown::read_markdown(source, options);
    fuzz::detail::check_document(doc, fuzz::detail::line_count(source.bytes));
    Counts heard{};
    std::string all;
    for (const auto& s : doc.sentences) {
      count_symbols(s.text, 1, heard);
      all += s.text + " | ";
    }
    for (std::size_t i = 0; i < kMarkupSymbols.size(); ++i) {
      EXPECT_LE(heard[i], allowed[i]) << "'" << kMarkupSymbols[i] << "' spoken in example "
                                      << example.number << " (" << example.section << ")\n"
                                      << example.markdown << "heard: " << all;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Gfm, SpecExample, testing::ValuesIn(load_examples()),
                         [](const auto& info) {
                           return "example_" + std::to_string(info.param.number);
                         });

TEST(GfmSpec, HasEveryExample) {
  // 649 CommonMark examples, 24 for GitHub's extensions (two of them for task lists).
  EXPECT_EQ(load_examples().size(), 673u);
}

}  // namespace
}  // namespace voxmark
