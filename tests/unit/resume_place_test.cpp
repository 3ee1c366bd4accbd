// Finding the listener's place again after the document was edited.
#include "player/resume_place.h"

#include <gtest/gtest.h>

#include "markdown/markdown_reader.h"

namespace voxmark::player {
namespace {

using How = FoundPlace::How;

document::Document read(std::string_view markdown) {
  return markdown::read_markdown(document::sanitize_utf8("doc.md", markdown));
}

// What save_place() keeps, without the file.
SavedPlace place_in(const document::Document& doc, std::size_t sentence) {
  SavedPlace p;
  p.sentence = sentence;
  p.sentence_count = doc.sentences.size();
  p.content_hash = sentences_hash(doc);
  p.text = doc.sentences[sentence].text;
  if (sentence > 0) p.before = doc.sentences[sentence - 1].text;
  if (sentence + 1 < doc.sentences.size()) p.after = doc.sentences[sentence + 1].text;
  return p;
}

const char* kNovel =
    "# Chapter one\n\nIt was a dark night. The wind howled over the moor. Nobody came.\n\n"
    "The house stood alone. Its windows were dark. A dog barked far away.\n\n"
    "# Chapter two\n\nMorning came late. The fog lifted slowly. Birds began to sing.\n";

std::size_t index_of(const document::Document& doc, std::string_view text) {
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    if (doc.sentences[i].text == text) return i;
  }
  ADD_FAILURE() << "no sentence " << text;
  return 0;
}

TEST(ResumePlace, UnchangedDocumentGivesTheSameSentence) {
  const auto doc = read(kNovel);
  const auto found = find_place(doc, place_in(doc, 6));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->sentence, 6u);
  EXPECT_EQ(found->how, How::unchanged);
}

TEST(ResumePlace, AOneWordEditElsewhereKeepsTheSentence) {
  const auto before = read(kNovel);
  const std::size_t at = index_of(before, "Its windows were dark.");
  // A typo fixed earlier, and a sentence added before the place: the place moves by one.
  std::string edited = kNovel;
  edited.replace(edited.find("howled"), 6, "howls");
  edited.replace(edited.find("Nobody came."), 12, "Nobody came. Not one soul.");
  const auto after = read(edited);
  const auto found = find_place(after, place_in(before, at));
  ASSERT_TRUE(found);
  EXPECT_EQ(after.sentences[found->sentence].text, "Its windows were dark.");
  EXPECT_EQ(found->sentence, at + 1);
  EXPECT_EQ(found->how, How::same_text);
}

TEST(ResumePlace, TheEditedSentenceItselfIsFoundByItsNeighbours) {
  const auto before = read(kNovel);
  const std::size_t at = index_of(before, "Its windows were dark.");
  std::string edited = kNovel;
  edited.replace(edited.find("Its windows were dark."), 22, "All its shutters were closed.");
  const auto after = read(edited);
  const auto found = find_place(after, place_in(before, at));
  ASSERT_TRUE(found);
  EXPECT_EQ(after.sentences[found->sentence].text, "All its shutters were closed.");
  EXPECT_EQ(found->how, How::neighbours);
}

TEST(ResumePlace, AnEditedSentenceWithEditedNeighboursIsFoundByItsWords) {
  const auto before =
      read("# A\n\nFirst thing. The quick brown fox jumps over the lazy dog. Last thing.\n");
  const auto after =
      read("# A\n\nFirst item. The quick brown fox leaps over the lazy dog. Final item.\n");
  const auto found = find_place(after, place_in(before, 2));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->sentence, 2u);
  EXPECT_EQ(found->how, How::similar_text);
}

TEST(ResumePlace, RepeatedSentencesAreToldApartByTheirNeighbours) {
  const auto before = read("Yes. He said so.\n\nNo. Yes. She said so.\n");
  const std::size_t second_yes = 3;
  ASSERT_EQ(before.sentences[second_yes].text, "Yes.");
  const auto after = read("Intro. Yes. He said so.\n\nNo. Yes. She said so.\n");
  const auto found = find_place(after, place_in(before, second_yes));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->sentence, 4u);
  EXPECT_EQ(after.sentences[found->sentence + 1].text, "She said so.");
}

TEST(ResumePlace, APlaceThatIsGoneIsNotGuessed) {
  const auto before = read(kNovel);
  const auto after = read("# Something else\n\nEntirely different words. Nothing alike here.\n");
  EXPECT_FALSE(find_place(after, place_in(before, 5)));
}

}  // namespace
}  // namespace voxmark::player
