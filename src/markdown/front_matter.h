// YAML front matter at the top of a Markdown file ("---" ... "---"): metadata, never spoken.
#pragma once

#include <string_view>

#include "document/document.h"

namespace voxmark::markdown {

struct FrontMatter {
  document::Metadata metadata;
  // Bytes at the start of the text taken by the front matter (0 when there is none),
  // and its line count, so that the body keeps its source line numbers.
  std::size_t length_bytes = 0;
  int line_count = 0;
};

// Parses front matter with yaml-cpp. Keys read: title, author, source, language (or lang).
// Only a YAML mapping counts; anything else stays Markdown. Invalid YAML adds a Warning.
FrontMatter read_front_matter(std::string_view text, std::string_view name,
                              std::vector<Warning>& warnings);

}  // namespace voxmark::markdown
