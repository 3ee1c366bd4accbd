#include "markdown/markdown_reader.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/printable.h"
#include "markdown/front_matter.h"
#include "markdown/run_in.h"
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

namespace voxmark::markdown {
namespace {

using document::Block;
using document::BlockKind;
using document::Document;
using document::Section;
using document::SectionKind;
using document::Sentence;
using document::Unit;
using document::UnitKind;

struct CmarkNodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CmarkIterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
struct CmarkParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};

std::string literal_of(cmark_node* node) {
  const char* literal = cmark_node_get_literal(node);
  return literal ? literal : "";
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

bool ends_with_terminal(std::string_view text) {
  const std::size_t last = text.find_last_not_of(" \t\n");
  return last != std::string_view::npos &&
         std::string_view(".:!?").find(text[last]) != std::string_view::npos;
}

// The element name of an inline HTML tag, lower case: "<br/>" -> "br", "</KBD>" -> "kbd";
// empty for comments, processing instructions and declarations. `closing` is set for "</x>".
std::string tag_name(std::string_view html, bool& closing) {
  closing = false;
  std::size_t i = 1;
  if (i < html.size() && html[i] == '/') {
    closing = true;
    ++i;
  }
  std::string name;
  for (; i < html.size(); ++i) {
    const char c = html[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      name.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      name.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      break;
    }
  }
  return name;
}

// Tags that separate words when they stand between text ("a<p>b" is two words).
bool separates_words(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "p",  "div", "li", "ul",         "ol",  "dl",      "dt",      "dd",
      "tr", "td",  "th", "table",      "hr",  "h1",      "h2",      "h3",
      "h4", "h5",  "h6", "blockquote", "pre", "section", "details", "summary"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

class Builder {
 public:
  Builder(Document& doc, const ReadOptions& options)
      : doc_(doc),
        options_(options),
        splitter_(doc.metadata.language.empty() ? std::string_view("en")
                                                : std::string_view(doc.metadata.language)) {}

  void read(cmark_node* root, int line_offset) {
    line_offset_ = line_offset;
    // cmark-gfm moves the footnote definitions that are referred to to the end of the
    // document, numbered in order of first reference: definition N is note N.
    for (cmark_node* n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
      if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) notes_.push_back({n});
    }
    walk(root);
    flush_notes();
    if (!doc_.sections.empty()) close_section();
    if (doc_.metadata.title.empty()) {
      for (const Section& section : doc_.sections) {
        if (section.kind == SectionKind::heading && section.level == 1 && !section.title.empty()) {
          doc_.metadata.title = section.title;
          break;
        }
      }
    }
  }

 private:
  struct Owner {
    int id;
    BlockKind kind;
  };
  struct Note {
    cmark_node* definition;
    bool queued = false;
  };

  int line_of(cmark_node* node) const {
    int line = cmark_node_get_start_line(node);
    // The paragraph cmark-gfm keeps in front of a table made from its last lines has no source
    // position; it starts where the table node says the paragraph started.
    if (line == 0 && cmark_node_next(node) &&
        cmark_node_get_type(cmark_node_next(node)) == CMARK_NODE_TABLE) {
      line = cmark_node_get_start_line(cmark_node_next(node));
    }
    return std::max(1, line + line_offset_);
  }
  PunctuationLevel level() const { return options_.punctuation; }
  // A block's owner; everything inside a note (lists, code, tables) is that note's block.
  Owner new_owner(BlockKind kind) { return in_note_ ? note_owner_ : Owner{next_owner_++, kind}; }

  // Walks `root`'s subtree; footnote definitions below it are skipped (they are read as notes).
  void walk(cmark_node* root) {
    std::unique_ptr<cmark_iter, CmarkIterDeleter> iter(cmark_iter_new(root));
    for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
      cmark_node* node = cmark_iter_get_node(iter.get());
      if (ev == CMARK_EVENT_ENTER) {
        const bool skip =
            node != root && cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_DEFINITION;
        if (skip || !enter(node)) cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);
      } else {
        exit(node);
      }
    }
  }

  // Returns false when the node's children are not to be visited.
  bool enter(cmark_node* node) {
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_TABLE) {
      table(node);
      return true;
    }
    if (type == CMARK_NODE_TABLE_ROW) {
      row_is_header_ = cmark_gfm_extensions_get_table_row_is_header(node) != 0;
      cell_index_ = 0;
      if (!row_is_header_) {
        owners_.push_back(new_owner(BlockKind::table_row));
        start_collecting(inline_, line_of(node));
      }
      return true;
    }
    if (type == CMARK_NODE_TABLE_CELL) {
      if (row_is_header_) {
        start_collecting(cell_, line_of(node));
      } else {
        const std::string& header = cell_index_ < headers_.size() ? headers_[cell_index_] : "";
        if (!header.empty()) inline_.literal(header + ": ", false);
        cell_start_ = inline_.raw().size();
      }
      return true;
    }
    if (type == CMARK_NODE_STRIKETHROUGH) {
      if (target_) target_->literal("(struck out: ", false);
      return true;
    }
    switch (type) {
      case CMARK_NODE_LIST:
        list(node);
        break;
      case CMARK_NODE_THEMATIC_BREAK:
        thematic_break(node);
        break;
      case CMARK_NODE_ITEM:
        if (cmark_node* first = cmark_node_first_child(node);
            first && structure_here(cmark_node_parent(node)) &&
            cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
          if (std::string title = run_in_title(first); !title.empty()) {
            open_run_in(std::move(title), line_of(node), cmark_node_parent(node));
          }
        }
        owners_.push_back(new_owner(BlockKind::list_item));
        if (std::string_view(cmark_node_get_type_string(node)) == "tasklist") {
          pending_prefix_ =
              cmark_gfm_extensions_get_tasklist_item_checked(node) ? "Done: " : "Not done: ";
        }
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        block_quote(node);
        owners_.push_back(new_owner(BlockKind::block_quote));
        break;
      case CMARK_NODE_PARAGRAPH:
        if (structure_here(node)) {
          if (std::string title = run_in_title(node); !title.empty()) {
            open_run_in(std::move(title), line_of(node), nullptr);
          }
        }
        start_collecting(inline_, line_of(node));
        break;
      case CMARK_NODE_HEADING:
        if (!in_note_) flush_notes();  // the notes of the section that ends here
        start_collecting(inline_, line_of(node));
        break;
      case CMARK_NODE_CODE_BLOCK:
        code_block(node);
        break;
      case CMARK_NODE_HTML_BLOCK:
        break;  // never spoken and never passed on: HTML is markup, not text
      case CMARK_NODE_HTML_INLINE:
        if (target_) html_inline(literal_of(node));
        break;
      case CMARK_NODE_TEXT:
        if (target_) {
          if (kbd_depth_ > 0) {
            target_->literal(spell_code(literal_of(node)), true);
          } else {
            target_->prose(literal_of(node));
          }
        }
        break;
      case CMARK_NODE_CODE:
        if (target_) target_->literal(spell_code(literal_of(node)), true);
        break;
      case CMARK_NODE_SOFTBREAK:
        if (target_) target_->line_break(' ', true);
        break;
      case CMARK_NODE_LINEBREAK:
        if (target_) target_->line_break('\n', true);  // a hard break ends a sentence
        break;
      case CMARK_NODE_STRONG:
        if (target_ && !target_->has_prose() && !lead_in_) lead_in_ = node;
        break;
      case CMARK_NODE_LINK:
        return !(target_ && url_link(node));
      case CMARK_NODE_IMAGE:
        if (target_) {
          if (!cmark_node_first_child(node)) {
            target_->literal("(image)", false);  // no alt text
            return false;
          }
          target_->literal("(image: ", false);
        }
        break;
      case CMARK_NODE_FOOTNOTE_REFERENCE:
        if (target_) footnote_reference(node);
        break;
      default:
        break;
    }
    return true;
  }

  void exit(cmark_node* node) {
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_TABLE_CELL) {
      if (row_is_header_) {
        headers_.push_back(cell_.whole(level()));
        target_ = nullptr;
      } else {
        if (inline_.raw().find_first_not_of(" \t\n", cell_start_) == std::string::npos) {
          inline_.literal("blank", false);
        }
        if (!ends_with_terminal(inline_.raw())) inline_.literal(".", false);
        inline_.line_break('\n', false);  // each cell is heard as its own sentence
      }
      ++cell_index_;
      return;
    }
    if (type == CMARK_NODE_TABLE) {
      close_unit();
      return;
    }
    if (type == CMARK_NODE_TABLE_ROW) {
      if (!row_is_header_) {
        emit_text(owners_.back());
        owners_.pop_back();
      }
      return;
    }
    if (type == CMARK_NODE_STRIKETHROUGH) {
      if (target_) target_->literal(")", false);
      return;
    }
    switch (type) {
      case CMARK_NODE_LIST:
        close_unit();
        if (run_in_list_ == node) {
          // What follows a list of run-ins belongs to the section they interrupted.
          run_in_list_ = nullptr;
          const int level = base_section_ == Section::npos ? 0 : doc_.sections[base_section_].level;
          pending_section_ = PendingSection{SectionKind::continuation, level, base_section_};
        }
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        close_unit();
        [[fallthrough]];
      case CMARK_NODE_ITEM:
        owners_.pop_back();
        pending_prefix_.clear();  // a task item without text
        break;
      case CMARK_NODE_PARAGRAPH: {
        const Owner owner = owners_.empty() ? new_owner(BlockKind::paragraph) : owners_.back();
        emit_text(owner);
        break;
      }
      case CMARK_NODE_HEADING:
        if (in_note_) {
          emit_text(owners_.back());  // a heading inside a note is part of the note
        } else {
          const int heading_level = cmark_node_get_heading_level(node);
          run_in_list_ = nullptr;
          pending_section_.reset();
          open_section(SectionKind::heading, heading_level, line_of(node));
          emit_heading(new_owner(BlockKind::heading), heading_level);
        }
        break;
      case CMARK_NODE_STRONG:
        // A bold lead-in such as "**Warning:** Do not ..." is heard as its own sentence.
        if (target_ && lead_in_ == node && ends_with_terminal(target_->raw())) {
          target_->line_break('\n', false);
        }
        break;
      case CMARK_NODE_IMAGE:
        if (target_) target_->literal(")", false);
        break;
      default:
        break;
    }
  }

  void start_collecting(SpokenText& text, int line) {
    target_ = &text;
    text.start(line);
    lead_in_ = nullptr;
    if (!pending_prefix_.empty()) {
      text.literal(pending_prefix_, false);
      pending_prefix_.clear();
    }
  }

  // A link whose text is a URL (a bare URL, an autolink) or an e-mail address: said as
  // --urls asks, as one unit. Returns false for an ordinary link (its text is read).
  bool url_link(cmark_node* node) {
    cmark_node* child = cmark_node_first_child(node);
    if (!child || cmark_node_next(child) || cmark_node_get_type(child) != CMARK_NODE_TEXT)
      return false;
    const std::string text = literal_of(child);
    const char* url_c = cmark_node_get_url(node);
    const std::string url = url_c ? url_c : "";
    if (url.starts_with("mailto:") && url.substr(7) == text) {
      target_->literal(text, true);
      return true;
    }
    if (!looks_like_url(text)) return false;
    const std::string spoken = speak_url(options_.urls == UrlMode::full ? text
                                         : url.empty()                  ? text
                                                                        : url,
                                         options_.urls);
    target_->literal(spoken, true);
    return true;
  }

  void html_inline(std::string_view html) {
    bool closing = false;
    const std::string name = tag_name(html, closing);
    if (name == "br") {
      target_->line_break('\n', false);
    } else if (name == "kbd") {
      kbd_depth_ = closing ? std::max(0, kbd_depth_ - 1) : kbd_depth_ + 1;
    } else if (separates_words(name)) {
      target_->prose(" ");
    }
  }

  void footnote_reference(cmark_node* node) {
    // The reference's literal is its note number, given by cmark-gfm.
    const std::string number = literal_of(node);
    std::size_t n = 0;
    for (const char c : number) {
      if (c < '0' || c > '9' || n > notes_.size()) break;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (n == 0 || n > notes_.size()) return;
    target_->literal(" (note " + std::to_string(n) + ")", true);
    if (!notes_[n - 1].queued) {
      notes_[n - 1].queued = true;
      pending_notes_.push_back(n);
    }
  }

  // Reads the notes referred to since the last flush, each as a block of its own.
  void flush_notes() {
    if (in_note_ || pending_notes_.empty()) return;
    in_note_ = true;
    std::vector<Owner> outer_owners;
    outer_owners.swap(owners_);
    SpokenText* outer_target = target_;
    // Notes may refer to further notes; those join the queue and are read in this flush.
    for (std::size_t i = 0; i < pending_notes_.size(); ++i) {
      const std::size_t n = pending_notes_[i];
      note_owner_ = Owner{next_owner_++, BlockKind::note};
      owners_.assign(1, note_owner_);
      pending_prefix_ = "Note " + std::to_string(n) + ": ";
      walk(notes_[n - 1].definition);
      pending_prefix_.clear();
    }
    pending_notes_.clear();
    owners_.swap(outer_owners);
    target_ = outer_target;
    in_note_ = false;
  }

  // The line of a table's header row. When a table follows paragraph lines without a blank line
  // ("Prices:\n| a | b |\n|---|---|"), cmark-gfm gives the table and its header row the
  // paragraph's start line. The header is the line before the delimiter row, which is the line
  // before the first body row, or the table's last line when it has no body.
  int table_line(cmark_node* node) const {
    cmark_node* header = cmark_node_first_child(node);
    cmark_node* body = header ? cmark_node_next(header) : nullptr;
    const int delimiter_line =
        body ? line_of(body) - 1 : std::max(1, cmark_node_get_end_line(node) + line_offset_);
    return std::max(line_of(node), delimiter_line - 1);
  }

  void table(cmark_node* node) {
    open_unit(UnitKind::table, table_line(node));
    headers_.clear();
    std::size_t rows = 0;
    for (cmark_node* row = cmark_node_first_child(node); row; row = cmark_node_next(row)) {
      if (!cmark_gfm_extensions_get_table_row_is_header(row)) ++rows;
    }
    // The header row's names are read in the announcement; collect them first.
    std::string names;
    if (cmark_node* header = cmark_node_first_child(node);
        header && cmark_gfm_extensions_get_table_row_is_header(header)) {
      SpokenText* outer = target_;
      for (cmark_node* cell = cmark_node_first_child(header); cell; cell = cmark_node_next(cell)) {
        SpokenText text;
        target_ = &text;
        text.start(line_of(cell));
        std::unique_ptr<cmark_iter, CmarkIterDeleter> iter(cmark_iter_new(cell));
        for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
          cmark_node* n = cmark_iter_get_node(iter.get());
          if (n == cell) continue;
          if (ev == CMARK_EVENT_ENTER) {
            if (!enter(n)) cmark_iter_reset(iter.get(), n, CMARK_EVENT_EXIT);
          } else {
            exit(n);
          }
        }
        const std::string name = text.whole(level());
        if (!name.empty()) names += (names.empty() ? "" : ", ") + name;
      }
      target_ = outer;
      kbd_depth_ = 0;
    }
    const auto columns = cmark_gfm_extensions_get_table_columns(node);
    std::string announcement =
        "Table, " + plural(columns, "column", "columns") + ", " + plural(rows, "row", "rows");
    announcement += names.empty() ? "." : ": " + names + ".";
    SpokenText text;
    text.start(table_line(node));
    text.literal(announcement, true);
    const Owner owner = new_owner(BlockKind::table);
    text.sentences(splitter_, level(),
                   [&](std::string s, int line) { add_sentence(owner, 0, std::move(s), line); });
  }

  void code_block(cmark_node* node) {
    open_unit(UnitKind::code_block, line_of(node));
    code_block_sentences(node);
    close_unit();
  }

  void code_block_sentences(cmark_node* node) {
    const std::string literal = literal_of(node);
    const Owner owner = new_owner(BlockKind::code_block);
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < literal.size();) {
      const std::size_t end = std::min(literal.find('\n', pos), literal.size());
      lines.emplace_back(literal.data() + pos, end - pos);
      pos = end + 1;
    }
    std::string info = cmark_node_get_fence_info(node) ? cmark_node_get_fence_info(node) : "";
    controls_to_spaces(info);
    info = fold_white_space(info);
    info = info.substr(0, info.find(' '));  // the language name, without attributes
    std::string announcement = "Code block";
    if (!info.empty()) announcement += ", " + spell_code(info);
    announcement += ", " + plural(lines.size(), "line.", "lines.");
    add_sentence(owner, 0, std::move(announcement), line_of(node));
    if (!options_.read_code_blocks) return;
    // A fenced block spans more source lines than it has code lines: its fence comes first.
    const int source_lines = cmark_node_get_end_line(node) - cmark_node_get_start_line(node) + 1;
    const int first_line = line_of(node) + (source_lines > static_cast<int>(lines.size()) ? 1 : 0);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string line(lines[i]);
      controls_to_spaces(line);
      std::string spoken = spell_code(line);
      if (!spoken.empty())
        add_sentence(owner, 0, std::move(spoken), first_line + static_cast<int>(i));
    }
  }

  void emit_text(const Owner& owner) {
    target_ = nullptr;
    inline_.sentences(splitter_, level(),
                      [&](std::string s, int line) { add_sentence(owner, 0, std::move(s), line); });
  }

  void emit_heading(const Owner& owner, int heading_level) {
    target_ = nullptr;
    // A heading is one sentence, whatever punctuation it holds.
    std::string spoken = inline_.whole(level());
    doc_.sections.back().title = spoken;
    if (!spoken.empty()) add_sentence(owner, heading_level, std::move(spoken), line_of_heading_);
  }

  void add_sentence(const Owner& owner, int heading_level, std::string spoken, int line) {
    if (pending_section_ && !in_note_) {
      const PendingSection pending = *pending_section_;
      pending_section_.reset();
      open_section(pending.kind, pending.level, line, pending.continues);
    }
    if (doc_.sections.empty()) open_section(SectionKind::preamble, 0, line);  // before any heading
    const std::size_t section_index = doc_.sections.size() - 1;
    if (last_block_owner_ != owner.id || doc_.blocks.empty() ||
        doc_.blocks.back().section_index != section_index) {
      Block block;
      block.kind = owner.kind;
      block.section_index = section_index;
      block.source_line = line;
      block.heading_level = heading_level;
      block.first_sentence = doc_.sentences.size();
      doc_.blocks.push_back(block);
      last_block_owner_ = owner.id;
    }
    Sentence sentence;
    sentence.word_count = document::count_words(spoken);
    sentence.text = std::move(spoken);
    sentence.section_index = section_index;
    sentence.block_index = doc_.blocks.size() - 1;
    sentence.source_line = line;
    doc_.sentences.push_back(std::move(sentence));
    ++doc_.blocks.back().sentence_count;
  }

  void open_section(SectionKind kind, int level, int line, std::size_t continues = Section::npos) {
    line_of_heading_ = line;
    if (!doc_.sections.empty()) close_section();
    Section section;
    section.kind = kind;
    section.level = level;
    section.source_line = line;
    section.first_block = doc_.blocks.size();
    section.first_sentence = doc_.sentences.size();
    section.continues = continues;
    if (kind == SectionKind::continuation) {
      section.parent = continues == Section::npos ? Section::npos : doc_.sections[continues].parent;
    } else if (level == 0) {
      section.parent = Section::npos;  // the preamble is nobody's
    } else {
      // The parent is the nearest earlier section of a lower level (not the preamble).
      std::size_t parent = doc_.sections.empty() ? Section::npos : doc_.sections.size() - 1;
      while (parent != Section::npos &&
             (doc_.sections[parent].level >= level || doc_.sections[parent].level == 0)) {
        parent = doc_.sections[parent].parent;
      }
      section.parent = parent;
    }
    doc_.sections.push_back(std::move(section));
    if (kind != SectionKind::run_in && kind != SectionKind::continuation) {
      base_section_ = doc_.sections.size() - 1;
    }
  }

  // Whether run-ins and breaks are looked for under `parent`: at the document's top level
  // (paragraphs, and the items of top-level lists), with --structure full, outside notes.
  bool structure_here(cmark_node* node) const {
    if (options_.structure != StructureMode::full || in_note_ || !node) return false;
    cmark_node* parent = cmark_node_parent(node);
    return parent && cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT;
  }

  // A run-in heading opens a section one level below the section it is in. `list` is the list
  // whose item it opens (its end brings a continuation), or null for a paragraph.
  void open_run_in(std::string title, int line, cmark_node* list) {
    pending_section_.reset();
    const int level = (base_section_ == Section::npos ? 0 : doc_.sections[base_section_].level) + 1;
    open_section(SectionKind::run_in, level, line);
    doc_.sections.back().title = std::move(title);
    run_in_list_ = list;
  }

  void thematic_break(cmark_node* node) {
    if (!structure_here(node)) return;
    flush_notes();  // the notes of the section that ends here
    run_in_list_ = nullptr;
    const int level =
        base_section_ == Section::npos ? 1 : std::max(1, doc_.sections[base_section_].level);
    pending_section_ = PendingSection{SectionKind::thematic_break, level, Section::npos};
  }

  void list(cmark_node* node) {
    open_unit(UnitKind::list, line_of(node));
    std::size_t items = 0, tasks = 0, done = 0;
    for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item)) {
      ++items;
      if (std::string_view(cmark_node_get_type_string(item)) == "tasklist") {
        ++tasks;
        if (cmark_gfm_extensions_get_tasklist_item_checked(item)) ++done;
      }
    }
    std::string announcement = tasks > 0 ? "Task list, " : "List, ";
    announcement += plural(items, "item", "items");
    if (tasks > 0) announcement += ", " + std::to_string(done) + " done";
    add_sentence(new_owner(BlockKind::list), 0, announcement + ".", line_of(node));
  }

  void block_quote(cmark_node* node) {
    open_unit(UnitKind::block_quote, line_of(node));
    std::size_t parts = 0;
    bool all_paragraphs = true;
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
      ++parts;
      all_paragraphs = all_paragraphs && cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH;
    }
    if (parts == 0) {
      doc_.units.pop_back();  // an empty quote: nothing to announce or skip
      open_units_.back() = Section::npos;
      return;
    }
    add_sentence(new_owner(BlockKind::quote), 0,
                 "Quote, " + (all_paragraphs ? plural(parts, "paragraph.", "paragraphs.")
                                             : plural(parts, "part.", "parts.")),
                 line_of(node));
  }

  void open_unit(UnitKind kind, int line) {
    Unit unit;
    unit.kind = kind;
    unit.first_sentence = doc_.sentences.size();
    unit.source_line = line;
    doc_.units.push_back(unit);
    open_units_.push_back(doc_.units.size() - 1);
  }

  void close_unit() {
    if (open_units_.empty()) return;
    const std::size_t index = open_units_.back();
    open_units_.pop_back();
    if (index == Section::npos) return;
    Unit& unit = doc_.units[index];
    unit.sentence_count = doc_.sentences.size() - unit.first_sentence;
  }

  void close_section() {
    Section& section = doc_.sections.back();
    section.block_count = doc_.blocks.size() - section.first_block;
    section.sentence_count = doc_.sentences.size() - section.first_sentence;
    if (section.title.empty() && (section.kind == SectionKind::thematic_break ||
                                  section.kind == SectionKind::continuation)) {
      section.title = first_words(section);
    }
  }

  // A break or continuation is titled by the first words of its first sentence that is the
  // document's own (not an announcement): "Beyond increasing our practical collaboration ...".
  std::string first_words(const Section& section) const {
    for (std::size_t i = section.first_sentence;
         i < section.first_sentence + section.sentence_count; ++i) {
      const Sentence& sentence = doc_.sentences[i];
      if (document::is_announcement(doc_.blocks[sentence.block_index].kind)) continue;
      constexpr std::size_t kWords = 6;
      std::size_t words = 0, end = 0;
      bool in_word = false;
      for (std::size_t k = 0; k < sentence.text.size(); ++k) {
        const bool space = sentence.text[k] == ' ';
        if (!space && !in_word && ++words > kWords) break;
        if (!space) end = k + 1;
        in_word = !space;
      }
      std::string title = sentence.text.substr(0, end);
      if (end < sentence.text.size()) title += " ...";
      return title;
    }
    return {};
  }

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
  std::vector<std::size_t> open_units_;  // indices into doc_.units; npos for a skipped one

  std::vector<Note> notes_;                 // footnote definitions; index + 1 is the note number
  std::vector<std::size_t> pending_notes_;  // note numbers to read at the section's end
  bool in_note_ = false;
  Owner note_owner_{-1, BlockKind::note};
};

// Registering the extensions writes global tables: once per process.
void register_extensions() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

}  // namespace

Document read_markdown(const document::SourceText& source, const ReadOptions& options) {
  Document doc;
  doc.name = source.name;
  doc.warnings = source.warnings;
  const FrontMatter front = read_front_matter(source.bytes, source.name, doc.warnings);
  doc.metadata = front.metadata;
  const std::string_view body = std::string_view(source.bytes).substr(front.length_bytes);

  register_extensions();
  std::unique_ptr<cmark_parser, CmarkParserDeleter> parser(
      cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES));
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"}) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  cmark_parser_feed(parser.get(), body.data(), body.size());
  std::unique_ptr<cmark_node, CmarkNodeDeleter> root(cmark_parser_finish(parser.get()));
  Builder builder(doc, options);
  builder.read(root.get(), front.line_count);
  return doc;
}

}  // namespace voxmark::markdown
