// Builder's code and HTML: code blocks (announced, then read line by line with --read-code),
// inline HTML tags (silent, <br> a sentence break, <kbd> keys spelled) and HTML blocks (their
// text, as html_text.h finds it; <h1>..<h6> open sections as Markdown headings do).
#include <cmark-gfm.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "common/printable.h"
#include "markdown/html_text.h"
#include "markdown/reader_builder.h"

namespace voxmark::markdown::detail {
namespace {

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

}  // namespace

void Builder::html_inline(std::string_view html) {
  bool closing = false;
  const std::string name = tag_name(html, closing);
  if (name == "br") {
    target_->line_break('\n', false);
  } else if (name == "kbd" || name == "code") {  // inline HTML code, spelled as `code` is
    kbd_depth_ = closing ? std::max(0, kbd_depth_ - 1) : kbd_depth_ + 1;
  } else if (separates_words(name)) {
    target_->prose(" ");
  }
}

void Builder::html_block(cmark_node* node) {
  // Lines as libxml2 counts them, kept within the block and never going back (a lone CR is a
  // line end to cmark-gfm, not to libxml2).
  const int first_line = line_of(node);
  const int end_line = std::max(first_line, cmark_node_get_end_line(node) + line_offset_);
  int at = first_line;
  for (const HtmlPiece& piece : html_block_pieces(literal_of(node))) {
    at = std::clamp(first_line + piece.line - 1, at, end_line);
    const int line = at;
    const bool heading = piece.heading_level > 0 && !in_note_;  // in a note: the note's text
    if (heading) flush_notes();  // the notes of the section that ends here
    start_collecting(inline_, line);
    for (const HtmlSpan& span : piece.spans) {
      switch (span.kind) {
        case HtmlSpan::Kind::prose:
          inline_.prose(span.text);
          break;
        case HtmlSpan::Kind::literal:
          inline_.literal(span.text, false);
          break;
        case HtmlSpan::Kind::code:
          inline_.literal(spell_code(span.text), true);
          break;
        case HtmlSpan::Kind::sentence_break:
          inline_.line_break('\n', false);
          break;
        case HtmlSpan::Kind::line_break:
          inline_.line_break(' ', at < end_line);
          if (at < end_line) ++at;
          break;
      }
    }
    if (heading) {
      // The same path as a Markdown heading's (exit(), CMARK_NODE_HEADING).
      run_in_list_ = nullptr;
      pending_section_.reset();
      open_section(SectionKind::heading, piece.heading_level, line);
      emit_heading(new_owner(BlockKind::heading), piece.heading_level);
    } else {
      emit_text(owners_.empty() ? new_owner(BlockKind::paragraph) : owners_.back());
    }
  }
}

void Builder::code_block(cmark_node* node) {
  open_unit(UnitKind::code_block, line_of(node));
  code_block_sentences(node);
  close_unit();
}

void Builder::code_block_sentences(cmark_node* node) {
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
  // The language name alone, without attributes: "rust,ignore" and "{r echo=FALSE}" are
  // "rust" and "r"; "{.python}" is "python".
  info = info.substr(0, info.find(' '));
  info.erase(0, std::min(info.find_first_not_of("{."), info.size()));
  info = info.substr(0, info.find_first_of(",}"));
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

}  // namespace voxmark::markdown::detail
