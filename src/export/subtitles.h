// Subtitles for an audiobook: one cue per sentence, timed from the samples written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace voxmark::audiobook {

enum class SubtitleFormat { vtt, srt };

// From a file name's extension (.vtt or .srt). Throws Error(usage) otherwise.
SubtitleFormat subtitle_format_from(const std::filesystem::path& path);
std::string_view extension_of(SubtitleFormat format);

struct SubtitleCue {
  std::uint64_t start_sample = 0;  // first sample of the sentence in the audio file
  std::uint64_t end_sample = 0;    // one past its last sample
  std::string text;
};

// Renders cues as WebVTT or SubRip. Times are the sample positions converted to
// milliseconds (rounded down), the finest both formats hold.
std::string render_subtitles(SubtitleFormat format, const std::vector<SubtitleCue>& cues,
                             int sample_rate_hz);

// "01:02:03.456" (vtt) or "01:02:03,456" (srt) for a sample position.
std::string subtitle_timestamp(SubtitleFormat format, std::uint64_t sample, int sample_rate_hz);

}  // namespace voxmark::audiobook
