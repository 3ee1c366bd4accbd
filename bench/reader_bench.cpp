// voxmark's reading of a Markdown file without the voxmark process around it, and cmark-gfm's
// parse alone with the options and extensions voxmark uses: the two figures that split
// `voxmark sentences --json` into start-up, cmark-gfm's parse, voxmark's own reading and the
// output (bench/sentences_bench.sh). Linked with --as-needed, so only cmark-gfm, ICU and what
// the reader uses are loaded (not FFmpeg): it runs under callgrind too.
//
// Usage: voxmark_reader_bench parse|read FILE
//   parse: cmark-gfm parses the file (source positions, footnotes; tables, strikethrough,
//          autolinks, task lists, tag filter, as markdown/markdown_reader.cpp does), the tree
//          is walked once with cmark_iter and freed. Prints the number of nodes.
//   read:  document::load_source + markdown::read_markdown, as every voxmark command reads a
//          document. Prints the number of sentences.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "document/source.h"
#include "markdown/markdown_reader.h"

namespace {

std::size_t parse_only(const std::string& bytes) {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"}) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, extension);
    }
  }
  cmark_parser_feed(parser, bytes.data(), bytes.size());
  cmark_node* root = cmark_parser_finish(parser);
  std::size_t nodes = 0;
  cmark_iter* iter = cmark_iter_new(root);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    if (ev == CMARK_EVENT_ENTER) ++nodes;
  }
  cmark_iter_free(iter);
  cmark_node_free(root);
  cmark_parser_free(parser);
  return nodes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "parse") != 0 && std::strcmp(argv[1], "read") != 0)) {
    std::cerr << "usage: voxmark_reader_bench parse|read FILE\n";
    return 64;
  }
  if (std::strcmp(argv[1], "read") == 0) {
    const voxmark::document::SourceText source = voxmark::document::load_source(argv[2]);
    std::cout << voxmark::markdown::read_markdown(source).sentences.size() << "\n";
    return 0;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "voxmark_reader_bench: cannot open " << argv[2] << "\n";
    return 66;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::cout << parse_only(text.str()) << "\n";
  return 0;
}
