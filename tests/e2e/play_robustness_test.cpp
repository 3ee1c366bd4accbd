// voxmark play under abuse (issue 18): bytes that are not UTF-8, over-long lines, a stalled or
// killed speech process, an event reader that stops reading or goes away, jumps while paused.
// The real binary, the real speech process; the player talks to us through its events.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "audio_check.h"
#include "event_reader.h"
#include "run_process.h"

namespace voxmark::test {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const char* kDoc =
    "# One\n\nFirst section opens. It goes on for a while, so that there is time to act.\n\n"
    "A second block, also long enough to be interrupted in the middle of it.\n\n"
    "# Two\n\nSecond section here. More of it, and then some more words.\n\n"
    "# Three\n\nThe last words of the document, spoken at the end.\n";

// A voxmark process we talk to while it plays: lines to its stdin, events from its stdout.
class Player {
 public:
  Player(const std::vector<std::string>& args, const std::string& home) {
    int in[2], out[2], err[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0 || ::pipe(err) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
      ::setenv("HOME", home.c_str(), 1);
      ::setenv("XDG_STATE_HOME", (home + "/state").c_str(), 1);
      ::setenv("XDG_CONFIG_HOME", (home + "/config").c_str(), 1);
      std::vector<std::string> all{voxmark_binary(), "play"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    in_ = in[1];
    out_ = out[0];
    err_ = err[0];
    ::fcntl(err_, F_SETFL, O_NONBLOCK);
    std::signal(SIGPIPE, SIG_IGN);
  }
  ~Player() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int fd : {in_, out_, err_}) {
      if (fd >= 0) ::close(fd);
    }
  }

  void send(const std::string& text) {
    ASSERT_EQ(::write(in_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void close_stdin() {
    ::close(in_);
    in_ = -1;
  }
  void close_stdout() {
    ::close(out_);
    out_ = -1;
  }
  void signal(int number) { ::kill(pid_, number); }

  // Reads events until one satisfies `wanted` (returned), or the stream ends, or 60 s pass
  // (a generous bound against a hang, not a timing check). Every event read is kept.
  std::optional<nlohmann::json> until(const std::function<bool(const nlohmann::json&)>& wanted) {
    return reader_.until(out_, wanted, std::chrono::seconds(60));
  }
  const std::vector<nlohmann::json>& events() const { return reader_.events(); }
  std::optional<nlohmann::json> until_event(const std::string& name) {
    return until([&](const nlohmann::json& e) { return e["event"] == name; });
  }

  // Waits (60 s at most) for the process to end; its exit code, or 128 + signal, or -1.
  int wait() {
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        drain_stderr();
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      drain_stderr();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }
  std::string err() {
    drain_stderr();
    return err_text_;
  }

  // The speech server (voxmark's child process) and its children: the "workers".
  std::vector<pid_t> speech_processes() const {
    std::vector<pid_t> all;
    std::function<void(pid_t)> add = [&](pid_t parent) {
      std::error_code ec;
      for (const auto& task :
           fs::directory_iterator("/proc/" + std::to_string(parent) + "/task", ec)) {
        std::ifstream in(task.path() / "children");
        for (pid_t child; in >> child;) {
          all.push_back(child);
          add(child);
        }
      }
    };
    add(pid_);
    return all;
  }
  pid_t pid() const { return pid_; }

 private:
  void drain_stderr() {
    char chunk[4096];
    for (ssize_t n; (n = ::read(err_, chunk, sizeof chunk)) > 0;) {
      err_text_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  EventReader reader_;
  std::string err_text_;
};

class PlayRobustness : public testing::Test {
 protected:
  void SetUp() override {
    dir_.write(".asoundrc", alsa_file_device_config(dir_.file("played.raw")));
    doc_ = dir_.write("doc.md", kDoc);
  }
  ProcessResult play(std::vector<std::string> args, const std::string& commands) {
    args.insert(args.begin(), {voxmark_binary(), "play"});
    ProcessOptions options;
    options.stdin_text = commands;
    isolate_home(options, dir_);
    options.timeout_seconds = 60;
    return run_process(args, options);
  }
  static std::vector<nlohmann::json> parse_events(const std::string& out) {
    std::vector<nlohmann::json> all;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) all.push_back(nlohmann::json::parse(line));
    return all;
  }
  static std::vector<int> heard(const std::vector<nlohmann::json>& events) {
    std::vector<int> out;
    for (const auto& e : events) {
      if (e["event"] == "sentence") out.push_back(e["index"]);
    }
    return out;
  }
  // The sentence the next --resume starts at (1-based).
  int saved_sentence() {
    const auto r = play({doc_, "--sink", "null", "--events", "json", "--resume"}, "quit\n");
    const auto events = parse_events(r.out);
    return events.empty() ? 0 : events.back().value("sentence", 0);
  }

  TempDir dir_;
  std::string doc_;
};

TEST_F(PlayRobustness, BytesThatAreNotUtf8AreOneEscapedErrorAndNeverAbort) {
  const auto r =
      play({doc_, "--sink", "null", "--events", "json"}, "bad\xff\x1b[31m\nnext\n\xe2\x82\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto events = parse_events(r.out);  // every line is JSON
  std::vector<int> error_lines;
  for (const auto& e : events) {
    if (e["event"] == "error") error_lines.push_back(e["line"]);
  }
  EXPECT_EQ(error_lines, (std::vector<int>{1, 3}));
  EXPECT_EQ(events.back()["event"], "finished");
  // The terminal never receives the escape byte: it is shown as \x1b.
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stdin:1: unknown command 'bad\\xff\\x1b[31m'"), std::string::npos) << r.err;
}

TEST_F(PlayRobustness, AnOverLongLineIsOneErrorAndNeverRunsInPart) {
  const auto r = play({doc_, "--sink", "null", "--events", "json"},
                      std::string(8192, 'x') + "goto-sentence 5\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto events = parse_events(r.out);
  const auto errors = std::count_if(events.begin(), events.end(),
                                    [](const auto& e) { return e["event"] == "error"; });
  EXPECT_EQ(errors, 1);
  EXPECT_EQ(heard(events), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9}));  // no jump
}

TEST_F(PlayRobustness, QuitAndSignalsEndPlaybackWhileTheSpeechProcessIsStopped) {
  for (int how : {0, SIGTERM, SIGINT, SIGHUP}) {
    Player p({doc_, "--sink", "null-realtime", "--events", "json"}, dir_.path());
    ASSERT_TRUE(p.until([](const auto& e) { return e["event"] == "sentence" && e["index"] == 2; }));
    const auto workers = p.speech_processes();
    ASSERT_FALSE(workers.empty());
    for (pid_t w : workers) ::kill(w, SIGSTOP);  // an engine stuck on some input
    if (how == 0) {
      p.send("quit\n");
    } else {
      p.signal(how);
    }
    const auto stopped = p.until_event("stopped");
    const int code = p.wait();
    for (pid_t w : workers) ::kill(w, SIGCONT);
    ASSERT_TRUE(stopped) << "no stopped event; stderr: " << p.err();
    EXPECT_EQ(code, how == 0 ? 0 : 128 + how) << p.err();
    EXPECT_EQ((*stopped)["reason"], how == 0 ? "quit" : "signal");
    EXPECT_EQ(saved_sentence(), 2) << how;  // the position was saved
  }
}

TEST_F(PlayRobustness, AFailedSentenceIsSkippedWithAnErrorAndPlaybackGoesOn) {
  Player p({doc_, "--sink", "null-realtime", "--events", "json"}, dir_.path());
  ASSERT_TRUE(p.until([](const auto& e) { return e["event"] == "sentence" && e["index"] == 1; }));
  // The speech server dies: every sentence not yet made fails to synthesize.
  for (pid_t w : p.speech_processes()) ::kill(w, SIGKILL);
  p.close_stdin();
  const auto finished =
      p.until([](const auto& e) { return e["event"] == "finished" || e["event"] == "stopped"; });
  ASSERT_TRUE(finished) << p.err();
  EXPECT_EQ((*finished)["event"], "finished");
  EXPECT_EQ(p.wait(), 0) << p.err();
  int errors = 0;
  for (const auto& e : p.events()) {
    if (e["event"] == "error") {
      ++errors;
      EXPECT_TRUE(e.contains("sentence")) << e.dump();
    }
  }
  EXPECT_GT(errors, 0);
  EXPECT_NE(p.err().find("could not be spoken"), std::string::npos) << p.err();
}

TEST_F(PlayRobustness, AReaderThatStopsReadingEventsHoldsUpNeitherAudioNorCommands) {
  // Thousands of answered commands, and stdout never read until voxmark has ended: the whole
  // document still reaches the device and voxmark ends by itself.
  std::string commands;
  for (int i = 0; i < 4000; ++i) commands += "volume 90\nvolume 80\n";
  Player p({doc_, "--events", "json"}, dir_.path());
  p.send(commands);
  p.close_stdin();
  EXPECT_EQ(p.wait(), 0) << p.err();
  // Volume changes alter the levels, so the amount of speech that reached the device is
  // what is checked: all of it (silence aside).
  const auto played = read_recording(dir_.file("played.raw"));
  const std::size_t expected_samples = [&] {
    std::size_t n = 0;
    for (const auto& s : reference_audio(voxmark_sentences(doc_))) n += without_zeros(s).size();
    return n;
  }();
  EXPECT_GE(without_zeros(played).size(), expected_samples * 95 / 100);
}

TEST_F(PlayRobustness, AnEventReaderThatGoesAwayEndsPlaybackWithThePositionSaved) {
  Player p({doc_, "--sink", "null-realtime", "--events", "json"}, dir_.path());
  ASSERT_TRUE(p.until([](const auto& e) { return e["event"] == "sentence" && e["index"] == 2; }));
  p.close_stdout();
  p.send("next\n");  // answered with an event that cannot be written
  EXPECT_EQ(p.wait(), 74) << p.err();
  EXPECT_NE(p.err().find("standard output was closed"), std::string::npos) << p.err();
  EXPECT_GE(saved_sentence(), 2);
}

TEST_F(PlayRobustness, AJumpWhilePausedIsSilentUntilResumed) {
  Player p({doc_, "--sink", "null-realtime", "--events", "json"}, dir_.path());
  ASSERT_TRUE(p.until([](const auto& e) { return e["event"] == "sentence" && e["index"] == 2; }));
  p.send("pause\n");
  ASSERT_TRUE(p.until_event("paused"));
  const std::size_t paused_at = p.events().size();
  p.send("goto-sentence 6\n");
  const auto jump = p.until_event("jump");
  ASSERT_TRUE(jump);
  EXPECT_EQ((*jump)["to"], 6);
  p.send("resume\n");
  ASSERT_TRUE(p.until_event("resumed"));
  ASSERT_TRUE(p.until_event("sentence"));
  p.send("quit\n");
  p.until_event("stopped");
  EXPECT_EQ(p.wait(), 0) << p.err();
  // Between the pause and the resume: the jump and nothing else; the sentence jumped to is
  // announced once, after the resume, when it is heard.
  std::vector<std::string> after_pause;
  for (std::size_t i = paused_at; i < p.events().size(); ++i)
    after_pause.push_back(p.events()[i]["event"]);
  ASSERT_GE(after_pause.size(), 3u);
  EXPECT_EQ(after_pause[0], "jump");
  EXPECT_EQ(after_pause[1], "resumed");
  EXPECT_EQ(after_pause[2], "sentence");
  EXPECT_EQ(p.events()[paused_at + 2]["index"], 6);
}

// Speed changes while a sentence sounds: the queued audio is dropped and the sentence goes on
// from the point heard at the new speed (player_speed.cpp, restretch_from_heard). Changes
// inside a sentence, two in quick succession inside one, and two in the pause between
// paragraphs (the second before the first one's audio was fed): each sentence is still
// announced once and in order, and the document plays to its end. (The sound itself, at the
// new speed from the point heard, is checked through a real device by PulseDevice.ASpeed....)
TEST_F(PlayRobustness, SpeedChangesWhileASentenceSoundsTellEachSentenceOnceInOrder) {
  const std::string doc =
      dir_.write("speeds.md",
                 "The river had risen in the night and covered the lower road with brown water.\n\n"
                 "By morning the ferry was running again, slowly, with only a few cars aboard.\n\n"
                 "Children stood on the bank and counted the branches that drifted past them.\n\n"
                 "In the afternoon the water went down and the road came back, muddy but whole.\n");
  // When the third sentence ends at 3x: its audio at 1x, a third as long.
  const auto sentences = reference_audio(voxmark_sentences(doc));
  ASSERT_EQ(sentences.size(), 4u);
  const auto third_at_3x = std::chrono::milliseconds(sentences[2].size() * 1000 / 22050 / 3);
  const auto sentence = [](int index) {
    return [index](const nlohmann::json& e) {
      return e["event"] == "sentence" && e["index"] == index;
    };
  };
  using std::chrono::milliseconds;
  using std::this_thread::sleep_for;
  Player p({doc, "--sink", "null-realtime", "--events", "json", "--speed", "1"}, dir_.path());
  ASSERT_TRUE(p.until(sentence(1))) << p.err();
  sleep_for(milliseconds(700));
  p.send("speed 2\n");
  ASSERT_TRUE(p.until(sentence(2))) << p.err();
  sleep_for(milliseconds(300));
  p.send("speed 0.75\n");
  sleep_for(milliseconds(3));
  p.send("speed 3\n");
  ASSERT_TRUE(p.until(sentence(3))) << p.err();
  const auto third_heard = Clock::now();
  // In the pause after it (500 ms at 1x, 167 ms at 3x): two changes, 25 ms apart.
  std::this_thread::sleep_until(third_heard + third_at_3x + milliseconds(40));
  p.send("speed 1.5\n");
  sleep_for(milliseconds(25));
  p.send("speed 2\n");
  ASSERT_TRUE(p.until(sentence(4))) << p.err();
  sleep_for(milliseconds(300));
  p.send("speed 1.25\n");
  p.close_stdin();
  const auto end =
      p.until([](const auto& e) { return e["event"] == "finished" || e["event"] == "stopped"; });
  ASSERT_TRUE(end) << p.err();
  EXPECT_EQ((*end)["event"], "finished");
  EXPECT_EQ(p.wait(), 0) << p.err();
  std::vector<int> told;
  std::vector<double> speeds;
  for (const auto& e : p.events()) {
    EXPECT_NE(e["event"], "error") << e.dump();
    if (e["event"] == "sentence") told.push_back(e["index"]);
    if (e["event"] == "speed") speeds.push_back(e["speed"]);
  }
  EXPECT_EQ(told, (std::vector<int>{1, 2, 3, 4})) << "each sentence is announced once, in order";
  EXPECT_EQ(speeds, (std::vector<double>{2, 0.75, 3, 1.5, 2, 1.25}));
}

TEST_F(PlayRobustness, EveryCommandGetsExactlyOneAnswerAndTheLastEventSaysHowItEnded) {
  // Issue 9: quit, a pause while paused, faster at the top speed, a section that does not
  // exist, terminal-only commands: each is answered, with the reason when nothing happens.
  const auto r = play({doc_, "--sink", "null-realtime", "--events", "json"},
                      "pause\npause\nspeed 6\nfaster\ngoto-section 99\noutline\nhelp\n"
                      "volume 200\nvolume-up\nquit\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto events = parse_events(r.out);
  std::vector<std::string> answers;  // "event command" or "ignored command: reason"
  for (const auto& e : events) {
    if (!e.contains("command")) continue;
    std::string a = e["event"].get<std::string>() + " " + e["command"].get<std::string>();
    if (e["event"] == "ignored") a += ": " + e["reason"].get<std::string>();
    answers.push_back(a);
  }
  std::sort(answers.begin(), answers.end());
  EXPECT_EQ(answers, (std::vector<std::string>{
                         "ignored faster: already at the fastest speed",
                         "ignored goto-section: no section 99 (the document has 3)",
                         "ignored help: only at a terminal",
                         "ignored outline: only at a terminal",
                         "ignored pause: already paused",
                         "ignored volume-up: already at the loudest",
                         "paused pause",
                         "speed speed",
                         "stopped quit",
                         "volume volume",
                     }))
      << r.out;
  EXPECT_EQ(events.back()["event"], "stopped");
  EXPECT_EQ(events.back()["reason"], "quit");
}

}  // namespace
}  // namespace voxmark::test
