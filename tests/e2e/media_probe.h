// Reading audiobook files back with FFmpeg's own tools (ffprobe, ffmpeg), independent of the
// libraries voxmark writes them with: streams, tags, chapters, loudness, levels, silences.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace voxmark::test {

// `ffprobe -show_format -show_streams -show_chapters` as JSON. Fails the test when ffprobe
// cannot read the file.
nlohmann::json ffprobe(const std::string& path);

// A tag of the file or, where the format keeps them there (Ogg), of its audio stream; the
// key's case is ignored. "" when missing.
std::string probed_tag(const nlohmann::json& probe, const std::string& key);

struct ProbedChapter {
  double start_seconds = 0;
  double end_seconds = 0;
  std::string title;
};
std::vector<ProbedChapter> probed_chapters(const nlohmann::json& probe);

// The first audio stream.
const nlohmann::json& audio_stream(const nlohmann::json& probe);

// EBU R128 (ffmpeg's ebur128 filter, peak=true): integrated loudness and true peak.
struct Loudness {
  double integrated_lufs = 0;
  double true_peak_dbtp = 0;
};
Loudness measure_loudness(const std::string& path);

// ffmpeg's astats, the whole file: RMS, peak and noise floor in dB (-inf as -1000).
struct Levels {
  double rms_db = 0;
  double peak_db = 0;
  double noise_floor_db = 0;
};
Levels measure_levels(const std::string& path);

// ffmpeg's silencedetect: stretches under `noise_db` lasting at least `min_seconds`.
struct Silence {
  double start_seconds = 0;
  double end_seconds = 0;  // the file's duration when it runs to the end
};
std::vector<Silence> detect_silences(const std::string& path, double noise_db, double min_seconds);

// The decoded audio, mono 16-bit, at the file's rate (ffmpeg).
std::vector<std::int16_t> decode(const std::string& path);

// A JPEG or PNG picture made by ffmpeg's test source, `size` pixels square.
void make_picture(const std::string& path, int size = 64);

// The picture stream's bytes as stored in the file (ffmpeg -c:v copy).
std::string extract_cover(const std::string& audio, const std::string& scratch_dir);

}  // namespace voxmark::test
