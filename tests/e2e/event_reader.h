// Reads voxmark's `--events json` lines from a pipe as they come, for the e2e tests that talk
// to a running player. Not thread-safe: one test thread.
#pragma once

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace voxmark::test {

class EventReader {
 public:
  // Reads events from `fd` until one satisfies `wanted` (returned), the stream ends, or
  // `timeout` passes (nullopt). Every event read is kept in events(); a line that is not JSON
  // throws, which fails the test.
  std::optional<nlohmann::json> until(int fd,
                                      const std::function<bool(const nlohmann::json&)>& wanted,
                                      std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      for (std::size_t nl; (nl = buffer_.find('\n')) != std::string::npos;) {
        auto event = nlohmann::json::parse(buffer_.substr(0, nl));
        buffer_.erase(0, nl + 1);
        events_.push_back(event);
        if (wanted(event)) return event;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      char chunk[4096];
      const ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  const std::vector<nlohmann::json>& events() const { return events_; }

 private:
  std::string buffer_;  // read but not yet a whole line
  std::vector<nlohmann::json> events_;
};

}  // namespace voxmark::test
