#include "markdown/markdown_reader.h"

#include <cmark.h>

#include <algorithm>
#include <memory>
#include <string>

#include "common/printable.h"
#include "markdown/front_matter.h"
#include "text/sentence_splitter.h"

namespace voxmark::markdown {
namespace {

using document::Block;
using document::BlockKind;
using document::Document;
using document::Section;
using document::Sentence;

struct CmarkNodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CmarkIterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

// Collapses white space runs to one space (keeping '\n', which ends a sentence) and trims.
std::string tidy(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\f\v\n";
  std::string out;
  out.reserve(text.size());
  // Whole runs of text are appended at once: this runs over every byte of the document.
  for (std::size_t pos = text.find_first_not_of(kSpace); pos != std::string_view::npos;) {
    const std::size_t end = std::min(text.find_first_of(kSpace, pos), text.size());
    if (!out.empty()) out.push_back(' ');
    out.append(text.data() + pos, end - pos);
    pos = text.find_first_not_of(kSpace, end);
  }
  return out;
}

// Accumulates the spoken text of one paragraph or heading, remembering where each source
// line starts in it so that every sentence can name its line.
struct InlineText {
  std::string text;
  std::vector<std::pair<std::size_t, int>> line_starts;  // (byte offset in text, line)
  cmark_node* lead_in = nullptr;  // strong emphasis opened before any text, if any

  void start(int line) {
    text.clear();
    line_starts.assign(1, {0, line});
    lead_in = nullptr;
  }
  void new_line(char separator) {
    text.push_back(separator);
    line_starts.emplace_back(text.size(), line_starts.back().second + 1);
  }
  int line_at(std::size_t offset) const {
    auto it = std::upper_bound(line_starts.begin(), line_starts.end(),
                               std::make_pair(offset, INT32_MAX));
    return std::prev(it)->second;
  }
};

class Builder {
 public:
  Builder(Document& doc, const ReadOptions& options)
      : doc_(doc), options_(options), splitter_(doc.metadata.language.empty()
                                                    ? std::string_view("en")
                                                    : std::string_view(doc.metadata.language)) {}

  void walk(cmark_node* root, int line_offset) {
    line_offset_ = line_offset;
    std::unique_ptr<cmark_iter, CmarkIterDeleter> iter(cmark_iter_new(root));
    for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
      cmark_node* node = cmark_iter_get_node(iter.get());
      if (ev == CMARK_EVENT_ENTER) {
        enter(node);
      } else {
        exit(node);
      }
    }
    if (!doc_.sections.empty()) close_section();
  }

 private:
  int line_of(cmark_node* node) const { return cmark_node_get_start_line(node) + line_offset_; }

  void enter(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_ITEM:
      case CMARK_NODE_BLOCK_QUOTE:
        owners_.push_back({next_owner_++, cmark_node_get_type(node) == CMARK_NODE_ITEM
                                              ? BlockKind::list_item
                                              : BlockKind::block_quote});
        break;
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
        collecting_ = true;
        inline_.start(line_of(node));
        break;
      case CMARK_NODE_CODE_BLOCK:
        code_block(node);
        break;
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        break;  // never spoken and never passed on: HTML is markup, not text
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        if (collecting_) {
          // Control characters, raw or from entities such as &#27;, become spaces (printable.h).
          const std::size_t from = inline_.text.size();
          inline_.text += cmark_node_get_literal(node);
          controls_to_spaces(inline_.text, from);
        }
        break;
      case CMARK_NODE_SOFTBREAK:
        if (collecting_) inline_.new_line(' ');
        break;
      case CMARK_NODE_LINEBREAK:
        if (collecting_) inline_.new_line('\n');  // a hard break ends a sentence
        break;
      case CMARK_NODE_STRONG:
        if (collecting_ && inline_.text.empty()) inline_.lead_in = node;
        break;
      default:
        break;
    }
  }

  void exit(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_ITEM:
      case CMARK_NODE_BLOCK_QUOTE:
        owners_.pop_back();
        break;
      case CMARK_NODE_PARAGRAPH: {
        collecting_ = false;
        const bool in_owner = !owners_.empty();
        const Owner owner = in_owner ? owners_.back() : Owner{next_owner_++, BlockKind::paragraph};
        emit_text(owner, 0);
        break;
      }
      case CMARK_NODE_HEADING: {
        collecting_ = false;
        open_section(cmark_node_get_heading_level(node), line_of(node));
        emit_text(Owner{next_owner_++, BlockKind::heading}, cmark_node_get_heading_level(node));
        break;
      }
      case CMARK_NODE_STRONG:
        // A bold lead-in such as "**Warning:** Do not ..." is heard as its own sentence.
        if (collecting_ && inline_.lead_in == node) {
          const std::string so_far = tidy(inline_.text);
          if (!so_far.empty() && std::string_view(".:!?").find(so_far.back()) != std::string::npos) {
            inline_.text.push_back('\n');
          }
        }
        break;
      default:
        break;
    }
  }

  struct Owner {
    int id;
    BlockKind kind;
  };

  void code_block(cmark_node* node) {
    const std::string literal = cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "";
    const Owner owner{next_owner_++, BlockKind::code_block};
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < literal.size();) {
      const std::size_t end = std::min(literal.find('\n', pos), literal.size());
      lines.emplace_back(literal.data() + pos, end - pos);
      pos = end + 1;
    }
    // A fenced block spans more source lines than it has code lines: its fence comes first.
    // (cmark 0.30 has no call that says whether a block is fenced.)
    const int source_lines = cmark_node_get_end_line(node) - cmark_node_get_start_line(node) + 1;
    const int first_line = line_of(node) + (source_lines > static_cast<int>(lines.size()) ? 1 : 0);
    if (options_.read_code_blocks) {
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string line(lines[i]);
        controls_to_spaces(line);
        std::string spoken = tidy(line);
        if (!spoken.empty()) add_sentence(owner, 0, std::move(spoken), first_line + int(i));
      }
      return;
    }
    std::string info = cmark_node_get_fence_info(node) ? cmark_node_get_fence_info(node) : "";
    controls_to_spaces(info);
    info = tidy(info);
    info = info.substr(0, info.find(' '));  // the language name, without attributes
    std::string announcement = "Code block";
    if (!info.empty()) announcement += ", " + info;
    announcement += ", " + std::to_string(lines.size()) + (lines.size() == 1 ? " line." : " lines.");
    add_sentence(owner, 0, std::move(announcement), line_of(node));
  }

  void emit_text(const Owner& owner, int heading_level) {
    const std::string& text = inline_.text;
    if (heading_level > 0) {
      // A heading is one sentence, whatever punctuation it holds.
      std::string spoken = tidy(text);
      doc_.sections.back().title = spoken;
      if (!spoken.empty()) add_sentence(owner, heading_level, std::move(spoken), inline_.line_at(0));
      return;
    }
    for (const text::ByteRange& range : splitter_.split(text)) {
      std::string spoken = tidy(std::string_view(text).substr(range.begin, range.end - range.begin));
      if (!spoken.empty()) {
        add_sentence(owner, 0, std::move(spoken), inline_.line_at(range.begin));
      }
    }
  }

  void add_sentence(const Owner& owner, int heading_level, std::string spoken, int line) {
    if (doc_.sections.empty()) open_section(0, line);  // text before any heading: a preamble
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

  void open_section(int level, int line) {
    if (!doc_.sections.empty()) close_section();
    Section section;
    section.level = level;
    section.source_line = line;
    section.first_block = doc_.blocks.size();
    section.first_sentence = doc_.sentences.size();
    // The parent is the nearest earlier heading of a lower level; the preamble is nobody's.
    std::size_t parent = doc_.sections.empty() ? Section::npos : doc_.sections.size() - 1;
    while (parent != Section::npos &&
           (doc_.sections[parent].level >= level || doc_.sections[parent].level == 0)) {
      parent = doc_.sections[parent].parent;
    }
    section.parent = level == 0 ? Section::npos : parent;
    doc_.sections.push_back(std::move(section));
  }

  void close_section() {
    Section& section = doc_.sections.back();
    section.block_count = doc_.blocks.size() - section.first_block;
    section.sentence_count = doc_.sentences.size() - section.first_sentence;
  }

  Document& doc_;
  const ReadOptions& options_;
  text::SentenceSplitter splitter_;
  std::vector<Owner> owners_;  // enclosing list items and block quotes, innermost last
  int next_owner_ = 0;
  int last_block_owner_ = -1;
  bool collecting_ = false;
  InlineText inline_;
  int line_offset_ = 0;
};

}  // namespace

Document read_markdown(const document::SourceText& source, const ReadOptions& options) {
  Document doc;
  doc.name = source.name;
  doc.warnings = source.warnings;
  const FrontMatter front = read_front_matter(source.bytes, source.name, doc.warnings);
  doc.metadata = front.metadata;
  const std::string_view body = std::string_view(source.bytes).substr(front.length_bytes);

  std::unique_ptr<cmark_node, CmarkNodeDeleter> root(
      cmark_parse_document(body.data(), body.size(), CMARK_OPT_SOURCEPOS));
  Builder builder(doc, options);
  builder.walk(root.get(), front.line_count);
  return doc;
}

}  // namespace voxmark::markdown
