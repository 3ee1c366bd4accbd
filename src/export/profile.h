// Export profiles: what a publisher's checks ask of an audiobook (format, sample rate, bit
// rate, loudness, silence at the ends, file length), as data. Built in: profiles/*.toml,
// compiled in (acx). The user's: $XDG_CONFIG_HOME/voxmark/profiles/NAME.toml (else
// ~/.config/voxmark/profiles), which replaces a built-in one of the same name.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "export/formats/format_writer.h"
#include "export/loudness.h"

namespace voxmark::audiobook {

struct ExportProfile {
  std::string name;
  std::string description;
  std::optional<AudioFormat> format;  // the only format it allows, when set
  bool split_sections = false;        // one file per section
  Encoding encoding;
  std::optional<LoudnessTarget> loudness;  // replaces the default -18 LUFS
  int head_silence_ms = 0;                 // silence before each file's first sentence
  int tail_silence_ms = 0;                 // and after its last
  double max_file_minutes = 0;             // 0: no limit; else sections split between sentences
  std::optional<double> file_rms_min_db;   // each file's RMS kept within these (dBFS)
  std::optional<double> file_rms_max_db;
  std::string source;  // "built-in" or the file
};

// Parses a profile. Throws Error(data, "FILE:LINE: what; what to do") for bad syntax, an
// unknown key (a typo must not pass for compliance), a wrong type or a value out of range.
ExportProfile parse_profile(std::string_view toml_text, const std::string& source_name);

// The user's profile folder; empty when neither XDG_CONFIG_HOME nor HOME is set.
std::filesystem::path user_profile_dir();

// Every profile's name, built-in and the user's, sorted.
std::vector<std::string> profile_names(const std::filesystem::path& user_dir);

// The profile `name`: the user's file if there is one, else the built-in. Throws
// Error(usage) naming the profiles there are, or the file's Error(data).
ExportProfile find_profile(std::string_view name, const std::filesystem::path& user_dir);

}  // namespace voxmark::audiobook
