// Markdown -> document model: cmark parses, this walks the tree and decides what is spoken.
#pragma once

#include "document/document.h"
#include "document/source.h"

namespace voxmark::markdown {

struct ReadOptions {
  // Code blocks are announced ("Code block, python, 12 lines.") unless this is set; then
  // each non-empty line is read as a sentence.
  bool read_code_blocks = false;
};

// What is spoken: text with emphasis and other markup removed; link text kept and URLs
// dropped; images as their alt text; inline code as its text; HTML never; entities decoded;
// headings as their own sentence; code blocks as above.
// Never throws for any input text; an input with nothing to say gives a Document with no
// sentences (callers decide whether that is an error).
document::Document read_markdown(const document::SourceText& source,
                                 const ReadOptions& options = {});

}  // namespace voxmark::markdown
