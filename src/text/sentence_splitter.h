// Splits plain text into sentences, the unit voxmark speaks, highlights and skips by.
// ICU's sentence BreakIterator for the document's language, plus voxmark's own rules for what
// ICU lacks or gets wrong, weighing the evidence on both sides of each period with the
// language's abbreviation data (data/abbreviations/). This header is the contract of src/text;
// the other files there are internal (sentence_scanner.h maps them).
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace voxmark::text {

// A sentence as a byte range [begin, end) of the UTF-8 text passed to split().
// Leading and trailing white space is not part of the range; ranges are never empty,
// never overlap, and come in text order.
struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Threads: an instance is not thread-safe (it owns an ICU iterator); make one per thread.
class SentenceSplitter {
 public:
  // locale: a BCP 47 / ICU locale such as "en" or "en-GB"; a malformed one gets the root
  // locale's rules (plain UAX #29). It also picks the abbreviation data (its language's
  // data/abbreviations/LANG.txt, else en.txt) and the user's abbreviations/LANG.txt, read
  // once per process (text/abbreviations.h). Throws Error(data) for a malformed user file
  // ("FILE:LINE: ..."), Error(software) when ICU itself fails.
  explicit SentenceSplitter(std::string_view locale = "en");
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // A line feed ('\n') in the text always ends a sentence (callers use it for hard breaks).
  // Invalid UTF-8 must have been replaced before (document loading does that).
  std::vector<ByteRange> split(std::string_view utf8) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace voxmark::text
