// --ui plain: what happens, as short lines and nothing else, for screen readers and braille
// displays. Each sentence is printed once, on its own line, as it starts; a change of state
// (paused, playing, speed, volume, a new section) is one short line. No escape sequences,
// no cursor movement, no redraws: every line printed stays true.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "document/document.h"
#include "player/player.h"
#include "tui/status.h"

namespace voxmark::tui {

// Threads: one owner. Keeps a reference to `doc`.
class PlainReporter {
 public:
  PlainReporter(const document::Document& doc, const StatusText& status);

  // "A new beginning: 240 sentences, about 25:00. Press ? for the keys, q to quit."
  std::string intro_line(const std::string& help_key, const std::string& quit_key) const;

  // The lines a new snapshot calls for (none when nothing a listener cares about changed).
  // The first call prints the sentence playback starts at.
  std::vector<std::string> update(const player::PlayerSnapshot& s);

 private:
  const document::Document& doc_;
  const StatusText& status_;
  bool started_ = false;
  std::size_t sentence_ = 0;
  std::size_t section_ = 0;
  std::size_t word_begin_byte_ = 0;
  bool paused_ = false;
  bool finished_ = false;
  std::uint64_t cues_ = 0;
  double speed_factor_ = 1.0;
  int volume_percent_ = 100;
};

}  // namespace voxmark::tui
