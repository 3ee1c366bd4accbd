// Reading a document's bytes from a file, standard input or the bundled op-ed, and
// making them valid UTF-8 text before anything parses them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace voxmark::document {

// A document's text as read, valid UTF-8, with what was repaired on the way.
struct SourceText {
  std::string name;   // for messages: the path, "-" (stdin) or "(bundled)"
  std::string bytes;  // valid UTF-8; invalid sequences and NUL bytes became U+FFFD
  std::vector<Warning> warnings;
};

// What the user names on the command line: a path, "-" for standard input, or empty for
// the bundled op-ed.
// Throws Error: no_input (missing, unreadable, a directory), data (a binary file),
// io (a read failed part-way).
SourceText load_source(const std::string& path_or_dash);

// Replaces invalid UTF-8 and NUL bytes with U+FFFD; reports the first of each with its line.
// Exposed for tests and for text arriving by other ways.
SourceText sanitize_utf8(std::string name, std::string_view raw);

// True when `text` needs no repair: valid UTF-8, no NUL byte and no byte-order mark at its
// start.
bool is_clean_utf8(std::string_view text);

// True when the bytes look like a binary file (image, archive, executable), not text.
bool looks_binary(std::string_view raw);

}  // namespace voxmark::document
