// Voice presets: a named voice, rate and set of pauses, written as TOML (voices/default.toml
// shows every field), and the catalogue --voice NAME is looked up in.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "speech/engine.h"
#include "speech/espeak_engine.h"

namespace voxmark::speech {

// The silence voxmark inserts, in milliseconds, each 0..10000.
struct PausesMs {
  int sentence_ms = 250;  // between sentences of a block
  int block_ms = 500;     // between paragraphs, list items, quotes
  int section_ms = 900;   // before a heading
};

// One preset. Ranges: rate_wpm 80..450, pitch 0..100, pitch_range 0..100, volume 0..200,
// speed_factor 0.5..6.
// A key missing from a file keeps the default below (the values of voices/default.toml).
struct VoicePreset {
  std::string name;         // what --voice selects; the file name without .toml if not given
  std::string description;  // one line for listings
  std::string espeak_voice = "en-us";  // eSpeak NG voice name or language ("en-gb", "en-us+f3")
  std::string language = "en";         // BCP 47 language of the text it is meant for
  int rate_wpm = 175;
  int pitch = 50;
  int pitch_range = 50;
  int volume = 100;
  // The speed factor to start at (what --speed gives; time-stretched, pitch kept), so that
  // "3x at 175 wpm" can be a preset. --speed replaces it.
  double speed_factor = 1.0;
  PausesMs pauses;
  std::string source;  // where it came from: a file path, or "built-in"
};

// The engine settings for a preset at a given speed factor.
VoiceSettings to_voice_settings(const VoicePreset& preset, double speed_factor = 1.0);

// Parses a preset from TOML text; `source_name` is the file name used in messages.
// Throws Error(data, "FILE:LINE: what; what to do") for bad syntax, a wrong type or a value out
// of range. Unknown keys are added to `warnings` ("FILE:LINE") and ignored.
VoicePreset parse_preset(std::string_view toml_text, const std::string& source_name,
                         std::vector<Warning>& warnings);
// Reads and parses a file. Throws Error(no_input) when it cannot be read, else as parse_preset.
VoicePreset load_preset(const std::filesystem::path& file, std::vector<Warning>& warnings);
// voices/default.toml as compiled into voxmark. Throws Error(software) if it does not parse.
VoicePreset builtin_default_preset();

// The user's preset folder: $XDG_CONFIG_HOME/voxmark/voices, else ~/.config/voxmark/voices;
// empty when neither variable is set.
std::filesystem::path user_preset_dir();

// Every preset: the built-in default, then `dir`/*.toml, then `user_dir`/*.toml (each folder in
// file-name order; a missing folder is skipped). A later preset with the same name replaces an
// earlier one in place, so a user's "default.toml" overrides the built-in default. A file that
// does not parse is skipped with a Warning carrying its error, so one broken file does not
// take away the other voices.
std::vector<VoicePreset> load_presets(const std::filesystem::path& dir,
                                      const std::filesystem::path& user_dir,
                                      std::vector<Warning>& warnings);
// The same with user_dir = user_preset_dir().
std::vector<VoicePreset> load_presets(const std::filesystem::path& dir,
                                      std::vector<Warning>& warnings);

// Resolves --voice NAME: a preset name first (exact, then ignoring case), else an installed
// eSpeak NG voice by identifier ("gmw/en"), file name ("en-US"), name ("English (America)") or
// language ("en-gb"), optionally with "+variant" ("en-gb+f3"). An eSpeak NG voice gets the
// rate and pauses of the "default" preset. Throws Error(usage) for an unknown name, suggesting
// the closest names.
VoicePreset find_voice(std::string_view name, const std::vector<VoicePreset>& presets,
                       const std::vector<InstalledVoice>& installed_voices);

// The number of single-character edits (insert, delete, replace) between a and b, ignoring
// ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace voxmark::speech
