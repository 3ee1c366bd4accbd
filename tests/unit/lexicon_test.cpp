// The pronunciation lexicon: case rules, whole words, bad lines, and the way back to offsets.
#include "speech/lexicon.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace voxmark::speech {
namespace {

using Range = std::pair<std::size_t, std::size_t>;

Lexicon parse(std::string_view text) {
  std::vector<Warning> warnings;
  Lexicon lexicon = Lexicon::parse(text, "test.lexicon", warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front().where << ": " << warnings.front().message;
  return lexicon;
}

TEST(Lexicon, AllCapitalEntriesMatchOnlyThatExactCase) {
  const Lexicon lexicon = parse("NATO\tNayto\n");
  EXPECT_EQ(lexicon.apply("NATO and Russia").text, "Nayto and Russia");
  EXPECT_EQ(lexicon.apply("Nato and Russia").text, "Nato and Russia");
  EXPECT_EQ(lexicon.apply("nato and Russia").text, "nato and Russia");
}

TEST(Lexicon, OtherEntriesMatchInAnyCase) {
  const Lexicon lexicon = parse("Rasmussen\tRassmoossen\neuractiv\tYooractive\n");
  EXPECT_EQ(lexicon.apply("Rasmussen, RASMUSSEN, rasmussen").text,
            "Rassmoossen, Rassmoossen, Rassmoossen");
  EXPECT_EQ(lexicon.apply("EURACTIV and Euractiv").text, "Yooractive and Yooractive");
}

TEST(Lexicon, CaseRulesHoldBeyondAscii) {
  const Lexicon lexicon = parse(
      "\xC3\x86R\xC3\x98\tAir-oh\n\xC3\x86r\xC3\xB8sk\xC3\xB8"
      "bing\tAir-oh-skur-bing\n");
  // ÆRØ (all capitals) matches only ÆRØ; Ærøskøbing matches ÆRØSKØBING too.
  EXPECT_EQ(lexicon.apply("\xC3\x86R\xC3\x98 \xC3\xA6r\xC3\xB8").text, "Air-oh \xC3\xA6r\xC3\xB8");
  EXPECT_EQ(lexicon
                .apply("\xC3\x86R\xC3\x98SK\xC3\x98"
                       "BING")
                .text,
            "Air-oh-skur-bing");
}

TEST(Lexicon, MatchesWholeWordsOnly) {
  const Lexicon lexicon = parse("Fogh\tFoe\nNATO\tNayto\n");
  EXPECT_EQ(lexicon.apply("Foghorn NATOS").text, "Foghorn NATOS");
  EXPECT_EQ(lexicon.apply("NATO-led, NATO's (NATO).").text, "Nayto-led, Nayto's (Nayto).");
  EXPECT_EQ(lexicon.apply("Fogh").text, "Foe");
}

TEST(Lexicon, LongestEntryWins) {
  const Lexicon lexicon = parse("Fogh\tFoe\nAnders Fogh\tAnnerss Foe\n");
  EXPECT_EQ(lexicon.apply("Anders Fogh Rasmussen").text, "Annerss Foe Rasmussen");
  EXPECT_EQ(lexicon.apply("Anders\n Fogh").text, "Annerss Foe");
  EXPECT_EQ(lexicon.apply("Anders said Fogh").text, "Anders said Foe");
}

TEST(Lexicon, BadLinesAreWarnedWithTheirLineAndSkipped) {
  std::vector<Warning> warnings;
  const Lexicon lexicon = Lexicon::parse(
      "# comment\n"
      "\n"
      "NATO Nayto\n"          // 3: no tab
      "\tnothing\n"           // 4: empty word
      "ISAF\t\n"              // 5: empty respelling
      "hello\t[[h@'loU]]\n"   // 6: phoneme codes
      "C++\tsee plus plus\n"  // 7: not a whole word
      "good\tfine\r\n"        // 8: ok (CRLF)
      "good\tgreat\n",        // 9: duplicate: later wins
      "my.lexicon", warnings);
  ASSERT_EQ(warnings.size(), 6u);
  EXPECT_EQ(warnings[0].where, "my.lexicon:3");
  EXPECT_NE(warnings[0].message.find("no tab"), std::string::npos);
  EXPECT_EQ(warnings[1].where, "my.lexicon:4");
  EXPECT_NE(warnings[1].message.find("empty"), std::string::npos);
  EXPECT_EQ(warnings[2].where, "my.lexicon:5");
  EXPECT_NE(warnings[2].message.find("no respelling"), std::string::npos);
  EXPECT_EQ(warnings[3].where, "my.lexicon:6");
  EXPECT_NE(warnings[3].message.find("phoneme"), std::string::npos);
  EXPECT_EQ(warnings[4].where, "my.lexicon:7");
  EXPECT_EQ(warnings[5].where, "my.lexicon:9");
  EXPECT_EQ(lexicon.size(), 1u);
  EXPECT_EQ(lexicon.apply("good").text, "great");
  EXPECT_EQ(lexicon.apply("NATO ISAF hello").text, "NATO ISAF hello");
}

TEST(Lexicon, OffsetsMapBackToTheOriginalSentence) {
  const Lexicon lexicon = parse("NATO\tNayto\nRasmussen\tRas\n");
  const std::string original = "NATO chief Rasmussen spoke";
  const Respelled r = lexicon.apply(original);
  ASSERT_EQ(r.text, "Nayto chief Ras spoke");
  // A word inside a respelling covers the whole original word.
  EXPECT_EQ(r.to_original(0, 5), Range(0, 4));
  EXPECT_EQ(r.to_original(1, 3), Range(0, 4));
  // Words outside shift by the size changes before them.
  EXPECT_EQ(r.to_original(6, 11), Range(5, 10));    // chief
  EXPECT_EQ(r.to_original(12, 15), Range(11, 20));  // Ras
  EXPECT_EQ(r.to_original(16, 21), Range(21, 26));  // spoke
  EXPECT_EQ(original.substr(21, 5), "spoke");
}

TEST(Lexicon, EmptyLexiconLeavesTextAlone) {
  const Respelled r = Lexicon().apply("Anything at all");
  EXPECT_EQ(r.text, "Anything at all");
  EXPECT_EQ(r.to_original(9, 11), Range(9, 11));
}

TEST(Lexicon, AddRejectsBadEntriesAsUsageErrors) {
  Lexicon lexicon;
  EXPECT_THROW(lexicon.add("", "x"), Error);
  EXPECT_THROW(lexicon.add("x", " "), Error);
  EXPECT_THROW(lexicon.add("x", "[[ks]]"), Error);
  lexicon.add("Oslo", "Oz-low");
  Lexicon later;
  later.add("oslo", "Ozz-low");
  lexicon.merge(later);
  EXPECT_EQ(lexicon.apply("OSLO").text, "Ozz-low");
}

TEST(Lexicon, MissingFileIsANoInputError) {
  std::vector<Warning> warnings;
  try {
    Lexicon::load("/nonexistent/voxmark.lexicon", warnings);
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::no_input);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/voxmark.lexicon"), std::string::npos);
  }
}

TEST(Lexicon, BundledEnglishLexiconCoversTheOpEd) {
  std::vector<Warning> warnings;
  const Lexicon lexicon =
      Lexicon::load(std::string(VOXMARK_SOURCE_DIR) + "/voices/en.lexicon", warnings);
  EXPECT_TRUE(warnings.empty());
  const std::string text = "Anders Fogh Rasmussen, NATO, ISAF, STANDEX and EURACTIV.";
  const Respelled r = lexicon.apply(text);
  EXPECT_EQ(r.text, "Annerss Foe Rassmoossen, Nayto, Eyesaff, Standex and Yooractive.");
}

}  // namespace
}  // namespace voxmark::speech
