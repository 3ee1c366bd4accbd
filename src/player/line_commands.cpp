#include "player/line_commands.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace voxmark::player {

LineCommandReader::LineCommandReader(int fd, Callbacks callbacks)
    : fd_(fd), callbacks_(std::move(callbacks)), thread_([this] { run(); }) {}

LineCommandReader::~LineCommandReader() { stop(); }

void LineCommandReader::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void LineCommandReader::line_complete(const std::string& line) {
  const std::size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string::npos || line[first] == '#') return;  // blank lines and comments
  auto parsed = parse_command(line);
  if (auto* command = std::get_if<Command>(&parsed)) {
    callbacks_.on_command(*command);
  } else if (callbacks_.on_error) {
    callbacks_.on_error(line_number_, std::get<std::string>(parsed));
  }
}

void LineCommandReader::run() {
  std::string pending;    // the line being read, never over kMaxLineBytes
  bool too_long = false;  // the line being read passed the limit: skip to its end
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
    for (std::size_t at = 0; at < static_cast<std::size_t>(got) && !stopping_;) {
      const char* begin = buffer + at;
      const std::size_t left = static_cast<std::size_t>(got) - at;
      const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', left));
      const std::size_t piece = newline ? static_cast<std::size_t>(newline - begin) : left;
      if (!too_long) {
        if (pending.size() + piece > kMaxLineBytes) {
          // One error for the whole line, reported as soon as it is known; the rest of it is
          // skipped unread, so no part of it can run as a command.
          too_long = true;
          pending.clear();
          ++line_number_;
          if (callbacks_.on_error) {
            callbacks_.on_error(line_number_, "line longer than " + std::to_string(kMaxLineBytes) +
                                                  " bytes; ignored (no command is this long)");
          }
        } else {
          pending.append(begin, piece);
        }
      }
      at += piece;
      if (!newline) break;
      ++at;  // the line feed
      if (too_long) {
        too_long = false;  // its number was counted when it overflowed
      } else {
        ++line_number_;
        line_complete(pending);
      }
      pending.clear();
    }
  }
  if (!stopping_ && !pending.empty() && !too_long) {  // a last line without its line feed
    ++line_number_;
    line_complete(pending);
  }
  if (!stopping_ && callbacks_.on_end_of_input) callbacks_.on_end_of_input();
}

}  // namespace voxmark::player
