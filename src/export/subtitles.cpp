#include "export/subtitles.h"

#include <algorithm>
#include <cstdio>

#include "common/error.h"
#include "common/format.h"

namespace voxmark::audiobook {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

struct Token {
  std::size_t begin = 0;  // bytes into the sentence's text
  std::size_t end = 0;
  std::size_t chars = 0;
};

// Words split at white space; a word longer than a line is cut into pieces that fit.
std::vector<Token> tokens_of(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    Token t{i, i, 0};
    while (t.end < text.size() && !is_space(text[t.end])) {
      std::size_t next = t.end + 1;
      while (next < text.size() && continuation(text[next])) ++next;
      if (t.chars == kMaxCueLineChars) {
        tokens.push_back(t);
        t = Token{t.end, t.end, 0};
      }
      t.end = next;
      ++t.chars;
    }
    tokens.push_back(t);
    i = t.end;
  }
  return tokens;
}

}  // namespace

std::vector<SubtitleCue> sentence_cues(const SentenceTiming& s) {
  const std::vector<Token> tokens = tokens_of(s.text);
  if (tokens.empty()) return {{s.start_sample, s.end_sample, ""}};
  // Lay the words out: lines of at most kMaxCueLineChars, cues of at most kMaxCueLines lines.
  struct Layout {
    std::size_t first_token;
    std::vector<std::string> lines;
  };
  std::vector<Layout> layout;
  std::size_t line_chars = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    const std::string_view word = s.text.substr(t.begin, t.end - t.begin);
    const bool fits = !layout.empty() && !layout.back().lines.back().empty() &&
                      line_chars + 1 + t.chars <= kMaxCueLineChars;
    if (fits) {
      layout.back().lines.back() += ' ';
      layout.back().lines.back() += word;
      line_chars += 1 + t.chars;
      continue;
    }
    if (layout.empty() || layout.back().lines.size() == kMaxCueLines) {
      layout.push_back({k, {std::string(word)}});
    } else {
      layout.back().lines.emplace_back(word);
    }
    line_chars = t.chars;
  }

  // Anchors (byte, sample offset): the sentence's ends and every word the engine timed, in order.
  const std::uint64_t duration = s.end_sample - s.start_sample;
  std::vector<std::pair<std::size_t, std::uint64_t>> anchors{{0, 0}};
  for (const speech::WordTiming& w : s.words) {
    if (w.text_begin_byte > anchors.back().first && w.sample_offset >= anchors.back().second &&
        w.text_begin_byte < s.text.size() && w.sample_offset <= duration) {
      anchors.emplace_back(w.text_begin_byte, w.sample_offset);
    }
  }
  anchors.emplace_back(s.text.size(), duration);
  const auto offset_of = [&](const Token& t) -> std::uint64_t {
    // A word the engine timed (its event may start inside the token, after a quote mark).
    for (const auto& [byte, sample] : anchors) {
      if (byte >= t.begin && byte < t.end) return sample;
    }
    auto after =
        std::upper_bound(anchors.begin(), anchors.end(),
                         std::pair<std::size_t, std::uint64_t>(t.begin, ~std::uint64_t{0}));
    const auto before = std::prev(after);
    if (after == anchors.end()) return before->second;
    const double f = static_cast<double>(t.begin - before->first) /
                     static_cast<double>(after->first - before->first);
    return before->second +
           static_cast<std::uint64_t>(f * static_cast<double>(after->second - before->second));
  };

  std::vector<SubtitleCue> cues;
  for (std::size_t c = 0; c < layout.size(); ++c) {
    std::uint64_t start =
        c == 0 ? s.start_sample : s.start_sample + offset_of(tokens[layout[c].first_token]);
    if (!cues.empty()) {
      // Never before (or at) the previous cue's start; never past the sentence's end.
      start = std::clamp(start, cues.back().start_sample + 1, s.end_sample);
      cues.back().end_sample = start;
    }
    std::string text = layout[c].lines.front();
    for (std::size_t l = 1; l < layout[c].lines.size(); ++l) text += "\n" + layout[c].lines[l];
    cues.push_back({start, s.end_sample, std::move(text)});
  }
  return cues;
}

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
  return format_timestamp(sample_to_ms(sample, sample_rate_hz),
                          format == SubtitleFormat::vtt ? '.' : ',');
}

std::string render_subtitles(SubtitleFormat format, const std::vector<SubtitleCue>& cues,
                             int sample_rate_hz) {
  std::string out = format == SubtitleFormat::vtt ? "WEBVTT\n\n" : "";
  for (std::size_t i = 0; i < cues.size(); ++i) {
    std::string text = cues[i].text;
    // A blank line would end the cue early, and "-->" would be read as timing in WebVTT.
    for (std::size_t at; (at = text.find("\n\n")) != std::string::npos;) text.erase(at, 1);
    while (text.starts_with('\n')) text.erase(0, 1);
    while (text.ends_with('\n')) text.pop_back();
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
