// read_markdown, and Builder's walk of cmark-gfm's tree: paragraphs, headings, lists and quotes
// item by item, inline text, links, and where sentences, blocks and sections are added.
#include "markdown/markdown_reader.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "markdown/front_matter.h"
#include "markdown/reader_builder.h"
#include "markdown/run_in.h"
#include "markdown/spoken_text.h"

namespace voxmark::markdown {
namespace detail {

void Builder::read(cmark_node* root, int line_offset) {
  line_offset_ = line_offset;
  // cmark-gfm moves the footnote definitions that are referred to to the end of the
  // document, numbered in order of first reference: definition N is note N.
  for (cmark_node* n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) notes_.push_back({n});
  }
  take_alerts(root);
  // One text node for each run of text: cmark-gfm splits text at every bracket and special
  // character, and some readings need the whole run ("[c]reate", below).
  cmark_consolidate_text_nodes(root);
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

int Builder::line_of(cmark_node* node) const {
  int line = cmark_node_get_start_line(node);
  // The paragraph cmark-gfm keeps in front of a table made from its last lines has no source
  // position; it starts where the table node says the paragraph started.
  if (line == 0 && cmark_node_next(node) &&
      cmark_node_get_type(cmark_node_next(node)) == CMARK_NODE_TABLE) {
    line = cmark_node_get_start_line(cmark_node_next(node));
  }
  return std::max(1, line + line_offset_);
}

// Walks `root`'s subtree; footnote definitions below it are skipped (they are read as notes).
void Builder::walk(cmark_node* root) {
  std::unique_ptr<cmark_iter, CmarkIterDeleter> iter(cmark_iter_new(root));
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (ev == CMARK_EVENT_ENTER) {
      const bool skip = node != root && cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_DEFINITION;
      if (skip || !enter(node)) cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);
    } else {
      exit(node);
    }
  }
}

namespace {

// "**Warning**" alone on the first line of a paragraph, the text on the next line: the label
// is said as a sentence of its own, as it is seen ("Warning" / "This deletes files."), not
// run into the text ("Warning This deletes files."). A label that ends in punctuation
// ("**Note:**") already says where it ends; a lower-case next line continues the sentence.
bool label_line_ends_here(cmark_node* softbreak) {
  cmark_node* label = cmark_node_previous(softbreak);
  if (!label || cmark_node_get_type(label) != CMARK_NODE_STRONG ||
      cmark_node_previous(label) != nullptr) {
    return false;
  }
  cmark_node* last = cmark_node_last_child(label);
  if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT) return false;
  const std::string label_text = literal_of(last);
  if (label_text.empty() ||
      std::string_view(".:!?;,").find(label_text.back()) != std::string_view::npos) {
    return false;
  }
  cmark_node* next = cmark_node_next(softbreak);
  if (!next) return false;
  if (cmark_node_get_type(next) != CMARK_NODE_TEXT) return true;
  const std::string next_text = literal_of(next);
  return next_text.empty() || !(next_text.front() >= 'a' && next_text.front() <= 'z');
}

// tldr-style letter hints inside words: "[c]reate a g[z]ipped archive" is "create a gzipped
// archive" (one to three letters in brackets, directly followed by a letter). Anything else in
// brackets is left as written.
std::string without_letter_hints(std::string text) {
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  for (std::size_t open = text.find('['); open != std::string::npos; open = text.find('[', open)) {
    std::size_t close = open + 1;
    while (close < text.size() && close - open <= 3 && is_letter(text[close])) ++close;
    if (close > open + 1 && close < text.size() && text[close] == ']' && close + 1 < text.size() &&
        is_letter(text[close + 1])) {
      text.erase(close, 1);
      text.erase(open, 1);
      open = close - 1;
    } else {
      ++open;
    }
  }
  return text;
}

// "3. " for the third item of an ordered list (as it is shown: the list's start number
// counted on, "3) " for a list written with parentheses); "" for a bullet list. Steps and
// numbered clauses ("0. Definitions.") are referred to by their numbers.
std::string item_number(cmark_node* item) {
  cmark_node* list = cmark_node_parent(item);
  if (!list || cmark_node_get_list_type(list) != CMARK_ORDERED_LIST) return {};
  long number = cmark_node_get_list_start(list);
  for (cmark_node* n = cmark_node_previous(item); n; n = cmark_node_previous(n)) ++number;
  return std::to_string(number) +
         (cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ") " : ". ");
}

}  // namespace

// Returns false when the node's children are not to be visited.
bool Builder::enter(cmark_node* node) {
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
      pending_prefix_ = item_number(node);
      if (std::string_view(cmark_node_get_type_string(node)) == "tasklist") {
        pending_prefix_ +=
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
      html_block(node);
      break;
    case CMARK_NODE_HTML_INLINE:
      if (target_) html_inline(literal_of(node));
      break;
    case CMARK_NODE_TEXT:
      if (target_) {
        if (kbd_depth_ > 0) {
          target_->literal(spell_code(literal_of(node)), true);
        } else {
          target_->prose(without_letter_hints(literal_of(node)));
        }
      }
      break;
    case CMARK_NODE_CODE:
      if (target_) target_->literal(spell_code(literal_of(node)), true);
      break;
    case CMARK_NODE_SOFTBREAK:
      if (target_) target_->line_break(label_line_ends_here(node) ? '\n' : ' ', true);
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

void Builder::exit(cmark_node* node) {
  const cmark_node_type type = cmark_node_get_type(node);
  if (type == CMARK_NODE_TABLE_CELL) {
    if (row_is_header_) {
      headers_.push_back(cell_.whole(level()));
      target_ = nullptr;
    } else {
      if (inline_.raw().find_first_not_of(" \t\n", cell_start_) == std::string::npos) {
        inline_.literal("blank", false);
      }
      // Prose, so that it follows a named symbol without a space ("check mark.").
      if (!ends_with_terminal(inline_.raw())) inline_.prose(".");
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

void Builder::start_collecting(SpokenText& text, int line) {
  target_ = &text;
  text.start(line, english_number_words());
  lead_in_ = nullptr;
  kbd_depth_ = 0;  // an inline <kbd> or <code> left open ends with its paragraph
  if (!pending_prefix_.empty()) {
    text.literal(pending_prefix_, false);
    pending_prefix_.clear();
  }
}

// A link whose text is a URL (a bare URL, an autolink) or an e-mail address: said as
// --urls asks, as one unit. Returns false for an ordinary link (its text is read).
bool Builder::url_link(cmark_node* node) {
  cmark_node* child = cmark_node_first_child(node);
  if (!child || cmark_node_next(child) || cmark_node_get_type(child) != CMARK_NODE_TEXT)
    return false;
  const std::string text = literal_of(child);
  const char* url_c = cmark_node_get_url(node);
  const std::string url = url_c ? url_c : "";
  // <dev@example.org> and <mailto:dev@example.org> alike: the address.
  if (url.starts_with("mailto:") && (url.substr(7) == text || url == text)) {
    target_->literal(url.substr(7), true);
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

void Builder::emit_text(const Owner& owner) {
  target_ = nullptr;
  inline_.sentences(splitter_, level(),
                    [&](std::string s, int line) { add_sentence(owner, 0, std::move(s), line); });
}

void Builder::emit_heading(const Owner& owner, int heading_level) {
  target_ = nullptr;
  // A heading is one sentence, whatever punctuation it holds.
  std::string spoken = inline_.whole(level());
  doc_.sections.back().title = spoken;
  if (!spoken.empty()) add_sentence(owner, heading_level, std::move(spoken), line_of_heading_);
}

void Builder::add_sentence(const Owner& owner, int heading_level, std::string spoken, int line) {
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

}  // namespace detail

namespace {

using document::Document;

struct CmarkNodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CmarkParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};

// Registering the extensions writes global tables: once per process.
void register_extensions() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

// Whether cmark-gfm's autolink extension could find anything in `body`: it links only text with
// "://" after a scheme (http, https, ftp), "www." or an "@" (an e-mail address), and it looks
// for the "@" after entities are decoded ("jane&#64;example.com", "&commat;"). Without them
// it leaves the tree as it was, but costs a third of the parse on prose: it makes every 'w'
// and ':' a special character, where the inline parser stops and asks it.
bool may_hold_autolinks(std::string_view body) {
  return body.find('@') != std::string_view::npos || body.find("://") != std::string_view::npos ||
         body.find("www.") != std::string_view::npos || body.find("&#") != std::string_view::npos ||
         body.find("&commat;") != std::string_view::npos;
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
    if (std::string_view(name) == "autolink" && !may_hold_autolinks(body)) continue;
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  cmark_parser_feed(parser.get(), body.data(), body.size());
  std::unique_ptr<cmark_node, CmarkNodeDeleter> root(cmark_parser_finish(parser.get()));
  detail::Builder builder(doc, options);
  builder.read(root.get(), front.line_count);
  return doc;
}

}  // namespace voxmark::markdown