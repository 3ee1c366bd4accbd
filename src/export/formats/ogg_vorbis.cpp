// Ogg Vorbis through libvorbis: chapters and tags as Vorbis comments in the stream's comment
// header, the cover as a METADATA_BLOCK_PICTURE comment.
#include "export/formats/ffmpeg_encoder.h"

namespace voxmark::audiobook {

std::unique_ptr<FormatWriter> open_ogg_vorbis(const FileSpec& spec) {
  FfmpegRecipe recipe;
  recipe.muxer = "ogg";
  recipe.encoder = "libvorbis";
  recipe.bitrate_kbps = 48;  // mono speech
  recipe.chapters = FfmpegRecipe::Chapters::vorbis_comments;
  recipe.cover = FfmpegRecipe::CoverStyle::picture_comment;
  recipe.tags_on_stream = true;
  return open_ffmpeg_writer(recipe, spec);
}

}  // namespace voxmark::audiobook
