// Builder's structure: sections (headings, run-ins, breaks, continuations) and units (lists,
// block quotes) opened and closed, with their announcements and titles.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

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

namespace {

// GitHub's alerts: a quote whose first line is "[!NOTE]", "[!TIP]", "[!IMPORTANT]",
// "[!WARNING]" or "[!CAUTION]" (any case) is shown as a titled box, not a quote. Returns the
// title ("Tip") and takes the marker out of the tree, or returns "" and changes nothing.
std::string take_alert_marker(cmark_node* quote) {
  cmark_node* paragraph = cmark_node_first_child(quote);
  if (!paragraph || cmark_node_get_type(paragraph) != CMARK_NODE_PARAGRAPH) return {};
  // The marker's text nodes up to the line's end (cmark-gfm splits "[!TIP]" at the brackets).
  std::string marker;
  cmark_node* end = cmark_node_first_child(paragraph);
  for (; end && cmark_node_get_type(end) == CMARK_NODE_TEXT; end = cmark_node_next(end)) {
    marker += literal_of(end);
    if (marker.size() > 16) return {};
  }
  if (end && cmark_node_get_type(end) != CMARK_NODE_SOFTBREAK &&
      cmark_node_get_type(end) != CMARK_NODE_LINEBREAK) {
    return {};
  }
  std::string kind = marker.size() > 3 && marker.rfind("[!", 0) == 0 && marker.back() == ']'
                         ? marker.substr(2, marker.size() - 3)
                         : std::string();
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::string_view kKinds[] = {"note", "tip", "important", "warning", "caution"};
  if (std::find(std::begin(kKinds), std::end(kKinds), kind) == std::end(kKinds)) return {};
  // Out of the tree: the marker, the line break after it, and the paragraph if that was all.
  const cmark_node* stop = end ? cmark_node_next(end) : nullptr;
  for (cmark_node* n = cmark_node_first_child(paragraph); n != stop;) {
    cmark_node* next = cmark_node_next(n);
    cmark_node_free(n);  // unlinks it first
    n = next;
  }
  if (!cmark_node_first_child(paragraph)) cmark_node_free(paragraph);
  kind[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kind[0])));
  return kind;
}

}  // namespace

void Builder::take_alerts(cmark_node* root) {
  // Collected first, changed after: cmark's iterator holds on to the node it visits next.
  std::vector<cmark_node*> quotes;
  cmark_iter* iter = cmark_iter_new(root);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(iter);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE) {
      quotes.push_back(n);
    }
  }
  cmark_iter_free(iter);
  for (cmark_node* quote : quotes) {
    if (std::string title = take_alert_marker(quote); !title.empty()) alerts_[quote] = title;
  }
}

void Builder::block_quote(cmark_node* node) {
  const auto found = alerts_.find(node);
  const std::string alert = found == alerts_.end() ? std::string() : found->second;
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
               (alert.empty() ? "Quote" : alert) + ", " +
                   (all_paragraphs ? plural(parts, "paragraph.", "paragraphs.")
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
