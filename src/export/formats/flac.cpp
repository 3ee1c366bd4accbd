// FLAC through libavcodec's encoder: lossless 16-bit at the voice's rate, chapters and tags
// as Vorbis comments, the cover as a PICTURE block.
#include "export/formats/ffmpeg_encoder.h"

namespace voxmark::audiobook {

std::unique_ptr<FormatWriter> open_flac(const FileSpec& spec) {
  FfmpegRecipe recipe;
  recipe.muxer = "flac";
  recipe.encoder = "flac";
  recipe.chapters = FfmpegRecipe::Chapters::vorbis_comments;
  return open_ffmpeg_writer(recipe, spec);
}

}  // namespace voxmark::audiobook
