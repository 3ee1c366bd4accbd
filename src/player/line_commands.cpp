#include "player/line_commands.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace voxmark::player {

LineCommandReader::LineCommandReader(int fd, Callbacks callbacks)
    : fd_(fd), callbacks_(std::move(callbacks)), thread_([this] { run(); }) {}

LineCommandReader::~LineCommandReader() { stop(); }

void LineCommandReader::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void LineCommandReader::run() {
  std::string pending;
  std::size_t line_number = 0;
  char buffer[4096];
  // Polls with a timeout so stop() never waits on a read that may never return.
  while (!stopping_) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, 50);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t got = ::read(fd_, buffer, sizeof buffer);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(got));
    for (std::size_t newline; (newline = pending.find('\n')) != std::string::npos;) {
      const std::string line = pending.substr(0, newline);
      pending.erase(0, newline + 1);
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos || line[line.find_first_not_of(" \t")] == '#') {
        continue;  // blank lines and comments let scripts be readable
      }
      auto parsed = parse_command(line);
      if (auto* command = std::get_if<Command>(&parsed)) {
        callbacks_.on_command(*command);
      } else {
        callbacks_.on_error(line_number, std::get<std::string>(parsed));
      }
    }
    if (pending.size() > 4096) {  // no command is this long: drop it rather than grow
      callbacks_.on_error(++line_number, "line too long; ignored");
      pending.clear();
    }
  }
  if (!stopping_ && !pending.empty()) {
    auto parsed = parse_command(pending);
    if (auto* command = std::get_if<Command>(&parsed)) callbacks_.on_command(*command);
  }
  if (!stopping_ && callbacks_.on_end_of_input) callbacks_.on_end_of_input();
}

}  // namespace voxmark::player
