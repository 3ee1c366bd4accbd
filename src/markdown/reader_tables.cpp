// Builder's GFM tables: the table's line (from its delimiter row) and its announcement with
// the header row's names; rows and cells are walked in markdown_reader.cpp.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <string>

#include "markdown/reader_builder.h"

namespace voxmark::markdown::detail {

// The line of a table's header row. When a table follows paragraph lines without a blank line
// ("Prices:\n| a | b |\n|---|---|"), cmark-gfm gives the table and its header row the
// paragraph's start line. The header is the line before the delimiter row, which is the line
// before the first body row, or the table's last line when it has no body.
int Builder::table_line(cmark_node* node) const {
  cmark_node* header = cmark_node_first_child(node);
  cmark_node* body = header ? cmark_node_next(header) : nullptr;
  const int delimiter_line =
      body ? line_of(body) - 1 : std::max(1, cmark_node_get_end_line(node) + line_offset_);
  return std::max(line_of(node), delimiter_line - 1);
}

void Builder::table(cmark_node* node) {
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
      text.start(line_of(cell), english_number_words());
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
  text.start(table_line(node), english_number_words());
  text.literal(announcement, true);
  const Owner owner = new_owner(BlockKind::table);
  text.sentences(splitter_, level(),
                 [&](std::string s, int line) { add_sentence(owner, 0, std::move(s), line); });
}

}  // namespace voxmark::markdown::detail
