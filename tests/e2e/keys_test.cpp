// Keys at a real terminal: tmux runs voxmark, types keys and reads the screen, as a person
// would see it (recipe: the handbook's testing.md). Audio goes to a sink paced at real time,
// so the screen moves at a listener's pace.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <sstream>
#include <thread>

#include "audio_check.h"
#include "run_process.h"

namespace voxmark::test {
namespace {

class KeysTest : public testing::Test {
 protected:
  void SetUp() override {
    if (run_process({"/usr/bin/tmux", "-V"}).exit_code != 0)
      GTEST_SKIP() << "tmux is not installed";
    session_ = "voxmark-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++);
  }
  void TearDown() override { tmux({"kill-session", "-t", session_}); }

  ProcessResult tmux(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/tmux", "-L", "voxmark-tests"});
    return run_process(args);
  }

  // Starts voxmark in a 100x30 terminal; the shell stays afterwards to show `stty`.
  void start(const std::string& voxmark_args, const std::string& sink = "--sink null-realtime") {
    const std::string command =
        "env HOME=" + dir_.path() + " XDG_CONFIG_HOME=" + dir_.file("config") +
        // timeout: a voxmark that never ends (a test that failed half-way, and was then
        // killed before TearDown) must not go on filling the file device.
        " XDG_STATE_HOME=" + dir_.file("state") + " timeout --foreground -k 5 120 " +
        voxmark_binary() + " play " + sink + " " + voxmark_args + " 2>" + dir_.file("stderr") +
        "; echo EXIT=$?; stty -a; sleep 60";
    ASSERT_EQ(
        tmux({"new-session", "-d", "-s", session_, "-x", "100", "-y", "30", command}).exit_code, 0);
  }

  // Runs a shell command line in the same kind of terminal, with the test's own home.
  void start_shell(const std::string& command_line) {
    const std::string command = "export HOME=" + dir_.path() +
                                " XDG_CONFIG_HOME=" + dir_.file("config") +
                                " XDG_STATE_HOME=" + dir_.file("state") + "; " + command_line +
                                "; echo EXIT=$?; stty -a; sleep 60";
    ASSERT_EQ(
        tmux({"new-session", "-d", "-s", session_, "-x", "100", "-y", "30", command}).exit_code, 0);
  }

  std::string screen() { return tmux({"capture-pane", "-p", "-t", session_}).out; }

  void keys(const std::string& key) { tmux({"send-keys", "-t", session_, key}); }

  // Waits up to 10 s for the screen to show `text`.
  bool shows(const std::string& text) {
    for (int i = 0; i < 200; ++i) {
      if (screen().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  TempDir dir_;
  std::string session_;
  static inline int counter_ = 0;
};

TEST_F(KeysTest, KeysChangeWhatIsPlayedAndShown) {
  start("");
  ASSERT_TRUE(shows("sentence 1 of 31")) << screen();
  EXPECT_TRUE(shows("Playing")) << screen();
  EXPECT_TRUE(shows("A new beginning for NATO and Russia")) << screen();
  keys("Space");
  EXPECT_TRUE(shows("Paused")) << screen();
  keys("Space");
  EXPECT_TRUE(shows("Playing")) << screen();
  keys("Down");  // next block: the disclaimer's announcement
  EXPECT_TRUE(shows("sentence 2 of 31")) << screen();
  EXPECT_TRUE(shows("Quote, 1 paragraph.")) << screen();
  keys("Right");
  EXPECT_TRUE(shows("sentence 3 of 31")) << screen();
  EXPECT_TRUE(shows("DISCLAIMER")) << screen();
  keys("+");
  EXPECT_TRUE(shows("1.1x")) << screen();
  keys("=");
  // Spaces around it: "1x" alone would also match inside "1.1x".
  EXPECT_TRUE(shows(" 1x ")) << screen();
  keys("End");
  EXPECT_TRUE(shows("sentence 31 of 31")) << screen();
  keys("Home");
  EXPECT_TRUE(shows("sentence 1 of 31")) << screen();
  keys("q");
  EXPECT_TRUE(shows("EXIT=0")) << screen();
  // The terminal is given back: canonical mode and echo on.
  EXPECT_TRUE(shows(" icanon ")) << screen();
  EXPECT_TRUE(shows(" echo ")) << screen();
}

TEST_F(KeysTest, AKeyChangesWhatTheSoundDevicePlays) {
  // The real PortAudio -> ALSA path into a file. That device takes audio faster than real
  // time, so the op-ed would take seconds, not minutes: End is pressed as soon as the screen
  // is up, long before the middle of the document could have been reached.
  dir_.write(".asoundrc", alsa_file_device_config(dir_.file("played.raw")));
  start("", "");
  ASSERT_TRUE(shows("of 31")) << screen();
  keys("End");
  // The last sentence played, then the end waits for a key (End was pressed), saying so.
  EXPECT_TRUE(shows("End of the document, waiting for a key")) << screen();
  keys("q");
  EXPECT_TRUE(shows("EXIT=0")) << screen();
  const auto played = read_recording(dir_.file("played.raw"));
  const auto texts = voxmark_sentences();
  ASSERT_EQ(texts.size(), 31u);
  const auto reference = reference_audio({texts[19], texts[30]});
  EXPECT_EQ(find_samples(played, without_zeros(reference[0])), std::string::npos)
      << "sentence 20 was played although End was pressed before it";
  const auto last =
      without_zeros(std::vector<std::int16_t>(reference[1].begin() + 200, reference[1].end()));
  EXPECT_NE(find_samples(played, last), std::string::npos) << "the last sentence was not played";
}

TEST_F(KeysTest, CtrlCRestoresTheTerminal) {
  start("");
  ASSERT_TRUE(shows("sentence 1 of 31")) << screen();
  keys("C-c");
  EXPECT_TRUE(shows("EXIT=130")) << screen();
  EXPECT_TRUE(shows(" icanon ")) << screen();
  EXPECT_TRUE(shows(" echo ")) << screen();
}

TEST_F(KeysTest, PlainModeWritesOneLineASentenceWithoutEscapes) {
  start("--ui plain");
  ASSERT_TRUE(shows("A new beginning for NATO and Russia")) << screen();
  keys("Down");
  EXPECT_TRUE(shows("DISCLAIMER: All opinions")) << screen();
  keys("Space");
  EXPECT_TRUE(shows("Paused")) << screen();
  keys("q");
  EXPECT_TRUE(shows("EXIT=0")) << screen();
}

TEST_F(KeysTest, KeyFileChangesBindingsAndBadLinesAreReported) {
  dir_.write("keys.conf", "x next  # my own next key\nbogus-key next\nn no-such-command\n");
  start("--keys " + dir_.file("keys.conf"));
  ASSERT_TRUE(shows("sentence 1 of 31")) << screen();
  keys("x");
  EXPECT_TRUE(shows("sentence 2 of 31")) << screen();
  keys("q");
  EXPECT_TRUE(shows("EXIT=0")) << screen();
  const std::string err = read_file(dir_.file("stderr"));
  EXPECT_NE(err.find("keys.conf:2:"), std::string::npos) << err;
  EXPECT_NE(err.find("keys.conf:3:"), std::string::npos) << err;
}

// `cat notes.md | voxmark -`: standard input is the document, so the keys come from the
// terminal itself. They used to echo on the screen while nothing listened to them.
TEST_F(KeysTest, ADocumentOnStandardInputStillTakesKeysFromTheTerminal) {
  const std::string doc = dir_.write(
      "piped.md", "# Piped\n\nOne sentence. Two sentences. Three sentences. Four. Five.\n");
  start_shell("cat " + doc + " | " + voxmark_binary() + " play --sink null-realtime - 2>" +
              dir_.file("stderr"));
  ASSERT_TRUE(shows("sentence 1 of 6")) << screen();
  keys("Right");
  EXPECT_TRUE(shows("sentence 2 of 6")) << screen();
  keys("Space");
  EXPECT_TRUE(shows("Paused")) << screen();
  keys("q");
  EXPECT_TRUE(shows("EXIT=0")) << screen();
  EXPECT_TRUE(shows(" icanon ")) << screen();
  EXPECT_TRUE(shows(" echo ")) << screen();
}

// Without --resume the screen says once where the listener left off, and b goes there.
TEST_F(KeysTest, TheSavedPlaceIsShownAndBGoesBackThere) {
  const std::string of = " of " + std::to_string(voxmark_sentences().size());
  start("--sentence 5");
  ASSERT_TRUE(shows("sentence 5" + of)) << screen();
  keys("q");
  ASSERT_TRUE(shows("EXIT=0")) << screen();
  tmux({"kill-session", "-t", session_});
  start("");
  ASSERT_TRUE(shows("sentence 1" + of)) << screen();
  EXPECT_TRUE(shows("You left the document at sentence 5" + of + "; press b to go back there"))
      << screen();
  keys("b");
  EXPECT_TRUE(shows("sentence 5" + of)) << screen();
  keys("q");
  EXPECT_TRUE(shows("EXIT=0")) << screen();
}

// The export's progress bar is taken off its line before the summary, so the summary is read
// (and heard) alone on a clean line.
TEST_F(KeysTest, ExportClearsItsProgressBarBeforeTheSummary) {
  const std::string doc =
      dir_.write("book.md", "# Book\n\nA sentence. Another one. And a third.\n");
  start_shell(voxmark_binary() + " export " + doc + " -o " + dir_.file("book.wav"));
  ASSERT_TRUE(shows("EXIT=0")) << screen();
  const std::string text = screen();
  EXPECT_EQ(text.find("real time"), std::string::npos) << text;
  EXPECT_EQ(text.find("[####"), std::string::npos) << text;
  const std::string summary = "voxmark: wrote " + dir_.file("book.wav") + " (";
  EXPECT_TRUE(text.rfind(summary, 0) == 0 || text.find("\n" + summary) != std::string::npos)
      << "the summary does not start its own line:\n"
      << text;
}

}  // namespace
}  // namespace voxmark::test
