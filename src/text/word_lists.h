// Closed classes of English words the sentence rules weigh as evidence (internal to
// src/text). Functions named "lower" take a word already lower-cased with AsciiLower.
#pragma once

#include <string_view>

namespace voxmark::text::detail {

// Capitalized words that usually begin a sentence: pronouns, determiners, conjunctions,
// sentence adverbs, question words, auxiliaries. After an abbreviation that may end a
// sentence ("U.S.", "Inc."), one of these means a new sentence ("in the U.S. How about
// you?"), anything else a name that continues it ("the U.S. Government").
// language: a primary subtag; "fr", "de" and "es" add their own pronouns, articles and
// conjunctions to the English ones (a quoted English sentence starts the same way).
bool IsStarterWord(std::string_view lower, std::string_view language = "en");

// Words that continue a time of day: "at 9 a.m. Monday", "at 5 p.m. EST".
bool IsTimeWord(std::string_view lower);

// A sentence that is only a short prepositional phrase so far ("At 5 a.m.", "In the U.S.")
// cannot end there: the clause it belongs to follows.
bool IsPreposition(std::string_view lower);

// A word as written that may start a sentence in lower case: a name with a capital inside
// ("eSpeak", "iPhone", "macOS", "eBay") or a command or product always written in lower case
// ("npm", "git", "curl"); not common words that are also commands ("make", "go").
bool IsLowerCaseStarter(std::string_view word);

// A finite verb as written in lower case, the predicate after a sentence's subject: an
// auxiliary ("is", "has", "will", "doesn") or a third-person "-s" form ("chooses", "supports").
bool IsFiniteVerb(std::string_view word);

// An adverb that sits between a subject and its verb: "ripgrep also supports".
bool IsPreVerbAdverb(std::string_view word);

// A verb of speaking in a quotation's speech tag, as written: "asked", "said", "cried".
bool IsSpeechVerb(std::string_view word);

// "IV", "XII" as written; a lone "I" is the pronoun.
bool IsRomanNumeral(std::string_view word);

}  // namespace voxmark::text::detail
