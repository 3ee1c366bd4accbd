#include "export/subtitles.h"

#include <cstdio>

#include "common/error.h"

namespace voxmark::audiobook {

SubtitleFormat subtitle_format_from(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".vtt" || ext == ".VTT") return SubtitleFormat::vtt;
  if (ext == ".srt" || ext == ".SRT") return SubtitleFormat::srt;
  throw Error(ExitCode::usage, "--subtitles " + path.string() +
                                   ": unknown subtitle format; name a .vtt or .srt file");
}

std::string_view extension_of(SubtitleFormat format) {
  return format == SubtitleFormat::vtt ? "vtt" : "srt";
}

std::string subtitle_timestamp(SubtitleFormat format, std::uint64_t sample, int sample_rate_hz) {
  const std::uint64_t ms = sample * 1000 / static_cast<std::uint64_t>(sample_rate_hz);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%02llu:%02llu:%02llu%c%03llu",
                static_cast<unsigned long long>(ms / 3600000),
                static_cast<unsigned long long>(ms / 60000 % 60),
                static_cast<unsigned long long>(ms / 1000 % 60),
                format == SubtitleFormat::vtt ? '.' : ',',
                static_cast<unsigned long long>(ms % 1000));
  return buffer;
}

std::string render_subtitles(SubtitleFormat format, const std::vector<SubtitleCue>& cues,
                             int sample_rate_hz) {
  std::string out = format == SubtitleFormat::vtt ? "WEBVTT\n\n" : "";
  for (std::size_t i = 0; i < cues.size(); ++i) {
    std::string text = cues[i].text;
    // A blank line would end the cue early, and "-->" would be read as timing in WebVTT.
    for (std::size_t at; (at = text.find('\n')) != std::string::npos;) text[at] = ' ';
    for (std::size_t at; (at = text.find("-->")) != std::string::npos;) text.replace(at, 3, "->");
    if (format == SubtitleFormat::vtt) {
      for (std::size_t at = 0; (at = text.find_first_of("&<", at)) != std::string::npos;) {
        text.replace(at, 1, text[at] == '&' ? "&amp;" : "&lt;");
        at += 4;
      }
    }
    out += std::to_string(i + 1) + "\n";
    out += subtitle_timestamp(format, cues[i].start_sample, sample_rate_hz) + " --> " +
           subtitle_timestamp(format, cues[i].end_sample, sample_rate_hz) + "\n";
    out += text + "\n\n";
  }
  return out;
}

}  // namespace voxmark::audiobook
