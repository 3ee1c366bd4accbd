// The options every speaking command shares (--voice, --speed, --wpm, --pitch, --volume)
// and how they become engine settings, pauses and a lexicon.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "document/document.h"
#include "markdown/markdown_reader.h"
#include "speech/espeak_engine.h"
#include "speech/lexicon.h"
#include "speech/voice_preset.h"

namespace voxmark::cli {

struct VoiceOptions {
  std::string voice;                   // a preset or an installed eSpeak NG voice; empty: "default"
  std::optional<double> speed_factor;  // not given: the preset's (1 unless it says)
  std::optional<int> rate_wpm;
  std::optional<int> pitch;
  std::optional<int> volume_percent;
};

// Adds the options with their ranges; a value out of range is a usage error (exit 64) that
// states the range.
void add_voice_options(CLI::App& command, VoiceOptions& options);

struct ResolvedVoice {
  speech::VoicePreset preset;
  speech::VoiceSettings settings;  // speed_factor included
  speech::Lexicon lexicon;         // the language's lexicon, then the user's
};

// Looks the voice up among the presets (built in, then the user's) and the installed eSpeak
// NG voices, applies the overrides, and loads the lexicons. Prints warnings. Throws Error;
// when --voice names a preset file of the user's that does not load, that file's error
// (Error(data), "FILE:LINE: what; the range"), not "unknown voice".
// Without --voice, a document's language (front matter `language:`) picks the voice: a preset
// of that language, else an installed eSpeak NG voice for it, else the same for the language
// without its region ("de-AT" -> "de"); the default voice when none speaks it (with a warning).
ResolvedVoice resolve_voice(const VoiceOptions& options, std::string_view document_language = {});

// The document named on the command line (as load_document) and the voice that reads it (as
// resolve_voice: --voice, else the document's language's). A document that states no language
// is read for the voice's language (ReadOptions::voice_language): with --voice fr, or a user's
// French "default" preset, "2024-01-15" is left for the French voice, not made "15 January 2024".
struct VoicedDocument {
  document::Document doc;
  ResolvedVoice voice;
};
VoicedDocument load_voiced_document(const std::string& path, markdown::ReadOptions read,
                                    const VoiceOptions& options, bool with_key = false);

// The voice name resolve_voice uses for a document language when no voice was asked for.
std::string voice_for_language(std::string_view language,
                               const std::vector<speech::VoicePreset>& presets,
                               const std::vector<speech::InstalledVoice>& installed,
                               std::vector<Warning>& warnings);

// Every preset: the built-in ones (voices/*.toml compiled in), then the user's
// ($XDG_CONFIG_HOME/voxmark/voices/*.toml), a user preset replacing a built-in of its name.
std::vector<speech::VoicePreset> all_presets(std::vector<Warning>& warnings);

// The user's lexicon: $XDG_CONFIG_HOME/voxmark/lexicon (else ~/.config/voxmark/lexicon).
std::filesystem::path user_lexicon_path();

}  // namespace voxmark::cli
