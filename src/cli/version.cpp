#include "cli/version.h"

#include <cmark-gfm.h>
#include <espeak-ng/speak_lib.h>
#include <portaudio.h>
#include <sndfile.h>
#include <unicode/uversion.h>

#include "common/data_dir.h"
#include "common/error.h"
#include "media/media.h"
#include "voxmark/build_info.h"

namespace voxmark::cli {

std::string version_text() {
  char icu[U_MAX_VERSION_STRING_LENGTH] = {};
  UVersionInfo icu_version;
  u_getVersion(icu_version);
  u_versionToString(icu_version, icu);
  const PaVersionInfo* portaudio = Pa_GetVersionInfo();
  // espeak_Info(nullptr) only returns the version string; it needs no initialisation.
  std::string text = std::string("voxmark ") + VOXMARK_VERSION + " (commit " + VOXMARK_GIT_COMMIT +
                     ")\n" + "eSpeak NG " + espeak_Info(nullptr) + "\n" +
                     (portaudio ? portaudio->versionText : "PortAudio (unknown version)") + "\n" +
                     "cmark-gfm " + cmark_version_string() + "\n" + sf_version_string() + "\n" +
                     "ICU " + icu + "\n";
  // FFmpeg is a module voxmark loads when it needs it (media/media.h): load it to name it.
  try {
    text += std::string("FFmpeg ") + media::ffmpeg().version() + "\n";
  } catch (const Error& error) {
    text += "FFmpeg: not available: " + std::string(error.what()) + "\n";
  }
  const std::filesystem::path& data = data_dir();
  text += "data: " + (data.empty() ? std::string("compiled in") : data.string()) + "\n";
  return text;
}

}  // namespace voxmark::cli
