// A pronunciation lexicon: words eSpeak NG says wrongly, each with a respelling it says right.
//
// File format (UTF-8), one entry a line:
//   WORD<TAB>HOW TO SAY IT      e.g.  Rasmussen<TAB>Rassmoossen
// '#' starts a comment line; blank lines are ignored. A bad line (no tab, an empty word or an
// empty respelling) is reported as a Warning "FILE:LINE" and skipped.
//
// Matching: whole words only. A word is a run of letters, digits and combining marks; everything
// else (spaces, hyphens, apostrophes, punctuation) separates words, so "NATO" also matches in
// "NATO-led" and "NATO's". An entry may span several words ("Anders Fogh"); the longest entry
// wins. Case rule: an entry written all in capitals ("NATO") matches only that exact spelling, so
// "Nato" and "nato" are left alone; any other entry ("Rasmussen", "euractiv") matches in any case.
//
// Respellings are plain text, never eSpeak phoneme codes: voxmark passes text to eSpeak NG in
// plain-text mode, where "[[...]]" is not interpreted, so a document cannot inject phonemes and a
// lexicon cannot either. An entry whose respelling contains "[[" is skipped with a warning.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/error.h"

namespace voxmark::speech {

// A sentence with lexicon entries replaced, and the way back to the original's byte offsets.
struct Respelled {
  // One replaced word: [original_begin, original_end) in the sentence became
  // [text_begin, text_end) in `text`. Byte offsets, in order, not overlapping.
  struct Replacement {
    std::size_t original_begin = 0;
    std::size_t original_end = 0;
    std::size_t text_begin = 0;
    std::size_t text_end = 0;
  };

  std::string text;  // what the engine speaks (UTF-8)
  std::vector<Replacement> replacements;

  // Maps the byte range [begin, end) of `text` to a byte range of the original sentence.
  // A range that starts or ends inside a respelling covers the whole original word, so every
  // piece eSpeak makes of "Rass-mooss-en" points at "Rasmussen".
  std::pair<std::size_t, std::size_t> to_original(std::size_t begin, std::size_t end) const;
};

// Immutable after loading; apply() is const and safe to call from several threads.
class Lexicon {
 public:
  Lexicon() = default;

  // Parses lexicon text. `source_name` names the file in warnings ("voices/en.lexicon").
  static Lexicon parse(std::string_view content, const std::string& source_name,
                       std::vector<Warning>& warnings);
  // Reads and parses a file. Throws Error(no_input) when it cannot be read.
  static Lexicon load(const std::filesystem::path& file, std::vector<Warning>& warnings);

  // Adds one entry (a later entry for the same word replaces the earlier one).
  // Throws Error(usage) saying what is wrong with it.
  void add(std::string_view word, std::string_view say_as);
  // Adds every entry of `later`; its entries win over this one's.
  void merge(const Lexicon& later);

  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }

  // Replaces every entry found in `sentence` (UTF-8) by its respelling.
  Respelled apply(std::string_view sentence) const;

 private:
  struct Entry {
    std::string word;         // as written, whitespace collapsed to single spaces
    std::string folded;       // case-folded `word`, for case-insensitive entries
    std::string say_as;       // the respelling
    bool exact_case = false;  // written all in capitals: matches only that exact spelling
    std::size_t word_count = 0;
  };
  // Returns "" when the entry is fine, else what is wrong with it.
  static std::string check(std::string_view word, std::string_view say_as);
  void add_checked(std::string_view word, std::string_view say_as);

  std::vector<Entry> entries_;
  // Case-folded first word -> indexes into entries_, longest entries first.
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_word_;
};

}  // namespace voxmark::speech
