// voxmark play end to end: commands on stdin, events on stdout, and audio through the real
// PortAudio -> ALSA path into a file (ALSA's `file` plugin; see the handbook's testing.md).
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audio/earcon.h"
#include "audio_check.h"
#include "run_process.h"

namespace voxmark::test {
namespace {
namespace fs = std::filesystem;

const char* kThreeSections =
    "# One\n\nFirst section opens. It goes on.\n\nA second block.\n\n"
    "# Two\n\nSecond section here. More of it.\n\n## Two point one\n\nA subsection.\n\n"
    "# Three\n\nThe last words.\n";

// A home folder whose ALSA default device writes what it plays into played.raw.
class PlayTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_.write(".asoundrc", alsa_file_device_config(dir_.file("played.raw")));
    doc_ = dir_.write("doc.md", kThreeSections);
  }

  ProcessResult play(std::vector<std::string> args, const std::string& commands,
                     ProcessOptions options = {}) {
    args.insert(args.begin(), {voxmark_binary(), "play"});
    options.stdin_text = commands;
    isolate_home(options, dir_);
    return run_process(args, options);
  }

  std::vector<nlohmann::json> events(const std::string& out) {
    std::vector<nlohmann::json> all;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) all.push_back(nlohmann::json::parse(line));
    return all;
  }

  // The sentence indices (1-based) of the `sentence` events, in order.
  std::vector<int> heard(const std::string& out) {
    std::vector<int> indices;
    for (const auto& e : events(out)) {
      if (e["event"] == "sentence") indices.push_back(e["index"]);
    }
    return indices;
  }

  std::vector<std::string> texts() { return voxmark_sentences(doc_); }

  std::vector<std::int16_t> recording() { return read_recording(dir_.file("played.raw")); }

  TempDir dir_;
  std::string doc_;
};

TEST_F(PlayTest, PlaysEverySentenceThroughPortAudioExactlyAsSynthesized) {
  // End of input: the document is read to its end.
  const auto r = play({doc_, "--events", "json"}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(heard(r.out), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(events(r.out).back()["event"], "finished");
  // The device got each sentence's samples, unchanged and in order. (Silence is dropped on
  // both sides: the file device also records silence whenever nothing was queued.)
  const auto played = recording();
  std::size_t at = 0;
  for (const auto& sentence : reference_audio(texts())) {
    const auto expected = without_zeros(sentence);
    const std::size_t found = find_samples(played, expected, at);
    ASSERT_EQ(found, at) << "a sentence is missing or altered";
    at = found + expected.size();
  }
  EXPECT_EQ(at, played.size());
}

TEST_F(PlayTest, NextSectionJumpsToTheNextSectionsFirstSentenceAtOnce) {
  const auto r = play({doc_, "--events", "json"}, "next-section\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto all = events(r.out);
  const auto jump =
      std::find_if(all.begin(), all.end(), [](const auto& e) { return e["event"] == "jump"; });
  ASSERT_NE(jump, all.end()) << r.out;
  EXPECT_EQ((*jump)["command"], "next-section");
  EXPECT_EQ((*jump)["to"], 5);  // "Two", the heading of the second section
  // Measured, not a placeholder: more than nothing (the ring is ahead of the device), and
  // within the time since the start (t_ms) that the event was stamped with.
  EXPECT_GT((*jump)["latency_ms"].get<double>(), 0.0) << jump->dump();
  EXPECT_LE((*jump)["latency_ms"].get<double>(), (*jump)["t_ms"].get<double>()) << jump->dump();
  // What the device played after the cut is the second section, from its first sample on
  // (after the 5 ms fade-in), and nothing of "A second block."
  const auto ref = reference_audio(texts());
  const auto played = recording();
  const auto target = without_zeros(std::vector<std::int16_t>(ref[4].begin() + 200, ref[4].end()));
  EXPECT_NE(find_samples(played, target), std::string::npos);
  EXPECT_EQ(find_samples(played, without_zeros(ref[2])), std::string::npos);
}

TEST_F(PlayTest, CommandsTakeEffectAndReportTheirLatency) {
  const auto r = play(
      {doc_, "--events", "json", "--sink", "null-realtime"},
      "next-block\nspeed 1.5\nvolume 80\npause\nresume\ngoto-section 3\nprev\nnext-heading 1\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& e : events(r.out)) {
    if (e["event"] == "sentence" || e["event"] == "finished") continue;
    names.push_back(e["event"]);
    EXPECT_TRUE(e.contains("latency_ms")) << e.dump();
    EXPECT_TRUE(e.contains("t_ms")) << e.dump();
    if (e["event"] == "speed") {
      EXPECT_EQ(e["speed"], 1.5);
    }
    if (e["event"] == "volume") {
      EXPECT_EQ(e["volume"], 80);
    }
  }
  // Jumps typed together merge into one: next-block, then goto-section 3, prev, next-heading 1.
  EXPECT_EQ(std::count(names.begin(), names.end(), "speed"), 1) << r.out;
  EXPECT_EQ(std::count(names.begin(), names.end(), "volume"), 1) << r.out;
  EXPECT_EQ(std::count(names.begin(), names.end(), "paused"), 1) << r.out;
  EXPECT_EQ(std::count(names.begin(), names.end(), "resumed"), 1) << r.out;
  // The jumps end at section Three's heading: goto-section 3 is "Two point one", prev goes
  // back one sentence, next-heading 1 finds "Three"; then the document plays to its end.
  const auto hs = heard(r.out);
  ASSERT_GE(hs.size(), 2u);
  EXPECT_EQ(hs[hs.size() - 2], 10) << r.out;
  EXPECT_EQ(hs.back(), 11) << r.out;
}

TEST_F(PlayTest, BadCommandsAreReportedAndPlaybackGoesOn) {
  const auto r = play({doc_, "--sink", "null"}, "jump-around\nspeed 9\nnext-heading\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("stdin:1: unknown command 'jump-around'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stdin:2: 'speed 9': expected speed X (0.5 to 6)"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("stdin:3: 'next-heading': expected next-heading N (1 to 6)"),
            std::string::npos)
      << r.err;
}

TEST_F(PlayTest, QuitSavesThePositionAndResumeContinuesThere) {
  auto r = play({doc_, "--sink", "null", "--events", "json"}, "goto-sentence 6\nquit\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_.file("state/voxmark/positions.json")));
  r = play({doc_, "--sink", "null", "--events", "json", "--resume"}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(heard(r.out).empty()) << r.out;
  EXPECT_EQ(heard(r.out).front(), 6);
  EXPECT_NE(r.err.find("Resuming at sentence 6 of 11."), std::string::npos) << r.err;
}

// A listener who fixes a typo must not lose their place: the sentence is found again (moved,
// or edited itself), said in one line; only a place that is gone starts over, and says so.
TEST_F(PlayTest, ResumeAfterAnEditFindsTheSameSentence) {
  ASSERT_EQ(play({doc_, "--sink", "null"}, "goto-sentence 6\nquit\n").exit_code, 0);
  std::string edited = kThreeSections;
  edited.replace(edited.find("opens"), 5, "begins");  // a word changed before it
  edited.replace(edited.find("A second block."), 15, "A second block. And more.");  // one added
  dir_.write("doc.md", edited);
  auto r = play({doc_, "--sink", "null", "--events", "json", "--resume"}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(heard(r.out).empty()) << r.err;
  EXPECT_EQ(heard(r.out).front(), 7);  // "Second section here.", one further on
  EXPECT_EQ(events(r.out).front()["text"], "Second section here.");
  EXPECT_NE(r.err.find("changed since you left it; found your place again: sentence 7 of 12."),
            std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  // The sentence itself edited: found by its neighbours.
  ASSERT_EQ(play({doc_, "--sink", "null"}, "goto-sentence 7\nquit\n").exit_code, 0);
  edited.replace(edited.find("Second section here."), 20, "The second section starts here.");
  dir_.write("doc.md", edited);
  r = play({doc_, "--sink", "null", "--events", "json", "--resume"}, "");
  ASSERT_FALSE(heard(r.out).empty()) << r.err;
  EXPECT_EQ(events(r.out).front()["text"], "The second section starts here.");

  // Gone with its whole section: start over, and say why.
  ASSERT_EQ(play({doc_, "--sink", "null"}, "goto-sentence 8\nquit\n").exit_code, 0);
  dir_.write("doc.md", "# One\n\nFirst section opens. It goes on.\n\n# Three\n\nThe last words.\n");
  r = play({doc_, "--sink", "null", "--events", "json", "--resume"}, "");
  ASSERT_FALSE(heard(r.out).empty()) << r.err;
  EXPECT_EQ(heard(r.out).front(), 1);
  EXPECT_NE(r.err.find("is not in it any more; starting at the beginning"), std::string::npos)
      << r.err;
}

// Without --resume: one line says there is a saved place and how to get there; goto-saved
// (a key at the terminal) goes there.
TEST_F(PlayTest, TheSavedPlaceIsToldOnceAndGotoSavedGoesThere) {
  ASSERT_EQ(play({doc_, "--sink", "null"}, "goto-sentence 6\nquit\n").exit_code, 0);
  const auto r = play({doc_, "--sink", "null", "--events", "json"}, "goto-saved\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  bool jumped = false;
  for (const auto& e : events(r.out)) {
    if (e["event"] == "jump" && e["command"] == "goto-saved" && e["from"] == 1 && e["to"] == 6) {
      jumped = true;
    }
  }
  EXPECT_TRUE(jumped) << r.out;
  ASSERT_FALSE(heard(r.out).empty());
  EXPECT_EQ(heard(r.out).back(), 11) << "then on to the end";
  const std::string notice =
      "You left " + doc_ +
      " at sentence 6 of 11; send goto-saved to go back there, or start with --resume.";
  EXPECT_NE(r.err.find(notice), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

// The speed a listener last used for a document is where the next listening starts.
TEST_F(PlayTest, TheSpeedLastUsedIsRemembered) {
  ASSERT_EQ(play({doc_, "--sink", "null"}, "speed 2\nquit\n").exit_code, 0);
  auto r = play({doc_, "--sink", "file:" + dir_.file("remembered.wav")}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Speed 2x, as you last listened to " + doc_), std::string::npos) << r.err;
  // --speed chooses; the voice's own speed is back.
  r = play({doc_, "--sink", "file:" + dir_.file("normal.wav"), "--speed", "1"}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("Speed"), std::string::npos) << r.err;
  const double remembered =
      static_cast<double>(read_audio(dir_.file("remembered.wav")).samples.size());
  const double normal = static_cast<double>(read_audio(dir_.file("normal.wav")).samples.size());
  EXPECT_NEAR(remembered / normal, 0.5, 0.05);
}

TEST_F(PlayTest, StartsAtASectionOrSentence) {
  auto r = play({doc_, "--sink", "null", "--events", "json", "--from", "Three"}, "");
  ASSERT_FALSE(heard(r.out).empty()) << r.err;
  EXPECT_EQ(heard(r.out).front(), 10);
  r = play({doc_, "--sink", "null", "--events", "json", "--from", "2"}, "");
  ASSERT_FALSE(heard(r.out).empty()) << r.err;
  EXPECT_EQ(heard(r.out).front(), 5);
  r = play({doc_, "--sink", "null", "--events", "json", "--sentence", "3"}, "");
  ASSERT_FALSE(heard(r.out).empty()) << r.err;
  EXPECT_EQ(heard(r.out).front(), 3);
  r = play({doc_, "--sink", "null", "--from", "Nowhere"}, "quit\n");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--from Nowhere"), std::string::npos);
}

TEST_F(PlayTest, NoSoundDeviceIsOneClearLineAndExit69) {
  dir_.write(".asoundrc", "pcm.!default {\n  type hw\n  card 42\n}\n");
  const auto r = play({doc_}, "");
  EXPECT_EQ(r.exit_code, 69) << r.err;
  EXPECT_NE(r.err.find("voxmark export"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(PlayTest, DeviceFailingMidStreamIsReportedAndThePositionSaved) {
  // The file device can write 64 KiB, then fails (ulimit -f): a device that stops working.
  ProcessOptions options;
  options.file_size_limit_bytes = 64 << 10;
  const auto r = play({doc_, "--events", "json"}, "", options);
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("voxmark: the audio device stopped working"), std::string::npos) << r.err;
  const auto all = events(r.out);
  ASSERT_GE(all.size(), 2u) << r.out;
  EXPECT_EQ(all[all.size() - 2]["event"], "error") << r.out;
  EXPECT_EQ(all.back()["event"], "stopped") << r.out;  // the last event says how it ended
  EXPECT_EQ(all.back()["reason"], "device failed") << r.out;
  EXPECT_TRUE(fs::exists(dir_.file("state/voxmark/positions.json")));
}

TEST_F(PlayTest, TerminationSavesThePositionWithoutHanging) {
  for (int signal_number : {SIGTERM, SIGHUP, SIGINT}) {
    ProcessOptions options;
    options.signal_number = signal_number;
    options.signal_when_output_contains = "\"index\":3";
    options.timeout_seconds = 30;
    options.stdin_text = "";
    auto r = play({doc_, "--sink", "null-realtime", "--events", "json"}, "", options);
    EXPECT_EQ(r.exit_code, 128 + signal_number) << r.err;
    r = play({doc_, "--sink", "null", "--events", "json", "--resume"}, "");
    ASSERT_FALSE(heard(r.out).empty()) << r.err;
    EXPECT_GE(heard(r.out).front(), 3) << signal_number;
    EXPECT_LT(heard(r.out).front(), 11) << signal_number;
  }
}

}  // namespace
}  // namespace voxmark::test

namespace voxmark::test {
namespace {

// Bad options for play: one line, exit 64, nothing played.
struct PlayOptionCase {
  const char* name;
  std::vector<std::string> args;
  const char* message;
};
void PrintTo(const PlayOptionCase& c, std::ostream* os) { *os << c.name; }

class PlayOptionError : public testing::TestWithParam<PlayOptionCase> {};

TEST_P(PlayOptionError, IsAUsageErrorOnOneLine) {
  std::vector<std::string> args{voxmark_binary(), "play", "--sink", "null"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  const auto r = run_process(args);
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(r.out.empty());
}

const PlayOptionCase kPlayOptionCases[] = {
    {"unknown_voice", {"--voice", "no-such-voice"}, "no-such-voice"},
    {"speed_too_high", {"--speed", "9"}, "--speed"},
    {"speed_too_low", {"--speed", "0.1"}, "--speed"},
    {"volume_too_high", {"--volume", "300"}, "--volume"},
    {"unknown_sink", {"--sink", "speakers"}, "--sink"},
    {"sentence_beyond_the_end", {"--sentence", "999"}, "--sentence 999"},
    {"section_not_found", {"--from", "99999999999999999999999"}, "no such section"},
    {"unknown_events_format", {"--events", "xml"}, "--events"},
};

INSTANTIATE_TEST_SUITE_P(Play, PlayOptionError, testing::ValuesIn(kPlayOptionCases),
                         [](const auto& info) { return std::string(info.param.name); });

// Keys that cannot move are heard, not silent: End plays the last sentence and then waits
// with the end-of-document tone; `next` there is a dead end, answered by its own tone. Both
// tones play alone (nothing else is queued), so the device must have got them sample for
// sample. The script sends `next` only once the `end` event came, then quits.
TEST_F(PlayTest, EndWaitsWithAToneAndADeadKeyIsHeard) {
  const std::string script =
      "out=\"$2\"; (echo end; i=0; until grep -q '\"event\":\"end\"' \"$out\" 2>/dev/null; do "
      "sleep 0.05; i=$((i+1)); [ $i -gt 1200 ] && break; done; echo next; sleep 1; echo quit) | "
      "\"$0\" play \"$1\" --events json >\"$out\"";
  ProcessOptions options;
  isolate_home(options, dir_);
  const auto r =
      run_process({"/bin/sh", "-c", script, voxmark_binary(), doc_, dir_.file("events")}, options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto all = events(read_file(dir_.file("events")));
  std::vector<std::string> names;
  for (const auto& e : all) {
    if (e["event"] != "sentence" && e["event"] != "word") names.push_back(e["event"]);
  }
  // End: a jump; the end reached: waiting, not finished; next: ignored; quit: stopped.
  EXPECT_EQ(names, (std::vector<std::string>{"jump", "end", "ignored", "stopped"}));
  for (const auto& e : all) {
    if (e["event"] == "end") {
      EXPECT_EQ(e["sentence"], 11);
      EXPECT_EQ(e["waiting"], true);
    }
    if (e["event"] == "ignored") {
      EXPECT_EQ(e["reason"], "nothing further that way");
    }
  }
  const auto played = recording();
  const auto end_tone = without_zeros(audio::render_earcon(audio::Earcon::end_of_document, 22050));
  const auto dead_end = without_zeros(audio::render_earcon(audio::Earcon::dead_end, 22050));
  const std::size_t end_at = find_samples(played, end_tone);
  ASSERT_NE(end_at, std::string::npos) << "the end-of-document tone was not played";
  EXPECT_NE(find_samples(played, dead_end, end_at + end_tone.size()), std::string::npos)
      << "the dead-end tone was not played after it";
  // Right before the tone, the last sentence was heard to its end (from after the jump's
  // 5 ms fade-in).
  const auto reference = reference_audio({texts().back()}).front();
  const auto last =
      without_zeros(std::vector<std::int16_t>(reference.begin() + 200, reference.end()));
  const std::size_t last_at = find_samples(played, last);
  ASSERT_NE(last_at, std::string::npos) << "the last sentence was not heard";
  EXPECT_EQ(last_at + last.size(), end_at);
}

// Without a way to send more commands (stdin at its end), End does not wait: the document
// finishes as usual.
TEST_F(PlayTest, EndDoesNotWaitWhenNoKeyCanCome) {
  const auto r = play({doc_, "--events", "json"}, "end\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto all = events(r.out);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back()["event"], "finished");
}

}  // namespace
}  // namespace voxmark::test
