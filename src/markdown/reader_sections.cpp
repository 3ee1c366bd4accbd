// Builder's structure: sections (headings, run-ins, breaks, continuations) and units (lists,
// block quotes) opened and closed, with their announcements and titles.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <string>

#include "markdown/reader_builder.h"

namespace voxmark::markdown::detail {

void Builder::open_section(SectionKind kind, int level, int line, std::size_t continues) {
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
bool Builder::structure_here(cmark_node* node) const {
  if (options_.structure != StructureMode::full || in_note_ || !node) return false;
  cmark_node* parent = cmark_node_parent(node);
  return parent && cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT;
}

// A run-in heading opens a section one level below the section it is in. `list` is the list
// whose item it opens (its end brings a continuation), or null for a paragraph.
void Builder::open_run_in(std::string title, int line, cmark_node* list) {
  pending_section_.reset();
  const int level = (base_section_ == Section::npos ? 0 : doc_.sections[base_section_].level) + 1;
  open_section(SectionKind::run_in, level, line);
  doc_.sections.back().title = std::move(title);
  run_in_list_ = list;
}

void Builder::thematic_break(cmark_node* node) {
  if (!structure_here(node)) return;
  flush_notes();  // the notes of the section that ends here
  run_in_list_ = nullptr;
  const int level =
      base_section_ == Section::npos ? 1 : std::max(1, doc_.sections[base_section_].level);
  pending_section_ = PendingSection{SectionKind::thematic_break, level, Section::npos};
}

void Builder::list(cmark_node* node) {
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

void Builder::block_quote(cmark_node* node) {
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

void Builder::open_unit(UnitKind kind, int line) {
  Unit unit;
  unit.kind = kind;
  unit.first_sentence = doc_.sentences.size();
  unit.source_line = line;
  doc_.units.push_back(unit);
  open_units_.push_back(doc_.units.size() - 1);
}

void Builder::close_unit() {
  if (open_units_.empty()) return;
  const std::size_t index = open_units_.back();
  open_units_.pop_back();
  if (index == Section::npos) return;
  Unit& unit = doc_.units[index];
  unit.sentence_count = doc_.sentences.size() - unit.first_sentence;
}

void Builder::close_section() {
  Section& section = doc_.sections.back();
  section.block_count = doc_.blocks.size() - section.first_block;
  section.sentence_count = doc_.sentences.size() - section.first_sentence;
  if (section.title.empty() &&
      (section.kind == SectionKind::thematic_break || section.kind == SectionKind::continuation)) {
    section.title = first_words(section);
  }
}

// A break or continuation is titled by the first words of its first sentence that is the
// document's own (not an announcement): "Beyond increasing our practical collaboration ...".
std::string Builder::first_words(const Section& section) const {
  const auto words_of = [](const std::string& text) {
    constexpr std::size_t kWords = 6;
    std::size_t words = 0, end = 0;
    bool in_word = false;
    for (std::size_t k = 0; k < text.size(); ++k) {
      const bool space = text[k] == ' ';
      if (!space && !in_word && ++words > kWords) break;
      if (!space) end = k + 1;
      in_word = !space;
    }
    return end < text.size() ? text.substr(0, end) + " ..." : text.substr(0, end);
  };
  const std::size_t first = section.first_sentence;
  const std::size_t end = section.first_sentence + section.sentence_count;
  for (std::size_t i = first; i < end; ++i) {
    const Sentence& sentence = doc_.sentences[i];
    if (document::is_announcement(doc_.blocks[sentence.block_index].kind)) continue;
    // A code block's first sentence is its announcement ("Code block, sh, 1 line."), not
    // the document's words.
    if (doc_.blocks[sentence.block_index].kind == document::BlockKind::code_block &&
        (i == 0 || doc_.sentences[i - 1].block_index != sentence.block_index)) {
      continue;
    }
    return words_of(sentence.text);
  }
  // Only announcements (a code block that is not read, a list of links): the first says
  // what is there, which is better than no title.
  return first < end ? words_of(doc_.sentences[first].text) : std::string();
}

}  // namespace voxmark::markdown::detail
