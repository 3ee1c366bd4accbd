// The terminal UI on a real pseudo-terminal with a fake player: keys reach the player, the
// screen is drawn, plain mode prints no escapes, and the terminal is given back on quit,
// on Ctrl-C, on Ctrl-Z (and taken again on fg) and on a crash.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "tui/terminal_ui.h"

namespace voxmark::tui {
namespace {

using namespace std::chrono_literals;
using player::CommandId;

constexpr std::string_view kEnterScreen = "\x1b[?1049h";
constexpr std::string_view kLeaveScreen = "\x1b[?1049l";

// The alternate screen was entered and the last thing done with it was leaving it. (Comparing
// two rfind() results alone passes when the leave sequence is missing: npos is the largest.)
bool left_screen_last(const std::string& output) {
  const std::size_t left = output.rfind(kLeaveScreen);
  const std::size_t entered = output.rfind(kEnterScreen);
  return left != std::string::npos && entered != std::string::npos && left > entered;
}
constexpr std::string_view kShowCursor = "\x1b[?25h";

class Pty {
 public:
  Pty() {
    struct winsize size {};
    size.ws_col = 80;
    size.ws_row = 24;
    if (::openpty(&master, &slave, nullptr, nullptr, &size) != 0) {
      ADD_FAILURE() << "openpty failed";
      return;
    }
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    ::tcgetattr(slave, &original);
  }
  ~Pty() {
    ::close(master);
    ::close(slave);
  }
  void type(std::string_view keys) const {
    ASSERT_EQ(::write(master, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
  }
  // Reads what the UI wrote until `done` holds (true) or 5 s pass (false).
  bool read_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    for (;;) {
      drain();
      if (done()) return true;
      if (std::chrono::steady_clock::now() > deadline) return false;
      struct pollfd fd {
        master, POLLIN, 0
      };
      ::poll(&fd, 1, 20);
    }
  }
  bool output_has(std::string_view s) const { return output.find(s) != std::string::npos; }
  void drain() {
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::read(master, buffer, sizeof buffer);
      if (n <= 0) return;
      output.append(buffer, static_cast<std::size_t>(n));
    }
  }
  tcflag_t local_flags() const {
    struct termios now {};
    ::tcgetattr(slave, &now);
    return now.c_lflag;
  }
  bool restored() const {
    struct termios now {};
    ::tcgetattr(slave, &now);
    return now.c_lflag == original.c_lflag && now.c_iflag == original.c_iflag &&
           now.c_oflag == original.c_oflag;
  }

  int master = -1;
  int slave = -1;
  struct termios original {};
  std::string output;
};

document::Document small_document() {
  document::Document doc;
  doc.name = "t.md";
  doc.metadata.title = "Pty Test";
  document::Section section;
  section.title = "Only";
  section.level = 1;
  section.block_count = 1;
  section.sentence_count = 2;
  doc.sections.push_back(section);
  document::Block block;
  block.sentence_count = 2;
  doc.blocks.push_back(block);
  for (const char* text : {"First sentence on the screen.", "Second sentence."}) {
    document::Sentence s;
    s.text = text;
    s.word_count = document::count_words(text);
    doc.sentences.push_back(s);
  }
  return doc;
}

KeyBindings bindings() {
  KeyBindings b;
  std::vector<Warning> warnings;
  parse_key_bindings("Space toggle\nRight next\nq quit\n? help\nt outline\n", "k", b, warnings);
  return b;
}

// A player that moves on a sentence when told "next" and records what it was asked.
struct FakePlayer {
  std::mutex mutex;
  std::vector<player::Command> commands;
  player::PlayerSnapshot state;
  std::atomic<bool> done{false};
  std::function<void(const player::Command&)> on_submit;

  PlayerAccess access() {
    return PlayerAccess{
        [this](const player::Command& c) {
          if (on_submit) on_submit(c);
          std::lock_guard lock(mutex);
          commands.push_back(c);
          if (c.id == CommandId::next) ++state.sentence;
          if (c.id == CommandId::toggle) state.paused = !state.paused;
          ++state.version;
        },
        [this] {
          std::lock_guard lock(mutex);
          return state;
        },
        [this] { return done.load(); },
    };
  }
  bool received(CommandId id) {
    std::lock_guard lock(mutex);
    return std::any_of(commands.begin(), commands.end(),
                       [&](const player::Command& c) { return c.id == id; });
  }
};

TEST(TerminalUi, FullScreenDrawsTakesKeysAndGivesTheTerminalBack) {
  Pty pty;
  const document::Document doc = small_document();
  const KeyBindings keys = bindings();
  FakePlayer fake;
  const PlayerAccess access = fake.access();
  UiExit exit = UiExit::player_done;
  std::thread ui(
      [&] { exit = run_terminal_ui(access, doc, keys, UiOptions{}, pty.slave, pty.slave); });

  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("First sentence on the screen."); }));
  EXPECT_TRUE(pty.output_has(kEnterScreen));
  EXPECT_TRUE(pty.output_has("Pty Test"));
  const tcflag_t raw = pty.local_flags();
  EXPECT_EQ(raw & (ICANON | ECHO), 0u) << "raw mode";
  EXPECT_NE(raw & ISIG, 0u) << "Ctrl-C must still be a signal";

  pty.type("\x1b[C");  // Right
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("Second sentence."); }));
  EXPECT_TRUE(fake.received(CommandId::next));
  pty.type(" ");
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("Paused"); }));

  pty.type("q");
  ui.join();
  pty.drain();
  EXPECT_EQ(exit, UiExit::quit);
  EXPECT_TRUE(fake.received(CommandId::quit));
  EXPECT_TRUE(pty.restored());
  EXPECT_TRUE(left_screen_last(pty.output));
  EXPECT_NE(pty.output.rfind(kShowCursor), std::string::npos);
}

TEST(TerminalUi, EndsWhenThePlayerIsDone) {
  Pty pty;
  const document::Document doc = small_document();
  const KeyBindings keys = bindings();
  FakePlayer fake;
  const PlayerAccess access = fake.access();
  UiExit exit = UiExit::quit;
  std::thread ui(
      [&] { exit = run_terminal_ui(access, doc, keys, UiOptions{}, pty.slave, pty.slave); });
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("First sentence"); }));
  fake.done = true;
  ui.join();
  EXPECT_EQ(exit, UiExit::player_done);
  EXPECT_FALSE(fake.received(CommandId::quit));
  EXPECT_TRUE(pty.restored());
}

TEST(TerminalUi, PlainModePrintsLinesAndNoEscapes) {
  Pty pty;
  const document::Document doc = small_document();
  const KeyBindings keys = bindings();
  FakePlayer fake;
  const PlayerAccess access = fake.access();
  UiOptions options;
  options.plain = true;
  std::thread ui([&] { run_terminal_ui(access, doc, keys, options, pty.slave, pty.slave); });
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("First sentence on the screen.\r\n"); }));
  EXPECT_EQ(pty.local_flags() & (ICANON | ECHO), 0u) << "keys work in plain mode too";
  pty.type("\x1b[C");
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("Second sentence.\r\n"); }));
  pty.type(" ");
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("Paused\r\n"); }));
  pty.type("x");
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("x is not bound"); }));
  pty.type("q");
  ui.join();
  pty.drain();
  EXPECT_TRUE(pty.restored());
  EXPECT_EQ(pty.output.find('\x1b'), std::string::npos) << pty.output;
  EXPECT_EQ(pty.output,
            "Pty Test: 2 sentences, about 0:02. Press ? for the keys, q to quit.\r\n"
            "Section 1: Only\r\n"
            "First sentence on the screen.\r\n"
            "Second sentence.\r\n"
            "Paused\r\n"
            "x is not bound; press ? for the keys\r\n");
}

// Runs `child` in a forked process on the pty (its own process group, so that job-control
// stops work wherever the tests run) and returns its pid.
pid_t fork_ui(const std::function<int()>& child) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    struct rlimit no_core {
      0, 0
    };
    ::setrlimit(RLIMIT_CORE, &no_core);  // a crash test must not leave a core file behind
    // Nor fill the test log with a sanitizer's report of the crash it asked for.
    const int null_fd = ::open("/dev/null", O_WRONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDERR_FILENO);
    ::_exit(child());
  }
  return pid;
}

int run_ui_in_child(Pty& pty, FakePlayer& fake) {
  const document::Document doc = small_document();
  const KeyBindings keys = bindings();
  const PlayerAccess access = fake.access();
  const UiExit exit = run_terminal_ui(access, doc, keys, UiOptions{}, pty.slave, pty.slave);
  return 10 + static_cast<int>(exit);
}

TEST(TerminalUi, CrashRestoresTheTerminal) {
  for (const int crash_signal : {SIGSEGV, SIGABRT}) {
    Pty pty;
    const pid_t pid = fork_ui([&] {
      FakePlayer fake;
      fake.on_submit = [&](const player::Command& c) {
        if (c.id != CommandId::toggle) return;
        if (crash_signal == SIGABRT) std::abort();
        ::raise(SIGSEGV);
      };
      return run_ui_in_child(pty, fake);
    });
    EXPECT_TRUE(pty.read_until([&] { return pty.output_has("First sentence"); }));
    EXPECT_FALSE(pty.restored());
    pty.type(" ");
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    pty.drain();
    // Killed by the signal (a sanitizer build reports and exits instead).
    EXPECT_TRUE(WIFSIGNALED(status) ? WTERMSIG(status) == crash_signal : WEXITSTATUS(status) != 0)
        << "signal " << crash_signal;
    EXPECT_TRUE(pty.restored()) << "signal " << crash_signal;
    EXPECT_TRUE(left_screen_last(pty.output));
  }
}

TEST(TerminalUi, InterruptRestoresTheTerminal) {
  Pty pty;
  const pid_t pid = fork_ui([&] {
    FakePlayer fake;
    fake.on_submit = [](const player::Command&) { ::raise(SIGINT); };
    return run_ui_in_child(pty, fake);
  });
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("First sentence"); }));
  pty.type(" ");
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 10 + static_cast<int>(UiExit::interrupted));
  EXPECT_TRUE(pty.restored());
}

// `kill` (SIGTERM) and a closed terminal or ssh session (SIGHUP): the same as Ctrl-C, the
// terminal given back whole.
TEST(TerminalUi, TermAndHangupRestoreTheTerminal) {
  for (const int stop_signal : {SIGTERM, SIGHUP}) {
    Pty pty;
    const pid_t pid = fork_ui([&] {
      FakePlayer fake;
      return run_ui_in_child(pty, fake);
    });
    EXPECT_TRUE(pty.read_until([&] { return pty.output_has("First sentence"); }));
    EXPECT_FALSE(pty.restored());
    ASSERT_EQ(::kill(pid, stop_signal), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    pty.drain();
    ASSERT_TRUE(WIFEXITED(status)) << "signal " << stop_signal << " killed it unhandled";
    EXPECT_EQ(WEXITSTATUS(status), 10 + static_cast<int>(UiExit::interrupted))
        << "signal " << stop_signal;
    EXPECT_TRUE(pty.restored()) << "signal " << stop_signal;
    EXPECT_TRUE(left_screen_last(pty.output)) << "signal " << stop_signal;
  }
}

TEST(TerminalUi, CtrlZRestoresStopsAndRedrawsOnContinue) {
  Pty pty;
  const pid_t pid = fork_ui([&] {
    FakePlayer fake;
    return run_ui_in_child(pty, fake);
  });
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("First sentence"); }));
  ::kill(pid, SIGTSTP);  // what Ctrl-Z sends
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, WUNTRACED), pid);
  ASSERT_TRUE(WIFSTOPPED(status));
  EXPECT_TRUE(pty.restored()) << "the shell gets a normal terminal while voxmark is stopped";
  pty.drain();
  EXPECT_TRUE(left_screen_last(pty.output));
  pty.output.clear();

  ::kill(pid, SIGCONT);  // fg
  EXPECT_TRUE(pty.read_until([&] { return pty.output_has("First sentence"); })) << "redrawn";
  EXPECT_TRUE(pty.output_has(kEnterScreen));
  EXPECT_EQ(pty.local_flags() & (ICANON | ECHO), 0u) << "raw again";
  pty.type("q");
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 10 + static_cast<int>(UiExit::quit));
  EXPECT_TRUE(pty.restored());
}

}  // namespace
}  // namespace voxmark::tui
