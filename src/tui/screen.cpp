#include "tui/screen.h"

#include <algorithm>

namespace voxmark::tui {
namespace {

// Longer lines are hard to follow back to their start, more so with dyslexia.
constexpr int kMaxTextColumns = 72;

std::string spaces(int n) { return std::string(static_cast<std::size_t>(std::max(0, n)), ' '); }

}  // namespace

Screen::Screen(const document::Document& doc, const StatusText& status,
               std::vector<std::string> help_lines, std::string hint_line)
    : doc_(doc),
      status_(status),
      help_lines_(std::move(help_lines)),
      hint_line_(std::move(hint_line)) {}

int Screen::body_rows(int height_rows) { return height_rows >= 5 ? height_rows - 4 : 1; }

int Screen::margin_columns(int width_columns) { return width_columns >= 40 ? 2 : 0; }

int Screen::text_columns(int width_columns) {
  return std::max(1, std::min(kMaxTextColumns, width_columns - 2 * margin_columns(width_columns)));
}

const std::vector<LineSpan>& Screen::wrapped(std::size_t sentence, int columns) {
  if (sentence != wrapped_sentence_ || columns != wrapped_columns_) {
    wrapped_lines_ = wrap_text(doc_.sentences[sentence].text, columns);
    wrapped_sentence_ = sentence;
    wrapped_columns_ = columns;
  }
  return wrapped_lines_;
}

Frame Screen::render(const player::PlayerSnapshot& s, const UiState& ui, int width, int height,
                     const Palette& palette) {
  width = std::max(1, width);
  height = std::max(1, height);
  Frame frame;
  frame.rows.assign(static_cast<std::size_t>(height), "");
  const int margin = margin_columns(width);

  // Which fixed rows fit: the sentence first, then the status, the hint, the title.
  const bool has_status = height >= 2;
  const bool has_hint = height >= 3;
  const bool has_title = height >= 4;
  const bool has_blank = height >= 5;
  int row = 0;
  if (has_title) {
    const std::string title = truncate_to_width(spaces(margin) + status_.title_line(s), width);
    frame.rows[static_cast<std::size_t>(row++)] =
        palette.bar_on + pad_to_width(title, width) + palette.bar_off;
  }
  if (has_status) {
    frame.rows[static_cast<std::size_t>(row++)] =
        spaces(margin) + status_.status_line(s, width - margin);
  }
  if (has_blank) ++row;
  const int body_first = row;
  const int body_count = body_rows(height);
  if (has_hint) {
    const std::string& text = ui.message.empty() ? hint_line_ : ui.message;
    // One column short of the edge: some terminals scroll when the last cell is written.
    frame.rows.back() = truncate_to_width(spaces(margin) + text, width - 1);
  }
  frame.cursor_row = body_first;
  frame.cursor_column = margin;

  switch (ui.overlay) {
    case Overlay::none:
      render_sentence(s, width, body_first, body_count, palette, frame);
      break;
    case Overlay::outline:
      render_outline(ui, width, body_first, body_count, palette, frame);
      break;
    case Overlay::help:
      render_help(ui, width, body_first, body_count, frame);
      break;
  }
  return frame;
}

void Screen::render_sentence(const player::PlayerSnapshot& s, int width, int first_row, int rows,
                             const Palette& palette, Frame& frame) {
  const int margin = margin_columns(width);
  if (doc_.sentences.empty()) {
    frame.rows[static_cast<std::size_t>(first_row)] = spaces(margin) + "(nothing to read)";
    return;
  }
  const std::size_t sentence = std::min(s.sentence, doc_.sentences.size() - 1);
  const std::string& text = doc_.sentences[sentence].text;
  const std::vector<LineSpan>& lines = wrapped(sentence, text_columns(width));
  const bool has_word = s.word_length_bytes > 0 && s.word_begin_byte < text.size();
  const std::size_t word_begin = has_word ? s.word_begin_byte : 0;
  const std::size_t word_end = has_word ? s.word_begin_byte + s.word_length_bytes : 0;
  const std::size_t word_line = has_word ? line_of_byte(lines, word_begin) : 0;
  // Whole pages rather than scrolling line by line: text that stays put is easier to follow.
  const auto page_rows = static_cast<std::size_t>(rows);
  const std::size_t first_line = word_line / page_rows * page_rows;
  for (std::size_t i = 0; i < page_rows && first_line + i < lines.size(); ++i) {
    const LineSpan& line = lines[first_line + i];
    frame.rows[static_cast<std::size_t>(first_row) + i] =
        spaces(margin) + render_line(text, line, word_begin, word_end, palette);
  }
  const LineSpan& cursor_line = lines[word_line];
  frame.cursor_row = first_row + static_cast<int>(word_line - first_line);
  frame.cursor_column =
      margin + (has_word ? display_width(std::string_view(text).substr(
                               cursor_line.begin_byte, word_begin - cursor_line.begin_byte))
                         : 0);
}

void Screen::render_outline(const UiState& ui, int width, int first_row, int rows,
                            const Palette& palette, Frame& frame) {
  const int margin = margin_columns(width);
  std::string header = "Outline: Up and Down choose, Enter goes there, Escape closes";
  if (!ui.outline_typed.empty()) header += " \xC2\xB7 section " + ui.outline_typed;
  frame.rows[static_cast<std::size_t>(first_row)] =
      truncate_to_width(spaces(margin) + header, width);
  const int list_rows = rows - 1;
  const std::size_t count = doc_.sections.size();
  if (list_rows <= 0 || count == 0) return;
  const auto visible = static_cast<std::size_t>(list_rows);
  const std::size_t selected = std::min(ui.outline_selected, count - 1);
  // Keep the choice in the middle of the list while there is room to.
  std::size_t first = selected > visible / 2 ? selected - visible / 2 : 0;
  if (count > visible)
    first = std::min(first, count - visible);
  else
    first = 0;
  for (std::size_t i = 0; i < visible && first + i < count; ++i) {
    const std::size_t index = first + i;
    const document::Section& section = doc_.sections[index];
    std::string label = spaces(2 * std::max(0, section.level - 1)) + section_label(doc_, index);
    if (index == ui.outline_playing) label += " (playing now)";
    const bool is_selected = index == selected;
    // The "> " marks the choice for those who cannot see reverse video (screen readers).
    const std::string text = truncate_to_width((is_selected ? "> " : "  ") + label, width - margin);
    frame.rows[static_cast<std::size_t>(first_row + 1) + i] =
        spaces(margin) + (is_selected ? palette.selected_on + text + palette.selected_off : text);
    if (is_selected) {
      frame.cursor_row = first_row + 1 + static_cast<int>(i);
      frame.cursor_column = margin;
    }
  }
}

void Screen::render_help(const UiState& ui, int width, int first_row, int rows, Frame& frame) {
  const int margin = margin_columns(width);
  frame.rows[static_cast<std::size_t>(first_row)] = truncate_to_width(
      spaces(margin) + "Keys: Up and Down scroll, Escape closes (playback goes on)", width);
  frame.cursor_row = first_row;
  const int list_rows = rows - 1;
  for (int i = 0; i < list_rows; ++i) {
    const std::size_t index = ui.help_first_line + static_cast<std::size_t>(i);
    if (index >= help_lines_.size()) break;
    frame.rows[static_cast<std::size_t>(first_row + 1 + i)] =
        spaces(margin) + truncate_to_width(help_lines_[index], width - margin);
  }
}

}  // namespace voxmark::tui
