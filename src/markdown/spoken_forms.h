// How characters that are not words are said: symbol names for code and for prose at each
// punctuation level, emoji by their Unicode names, URLs as their host. Pure functions of the
// text; the reader (markdown_reader.cpp) decides where each applies.
#pragma once

#include <string>
#include <string_view>

namespace voxmark::markdown {

// How much punctuation prose says (like NVDA's and eSpeak NG's levels). Code is always spelled.
//   none: only letters, digits and the pause punctuation , . ; : ! ? reach the voice; every
//         other symbol is left out ("R&D" -> "R D", "50%" -> "50").
//   some: symbols as eSpeak NG says them by default: # & % * @ / ~ + = \ $ are named, the
//         pause punctuation pauses, brackets and quotes are silent.
//   all:  every punctuation character and symbol is named ("Hello, world." -> "Hello comma,
//         world dot."), except an apostrophe or hyphen inside a word and a decimal point or
//         thousands separator inside a number; the pause punctuation still pauses.
enum class PunctuationLevel { none, some, all };

// How URLs are said (bare URLs, autolinks and links whose text is a URL).
//   full: the whole URL; host: "link to example.org" (the default); none: "link".
enum class UrlMode { full, host, none };

// Code (an inline code span, a <kbd> key, a code block line with --read-code): every
// character kept and every symbol named, so that `,` and `--` and `|` are heard:
// "--read-code" -> "dash dash read dash code". White space is folded; the result is trimmed.
std::string spell_code(std::string_view utf8);

// Prose at a punctuation level, with emoji read by name ("😀" -> "grinning face") at every
// level, and with `english_number_words` dates, ranges and money in English words
// (spoken_numbers.h). Appends to `out`. `utf8` must be valid UTF-8.
void speak_prose(std::string_view utf8, PunctuationLevel level, bool english_number_words,
                 std::string& out);

// True when prose at this level may differ from its input (a fast path skips the rest).
bool prose_needs_rewrite(std::string_view utf8, PunctuationLevel level);

// True for text written as a URL: a scheme ("https://", "ftp://") or "www.".
bool looks_like_url(std::string_view text);

// A URL as said in `mode`: "https://www.example.org/a/b?c" -> "link to example.org" (host),
// the URL itself (full), "link" (none). "mailto:" addresses are read as the address.
std::string speak_url(std::string_view url, UrlMode mode);

}  // namespace voxmark::markdown
