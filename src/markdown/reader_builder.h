// Private to the Markdown reader (src/markdown/markdown_reader.cpp and reader_*.cpp): nothing
// outside them includes this. Builder is the walk of one cmark-gfm tree into a Document.
// Contract: one Builder per read_markdown call, used by one thread, read() called once. It
// borrows the Document it fills and the ReadOptions (both outlive it) and the cmark nodes it is
// given (owned by the caller's tree, never freed or kept after read() returns). Lines are
// 1-based source lines of the whole input, front matter included (line_offset); sizes and
// indices are counts of sections, blocks, sentences and units in the Document.
#pragma once

#include <cmark-gfm.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document/document.h"
#include "document/source.h"
#include "markdown/markdown_reader.h"
#include "markdown/spoken_forms.h"
#include "markdown/spoken_text.h"
#include "text/sentence_splitter.h"

// The extensions' node types are exported by libcmark-gfm-extensions but declared only in its
// private headers.
extern "C" {
extern cmark_node_type CMARK_NODE_TABLE;
extern cmark_node_type CMARK_NODE_TABLE_ROW;
extern cmark_node_type CMARK_NODE_TABLE_CELL;
extern cmark_node_type CMARK_NODE_STRIKETHROUGH;
}

namespace voxmark::markdown::detail {

using document::Block;
using document::BlockKind;
using document::Document;
using document::Section;
using document::SectionKind;
using document::Sentence;
using document::Unit;
using document::UnitKind;

struct CmarkIterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

// A node's text, valid UTF-8 whatever cmark-gfm gives: 0.29.0.gfm.6 can cut a character in
// half in the text it keeps for a footnote reference it cannot resolve ("[^u" then U+FFFD
// characters and a line break: found by the fuzzer), and no invalid byte may reach a sentence.
inline std::string literal_of(cmark_node* node) {
  const char* literal = cmark_node_get_literal(node);
  if (!literal) return "";
  const std::string_view text(literal);
  if (document::is_clean_utf8(text)) return std::string(text);
  return document::sanitize_utf8("", text).bytes;
}

inline std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

inline bool ends_with_terminal(std::string_view text) {
  const std::size_t last = text.find_last_not_of(" \t\n");
  return last != std::string_view::npos &&
         std::string_view(".:!?").find(text[last]) != std::string_view::npos;
}

class Builder {
 public:
  Builder(Document& doc, const ReadOptions& options)
      : doc_(doc),
        options_(options),
        splitter_(doc.metadata.language.empty() ? std::string_view("en")
                                                : std::string_view(doc.metadata.language)) {}

  void read(cmark_node* root, int line_offset);

 private:
  struct Owner {
    int id;
    BlockKind kind;
  };
  struct Note {
    cmark_node* definition;
    bool queued = false;
  };

  int line_of(cmark_node* node) const;
  PunctuationLevel level() const { return options_.punctuation; }
  // Dates, ranges, money and units in English words only for a document in English, or of no
  // stated language read by an English voice: a French voice would read "15 January 2024" as
  // French.
  bool english_number_words() const {
    const std::string& language =
        doc_.metadata.language.empty() ? options_.voice_language : doc_.metadata.language;
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return language.empty() ||
           (language.size() >= 2 && lower(language[0]) == 'e' && lower(language[1]) == 'n' &&
            (language.size() == 2 || language[2] == '-' || language[2] == '_'));
  }
  // A block's owner; everything inside a note (lists, code, tables) is that note's block.
  Owner new_owner(BlockKind kind) { return in_note_ ? note_owner_ : Owner{next_owner_++, kind}; }

  // The walk and inline text (markdown_reader.cpp).
  void walk(cmark_node* root);
  bool enter(cmark_node* node);
  void exit(cmark_node* node);
  void start_collecting(SpokenText& text, int line);
  bool url_link(cmark_node* node);
  void emit_text(const Owner& owner);
  void emit_heading(const Owner& owner, int heading_level);
  void add_sentence(const Owner& owner, int heading_level, std::string spoken, int line);

  // Code blocks, inline HTML and HTML blocks (reader_code.cpp).
  void html_inline(std::string_view html);
  void html_block(cmark_node* node);
  void code_block(cmark_node* node);
  void code_block_sentences(cmark_node* node);

  // Footnotes (reader_footnotes.cpp).
  void footnote_reference(cmark_node* node);
  void flush_notes();

  // Tables (reader_tables.cpp).
  int table_line(cmark_node* node) const;
  void table(cmark_node* node);

  // Sections and units (reader_sections.cpp).
  void open_section(SectionKind kind, int level, int line, std::size_t continues = Section::npos);
  bool structure_here(cmark_node* node) const;
  void open_run_in(std::string title, int line, cmark_node* list);
  void thematic_break(cmark_node* node);
  void list(cmark_node* node);
  void block_quote(cmark_node* node);
  // Before the walk: takes GitHub alert markers ("[!TIP]") out of the tree, into alerts_.
  void take_alerts(cmark_node* root);
  void open_unit(UnitKind kind, int line);
  void close_unit();
  void close_section();
  std::string first_words(const Section& section) const;

  Document& doc_;
  const ReadOptions& options_;
  text::SentenceSplitter splitter_;
  std::vector<Owner> owners_;  // enclosing list items, quotes, rows, notes; innermost last
  int next_owner_ = 0;
  int last_block_owner_ = -1;
  int line_offset_ = 0;
  int line_of_heading_ = 1;

  SpokenText inline_;              // the paragraph, heading or table row being collected
  SpokenText cell_;                // a table header cell being collected
  SpokenText* target_ = nullptr;   // where inline text goes; null outside paragraphs and cells
  cmark_node* lead_in_ = nullptr;  // strong emphasis opened before any text, if any
  std::string pending_prefix_;     // "Done: ", "Note 2: ": said before the next text
  int kbd_depth_ = 0;

  std::vector<std::string> headers_;  // the current table's header cells, as spoken
  bool row_is_header_ = false;
  std::size_t cell_index_ = 0;
  std::size_t cell_start_ = 0;

  // Structure: the section run-ins sit under (a heading, break or the preamble), the list of
  // run-ins being read (its end brings a continuation), a section to open at the next
  // sentence (after a break or a list of run-ins), and the units open around the walk.
  struct PendingSection {
    SectionKind kind;
    int level;
    std::size_t continues;
  };
  std::size_t base_section_ = Section::npos;
  cmark_node* run_in_list_ = nullptr;
  std::optional<PendingSection> pending_section_;
  std::vector<std::size_t> open_units_;        // indices into doc_.units; npos for a skipped one
  std::map<cmark_node*, std::string> alerts_;  // block quote -> its alert's title ("Tip")

  std::vector<Note> notes_;                 // footnote definitions; index + 1 is the note number
  std::vector<std::size_t> pending_notes_;  // note numbers to read at the section's end
  bool in_note_ = false;
  Owner note_owner_{-1, BlockKind::note};
};

}  // namespace voxmark::markdown::detail
