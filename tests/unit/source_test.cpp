// Reading bytes into valid text: repairs are made once and reported with their line.
#include "document/source.h"

#include <gtest/gtest.h>

namespace voxmark::document {
namespace {

TEST(Source, ValidUtf8IsKeptAsIs) {
  const std::string text = "Caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80 ok\n";
  const SourceText s = sanitize_utf8("a.md", text);
  EXPECT_EQ(s.bytes, text);
  EXPECT_TRUE(s.warnings.empty());
}

TEST(Source, InvalidUtf8IsReplacedAndReportedOnceWithItsLine) {
  const SourceText s = sanitize_utf8("a.md", "line one\nbad \xFF here\nand \xC3 again\n");
  EXPECT_EQ(s.bytes, "line one\nbad \xEF\xBF\xBD here\nand \xEF\xBF\xBD again\n");
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_EQ(s.warnings[0].where, "a.md:2");
  EXPECT_NE(s.warnings[0].message.find("2 sequence"), std::string::npos);
}

TEST(Source, TruncatedSequenceAtEndIsReplaced) {
  const SourceText s = sanitize_utf8("a.md", "end \xE2\x80");
  EXPECT_EQ(s.bytes, "end \xEF\xBF\xBD");
}

TEST(Source, NulBytesAreReplacedAndReported) {
  const SourceText s = sanitize_utf8("a.md", std::string("one\ntw\0o\n", 9));
  EXPECT_EQ(s.bytes, "one\ntw\xEF\xBF\xBDo\n");
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_EQ(s.warnings[0].where, "a.md:2");
}

TEST(Source, ByteOrderMarkIsDropped) {
  EXPECT_EQ(sanitize_utf8("a.md", "\xEF\xBB\xBFHi").bytes, "Hi");
}

TEST(Source, BinaryFilesAreRecognised) {
  EXPECT_TRUE(looks_binary("\x7f" "ELF\x02\x01\x01"));
  EXPECT_TRUE(looks_binary("\x89PNG\r\n\x1a\n"));
  EXPECT_TRUE(looks_binary(std::string(100, '\0') + "text"));
  EXPECT_FALSE(looks_binary("# Title\n\nText with a tab\tand CRLF\r\n"));
  EXPECT_FALSE(looks_binary(std::string("mostly text with one \0 NUL in a long line of words", 51)));
  EXPECT_FALSE(looks_binary(""));
}

TEST(Source, BundledDocumentLoadsWithoutWarnings) {
  const SourceText s = load_source("");
  EXPECT_EQ(s.name, "(bundled)");
  EXPECT_NE(s.bytes.find("A new beginning for NATO and Russia"), std::string::npos);
  EXPECT_TRUE(s.warnings.empty());
}

TEST(Source, MissingFileAndDirectoryAreNoInput) {
  try {
    load_source("/nonexistent/voxmark.md");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::no_input);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/voxmark.md"), std::string::npos);
  }
  try {
    load_source("/tmp");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::no_input);
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos);
  }
}

}  // namespace
}  // namespace voxmark::document
