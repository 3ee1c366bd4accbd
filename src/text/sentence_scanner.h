// The scanner: one forward pass over one chunk of text that turns ICU's sentence boundaries
// and voxmark's rules into cuts (internal to src/text; the contract is sentence_splitter.h).
//
// Responsibilities, by file:
//  - sentence_scanner.cpp: the pass itself. It finds every "site" (a run of terminal
//    punctuation, the closers after it, the white space after those), keeps or claims ICU's
//    boundaries, handles line ends and in-line list markers, and reads the words on both
//    sides of a site (ReadWord, ReadNext, PrevToken).
//  - sentence_rules.cpp: the decision for each site (Decide), from the evidence on both
//    sides: the word before (an abbreviation and its kind, an initial, a number, a URL) and
//    the word after (a likely sentence starter, a name, a number, a continuation).
//  - abbreviations.{h,cpp}: the abbreviation data; word_lists.{h,cpp}: closed word classes.
// Each rule looks at a bounded window around its site (a few dozen bytes), and each token is
// scanned at most once more for URL/e-mail characters, so the whole is linear in the input.
// Chunks end at line ends (see ChunkEnd in sentence_splitter.cpp), so no rule needs to look
// across them.
//
// Threads: a Scanner lives for one call of split() on one thread.
#pragma once

#include <unicode/brkiter.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/abbreviations.h"
#include "text/unicode_chars.h"

namespace voxmark::text::detail {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

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
  UChar32 first = 0;         // the first character: '§' continues a citation
  std::size_t word_end = 0;  // byte offset just after the word
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

// True when the text has no sentence terminator (UAX #29 STerm, ATerm, Sep) that is not one
// of the characters a site starts with or a line end: then ICU can only break inside sites.
bool OnlySiteTerminators(std::string_view text);

class Scanner {
 public:
  // text: one chunk; icu: ICU's iterator already set on that chunk, or null when ICU's data
  // failed to load; base: the chunk's offset in the whole text; cuts: where sentence starts
  // (byte offsets into the whole text) are appended, in increasing order; abbr: the
  // language's abbreviations (outlives the scanner).
  // ask_icu_at_sites: every boundary ICU could place in this chunk lies inside a site (no
  // sentence terminator other than the sites' own, see OnlySiteTerminators), so ICU is asked
  // only where a rule defers to it (BreakIterator::following), instead of walking it over
  // the whole text.
  Scanner(std::string_view text, icu::BreakIterator* icu, std::size_t base,
          std::vector<std::size_t>& cuts, const Abbreviations& abbr, bool ask_icu_at_sites)
      : t_(text),
        n_(text.size()),
        icu_(icu),
        base_(base),
        cuts_(cuts),
        abbr_(abbr),
        lazy_icu_(ask_icu_at_sites) {
    if (icu_ != nullptr && !lazy_icu_) {
      icu_next_ = icu_->first();
      AdvanceIcu();
    }
  }

  struct Site {
    std::size_t run_begin, run_end, close_end, next;
    int dots, bangs;
    bool spaced, para;
  };

  void Run();

 private:
  // ----- ICU boundaries and cuts

  void AdvanceIcu();

  // Keeps (as cuts) the ICU boundaries at or before pos that no site claimed.
  void KeepIcuThrough(std::size_t pos);

  // Claims the ICU boundaries in (after, through]; true if there was one.
  bool ClaimIcu(std::size_t after, std::size_t through);

  void PushCut(std::size_t pos);

  void AddCut(std::size_t pos);

  std::size_t SentenceStart() const { return have_cut_ ? last_cut_ : 0; }

  // ----- lines, tokens and list markers

  void ResetLine();

  void OnTokenStart(std::size_t i);

  bool PrevNonSpaceIsColon(std::size_t i) const;

  // A list marker at m, followed by white space: "12." "3)" "4.)" "(5)" "a." "b)" "(c)".
  // style: 1 = number, 2 = lower-case letter, 3 = upper-case letter; times 10 plus the
  // punctuation form (1 "x.", 2 "x)", 3 "x.)", 4 "(x)").
  bool ParseMarker(std::size_t m, ListMarker* out) const;

  // Characters of the current token that mark a URL, e-mail address or path. Computed once
  // per token (the scan runs to the token's end), so many sites in one long token stay linear.
  bool TokenLooksLikeUrl();

  // ----- sites

  std::size_t HandleSite(std::size_t run_begin);

  NextInfo ReadNext(std::size_t p) const;

  // The word before the punctuation: from the token (or sentence) start, without opening
  // punctuation, up to the run.
  WordInfo ReadWord(std::size_t run_begin);

  // The token before position `before` (bounded), if it is in the current sentence.
  std::string_view PrevToken(std::size_t before, std::size_t* begin_out = nullptr) const;

  static bool IsCapitalizedWord(std::string_view tok);

  static bool IsInitialToken(std::string_view tok) {  // "J." "É."
    if (tok.size() < 2 || tok.back() != '.') return false;
    const Decoded f = DecodeAt(tok, 0, tok.size());
    return f.len == tok.size() - 1 && IsUpper(f.cp);
  }

  bool NextIsStarter(const NextInfo& next) const;

  // "At 5 a.m.", "In the U.S.": the sentence so far is a short phrase opened by a
  // preposition, with no comma; it needs the clause that follows.
  bool SentenceIsPrepositionalPhrase(std::size_t run_begin) const;

  // For abbreviations that may end a sentence, before a capital.
  Decision EndRule(const Site& site, const NextInfo& next) const;

  // "Jonas E. Smith" and "Albert I. Jones" (an initial after a name) against
  // "vitamin C. Then" and "you and I. Did" (a letter that ends the sentence).
  Decision InitialRule(const WordInfo& w, const NextInfo& next) const;

  // "St." and "Dr." after a street name or a number are "Street" and "Drive", which may end
  // a sentence; otherwise they are "Saint" and "Doctor".
  bool IsStreetContext(const WordInfo& w) const;

  // The word is the state or district after "City," ("Washington, D.C.").
  bool AfterPlaceName(const WordInfo& w) const;
  static bool NextIsCapitalizedWord(const NextInfo& next);

  // Abbreviations that follow what they qualify (suffix, unit, Latin), before a capital.
  Decision ClosingRule(const Site& site, const NextInfo& next) const;

  // Citation abbreviations ("U.S.C.", "Cir.", "Pub.") and what continues a citation after
  // them: a number, "§", a series letter, another abbreviation or initial ("Pub. L. No.").
  Decision CitationRule(const Site& site, const NextInfo& next) const;
  bool ContinuesCitation(const NextInfo& next) const;

  // A lower-case word that starts a sentence: product names and commands ("eSpeak NG",
  // "iPhone", "npm", "git"), after a plain word, a number or closing punctuation.
  // Any other lower-case word starts one only between an ordinary word and a predicate:
  // "better for files. ripgrep chooses the best", never "e.g. the", "et al. found".
  bool LowerCaseStarterAfter(const Site& s, const NextInfo& next) const;

  // A plain word before a period, not an abbreviation, initial, number or citation token.
  static bool IsOrdinaryWord(const WordInfo& w);

  // The lower-case word after a site is a name, and a finite verb follows it ("ripgrep has",
  // "bat also supports"); not a function word ("then he went on") or a speech tag.
  bool NameThenPredicate(const NextInfo& next) const;

  // After a quotation that ends in '?' or '!': its speech tag ("Tom asked", "Mr. Darcy said").
  bool SpeechTagFollows(const NextInfo& next) const;

  Decision Decide(const Site& s, NextInfo* next_out);

  // Punctuation directly followed by text: "world.Today", "1,000.That", "Hi!Yes",
  // but "Jane.Doe@example.com", "3.14", "U.S.A", "v1.2.3" stay whole.
  Decision DecideNoSpace(const Site& s, NextInfo* next_out);

  std::string_view t_;
  std::size_t n_;
  icu::BreakIterator* icu_;
  std::int32_t icu_next_ = -1;
  std::size_t base_;
  std::vector<std::size_t>& cuts_;
  const Abbreviations& abbr_;
  const bool lazy_icu_;
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

}  // namespace voxmark::text::detail
