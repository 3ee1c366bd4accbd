// The decision at each site: break, no break, or "ask ICU" (defer). The rules are tuned for
// what a listener hears: a wrong split is a wrong pause and a wrong final intonation; a
// missed split runs two sentences together. tests/data/sentences.tsv is the specification:
// every rule below has rows there, and each ambiguous choice is argued in a comment line of
// that table.

#include <algorithm>

#include "text/sentence_scanner.h"
#include "text/word_lists.h"

namespace voxmark::text::detail {

bool Scanner::IsCapitalizedWord(std::string_view tok) {
  if (tok.empty()) return false;
  const Decoded f = DecodeAt(tok, 0, tok.size());
  const Decoded l = DecodeBefore(tok, tok.size(), 0);
  return IsUpper(f.cp) && IsAlpha(l.cp);
}

bool Scanner::NextIsStarter(const NextInfo& next) const {
  if (next.kind != NextKind::kUpper || next.word.empty()) return false;
  if (next.word_then_dot) {
    if (next.word_code_points == 1) return false;              // an initial: "J. R. R. Tolkien"
    if (abbr_.lookup(next.word) == Abbr::kTitle) return true;  // "... P.M. Mr. Smith"
  }
  return IsStarterWord(AsciiLower(next.word), abbr_.language());
}

bool Scanner::SentenceIsPrepositionalPhrase(std::size_t run_begin) const {
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

Decision Scanner::EndRule(const Site& site, const NextInfo& next) const {
  if (SentenceIsPrepositionalPhrase(site.run_begin)) return Decision::kNoCut;
  return NextIsStarter(next) ? Decision::kBreak : Decision::kNoCut;
}

Decision Scanner::InitialRule(const WordInfo& w, const NextInfo& next) const {
  if (next.word_then_dot && next.word_code_points == 1) return Decision::kNoCut;
  // An initial before an abbreviation is part of a reference: "F. Supp.", "R. Civ. P.".
  if (next.word_then_dot && abbr_.lookup(next.word) != Abbr::kNone &&
      abbr_.lookup(next.word) != Abbr::kTitle) {
    return Decision::kNoCut;
  }
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
    const std::string lower = AsciiLower(prev);
    const Abbr prev_abbr =
        prev.back() == '.' ? abbr_.lookup(prev.substr(0, prev.size() - 1)) : Abbr::kNone;
    name_context = IsCapitalizedWord(prev) || IsInitialToken(prev) || prev_abbr == Abbr::kTitle ||
                   // "Pub. L.", "z. B.", "u. a." (a letter inside an abbreviation or a citation)
                   prev_abbr == Abbr::kCitation || prev_abbr == Abbr::kInfix ||
                   // "R. Jones and K. Lee", "translated by M. Hammond", "with J. Smith"
                   lower == "and" || lower == "&" || lower == "by" || lower == "with" ||
                   lower == "to" || lower == "from" || lower == "of" || lower == "und" ||
                   lower == "et" || lower == "y";
  }
  return name_context && !NextIsStarter(next) ? Decision::kNoCut : Decision::kBreak;
}

bool Scanner::AfterPlaceName(const WordInfo& w) const {
  // "Washington, D.C.", "Los Angeles, Calif.": a place, a comma, then its state or district
  // abbreviation closes the name, so a capitalised word after it starts a new sentence.
  const std::string_view prev = PrevToken(w.begin);
  return prev.size() >= 3 && prev.back() == ',' &&
         IsCapitalizedWord(prev.substr(0, prev.size() - 1));
}

bool Scanner::NextIsCapitalizedWord(const NextInfo& next) {
  return next.kind == NextKind::kUpper && next.second_is_lower && !next.word_then_dot;
}

bool Scanner::IsStreetContext(const WordInfo& w) const {
  std::size_t prev_begin = 0;
  const std::string_view prev = PrevToken(w.begin, &prev_begin);
  if (prev.empty()) return false;
  const bool first_word_of_sentence = prev_begin == SentenceStart();
  if (std::any_of(prev.begin(), prev.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;  // "5th St.", "221B Baker St." via "Baker"
  }
  return IsCapitalizedWord(prev) && !first_word_of_sentence;
}

Decision Scanner::ClosingRule(const Site& site, const NextInfo& next) const {
  if (SentenceIsPrepositionalPhrase(site.run_begin)) return Decision::kNoCut;
  // An all-capitals word may be a name the abbreviation belongs to ("Apple Inc. CEO").
  if (!next.second_is_lower && next.word_code_points > 1) return EndRule(site, next);
  return Decision::kBreak;  // "Acme Inc. Shares rose", "twice daily p.o. Patients were"
}

bool Scanner::ContinuesCitation(const NextInfo& next) const {
  if (next.kind == NextKind::kDigit || next.first == 0xA7 || next.first == 0xB6) return true;
  if (next.kind != NextKind::kUpper) return next.first == '(';
  if (IsRomanNumeral(next.word)) return true;
  if (next.word_then_dot) {  // "Pub. L. No.", "Fed. R. Civ.", "Cong. Rec."
    const Abbr a = abbr_.lookup(next.word);
    return next.word_code_points == 1 || a == Abbr::kCitation || a == Abbr::kNumberPrefix;
  }
  // A series or part letter: "ser. B, vol. 4", "Pt. A)".
  if (next.word_code_points == 1 && next.word_end < n_) {
    const char c = t_[next.word_end];
    return c == ',' || c == ';' || c == ')';
  }
  return false;
}

Decision Scanner::CitationRule(const Site& site, const NextInfo& next) const {
  if (ContinuesCitation(next)) return Decision::kNoCut;
  if (next.kind == NextKind::kUpper) return EndRule(site, next);
  return Decision::kDefer;
}

bool Scanner::LowerCaseStarterAfter(const Site& s, const NextInfo& next) const {
  if (next.kind != NextKind::kLower) return false;
  if (IsLowerCaseStarter(next.word)) {
    if (s.bangs > 0 || s.close_end > s.run_end) return true;
    const WordInfo w = const_cast<Scanner*>(this)->ReadWord(s.run_begin);
    if (w.abbr != Abbr::kNone) return false;  // "e.g. git", "approx. npm"
    return w.kind == WordKind::kNumber || w.kind == WordKind::kUrl ||
           (w.kind == WordKind::kWord && w.letters >= 2);
  }
  // Any other lower-case name ("ripgrep chooses", "pandoc will"): only with evidence on both
  // sides, since a lower-case word after a period is far more often the abbreviation's
  // sentence going on ("approx. two", "et al. found"). The predicate test is English.
  if (s.dots > 1 || abbr_.language() != "en" || !NameThenPredicate(next)) return false;
  const WordInfo w = const_cast<Scanner*>(this)->ReadWord(s.run_begin);
  // "(To disable it, use `rg -uuu`.) ripgrep has": a period before a closing bracket or quote
  // ends what it closes, whatever the token before it.
  if (s.close_end > s.run_end) return w.abbr == Abbr::kNone;
  return IsOrdinaryWord(w);
}

bool Scanner::IsOrdinaryWord(const WordInfo& w) {
  // Not an abbreviation, an initial, a number, a dotted or a citation token; and a lower-case
  // word has a vowel: "std.", "pkg.", "hrs." are abbreviations nobody listed. (Inline code
  // reaches the splitter masked as "Xxxxx", a capitalised word: Markdown's SpokenText.)
  if (w.kind != WordKind::kWord || w.abbr != Abbr::kNone || w.letters < 2 || !w.last_is_lower) {
    return false;
  }
  if (w.text.empty() || !IsLower(DecodeAt(w.text, 0, w.text.size()).cp)) return true;
  return w.text.find_first_of("aeiouy") != std::string_view::npos;
}

bool Scanner::NameThenPredicate(const NextInfo& next) const {
  // The word itself: not a function word ("then he went on", "and so"), which a lower-case
  // sentence in chat begins with and which ICU and UAX #29 keep joined.
  if (next.word_code_points < 2 || next.word_end >= n_ || t_[next.word_end] != ' ') {
    return false;
  }
  if (IsStarterWord(AsciiLower(next.word))) return false;
  // Then a finite verb: "ripgrep has", "bat supports", "pandoc will", "ripgrep also works".
  std::size_t p = next.word_end;
  for (int words = 0; words < 2; ++words) {
    while (p < n_ && t_[p] == ' ') ++p;
    std::size_t q = p;
    while (q < n_ && q - p < 24 && t_[q] >= 'a' && t_[q] <= 'z') ++q;
    if (q == p || (q < n_ && IsAlpha(DecodeAt(t_, q, n_).cp))) return false;
    const std::string_view word = t_.substr(p, q - p);
    if (IsSpeechVerb(word)) return false;  // a quotation's speech tag: "'Go!' mother says"
    if (IsFiniteVerb(word)) return true;
    if (words > 0 || !IsPreVerbAdverb(word)) return false;
    p = q;
  }
  return false;
}

bool Scanner::SpeechTagFollows(const NextInfo& next) const {
  if (next.kind != NextKind::kUpper) return false;
  // Up to three capitalised words or titles ("Mr. Darcy", "Professor Lupin"), then a verb
  // of speaking in lower case.
  std::size_t p = next.word_end;
  std::size_t q = p;
  for (int words = 1; words <= 4; ++words) {
    if (p < n_ && t_[p] == '.') ++p;
    std::size_t spaces = 0;
    while (p < n_ && t_[p] == ' ' && spaces < 4) ++p, ++spaces;
    if (spaces == 0 || p >= n_) return false;
    q = p;
    while (q < n_ && q - p < 24) {
      const Decoded d = DecodeAt(t_, q, n_);
      if (!IsAlpha(d.cp)) break;
      q += d.len;
    }
    if (q == p) return false;
    const std::string_view word = t_.substr(p, q - p);
    if (IsLower(DecodeAt(t_, p, n_).cp)) return IsSpeechVerb(word);
    p = q;
  }
  return false;
}

Decision Scanner::Decide(const Site& s, NextInfo* next_out) {
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

  if (LowerCaseStarterAfter(s, next)) return Decision::kBreak;  // "It works! eSpeak NG reads"

  if (s.bangs > 0) {
    // "Yahoo! in the accounting department", "'Where?' she asked": a lower-case word
    // continues the sentence, and so does a quotation's speech tag ("'Why?' Tom asked").
    // Anything else starts a new one ("Hello!! Long time", "'Why?' Tom stared at her").
    if (next.kind == NextKind::kLower) return Decision::kNoCut;
    if (s.close_end > s.run_end && SpeechTagFollows(next)) return Decision::kNoCut;
    return Decision::kBreak;
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
      if (ContinuesCitation(next)) return Decision::kNoCut;  // "ser. B,", "No. § 5"
      // A capital letter that is also a page sign (German "S. 12") is an initial before a
      // name: "Johann S. Bach".
      if (w.kind == WordKind::kInitial && next.kind == NextKind::kUpper) {
        return InitialRule(w, next);
      }
      return Decision::kDefer;
    case Abbr::kCitation:
      return CitationRule(s, next);
    case Abbr::kSuffix:
    case Abbr::kUnit:
    case Abbr::kLatin:
      if (next.kind == NextKind::kUpper) return ClosingRule(s, next);
      return Decision::kDefer;
    case Abbr::kInfix:
      return Decision::kNoCut;
    case Abbr::kMonth:
      if (next.kind == NextKind::kDigit) return Decision::kNoCut;
      if (next.kind == NextKind::kUpper) return EndRule(s, next);
      return Decision::kDefer;
    case Abbr::kEnd:
      if (next.kind == NextKind::kUpper) {
        return AfterPlaceName(w) && NextIsCapitalizedWord(next) ? Decision::kBreak
                                                                : EndRule(s, next);
      }
      if (ContinuesCitation(next)) return Decision::kNoCut;  // "410 U.S. 113", "D.C. 20001"
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
      if (next.kind == NextKind::kUpper) return InitialRule(w, next);
      if (next.kind == NextKind::kDigit) {
        // "Fed. R. Civ. P. 12(b)": the last letter of a rule's name, then its number.
        const std::string_view prev = PrevToken(w.begin);
        // "Smith, J. (2010)": an author's initial, then the year.
        if (prev.size() >= 3 && prev.back() == ',' &&
            IsCapitalizedWord(prev.substr(0, prev.size() - 1))) {
          return Decision::kNoCut;
        }
        if (!prev.empty() && prev.back() == '.' &&
            abbr_.lookup(prev.substr(0, prev.size() - 1)) == Abbr::kCitation) {
          return Decision::kNoCut;
        }
      }
      return Decision::kDefer;
    case WordKind::kDotted:
      if (next.kind == NextKind::kUpper) {
        return AfterPlaceName(w) && NextIsCapitalizedWord(next) ? Decision::kBreak
                                                                : EndRule(s, next);
      }
      if (ContinuesCitation(next)) return Decision::kNoCut;  // "410 U.S. 113", "§ 2"
      return Decision::kDefer;
    case WordKind::kNumber:
      // German ordinals: "am 3. Oktober", "im 19. Jahrhundert" (nouns are capitalised there;
      // a starter word after the number still ends the sentence: "um 8. Dann ...").
      // Not after a number sign: "nach Abs. 2. Sonst ..." ends there.
      if (abbr_.language() == "de" && next.kind == NextKind::kUpper && s.run_begin - w.begin <= 3 &&
          !NextIsStarter(next)) {
        const std::string_view prev = PrevToken(w.begin);
        if (prev.empty() || prev.back() != '.' ||
            abbr_.lookup(prev.substr(0, prev.size() - 1)) != Abbr::kNumberPrefix) {
          return Decision::kNoCut;
        }
      }
      return next.kind == NextKind::kUpper ? Decision::kBreak : Decision::kDefer;
    case WordKind::kUrl:
      return next.kind == NextKind::kUpper ? Decision::kBreak : Decision::kDefer;
    case WordKind::kWord:
      // "He has 3 cats. 2 of them are black." UAX #29 keeps this together (a lower-case
      // word follows the number); a real word of four letters or more before the period
      // is not an abbreviation, so it ends the sentence.
      if (next.kind == NextKind::kDigit && w.last_is_lower && w.letters >= 4) {
        return Decision::kBreak;
      }
      // "at 9 a.m. PST. The judge": an unknown word, then a likely starter.
      if (NextIsStarter(next)) return Decision::kBreak;
      return Decision::kDefer;
    default:
      return Decision::kDefer;
  }
}

Decision Scanner::DecideNoSpace(const Site& s, NextInfo* next_out) {
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
}  // namespace voxmark::text::detail
