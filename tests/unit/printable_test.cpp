// printable(): text from files and documents, quoted in one-line terminal messages.
#include "common/printable.h"

#include <gtest/gtest.h>

namespace voxmark {
namespace {

TEST(Printable, KeepsTextAndEscapesControls) {
  EXPECT_EQ(printable("plain text, é 日本 🎧"), "plain text, é 日本 🎧");
  EXPECT_EQ(printable("a\nb\tc\rd"), "a\\nb\\tc\\rd");
  EXPECT_EQ(printable("\x1b[2J\x07\x7f"), "\\x1b[2J\\x07\\x7f");
  EXPECT_EQ(printable(std::string_view("nul\0here", 8)), "nul\\x00here");
  EXPECT_EQ(printable("c1 \xC2\x9B"
                      "31m"),
            "c1 \\u009b31m");  // U+009B: CSI on some terminals
  EXPECT_EQ(printable("bad \xFF\xC3("), "bad \\xff\\xc3(");
  EXPECT_EQ(printable(""), "");
}

TEST(Printable, ControlsToSpacesKeepsUtf8Valid) {
  std::string text = "a\tb\nc\x1b[0m\x7f é \xC2\x85 \xC2\xA0 日本";
  controls_to_spaces(text);
  EXPECT_EQ(text, "a b c [0m  é    \xC2\xA0 日本");  // U+00A0 is no control: kept
  std::string tail = "\x01keep\x02";
  controls_to_spaces(tail, 1);
  EXPECT_EQ(tail, "\x01keep ");
}

}  // namespace
}  // namespace voxmark
