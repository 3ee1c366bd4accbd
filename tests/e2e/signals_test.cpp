// voxmark play at a real terminal (tmux), stopped by `kill` (SIGTERM) or by the terminal going
// away (SIGHUP): the documented exit code, the place saved, and the terminal given back
// (canonical mode and echo on, as `stty -a` in the same pane shows).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "run_process.h"

namespace voxmark::test {
namespace {

class TerminalSignals : public testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    if (run_process({"/usr/bin/tmux", "-V"}).exit_code != 0) GTEST_SKIP() << "no tmux";
    session_ = "voxmark-signals-" + std::to_string(::getpid()) + "-" + std::to_string(GetParam());
  }
  void TearDown() override { tmux({"kill-session", "-t", session_}); }
  ProcessResult tmux(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/tmux", "-L", "voxmark-tests"});
    return run_process(args);
  }
  std::string screen() { return tmux({"capture-pane", "-p", "-t", session_}).out; }
  bool shows(const std::string& text) {
    for (int i = 0; i < 200; ++i) {
      if (screen().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // The voxmark process: the child of the pane's shell.
  pid_t voxmark_pid() {
    const std::string shell = tmux({"list-panes", "-t", session_, "-F", "#{pane_pid}"}).out;
    const std::string children_file = "/proc/" + std::to_string(std::stoi(shell)) + "/task/" +
                                      std::to_string(std::stoi(shell)) + "/children";
    std::ifstream in(children_file);
    pid_t pid = 0;
    in >> pid;
    return pid;
  }
  TempDir dir_;
  std::string session_;
};

TEST_P(TerminalSignals, RestoreTheTerminalAndSaveThePlace) {
  const int stop_signal = GetParam();
  const std::string command =
      "env HOME=" + dir_.path() + " XDG_CONFIG_HOME=" + dir_.file("config") +
      " XDG_STATE_HOME=" + dir_.file("state") + " " + voxmark_binary() +
      " play --sink null-realtime 2>" + dir_.file("stderr") + "; echo EXIT=$?; stty -a; sleep 60";
  ASSERT_EQ(tmux({"new-session", "-d", "-s", session_, "-x", "100", "-y", "30", command}).exit_code,
            0);
  ASSERT_TRUE(shows("sentence 1 of 31")) << screen();
  const pid_t pid = voxmark_pid();
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, stop_signal), 0);
  EXPECT_TRUE(shows("EXIT=" + std::to_string(128 + stop_signal))) << screen();  // docs/cli.md
  EXPECT_TRUE(shows(" icanon ")) << screen();
  EXPECT_TRUE(shows(" echo ")) << screen();
  EXPECT_TRUE(std::filesystem::exists(dir_.file("state/voxmark/positions.json")))
      << "the place was not saved";
}

INSTANTIATE_TEST_SUITE_P(Stop, TerminalSignals, testing::Values(SIGTERM, SIGHUP),
                         [](const auto& info) {
                           return std::string(info.param == SIGTERM ? "SIGTERM" : "SIGHUP");
                         });

}  // namespace
}  // namespace voxmark::test
