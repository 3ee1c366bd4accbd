// The document model: sections (from headings, run-in headings and thematic breaks) -> blocks
// -> sentences, with units (tables, lists, quotes, code blocks) a listener can skip past.
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
  list,       // a list's announcement: "List, 3 items."
  quote,      // a block quote's announcement: "Quote, 2 paragraphs."
};

// Blocks whose sentence is voxmark's announcement of a unit, not the document's words
// (a code block's announcement is the first sentence of its code_block block).
bool is_announcement(BlockKind kind);

// What started a section (docs/guide.md, "Sections").
enum class SectionKind {
  preamble,        // text before the first heading (level 0)
  heading,         // a Markdown heading (level 1-6)
  run_in,          // a bold lead-in opening a paragraph or list item: one level below
  thematic_break,  // after ---, *** or * * *: at the level of the section it follows
  continuation,    // what follows a list of run-ins: the section they interrupted, again
};
std::string_view to_string(SectionKind kind);

// Something a listener can skip past in one step ("skip-past"); its first sentence says what
// it is and how long. Units nest (a list in a quote); their sentences are contiguous.
enum class UnitKind { list, block_quote, table, code_block };
std::string_view to_string(UnitKind kind);

struct Unit {
  UnitKind kind = UnitKind::list;
  std::size_t first_sentence = 0;
  std::size_t sentence_count = 0;
  int source_line = 0;
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
  SectionKind kind = SectionKind::heading;
  // As spoken; empty for the preamble. A break or continuation is titled by its first words.
  std::string title;
  // Heading level 1-6; a run-in is one below its enclosing section (up to 7); a break and a
  // continuation have the level of the section they follow or continue; 0 for the preamble
  // (and a continuation of it).
  int level = 0;
  int source_line = 0;
  // The enclosing section (the nearest earlier section of a lower level), or npos.
  std::size_t parent = npos;
  std::size_t first_block = 0;
  std::size_t block_count = 0;
  std::size_t first_sentence = 0;
  std::size_t sentence_count = 0;  // this section's own sentences, not its subsections'
  std::size_t continues = npos;    // for a continuation: the section it continues
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

struct Document {
  std::string name;  // what the user called it: a path, "-" or "(bundled)"
  std::string key;   // stable identity for saved positions: the path and a hash of the bytes
  Metadata metadata;
  std::vector<Section> sections;
  std::vector<Block> blocks;
  std::vector<Sentence> sentences;
  std::vector<Unit> units;        // in order of their first sentence; outer before inner
  std::vector<Warning> warnings;  // non-fatal problems met while reading

  std::size_t word_count() const;
  // The section a sentence is in, with its subsections: [first, end) sentence indices.
  std::size_t section_end_sentence(std::size_t section_index) const;
};

// Counts words the way listening-time estimates expect: runs of letters or digits.
std::size_t count_words(std::string_view utf8);

}  // namespace voxmark::document
