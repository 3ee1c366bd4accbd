#include "text/abbreviations.h"

#include <initializer_list>
#include <string>
#include <unordered_map>

#include "text/unicode_chars.h"

namespace voxmark::text::detail {
namespace {

const std::unordered_map<std::string_view, AbbrEntry>& AbbreviationTable() {
  static const std::unordered_map<std::string_view, AbbrEntry> table = [] {
    std::unordered_map<std::string_view, AbbrEntry> t;
    auto add = [&t](std::initializer_list<std::string_view> keys, Abbr kind, CaseRule rule) {
      for (auto k : keys) t[k] = {kind, rule};
    };
    // clang-format off
    add({"mr", "mrs", "ms", "mx", "dr", "prof", "st", "mt", "ft", "gen", "lt", "col", "maj", "capt",
         "cpt", "sgt", "cpl", "pvt", "pfc", "adm", "cmdr", "cdr", "brig", "gov", "sen", "rep",
         "rev", "hon", "pres", "supt", "insp", "det", "fr", "br", "mme", "mlle", "messrs", "mmes",
         "msgr", "rt", "amb", "atty"},
        Abbr::kTitle, CaseRule::kCapitalized);
    add({"no", "nos", "nr", "n\u00b0", "n\u00ba", "pp", "vol", "vols", "ch", "chap", "fig", "figs",
         "eq", "eqs", "sec", "sect", "art", "para", "pt", "op", "ex", "tab", "ref", "refs", "ca",
         "ed", "eds", "app", "appx", "suppl", "ext", "tel"},
        Abbr::kNumberPrefix, CaseRule::kAny);
    // Single lower-case letters and lower-case-only words: "p. 55", "c. 1500", "b. 1920".
    add({"p", "c", "b", "d", "n", "fl", "est"}, Abbr::kNumberPrefix, CaseRule::kExact);
    add({"vs", "cf", "e.g", "i.e", "viz", "approx", "incl", "esp", "resp", "aka", "a.k.a", "w.r.t"},
        Abbr::kInfix, CaseRule::kAny);
    add({"v"}, Abbr::kInfix, CaseRule::kExact);  // "Roe v. Wade"; "V." is an initial
    add({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"},
        Abbr::kMonth, CaseRule::kCapitalized);
    add({"jr", "sr", "inc", "co", "corp", "ltd", "llc", "plc", "bros", "esq", "ave", "rd", "blvd",
         "ln", "hwy", "pkwy", "dept", "univ", "assn", "intl", "govt", "natl", "ret"},
        Abbr::kEnd, CaseRule::kAny);
    // US states, only where the abbreviation is not also a common word ("Mass", "Ill").
    add({"Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Fla", "Ky", "Md", "Mich", "Minn", "Mont",
         "Neb", "Nev", "Okla", "Tenn", "Va", "Vt", "Wis", "Wyo"},
        Abbr::kEnd, CaseRule::kExact);
    add({"etc"}, Abbr::kEtc, CaseRule::kAny);
    add({"al"}, Abbr::kEtAl, CaseRule::kExact);
    add({"a.m", "p.m"}, Abbr::kTime, CaseRule::kAny);
    // clang-format on
    return t;
  }();
  return table;
}

}  // namespace

Abbr LookupAbbreviation(std::string_view word) {
  if (word.empty()) return Abbr::kNone;
  const auto& table = AbbreviationTable();
  const std::string key = AsciiLower(word);
  // kExact entries are stored as written (some have capitals): try the word itself first.
  if (auto it = table.find(word); it != table.end() && it->second.rule == CaseRule::kExact) {
    return it->second.kind;
  }
  auto it = table.find(key);
  if (it == table.end()) return Abbr::kNone;
  switch (it->second.rule) {
    case CaseRule::kAny:
      return it->second.kind;
    case CaseRule::kCapitalized:
      if (word[0] >= 'A' && word[0] <= 'Z') return it->second.kind;
      // Lower-case "dr." or "st." is a street ("5th st."), which may end a sentence.
      return it->second.kind == Abbr::kTitle ? Abbr::kEnd : Abbr::kNone;
    case CaseRule::kExact:
      return word == key ? it->second.kind : Abbr::kNone;
  }
  return Abbr::kNone;
}

// Capitalized words that usually begin a sentence: pronouns, determiners, conjunctions,
// sentence adverbs, question words, auxiliaries. After an abbreviation that may end a

}  // namespace voxmark::text::detail
