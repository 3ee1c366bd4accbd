// The FFmpeg machinery the compressed formats share (libavformat muxes, libavcodec encodes,
// libswresample converts and resamples). Each format's file (flac.cpp, opus.cpp, mp3.cpp,
// mp4.cpp, ogg_vorbis.cpp) only says how it wants its file made: this recipe. The writer
// itself is in the FFmpeg module (src/media/media.h), loaded the first time one is opened.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "export/formats/format_writer.h"

namespace voxmark::audiobook {

struct FfmpegRecipe {
  std::string muxer;       // libavformat's name: "ipod", "mp3", "ogg", "opus", "flac"
  std::string encoder;     // libavcodec's name: "aac", "libmp3lame", "libvorbis", "libopus", "flac"
  int sample_rate_hz = 0;  // of the file; 0: the input's rate
  int bitrate_kbps = 0;    // 0: the encoder's own (lossless FLAC)
  std::vector<std::pair<std::string, std::string>> muxer_options;    // AVOptions
  std::vector<std::pair<std::string, std::string>> encoder_options;  // AVOptions
  // Chapters as the container's own (MP4 chapter track and Nero chapters, ID3v2 CHAP/CTOC), or
  // as Vorbis comments CHAPTER001=00:00:00.000 / CHAPTER001NAME=... (Ogg, Opus, FLAC), the
  // convention players and FFmpeg read.
  enum class Chapters { container, vorbis_comments } chapters = Chapters::container;
  // The cover as an attached picture stream (MP4 covr, ID3v2 APIC, FLAC PICTURE), or as a
  // METADATA_BLOCK_PICTURE comment (Ogg, Opus), which libavformat does not write itself.
  enum class CoverStyle { attached_picture, picture_comment } cover = CoverStyle::attached_picture;
  // Tags on the audio stream (Ogg: its comment header) instead of the file.
  bool tags_on_stream = false;
};

// Opens the file and the encoder as the recipe says. See format_writer.h for the contract;
// also throws Error(unavailable) when the FFmpeg module cannot be loaded (media/media.h).
std::unique_ptr<FormatWriter> open_ffmpeg_writer(const FfmpegRecipe& recipe, const FileSpec& spec);

}  // namespace voxmark::audiobook
