// Ogg Opus (.opus) through libopus. Opus runs at 48 kHz (of the rates it takes, the one every
// decoder plays back at), so the voice's 22,050 Hz is resampled by libswresample. Chapters and
// tags as Vorbis comments in OpusTags, the cover as a METADATA_BLOCK_PICTURE comment.
#include "export/formats/ffmpeg_encoder.h"

namespace voxmark::audiobook {

std::unique_ptr<FormatWriter> open_opus(const FileSpec& spec) {
  FfmpegRecipe recipe;
  recipe.muxer = "opus";
  recipe.encoder = "libopus";
  recipe.sample_rate_hz = 48000;
  // 48 kbit/s in libopus's "audio" mode: its "voip" mode (and lower rates) overshoot the
  // limited peaks by over 2 dB, measured.
  recipe.bitrate_kbps = 48;
  recipe.chapters = FfmpegRecipe::Chapters::vorbis_comments;
  recipe.cover = FfmpegRecipe::CoverStyle::picture_comment;
  recipe.tags_on_stream = true;
  return open_ffmpeg_writer(recipe, spec);
}

}  // namespace voxmark::audiobook
