#include "cli/voice_options.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "cli/output.h"
#include "common/data_dir.h"
#include "speech/speech_process.h"
#include "voxmark/embedded.h"

namespace voxmark::cli {
namespace fs = std::filesystem;

void add_voice_options(CLI::App& command, VoiceOptions& options) {
  command.add_option("--voice", options.voice,
                     "Voice preset or eSpeak NG voice (see voxmark voices); default: default");
  command.add_option("--speed", options.speed_factor, "Speed factor, 1 = the voice's rate")
      ->check(CLI::Range(0.5, 6.0));
  command.add_option("--wpm", options.rate_wpm, "Speaking rate in words per minute")
      ->check(CLI::Range(80, 450));
  command.add_option("--pitch", options.pitch, "Pitch, 0 to 100")->check(CLI::Range(0, 100));
  command.add_option("--volume", options.volume_percent, "Volume in percent, 0 to 200")
      ->check(CLI::Range(0, 200));
  command.add_flag_callback(
      "--verbose", [] { speech::set_speech_verbose(true); },
      "Say on standard error how speech runs (e.g. a fallback); in play also the audio device and "
      "every underrun; in export also the levelling passes");
}

std::vector<speech::VoicePreset> all_presets(std::vector<Warning>& warnings) {
  // load_presets gives the built-in default followed by the user's folder.
  std::vector<speech::VoicePreset> presets = speech::load_presets(fs::path(), warnings);
  std::size_t insert_at = 1;
  for (const auto& [text, name] : {std::pair{embedded::en_gb_voice_preset, "voices/en-gb.toml"},
                                   std::pair{embedded::fast_voice_preset, "voices/fast.toml"}}) {
    // The installed copy (share/voxmark/voices) when there is one, else the compiled-in one.
    const std::optional<fs::path> installed = installed_data_file(name);
    speech::VoicePreset preset = installed ? speech::load_preset(*installed, warnings)
                                           : speech::parse_preset(text, name, warnings);
    preset.source = installed ? installed->string() : "built-in";
    const bool user_has_it = std::any_of(presets.begin(), presets.end(),
                                         [&](const auto& p) { return p.name == preset.name; });
    if (!user_has_it) presets.insert(presets.begin() + static_cast<long>(insert_at++), preset);
  }
  return presets;
}

fs::path user_lexicon_path() {
  const char* config = std::getenv("XDG_CONFIG_HOME");
  if (config && *config) return fs::path(config) / "voxmark" / "lexicon";
  const char* home = std::getenv("HOME");
  if (home && *home) return fs::path(home) / ".config" / "voxmark" / "lexicon";
  return {};
}

namespace {

// --voice NAME where the user's NAME.toml exists: loading it again throws its own error when
// it is broken (it was skipped with a warning among all the presets), so the listener learns
// what is wrong in it instead of hearing that no such voice exists.
void refuse_broken_user_preset(const std::string& name) {
  const fs::path dir = speech::user_preset_dir();
  if (dir.empty() || name.empty() || name.front() == '.' || name.find('/') != std::string::npos) {
    return;
  }
  const fs::path file = dir / (name + ".toml");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return;
  std::vector<Warning> ignored;
  (void)speech::load_preset(file, ignored);
}

// "en_GB" -> "en-gb": how tags compare.
std::string normalised_tag(std::string_view tag) {
  std::string out(tag);
  for (char& c : out) {
    if (c == '_') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string voice_for_language(std::string_view language,
                               const std::vector<speech::VoicePreset>& presets,
                               const std::vector<speech::InstalledVoice>& installed,
                               std::vector<Warning>& warnings) {
  const std::string wanted = normalised_tag(language);
  const std::string primary = wanted.substr(0, wanted.find('-'));
  for (const std::string& tag : {wanted, primary}) {
    // The default preset first, so that "en" keeps the voice a listener knows.
    for (const speech::VoicePreset& p : presets) {
      if (normalised_tag(p.language) == tag) return p.name;
    }
    for (const speech::InstalledVoice& v : installed) {
      for (const std::string& l : v.languages) {
        if (normalised_tag(l) == tag) return l;
      }
    }
  }
  warnings.push_back({"language", "no voice speaks '" + std::string(language) +
                                      "' (the document's language); using the default voice. "
                                      "See voxmark voices, and choose one with --voice"});
  return "default";
}

ResolvedVoice resolve_voice(const VoiceOptions& options, std::string_view document_language) {
  if (!options.voice.empty()) refuse_broken_user_preset(options.voice);
  std::vector<Warning> warnings;
  const std::vector<speech::VoicePreset> presets = all_presets(warnings);
  ResolvedVoice resolved;
  std::string name = options.voice.empty() ? "default" : options.voice;
  if (options.voice.empty() && !document_language.empty()) {
    // eSpeak NG's voice list is needed only when no preset speaks the language.
    const bool preset_speaks_it = std::any_of(presets.begin(), presets.end(), [&](const auto& p) {
      return normalised_tag(p.language) == normalised_tag(document_language);
    });
    name = voice_for_language(
        document_language, presets,
        preset_speaks_it ? std::vector<speech::InstalledVoice>{} : speech::list_installed_voices(),
        warnings);
  }
  // Listing eSpeak NG's voices starts eSpeak NG in this process: only when no preset matches.
  const bool is_preset = std::any_of(presets.begin(), presets.end(), [&](const auto& p) {
    return speech::edit_distance(p.name, name) == 0;  // the same name, ignoring case
  });
  resolved.preset = speech::find_voice(
      name, presets,
      is_preset ? std::vector<speech::InstalledVoice>{} : speech::list_installed_voices());
  if (options.rate_wpm) resolved.preset.rate_wpm = *options.rate_wpm;
  if (options.pitch) resolved.preset.pitch = *options.pitch;
  if (options.volume_percent) resolved.preset.volume = *options.volume_percent;
  resolved.settings = speech::to_voice_settings(
      resolved.preset, options.speed_factor.value_or(resolved.preset.speed_factor));
  speech::validate_voice_settings(resolved.settings);

  // The lexicon of the voice's language (only English ships one), then the user's on top.
  if (resolved.preset.language.rfind("en", 0) == 0) {
    const std::optional<fs::path> installed = installed_data_file("voices/en.lexicon");
    resolved.lexicon = installed ? speech::Lexicon::load(*installed, warnings)
                                 : speech::Lexicon::parse(embedded::default_lexicon_en,
                                                          "voices/en.lexicon", warnings);
  }
  const fs::path user = user_lexicon_path();
  std::error_code ec;
  if (!user.empty() && fs::exists(user, ec)) {
    resolved.lexicon.merge(speech::Lexicon::load(user, warnings));
  }
  print_warnings(warnings);
  return resolved;
}

VoicedDocument load_voiced_document(const std::string& path, markdown::ReadOptions read,
                                    const VoiceOptions& options, bool with_key) {
  std::optional<ResolvedVoice> asked;
  if (!options.voice.empty()) {
    asked = resolve_voice(options);
    read.voice_language = asked->preset.language;
  } else {
    // The voice a document of no stated language gets: the "default" preset (maybe the user's).
    // Its warnings are said once, by resolve_voice below.
    std::vector<Warning> later;
    const std::vector<speech::VoicePreset> presets = all_presets(later);
    const auto preset = std::find_if(presets.begin(), presets.end(),
                                     [](const auto& p) { return p.name == "default"; });
    if (preset != presets.end()) read.voice_language = preset->language;
  }
  VoicedDocument voiced{load_document(path, read, with_key), {}};
  voiced.voice = asked ? std::move(*asked) : resolve_voice(options, voiced.doc.metadata.language);
  return voiced;
}

}  // namespace voxmark::cli
