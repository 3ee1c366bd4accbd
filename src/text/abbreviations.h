// Abbreviations: which words before a period are abbreviations, and of what kind (internal to
// src/text). The kind decides how the sentence rules treat the period after it.
//
// The data: data/abbreviations/LANG.txt, compiled into the binary (no run-time data path),
// for the document's language (its primary subtag: "en-GB" uses en.txt; a language without a
// file uses en.txt), then the user's $XDG_CONFIG_HOME/voxmark/abbreviations/LANG.txt (else
// ~/.config/voxmark/abbreviations/LANG.txt), whose entries add to and override the built-in
// ones. The file format is described at the top of data/abbreviations/en.txt and in
// docs/guide.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace voxmark::text::detail {

enum class Abbr : std::uint8_t {
  kNone,
  kTitle,         // before a name, never ends a sentence: "Dr. Watson", "Mt. Fuji"
  kNumberPrefix,  // before a number: "No. 5", "p. 55", "Fig. 3"
  kCitation,      // inside a reference: "18 U.S.C. § 2", "(9th Cir. 2001)", "Pub. L. No."
  kInfix,         // joins two parts, never ends a sentence: "vs.", "e.g.", "cf."
  kMonth,         // "Jan. 5", but "sales peaked in Oct. The ..."
  kEnd,           // may end a sentence: "Jr.", "U.S."; a name after it continues
  kSuffix,        // a company suffix: "Inc.", "Ltd."; a capitalised word after it starts one
  kUnit,          // a unit after a number: "mg.", "kg."; likewise
  kLatin,         // Latin that closes what it qualifies: "p.o.", "b.i.d.", "ibid."; likewise
  kEtc,           // "etc." before a capital always ends a sentence
  kEtAl,          // "al." of "et al.", which behaves like "etc."
  kTime,          // "a.m.", "p.m."
};

enum class CaseRule : std::uint8_t {
  kAny,          // written in lower case: "co" matches "co", "Co", "CO"
  kCapitalized,  // written with a capital: "Dr" matches "Dr", "DR" (not "dr")
  kExact,        // flagged "exact": "p" (not "P", which is an initial)
};

struct AbbrEntry {
  Abbr kind = Abbr::kNone;
  CaseRule rule = CaseRule::kAny;
};

// One language's abbreviations. Threads: immutable once built, so shared freely.
class Abbreviations {
 public:
  // Adds the entries of one file in the data/abbreviations format; later entries override
  // earlier ones. `name` names the file in messages. Throws Error(ExitCode::data) with
  // "NAME:LINE: what is wrong and what to do" at the first malformed line, adding nothing.
  void parse(std::string_view text, const std::string& name);

  // `word` as written (may contain inner dots, e.g. "U.S"), without the final period.
  Abbr lookup(std::string_view word) const;

  std::size_t size() const { return exact_.size() + folded_.size(); }

  // The language whose built-in data this is ("en", "fr", ...): it picks the starter words.
  const std::string& language() const { return language_; }
  void set_language(std::string language) { language_ = std::move(language); }

 private:
  std::string language_ = "en";
  std::unordered_map<std::string, AbbrEntry> exact_;   // as written
  std::unordered_map<std::string, AbbrEntry> folded_;  // ASCII lower case
};

// The built-in data for `locale`'s language plus the user's file, built once per language
// and user file for the life of the process. Threads: safe to call from any thread.
// Throws Error(ExitCode::data) for a malformed user file (FILE:LINE in the message).
const Abbreviations& AbbreviationsFor(std::string_view locale);

// The user's file for `language` (a primary subtag such as "en"); empty when neither
// XDG_CONFIG_HOME (absolute) nor HOME is set.
std::string UserAbbreviationFile(std::string_view language);

// The primary language subtag of a BCP 47 / ICU locale, lower case: "en-GB" -> "en".
std::string PrimaryLanguage(std::string_view locale);

}  // namespace voxmark::text::detail
