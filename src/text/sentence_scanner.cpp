// The scanning pass: sites, ICU boundaries, line ends, list markers, and reading the words
// around a site. The decisions are in sentence_rules.cpp.

#include "text/sentence_scanner.h"

#include <unicode/uchar.h>

#include <algorithm>

namespace voxmark::text::detail {

bool OnlySiteTerminators(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII: '.', '!', '?' start sites
      ++i;
      continue;
    }
    const Decoded d = DecodeAt(text, i, text.size());
    i += d.len;
    if (IsDotLike(d.cp) || IsBang(d.cp) || IsParaSep(d.cp)) continue;
    const auto sb = u_getIntPropertyValue(d.cp, UCHAR_SENTENCE_BREAK);
    if (sb == U_SB_ATERM || sb == U_SB_STERM || sb == U_SB_SEP) return false;
  }
  return true;
}

void Scanner::Run() {
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

void Scanner::AdvanceIcu() {
  do {
    icu_next_ = icu_->next();
  } while (icu_next_ == 0);
  if (icu_next_ == icu::BreakIterator::DONE) icu_next_ = -1;
}

void Scanner::KeepIcuThrough(std::size_t pos) {
  while (icu_next_ >= 0 && static_cast<std::size_t>(icu_next_) <= pos) {
    const auto b = static_cast<std::size_t>(icu_next_);
    AdvanceIcu();
    AddCut(b);
  }
}

bool Scanner::ClaimIcu(std::size_t after, std::size_t through) {
  bool any = false;
  while (icu_next_ >= 0 && static_cast<std::size_t>(icu_next_) <= through) {
    if (static_cast<std::size_t>(icu_next_) > after) any = true;
    AdvanceIcu();
  }
  return any;
}

void Scanner::PushCut(std::size_t pos) {
  if (pos > 0) KeepIcuThrough(pos - 1);
  AddCut(pos);
}

void Scanner::AddCut(std::size_t pos) {
  if (pos == 0 || pos >= n_ || (have_cut_ && pos <= last_cut_)) return;
  cuts_.push_back(base_ + pos);
  last_cut_ = pos;
  have_cut_ = true;
}

void Scanner::ResetLine() {
  line_has_token_ = false;
  list_active_ = false;
  line_bullet_ = 0;
  pending_bullet_ = kNone;
}

void Scanner::OnTokenStart(std::size_t i) {
  KeepIcuThrough(i);
  token_start_ = i;
  token_scanned_ = false;
  marker_end_ = 0;
  const bool first_in_line = !line_has_token_;
  line_has_token_ = true;
  // Whether a sentence (so a list) may start here: 1 yes, 0 no, -1 not known yet. Looking back
  // for a colon is done only when a marker asks: most tokens are words, not markers.
  int sentence_start = first_in_line || i == SentenceStart() ? 1 : -1;
  auto starts_sentence = [&] {
    if (sentence_start < 0) sentence_start = PrevNonSpaceIsColon(i) ? 1 : 0;
    return sentence_start == 1;
  };

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
      sentence_start = 1;
    }
    m = i + d.len;
    if (lone) {
      // A lone bullet: a list marker may follow as the next token ("• 10. The ...").
      pending_bullet_ = i;
      pending_bullet_sentence_start_ = starts_sentence();
      return;
    }
  } else if (pending_bullet_ != kNone) {
    item_start = pending_bullet_;
    sentence_start = pending_bullet_sentence_start_ ? 1 : 0;
  }
  pending_bullet_ = kNone;

  ListMarker marker;
  if (!ParseMarker(m, &marker)) return;
  if (list_active_ && marker.style == list_style_ && marker.value == list_expected_) {
    // "1.) The first item 2.) The second item"; but a parenthesised "(2)" inside a sentence
    // is a cross-reference in prose ("two steps: (1) assert copyright, and (2) offer ..."):
    // it starts an item only where one would, at a line or sentence start.
    const bool in_prose = marker.style % 10 == 4 && !first_in_line && i != SentenceStart() &&
                          item_start != SentenceStart();
    if (!in_prose) PushCut(item_start);
    ++list_expected_;
    marker_end_ = marker.end;
  } else if (marker.can_start && starts_sentence()) {
    list_active_ = true;
    list_style_ = marker.style;
    list_expected_ = marker.value + 1;
    marker_end_ = marker.end;
  }
}

bool Scanner::PrevNonSpaceIsColon(std::size_t i) const {
  std::size_t j = i;
  for (int steps = 0; j > 0 && steps < 8; ++steps) {
    const Decoded d = DecodeBefore(t_, j, 0);
    if (!IsSpace(d.cp)) return d.cp == ':';
    if (IsParaSep(d.cp)) return false;
    j -= d.len;
  }
  return false;
}

bool Scanner::ParseMarker(std::size_t m, ListMarker* out) const {
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
  out->can_start = kind == 1 || (kind == 2 && value == 0) || (kind == 3 && value == 0 && form != 1);
  return true;
}

bool Scanner::TokenLooksLikeUrl() {
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

std::size_t Scanner::HandleSite(std::size_t run_begin) {
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
  bool icu_break = ClaimIcu(run_begin, next);

  Site site{run_begin, run_end, close_end, next, dots, bangs, spaced, para};
  NextInfo next_info;
  const Decision decision = Decide(site, &next_info);
  if (decision == Decision::kDefer && lazy_icu_ && icu_ != nullptr) {
    const std::int32_t b = icu_->following(static_cast<std::int32_t>(run_begin));
    icu_break = b != icu::BreakIterator::DONE && static_cast<std::size_t>(b) <= next;
  }
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

NextInfo Scanner::ReadNext(std::size_t p) const {
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
  info.first = first.cp;
  info.word_end = q;
  return info;
}

WordInfo Scanner::ReadWord(std::size_t run_begin) {
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
  w.abbr = abbr_.lookup(w.text);
  if (w.abbr == Abbr::kNone) {
    // French and Italian elision: "l'art. 5", "d'env. 3" are "art." and "env." (ASCII
    // apostrophe or U+2019 after one or two letters).
    for (std::size_t k = 1; k <= 3 && k + 1 < w.text.size(); ++k) {
      const bool ascii = w.text[k] == '\'';
      const bool curly = w.text.substr(k, 3) == "\u2019";
      if (ascii || curly) {
        w.abbr = abbr_.lookup(w.text.substr(k + (ascii ? 1 : 3)));
        break;
      }
    }
  }
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

std::string_view Scanner::PrevToken(std::size_t before, std::size_t* begin_out) const {
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
}  // namespace voxmark::text::detail
