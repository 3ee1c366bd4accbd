#include "speech/speech_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/interrupt.h"

namespace voxmark::speech {
namespace {

// Requests (parent -> server).
enum class Request : std::uint32_t { synthesize = 1, configure = 2 };
// Messages (server or child -> parent).
enum class Message : std::uint32_t { chunk = 1, done = 2, failed = 3, configured = 4 };

constexpr int kChildCancelled = 3;
constexpr int kChildFailed = 4;

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

template <typename T>
void append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}
void append_string(std::string& out, std::string_view s) {
  append(out, static_cast<std::uint64_t>(s.size()));
  out.append(s);
}

bool read_string(int fd, std::string& s) {
  std::uint64_t size = 0;
  if (!read_all(fd, &size, sizeof size) || size > (std::uint64_t{1} << 32)) return false;
  s.resize(size);
  return read_all(fd, s.data(), size);
}

// A message with a status (0 = fine) and text, from the server.
void send_status(int fd, Message type, std::uint64_t id, std::int32_t status, std::string_view text) {
  std::string m;
  append(m, type);
  append(m, id);
  append(m, status);
  append_string(m, text);
  write_all(fd, m.data(), m.size());
}

// Audio is sent in pieces of at least this many samples (about 46 ms at 22,050 Hz): small
// enough for a player to start at once, large enough not to cost a system call per callback.
constexpr std::size_t kChunkSamples = 1024;

// One sentence, in a child forked from the server's pristine engine.
[[noreturn]] void child_main(Engine& engine, std::uint64_t id, const std::string& text, int result_fd,
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
    message.append(reinterpret_cast<const char*>(samples.data()), samples.size() * sizeof(std::int16_t));
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
          return samples.size() < kChunkSamples || send();
        });
    if (complete && (!samples.empty() || !words.empty())) complete = send();
    ::_exit(complete ? 0 : kChildCancelled);
  } catch (const Error& e) {
    send_status(result_fd, Message::failed, id, static_cast<std::int32_t>(e.code()), e.what());
  } catch (const std::exception& e) {
    send_status(result_fd, Message::failed, id, static_cast<std::int32_t>(ExitCode::software), e.what());
  }
  ::_exit(kChildFailed);
}

// The server: one pristine engine, one fork per sentence, until the parent goes away.
[[noreturn]] void server_main(const EngineFactory& factory, int request_fd, int result_fd,
                              const std::atomic<std::uint64_t>* cancel_through) {
  std::unique_ptr<Engine> engine;
  try {
    engine = factory();
    const std::int32_t rate = engine->sample_rate_hz();
    send_status(result_fd, Message::configured, 0, 0, std::to_string(rate));
  } catch (const Error& e) {
    send_status(result_fd, Message::configured, 0, static_cast<std::int32_t>(e.code()), e.what());
    ::_exit(1);
  } catch (const std::exception& e) {
    send_status(result_fd, Message::configured, 0, static_cast<std::int32_t>(ExitCode::software), e.what());
    ::_exit(1);
  }
  for (Request type; read_all(request_fd, &type, sizeof type);) {
    std::uint64_t id = 0;
    if (!read_all(request_fd, &id, sizeof id)) break;
    if (type == Request::configure) {
      VoiceSettings s;
      std::int32_t ints[4];
      if (!read_string(request_fd, s.espeak_voice) || !read_all(request_fd, &s.rate_wpm, sizeof s.rate_wpm) ||
          !read_all(request_fd, &s.speed_factor, sizeof s.speed_factor) || !read_all(request_fd, ints, sizeof ints)) {
        break;
      }
      s.pitch = ints[0], s.pitch_range = ints[1], s.volume = ints[2];
      try {
        engine->configure(s);
        send_status(result_fd, Message::configured, id, 0, "");
      } catch (const Error& e) {
        send_status(result_fd, Message::configured, id, static_cast<std::int32_t>(e.code()), e.what());
      }
      continue;
    }
    std::string text;
    if (!read_string(request_fd, text)) break;
    const pid_t child = ::fork();
    if (child == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      child_main(*engine, id, text, result_fd, cancel_through);
    }
    if (child < 0) {
      send_status(result_fd, Message::failed, id, static_cast<std::int32_t>(ExitCode::software),
                  std::string("cannot start a speech process: ") + std::strerror(errno));
      continue;
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    // A crashed child could not say so itself; a failing child already sent `failed`.
    const bool complete = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    const bool cancelled = WIFEXITED(status) && WEXITSTATUS(status) == kChildCancelled;
    if (WIFSIGNALED(status)) {
      send_status(result_fd, Message::failed, id, static_cast<std::int32_t>(ExitCode::software),
                  std::string("the speech engine crashed (") + ::strsignal(WTERMSIG(status)) + ")");
    }
    send_status(result_fd, Message::done, id, complete ? 0 : cancelled ? 1 : 2, "");
  }
  ::_exit(0);
}

}  // namespace

SpeechProcess::SpeechProcess(EngineFactory factory) {
  void* shared = ::mmap(nullptr, sizeof(std::atomic<std::uint64_t>), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) throw Error(ExitCode::software, "cannot share memory with the speech process");
  cancel_through_ = new (shared) std::atomic<std::uint64_t>(0);
  int requests[2], results[2];
  if (::pipe2(requests, O_CLOEXEC) != 0 || ::pipe2(results, O_CLOEXEC) != 0) {
    throw Error(ExitCode::software, std::string("cannot start the speech process: ") + std::strerror(errno));
  }
  ::fcntl(results[1], F_SETPIPE_SZ, 1 << 20);  // a child can write a long sentence at once
  const pid_t parent = ::getpid();
  server_ = ::fork();
  if (server_ < 0) throw Error(ExitCode::software, std::string("fork failed: ") + std::strerror(errno));
  if (server_ == 0) {
    reset_signal_handlers();
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive voxmark
    if (::getppid() != parent) ::_exit(1);
    ::signal(SIGINT, SIG_IGN);  // Ctrl-C reaches the whole process group; voxmark decides
    ::close(requests[1]);
    ::close(results[0]);
    server_main(factory, requests[0], results[1], cancel_through_);
  }
  ::close(requests[0]);
  ::close(results[1]);
  request_fd_ = requests[1];
  result_fd_ = results[0];
  buffer_.resize(1 << 16);
}

void SpeechProcess::wait_until_started() const {
  if (sample_rate_hz_ > 0) return;
  Message type{};
  std::uint64_t id = 0;
  std::int32_t status = 0;
  std::string text;
  if (!read_result(&type, sizeof type) || !read_result(&id, sizeof id) ||
      !read_result(&status, sizeof status) || !read_result_string(text)) {
    throw Error(ExitCode::software, "the speech process stopped while starting");
  }
  if (status != 0) throw Error(static_cast<ExitCode>(status), text);
  sample_rate_hz_ = std::stoi(text);
}

int SpeechProcess::sample_rate_hz() const {
  wait_until_started();
  return sample_rate_hz_;
}

bool SpeechProcess::read_result(void* data, std::size_t size) const {
  auto* out = static_cast<char*>(data);
  while (size > 0) {
    if (buffer_begin_ == buffer_end_) {
      const ssize_t got = ::read(result_fd_, buffer_.data(), buffer_.size());
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      buffer_begin_ = 0;
      buffer_end_ = static_cast<std::size_t>(got);
    }
    const std::size_t n = std::min(size, buffer_end_ - buffer_begin_);
    std::memcpy(out, buffer_.data() + buffer_begin_, n);
    buffer_begin_ += n;
    out += n;
    size -= n;
  }
  return true;
}

bool SpeechProcess::read_result_string(std::string& s) const {
  std::uint64_t size = 0;
  if (!read_result(&size, sizeof size) || size > (std::uint64_t{1} << 32)) return false;
  s.resize(size);
  return read_result(s.data(), size);
}

SpeechProcess::~SpeechProcess() {
  stop();
  if (cancel_through_) ::munmap(cancel_through_, sizeof(std::atomic<std::uint64_t>));
}

void SpeechProcess::stop() noexcept {
  if (request_fd_ >= 0) ::close(request_fd_);  // the server sees end of input and leaves
  if (result_fd_ >= 0) ::close(result_fd_);
  request_fd_ = result_fd_ = -1;
  if (server_ > 0) {
    ::kill(server_, SIGKILL);
    while (::waitpid(server_, nullptr, 0) < 0 && errno == EINTR) {
    }
    server_ = -1;
  }
}

void SpeechProcess::configure(const VoiceSettings& settings) {
  wait_until_started();
  const std::uint64_t id = next_id_++;
  std::string m;
  append(m, Request::configure);
  append(m, id);
  append_string(m, settings.espeak_voice);
  append(m, settings.rate_wpm);
  append(m, settings.speed_factor);
  const std::int32_t ints[4] = {settings.pitch, settings.pitch_range, settings.volume, 0};
  append(m, ints);
  Message type{};
  std::uint64_t reply_id = 0;
  std::int32_t status = 0;
  std::string text;
  if (!write_all(request_fd_, m.data(), m.size()) || !read_result(&type, sizeof type) ||
      !read_result(&reply_id, sizeof reply_id) || !read_result(&status, sizeof status) ||
      !read_result_string(text)) {
    throw Error(ExitCode::software, "the speech process stopped unexpectedly");
  }
  if (status != 0) throw Error(static_cast<ExitCode>(status), text);
}

bool SpeechProcess::synthesize(std::string_view text, const ChunkSink& sink) {
  wait_until_started();
  const std::uint64_t id = next_id_++;
  std::string m;
  append(m, Request::synthesize);
  append(m, id);
  append_string(m, text);
  if (!write_all(request_fd_, m.data(), m.size())) {
    throw Error(ExitCode::software, "the speech process stopped unexpectedly");
  }
  auto lost = [] { return Error(ExitCode::software, "the speech process stopped unexpectedly"); };
  bool wanted = true;
  std::optional<Error> failure;
  std::vector<std::int16_t> samples;
  std::vector<WordTiming> words;
  for (;;) {
    Message type{};
    std::uint64_t reply_id = 0;
    if (!read_result(&type, sizeof type) || !read_result(&reply_id, sizeof reply_id)) {
      throw lost();
    }
    if (type == Message::chunk) {
      std::uint64_t counts[2];
      if (!read_result(counts, sizeof counts)) throw lost();
      samples.resize(counts[0]);
      words.resize(counts[1]);
      if (!read_result(samples.data(), samples.size() * sizeof(std::int16_t))) throw lost();
      for (WordTiming& w : words) {
        std::uint64_t fields[3];
        if (!read_result(fields, sizeof fields)) throw lost();
        w = {fields[0], fields[1], fields[2]};
      }
      if (wanted && !sink(samples, words)) {
        wanted = false;
        cancel_through_->store(id, std::memory_order_release);  // the child stops at its next chunk
      }
      continue;
    }
    std::int32_t status = 0;
    std::string message;
    if (!read_result(&status, sizeof status) || !read_result_string(message)) throw lost();
    if (type == Message::failed) {
      failure.emplace(static_cast<ExitCode>(status), message);
      continue;  // `done` follows from the server, unless the child crashed
    }
    if (failure) throw *failure;
    if (status == 2) throw Error(ExitCode::software, "speech synthesis failed");
    return wanted && status == 0;
  }
}

}  // namespace voxmark::speech
