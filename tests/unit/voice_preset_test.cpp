// Voice presets: parsing with file:line errors, the catalogue, and --voice NAME resolution.
#include "speech/voice_preset.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace voxmark::speech {
namespace {

namespace fs = std::filesystem;

std::string error_of(std::string_view toml, const std::string& name = "my.toml") {
  std::vector<Warning> warnings;
  try {
    parse_preset(toml, name, warnings);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::data);
    return e.what();
  }
  return "";
}

fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "voxmark-presets-XXXXXX").string();
  return mkdtemp(pattern.data());
}

std::vector<InstalledVoice> fake_installed() {
  return {
      {"German", "gmw/de", {"de"}},
      {"English (Great Britain)", "gmw/en", {"en-gb", "en"}},
      {"English (Received Pronunciation)", "gmw/en-GB-x-rp", {"en-gb-x-rp", "en-gb", "en"}},
      {"English (America)", "gmw/en-US", {"en-us", "en"}},
  };
}

TEST(VoicePreset, BuiltInDefaultParses) {
  const VoicePreset p = builtin_default_preset();
  EXPECT_EQ(p.name, "default");
  EXPECT_EQ(p.espeak_voice, "en-us");
  EXPECT_EQ(p.rate_wpm, 175);
  EXPECT_EQ(p.pauses.sentence_ms, 250);
  EXPECT_EQ(p.pauses.block_ms, 500);
  EXPECT_EQ(p.pauses.section_ms, 900);
  EXPECT_EQ(p.source, "built-in");
}

TEST(VoicePreset, BundledPresetsParseWithoutWarnings) {
  const fs::path dir = fs::path(VOXMARK_SOURCE_DIR) / "voices";
  std::vector<Warning> warnings;
  const VoicePreset gb = load_preset(dir / "en-gb.toml", warnings);
  EXPECT_EQ(gb.name, "en-gb");
  EXPECT_EQ(gb.espeak_voice, "en-gb");
  const VoicePreset fast = load_preset(dir / "fast.toml", warnings);
  EXPECT_EQ(fast.rate_wpm, 350);
  EXPECT_LT(fast.pauses.sentence_ms, 250);
  const VoicePreset def = load_preset(dir / "default.toml", warnings);
  EXPECT_EQ(def.rate_wpm, builtin_default_preset().rate_wpm);
  EXPECT_TRUE(warnings.empty());
  EXPECT_NO_THROW(validate_voice_settings(to_voice_settings(fast, 2.0)));
}

TEST(VoicePreset, SyntaxErrorsNameTheFileAndLine) {
  const std::string message = error_of("name = \"x\"\nrate_wpm = = 3\n", "bad.toml");
  EXPECT_EQ(message.rfind("bad.toml:2: ", 0), 0u) << message;
  EXPECT_NE(message.find("fix the TOML syntax"), std::string::npos);
}

TEST(VoicePreset, OutOfRangeValuesNameTheLineAndTheRange) {
  EXPECT_EQ(error_of("name = \"x\"\n\npitch = 150\n"),
            "my.toml:3: pitch 150 is out of range; use 0 to 100");
  EXPECT_EQ(error_of("volume = 300\n"), "my.toml:1: volume 300 is out of range; use 0 to 200");
  EXPECT_EQ(error_of("rate_wpm = 20\n"), "my.toml:1: rate_wpm 20 is out of range; use 80 to 450");
  EXPECT_EQ(error_of("[pauses]\nblock_ms = -5\n"),
            "my.toml:2: pauses.block_ms -5 is out of range; use 0 to 10000");
}

// "3x at 175 wpm" as a preset: a speed factor, checked like --speed.
TEST(VoicePreset, SpeedFactorIsKeptAndCheckedLikeSpeed) {
  std::vector<Warning> warnings;
  EXPECT_EQ(parse_preset("rate_wpm = 175\nspeed_factor = 3\n", "x.toml", warnings).speed_factor,
            3.0);
  EXPECT_EQ(parse_preset("speed_factor = 1.5\n", "x.toml", warnings).speed_factor, 1.5);
  EXPECT_EQ(parse_preset("pitch = 40\n", "x.toml", warnings).speed_factor, 1.0);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(error_of("name = \"x\"\nspeed_factor = 7.5\n"),
            "my.toml:2: speed_factor 7.5 is out of range; use 0.5 to 6");
  EXPECT_EQ(
      error_of("speed_factor = \"fast\"\n").rfind("my.toml:1: speed_factor must be a number", 0),
      0u);
  EXPECT_EQ(to_voice_settings(parse_preset("speed_factor = 2.5\n", "x.toml", warnings),
                              parse_preset("speed_factor = 2.5\n", "x.toml", warnings).speed_factor)
                .speed_factor,
            2.5);
}

TEST(VoicePreset, WrongTypesAreErrorsWithTheLine) {
  EXPECT_EQ(
      error_of("\nrate_wpm = \"fast\"\n").rfind("my.toml:2: rate_wpm must be a whole number", 0),
      0u);
  EXPECT_EQ(error_of("name = 5\n").rfind("my.toml:1: name must be a quoted string", 0), 0u);
  EXPECT_EQ(error_of("pauses = 3\n").rfind("my.toml:1: pauses must be a table", 0), 0u);
  EXPECT_EQ(error_of("espeak_voice = \"../../x\"\n").rfind("my.toml:1: espeak_voice", 0), 0u);
}

TEST(VoicePreset, UnknownKeysAreWarningsWithTheirLine) {
  std::vector<Warning> warnings;
  const VoicePreset p =
      parse_preset("name = \"x\"\nspeed = 2\n[pauses]\nparagraph_ms = 3\n", "w.toml", warnings);
  EXPECT_EQ(p.name, "x");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].where, "w.toml:2");
  EXPECT_NE(warnings[0].message.find("unknown key 'speed'"), std::string::npos);
  EXPECT_EQ(warnings[1].where, "w.toml:4");
  EXPECT_NE(warnings[1].message.find("pauses.paragraph_ms"), std::string::npos);
}

// Found by fuzzing: text quoted from the file (a key, a voice name) could put a line feed or
// an escape sequence into the one-line message printed on the terminal.
TEST(VoicePreset, QuotedTextInMessagesIsOnePrintableLine) {
  EXPECT_EQ(error_of("espeak_voice = \"en\\nus\\u001b[2J\"\n")
                .rfind("my.toml:1: espeak_voice 'en\\nus\\x1b[2J' is not a valid", 0),
            0u);
  std::vector<Warning> warnings;
  parse_preset("\"bad\\nkey\\u0007\" = 1\n", "w.toml", warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find("unknown key 'bad\\nkey\\x07'"), std::string::npos)
      << warnings[0].message;
}

TEST(VoicePreset, MissingKeysKeepTheDefaultsAndTheNameComesFromTheFile) {
  std::vector<Warning> warnings;
  const VoicePreset p = parse_preset("pitch = 70\n", "/some/dir/calm.toml", warnings);
  EXPECT_EQ(p.name, "calm");
  EXPECT_EQ(p.pitch, 70);
  EXPECT_EQ(p.rate_wpm, 175);
  EXPECT_EQ(p.pauses.block_ms, 500);
}

TEST(VoicePreset, CatalogueCombinesBuiltInBundledAndUserPresets) {
  const fs::path user = make_temp_dir();
  std::ofstream(user / "fast.toml") << "name = \"fast\"\nrate_wpm = 400\n";
  std::ofstream(user / "mine.toml") << "description = \"my voice\"\n";
  std::ofstream(user / "broken.toml") << "name = \"broken\"\npitch = 999\n";
  std::ofstream(user / "notes.txt") << "ignored";

  std::vector<Warning> warnings;
  const std::vector<VoicePreset> presets =
      load_presets(fs::path(VOXMARK_SOURCE_DIR) / "voices", user, warnings);
  std::vector<std::string> names;
  for (const VoicePreset& p : presets) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"default", "en-gb", "fast", "mine"}));
  EXPECT_EQ(presets[2].rate_wpm, 400);  // the user's fast.toml replaced the bundled one
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].where, (user / "broken.toml").string() + ":2");
  EXPECT_NE(warnings[0].message.find("skipped"), std::string::npos);
  fs::remove_all(user);
}

TEST(VoicePreset, UserPresetFolderFollowsXdg) {
  const char* old_xdg = getenv("XDG_CONFIG_HOME");
  const std::string saved = old_xdg != nullptr ? old_xdg : "";
  setenv("XDG_CONFIG_HOME", "/cfg", 1);
  EXPECT_EQ(user_preset_dir(), fs::path("/cfg/voxmark/voices"));
  unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(user_preset_dir(), fs::path(getenv("HOME")) / ".config/voxmark/voices");
  if (old_xdg != nullptr) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
}

TEST(VoicePreset, FindVoicePrefersPresetsThenEspeakVoices) {
  std::vector<Warning> warnings;
  const std::vector<VoicePreset> presets =
      load_presets(fs::path(VOXMARK_SOURCE_DIR) / "voices", fs::path(), warnings);
  const auto installed = fake_installed();
  EXPECT_EQ(find_voice("fast", presets, installed).rate_wpm, 350);
  EXPECT_EQ(find_voice("FAST", presets, installed).name, "fast");
  EXPECT_EQ(find_voice("en-gb", presets, installed).source,
            (fs::path(VOXMARK_SOURCE_DIR) / "voices" / "en-gb.toml").string());

  const VoicePreset german = find_voice("de", presets, installed);
  EXPECT_EQ(german.espeak_voice, "gmw/de");
  EXPECT_EQ(german.language, "de");
  EXPECT_EQ(german.rate_wpm, 175);  // the default preset's pace and pauses
  EXPECT_EQ(find_voice("de+f3", presets, installed).espeak_voice, "gmw/de+f3");
  EXPECT_EQ(find_voice("English (America)", presets, installed).espeak_voice, "gmw/en-US");
  EXPECT_EQ(find_voice("en-US", presets, installed).espeak_voice, "gmw/en-US");
  // A language goes to the voice that lists it first: gmw/en, not the RP voice.
  EXPECT_EQ(find_voice("EN", presets, installed).espeak_voice, "gmw/en");
}

TEST(VoicePreset, UnknownVoiceSuggestsTheClosestNames) {
  std::vector<Warning> warnings;
  const std::vector<VoicePreset> presets =
      load_presets(fs::path(VOXMARK_SOURCE_DIR) / "voices", fs::path(), warnings);
  const auto message_for = [&](std::string_view name) -> std::string {
    try {
      find_voice(name, presets, fake_installed());
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::usage);
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message_for("fsat").rfind("unknown voice 'fsat'; did you mean 'fast'?", 0), 0u)
      << message_for("fsat");
  EXPECT_NE(message_for("en-gbb").find("'en-gb'"), std::string::npos);
  EXPECT_NE(message_for("deu").find("'de'"), std::string::npos);
  const std::string far = message_for("zzzzzzzzzz");
  EXPECT_EQ(far.find("did you mean"), std::string::npos);
  EXPECT_NE(far.find("default, en-gb, fast"), std::string::npos);
}

TEST(VoicePreset, EditDistanceCountsSingleEdits) {
  EXPECT_EQ(edit_distance("fast", "fast"), 0u);
  EXPECT_EQ(edit_distance("fsat", "fast"), 2u);
  EXPECT_EQ(edit_distance("FAST", "fast"), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace voxmark::speech
