// Talking books without speech: escaping, clock values, overlays, the split into content
// documents and the table of contents (src/export/talkingbook/).
#include <gtest/gtest.h>

#include <regex>

#include "document/source.h"
#include "export/talkingbook/markup.h"
#include "export/talkingbook/read_along.h"
#include "export/talkingbook/smil.h"
#include "export/talkingbook/talking_book.h"
#include "markdown/markdown_reader.h"

namespace voxmark::audiobook::talkingbook {
namespace {

document::Document read(const std::string& markdown) {
  return markdown::read_markdown(document::sanitize_utf8("test.md", markdown));
}

TEST(TalkingBookEscaping, MarkupInTextStaysText) {
  EXPECT_EQ(escape_text("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert('x') &amp; \"y\"&lt;/script&gt;");
  EXPECT_EQ(escape_attribute("a\"b'c<d>&e"), "a&quot;b&#39;c&lt;d&gt;&amp;e");
  EXPECT_EQ(escape_text("&amp; stays visible as typed"), "&amp;amp; stays visible as typed");
  // Right-to-left text and other scripts pass unchanged.
  EXPECT_EQ(escape_text("שלום مرحبا 日本"), "שלום مرحبا 日本");
}

TEST(TalkingBookEscaping, WhatXmlForbidsIsDroppedAndBrokenUtf8Replaced) {
  EXPECT_EQ(escape_text(std::string("a\0b\x01"
                                    "c\x1b"
                                    "d\x7f"
                                    "e\tf\ng",
                                    13)),
            "abcde\tf\ng");
  EXPECT_EQ(escape_text("\xC2\x85next line"), "next line");                    // C1 control
  EXPECT_EQ(escape_text("x\xEF\xBF\xBEy"), "xy");                              // U+FFFE
  EXPECT_EQ(escape_text("bad \xFF byte"), "bad \xEF\xBF\xBD byte");            // not UTF-8
  EXPECT_EQ(escape_text("cut \xE2\x82"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");      // truncated
  EXPECT_EQ(escape_text("\xC0\xBCscript"), "\xEF\xBF\xBD\xEF\xBF\xBDscript");  // overlong "<"
  EXPECT_EQ(escape_attribute("two\nlines"), "two&#10;lines");
}

TEST(TalkingBookTiming, ClockValuesAreExactMilliseconds) {
  EXPECT_EQ(smil_clock(0), "0:00:00.000");
  EXPECT_EQ(smil_clock(1844), "0:00:01.844");
  EXPECT_EQ(smil_clock(3 * 3600000 + 59 * 60000 + 59999), "3:59:59.999");
  EXPECT_EQ(seconds_text(10073), "10.073");
  EXPECT_EQ(seconds_text(5), "0.005");
}

TEST(TalkingBookTiming, AnOverlayHasAParPerSentenceWithItsClipAndTheirSum) {
  const std::vector<SentenceMs> times{{0, 1844}, {2344, 3746}, {4246, 10073}};
  const Overlay overlay = render_overlay({1, 3, "Part"}, times, "part-002.xhtml", "book.mp3");
  EXPECT_EQ(overlay.duration_ms, (3746u - 2344u) + (10073u - 4246u));
  static const std::regex par(R"re(<par id="ps(\d)"><text src="part-002\.xhtml#s(\d)"/>)re"
                              R"re(<audio src="book\.mp3" clipBegin="([0-9:.]+)" )re"
                              R"re(clipEnd="([0-9:.]+)"/></par>)re");
  std::vector<std::string> found;
  for (std::sregex_iterator it(overlay.text.begin(), overlay.text.end(), par), end; it != end;
       ++it) {
    EXPECT_EQ((*it)[1], (*it)[2]);
    found.push_back((*it)[2].str() + " " + (*it)[3].str() + " " + (*it)[4].str());
  }
  EXPECT_EQ(found,
            (std::vector<std::string>{"2 0:00:02.344 0:00:03.746", "3 0:00:04.246 0:00:10.073"}));
}

TEST(TalkingBookMarkup, PartsFollowTopLevelSectionsAndTheTocNests) {
  const document::Document doc = read(
      "Before.\n\n# One\n\nText one.\n\n## One a\n\nText.\n\n### Deep\n\nDeep text.\n\n"
      "# Two\n\nText two.\n\n## Two a\n\nMore.\n");
  const std::vector<ContentPart> parts = split_parts(doc);
  ASSERT_EQ(parts.size(), 3u);  // the preamble, One, Two
  EXPECT_EQ(parts[0].first_sentence, 0u);
  EXPECT_EQ(parts[1].title, "One");
  EXPECT_EQ(parts[2].title, "Two");
  EXPECT_EQ(parts[2].end_sentence, doc.sentences.size());
  for (std::size_t k = 1; k < parts.size(); ++k) {
    EXPECT_EQ(parts[k].first_sentence, parts[k - 1].end_sentence);
  }
  const std::string toc = toc_list(doc, [](std::size_t i) { return "#" + sentence_id(i); });
  // Well nested: every list and item closes, in order.
  const std::string shape = std::regex_replace(toc, std::regex(R"(<a [^>]*>[^<]*</a>|\n)"), "");
  EXPECT_EQ(shape,
            "<ol><li></li><li><ol><li><ol><li></li></ol></li></ol></li>"
            "<li><ol><li></li></ol></li></ol>");
}

TEST(TalkingBookMarkup, EverySentenceIsOneSpanWithItsIdInOrder) {
  const document::Document doc = read(
      "# Title & <more>\n\nA paragraph. Two sentences.\n\n- Item one.\n- Item two.\n\n"
      "> Quoted.\n");
  const std::string body = render_body(doc, 0, doc.sentences.size(), nullptr);
  static const std::regex span(R"re(<span id="s(\d+)" class="vx-s">)re");
  std::size_t n = 0;
  for (std::sregex_iterator it(body.begin(), body.end(), span), end; it != end; ++it) {
    EXPECT_EQ((*it)[1], std::to_string(++n));
  }
  EXPECT_EQ(n, doc.sentences.size());
  // The heading's HTML is silent (never spoken, never shown); its "&" escaped.
  EXPECT_NE(body.find("<h1 dir=\"auto\"><span id=\"s1\" class=\"vx-s\">Title &amp;</span>"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("<ul>\n<li dir=\"auto\">"), std::string::npos) << body;
  EXPECT_NE(body.find("<blockquote>"), std::string::npos) << body;
}

TEST(TalkingBookKind, FromTheFormatOrTheExtension) {
  EXPECT_EQ(talking_book_kind("", "book.epub"), TalkingBookKind::epub);
  EXPECT_EQ(talking_book_kind("", "Page.HTML"), TalkingBookKind::page);
  EXPECT_EQ(talking_book_kind("html", "out.txt"), TalkingBookKind::page);
  EXPECT_EQ(talking_book_kind("", "book.mp3"), std::nullopt);
  EXPECT_EQ(read_along_audio_path("dir/page.html"), "dir/page.mp3");
}

TEST(TalkingBookPage, StartsWithTheLineVoxmarkRecognisesAndHoldsNoDocumentScript) {
  const document::Document doc = read("# T\n\nSay `</script><script>alert(1)</script>` now.\n");
  std::vector<SentenceMs> times;
  for (std::size_t i = 0; i < doc.sentences.size(); ++i)
    times.push_back({i * 1000, i * 1000 + 900});
  const std::string page = render_read_along_page(doc, times, "page.mp3", "en", "<T>");
  EXPECT_TRUE(page.starts_with(kReadAlongPageFirstLine));
  EXPECT_NE(page.find("<title>&lt;T&gt;</title>"), std::string::npos);
  std::size_t scripts = 0;
  for (std::size_t at = 0; (at = page.find("<script", at)) != std::string::npos; ++at) ++scripts;
  EXPECT_EQ(scripts, 1u);
  EXPECT_NE(page.find("data-b=\"1.000\" data-e=\"1.900\""), std::string::npos);
}

}  // namespace
}  // namespace voxmark::audiobook::talkingbook
