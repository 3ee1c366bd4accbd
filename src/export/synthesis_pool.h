// Sentence audio in document order, synthesized ahead by several speech processes.
//
// Each of `jobs` threads drives its own long-lived speech worker (speech/speech_process.h) and
// takes every jobs-th sentence; results wait in a window of two sentences a worker and are
// handed out in order, so memory stays bounded whatever the document's length. Every sentence
// starts from the same engine state, so the audio does not depend on the number of jobs.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "speech/speech_process.h"

namespace voxmark::audiobook {

using speech::EngineFactory;

// Threads: next() from one consumer thread. Ownership: owns its threads and processes.
class SynthesisPool {
 public:
  // `texts` must outlive the pool. Starts the speech processes (forks) before any thread.
  // Throws Error when a speech process cannot start.
  SynthesisPool(const std::vector<std::string>& texts, int jobs, const EngineFactory& factory);
  ~SynthesisPool();
  SynthesisPool(const SynthesisPool&) = delete;
  SynthesisPool& operator=(const SynthesisPool&) = delete;

  int sample_rate_hz() const { return sample_rate_hz_; }

  // The audio of the next sentence, in order (0, 1, 2, ...). Returns false when every
  // sentence was returned, or when a stop signal arrived (voxmark::interrupted()).
  // Rethrows a synthesis failure.
  bool next(speech::Utterance& out);

 private:
  void work(std::size_t worker);

  const std::vector<std::string>& texts_;
  std::vector<std::unique_ptr<speech::SpeechProcess>> processes_;
  std::vector<std::thread> threads_;
  std::size_t window_ = 0;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::optional<speech::Utterance>> slots_;  // sentence i waits in slot i % window_
  std::size_t next_index_ = 0;                           // what next() returns next
  std::atomic<bool> stopping_{false};                    // read by the chunk sinks without the lock
  std::exception_ptr failure_;
  int sample_rate_hz_ = 0;
};

}  // namespace voxmark::audiobook
