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
// This file: ICU's iterator set-up and chunking, and turning cuts into ranges. The pass is
// in sentence_scanner.{h,cpp} (see its header for the map of the other files).

#include "text/sentence_splitter.h"

#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "common/error.h"
#include "text/sentence_scanner.h"

namespace voxmark::text {
namespace {

using namespace detail;

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
  const Abbreviations* abbreviations = nullptr;  // shared, lives as long as the process
};

SentenceSplitter::SentenceSplitter(std::string_view locale) : impl_(std::make_unique<Impl>()) {
  impl_->abbreviations = &AbbreviationsFor(locale);
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
    Scanner(chunk, icu, begin, cuts, *impl_->abbreviations, OnlySiteTerminators(chunk)).Run();
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
