// MP3 through LAME (libmp3lame via libavcodec), constant bit rate. libavformat's MP3 muxer
// writes the ID3v2.3 tag: title, artist, album, track, CHAP frames for the chapters with a
// CTOC table of contents (how players find chapters in MP3), APIC for the cover, and a Xing
// header so the duration is exact.
#include "export/formats/ffmpeg_encoder.h"

namespace voxmark::audiobook {

std::unique_ptr<FormatWriter> open_mp3(const FileSpec& spec) {
  FfmpegRecipe recipe;
  recipe.muxer = "mp3";
  recipe.encoder = "libmp3lame";
  recipe.bitrate_kbps = 64;  // mono speech at 22,050 Hz; a profile asks for more
  // ID3v2.3: the version most players and tag editors read (v2.4 is not universal).
  recipe.muxer_options = {{"id3v2_version", "3"}, {"write_xing", "1"}};
  return open_ffmpeg_writer(recipe, spec);
}

}  // namespace voxmark::audiobook
