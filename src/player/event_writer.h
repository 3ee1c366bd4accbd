// Writes lines (JSON Lines events, or plain text) to a file descriptor on its own thread, so
// that neither audio nor command handling ever waits for whoever reads them.
//
// Contract:
// - post() never blocks and never fails: the line is queued. While more than `max_queued`
//   lines wait (the reader stopped reading), new lines are dropped and counted; once the
//   queue has drained, the line made by `overflow_line(dropped)` is written first (one line
//   for the whole run of drops).
// - When a write fails for good (EPIPE: the reader went away; any other error), on_closed()
//   runs once, on the writer's thread, and every later line is discarded.
// - The destructor writes what is queued while the descriptor accepts it (giving up after
//   `drain_timeout_ms` when it does not), then joins. It never waits on a blocked write longer.
// Threads: post() from any thread; the callbacks run on the writer's thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace voxmark::player {

class EventWriter {
 public:
  struct Options {
    std::size_t max_queued = 4096;  // lines
    int drain_timeout_ms = 500;     // on destruction
    std::function<std::string(std::size_t dropped)> overflow_line;
    std::function<void()> on_closed;
  };
  EventWriter(int fd, Options options);
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  // Queues one line (a line feed is added). Any thread; never blocks on the descriptor.
  void post(std::string line);
  // True once a write failed (the reader is gone).
  bool closed() const { return closed_.load(); }
  // Lines dropped so far because the queue was full.
  std::size_t dropped_total() const { return dropped_total_.load(); }

 private:
  void run();
  // Writes all of `data` unless the descriptor fails or, when `deadline_ms` >= 0, stays full
  // that long. Returns false when it did not write it all.
  bool write_all(const std::string& data, int deadline_ms);

  int fd_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  std::size_t dropped_ = 0;  // since the last overflow line (mutex_)
  bool stopping_ = false;    // (mutex_)
  std::atomic<bool> closed_{false};
  std::atomic<std::size_t> dropped_total_{0};
  std::thread thread_;
};

}  // namespace voxmark::player
