// The command interface on a file descriptor (standard input when it is not a terminal):
// one command a line, the same names the key bindings use.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "player/command.h"

namespace voxmark::player {

// Reads lines on its own thread until end of input or stop().
// Threads: the callbacks run on the reader thread.
class LineCommandReader {
 public:
  struct Callbacks {
    std::function<void(const Command&)> on_command;
    // A line that is not a command: its 1-based number and a one-line message.
    std::function<void(std::size_t line, const std::string& message)> on_error;
    std::function<void()> on_end_of_input;
  };
  LineCommandReader(int fd, Callbacks callbacks);
  ~LineCommandReader();  // stops and joins
  void stop();

 private:
  void run();
  int fd_;
  Callbacks callbacks_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace voxmark::player
