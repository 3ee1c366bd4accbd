#include "tui/text_layout.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace voxmark::tui {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

// One code point of `text` at `i`: its value (U+FFFD when invalid) and its byte length.
struct CodePoint {
  char32_t value;
  std::size_t length;
  bool valid;
};
CodePoint code_point_at(std::string_view text, std::size_t i) {
  int32_t next = static_cast<int32_t>(i);
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), next, static_cast<int32_t>(text.size()),
          c);
  const auto length = static_cast<std::size_t>(next) - i;
  if (c < 0) return {0xFFFD, length, false};
  return {static_cast<char32_t>(c), length, true};
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); }

bool is_break_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void append_sanitized(std::string& out, std::string_view text, std::size_t i, const CodePoint& cp) {
  if (!cp.valid) {
    out += kReplacement;
  } else if (cp.value == '\t' || cp.value == '\n' || cp.value == '\r') {
    out += ' ';
  } else if (is_control(cp.value)) {
    out += kReplacement;
  } else {
    out.append(text.substr(i, cp.length));
  }
}

int width_of(std::string_view text, std::size_t begin, std::size_t end) {
  int width = 0;
  for (std::size_t i = begin; i < end;) {
    const CodePoint cp = code_point_at(text, i);
    width += code_point_width(cp.value);
    i += cp.length;
  }
  return width;
}

// Where Unicode line breaking allows a break, with whether the break is mandatory (a line
// feed). Always starts with 0 and ends with text.size().
struct BreakPoint {
  std::size_t byte;
  bool hard;
};
std::vector<BreakPoint> line_breaks(std::string_view text) {
  std::vector<BreakPoint> breaks;
  UErrorCode status = U_ZERO_ERROR;
  // Created once: building a line iterator costs far more than using it. The UI calls this
  // from one thread; thread_local keeps other callers (tests) safe.
  thread_local std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status));
  UText* utext = nullptr;
  if (iterator && U_SUCCESS(status)) {
    utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  }
  if (utext != nullptr && U_SUCCESS(status)) {
    iterator->setText(utext, status);
  }
  if (utext != nullptr && U_SUCCESS(status)) {
    // With UTF-8 text, ICU's native indices are byte offsets.
    for (int32_t p = iterator->first(); p != icu::BreakIterator::DONE; p = iterator->next()) {
      const int32_t rule = iterator->getRuleStatus();
      breaks.push_back(
          {static_cast<std::size_t>(p), rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT});
    }
  }
  if (utext != nullptr) {
    // The iterator keeps a shallow clone of the UText; point it at nothing before the text
    // goes away.
    UErrorCode ignored = U_ZERO_ERROR;
    UText* empty = utext_openUTF8(nullptr, "", 0, &ignored);
    iterator->setText(empty, ignored);
    utext_close(empty);
    utext_close(utext);
  }
  if (breaks.empty() || breaks.front().byte != 0 || breaks.back().byte != text.size()) {
    // ICU unavailable: break after runs of spaces, which covers languages written with them.
    breaks.clear();
    breaks.push_back({0, false});
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (is_break_space(text[i]) && i + 1 < text.size() && !is_break_space(text[i + 1])) {
        breaks.push_back({i + 1, text[i] == '\n'});
      }
    }
    if (breaks.back().byte != text.size()) breaks.push_back({text.size(), false});
  }
  return breaks;
}

}  // namespace

int code_point_width(char32_t c) {
  if (is_control(c)) return 1;
  if (c == 0x00AD) return 1;  // a soft hyphen: terminals draw it
  const int8_t type = u_charType(static_cast<UChar32>(c));
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  // Hangul vowels and final consonants join the syllable before them.
  if (c >= 0x1160 && c <= 0x11FF) return 0;
  const int east_asian = u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_EAST_ASIAN_WIDTH);
  if (east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH) return 2;
  return 1;
}

int display_width(std::string_view utf8) { return width_of(utf8, 0, utf8.size()); }

std::string sanitized(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const CodePoint cp = code_point_at(utf8, i);
    append_sanitized(out, utf8, i, cp);
    i += cp.length;
  }
  return out;
}

std::string truncate_to_width(std::string_view utf8, int width_columns) {
  if (width_columns <= 0) return "";
  if (display_width(utf8) <= width_columns) return sanitized(utf8);
  std::string out;
  int width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const CodePoint cp = code_point_at(utf8, i);
    const int w = code_point_width(cp.value);
    if (width + w > width_columns - 1) break;  // keep a column for the ellipsis
    append_sanitized(out, utf8, i, cp);
    width += w;
    i += cp.length;
  }
  return out + std::string(kEllipsis);
}

std::string pad_to_width(std::string_view utf8, int width_columns) {
  std::string out = sanitized(utf8);
  const int width = display_width(utf8);
  if (width < width_columns) out.append(static_cast<std::size_t>(width_columns - width), ' ');
  return out;
}

std::vector<LineSpan> wrap_text(std::string_view text, int width_columns) {
  const int limit = std::max(1, width_columns);
  std::vector<LineSpan> lines;
  const std::vector<BreakPoint> breaks = line_breaks(text);

  LineSpan line;  // the line being filled
  bool has_content = false;
  int full_width = 0;  // the line's width including the spaces after its last word
  auto emit = [&] {
    lines.push_back(line);
    has_content = false;
    full_width = 0;
  };

  for (std::size_t k = 1; k < breaks.size(); ++k) {
    const std::size_t seg_begin = breaks[k - 1].byte;
    const std::size_t seg_end = breaks[k].byte;
    std::size_t visible_end = seg_end;
    while (visible_end > seg_begin && is_break_space(text[visible_end - 1])) --visible_end;
    const int seg_width = width_of(text, seg_begin, visible_end);
    const int space_width = width_of(text, visible_end, seg_end);

    if (has_content && full_width + seg_width > limit) {
      emit();
    }
    if (!has_content) {
      line = LineSpan{seg_begin, seg_begin, 0};
      full_width = 0;
    }
    if (!has_content && seg_width > limit) {
      // A word wider than the line (a long URL): cut it between characters.
      std::size_t piece_begin = seg_begin;
      int piece_width = 0;
      for (std::size_t i = seg_begin; i < visible_end;) {
        const CodePoint cp = code_point_at(text, i);
        const int w = code_point_width(cp.value);
        if (piece_width + w > limit && piece_width > 0) {
          lines.push_back(LineSpan{piece_begin, i, piece_width});
          piece_begin = i;
          piece_width = 0;
        }
        piece_width += w;
        i += cp.length;
      }
      line = LineSpan{piece_begin, visible_end, piece_width};
      full_width = piece_width + space_width;
      has_content = true;
    } else {
      line.end_byte = visible_end;
      line.width_columns = full_width + seg_width;
      full_width += seg_width + space_width;
      has_content = true;
    }
    if (breaks[k].hard && k + 1 < breaks.size()) emit();
  }
  if (has_content || lines.empty()) lines.push_back(line);
  return lines;
}

std::size_t line_of_byte(const std::vector<LineSpan>& lines, std::size_t byte) {
  std::size_t index = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].begin_byte <= byte) index = i;
  }
  return index;
}

bool no_color_requested() {
  const char* value = std::getenv("NO_COLOR");
  return value != nullptr && value[0] != '\0';
}

Palette terminal_palette(bool no_color) {
  Palette p;
  if (no_color) {
    p.highlight_on = "\x1b[7;4m";
    p.highlight_off = "\x1b[27;24m";
  } else {
    p.highlight_on = "\x1b[1;30;43m";
    p.highlight_off = "\x1b[22;39;49m";
  }
  p.bar_on = "\x1b[7m";
  p.bar_off = "\x1b[27m";
  p.selected_on = "\x1b[7m";
  p.selected_off = "\x1b[27m";
  return p;
}

Palette plain_palette() { return Palette{}; }

std::string render_line(std::string_view text, const LineSpan& line, std::size_t highlight_begin,
                        std::size_t highlight_end, const Palette& palette) {
  std::string out;
  bool on = false;
  for (std::size_t i = line.begin_byte; i < line.end_byte && i < text.size();) {
    const bool want = i >= highlight_begin && i < highlight_end;
    if (want != on) {
      out += want ? palette.highlight_on : palette.highlight_off;
      on = want;
    }
    const CodePoint cp = code_point_at(text, i);
    append_sanitized(out, text, i, cp);
    i += cp.length;
  }
  if (on) out += palette.highlight_off;
  return out;
}

std::string format_speed(double speed_factor) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", speed_factor);
  std::string s = buffer;
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s + "x";
}

}  // namespace voxmark::tui
