#include "export/synthesis_pool.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "common/error.h"
#include "common/interrupt.h"

namespace voxmark::audiobook {
namespace {

constexpr std::uint64_t kQuit = ~std::uint64_t{0};
constexpr int kPipeBytes = 1 << 20;  // lets a worker write a long sentence without waiting

// Reads or writes exactly `size` bytes; false on end of file, error or interruption.
bool read_all(int fd, void* data, std::size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = ::read(fd, p, size);
    if (got < 0 && errno == EINTR && !interrupted()) continue;
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

struct ResultHeader {
  std::uint64_t index;
  std::uint64_t sample_count;
  std::uint64_t word_count;
  std::uint64_t error_length;  // > 0: the worker failed; a message of this length follows
};

// The worker's whole life: make an engine, answer requests until told to quit.
[[noreturn]] void worker_main(const std::vector<std::string>& texts, const EngineFactory& factory,
                              int request_fd, int result_fd) {
  std::unique_ptr<speech::Engine> engine;
  std::string failure;
  try {
    engine = factory();
  } catch (const std::exception& e) {
    failure = e.what();
  }
  const std::int32_t rate = engine ? engine->sample_rate_hz() : 0;
  write_all(result_fd, &rate, sizeof rate);
  for (std::uint64_t index; read_all(request_fd, &index, sizeof index) && index != kQuit;) {
    speech::Utterance u;
    if (failure.empty()) {
      try {
        u = engine->synthesize(texts.at(index));
      } catch (const std::exception& e) {
        failure = e.what();
      }
    }
    ResultHeader header{index, u.samples.size(), u.words.size(), failure.size()};
    if (!write_all(result_fd, &header, sizeof header)) break;
    if (!failure.empty()) {
      write_all(result_fd, failure.data(), failure.size());
      break;
    }
    if (!write_all(result_fd, u.samples.data(), u.samples.size() * sizeof(std::int16_t))) break;
    for (const speech::WordTiming& w : u.words) {
      const std::uint64_t fields[3] = {w.sample_offset, w.text_begin_byte, w.text_length_bytes};
      if (!write_all(result_fd, fields, sizeof fields)) break;
    }
  }
  ::_exit(0);  // no atexit handlers or static destructors of the parent's copy
}

}  // namespace

SynthesisPool::SynthesisPool(const std::vector<std::string>& texts, int jobs, EngineFactory factory)
    : texts_(texts) {
  if (jobs <= 1) {
    local_engine_ = factory();
    sample_rate_hz_ = local_engine_->sample_rate_hz();
    return;
  }
  // More workers than sentences would only wait.
  jobs = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(jobs), std::max<std::size_t>(texts.size(), 1)));
  workers_.resize(static_cast<std::size_t>(jobs));
  try {
    for (Worker& w : workers_) start_worker(w, factory);
    for (Worker& w : workers_) {
      std::int32_t rate = 0;
      if (!read_all(w.result_fd, &rate, sizeof rate) || rate <= 0) {
        throw Error(ExitCode::software, "a speech worker process failed to start");
      }
      sample_rate_hz_ = rate;
    }
    const std::size_t in_flight = window_per_worker_ * workers_.size();
    while (next_request_ < std::min(in_flight, texts_.size())) request(next_request_);
  } catch (...) {
    stop_workers();
    throw;
  }
}

SynthesisPool::~SynthesisPool() { stop_workers(); }

void SynthesisPool::start_worker(Worker& worker, const EngineFactory& factory) {
  int requests[2], results[2];
  if (::pipe2(requests, O_CLOEXEC) != 0) throw Error(ExitCode::software, "pipe failed");
  if (::pipe2(results, O_CLOEXEC) != 0) {
    ::close(requests[0]), ::close(requests[1]);
    throw Error(ExitCode::software, "pipe failed");
  }
  ::fcntl(results[1], F_SETPIPE_SZ, kPipeBytes);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw Error(ExitCode::software, std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    reset_signal_handlers();
    // A worker never outlives its parent, whatever kills the parent.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    // Ctrl-C in a terminal signals the whole process group: the parent decides, not us.
    ::signal(SIGINT, SIG_IGN);
    ::close(requests[1]);
    ::close(results[0]);
    for (const Worker& other : workers_) {
      if (other.pid > 0) ::close(other.request_fd), ::close(other.result_fd);
    }
    worker_main(texts_, factory, requests[0], results[1]);
  }
  ::close(requests[0]);
  ::close(results[1]);
  worker.pid = pid;
  worker.request_fd = requests[1];
  worker.result_fd = results[0];
}

void SynthesisPool::request(std::size_t index) {
  Worker& w = workers_[index % workers_.size()];
  const std::uint64_t message = index;
  if (!write_all(w.request_fd, &message, sizeof message)) {
    throw Error(ExitCode::software, "a speech worker process stopped unexpectedly");
  }
  ++next_request_;
}

bool SynthesisPool::next(speech::Utterance& out) {
  if (next_index_ >= texts_.size() || interrupted()) return false;
  out.samples.clear();
  out.words.clear();
  if (local_engine_) {
    const bool complete = local_engine_->synthesize(
        texts_[next_index_],
        [&out](std::span<const std::int16_t> samples, std::span<const speech::WordTiming> words) {
          out.samples.insert(out.samples.end(), samples.begin(), samples.end());
          out.words.insert(out.words.end(), words.begin(), words.end());
          return !interrupted();
        });
    if (!complete) return false;
    ++next_index_;
    return true;
  }
  Worker& w = workers_[next_index_ % workers_.size()];
  ResultHeader header{};
  if (!read_all(w.result_fd, &header, sizeof header)) {
    if (interrupted()) return false;
    throw Error(ExitCode::software, "a speech worker process stopped unexpectedly");
  }
  if (header.error_length > 0) {
    std::string message(header.error_length, '\0');
    read_all(w.result_fd, message.data(), message.size());
    throw Error(ExitCode::software, "speech synthesis failed: " + message);
  }
  if (header.index != next_index_) {
    throw Error(ExitCode::software, "speech worker answered out of order");
  }
  out.samples.resize(header.sample_count);
  out.words.resize(header.word_count);
  bool ok = read_all(w.result_fd, out.samples.data(), out.samples.size() * sizeof(std::int16_t));
  for (std::size_t i = 0; ok && i < out.words.size(); ++i) {
    std::uint64_t fields[3];
    ok = read_all(w.result_fd, fields, sizeof fields);
    out.words[i] = {fields[0], fields[1], fields[2]};
  }
  if (!ok) {
    if (interrupted()) return false;
    throw Error(ExitCode::software, "a speech worker process stopped unexpectedly");
  }
  ++next_index_;
  if (next_request_ < texts_.size()) request(next_request_);
  return true;
}

void SynthesisPool::stop_workers() noexcept {
  for (Worker& w : workers_) {
    if (w.pid <= 0) continue;
    const std::uint64_t quit = kQuit;
    write_all(w.request_fd, &quit, sizeof quit);
    ::close(w.request_fd);
    ::close(w.result_fd);  // a worker blocked writing gets EPIPE and leaves
    ::kill(w.pid, SIGTERM);
    int status = 0;
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    w.pid = -1;
  }
  workers_.clear();
}

}  // namespace voxmark::audiobook
