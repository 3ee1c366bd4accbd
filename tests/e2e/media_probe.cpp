#include "media_probe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <regex>
#include <sstream>

#include "run_process.h"

namespace voxmark::test {
namespace {

// A number after `label` in ffmpeg's log (the last occurrence: the summary), "-inf" as -1000.
double number_after(const std::string& text, const std::string& label) {
  const auto at = text.rfind(label);
  if (at == std::string::npos) {
    ADD_FAILURE() << "no '" << label << "' in ffmpeg's output:\n" << text.substr(0, 2000);
    return NAN;
  }
  std::string value = text.substr(at + label.size(), 32);
  value.erase(0, value.find_first_not_of(" \t"));
  if (value.starts_with("-inf")) return -1000;
  return std::stod(value);
}

std::string ffmpeg_filter_log(const std::string& path, const std::string& filter) {
  const auto r = run_process({"/usr/bin/ffmpeg", "-hide_banner", "-nostats", "-i", path, "-af",
                              filter, "-f", "null", "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.err;
}

}  // namespace

nlohmann::json ffprobe(const std::string& path) {
  const auto r = run_process({"/usr/bin/ffprobe", "-v", "error", "-show_format", "-show_streams",
                              "-show_chapters", "-of", "json", path});
  EXPECT_EQ(r.exit_code, 0) << path << ": " << r.err;
  if (r.exit_code != 0) return nlohmann::json::object();
  return nlohmann::json::parse(r.out);
}

std::string probed_tag(const nlohmann::json& probe, const std::string& key) {
  const auto find_in = [&](const nlohmann::json& tags) -> std::string {
    if (!tags.is_object()) return "";
    for (const auto& [k, v] : tags.items()) {
      if (strcasecmp(k.c_str(), key.c_str()) == 0) return v.get<std::string>();
    }
    return "";
  };
  if (probe.contains("format") && probe["format"].contains("tags")) {
    const std::string v = find_in(probe["format"]["tags"]);
    if (!v.empty()) return v;
  }
  return probe.contains("streams") && !probe["streams"].empty() &&
                 probe["streams"][0].contains("tags")
             ? find_in(audio_stream(probe)["tags"])
             : "";
}

std::vector<ProbedChapter> probed_chapters(const nlohmann::json& probe) {
  std::vector<ProbedChapter> out;
  if (!probe.contains("chapters")) return out;
  for (const auto& c : probe["chapters"]) {
    ProbedChapter p;
    p.start_seconds = std::stod(c["start_time"].get<std::string>());
    p.end_seconds = std::stod(c["end_time"].get<std::string>());
    if (c.contains("tags") && c["tags"].contains("title")) p.title = c["tags"]["title"];
    out.push_back(p);
  }
  return out;
}

const nlohmann::json& audio_stream(const nlohmann::json& probe) {
  static const nlohmann::json none = nlohmann::json::object();
  if (!probe.contains("streams")) return none;
  for (const auto& s : probe["streams"]) {
    if (s["codec_type"] == "audio") return s;
  }
  return none;
}

Loudness measure_loudness(const std::string& path) {
  const std::string log = ffmpeg_filter_log(path, "ebur128=peak=true");
  return {number_after(log, "I:"), number_after(log, "Peak:")};
}

Levels measure_levels(const std::string& path) {
  const std::string log = ffmpeg_filter_log(path, "astats");
  return {number_after(log, "RMS level dB:"), number_after(log, "Peak level dB:"),
          number_after(log, "Noise floor dB:")};
}

std::vector<Silence> detect_silences(const std::string& path, double noise_db, double min_seconds) {
  const std::string log =
      ffmpeg_filter_log(path, "silencedetect=noise=" + std::to_string(noise_db) +
                                  "dB:d=" + std::to_string(min_seconds));
  std::vector<Silence> out;
  const std::regex start("silence_start: (-?[0-9.e+-]+)"), end("silence_end: ([0-9.e+-]+)");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), start); it != std::sregex_iterator();
       ++it) {
    out.push_back({std::stod((*it)[1]), -1});
  }
  std::size_t i = 0;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), end); it != std::sregex_iterator();
       ++it) {
    if (i < out.size()) out[i++].end_seconds = std::stod((*it)[1]);
  }
  // A silence running to the end has no silence_end line: it ends with the file.
  if (!out.empty() && out.back().end_seconds < 0) {
    out.back().end_seconds = std::stod(ffprobe(path)["format"]["duration"].get<std::string>());
  }
  return out;
}

std::vector<std::int16_t> decode(const std::string& path) {
  const auto r =
      run_process({"/usr/bin/ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::int16_t> samples(r.out.size() / 2);
  std::memcpy(samples.data(), r.out.data(), samples.size() * 2);
  return samples;
}

void make_picture(const std::string& path, int size) {
  const std::string dims = std::to_string(size) + "x" + std::to_string(size);
  const auto r = run_process({"/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                              "testsrc=size=" + dims + ":rate=1", "-frames:v", "1", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

std::string extract_cover(const std::string& audio, const std::string& scratch_dir) {
  const std::string out = scratch_dir + "/extracted-cover.bin";
  const auto r = run_process({"/usr/bin/ffmpeg", "-v", "error", "-y", "-i", audio, "-an", "-map",
                              "0:v:0", "-c:v", "copy", "-f", "data", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return read_file(out);
}

}  // namespace voxmark::test
