#include "tui/plain_reporter.h"

#include <cctype>
#include <cmath>

#include "tui/text_layout.h"

namespace voxmark::tui {

PlainReporter::PlainReporter(const document::Document& doc, const StatusText& status)
    : doc_(doc), status_(status) {}

std::string PlainReporter::intro_line(const std::string& help_key,
                                      const std::string& quit_key) const {
  const std::size_t count = doc_.sentences.size();
  return sanitized(status_.document_title()) + ": " + std::to_string(count) +
         (count == 1 ? " sentence" : " sentences") + ", about " +
         format_duration(status_.total_seconds()) + ". Press " + help_key + " for the keys, " +
         quit_key + " to quit.";
}

std::vector<std::string> PlainReporter::update(const player::PlayerSnapshot& s) {
  std::vector<std::string> lines;
  if (doc_.sentences.empty()) return lines;
  const std::size_t sentence = std::min(s.sentence, doc_.sentences.size() - 1);

  if (started_) {
    if (s.paused != paused_ && !s.finished) lines.push_back(s.paused ? "Paused" : "Playing");
    if (std::abs(s.speed_factor - speed_factor_) > 1e-9) {
      lines.push_back("Speed " + format_speed(s.speed_factor));
    }
    if (s.volume_percent != volume_percent_) {
      lines.push_back("Volume " + std::to_string(s.volume_percent) + "%");
    }
  } else if (s.paused) {
    lines.push_back("Paused");
  }

  // A sentence starts: a new one, or the same one from its beginning again (repeat), which
  // shows as the spoken word moving back.
  const bool starts = !started_ || sentence != sentence_ || s.word_begin_byte < word_begin_byte_;
  if (starts && !s.finished) {
    const document::Sentence& text = doc_.sentences[sentence];
    const std::size_t section_index = text.section_index;
    const document::Section* section =
        section_index < doc_.sections.size() ? &doc_.sections[section_index] : nullptr;
    const bool new_section = !started_ || section_index != section_;
    bool is_title = false;
    if (new_section && section != nullptr && !section->title.empty()) {
      lines.push_back("Section " + std::to_string(section_index + 1) + ": " +
                      sanitized(section->title));
      // The heading is usually the section's first sentence: saying it twice in a row
      // would only slow the listener down.
      is_title = text.block_index < doc_.blocks.size() &&
                 doc_.blocks[text.block_index].kind == document::BlockKind::heading &&
                 text.text == section->title;
    }
    if (!is_title) lines.push_back(sanitized(text.text));
    section_ = section_index;
  }
  if (s.cues != cues_ && !s.cue_reason.empty()) {
    // The earcon's words, for a braille display: "Nothing further that way".
    std::string line = sanitized(s.cue_reason);
    line[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(line[0])));
    lines.push_back(line);
  }
  if (s.finished && !finished_) lines.push_back("Finished");

  started_ = true;
  sentence_ = sentence;
  word_begin_byte_ = s.word_begin_byte;
  paused_ = s.paused;
  finished_ = s.finished;
  cues_ = s.cues;
  speed_factor_ = s.speed_factor;
  volume_percent_ = s.volume_percent;
  return lines;
}

}  // namespace voxmark::tui
