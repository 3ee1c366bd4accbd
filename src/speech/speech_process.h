// An Engine that synthesizes in a separate, long-lived worker process.
//
// Why a process: eSpeak NG 1.51 cannot run on two threads at once (several workers synthesize
// in parallel), and a crash or a hang in it on strange input must fail one sentence, not
// voxmark.
//
// Why the same samples every time: eSpeak NG keeps hidden state between sentences. The worker
// holds one configured engine and, before every sentence, puts the library back into the state
// it had right after start-up (LibrarySnapshot, library_snapshot.h: a copy of its .data/.bss,
// microseconds a sentence). So the same text and settings always give the same samples, in
// play and export, whatever the number of workers. When the snapshot cannot be taken (another
// eSpeak NG version, no section headers) or VOXMARK_SPEECH_RESET=fork is set, the worker
// instead forks a child from its pristine engine for every sentence (exact too, ~10 ms of CPU
// a sentence slower); reset_method() says which.
//
// Failures: a crash of the worker fails the sentence with Error(software) naming the signal and
// the sentence; a worker that does not answer within a deadline scaled to the sentence's length
// (time while voxmark itself is stopped, e.g. by Ctrl-Z, does not count) is killed and the call
// throws Error(software) naming the sentence. In both cases the next call starts a new worker
// (with the last configure()'s settings). A worker whose memory grew past its budget (eSpeak NG
// leaks a little on text that switches language) finishes its sentence and is replaced.
//
// Threads: construct before starting threads where possible (it forks; a restart later forks
// from the running process). After that, one thread at a time may call configure(),
// synthesize() and sample_rate_hz(); interrupt() may be called from any thread or a signal
// handler. Different instances are independent.
// Ownership: the destructor kills the worker; it also dies with this process.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "speech/engine.h"

namespace voxmark::speech {

// With --verbose: a SpeechProcess whose worker forks per sentence (the fallback) says so, and
// why, once per voxmark run on standard error. Off by default. Call before starting threads.
void set_speech_verbose(bool verbose);
// Whether --verbose was given (any thread).
bool speech_verbose();

// Makes the engine; runs inside the worker process, once per worker start.
using EngineFactory = std::function<std::unique_ptr<Engine>()>;

struct SpeechProcessOptions {
  // Forks a child per sentence instead of restoring a snapshot (also forced by the environment
  // variable VOXMARK_SPEECH_RESET=fork).
  bool force_fork = false;
  // The worker is replaced once the memory it allocated (malloc's count of bytes in use, not
  // the resident size, which hides a leak into inherited free pages) grew this much over what
  // it held right after start-up.
  std::size_t memory_budget_bytes = std::size_t{16} << 20;
  // A sentence may take this long, plus the per-byte part, before the worker counts as stuck.
  double deadline_base_s = 10.0;
  double deadline_per_byte_s = 0.05;
  // Audio comes back in pieces of at least this many samples: 1024 (~46 ms at 22,050 Hz) lets
  // a player start at once; an export takes bigger pieces, fewer system calls.
  std::size_t chunk_samples = 1024;
};

class SpeechProcess final : public Engine {
 public:
  // Starts the worker without waiting for it. Throws Error when it cannot be started.
  explicit SpeechProcess(EngineFactory factory, SpeechProcessOptions options = {});
  ~SpeechProcess() override;
  SpeechProcess(const SpeechProcess&) = delete;
  SpeechProcess& operator=(const SpeechProcess&) = delete;

  // Waits for the worker's engine to be ready (the constructor does not, so that the caller
  // can do other start-up work, such as opening the sound device, meanwhile). Throws the
  // engine's Error when it could not start.
  int sample_rate_hz() const override;
  // Reconfigures the worker's engine (for the sentences that follow, and for a restarted
  // worker). Throws as the engine's.
  void configure(const VoiceSettings& settings) override;
  // See engine.h. When `sink` returns false the worker stops at its next chunk and this returns
  // false once it has. Throws Error(software) when the worker crashed or stalled (see above).
  bool synthesize(std::string_view text, const ChunkSink& sink) override;
  using Engine::synthesize;
  // Makes a synthesize() in progress return false within a few tens of milliseconds: the
  // worker is asked to stop, and killed (restarted at the next call) when it does not answer
  // at once, e.g. because it is stopped or stuck. An interrupt that arrives while no
  // synthesize() runs is dropped by the next one. Async-signal-safe.
  void interrupt() noexcept override;

  // "snapshot", or "fork (<why>)" when every sentence is forked. Waits for the worker.
  std::string reset_method() const;
  // The worker's process id, -1 while none runs (tests stop and kill it).
  pid_t worker_pid() const noexcept { return worker_; }
  // How many times a worker was started (1 after the first start; tests check recycling).
  int worker_starts() const noexcept { return starts_; }

 private:
  enum class Wait { ready, closed, timed_out, interrupted };
  void start() const;
  void stop() const noexcept;
  // Starts a worker if none runs and waits until it is ready (and configured).
  void ensure_running() const;
  // Waits until the result pipe has data, the worker closed it, the deadline passed, or
  // interrupt() was called (only when `interruptible`).
  Wait wait_readable(double& budget_s, bool interruptible) const;
  // Reads exactly `size` bytes of the worker's messages, buffered: a sentence arrives in many
  // small pieces, and a read() each would cost a system call each.
  Wait read_result(void* data, std::size_t size, double& budget_s, bool interruptible) const;
  Wait read_result_string(std::string& s, double& budget_s) const;
  // A status message (start-up, configure); throws Error(software) when the worker is lost.
  void read_status(std::int32_t& status, std::string& text, const char* while_doing) const;
  void send_configure(const VoiceSettings& settings, const char* while_doing) const;
  // The worker's exit described for a message ("crashed (Segmentation fault)").
  std::string reap_worker() const;

  EngineFactory factory_;
  SpeechProcessOptions options_;
  std::optional<VoiceSettings> configured_;  // re-applied when a worker restarts
  mutable pid_t worker_ = -1;
  mutable int request_fd_ = -1;
  mutable int result_fd_ = -1;
  int interrupt_fd_ = -1;  // an eventfd; interrupt() writes it
  // Shared with the workers: a request with an id at or below this is cancelled.
  std::atomic<std::uint64_t>* cancel_through_ = nullptr;
  mutable std::uint64_t next_id_ = 1;
  mutable int starts_ = 0;
  mutable int sample_rate_hz_ = 0;  // 0 until a worker said it is ready
  mutable bool ready_ = false;      // the current worker is ready and configured
  mutable std::string reset_method_;
  mutable std::vector<char> buffer_;
  mutable std::size_t buffer_begin_ = 0, buffer_end_ = 0;
};

}  // namespace voxmark::speech
