// Quoting text from a file or a document inside a message for the terminal.
#pragma once

#include <string>
#include <string_view>

namespace voxmark {

// `text` made safe to quote in a one-line message (errors and warnings are one line, see
// error.h): line feeds, tabs and other C0 controls, DEL and C1 controls (U+0080..U+009F)
// become visible escapes ("\n", "\t", "\x1b", "\u009b"), and so do bytes that are not UTF-8.
// A crafted key file, preset or document thus cannot break a message over lines or send
// terminal control sequences (ESC [ ...) through it.
std::string printable(std::string_view text);

}  // namespace voxmark
