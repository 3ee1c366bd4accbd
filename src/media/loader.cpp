#include <dlfcn.h>

#include <string>
#include <system_error>

#include "common/data_dir.h"
#include "common/error.h"
#include "common/printable.h"
#include "media/media.h"

// From CMakeLists.txt (GNUInstallDirs); the fallbacks keep other builds compiling.
#ifndef VOXMARK_MODULE_FROM_BIN
#define VOXMARK_MODULE_FROM_BIN "../lib/voxmark"
#endif
#ifndef VOXMARK_INSTALL_MODULEDIR
#define VOXMARK_INSTALL_MODULEDIR ""
#endif

// Weak: defined only where the module's code is linked in (the unit tests); null otherwise.
extern "C" const voxmark::media::FfmpegApi* voxmark_ffmpeg_api() __attribute__((weak));

namespace voxmark::media {
namespace fs = std::filesystem;

std::vector<fs::path> module_candidates(const fs::path& executable,
                                        const fs::path& install_module_dir) {
  std::vector<fs::path> paths;
  auto add = [&paths](const fs::path& path) {
    for (const fs::path& seen : paths) {
      if (seen == path) return;
    }
    paths.push_back(path);
  };
  if (!executable.empty()) {
    add(executable.parent_path() / kFfmpegModuleName);
    add((executable.parent_path() / VOXMARK_MODULE_FROM_BIN / kFfmpegModuleName)
            .lexically_normal());
  }
  if (!install_module_dir.empty()) add(install_module_dir / kFfmpegModuleName);
  return paths;
}

namespace {

using Entry = const FfmpegApi* (*)();

const FfmpegApi& checked(const FfmpegApi* api, const std::string& where) {
  if (api == nullptr || std::string(api->build) != ffmpeg_api_build()) {
    throw Error(ExitCode::unavailable, where + " is from another build of voxmark (" +
                                           (api ? printable(api->build) : std::string("no table")) +
                                           ", this one is " + ffmpeg_api_build() +
                                           "); reinstall voxmark");
  }
  return *api;
}

const FfmpegApi& load() {
  if (voxmark_ffmpeg_api != nullptr) return checked(voxmark_ffmpeg_api(), "the linked FFmpeg code");
  const std::vector<fs::path> candidates =
      module_candidates(own_executable(), VOXMARK_INSTALL_MODULEDIR);
  std::error_code ec;
  std::string looked;
  for (const fs::path& path : candidates) {
    if (!fs::exists(path, ec)) {
      looked += (looked.empty() ? "" : ", ") + printable(path.parent_path().string());
      continue;
    }
    // RTLD_LOCAL: FFmpeg's symbols stay out of the program's namespace. Never closed: the
    // writers it returns run its code until the process ends.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      throw Error(ExitCode::unavailable,
                  printable(path.string()) + " cannot be loaded (" + printable(why ? why : "?") +
                      "); install FFmpeg's libraries (apt install libavformat59 libavcodec59 "
                      "libswresample4) or reinstall voxmark");
    }
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "voxmark_ffmpeg_api"));
    return checked(entry ? entry() : nullptr, printable(path.string()));
  }
  throw Error(ExitCode::unavailable,
              std::string("FFmpeg's part of voxmark (") + kFfmpegModuleName +
                  ") is missing; looked in " + (looked.empty() ? "no folder" : looked) +
                  "; reinstall voxmark, or export to WAV, which does not need it");
}

}  // namespace

const FfmpegApi& ffmpeg() {
  // Initialised once, thread-safely; a load that throws is tried again at the next call.
  static const FfmpegApi& api = load();
  return api;
}

}  // namespace voxmark::media
