// An Engine that synthesizes in a separate process, each sentence in a fresh fork.
//
// Why: eSpeak NG 1.51 keeps hidden state between calls, so the same sentence spoken twice in
// one process can come out slightly different, and it cannot run on two threads at once.
// A SpeechProcess starts a server process holding a freshly configured engine; for every
// sentence the server forks a child from that pristine state, which synthesizes and streams
// the audio back. So the same text and settings always give the same samples (export with any
// number of jobs, playback and tests agree to the sample), several SpeechProcesses synthesize
// in parallel, and an engine crash on strange input fails one sentence, not voxmark.
//
// Threads: construct before starting threads (it forks). After that, one thread at a time
// may call configure()/synthesize() on an instance; different instances are independent.
// Ownership: the destructor stops the server and its child; both also die with this process.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "speech/engine.h"

namespace voxmark::speech {

// Makes the engine; runs inside the server process, once.
using EngineFactory = std::function<std::unique_ptr<Engine>()>;

class SpeechProcess final : public Engine {
 public:
  // Throws Error when the server cannot start or its engine fails to initialize (with the
  // engine's own message and exit code kind).
  explicit SpeechProcess(EngineFactory factory);
  ~SpeechProcess() override;
  SpeechProcess(const SpeechProcess&) = delete;
  SpeechProcess& operator=(const SpeechProcess&) = delete;

  // Waits for the server's engine to be ready (the constructor does not, so that the caller
  // can do other start-up work, such as opening the sound device, meanwhile).
  int sample_rate_hz() const override;
  // Reconfigures the server's engine (for the sentences that follow). Throws as the engine's.
  void configure(const VoiceSettings& settings) override;
  // See engine.h. When `sink` returns false, the child stops at its next chunk and this
  // returns false once it has. A crash of the child throws Error(software) naming the signal.
  bool synthesize(std::string_view text, const ChunkSink& sink) override;
  using Engine::synthesize;

 private:
  void stop() noexcept;
  void wait_until_started() const;
  // Reads exactly `size` bytes of the server's messages, buffered: a sentence arrives in
  // many small pieces, and a read() each would cost a system call each.
  bool read_result(void* data, std::size_t size) const;
  bool read_result_string(std::string& s) const;

  pid_t server_ = -1;
  int request_fd_ = -1;
  int result_fd_ = -1;
  // Shared with the server's children: a request with an id at or below this is cancelled.
  std::atomic<std::uint64_t>* cancel_through_ = nullptr;
  std::uint64_t next_id_ = 1;
  mutable int sample_rate_hz_ = 0;  // 0 until the server said it is ready
  mutable std::vector<char> buffer_;
  mutable std::size_t buffer_begin_ = 0, buffer_end_ = 0;
};

}  // namespace voxmark::speech
