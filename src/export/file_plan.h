// Which audio files an export writes, decided once the book is spooled: one file for the book
// (chapters at its sections), or one per section (split), sections longer than a profile's
// longest file cut between sentences into parts; with their spool ranges, tags and chapters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "document/document.h"
#include "export/formats/format_writer.h"

namespace voxmark::audiobook {

// Where a sentence landed in the spool.
struct SpooledSentence {
  std::uint64_t start_sample = 0;
  std::uint64_t end_sample = 0;
};

struct PlannedFile {
  std::string name;   // split: the file's name in the folder; one file: empty
  std::string title;  // the section's (with " (part 2 of 3)"), or the book's
  std::size_t first_sentence = 0;
  std::size_t end_sentence = 0;    // one past its last
  std::uint64_t begin_sample = 0;  // its range of the spool
  std::uint64_t end_sample = 0;
  std::vector<Chapter> chapters;  // offsets into the file, head silence included
  int track_number = 0;           // split: 1-based
  double gain_adjust_db = 0;      // on top of the book's gain (a profile's RMS window)
};

// A sentence's samples in the file written: [start, end) from the file's first sample.
struct SentenceInFile {
  std::uint64_t start_sample = 0;
  std::uint64_t end_sample = 0;
};

struct PlanRules {
  bool split_sections = false;
  std::uint64_t head_samples = 0;
  std::uint64_t tail_samples = 0;
  std::uint64_t max_file_samples = 0;  // 0: no limit
};

// Each section's title as the files and chapters show it, by section index. The preamble
// (text before the first heading): the book's title, or "Introduction" when a heading has that
// title already. Sections of one title are told apart: "Windows: Prerequisites" (the parent's
// title), or "Prerequisites (2)" when their parents do not differ.
std::vector<std::string> section_labels(const document::Document& doc);

// The files for `sentences` (one per document sentence, in order) in a spool of
// `spool_samples`. `extension`: the audio format's.
std::vector<PlannedFile> plan_files(const document::Document& doc,
                                    const std::vector<SpooledSentence>& sentences,
                                    std::uint64_t spool_samples, const PlanRules& rules,
                                    std::string_view extension);

// Where spooled sentence `s` of planned file `f` lands in that file: the one place sentence
// times are derived for subtitles and talking books alike, so they agree to the sample.
inline SentenceInFile sentence_in_file(const PlannedFile& f, const SpooledSentence& s,
                                       const PlanRules& rules) {
  const std::uint64_t start = s.start_sample - f.begin_sample + rules.head_samples;
  return {start, start + (s.end_sample - s.start_sample)};
}

// The split file names before synthesis (one per section with sentences): what the folder is
// checked against. Parts of long sections are named only after synthesis.
std::vector<std::string> section_file_names(const document::Document& doc,
                                            std::string_view extension);

}  // namespace voxmark::audiobook
