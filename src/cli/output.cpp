#include "cli/output.h"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "player/position_store.h"

namespace voxmark::cli {

void print_warnings(const std::vector<Warning>& warnings) {
  for (const Warning& w : warnings) {
    std::cerr << "voxmark: warning: " << w.where << ": " << w.message << "\n";
  }
}

document::Document load_document(const std::string& path, const markdown::ReadOptions& options,
                                 bool with_key) {
  const document::SourceText source = document::load_source(path);
  document::Document doc = markdown::read_markdown(source, options);
  if (with_key) {
    doc.key = player::document_key(path.empty() ? "(bundled)" : path == "-" ? "(stdin)" : path,
                                   source.bytes);
  }
  print_warnings(doc.warnings);
  doc.warnings.clear();
  if (doc.sentences.empty()) {
    const bool blank = source.bytes.find_first_not_of(" \t\r\n") == std::string::npos;
    throw Error(ExitCode::data,
                doc.name + (blank ? ": the document is empty; nothing to read"
                                  : ": nothing to read (only markup, HTML or front matter); "
                                    "check that this is the right file"));
  }
  return doc;
}

}  // namespace voxmark::cli
