// Text on the terminal grid: display widths, word wrapping at 20 and 80 columns, wide
// characters, the highlighted word, and NO_COLOR.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tui/text_layout.h"

namespace voxmark::tui {
namespace {

std::vector<std::string> wrapped_lines(std::string_view text, int width) {
  std::vector<std::string> out;
  for (const LineSpan& line : wrap_text(text, width)) {
    out.emplace_back(text.substr(line.begin_byte, line.end_byte - line.begin_byte));
  }
  return out;
}

// Every line fits, no text is lost and none is repeated (only the spaces at breaks go).
void expect_well_wrapped(std::string_view text, int width) {
  const std::vector<LineSpan> lines = wrap_text(text, width);
  std::size_t previous_end = 0;
  for (const LineSpan& line : lines) {
    const std::string_view piece = text.substr(line.begin_byte, line.end_byte - line.begin_byte);
    EXPECT_LE(display_width(piece), width) << piece;
    EXPECT_EQ(display_width(piece), line.width_columns) << piece;
    const std::string_view gap = text.substr(previous_end, line.begin_byte - previous_end);
    EXPECT_EQ(gap.find_first_not_of(' '), std::string_view::npos) << "lost '" << gap << "'";
    previous_end = line.end_byte;
  }
  EXPECT_EQ(text.substr(previous_end).find_first_not_of(' '), std::string_view::npos);
}

TEST(DisplayWidth, AsciiWideAndCombining) {
  EXPECT_EQ(display_width("hello"), 5);
  EXPECT_EQ(display_width("\xE6\x97\xA5\xE6\x9C\xAC"), 4);  // 日本
  EXPECT_EQ(display_width("\xEF\xBC\xA1"), 2);              // Ａ fullwidth
  EXPECT_EQ(display_width("\xF0\x9F\x98\x80"), 2);          // 😀
  EXPECT_EQ(display_width("e\xCC\x81"), 1);                 // e + combining acute
  EXPECT_EQ(display_width("caf\xC3\xA9"), 4);               // café precomposed
  EXPECT_EQ(display_width("a\xE2\x80\x8B"
                          "b"),
            2);                                             // zero-width space
  EXPECT_EQ(display_width("\xED\x95\x9C\xEA\xB5\xAD"), 4);  // 한국
}

TEST(Wrap, TwentyColumns) {
  const std::string text = "The quick brown fox jumps over the lazy dog near the river bank.";
  EXPECT_EQ(wrapped_lines(text, 20),
            (std::vector<std::string>{"The quick brown fox", "jumps over the lazy",
                                      "dog near the river", "bank."}));
  expect_well_wrapped(text, 20);
}

TEST(Wrap, EightyColumnsKeepsAShortSentenceOnOneLine) {
  const std::string text = "NATO and Russia share an interest in stability.";
  EXPECT_EQ(wrapped_lines(text, 80), std::vector<std::string>{text});
  const std::vector<LineSpan> lines = wrap_text(text, 80);
  EXPECT_EQ(lines[0].width_columns, static_cast<int>(text.size()));
}

TEST(Wrap, EightyColumnsLongSentence) {
  const std::string text =
      "In the decades since the end of the Cold War, relations between the alliance and its "
      "largest neighbour have swung between cautious cooperation and open hostility, and each "
      "swing has left both sides less willing to trust the next overture.";
  const std::vector<std::string> lines = wrapped_lines(text, 80);
  EXPECT_EQ(lines.size(), 4u);
  expect_well_wrapped(text, 80);
  // Greedy: a line ends only where the next word would not fit.
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const std::string next_word = lines[i + 1].substr(0, lines[i + 1].find(' '));
    EXPECT_GT(display_width(lines[i]) + 1 + display_width(next_word), 80) << lines[i];
  }
}

TEST(Wrap, WideCharactersCountTwoColumns) {
  // Ten CJK characters (20 columns), no spaces: ICU allows a break between any two.
  const std::string text =
      "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE6\x96\x87\xE7\xAB\xA0\xE3\x82\x92"
      "\xE8\xAA\xAD\xE3\x82\x80\xE3\x80\x82";
  const std::vector<LineSpan> lines = wrap_text(text, 8);
  ASSERT_GE(lines.size(), 3u);
  for (const LineSpan& line : lines) EXPECT_LE(line.width_columns, 8);
  expect_well_wrapped(text, 8);
  // An emoji is never split and never overflows.
  expect_well_wrapped("smile \xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80 please", 5);
}

TEST(Wrap, CombiningAccentsStayWithTheirLetter) {
  const std::string text = "re\xCC\x81sume\xCC\x81 re\xCC\x81sume\xCC\x81";  // résumé résumé
  EXPECT_EQ(wrapped_lines(text, 6),
            (std::vector<std::string>{"re\xCC\x81sume\xCC\x81", "re\xCC\x81sume\xCC\x81"}));
}

TEST(Wrap, AWordLongerThanTheLineIsCut) {
  const std::string text = "a pneumonoultramicroscopicsilicovolcanoconiosis case";
  EXPECT_EQ(wrapped_lines(text, 20),
            (std::vector<std::string>{"a", "pneumonoultramicrosc", "opicsilicovolcanocon",
                                      "iosis case"}));
  // A URL breaks after its slashes, as Unicode line breaking allows.
  expect_well_wrapped("see https://example.org/a/very/long/path/that/goes/on now", 20);
}

TEST(Wrap, EdgeCases) {
  EXPECT_EQ(wrap_text("", 20).size(), 1u);
  EXPECT_EQ(wrap_text("word", 0).size(), 4u);  // width 0 acts as 1
  expect_well_wrapped("many    spaces    between    words", 10);
  EXPECT_EQ(wrapped_lines("one\ntwo", 80), (std::vector<std::string>{"one", "two"}));
}

TEST(Highlight, TheSpokenWordOnItsLine) {
  const std::string text = "The quick brown fox jumps over the lazy dog.";
  const std::vector<LineSpan> lines = wrap_text(text, 20);
  Palette p;
  p.highlight_on = "<";
  p.highlight_off = ">";
  const std::size_t jumps = text.find("jumps");
  EXPECT_EQ(line_of_byte(lines, jumps), 1u);
  EXPECT_EQ(render_line(text, lines[0], jumps, jumps + 5, p), "The quick brown fox");
  EXPECT_EQ(render_line(text, lines[1], jumps, jumps + 5, p), "<jumps> over the lazy");
  const std::size_t dog = text.find("dog");
  EXPECT_EQ(render_line(text, lines[2], dog, dog + 4, p), "<dog.>");
  // No highlight: plain text.
  EXPECT_EQ(render_line(text, lines[1], 0, 0, p), "jumps over the lazy");
}

TEST(Highlight, WideCharactersAndTerminalSafety) {
  const std::string text = "\xE6\x97\xA5\xE6\x9C\xAC is \x1b[31mred";
  const std::vector<LineSpan> lines = wrap_text(text, 80);
  const std::string out = render_line(text, lines[0], 0, 6, terminal_palette(true));
  EXPECT_EQ(out, "\x1b[7;4m\xE6\x97\xA5\xE6\x9C\xAC\x1b[27;24m is \xEF\xBF\xBD[31mred");
}

TEST(Palette, NoColorMeansNoColourEscapes) {
  const Palette mono = terminal_palette(/*no_color=*/true);
  for (const std::string* s : {&mono.highlight_on, &mono.highlight_off, &mono.bar_on, &mono.bar_off,
                               &mono.selected_on, &mono.selected_off}) {
    // SGR 30-49 and 90-107 are colours; reverse (7) and underline (4) are not.
    for (const char* colour : {"30", "31", "33", "39", "40", "43", "49", "38;", "48;", "9"}) {
      EXPECT_EQ(s->find(std::string(";") + colour), std::string::npos) << *s;
      EXPECT_EQ(s->find(std::string("[") + colour), std::string::npos) << *s;
    }
  }
  EXPECT_NE(mono.highlight_on.find("7"), std::string::npos);  // still visible: reverse video
  const Palette colour = terminal_palette(/*no_color=*/false);
  EXPECT_NE(colour.highlight_on.find("43"), std::string::npos);
  EXPECT_TRUE(plain_palette().highlight_on.empty());
}

TEST(Palette, NoColorEnvironmentVariable) {
  const char* saved = std::getenv("NO_COLOR");
  const std::string saved_value = saved ? saved : "";
  ::unsetenv("NO_COLOR");
  EXPECT_FALSE(no_color_requested());
  ::setenv("NO_COLOR", "", 1);
  EXPECT_FALSE(no_color_requested());  // no-color.org: set and not empty
  ::setenv("NO_COLOR", "1", 1);
  EXPECT_TRUE(no_color_requested());
  if (saved)
    ::setenv("NO_COLOR", saved_value.c_str(), 1);
  else
    ::unsetenv("NO_COLOR");
}

TEST(TextHelpers, TruncatePadSanitize) {
  EXPECT_EQ(truncate_to_width("short", 10), "short");
  EXPECT_EQ(truncate_to_width("a longer title", 8), "a longe\xE2\x80\xA6");
  EXPECT_EQ(display_width(truncate_to_width("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 4)), 3);
  EXPECT_EQ(pad_to_width("ab", 4), "ab  ");
  EXPECT_EQ(pad_to_width("abcdef", 4), "abcdef");
  EXPECT_EQ(sanitized("a\tb\x07"
                      "c\xC2\x9B"
                      "d\xFF"),
            "a b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD"
            "d\xEF\xBF\xBD");
  EXPECT_EQ(format_duration(65), "1:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_speed(1.5), "1.5x");
  EXPECT_EQ(format_speed(1.0), "1x");
  EXPECT_EQ(format_speed(3.25), "3.25x");
}

}  // namespace
}  // namespace voxmark::tui
