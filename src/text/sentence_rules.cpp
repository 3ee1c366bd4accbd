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
  return IsStarterWord(AsciiLower(next.word));
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
    name_context =
        IsCapitalizedWord(prev) || IsInitialToken(prev) ||
        (prev.back() == '.' && abbr_.lookup(prev.substr(0, prev.size() - 1)) == Abbr::kTitle);
  }
  return name_context && !NextIsStarter(next) ? Decision::kNoCut : Decision::kBreak;
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
