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
  EXPECT_EQ(printable("c1 \xC2\x9B" "31m"), "c1 \\u009b31m");  // U+009B: CSI on some terminals
  EXPECT_EQ(printable("bad \xFF\xC3("), "bad \\xff\\xc3(");
  EXPECT_EQ(printable(""), "");
}

}  // namespace
}  // namespace voxmark
