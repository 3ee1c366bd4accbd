// The speech worker process and the messages between it and SpeechProcess (speech_process.h).
// Internal to src/speech: the wire format is private to these two files, both ends are built
// from the same source, so nothing is versioned.
//
// Contract: worker_main() runs in a freshly forked worker, owns `request_fd` (requests in) and
// `result_fd` (messages out), and never returns (_exit at end of input or after retiring).
// Every request is answered in order: `configured` for a configure, any number of `chunk`
// messages, at most one `failed`, then `done` for a synthesize.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "speech/speech_process.h"

namespace voxmark::speech::worker {

// Requests (parent -> worker).
enum class Request : std::uint32_t { synthesize = 1, configure = 2 };
// Messages (worker or its child -> parent).
enum class Message : std::uint32_t { chunk = 1, done = 2, failed = 3, configured = 4 };

// `done` statuses; kRetiring is or-ed in when the worker leaves after this sentence.
constexpr std::int32_t kComplete = 0;
constexpr std::int32_t kCancelled = 1;
constexpr std::int32_t kFailed = 2;
constexpr std::int32_t kRetiring = 4;

bool read_all(int fd, void* data, std::size_t size);
bool write_all(int fd, const void* data, std::size_t size);
template <typename T>
void append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}
inline void append_string(std::string& out, std::string_view s) {
  append(out, static_cast<std::uint64_t>(s.size()));
  out.append(s);
}

// See the contract above. `cancel_through` is shared memory: a sentence with an id at or below
// it stops at its next chunk.
[[noreturn]] void worker_main(const EngineFactory& factory, const SpeechProcessOptions& options,
                              int request_fd, int result_fd,
                              const std::atomic<std::uint64_t>* cancel_through);

}  // namespace voxmark::speech::worker
