#include "tui/status.h"

#include <algorithm>

#include "tui/text_layout.h"

namespace voxmark::tui {

StatusText::StatusText(const document::Document& doc, double rate_wpm)
    : doc_(doc), rate_wpm_(rate_wpm > 0 ? rate_wpm : 175.0) {
  words_before_.reserve(doc.sentences.size() + 1);
  words_before_.push_back(0);
  for (const document::Sentence& s : doc.sentences) {
    words_before_.push_back(words_before_.back() + s.word_count);
  }
}

std::string StatusText::document_title() const {
  return doc_.metadata.title.empty() ? doc_.name : doc_.metadata.title;
}

std::string StatusText::title_line(const player::PlayerSnapshot& s) const {
  std::string line = document_title();
  if (s.sentence < doc_.sentences.size()) {
    const std::size_t section = doc_.sentences[s.sentence].section_index;
    // A document's first heading is often its title: no need to say it twice.
    if (section < doc_.sections.size() && !doc_.sections[section].title.empty() &&
        doc_.sections[section].title != line) {
      line += " \xE2\x80\x94 " + doc_.sections[section].title;  // an em dash
    }
  }
  return line;
}

std::string StatusText::state_word(const player::PlayerSnapshot& s) {
  if (s.finished) return "Finished";
  return s.paused ? "Paused" : "Playing";
}

double StatusText::remaining_seconds(const player::PlayerSnapshot& s) const {
  if (doc_.sentences.empty() || s.finished) return 0;
  const std::size_t current = std::min(s.sentence, doc_.sentences.size() - 1);
  const document::Sentence& sentence = doc_.sentences[current];
  // The part of the current sentence not yet heard, by its share of the text.
  const double heard_share =
      sentence.text.empty()
          ? 0.0
          : std::min(1.0, static_cast<double>(s.word_begin_byte) / sentence.text.size());
  const double words = static_cast<double>(words_before_.back() - words_before_[current + 1]) +
                       static_cast<double>(sentence.word_count) * (1.0 - heard_share);
  const double speed = s.speed_factor > 0 ? s.speed_factor : 1.0;
  return words * 60.0 / (rate_wpm_ * speed);
}

double StatusText::total_seconds() const {
  return static_cast<double>(words_before_.back()) * 60.0 / rate_wpm_;
}

std::string StatusText::status_line(const player::PlayerSnapshot& s, int width_columns) const {
  struct Part {
    std::string text;
    int drop_order;  // lower is dropped first when the line is too narrow
  };
  const std::size_t count = doc_.sentences.size();
  const std::size_t number = count == 0 ? 0 : std::min(s.sentence, count - 1) + 1;
  std::vector<Part> parts = {
      {state_word(s), 9},
      {"sentence " + std::to_string(number) + " of " + std::to_string(count), 8},
      {format_speed(s.speed_factor), 7},
      {"volume " + std::to_string(s.volume_percent) + "%", 1},
      {format_duration(s.heard_seconds), 3},
      {"about " + format_duration(remaining_seconds(s)) + " left", 5},
  };
  const std::string separator = " \xC2\xB7 ";  // a middle dot
  for (;;) {
    std::string line;
    for (const Part& p : parts) line += (line.empty() ? "" : separator) + p.text;
    if (display_width(line) <= width_columns || parts.size() == 1) {
      return truncate_to_width(line, width_columns);
    }
    const auto lowest =
        std::min_element(parts.begin(), parts.end(),
                         [](const Part& a, const Part& b) { return a.drop_order < b.drop_order; });
    parts.erase(lowest);
  }
}

}  // namespace voxmark::tui
