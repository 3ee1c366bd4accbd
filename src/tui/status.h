// The words of the status line: where playback is, how fast, and how long is left.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "document/document.h"
#include "player/player.h"

namespace voxmark::tui {

// Threads: immutable after construction. Keeps a reference to `doc`.
class StatusText {
 public:
  // `rate_wpm`: the voice's words per minute at speed 1, for the time estimates.
  StatusText(const document::Document& doc, double rate_wpm);

  // The document's title (its file name when the front matter has none).
  std::string document_title() const;
  // "Title — Section title" (just the title before the first heading).
  std::string title_line(const player::PlayerSnapshot& s) const;
  // "Playing · sentence 12 of 240 · 1.5x · volume 100% · 0:42 · about 6:10 left", dropping
  // the least useful parts (volume first) until it fits `width_columns`.
  std::string status_line(const player::PlayerSnapshot& s, int width_columns) const;
  // "Playing", "Paused" or "Finished".
  static std::string state_word(const player::PlayerSnapshot& s);
  // Listening time left from the current word at the current speed (pauses not counted).
  double remaining_seconds(const player::PlayerSnapshot& s) const;
  // Listening time of the whole document at speed 1.
  double total_seconds() const;

 private:
  const document::Document& doc_;
  double rate_wpm_;
  std::vector<std::size_t> words_before_;  // words in sentences [0, i); one more than sentences
};

}  // namespace voxmark::tui
