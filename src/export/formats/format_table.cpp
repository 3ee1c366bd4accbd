// The formats voxmark writes: names, extensions and which writer makes each.
#include <algorithm>

#include "common/error.h"
#include "export/formats/format_writer.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

struct FormatEntry {
  AudioFormat format;
  std::string_view name;  // also the extension
  std::vector<std::string_view> other_extensions;
};

const std::vector<FormatEntry>& formats() {
  static const std::vector<FormatEntry> table{
      {AudioFormat::wav, "wav", {"wave"}}, {AudioFormat::flac, "flac", {}},
      {AudioFormat::ogg, "ogg", {"oga"}},  {AudioFormat::opus, "opus", {}},
      {AudioFormat::mp3, "mp3", {}},       {AudioFormat::m4a, "m4a", {}},
      {AudioFormat::m4b, "m4b", {}},
  };
  return table;
}

}  // namespace

const std::vector<std::string>& audio_format_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : formats()) out.emplace_back(f.name);
    return out;
  }();
  return names;
}

AudioFormat audio_format_from(std::string_view name, const fs::path& path) {
  std::string wanted(name);
  if (wanted.empty()) {
    wanted = path.extension().string();
    if (!wanted.empty()) wanted.erase(0, 1);
  }
  std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& f : formats()) {
    if (wanted == f.name || std::find(f.other_extensions.begin(), f.other_extensions.end(),
                                      wanted) != f.other_extensions.end()) {
      return f.format;
    }
  }
  if (name.empty() && wanted.empty()) return AudioFormat::wav;
  throw Error(ExitCode::usage,
              "unknown audio format '" + wanted +
                  "'; use --format wav, flac, ogg, opus, mp3, m4a or m4b (or that extension)");
}

std::string_view extension_of(AudioFormat format) {
  for (const auto& f : formats()) {
    if (f.format == format) return f.name;
  }
  return "wav";
}

bool holds_cover(AudioFormat format) { return format != AudioFormat::wav; }

std::unique_ptr<FormatWriter> open_writer(AudioFormat format, const FileSpec& spec) {
  switch (format) {
    case AudioFormat::wav:
      return open_wav(spec);
    case AudioFormat::flac:
      return open_flac(spec);
    case AudioFormat::ogg:
      return open_ogg_vorbis(spec);
    case AudioFormat::opus:
      return open_opus(spec);
    case AudioFormat::mp3:
      return open_mp3(spec);
    case AudioFormat::m4a:
      return open_mp4(spec, false);
    case AudioFormat::m4b:
      return open_mp4(spec, true);
  }
  return open_wav(spec);
}

}  // namespace voxmark::audiobook
