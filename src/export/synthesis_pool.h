// Sentence audio in document order, synthesized ahead by worker processes.
//
// eSpeak NG keeps global state and cannot synthesize on two threads at once, so parallel
// synthesis uses processes: each worker is forked after the document is read, makes its own
// engine, and answers "synthesize sentence i" requests over a pipe. The parent hands out
// sentences round-robin and reads the answers back in order; at most `window` sentences per
// worker are in flight, so memory stays bounded whatever the document's length.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "speech/engine.h"

namespace voxmark::audiobook {

// Makes the engine a process uses. Called once in each worker (or once in-process).
using EngineFactory = std::function<std::unique_ptr<speech::Engine>()>;

// Threads: one thread. Ownership: owns its worker processes; the destructor stops them.
class SynthesisPool {
 public:
  // texts must outlive the pool. jobs <= 1 synthesizes in this process, no fork.
  // Throws Error(software) when a worker cannot be started.
  SynthesisPool(const std::vector<std::string>& texts, int jobs, EngineFactory factory);
  ~SynthesisPool();
  SynthesisPool(const SynthesisPool&) = delete;
  SynthesisPool& operator=(const SynthesisPool&) = delete;

  int sample_rate_hz() const { return sample_rate_hz_; }
  std::size_t size() const { return texts_.size(); }

  // The audio of the next sentence, in order (0, 1, 2, ...).
  // Throws Error(interrupted-style via interrupted()) when a stop signal arrived: callers
  // check voxmark::interrupted() after it returns false.
  // Returns false when interrupted or when every sentence was returned.
  bool next(speech::Utterance& out);

 private:
  struct Worker {
    pid_t pid = -1;
    int request_fd = -1;  // parent writes sentence indices
    int result_fd = -1;   // parent reads utterances
  };
  void start_worker(Worker& worker, const EngineFactory& factory);
  void request(std::size_t index);
  void stop_workers() noexcept;

  const std::vector<std::string>& texts_;
  std::unique_ptr<speech::Engine> local_engine_;  // jobs <= 1
  std::vector<Worker> workers_;
  std::size_t next_index_ = 0;       // the next sentence next() returns
  std::size_t next_request_ = 0;     // the next sentence to hand to a worker
  std::size_t window_per_worker_ = 2;
  int sample_rate_hz_ = 0;
};

}  // namespace voxmark::audiobook
