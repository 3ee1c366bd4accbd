// Sentence segmentation: ICU's UAX #29 sentence breaks, corrected by voxmark's own rules.
//
// One forward pass over the UTF-8 text does everything:
//  1. ICU's sentence BreakIterator (the locale's abbreviation suppressions plus a few titles
//     of ours) runs lazily over a UTF-8 UText, so its boundaries are already byte offsets
//     and no UTF-16 copy or offset table is needed.
//  2. We find every "site": a run of terminal punctuation ('.', '!', '?', '…', a spaced
//     ". . ."), the closing quotes and brackets after it, and the white space after those.
//     A rule decides each site: break, no break, or "ask ICU" (defer). ICU boundaries that
//     fall inside a site are replaced by that decision; ICU boundaries elsewhere (CJK '。',
//     Devanagari '।', paragraph separators, ...) are kept as they are.
//  3. In-line list markers ("1.)", "2)", "a.", "• 9.") and repeated bullets start new
//     sentences when they continue a list begun at a sentence or line start.
//  4. Every line feed (and every other paragraph separator) is a hard cut.
// Each rule looks at a bounded window around its site (a few dozen bytes), and each token is
// scanned at most once more for URL/e-mail characters, so the whole is linear in the input.
//
// The rules are tuned for what a listener hears: a wrong split is a wrong pause and a wrong
// final intonation; a missed split runs two sentences together. tests/data/sentences.tsv is
// the specification: every rule below has rows there, and each ambiguous choice is argued in
// a comment line of that table.

#include "text/sentence_splitter.h"

#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/error.h"

namespace voxmark::text {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// ---------------------------------------------------------------------------------------
// UTF-8 decoding. Input should be valid UTF-8, but nothing here trusts that: a malformed
// byte decodes as U+FFFD of length 1, so every loop still advances and stays in bounds.

struct Decoded {
  UChar32 cp;
  std::size_t len;
};

// The code point starting at i (i < end).
Decoded DecodeAt(std::string_view s, std::size_t i, std::size_t end) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = 0;
  UChar32 cp = 0;
  UChar32 min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {0xFFFD, 1};
  }
  if (end - i < len) return {0xFFFD, 1};
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1};
  return {cp, len};
}

// The code point ending just before i (i > begin).
Decoded DecodeBefore(std::string_view s, std::size_t i, std::size_t begin) {
  std::size_t j = i - 1;
  while (j > begin && i - j < 4 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  const Decoded d = DecodeAt(s, j, i);
  if (j + d.len == i) return d;
  return {0xFFFD, 1};
}

// ---------------------------------------------------------------------------------------
// Character classes.

bool IsSpace(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return u_isUWhiteSpace(c);
}

// Characters after which UAX #29 always breaks (Sep, CR, LF); voxmark treats them all as
// hard line ends, like '\n'.
bool IsParaSep(UChar32 c) {
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool IsDotLike(UChar32 c) { return c == '.' || c == 0x2026; }  // '.', '…'

bool IsBang(UChar32 c) {  // !, ?, ‼, ‽, ⁇, ⁈, ⁉
  return c == '!' || c == '?' || c == 0x203C || c == 0x203D || (c >= 0x2047 && c <= 0x2049);
}

bool IsCloser(UChar32 c) {
  if (c == '"' || c == '\'') return true;
  if (c < 0x80) return c == ')' || c == ']' || c == '}';
  const auto t = u_charType(c);
  return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

bool IsOpener(UChar32 c) {
  if (c == '"' || c == '\'') return true;
  if (c < 0x80) return c == '(' || c == '[' || c == '{';
  if (c == 0xBF || c == 0xA1) return true;  // ¿ ¡
  const auto t = u_charType(c);
  return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION;
}

bool IsUpper(UChar32 c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(c) || u_istitle(c);
}
bool IsLower(UChar32 c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return u_islower(c);
}
bool IsDigit(UChar32 c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_isdigit(c);
}
bool IsAlpha(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isalpha(c);
}

// List bullets. '-', '*' and '+' count only when the line also starts with them.
bool IsBullet(UChar32 c) {
  // • ‣ ⁃ ∙ ▪ ▫ ■ □ ▸ ► ○ ● ◦
  static constexpr std::array<UChar32, 13> kBullets = {0x2022, 0x2023, 0x2043, 0x2219, 0x25AA,
                                                       0x25AB, 0x25A0, 0x25A1, 0x25B8, 0x25BA,
                                                       0x25CB, 0x25CF, 0x25E6};
  return c == '-' || c == '*' || c == '+' ||
         std::find(kBullets.begin(), kBullets.end(), c) != kBullets.end();
}

// ASCII lower-casing; other bytes are kept (keys with non-ASCII letters are stored as is).
std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Word lists. Keys are lower case; CaseRule says which spellings of the word match.

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

// `word` as written (may contain '.', e.g. "U.S"); at most a few dozen bytes.
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
// sentence ("U.S.", "Inc."), one of these means a new sentence ("in the U.S. How about
// you?"), anything else a name that continues it ("the U.S. Government").
bool IsStarterWord(std::string_view lower) {
  // clang-format off
  static const std::unordered_set<std::string_view> kStarters = {
      "i", "you", "he", "she", "it", "we", "they", "me", "us", "him", "them", "this", "that",
      "these", "those", "there", "here", "the", "a", "an", "my", "your", "his", "her", "its", "our",
      "their", "but", "and", "or", "nor", "so", "yet", "then", "now", "also", "still", "however",
      "therefore", "thus", "hence", "meanwhile", "moreover", "furthermore", "nevertheless",
      "nonetheless", "instead", "otherwise", "indeed", "finally", "first", "second", "third",
      "next", "later", "afterwards", "afterward", "today", "yesterday", "tomorrow", "tonight",
      "besides", "consequently", "accordingly", "similarly", "likewise", "overall", "anyway",
      "unfortunately", "fortunately", "sadly", "luckily", "clearly", "obviously", "actually", "oh",
      "well", "yes", "no", "not", "please", "let", "thanks", "thank", "when", "where", "why", "how",
      "what", "who", "whom", "whose", "which", "whatever", "whoever", "whenever", "wherever",
      "while", "whilst", "if", "although", "though", "because", "since", "as", "after", "before",
      "once", "until", "unless", "whether", "in", "on", "at", "by", "for", "from", "with",
      "without", "to", "of", "during", "despite", "under", "over", "into", "through", "among",
      "between", "against", "about", "above", "below", "across", "along", "around", "behind",
      "beyond", "like", "unlike", "upon", "within", "throughout", "near", "is", "are", "was",
      "were", "am", "be", "been", "being", "do", "does", "did", "don", "doesn", "didn", "can",
      "could", "will", "would", "shall", "should", "may", "might", "must", "has", "have", "had",
      "isn", "aren", "wasn", "weren", "won", "wouldn", "couldn", "shouldn", "haven", "hasn", "hadn",
      "some", "many", "most", "all", "each", "every", "any", "both", "either", "neither", "none",
      "several", "such", "only", "even", "just", "perhaps", "maybe", "sometimes", "often", "never",
      "always", "usually", "nothing", "everything", "something", "anything", "anyone", "everyone",
      "someone", "nobody", "everybody", "somebody", "other", "others", "another", "one", "two",
      "three", "few", "more", "much", "less"};
  // clang-format on
  return kStarters.count(lower) != 0;
}

// Words that continue a time of day: "at 9 a.m. Monday", "at 5 p.m. EST".
bool IsTimeWord(std::string_view lower) {
  // clang-format off
  static const std::unordered_set<std::string_view> kTimeWords = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
      "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "january", "february", "march",
      "april", "may", "june", "july", "august", "september", "october", "november", "december",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "est",
      "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "akst", "hst", "gmt", "utc", "bst", "cet",
      "cest", "eet", "ist", "jst", "aest", "et", "ct", "mt", "pt", "eastern", "central", "pacific",
      "mountain", "atlantic", "greenwich"};
  // clang-format on
  return kTimeWords.count(lower) != 0;
}

// A sentence that is only a short prepositional phrase so far ("At 5 a.m.", "In the U.S.")
// cannot end there: the clause it belongs to follows.
bool IsPreposition(std::string_view lower) {
  // clang-format off
  static const std::unordered_set<std::string_view> kPrepositions = {
      "at", "by", "before", "after", "around", "until", "till", "from", "since", "on", "about",
      "near", "in", "during", "past", "circa", "within", "for", "across", "inside", "outside",
      "through", "throughout", "towards"};
  // clang-format on
  return kPrepositions.count(lower) != 0;
}

bool IsRomanNumeral(std::string_view word) {  // "IV", "XII"; a lone "I" is the pronoun
  if (word.size() < 2 || word.size() > 7) return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'D' || c == 'M';
  });
}

// ---------------------------------------------------------------------------------------
// The scanner: one pass over one chunk of text. Chunks end at line ends (see ChunkEnd), so
// no rule needs to look across them.

enum class Decision : std::uint8_t {
  kNoCut,          // not a boundary, or nothing to cut (end of text, a line end follows)
  kBreak,          // a sentence starts after the site's white space
  kDefer,          // whatever ICU says
  kAfterFirstDot,  // "compounds. . . . The": the first dot is the period
};

enum class NextKind : std::uint8_t { kEnd, kUpper, kLower, kDigit, kOther };

// What follows a site: the first character after white space and opening punctuation,
// and the word there.
struct NextInfo {
  NextKind kind = NextKind::kEnd;
  std::string word;              // its letters (up to a few dozen bytes), as written
  bool word_then_dot = false;    // "Mr." "R."
  bool second_is_lower = false;  // "Today" (as opposed to "USA" or "A")
  std::size_t word_code_points = 0;
};

enum class WordKind : std::uint8_t {
  kEmpty,    // nothing before the punctuation ("period . . . .")
  kUrl,      // the token has '@', '/', '\' or starts with "www."
  kNumber,   // ends in a digit: "1,000", "$100.00", "v1.2.3"
  kInitial,  // one upper-case letter: "E", "I"
  kSingleLower,
  kDotted,  // letters with inner dots: "U.S", "Ph.D"
  kWord,    // letters (and apostrophes, hyphens)
  kOther,
};

struct WordInfo {
  WordKind kind = WordKind::kOther;
  Abbr abbr = Abbr::kNone;
  std::string_view text;
  std::size_t begin = 0;
  bool last_is_lower = false;
  std::size_t letters = 0;
};

struct ListMarker {
  int style = 0;  // digits/letters and punctuation, see ParseMarker
  int value = 0;
  std::size_t end = 0;
  bool can_start = false;
};

class Scanner {
 public:
  Scanner(std::string_view text, icu::BreakIterator* icu, std::size_t base,
          std::vector<std::size_t>& cuts)
      : t_(text), n_(text.size()), icu_(icu), base_(base), cuts_(cuts) {
    if (icu_ != nullptr) {
      icu_next_ = icu_->first();
      AdvanceIcu();
    }
  }

  void Run() {
    std::size_t i = 0;
    bool in_token = false;
    while (i < n_) {
      const Decoded d = DecodeAt(t_, i, n_);
      if (IsSpace(d.cp)) {
        in_token = false;
        if (IsParaSep(d.cp) && !(d.cp == '\r' && i + 1 < n_ && t_[i + 1] == '\n')) {
          PushCut(i + d.len);
          ResetLine();
        }
        i += d.len;
        continue;
      }
      if (!in_token) {
        in_token = true;
        OnTokenStart(i);
      }
      if (IsDotLike(d.cp) || IsBang(d.cp)) {
        i = HandleSite(i);
        continue;
      }
      i += d.len;
    }
    // ICU boundaries after the last site are kept as they are.
    KeepIcuThrough(n_);
  }

 private:
  // ----- ICU boundaries and cuts

  void AdvanceIcu() {
    do {
      icu_next_ = icu_->next();
    } while (icu_next_ == 0);
    if (icu_next_ == icu::BreakIterator::DONE) icu_next_ = -1;
  }

  // Keeps (as cuts) the ICU boundaries at or before pos that no site claimed.
  void KeepIcuThrough(std::size_t pos) {
    while (icu_next_ >= 0 && static_cast<std::size_t>(icu_next_) <= pos) {
      const auto b = static_cast<std::size_t>(icu_next_);
      AdvanceIcu();
      AddCut(b);
    }
  }

  // Claims the ICU boundaries in (after, through]; true if there was one.
  bool ClaimIcu(std::size_t after, std::size_t through) {
    bool any = false;
    while (icu_next_ >= 0 && static_cast<std::size_t>(icu_next_) <= through) {
      if (static_cast<std::size_t>(icu_next_) > after) any = true;
      AdvanceIcu();
    }
    return any;
  }

  void PushCut(std::size_t pos) {
    if (pos > 0) KeepIcuThrough(pos - 1);
    AddCut(pos);
  }

  void AddCut(std::size_t pos) {
    if (pos == 0 || pos >= n_ || (have_cut_ && pos <= last_cut_)) return;
    cuts_.push_back(base_ + pos);
    last_cut_ = pos;
    have_cut_ = true;
  }

  std::size_t SentenceStart() const { return have_cut_ ? last_cut_ : 0; }

  // ----- lines, tokens and list markers

  void ResetLine() {
    line_has_token_ = false;
    list_active_ = false;
    line_bullet_ = 0;
    pending_bullet_ = kNone;
  }

  void OnTokenStart(std::size_t i) {
    KeepIcuThrough(i);
    token_start_ = i;
    token_scanned_ = false;
    marker_end_ = 0;
    const bool first_in_line = !line_has_token_;
    line_has_token_ = true;
    bool sentence_start = first_in_line || i == SentenceStart() || PrevNonSpaceIsColon(i);

    std::size_t item_start = i;  // where a new list item's sentence would begin
    std::size_t m = i;
    const Decoded d = DecodeAt(t_, i, n_);
    const bool lone = i + d.len >= n_ || IsSpace(DecodeAt(t_, i + d.len, n_).cp);
    // ASCII '-', '*', '+' are bullets only standing alone ("- item"), not in "-5" or "*a*".
    if (IsBullet(d.cp) && (d.cp >= 0x80 || lone)) {
      if (first_in_line) {
        line_bullet_ = d.cp;
      } else if (d.cp == line_bullet_) {
        PushCut(i);  // "• Apples • Pears": each bullet of the line's kind starts an item
        sentence_start = true;
      }
      m = i + d.len;
      if (lone) {
        // A lone bullet: a list marker may follow as the next token ("• 10. The ...").
        pending_bullet_ = i;
        pending_bullet_sentence_start_ = sentence_start;
        return;
      }
    } else if (pending_bullet_ != kNone) {
      item_start = pending_bullet_;
      sentence_start = pending_bullet_sentence_start_;
    }
    pending_bullet_ = kNone;

    ListMarker marker;
    if (!ParseMarker(m, &marker)) return;
    if (list_active_ && marker.style == list_style_ && marker.value == list_expected_) {
      PushCut(item_start);  // "1.) The first item 2.) The second item"
      ++list_expected_;
      marker_end_ = marker.end;
    } else if (sentence_start && marker.can_start) {
      list_active_ = true;
      list_style_ = marker.style;
      list_expected_ = marker.value + 1;
      marker_end_ = marker.end;
    }
  }

  bool PrevNonSpaceIsColon(std::size_t i) const {
    std::size_t j = i;
    for (int steps = 0; j > 0 && steps < 8; ++steps) {
      const Decoded d = DecodeBefore(t_, j, 0);
      if (!IsSpace(d.cp)) return d.cp == ':';
      if (IsParaSep(d.cp)) return false;
      j -= d.len;
    }
    return false;
  }

  // A list marker at m, followed by white space: "12." "3)" "4.)" "(5)" "a." "b)" "(c)".
  // style: 1 = number, 2 = lower-case letter, 3 = upper-case letter; times 10 plus the
  // punctuation form (1 "x.", 2 "x)", 3 "x.)", 4 "(x)").
  bool ParseMarker(std::size_t m, ListMarker* out) const {
    std::size_t j = m;
    const bool paren_open = j < n_ && t_[j] == '(';
    if (paren_open) ++j;
    int kind = 0;
    int value = 0;
    if (j < n_ && t_[j] >= '0' && t_[j] <= '9') {
      kind = 1;
      std::size_t digits = 0;
      while (j < n_ && t_[j] >= '0' && t_[j] <= '9' && digits < 4) {
        value = value * 10 + (t_[j] - '0');
        ++j, ++digits;
      }
      if (digits > 3) return false;  // "2010." is a year, not an item number
    } else if (j < n_ && t_[j] >= 'a' && t_[j] <= 'z') {
      kind = 2, value = t_[j] - 'a', ++j;
    } else if (j < n_ && t_[j] >= 'A' && t_[j] <= 'Z') {
      kind = 3, value = t_[j] - 'A', ++j;
    } else {
      return false;
    }
    int form = 0;
    if (paren_open) {
      if (j >= n_ || t_[j] != ')') return false;
      form = 4, ++j;
    } else if (j + 1 < n_ && t_[j] == '.' && t_[j + 1] == ')') {
      form = 3, j += 2;
    } else if (j < n_ && t_[j] == ')') {
      form = 2, ++j;
    } else if (j < n_ && t_[j] == '.') {
      form = 1, ++j;
    } else {
      return false;
    }
    if (j >= n_ || !IsSpace(DecodeAt(t_, j, n_).cp)) return false;
    out->style = kind * 10 + form;
    out->value = value;
    out->end = j;
    // Numbers may start anywhere ("• 9."); letters only at "a"; a capital with a period
    // ("A. Smith") is far more often an initial than an item, so it never starts a list.
    out->can_start =
        kind == 1 || (kind == 2 && value == 0) || (kind == 3 && value == 0 && form != 1);
    return true;
  }

  // Characters of the current token that mark a URL, e-mail address or path. Computed once
  // per token (the scan runs to the token's end), so many sites in one long token stay linear.
  bool TokenLooksLikeUrl() {
    if (!token_scanned_) {
      token_scanned_ = true;
      token_url_ = false;
      std::size_t j = token_start_;
      while (j < n_ && IsOpener(DecodeAt(t_, j, n_).cp)) j += DecodeAt(t_, j, n_).len;
      if (n_ - j >= 4 && (t_.substr(j, 4) == "www." || t_.substr(j, 4) == "WWW.")) {
        token_url_ = true;
      }
      for (j = token_start_; j < n_;) {
        const Decoded d = DecodeAt(t_, j, n_);
        if (IsSpace(d.cp)) break;
        if (d.cp == '@' || d.cp == '/' || d.cp == '\\') token_url_ = true;
        j += d.len;
      }
    }
    return token_url_;
  }

  // ----- sites

  std::size_t HandleSite(std::size_t run_begin) {
    // The run: '.', '…', '!', '?' and friends; single spaces join dots into ". . .".
    std::size_t j = run_begin;
    int dots = 0;
    int bangs = 0;
    bool spaced = false;
    bool last_was_dot = false;
    while (j < n_) {
      const Decoded d = DecodeAt(t_, j, n_);
      if (d.cp == '.') {
        ++dots, last_was_dot = true, j += 1;
      } else if (d.cp == 0x2026) {
        dots += 3, last_was_dot = true, j += d.len;
      } else if (IsBang(d.cp)) {
        ++bangs, last_was_dot = false, j += d.len;
      } else if (d.cp == ' ' && last_was_dot && j + 1 < n_ && t_[j + 1] == '.' &&
                 !(j + 2 < n_ && IsAlpha(DecodeAt(t_, j + 2, n_).cp)) &&
                 !(j + 2 < n_ && IsDigit(DecodeAt(t_, j + 2, n_).cp))) {
        spaced = true, j += 1;  // ". . ." (but not ". .NET")
      } else {
        break;
      }
    }
    const std::size_t run_end = j;
    while (j < n_) {
      const Decoded d = DecodeAt(t_, j, n_);
      if (IsCloser(d.cp)) {
        j += d.len;
        continue;
      }
      // French typography puts a (no-break) space before a closing guillemet: "fini. »".
      if ((d.cp == ' ' || d.cp == 0xA0 || d.cp == 0x202F) && j + d.len < n_) {
        const Decoded q = DecodeAt(t_, j + d.len, n_);
        if (q.cp == 0xBB || q.cp == 0x203A) {
          j += d.len + q.len;
          continue;
        }
      }
      break;
    }
    const std::size_t close_end = j;
    bool para = false;
    while (j < n_) {
      const Decoded d = DecodeAt(t_, j, n_);
      if (!IsSpace(d.cp)) break;
      para = para || IsParaSep(d.cp);
      j += d.len;
    }
    const std::size_t next = j;

    KeepIcuThrough(run_begin);
    const bool icu_break = ClaimIcu(run_begin, next);

    Site site{run_begin, run_end, close_end, next, dots, bangs, spaced, para};
    NextInfo next_info;
    const Decision decision = Decide(site, &next_info);
    switch (decision) {
      case Decision::kNoCut:
        break;
      case Decision::kBreak:
        PushCut(next);
        break;
      case Decision::kDefer:
        // Without ICU (its data failed to load), a capital or digit after the punctuation
        // starts a sentence, which is what UAX #29 does for most text.
        if (icu_ != nullptr ? icu_break : next_info.kind != NextKind::kLower) PushCut(next);
        break;
      case Decision::kAfterFirstDot:
        PushCut(run_begin + DecodeAt(t_, run_begin, n_).len);  // after the first character
        break;
    }
    return close_end;
  }

  struct Site {
    std::size_t run_begin, run_end, close_end, next;
    int dots, bangs;
    bool spaced, para;
  };

  NextInfo ReadNext(std::size_t p) const {
    NextInfo info;
    for (int skipped = 0; p < n_ && skipped < 8; ++skipped) {
      const Decoded d = DecodeAt(t_, p, n_);
      if (!IsOpener(d.cp)) break;
      p += d.len;
    }
    if (p >= n_) return info;
    const Decoded first = DecodeAt(t_, p, n_);
    if (IsUpper(first.cp)) {
      info.kind = NextKind::kUpper;
    } else if (IsLower(first.cp)) {
      info.kind = NextKind::kLower;
    } else if (IsDigit(first.cp)) {
      info.kind = NextKind::kDigit;
    } else {
      info.kind = NextKind::kOther;
    }
    std::size_t q = p;
    while (q < n_ && q - p < 40) {
      const Decoded d = DecodeAt(t_, q, n_);
      if (!IsAlpha(d.cp)) break;
      if (info.word_code_points == 1) info.second_is_lower = IsLower(d.cp);
      ++info.word_code_points;
      q += d.len;
    }
    info.word.assign(t_.substr(p, q - p));
    info.word_then_dot = q < n_ && t_[q] == '.';
    return info;
  }

  // The word before the punctuation: from the token (or sentence) start, without opening
  // punctuation, up to the run.
  WordInfo ReadWord(std::size_t run_begin) {
    WordInfo w;
    std::size_t b = std::max(token_start_, SentenceStart());
    if (b > run_begin) b = run_begin;
    for (int skipped = 0; b < run_begin && skipped < 8; ++skipped) {
      const Decoded d = DecodeAt(t_, b, run_begin);
      if (!IsOpener(d.cp)) break;
      b += d.len;
    }
    w.begin = b;
    if (b >= run_begin) {
      w.kind = WordKind::kEmpty;
      return w;
    }
    if (TokenLooksLikeUrl()) {
      w.kind = WordKind::kUrl;
      return w;
    }
    const Decoded last = DecodeBefore(t_, run_begin, b);
    if (IsDigit(last.cp)) {
      w.kind = WordKind::kNumber;
      return w;
    }
    if (run_begin - b > 40) {
      w.kind = IsAlpha(last.cp) ? WordKind::kWord : WordKind::kOther;
      w.last_is_lower = IsLower(last.cp);
      w.letters = run_begin - b;  // long enough for every length rule
      return w;
    }
    w.text = t_.substr(b, run_begin - b);
    w.last_is_lower = IsLower(last.cp);
    // Letters, optionally in dot-separated segments ("U.S"), or with apostrophes/hyphens.
    std::size_t code_points = 0;
    bool dotted = false;
    bool other = false;
    bool prev_dot = true;  // a leading or doubled dot is "other"
    for (std::size_t j = b; j < run_begin;) {
      const Decoded d = DecodeAt(t_, j, run_begin);
      if (IsAlpha(d.cp)) {
        ++code_points, ++w.letters;
        prev_dot = false;
      } else if (d.cp == '.') {
        if (prev_dot) other = true;
        dotted = true, prev_dot = true;
      } else if ((d.cp == '\'' || d.cp == 0x2019 || d.cp == '-') && !prev_dot) {
        ++code_points;
      } else {
        other = true;
      }
      j += d.len;
    }
    w.abbr = LookupAbbreviation(w.text);
    if (other) {
      w.kind = WordKind::kOther;
    } else if (dotted) {
      w.kind = WordKind::kDotted;
    } else if (code_points == 1 && w.letters == 1) {
      w.kind = IsUpper(last.cp) ? WordKind::kInitial : WordKind::kSingleLower;
    } else {
      w.kind = WordKind::kWord;
    }
    return w;
  }

  // The token before position `before` (bounded), if it is in the current sentence.
  std::string_view PrevToken(std::size_t before, std::size_t* begin_out = nullptr) const {
    const std::size_t floor = SentenceStart();
    std::size_t j = before;
    int spaces = 0;
    while (j > floor) {
      const Decoded d = DecodeBefore(t_, j, floor);
      if (!IsSpace(d.cp)) break;
      if (IsParaSep(d.cp) || ++spaces > 8) return {};
      j -= d.len;
    }
    if (j == before) return {};  // no white space: not a separate token
    const std::size_t end = j;
    while (j > floor && end - j <= 40) {
      const Decoded d = DecodeBefore(t_, j, floor);
      if (IsSpace(d.cp)) break;
      j -= d.len;
    }
    if (end - j > 40 || j == end) return {};
    if (begin_out != nullptr) *begin_out = j;
    return t_.substr(j, end - j);
  }

  static bool IsCapitalizedWord(std::string_view tok) {
    if (tok.empty()) return false;
    const Decoded f = DecodeAt(tok, 0, tok.size());
    const Decoded l = DecodeBefore(tok, tok.size(), 0);
    return IsUpper(f.cp) && IsAlpha(l.cp);
  }

  static bool IsInitialToken(std::string_view tok) {  // "J." "É."
    if (tok.size() < 2 || tok.back() != '.') return false;
    const Decoded f = DecodeAt(tok, 0, tok.size());
    return f.len == tok.size() - 1 && IsUpper(f.cp);
  }

  bool NextIsStarter(const NextInfo& next) const {
    if (next.kind != NextKind::kUpper || next.word.empty()) return false;
    if (next.word_then_dot) {
      if (next.word_code_points == 1) return false;  // an initial: "J. R. R. Tolkien"
      if (LookupAbbreviation(next.word) == Abbr::kTitle) return true;  // "... P.M. Mr. Smith"
    }
    return IsStarterWord(AsciiLower(next.word));
  }

  // "At 5 a.m.", "In the U.S.": the sentence so far is a short phrase opened by a
  // preposition, with no comma; it needs the clause that follows.
  bool SentenceIsPrepositionalPhrase(std::size_t run_begin) const {
    const std::size_t s = SentenceStart();
    if (run_begin <= s || run_begin - s > 64) return false;
    std::string_view span = t_.substr(s, run_begin - s);
    int tokens = 0;
    std::size_t j = 0;
    while (j < span.size()) {
      while (j < span.size() && (span[j] == ' ' || span[j] == '\t')) ++j;
      if (j >= span.size()) break;
      std::size_t k = j;
      while (k < span.size() && span[k] != ' ' && span[k] != '\t') ++k;
      std::string_view tok = span.substr(j, k - j);
      if (tok.find_first_of(",;:()\"") != std::string_view::npos) return false;
      if (++tokens == 1 && !IsPreposition(AsciiLower(tok))) return false;
      j = k;
    }
    return tokens >= 2 && tokens <= 5;
  }

  // For abbreviations that may end a sentence, before a capital.
  Decision EndRule(const Site& site, const NextInfo& next) const {
    if (SentenceIsPrepositionalPhrase(site.run_begin)) return Decision::kNoCut;
    return NextIsStarter(next) ? Decision::kBreak : Decision::kNoCut;
  }

  // "Jonas E. Smith" and "Albert I. Jones" (an initial after a name) against
  // "vitamin C. Then" and "you and I. Did" (a letter that ends the sentence).
  Decision InitialRule(const WordInfo& w, const NextInfo& next) const {
    if (next.word_then_dot && next.word_code_points == 1) return Decision::kNoCut;
    const std::string_view prev = PrevToken(w.begin);
    bool name_context = false;
    if (prev.empty()) {
      // The first word of the sentence: "J. R. R. Tolkien wrote ..."
      std::size_t j = w.begin;
      for (int steps = 0; j > SentenceStart() && steps < 16; ++steps) {
        const Decoded d = DecodeBefore(t_, j, SentenceStart());
        if (!IsSpace(d.cp) && !IsOpener(d.cp)) break;
        j -= d.len;
      }
      name_context = j == SentenceStart();
    } else {
      name_context = IsCapitalizedWord(prev) || IsInitialToken(prev) ||
                     (prev.back() == '.' &&
                      LookupAbbreviation(prev.substr(0, prev.size() - 1)) == Abbr::kTitle);
    }
    return name_context && !NextIsStarter(next) ? Decision::kNoCut : Decision::kBreak;
  }

  // "St." and "Dr." after a street name or a number are "Street" and "Drive", which may end
  // a sentence; otherwise they are "Saint" and "Doctor".
  bool IsStreetContext(const WordInfo& w) const {
    std::size_t prev_begin = 0;
    const std::string_view prev = PrevToken(w.begin, &prev_begin);
    if (prev.empty()) return false;
    const bool first_word_of_sentence = prev_begin == SentenceStart();
    if (std::any_of(prev.begin(), prev.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return true;  // "5th St.", "221B Baker St." via "Baker"
    }
    return IsCapitalizedWord(prev) && !first_word_of_sentence;
  }

  Decision Decide(const Site& s, NextInfo* next_out) {
    if (s.para || s.next >= n_) return Decision::kNoCut;  // a line end or the end follows
    if (s.run_begin >= token_start_ && s.run_begin < marker_end_) {
      return Decision::kNoCut;  // the list marker belongs to its item: "1. The first item"
    }
    // "[...]" and "(...)": an omission inside a quotation, never an end.
    if (s.dots >= 2 && s.bangs == 0 && s.run_begin > 0 && s.run_end < n_) {
      const char before = t_[s.run_begin - 1];
      const char after = t_[s.run_end];
      if ((before == '[' && after == ']') || (before == '(' && after == ')')) {
        return Decision::kNoCut;
      }
    }
    const bool has_space = s.next > s.close_end;
    if (!has_space) return DecideNoSpace(s, next_out);

    const NextInfo next = ReadNext(s.next);
    *next_out = next;

    if (s.bangs > 0) {
      // "Yahoo! in the accounting department", "'Where?' she asked": a lower-case word
      // continues the sentence. Anything else starts a new one ("Hello!! Long time").
      return next.kind == NextKind::kLower ? Decision::kNoCut : Decision::kBreak;
    }

    if (s.dots >= 2) {  // an ellipsis
      if (next.kind == NextKind::kLower || next.kind == NextKind::kDigit) {
        return Decision::kNoCut;
      }
      const bool attached = s.run_begin > 0 && !IsSpace(DecodeBefore(t_, s.run_begin, 0).cp);
      // Only when the run starts with '.': in "word… . Next" the first "dot" is a three-byte
      // '…', and the cut would fall inside it (found by fuzzing).
      if (s.spaced && attached && s.dots == 4 && t_[s.run_begin] == '.') {
        return Decision::kAfterFirstDot;
      }
      if (s.dots >= 4) return Decision::kBreak;  // "that.... She", "period . . . . Next"
      if (s.spaced) return Decision::kNoCut;     // "the thing is . . . I didn't"
      return Decision::kBreak;                   // "I never meant that... She left."
    }

    // A single period.
    if (next.kind == NextKind::kLower) return Decision::kNoCut;
    const WordInfo w = ReadWord(s.run_begin);
    switch (w.abbr) {
      case Abbr::kTitle:
        if ((w.text == "St" || w.text == "Dr") && next.kind == NextKind::kUpper &&
            IsStreetContext(w)) {
          return EndRule(s, next);
        }
        return Decision::kNoCut;
      case Abbr::kNumberPrefix:
        if (next.kind == NextKind::kDigit || IsRomanNumeral(next.word)) return Decision::kNoCut;
        return Decision::kDefer;
      case Abbr::kInfix:
        return Decision::kNoCut;
      case Abbr::kMonth:
        if (next.kind == NextKind::kDigit) return Decision::kNoCut;
        if (next.kind == NextKind::kUpper) return EndRule(s, next);
        return Decision::kDefer;
      case Abbr::kEnd:
        if (next.kind == NextKind::kUpper) return EndRule(s, next);
        return Decision::kDefer;
      case Abbr::kEtAl:
        if (AsciiLower(PrevToken(w.begin)) != "et") break;
        [[fallthrough]];
      case Abbr::kEtc:
        // "etc." before a capital: a listener hears the list close and a new sentence.
        return next.kind == NextKind::kUpper ? Decision::kBreak : Decision::kDefer;
      case Abbr::kTime:
        if (next.kind != NextKind::kUpper) return Decision::kDefer;
        if (IsTimeWord(AsciiLower(next.word)) || SentenceIsPrepositionalPhrase(s.run_begin)) {
          return Decision::kNoCut;  // "at 9 a.m. Monday", "At 5 a.m. Mr. Smith went ..."
        }
        return Decision::kBreak;  // "at 6 P.M. Mr. Smith then went ..."
      case Abbr::kNone:
        break;
    }
    switch (w.kind) {
      case WordKind::kInitial:
        return next.kind == NextKind::kUpper ? InitialRule(w, next) : Decision::kDefer;
      case WordKind::kDotted:
        return next.kind == NextKind::kUpper ? EndRule(s, next) : Decision::kDefer;
      case WordKind::kNumber:
      case WordKind::kUrl:
        return next.kind == NextKind::kUpper ? Decision::kBreak : Decision::kDefer;
      case WordKind::kWord:
        // "He has 3 cats. 2 of them are black." UAX #29 keeps this together (a lower-case
        // word follows the number); a real word of four letters or more before the period
        // is not an abbreviation, so it ends the sentence.
        if (next.kind == NextKind::kDigit && w.last_is_lower && w.letters >= 4) {
          return Decision::kBreak;
        }
        return Decision::kDefer;
      default:
        return Decision::kDefer;
    }
  }

  // Punctuation directly followed by text: "world.Today", "1,000.That", "Hi!Yes",
  // but "Jane.Doe@example.com", "3.14", "U.S.A", "v1.2.3" stay whole.
  Decision DecideNoSpace(const Site& s, NextInfo* next_out) {
    const NextInfo next = ReadNext(s.next);
    *next_out = next;
    // Only a capital directly after can start a sentence ("3.14", "Jr.'s", "end.(" stay).
    if (!IsUpper(DecodeAt(t_, s.next, n_).cp)) return Decision::kNoCut;
    if (s.bangs > 0) return Decision::kBreak;
    if (s.dots >= 2) return Decision::kNoCut;
    if (s.close_end > s.run_end) return Decision::kBreak;  // `end."She`
    if (!next.second_is_lower) return Decision::kNoCut;    // "U.S.A", "ASP.NET", "3.A"
    const WordInfo w = ReadWord(s.run_begin);
    if (w.kind == WordKind::kNumber) return Decision::kBreak;
    if (w.kind == WordKind::kWord && w.abbr == Abbr::kNone && w.letters >= 2 && w.last_is_lower) {
      return Decision::kBreak;
    }
    return Decision::kNoCut;
  }

  std::string_view t_;
  std::size_t n_;
  icu::BreakIterator* icu_;
  std::int32_t icu_next_ = -1;
  std::size_t base_;
  std::vector<std::size_t>& cuts_;
  std::size_t last_cut_ = 0;
  bool have_cut_ = false;

  std::size_t token_start_ = 0;
  bool token_scanned_ = false;
  bool token_url_ = false;

  bool line_has_token_ = false;
  bool list_active_ = false;
  int list_style_ = 0;
  int list_expected_ = 0;
  UChar32 line_bullet_ = 0;
  std::size_t pending_bullet_ = kNone;
  bool pending_bullet_sentence_start_ = false;
  std::size_t marker_end_ = 0;
};

// Titles that never end a sentence but are missing from ICU's English list. Our own rules
// decide these anyway; suppressing them in ICU too keeps its raw output closer to ours.
constexpr std::array<const char*, 16> kExtraIcuSuppressions = {
    "Dr.",  "Gen.", "Gov.",  "Sen.",  "Rep.", "Hon.",  "Sgt.",    "Cpl.",
    "Pvt.", "Adm.", "Cmdr.", "Msgr.", "Mme.", "Mlle.", "Messrs.", "Atty."};

// UText offsets are int32 inside ICU: longer texts are split at line ends (or, in a
// pathological multi-gigabyte line, at white space) into chunks below this size.
constexpr std::size_t kMaxChunk = std::size_t{1} << 30;

std::size_t ChunkEnd(std::string_view s, std::size_t begin) {
  if (s.size() - begin <= kMaxChunk) return s.size();
  const std::size_t limit = begin + kMaxChunk;
  const std::size_t floor = begin + kMaxChunk / 2;
  for (std::size_t j = limit; j > floor; --j) {
    if (s[j - 1] == '\n') return j;
  }
  for (std::size_t j = limit; j > floor; --j) {
    if (s[j - 1] == ' ') return j;
  }
  std::size_t j = limit;  // no space at all: any code point boundary
  while (j > floor && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  return j;
}

}  // namespace

struct SentenceSplitter::Impl {
  std::unique_ptr<icu::BreakIterator> icu;
};

SentenceSplitter::SentenceSplitter(std::string_view locale) : impl_(std::make_unique<Impl>()) {
  icu::Locale loc(std::string(locale).c_str());
  // A malformed name makes a bogus locale, for which ICU refuses to build an iterator: use the
  // root locale's rules (UAX #29 alone) then, so that a bad name is never an error.
  if (loc.isBogus()) loc = icu::Locale::getRoot();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> plain(
      icu::BreakIterator::createSentenceInstance(loc, status));
  if (U_FAILURE(status) || plain == nullptr) {
    throw Error(ExitCode::software, std::string("cannot create the ICU sentence iterator (") +
                                        u_errorName(status) + "); is libicu72 installed?");
  }
  // The locale's standard abbreviation list ("Mr.", "U.S.", ...) plus ours.
  status = U_ZERO_ERROR;
  std::unique_ptr<icu::FilteredBreakIteratorBuilder> builder(
      icu::FilteredBreakIteratorBuilder::createInstance(loc, status));
  if (U_SUCCESS(status) && builder != nullptr) {
    if (loc.getLanguage() == std::string_view("en")) {
      for (const char* abbreviation : kExtraIcuSuppressions) {
        builder->suppressBreakAfter(icu::UnicodeString(abbreviation, -1, US_INV), status);
      }
    }
    // The builder adopts the iterator even when it fails (it deletes it then).
    impl_->icu.reset(builder->wrapIteratorWithFilter(plain.release(), status));
    if (U_FAILURE(status)) impl_->icu.reset();
  }
  if (impl_->icu == nullptr) {
    // Without the filter ICU breaks after every abbreviation; our rules still handle the
    // common ones.
    status = U_ZERO_ERROR;
    if (plain == nullptr) plain.reset(icu::BreakIterator::createSentenceInstance(loc, status));
    impl_->icu = std::move(plain);
  }
}

SentenceSplitter::~SentenceSplitter() = default;

std::vector<ByteRange> SentenceSplitter::split(std::string_view utf8) const {
  std::vector<std::size_t> cuts;
  for (std::size_t begin = 0; begin < utf8.size();) {
    const std::size_t end = ChunkEnd(utf8, begin);
    const std::string_view chunk = utf8.substr(begin, end - begin);
    UErrorCode status = U_ZERO_ERROR;
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, chunk.data(), static_cast<std::int64_t>(chunk.size()), &status);
    icu::BreakIterator* icu = nullptr;
    if (U_SUCCESS(status) && impl_->icu != nullptr) {
      impl_->icu->setText(&text, status);
      if (U_SUCCESS(status)) icu = impl_->icu.get();
    }
    Scanner(chunk, icu, begin, cuts).Run();
    if (icu != nullptr) {
      // Do not leave the iterator pointing at the caller's memory.
      status = U_ZERO_ERROR;
      UText empty = UTEXT_INITIALIZER;
      utext_openUTF8(&empty, "", 0, &status);
      impl_->icu->setText(&empty, status);
      utext_close(&empty);
    }
    utext_close(&text);
    if (end < utf8.size() && (cuts.empty() || cuts.back() < end)) cuts.push_back(end);
    begin = end;
  }

  // Ranges between cuts, trimmed of white space; empty ones dropped.
  std::vector<ByteRange> out;
  out.reserve(cuts.size() + 1);
  std::size_t begin = 0;
  auto emit = [&](std::size_t b, std::size_t e) {
    while (b < e) {
      const Decoded d = DecodeAt(utf8, b, e);
      if (!IsSpace(d.cp)) break;
      b += d.len;
    }
    while (e > b) {
      const Decoded d = DecodeBefore(utf8, e, b);
      if (!IsSpace(d.cp)) break;
      e -= d.len;
    }
    if (b < e) out.push_back({b, e});
  };
  for (const std::size_t cut : cuts) {
    if (cut <= begin || cut > utf8.size()) continue;
    emit(begin, cut);
    begin = cut;
  }
  emit(begin, utf8.size());
  return out;
}

}  // namespace voxmark::text
