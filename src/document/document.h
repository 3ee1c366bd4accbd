// The document model: sections (from headings) -> blocks -> sentences.
// Everything downstream (outline, sentences, speech, export, player) reads this.
// Indices are 0-based here; the command line and JSON show them 1-based.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace voxmark::document {

enum class BlockKind {
  heading,
  paragraph,
  list_item,
  block_quote,
  code_block,
  table,      // the table's announcement: "Table, 2 columns, 3 rows: Name, Age."
  table_row,  // one row, each cell with its column's header
  note,       // a footnote, read at the end of the section that refers to it
};

std::string_view to_string(BlockKind kind);

// Metadata from the front matter; never spoken.
struct Metadata {
  std::string title;
  std::string author;
  std::string source;
  std::string language;  // BCP 47 tag such as "en" or "en-GB"; empty when not given
};

struct Sentence {
  std::string text;  // as spoken: markup removed, entities decoded, UTF-8
  std::size_t section_index = 0;
  std::size_t block_index = 0;
  int source_line = 0;  // 1-based line in the source file
  std::size_t word_count = 0;
};

struct Block {
  BlockKind kind = BlockKind::paragraph;
  std::size_t section_index = 0;
  int source_line = 0;
  int heading_level = 0;  // 1-6 for headings, 0 otherwise
  std::size_t first_sentence = 0;
  std::size_t sentence_count = 0;
};

struct Section {
  std::string title;  // as spoken; empty for the preamble
  int level = 0;      // heading level 1-6; 0 for the preamble before the first heading
  int source_line = 0;
  // The enclosing section (the nearest earlier section of a lower level), or npos.
  std::size_t parent = npos;
  std::size_t first_block = 0;
  std::size_t block_count = 0;
  std::size_t first_sentence = 0;
  std::size_t sentence_count = 0;  // this section's own sentences, not its subsections'
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

struct Document {
  std::string name;  // what the user called it: a path, "-" or "(bundled)"
  std::string key;   // stable identity for saved positions: the path and a hash of the bytes
  Metadata metadata;
  std::vector<Section> sections;
  std::vector<Block> blocks;
  std::vector<Sentence> sentences;
  std::vector<Warning> warnings;  // non-fatal problems met while reading

  std::size_t word_count() const;
  // The section a sentence is in, with its subsections: [first, end) sentence indices.
  std::size_t section_end_sentence(std::size_t section_index) const;
};

// Counts words the way listening-time estimates expect: runs of letters or digits.
std::size_t count_words(std::string_view utf8);

}  // namespace voxmark::document
