// Closed classes of English words the sentence rules weigh as evidence (internal to
// src/text). Functions named "lower" take a word already lower-cased with AsciiLower.
#pragma once

#include <string_view>

namespace voxmark::text::detail {

// Capitalized words that usually begin a sentence: pronouns, determiners, conjunctions,
// sentence adverbs, question words, auxiliaries. After an abbreviation that may end a
// sentence ("U.S.", "Inc."), one of these means a new sentence ("in the U.S. How about
// you?"), anything else a name that continues it ("the U.S. Government").
bool IsStarterWord(std::string_view lower);

// Words that continue a time of day: "at 9 a.m. Monday", "at 5 p.m. EST".
bool IsTimeWord(std::string_view lower);

// A sentence that is only a short prepositional phrase so far ("At 5 a.m.", "In the U.S.")
// cannot end there: the clause it belongs to follows.
bool IsPreposition(std::string_view lower);

// "IV", "XII" as written; a lone "I" is the pronoun.
bool IsRomanNumeral(std::string_view word);

}  // namespace voxmark::text::detail
