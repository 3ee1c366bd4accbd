// FFmpeg, loaded only when a command needs it.
//
// Why a module: FFmpeg's libraries bring about 110 shared objects, and loading them cost every
// voxmark process about 100 ms of CPU before main() ran (docs/performance.md, "Start-up"),
// though only the compressed audiobook formats, the cover check and `--version` use FFmpeg.
// So that code (src/media/ffmpeg/) is built as a module, voxmark-ffmpeg.so, which the first
// call of ffmpeg() loads with dlopen; `play`, `sentences` and the speech workers never load it.
//
// Where the module is looked for, in order (module_candidates): beside the executable (the
// build folder), then at VOXMARK_MODULE_FROM_BIN relative to the executable (an installed
// prefix, also when moved or unpacked with `dpkg -x`), then in the libdir the build was
// configured for. A program that links the module's code itself (the unit tests) uses that
// copy and loads nothing.
//
// Contract: ffmpeg() is thread-safe; the module is loaded once and never unloaded, so writers
// it returns stay valid for the life of the process. When the module cannot be loaded (not
// installed, or a library it needs is missing), ffmpeg() throws Error(unavailable) with one
// line naming what is missing, where it looked and what to do; nothing has been written then.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "export/formats/ffmpeg_encoder.h"
#include "export/formats/format_writer.h"

namespace voxmark::media {

// What FFmpeg's decoder found in a picture file's header.
struct PictureInfo {
  bool jpeg_or_png = false;  // the first stream is a JPEG or PNG picture
  int width_px = 0;
  int height_px = 0;
};

// The module's functions. The module and the program are built together from one tree; the
// `build` string (version and size of this table) refuses a module from another build.
struct FfmpegApi {
  const char* build;
  // Opens a compressed-format writer (the contract is format_writer.h's).
  std::unique_ptr<audiobook::FormatWriter> (*open_writer)(const audiobook::FfmpegRecipe& recipe,
                                                          const audiobook::FileSpec& spec);
  // Reads a picture file's header; nullopt when FFmpeg cannot open or decode it.
  std::optional<PictureInfo> (*probe_picture)(const std::filesystem::path& file);
  // FFmpeg's version, as av_version_info() gives it.
  const char* (*version)();
};

// "VERSION/SIZE": what a module of this build reports in FfmpegApi::build.
inline const char* ffmpeg_api_build() {
  static const std::string build =
      std::string(VOXMARK_VERSION) + "/" + std::to_string(sizeof(FfmpegApi));
  return build.c_str();
}

// The module, loaded on first use. Throws Error(unavailable) as described above.
const FfmpegApi& ffmpeg();

// The paths ffmpeg() tries, in order, for a program at `executable` configured to install the
// module in `install_module_dir` (empty: not configured).
std::vector<std::filesystem::path> module_candidates(
    const std::filesystem::path& executable, const std::filesystem::path& install_module_dir);

// The module's file name.
inline constexpr const char* kFfmpegModuleName = "voxmark-ffmpeg.so";

}  // namespace voxmark::media

// The module's one exported symbol (src/media/ffmpeg/module.cpp).
extern "C" const voxmark::media::FfmpegApi* voxmark_ffmpeg_api();
