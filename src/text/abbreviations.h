// Abbreviations: which words before a period are abbreviations, and of what kind (internal to
// src/text). The kind decides how the sentence rules treat the period after it.
#pragma once

#include <cstdint>
#include <string_view>

namespace voxmark::text::detail {

enum class Abbr : std::uint8_t {
  kNone,
  kTitle,         // before a name, never ends a sentence: "Dr. Watson", "Mt. Fuji"
  kNumberPrefix,  // before a number: "No. 5", "p. 55", "Fig. 3"
  kInfix,         // joins two parts, never ends a sentence: "vs.", "e.g.", "cf."
  kMonth,         // "Jan. 5", but "sales peaked in Oct. The ..."
  kEnd,           // may end a sentence: "Jr.", "Inc.", "Co.", "U.S."
  kEtc,           // "etc." before a capital always ends a sentence
  kEtAl,          // "al." of "et al.", which behaves like "etc."
  kTime,          // "a.m.", "p.m."
};

enum class CaseRule : std::uint8_t {
  kAny,          // "co", "Co", "CO"
  kCapitalized,  // first letter upper case: "Dr", "DR" (not "dr")
  kExact,        // exactly the key: "p" (not "P", which is an initial)
};

struct AbbrEntry {
  Abbr kind;
  CaseRule rule;
};

// `word` as written (may contain inner dots, e.g. "U.S"), without the final period.
Abbr LookupAbbreviation(std::string_view word);

}  // namespace voxmark::text::detail
