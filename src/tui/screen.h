// The full screen, as rows of text with escape sequences: a pure function of the document,
// the player's snapshot and the UI state, so it is tested without a terminal.
//
//   row 1   Title — Section title                          (reverse video bar)
//   row 2   Playing · sentence 12 of 240 · 1.5x · volume 100% · 0:42 · about 6:10 left
//   row 3   (blank)
//   rows 4… the current sentence, word-wrapped, the spoken word highlighted
//           (or the outline, or the help, while open)
//   last    the keys to remember, or a message ("x is not bound; press ? for the keys")
//
// Rows are dropped from the top on very small terminals; the sentence always stays.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "document/document.h"
#include "player/player.h"
#include "tui/controller.h"
#include "tui/status.h"
#include "tui/text_layout.h"

namespace voxmark::tui {

struct Frame {
  std::vector<std::string> rows;  // exactly the screen's height; each fits its width
  int cursor_row = 0;             // 0-based: where the (hidden) cursor rests, on the spoken
  int cursor_column = 0;          // word, so that screen magnifiers follow the reading
};

// Threads: one owner. Keeps references to `doc` and `status`.
class Screen {
 public:
  Screen(const document::Document& doc, const StatusText& status,
         std::vector<std::string> help_lines, std::string hint_line);

  Frame render(const player::PlayerSnapshot& s, const UiState& ui, int width_columns,
               int height_rows, const Palette& palette);

  // Rows the sentence, the outline or the help get at this height (for PageUp/PageDown).
  static int body_rows(int height_rows);
  // Columns of text and the left margin: lines stay short enough to read comfortably on a
  // wide terminal.
  static int text_columns(int width_columns);
  static int margin_columns(int width_columns);

 private:
  const std::vector<LineSpan>& wrapped(std::size_t sentence, int columns);
  void render_sentence(const player::PlayerSnapshot& s, int width, int first_row, int rows,
                       const Palette& palette, Frame& frame);
  void render_outline(const UiState& ui, int width, int first_row, int rows, const Palette& palette,
                      Frame& frame);
  void render_help(const UiState& ui, int width, int first_row, int rows, Frame& frame);

  const document::Document& doc_;
  const StatusText& status_;
  std::vector<std::string> help_lines_;
  std::string hint_line_;
  // The last sentence wrapped, since the snapshot changes far more often than the sentence.
  std::size_t wrapped_sentence_ = static_cast<std::size_t>(-1);
  int wrapped_columns_ = -1;
  std::vector<LineSpan> wrapped_lines_;
};

}  // namespace voxmark::tui
