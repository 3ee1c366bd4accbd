// SentenceSplitter: the table in tests/data/sentences.tsv (one test case per row), the
// contract's invariants on every row, and robustness on hostile and huge input.

#include "text/sentence_splitter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace voxmark::text {
namespace {

constexpr const char* kTablePath = VOXMARK_TEST_DATA_DIR "/sentences.tsv";

struct Row {
  std::string id;
  int line = 0;
  std::string input;
  std::vector<std::string> expected;
  std::string source;  // where the row's pattern comes from (the optional fourth field)
};

// Failures name the row, not its bytes.
void PrintTo(const Row& row, std::ostream* os) {
  *os << row.id << " (sentences.tsv:" << row.line << ")";
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The table's escapes: \n \t \r \\ \| \s \u{HEX}. Throws on a malformed escape so a typo in
// the table fails loudly instead of testing the wrong text.
std::string Unescape(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\') {
      out += field[i];
      continue;
    }
    if (++i >= field.size()) throw std::runtime_error("trailing backslash");
    switch (field[i]) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 's':
        out += ' ';
        break;
      case '\\':
        out += '\\';
        break;
      case '|':
        out += '|';
        break;
      case 'u': {
        const std::size_t close = field.find('}', i);
        if (i + 1 >= field.size() || field[i + 1] != '{' || close == std::string_view::npos) {
          throw std::runtime_error("bad \\u{...} escape");
        }
        AppendUtf8(out, std::stoul(std::string(field.substr(i + 2, close - i - 2)), nullptr, 16));
        i = close;
        break;
      }
      default:
        throw std::runtime_error(std::string("unknown escape \\") + field[i]);
    }
  }
  return out;
}

std::vector<Row> LoadTable() {
  std::ifstream in(kTablePath);
  if (!in) throw std::runtime_error(std::string("cannot open ") + kTablePath);
  std::vector<Row> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab1 = line.find('\t');
    const std::size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    const std::size_t tab3 = tab2 == std::string::npos ? tab2 : line.find('\t', tab2 + 1);
    if (tab2 == std::string::npos ||
        (tab3 != std::string::npos && line.find('\t', tab3 + 1) != std::string::npos)) {
      throw std::runtime_error("sentences.tsv:" + std::to_string(number) +
                               ": expected 3 or 4 tab-separated fields");
    }
    Row row;
    row.id = line.substr(0, tab1);
    row.line = number;
    if (tab3 != std::string::npos) row.source = line.substr(tab3 + 1);
    try {
      row.input = Unescape(std::string_view(line).substr(tab1 + 1, tab2 - tab1 - 1));
      const std::string_view expected = std::string_view(line).substr(
          tab2 + 1, tab3 == std::string::npos ? tab3 : tab3 - tab2 - 1);
      if (expected != "(none)") {
        std::size_t start = 0;
        while (true) {
          const std::size_t sep = expected.find(" | ", start);
          row.expected.push_back(Unescape(expected.substr(start, sep - start)));
          if (sep == std::string_view::npos) break;
          start = sep + 3;
        }
      }
    } catch (const std::exception& e) {
      throw std::runtime_error("sentences.tsv:" + std::to_string(number) + ": " + e.what());
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<Row>& Table() {
  static const std::vector<Row> rows = LoadTable();
  return rows;
}

std::vector<std::string> Sentences(std::string_view text, const std::vector<ByteRange>& ranges) {
  std::vector<std::string> out;
  for (const auto& r : ranges) out.emplace_back(text.substr(r.begin, r.end - r.begin));
  return out;
}

std::string Show(const std::vector<std::string>& sentences) {
  std::ostringstream os;
  for (const auto& s : sentences) os << "\n    [" << s << "]";
  if (sentences.empty()) os << "\n    (none)";
  return os.str();
}

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// The contract of split(): ordered, non-overlapping, non-empty, trimmed ranges inside the
// input, and no line feed inside a sentence. (Trimming is checked for ASCII white space.)
::testing::AssertionResult HonoursContract(std::string_view text,
                                           const std::vector<ByteRange>& ranges) {
  std::size_t prev_end = 0;
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const ByteRange r = ranges[k];
    if (r.begin >= r.end || r.end > text.size() || r.begin < prev_end) {
      return ::testing::AssertionFailure() << "range " << k << " [" << r.begin << ", " << r.end
                                           << ") is empty, out of order or out of bounds";
    }
    if (IsAsciiSpace(text[r.begin]) || IsAsciiSpace(text[r.end - 1])) {
      return ::testing::AssertionFailure() << "range " << k << " is not trimmed";
    }
    if (text.substr(r.begin, r.end - r.begin).find('\n') != std::string_view::npos) {
      return ::testing::AssertionFailure() << "range " << k << " contains a line feed";
    }
    prev_end = r.end;
  }
  return ::testing::AssertionSuccess();
}

class SentenceTable : public ::testing::TestWithParam<Row> {};

TEST_P(SentenceTable, Splits) {
  const Row& row = GetParam();
  // Rows of other languages start with their language: "fr_", "de_", "es_".
  const std::string language = row.id.size() > 3 && row.id[2] == '_' &&
                                       (row.id.rfind("fr_", 0) == 0 ||
                                        row.id.rfind("de_", 0) == 0 || row.id.rfind("es_", 0) == 0)
                                   ? row.id.substr(0, 2)
                                   : "en";
  const SentenceSplitter splitter(language);
  const auto ranges = splitter.split(row.input);
  EXPECT_TRUE(HonoursContract(row.input, ranges)) << "sentences.tsv:" << row.line;
  const auto actual = Sentences(row.input, ranges);
  EXPECT_EQ(actual, row.expected) << "sentences.tsv:" << row.line << " (" << row.id << ")"
                                  << "\n  input:    [" << row.input << "]"
                                  << "\n  expected:" << Show(row.expected)
                                  << "\n  actual:  " << Show(actual);
}

INSTANTIATE_TEST_SUITE_P(Table, SentenceTable, ::testing::ValuesIn(Table()),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.id; });

// The fast path (ICU asked only at sites that defer to it, text/sentence_scanner.h) must cut
// exactly where walking ICU over the text does. A '。' (a terminator that is not a site) on a
// line of its own after the row forces the walk; the line feed keeps it out of the row's
// sentences.
TEST_P(SentenceTable, FastPathCutsWhereTheIcuWalkCuts) {
  const Row& row = GetParam();
  if (row.id.rfind("fr_", 0) == 0 || row.id.rfind("de_", 0) == 0 || row.id.rfind("es_", 0) == 0) {
    GTEST_SKIP() << "English rows only";
  }
  const SentenceSplitter splitter;
  const std::string walked_text = row.input + "\n\u3002";
  auto walked = Sentences(walked_text, splitter.split(walked_text));
  ASSERT_FALSE(walked.empty());
  walked.pop_back();  // the '。'
  EXPECT_EQ(Sentences(row.input, splitter.split(row.input)), walked)
      << "sentences.tsv:" << row.line << " (" << row.id << ")";
}

TEST(SentenceTableFile, HasEnoughRowsAndAllGoldenRules) {
  int golden = 0;
  for (const auto& row : Table()) golden += row.id.rfind("golden", 0) == 0 ? 1 : 0;
  EXPECT_EQ(golden, 49);  // the 48 golden rules and "no white space between sentences"
  EXPECT_GE(Table().size(), 150u);
  // Issue 13: rows written from real sources of each kind, each naming its source.
  int sourced = 0;
  for (const auto& row : Table()) sourced += row.source.empty() ? 0 : 1;
  EXPECT_GE(sourced, 150);
}

// ---------------------------------------------------------------------------------------
// Robustness: never crash, always honour the contract, stay linear.

TEST(SentenceSplitter, DegenerateInputs) {
  const SentenceSplitter splitter;
  for (const std::string& text : {std::string(),
                                  std::string(" "),
                                  std::string("\n"),
                                  std::string("\n\n\n"),
                                  std::string("."),
                                  std::string(". . . ."),
                                  std::string("\xE2\x80\xA6"),
                                  std::string("!?"),
                                  std::string("\"\")]"),
                                  std::string("(."),
                                  std::string("1."),
                                  std::string("a."),
                                  std::string("\xE2\x80\xA2"),
                                  std::string("- "),
                                  std::string("Mr."),
                                  std::string("U.S."),
                                  std::string("e.g."),
                                  std::string("\r"),
                                  std::string("\r\n"),
                                  std::string(1, '\0'),
                                  std::string("x\0y. Z", 6)}) {
    const auto ranges = splitter.split(text);
    EXPECT_TRUE(HonoursContract(text, ranges)) << "input [" << text << "]";
  }
}

TEST(SentenceSplitter, InvalidUtf8DoesNotCrash) {
  const SentenceSplitter splitter;
  for (const std::string& text : {std::string("\xFF\xFE. A"), std::string("Hi.\xC3"),
                                  std::string("\xE2\x80. B"), std::string("a.\xF0\x9F\x98"),
                                  std::string("\x80\x80\x80"), std::string(". \xED\xA0\x80")}) {
    const auto ranges = splitter.split(text);
    EXPECT_TRUE(HonoursContract(text, ranges));
  }
}

TEST(SentenceSplitter, RandomTextHonoursContract) {
  // Random strings over an alphabet dense in the characters the rules look at.
  static const std::vector<std::string> kPieces = {".",
                                                   ". ",
                                                   "!",
                                                   "?",
                                                   " ",
                                                   "\n",
                                                   "\t",
                                                   "\"",
                                                   "'",
                                                   "(",
                                                   ")",
                                                   "[",
                                                   "]",
                                                   "a",
                                                   "b",
                                                   "Mr",
                                                   "U",
                                                   "S",
                                                   "1",
                                                   "2",
                                                   ")",
                                                   ".)",
                                                   "e.g",
                                                   "etc",
                                                   "\xE2\x80\xA6",
                                                   "\xE2\x80\xA2",
                                                   "\xC3\xA9",
                                                   "\xC3\x89",
                                                   "\xE3\x80\x82",
                                                   "@",
                                                   "/",
                                                   ":",
                                                   "-",
                                                   "No",
                                                   "p",
                                                   "a.m",
                                                   "I",
                                                   "The",
                                                   "he",
                                                   "\xC2\xA0",
                                                   "\r",
                                                   "\xE2\x80\xA8",
                                                   "\xC2\xBB",
                                                   "\xFF"};
  std::mt19937 rng(12345);
  const SentenceSplitter splitter;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) text += kPieces[rng() % kPieces.size()];
    const auto ranges = splitter.split(text);
    ASSERT_TRUE(HonoursContract(text, ranges)) << "input [" << text << "]";
  }
}

TEST(SentenceSplitter, OneMegabyteWithoutSpaces) {
  const SentenceSplitter splitter;
  for (const std::string& unit :
       {std::string("a"), std::string("."), std::string("A."), std::string("a.B"),
        std::string("Ab.Cd"), std::string("!"), std::string(". "), std::string("\xE2\x80\xA6")}) {
    std::string text;
    while (text.size() < (1u << 20)) text += unit;
    const auto ranges = splitter.split(text);
    EXPECT_TRUE(HonoursContract(text, ranges)) << "unit [" << unit << "]";
  }
}

// Speed is measured by bench/sentences_bench.sh, not asserted here (no timed tests).
TEST(SentenceSplitter, SplitsALongTextEveryTime) {
  const SentenceSplitter splitter;
  const std::string paragraph =
      "Dr. Smith met Mr. Jones at 5 p.m. on Jan. 5. They talked about the U.S. economy... "
      "Then (e.g. at noon) they left! Did they? 1. Yes 2. No\n";
  std::string large;
  while (large.size() < (8u << 20)) large += paragraph;
  const std::size_t per_paragraph = splitter.split(paragraph).size();
  EXPECT_EQ(per_paragraph, 6u);
  EXPECT_EQ(splitter.split(large).size(), per_paragraph * (large.size() / paragraph.size()));
}

TEST(SentenceSplitter, RangesAreByteOffsetsIntoUtf8) {
  const SentenceSplitter splitter;
  const std::string text = "Ça va? Très bien. 你好。Ü.";
  const auto ranges = splitter.split(text);
  ASSERT_EQ(ranges.size(), 4u);
  EXPECT_EQ(ranges[0].begin, 0u);
  EXPECT_EQ(ranges[0].end, std::string("Ça va?").size());
  EXPECT_EQ(text.substr(ranges[2].begin, ranges[2].end - ranges[2].begin), "你好。");
  EXPECT_EQ(ranges[3].end, text.size());
}

TEST(SentenceSplitter, InstanceIsReusable) {
  const SentenceSplitter splitter;
  EXPECT_EQ(splitter.split("One. Two.").size(), 2u);
  EXPECT_EQ(splitter.split("").size(), 0u);
  EXPECT_EQ(splitter.split("Three. Four. Five.").size(), 3u);
}

}  // namespace
}  // namespace voxmark::text
