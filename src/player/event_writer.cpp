#include "player/event_writer.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

namespace voxmark::player {

EventWriter::EventWriter(int fd, Options options)
    : fd_(fd), options_(std::move(options)), thread_([this] { run(); }) {}

EventWriter::~EventWriter() {
  {
    std::lock_guard guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void EventWriter::post(std::string line) {
  if (closed_.load()) return;
  {
    std::lock_guard guard(mutex_);
    if (queue_.size() >= options_.max_queued) {
      ++dropped_;
      ++dropped_total_;
      return;
    }
    line += '\n';
    queue_.push_back(std::move(line));
  }
  wake_.notify_one();
}

bool EventWriter::write_all(const std::string& data, int deadline_ms) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
  std::size_t done = 0;
  while (done < data.size()) {
    // Waits for room in slices, so a stop request is seen while the reader is not reading.
    pollfd p{fd_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, 50);
    if (ready < 0 && errno != EINTR) return false;
    if (ready > 0) {
      if (p.revents & (POLLERR | POLLNVAL)) return false;
      // At most PIPE_BUF bytes a call: POLLOUT on a pipe promises room for that much, so the
      // write cannot block even though the descriptor is in blocking mode (it is shared).
      const std::size_t size = std::min<std::size_t>(data.size() - done, 4096);
      const ssize_t n = ::write(fd_, data.data() + done, size);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno != EINTR && errno != EAGAIN) return false;  // EPIPE and the like
    }
    if (deadline_ms >= 0 && std::chrono::steady_clock::now() >= until) return false;
    if (deadline_ms < 0) {
      std::lock_guard guard(mutex_);
      if (stopping_) {  // from now on, a bounded wait
        deadline_ms = options_.drain_timeout_ms;
        until = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
      }
    }
  }
  return true;
}

void EventWriter::run() {
  for (;;) {
    std::string batch;
    std::size_t dropped = 0;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      stopping = stopping_;
      if (queue_.empty() && stopping) return;
      // Lines that arrived during a write go out together: one system call, not one each.
      while (!queue_.empty() && batch.size() < 64 * 1024) {
        batch += queue_.front();
        queue_.pop_front();
      }
      if (queue_.empty()) {
        dropped = dropped_;
        dropped_ = 0;
      }
    }
    if (closed_.load()) continue;  // discard: nobody reads any more
    const bool ok = write_all(batch, stopping ? options_.drain_timeout_ms : -1) &&
                    (dropped == 0 || !options_.overflow_line ||
                     write_all(options_.overflow_line(dropped) + "\n",
                               stopping ? options_.drain_timeout_ms : -1));
    if (!ok) {
      {
        std::lock_guard guard(mutex_);
        stopping = stopping_;
      }
      // On the way out a reader that stopped reading is not news: on_closed() is for a
      // reader that went away during playback.
      if (!closed_.exchange(true) && !stopping && options_.on_closed) options_.on_closed();
      if (stopping) return;
    }
  }
}

}  // namespace voxmark::player
