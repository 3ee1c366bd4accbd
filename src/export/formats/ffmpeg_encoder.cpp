#include "export/formats/ffmpeg_encoder.h"

#include "media/media.h"

namespace voxmark::audiobook {

std::unique_ptr<FormatWriter> open_ffmpeg_writer(const FfmpegRecipe& recipe, const FileSpec& spec) {
  return media::ffmpeg().open_writer(recipe, spec);
}

}  // namespace voxmark::audiobook
