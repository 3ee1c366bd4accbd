// Inside the FFmpeg module (the contract is src/media/media.h): the functions module.cpp puts
// in its table. Built into voxmark-ffmpeg.so and the unit tests, never into the program itself.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "media/media.h"

namespace voxmark::media::ffmpeg_module {

// ffmpeg_writer.cpp
std::unique_ptr<audiobook::FormatWriter> open_writer(const audiobook::FfmpegRecipe& recipe,
                                                     const audiobook::FileSpec& spec);

}  // namespace voxmark::media::ffmpeg_module
