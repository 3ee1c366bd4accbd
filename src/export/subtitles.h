// Subtitles for an audiobook, timed from the samples written: each sentence wrapped to at most
// two lines of 42 characters a cue (the broadcast limit most players and readers are made
// for); a longer sentence becomes several cues, each starting when its first word is spoken.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "speech/engine.h"

namespace voxmark::audiobook {

enum class SubtitleFormat { vtt, srt };

// From a file name's extension (.vtt or .srt). Throws Error(usage) otherwise.
SubtitleFormat subtitle_format_from(const std::filesystem::path& path);
std::string_view extension_of(SubtitleFormat format);

inline constexpr std::size_t kMaxCueLineChars = 42;  // characters (code points) a line
inline constexpr std::size_t kMaxCueLines = 2;

struct SubtitleCue {
  std::uint64_t start_sample = 0;  // in the audio file
  std::uint64_t end_sample = 0;    // one past the last sample it covers
  std::string text;                // one or two lines, joined by '\n'
};

// A sentence's place in its file and its words' timings (speech::WordTiming: sample offsets
// from the sentence's start, byte ranges of `text`).
struct SentenceTiming {
  std::string_view text;
  std::uint64_t start_sample = 0;
  std::uint64_t end_sample = 0;
  std::vector<speech::WordTiming> words;
};

// The cues of one sentence, contiguous: the first starts with the sentence, each ends where the
// next begins, the last ends with the sentence. A cue starts at the word event of its first
// word; where the engine gave none for that word, at a time interpolated by the text's length
// between the nearest words it did time. A word longer than a line is cut at the line's end.
std::vector<SubtitleCue> sentence_cues(const SentenceTiming& sentence);

// Renders cues as WebVTT or SubRip. Times are the sample positions converted to
// milliseconds (rounded down), the finest both formats hold.
std::string render_subtitles(SubtitleFormat format, const std::vector<SubtitleCue>& cues,
                             int sample_rate_hz);

// A sample position in whole milliseconds, rounded down: the one conversion subtitles and
// talking books (SMIL clip times, the read-along page) share, so all agree to the millisecond.
inline std::uint64_t sample_to_ms(std::uint64_t sample, int sample_rate_hz) {
  return sample * 1000 / static_cast<std::uint64_t>(sample_rate_hz);
}

// "01:02:03.456" (vtt) or "01:02:03,456" (srt) for a sample position.
std::string subtitle_timestamp(SubtitleFormat format, std::uint64_t sample, int sample_rate_hz);

}  // namespace voxmark::audiobook
