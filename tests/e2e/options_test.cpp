// Every option a user can give reaches what they hear or see: voxmark voices, devices
// --check, --wpm, --pitch, --device, --read-code and the user's lexicon, end to end. Audio is
// compared sample by sample with what the engine makes in-process with the same settings.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audio_check.h"
#include "cli/voice_options.h"
#include "run_process.h"
#include "speech/espeak_engine.h"
#include "speech/speech_process.h"

namespace voxmark::test {
namespace {

// What the engine says for `text` with these voice options, silence dropped.
std::vector<std::int16_t> said(const cli::VoiceOptions& options, const std::string& text) {
  const cli::ResolvedVoice voice = cli::resolve_voice(options);
  speech::SpeechProcess engine([&voice] {
    auto espeak = std::make_unique<speech::EspeakEngine>(voice.lexicon);
    espeak->configure(voice.settings);
    return espeak;
  });
  return without_zeros(engine.synthesize(text).samples);
}

class Options : public testing::Test {
 protected:
  ProcessResult voxmark(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), voxmark_binary());
    ProcessOptions options;
    options.stdin_text = stdin_text;
    isolate_home(options, dir_);
    return run_process(args, options);
  }
  // Exports `markdown` (one sentence) to WAV with `extra` options; the audio, silence dropped.
  std::vector<std::int16_t> exported(const std::string& markdown, std::vector<std::string> extra) {
    const std::string doc = dir_.write("doc.md", markdown);
    std::vector<std::string> args = {"export", doc,          "-o", dir_.file("out.wav"),
                                     "-q",     "--loudness", "off"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = voxmark(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return without_zeros(read_audio(dir_.file("out.wav")).samples);
  }
  static bool contains(const std::vector<std::int16_t>& haystack,
                       const std::vector<std::int16_t>& needle) {
    return !needle.empty() && find_samples(haystack, needle) != std::string::npos;
  }
  TempDir dir_;
};

const std::string kSentence = "Rates and pitches are heard.";

TEST_F(Options, WpmIsTheRateSpoken) {
  const auto audio = exported(kSentence + "\n", {"--wpm", "320"});
  cli::VoiceOptions fast;
  fast.rate_wpm = 320;
  EXPECT_TRUE(contains(audio, said(fast, kSentence))) << "not the engine's audio at 320 wpm";
  EXPECT_FALSE(contains(audio, said({}, kSentence))) << "the default rate was used";
  EXPECT_LT(audio.size(), said({}, kSentence).size() * 3 / 4);
}

TEST_F(Options, PitchIsThePitchSpoken) {
  const auto audio = exported(kSentence + "\n", {"--pitch", "85"});
  cli::VoiceOptions high;
  high.pitch = 85;
  EXPECT_TRUE(contains(audio, said(high, kSentence))) << "not the engine's audio at pitch 85";
  EXPECT_FALSE(contains(audio, said({}, kSentence))) << "the default pitch was used";
}

TEST_F(Options, TheUsersLexiconChangesWhatIsSaid) {
  // "Zorblat" said as "banana": the audio is the engine's for the respelled sentence.
  dir_.write("config/voxmark/lexicon", "# mine\nZorblat\tbanana\n");
  const auto audio = exported("Zorblat is ripe.\n", {});
  EXPECT_TRUE(contains(audio, said({}, "banana is ripe."))) << "the lexicon was not applied";
  EXPECT_FALSE(contains(audio, said({}, "Zorblat is ripe.")));
  // Whole words only: "Zorblats" is left as written.
  const auto plural = exported("Zorblats are ripe.\n", {});
  EXPECT_TRUE(contains(plural, said({}, "Zorblats are ripe.")));
}

TEST_F(Options, ABadLexiconLineIsReportedWithItsPlaceAndSkipped) {
  dir_.write("config/voxmark/lexicon", "Zorblat\tbanana\nno tab on this line\n");
  const std::string doc = dir_.write("doc.md", "Zorblat is ripe.\n");
  const auto r = voxmark({"export", doc, "-o", dir_.file("out.wav"), "-q", "--loudness", "off"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("lexicon:2"), std::string::npos) << r.err;
  EXPECT_TRUE(contains(without_zeros(read_audio(dir_.file("out.wav")).samples),
                       said({}, "banana is ripe.")));
}

TEST_F(Options, VoicesListsThePresetsAndTheInstalledVoices) {
  const auto r = voxmark({"voices"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* preset : {"default", "en-gb", "fast"}) {
    EXPECT_NE(r.out.find(preset), std::string::npos) << preset << "\n" << r.out;
  }
  // Installed voices, as eSpeak NG itself lists them.
  const auto espeak = run_process({"/usr/bin/espeak-ng", "--voices=fr"});
  ASSERT_EQ(espeak.exit_code, 0);
  EXPECT_NE(espeak.out.find("fr"), std::string::npos);
  const auto json = voxmark({"voices", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const std::string dump = nlohmann::json::parse(json.out).dump();
  EXPECT_NE(dump.find("\"fr\""), std::string::npos) << "French is installed but not listed";
  EXPECT_NE(dump.find("\"default\""), std::string::npos);
  // A user's preset is listed too.
  dir_.write("config/voxmark/voices/mine.toml", "name = \"mine\"\nrate_wpm = 200\n");
  const auto mine = voxmark({"voices"});
  EXPECT_NE(mine.out.find("mine"), std::string::npos) << mine.out << mine.err;
}

TEST_F(Options, DevicesCheckFailsWhenTheDeviceIsUnusable) {
  // A usable default device: ALSA's file plugin.
  dir_.write(".asoundrc", alsa_file_device_config(dir_.file("played.raw")));
  const auto ok = voxmark({"devices", "--check"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(ok.out.empty()) << ok.out;
  // A default device that cannot be opened: a sound card that is not there.
  dir_.write(".asoundrc",
             "pcm.!default {\n  type hw\n  card 17\n}\nctl.!default {\n  type hw\n"
             "  card 17\n}\n");
  const auto bad = voxmark({"devices", "--check"});
  EXPECT_EQ(bad.exit_code, 69) << bad.out << bad.err;  // docs/cli.md: no audio output device
  EXPECT_TRUE(bad.out.empty()) << bad.out;
}

// Playing on the default device, PortAudio's probe opens only what that device needs
// (audio/alsa_probe.h): not libasound2-plugins' a52 encoder, which loads FFmpeg, nor any other
// device ALSA names. `voxmark devices` still opens them all (the control: this test can see it).
TEST_F(Options, PlayingOnTheDefaultDeviceOpensNoOtherDevice) {
  dir_.write(".asoundrc", alsa_file_device_config(dir_.file("played.raw")));
  const std::string doc = dir_.write("doc.md", "Played on the default device.\n");
  ASSERT_TRUE(std::filesystem::exists("/usr/share/alsa/alsa.conf.d/60-a52-encoder.conf"))
      << "libasound2-plugins is missing: scripts/lib/setup.sh installs it";
  ProcessOptions options;
  isolate_home(options, dir_);
  options.env["LD_DEBUG"] = "files";
  const auto devices = run_process({voxmark_binary(), "devices"}, options);
  ASSERT_EQ(devices.exit_code, 0) << devices.out;
  EXPECT_NE(devices.err.find("libasound_module_pcm_a52"), std::string::npos);
  const auto played = run_process({voxmark_binary(), "play", doc}, options);
  ASSERT_EQ(played.exit_code, 0) << played.err.substr(
      played.err.size() > 2000 ? played.err.size() - 2000 : 0);
  EXPECT_EQ(played.err.find("libasound_module_pcm_a52"), std::string::npos);
  EXPECT_EQ(played.err.find("libavcodec"), std::string::npos);
  EXPECT_TRUE(
      contains(read_recording(dir_.file("played.raw")), said({}, "Played on the default device.")));
}

// A default device whose way to its sound is not spelt out (here a name put together by
// ALSA's @func concat, as sound cards' own configurations do): the narrowed probe cannot find
// it, and voxmark probes every device instead. It still plays there, and nowhere else.
TEST_F(Options, ADefaultDeviceTheNarrowedProbeCannotFollowStillPlays) {
  dir_.write(".asoundrc", "pcm.voxmarktestsink {\n  type file\n  slave.pcm \"null\"\n  file \"" +
                              dir_.file("played.raw") +
                              "\"\n  format \"raw\"\n}\n"
                              "pcm.!default {\n  type plug\n  slave.pcm {\n    @func concat\n"
                              "    strings [ \"voxmarktest\" \"sink\" ]\n  }\n}\n");
  const std::string doc = dir_.write("doc.md", "Found the long way round.\n");
  const auto r = voxmark({"play", doc});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(
      contains(read_recording(dir_.file("played.raw")), said({}, "Found the long way round.")));
}

TEST_F(Options, DeviceChoosesWhereItIsPlayed) {
  dir_.write(".asoundrc", alsa_file_device_config(dir_.file("played.raw")));
  const std::string doc = dir_.write("doc.md", "Played on the chosen device.\n");
  const auto list = voxmark({"devices", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::string name;
  for (const auto& d : nlohmann::json::parse(list.out)) {
    if (d["default"].get<bool>()) name = d["name"];
  }
  ASSERT_FALSE(name.empty()) << list.out;
  const auto r = voxmark({"play", doc, "--device", name});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(
      contains(read_recording(dir_.file("played.raw")), said({}, "Played on the chosen device.")));
  // A device that does not exist: one line naming it, and `voxmark devices` to list them.
  const auto missing = voxmark({"play", doc, "--device", "no-such-device-here"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("no-such-device-here"), std::string::npos) << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
}

TEST_F(Options, ReadCodeReadsTheCodeBlock) {
  const std::string doc =
      dir_.write("doc.md", "Before the code.\n\n```\nlet total = count;\n```\n\nAfter it.\n");
  const auto plain = voxmark({"sentences", doc});
  const auto code = voxmark({"sentences", "--read-code", doc});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(code.exit_code, 0) << code.err;
  EXPECT_EQ(plain.out.find("total"), std::string::npos) << plain.out;
  EXPECT_NE(code.out.find("total"), std::string::npos) << code.out;
  // And played: a sentence event holds the code line.
  const auto played = voxmark({"play", doc, "--read-code", "--sink", "null", "--events", "json"});
  ASSERT_EQ(played.exit_code, 0) << played.err;
  EXPECT_NE(played.out.find("total"), std::string::npos) << played.out;
  const auto unplayed = voxmark({"play", doc, "--sink", "null", "--events", "json"});
  EXPECT_EQ(unplayed.out.find("total"), std::string::npos) << unplayed.out;
}

}  // namespace
}  // namespace voxmark::test
