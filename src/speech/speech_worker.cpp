#include "speech/speech_worker.h"

#include <malloc.h>
// Under AddressSanitizer or ThreadSanitizer malloc is the sanitizer's, and mallinfo2() says 0.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#include <sanitizer/allocator_interface.h>
#define VOXMARK_SANITIZER_ALLOCATOR 1
#endif
#endif
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "common/error.h"
#include "speech/library_snapshot.h"

namespace voxmark::speech::worker {
namespace {

constexpr int kChildCancelled = 3;
constexpr int kChildFailed = 4;

}  // namespace

bool read_all(int fd, void* data, std::size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = ::read(fd, p, size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    size -= static_cast<std::size_t>(got);
  }
  return true;
}

bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t put = ::write(fd, p, size);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    p += put;
    size -= static_cast<std::size_t>(put);
  }
  return true;
}

namespace {

bool read_string(int fd, std::string& s) {
  std::uint64_t size = 0;
  if (!read_all(fd, &size, sizeof size) || size > (std::uint64_t{1} << 32)) return false;
  s.resize(size);
  return read_all(fd, s.data(), size);
}

// A message with a status (0 = fine) and text.
void send_status(int fd, Message type, std::uint64_t id, std::int32_t status,
                 std::string_view text) {
  std::string m;
  append(m, type);
  append(m, id);
  append(m, status);
  append_string(m, text);
  write_all(fd, m.data(), m.size());
}

// Audio is sent in pieces of at least this many samples (SpeechProcessOptions::chunk_samples).
// Set once in worker_main, which is single-threaded.
std::size_t g_chunk_samples = 1024;

// Speaks one sentence and streams it to `result_fd`. Returns a `done` status; a failure was
// already sent as a `failed` message.
std::int32_t speak(Engine& engine, std::uint64_t id, const std::string& text, int result_fd,
                   const std::atomic<std::uint64_t>* cancel_through) {
  std::vector<std::int16_t> samples;
  std::vector<WordTiming> words;
  std::string message;
  auto send = [&] {
    message.clear();
    append(message, Message::chunk);
    append(message, id);
    append(message, static_cast<std::uint64_t>(samples.size()));
    append(message, static_cast<std::uint64_t>(words.size()));
    message.append(reinterpret_cast<const char*>(samples.data()),
                   samples.size() * sizeof(std::int16_t));
    for (const WordTiming& w : words) {
      append(message, static_cast<std::uint64_t>(w.sample_offset));
      append(message, static_cast<std::uint64_t>(w.text_begin_byte));
      append(message, static_cast<std::uint64_t>(w.text_length_bytes));
    }
    samples.clear();
    words.clear();
    return write_all(result_fd, message.data(), message.size());
  };
  try {
    bool complete = engine.synthesize(
        text, [&](std::span<const std::int16_t> more, std::span<const WordTiming> more_words) {
          if (cancel_through->load(std::memory_order_acquire) >= id) return false;
          samples.insert(samples.end(), more.begin(), more.end());
          words.insert(words.end(), more_words.begin(), more_words.end());
          return samples.size() < g_chunk_samples || send();
        });
    if (complete && (!samples.empty() || !words.empty())) complete = send();
    return complete ? kComplete : kCancelled;
  } catch (const Error& e) {
    send_status(result_fd, Message::failed, id, static_cast<std::int32_t>(e.code()), e.what());
  } catch (const std::exception& e) {
    send_status(result_fd, Message::failed, id, static_cast<std::int32_t>(ExitCode::software),
                e.what());
  }
  return kFailed;
}

// One sentence in a child forked from the worker's pristine engine (the fallback).
std::int32_t speak_in_child(Engine& engine, std::uint64_t id, const std::string& text,
                            int result_fd, const std::atomic<std::uint64_t>* cancel_through) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const std::int32_t status = speak(engine, id, text, result_fd, cancel_through);
    ::_exit(status == kComplete ? 0 : status == kCancelled ? kChildCancelled : kChildFailed);
  }
  if (child < 0) {
    send_status(result_fd, Message::failed, id, static_cast<std::int32_t>(ExitCode::software),
                std::string("cannot start a speech process: ") + std::strerror(errno));
    return kFailed;
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {  // a crashed child could not say so itself
    send_status(result_fd, Message::failed, id, static_cast<std::int32_t>(ExitCode::software),
                std::string("the speech engine crashed (") + ::strsignal(WTERMSIG(status)) + ")");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return kComplete;
  if (WIFEXITED(status) && WEXITSTATUS(status) == kChildCancelled) return kCancelled;
  return kFailed;
}

// The bytes this process has allocated and not freed (malloc's own count). Not the resident
// size: a worker forked from a process with a large heap inherits its free memory, and eSpeak
// NG's leak fills those pages without the resident size moving (they were resident, shared,
// already), so the leak would go unnoticed.
std::size_t heap_in_use_bytes() {
#if VOXMARK_SANITIZER_ALLOCATOR
  return __sanitizer_get_current_allocated_bytes();  // its allocator stands in for malloc's
#else
  const struct mallinfo2 info = ::mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

// Puts eSpeak NG into the state every sentence starts from: one synthesis with the final voice
// and parameters has run (library_snapshot.h says why), then the copy is taken.
void prime_and_take(Engine& engine, LibrarySnapshot& snapshot) {
  engine.synthesize(
      ".", [](std::span<const std::int16_t>, std::span<const WordTiming>) { return true; });
  snapshot.take();
}

bool reset_forced_by_environment() {
  const char* v = std::getenv("VOXMARK_SPEECH_RESET");
  return v != nullptr && std::string_view(v) == "fork";
}

// The worker: one engine, reset before every sentence, until the parent goes away or the
// memory budget is spent.
}  // namespace

[[noreturn]] void worker_main(const EngineFactory& factory, const SpeechProcessOptions& options,
                              int request_fd, int result_fd,
                              const std::atomic<std::uint64_t>* cancel_through) {
  g_chunk_samples = std::max<std::size_t>(options.chunk_samples, 1);
  std::unique_ptr<Engine> engine;
  std::optional<LibrarySnapshot> snapshot;
  std::string method = "snapshot";
  try {
    engine = factory();
    std::string why_not;
    if (options.force_fork || reset_forced_by_environment()) {
      why_not = "VOXMARK_SPEECH_RESET=fork";
    } else {
      snapshot = LibrarySnapshot::find(why_not);
    }
    if (snapshot) {
      prime_and_take(*engine, *snapshot);
    } else {
      method = "fork (" + why_not + ")";
    }
    send_status(result_fd, Message::configured, 0, 0,
                std::to_string(engine->sample_rate_hz()) + " " + method);
  } catch (const Error& e) {
    send_status(result_fd, Message::configured, 0, static_cast<std::int32_t>(e.code()), e.what());
    ::_exit(1);
  } catch (const std::exception& e) {
    send_status(result_fd, Message::configured, 0, static_cast<std::int32_t>(ExitCode::software),
                e.what());
    ::_exit(1);
  }
  const std::size_t memory_limit = heap_in_use_bytes() + options.memory_budget_bytes;
  for (Request type; read_all(request_fd, &type, sizeof type);) {
    std::uint64_t id = 0;
    if (!read_all(request_fd, &id, sizeof id)) break;
    if (type == Request::configure) {
      VoiceSettings s;
      std::int32_t ints[4];
      if (!read_string(request_fd, s.espeak_voice) ||
          !read_all(request_fd, &s.rate_wpm, sizeof s.rate_wpm) ||
          !read_all(request_fd, &s.speed_factor, sizeof s.speed_factor) ||
          !read_all(request_fd, ints, sizeof ints)) {
        break;
      }
      s.pitch = ints[0], s.pitch_range = ints[1], s.volume = ints[2];
      try {
        // Never restore an older copy after a change: restore, change, prime, take anew.
        if (snapshot) snapshot->restore();
        engine->configure(s);
        if (snapshot) prime_and_take(*engine, *snapshot);
        send_status(result_fd, Message::configured, id, 0, "");
      } catch (const Error& e) {
        if (snapshot) prime_and_take(*engine, *snapshot);  // the old settings still hold
        send_status(result_fd, Message::configured, id, static_cast<std::int32_t>(e.code()),
                    e.what());
      }
      continue;
    }
    std::string text;
    if (!read_string(request_fd, text)) break;
    std::int32_t status = 0;
    if (snapshot) {
      snapshot->restore();
      status = speak(*engine, id, text, result_fd, cancel_through);
    } else {
      status = speak_in_child(*engine, id, text, result_fd, cancel_through);
    }
    const bool retire = heap_in_use_bytes() > memory_limit;
    send_status(result_fd, Message::done, id, status | (retire ? kRetiring : 0), "");
    if (retire) break;
  }
  ::_exit(0);
}

}  // namespace voxmark::speech::worker
