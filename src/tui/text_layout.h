// Text on a terminal grid: display widths (a CJK character or an emoji takes two columns, a
// combining accent none), word wrapping, the highlighted word, and the escape sequences that
// draw it. Pure functions, so the layout is tested without a terminal.
#pragma once

#include "common/format.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace voxmark::tui {

// Columns one code point takes on a terminal (0, 1 or 2), from ICU's East Asian Width and
// general category, so it does not depend on the process locale as wcwidth() does.
// Control characters count 1: they are drawn as U+FFFD (see sanitized()).
int code_point_width(char32_t c);

// Columns a UTF-8 string takes (invalid bytes count as one U+FFFD each).
int display_width(std::string_view utf8);

// Text made safe to print: control characters (C0, DEL, C1: a document could otherwise
// move the cursor or change the terminal's settings) become U+FFFD, tabs and newlines
// become spaces. Invalid UTF-8 becomes U+FFFD.
std::string sanitized(std::string_view utf8);

// At most `width_columns` columns of sanitized text; a cut is marked with "…".
std::string truncate_to_width(std::string_view utf8, int width_columns);

// Sanitized text padded with spaces to `width_columns` (never cut).
std::string pad_to_width(std::string_view utf8, int width_columns);

// One screen line of wrapped text: the bytes [begin_byte, end_byte) of the text, without
// the spaces at the break.
struct LineSpan {
  std::size_t begin_byte = 0;
  std::size_t end_byte = 0;
  int width_columns = 0;
};

// Wraps UTF-8 text to lines of at most `width_columns` (at least 1) columns, breaking where
// Unicode line breaking allows (ICU: between words, after hyphens, between CJK characters);
// a word longer than a line is cut between characters. Never returns an empty list: empty
// text is one empty line.
std::vector<LineSpan> wrap_text(std::string_view utf8, int width_columns);

// The index of the line holding byte `byte` (the last line when it lies beyond).
std::size_t line_of_byte(const std::vector<LineSpan>& lines, std::size_t byte);

// The escape sequences the screen uses. Empty strings draw nothing, which is how plain
// mode and tests get text without escapes.
struct Palette {
  std::string highlight_on;  // the word being spoken
  std::string highlight_off;
  std::string bar_on;  // the status bar
  std::string bar_off;
  std::string selected_on;  // the chosen row in the outline
  std::string selected_off;
  std::string dim_on;  // hints
  std::string dim_off;
};

// NO_COLOR (https://no-color.org): set and not empty.
bool no_color_requested();

// With colour: the spoken word in bold black on yellow, as reading tools highlight it.
// Without (NO_COLOR): reverse video and underline only, which respect the listener's own
// colour scheme and stay visible on any of them.
Palette terminal_palette(bool no_color);

// A palette of empty strings.
Palette plain_palette();

// One wrapped line of `text`, with the bytes [highlight_begin, highlight_end) wrapped in
// the palette's highlight (clipped to the line). The text is sanitized.
std::string render_line(std::string_view text, const LineSpan& line, std::size_t highlight_begin,
                        std::size_t highlight_end, const Palette& palette);


// "1.5x", "1x", "0.8x".
std::string format_speed(double speed_factor);

}  // namespace voxmark::tui
