// Quoting text from a file or a document inside a message for the terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace voxmark {

// `text` made safe to quote in a one-line message (errors and warnings are one line, see
// error.h): line feeds, tabs and other C0 controls, DEL and C1 controls (U+0080..U+009F)
// become visible escapes ("\n", "\t", "\x1b", "\u009b"), and so do bytes that are not UTF-8.
// A crafted key file, preset or document thus cannot break a message over lines or send
// terminal control sequences (ESC [ ...) through it.
std::string printable(std::string_view text);

// Replaces each control character in `text` from byte `from` on (C0 including tab and line
// feed, DEL, C1) by a space, in place; UTF-8 stays valid. For document text a listener sees or
// hears: a control character is nothing to say, and printed by `voxmark sentences` or drawn on
// the screen it would drive the terminal (ESC [ ...).
void controls_to_spaces(std::string& text, std::size_t from = 0);

}  // namespace voxmark
