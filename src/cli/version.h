// What `voxmark --version` prints.
#pragma once

#include <string>

namespace voxmark::cli {

// Several lines: voxmark's version and the git commit it was built from (cmake/BuildInfo.cmake;
// "unknown" outside a git checkout), then the versions of eSpeak NG, PortAudio, cmark-gfm,
// libsndfile, ICU and FFmpeg as loaded at run time (the shared libraries actually in use, which
// can be newer than the headers the build saw). Starts no library (no audio device is opened).
std::string version_text();

}  // namespace voxmark::cli
