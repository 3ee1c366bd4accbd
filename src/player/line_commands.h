// The command interface on a file descriptor (standard input when it is not a terminal):
// one command a line, the same names the key bindings use.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>

#include "player/command.h"

namespace voxmark::player {

// Reads lines on its own thread until end of input or stop().
// Threads: the callbacks run on the reader thread.
// Lines: any bytes. A line longer than kMaxLineBytes is one error (its own line number) and is
// never executed, not even in part; memory stays bounded whatever arrives. Line numbers count
// every line, blank, comment and over-long ones included, so they match the input.
class LineCommandReader {
 public:
  static constexpr std::size_t kMaxLineBytes = 4096;
  struct Callbacks {
    std::function<void(const Command&)> on_command;
    // A line that is not a command: its 1-based number and a one-line message (the message may
    // quote the line's bytes as they came: escape it before printing).
    std::function<void(std::size_t line, const std::string& message)> on_error;
    std::function<void()> on_end_of_input;
  };
  LineCommandReader(int fd, Callbacks callbacks);
  ~LineCommandReader();  // stops and joins
  void stop();

 private:
  void run();
  void line_complete(const std::string& line);
  int fd_;
  Callbacks callbacks_;
  std::size_t line_number_ = 0;  // reader thread only
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace voxmark::player
