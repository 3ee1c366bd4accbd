#include "speech/speech_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/interrupt.h"
#include "speech/speech_worker.h"

namespace voxmark::speech {
namespace {

using namespace worker;  // NOLINT: the protocol, shared with speech_worker.cpp

// After interrupt(), how long the worker may take to confirm that it stopped before it is
// killed instead.
constexpr double kInterruptGraceS = 0.02;
// The deadline is counted in polls of at most this long; a poll that returns much later than
// asked means voxmark itself was stopped (Ctrl-Z) or the machine slept, and that gap does not
// count against the worker.
constexpr int kPollSliceMs = 100;
constexpr double kPollLateS = 0.25;
// Starting a worker (loading eSpeak NG's data) may take this long.
constexpr double kStartDeadlineS = 30.0;

// The first ~60 bytes of a sentence, for messages.
std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::size_t cut = std::min(text.size(), kMax);
  // Never cut a UTF-8 character in two.
  while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string q(text.substr(0, cut));
  for (char& c : q) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return "\"" + q + (cut < text.size() ? "...\"" : "\"");
}

std::atomic<bool> g_verbose{false};
std::atomic<bool> g_fallback_told{false};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

void set_speech_verbose(bool verbose) { g_verbose.store(verbose); }
bool speech_verbose() { return g_verbose.load(); }

SpeechProcess::SpeechProcess(EngineFactory factory, SpeechProcessOptions options)
    : factory_(std::move(factory)), options_(options) {
  void* shared = ::mmap(nullptr, sizeof(std::atomic<std::uint64_t>), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED)
    throw Error(ExitCode::software, "cannot share memory with the speech process");
  cancel_through_ = new (shared) std::atomic<std::uint64_t>(0);
  interrupt_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (interrupt_fd_ < 0) {
    ::munmap(cancel_through_, sizeof(std::atomic<std::uint64_t>));
    throw Error(ExitCode::software,
                std::string("cannot start the speech process: ") + std::strerror(errno));
  }
  buffer_.resize(std::size_t{1} << 18);
  try {
    start();
  } catch (...) {
    ::close(interrupt_fd_);
    ::munmap(cancel_through_, sizeof(std::atomic<std::uint64_t>));
    throw;
  }
}

SpeechProcess::~SpeechProcess() {
  stop();
  if (interrupt_fd_ >= 0) ::close(interrupt_fd_);
  if (cancel_through_) ::munmap(cancel_through_, sizeof(std::atomic<std::uint64_t>));
}

void SpeechProcess::start() const {
  int requests[2], results[2];
  if (::pipe2(requests, O_CLOEXEC) != 0) {
    throw Error(ExitCode::software,
                std::string("cannot start the speech process: ") + std::strerror(errno));
  }
  if (::pipe2(results, O_CLOEXEC) != 0) {
    ::close(requests[0]);
    ::close(requests[1]);
    throw Error(ExitCode::software,
                std::string("cannot start the speech process: ") + std::strerror(errno));
  }
  ::fcntl(results[1], F_SETPIPE_SZ, 1 << 20);  // a worker can write a long sentence at once
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {requests[0], requests[1], results[0], results[1]}) ::close(fd);
    throw Error(ExitCode::software, std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    reset_signal_handlers();
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive voxmark
    if (::getppid() != parent) ::_exit(1);
    ::signal(SIGINT, SIG_IGN);  // Ctrl-C reaches the whole process group; voxmark decides
    ::close(requests[1]);
    ::close(results[0]);
    worker_main(factory_, options_, requests[0], results[1], cancel_through_);
  }
  ::close(requests[0]);
  ::close(results[1]);
  worker_ = pid;
  request_fd_ = requests[1];
  result_fd_ = results[0];
  buffer_begin_ = buffer_end_ = 0;
  ready_ = false;
  ++starts_;
}

void SpeechProcess::stop() const noexcept {
  if (request_fd_ >= 0) ::close(request_fd_);
  if (result_fd_ >= 0) ::close(result_fd_);
  request_fd_ = result_fd_ = -1;
  if (worker_ > 0) {
    ::kill(worker_, SIGKILL);  // also ends a stopped worker
    while (::waitpid(worker_, nullptr, 0) < 0 && errno == EINTR) {
    }
    worker_ = -1;
  }
  ready_ = false;
  buffer_begin_ = buffer_end_ = 0;
}

std::string SpeechProcess::reap_worker() const {
  std::string what = "stopped unexpectedly";
  if (worker_ > 0) {
    int status = 0;
    pid_t got;
    // The pipe closed, so the worker is gone or going; give it a moment, then make sure.
    for (int i = 0; i < 100; ++i) {
      got = ::waitpid(worker_, &status, WNOHANG);
      if (got != 0) break;
      ::usleep(1000);
    }
    if (got == 0) {
      ::kill(worker_, SIGKILL);
      got = ::waitpid(worker_, &status, 0);
    }
    if (got == worker_ && WIFSIGNALED(status)) {
      what = std::string("crashed (") + ::strsignal(WTERMSIG(status)) + ")";
    } else if (got == worker_ && WIFEXITED(status)) {
      // A worker never exits by itself while a sentence is asked of it: an exit is a crash
      // that something caught on the way (a sanitizer's report, a library's exit()).
      what = "crashed (exited with code " + std::to_string(WEXITSTATUS(status)) + ")";
    }
    worker_ = -1;
  }
  stop();
  return what;
}

SpeechProcess::Wait SpeechProcess::wait_readable(double& budget_s, bool interruptible) const {
  for (;;) {
    pollfd fds[2] = {{result_fd_, POLLIN, 0}, {interrupt_fd_, POLLIN, 0}};
    const int slice_ms = static_cast<int>(std::clamp(budget_s * 1000.0, 0.0, double{kPollSliceMs}));
    const auto before = std::chrono::steady_clock::now();
    const int n = ::poll(fds, interruptible ? 2 : 1, slice_ms);
    const double took = seconds_since(before);
    if (n < 0 && errno != EINTR) return Wait::closed;
    budget_s -= std::min(took, slice_ms / 1000.0 + kPollLateS);
    if (n > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) return Wait::ready;
    if (n > 0 && interruptible && (fds[1].revents & POLLIN) != 0) return Wait::interrupted;
    if (budget_s <= 0) return Wait::timed_out;
  }
}

SpeechProcess::Wait SpeechProcess::read_result(void* data, std::size_t size, double& budget_s,
                                               bool interruptible) const {
  auto* out = static_cast<char*>(data);
  while (size > 0) {
    if (buffer_begin_ == buffer_end_) {
      if (const Wait w = wait_readable(budget_s, interruptible); w != Wait::ready) return w;
      const ssize_t got = ::read(result_fd_, buffer_.data(), buffer_.size());
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) return Wait::closed;
      buffer_begin_ = 0;
      buffer_end_ = static_cast<std::size_t>(got);
    }
    const std::size_t n = std::min(size, buffer_end_ - buffer_begin_);
    std::memcpy(out, buffer_.data() + buffer_begin_, n);
    buffer_begin_ += n;
    out += n;
    size -= n;
  }
  return Wait::ready;
}

SpeechProcess::Wait SpeechProcess::read_result_string(std::string& s, double& budget_s) const {
  std::uint64_t size = 0;
  if (const Wait w = read_result(&size, sizeof size, budget_s, false); w != Wait::ready) return w;
  if (size > (std::uint64_t{1} << 32)) return Wait::closed;
  s.resize(size);
  return read_result(s.data(), size, budget_s, false);
}

// Sends `settings` to the worker and waits for its answer. Throws the engine's Error when it
// refuses them (the worker keeps its previous settings), Error(software) when the worker is
// lost or stuck (it is then stopped).
void SpeechProcess::send_configure(const VoiceSettings& settings, const char* while_doing) const {
  std::string m;
  append(m, Request::configure);
  append(m, next_id_++);
  append_string(m, settings.espeak_voice);
  append(m, settings.rate_wpm);
  append(m, settings.speed_factor);
  const std::int32_t ints[4] = {settings.pitch, settings.pitch_range, settings.volume, 0};
  append(m, ints);
  if (!write_all(request_fd_, m.data(), m.size())) {
    throw Error(ExitCode::software,
                "the speech process " + reap_worker() + " while " + while_doing);
  }
  std::int32_t status = 0;
  std::string text;
  read_status(status, text, while_doing);
  if (status != 0) throw Error(static_cast<ExitCode>(status), text);
}

void SpeechProcess::read_status(std::int32_t& status, std::string& text,
                                const char* while_doing) const {
  double budget_s = kStartDeadlineS;
  Message type{};
  std::uint64_t id = 0;
  Wait w = read_result(&type, sizeof type, budget_s, false);
  if (w == Wait::ready) w = read_result(&id, sizeof id, budget_s, false);
  if (w == Wait::ready) w = read_result(&status, sizeof status, budget_s, false);
  if (w == Wait::ready) w = read_result_string(text, budget_s);
  if (w == Wait::timed_out) {
    stop();
    throw Error(ExitCode::software, std::string("the speech process did not answer within ") +
                                        std::to_string(static_cast<int>(kStartDeadlineS)) +
                                        " s while " + while_doing);
  }
  if (w != Wait::ready) {
    throw Error(ExitCode::software,
                "the speech process " + reap_worker() + " while " + while_doing);
  }
}

void SpeechProcess::ensure_running() const {
  if (ready_) return;
  if (worker_ < 0) start();
  std::int32_t status = 0;
  std::string text;
  read_status(status, text, "starting");
  if (status != 0) {
    stop();
    throw Error(static_cast<ExitCode>(status), text);
  }
  const std::size_t space = text.find(' ');
  sample_rate_hz_ = std::stoi(text.substr(0, space));
  reset_method_ = space == std::string::npos ? "" : text.substr(space + 1);
  if (reset_method_ != "snapshot" && g_verbose.load() && !g_fallback_told.exchange(true)) {
    std::fprintf(stderr,
                 "voxmark: speech: eSpeak NG's state cannot be reset in place here, so every "
                 "sentence is synthesized in a fresh process (slower): %s\n",
                 reset_method_.c_str());
  }
  if (configured_) {
    try {
      send_configure(*configured_, "starting");
    } catch (...) {
      stop();
      throw;
    }
  }
  ready_ = true;
}

int SpeechProcess::sample_rate_hz() const {
  ensure_running();
  return sample_rate_hz_;
}

std::string SpeechProcess::reset_method() const {
  ensure_running();
  return reset_method_;
}

void SpeechProcess::configure(const VoiceSettings& settings) {
  ensure_running();
  send_configure(settings, "changing the voice");  // throws, keeping the previous settings
  configured_ = settings;
}

void SpeechProcess::interrupt() noexcept {
  const std::uint64_t one = 1;
  const ssize_t ignored = ::write(interrupt_fd_, &one, sizeof one);
  (void)ignored;
}

bool SpeechProcess::synthesize(std::string_view text, const ChunkSink& sink) {
  ensure_running();
  std::uint64_t drained = 0;
  while (::read(interrupt_fd_, &drained, sizeof drained) > 0) {
  }
  const std::uint64_t id = next_id_++;
  std::string m;
  append(m, Request::synthesize);
  append(m, id);
  append_string(m, text);
  if (!write_all(request_fd_, m.data(), m.size())) {
    const std::string what = reap_worker();
    throw Error(ExitCode::software, "the speech engine " + what + " before " + quote(text) +
                                        "; it will be restarted for the next sentence");
  }
  double budget_s =
      options_.deadline_base_s + options_.deadline_per_byte_s * static_cast<double>(text.size());
  bool wanted = true;
  bool interrupting = false;  // interrupt() came: only the worker's `done` is awaited, briefly
  std::optional<Error> failure;
  std::vector<std::int16_t> samples;
  std::vector<WordTiming> words;
  // Reads one piece of the reply, handling everything but success. Returns false when the
  // call is over because of an interrupt.
  auto get = [&](void* data, std::size_t size) {
    for (;;) {
      const Wait w = read_result(data, size, budget_s, !interrupting);
      if (w == Wait::ready) return true;
      if (w == Wait::interrupted) {
        interrupting = true;
        wanted = false;
        cancel_through_->store(id, std::memory_order_release);
        budget_s = kInterruptGraceS;
        continue;  // the rest of this piece, within the grace time
      }
      if (w == Wait::timed_out) {
        stop();
        if (interrupting) return false;  // it did not stop in time: killed, restarted later
        throw Error(ExitCode::software,
                    "the speech engine did not finish " + quote(text) + " in " +
                        std::to_string(static_cast<int>(options_.deadline_base_s +
                                                        options_.deadline_per_byte_s *
                                                            static_cast<double>(text.size()))) +
                        " s and was stopped; it will be restarted for the next sentence");
      }
      const std::string what = reap_worker();
      throw Error(ExitCode::software, "the speech engine " + what + " on " + quote(text) +
                                          "; it will be restarted for the next sentence");
    }
  };
  for (;;) {
    Message type{};
    std::uint64_t reply_id = 0;
    if (!get(&type, sizeof type) || !get(&reply_id, sizeof reply_id)) return false;
    if (type == Message::chunk) {
      std::uint64_t counts[2];
      if (!get(counts, sizeof counts)) return false;
      samples.resize(counts[0]);
      words.resize(counts[1]);
      if (!get(samples.data(), samples.size() * sizeof(std::int16_t))) return false;
      for (WordTiming& w : words) {
        std::uint64_t fields[3];
        if (!get(fields, sizeof fields)) return false;
        w = {fields[0], fields[1], fields[2]};
      }
      if (wanted && !sink(samples, words)) {
        wanted = false;
        cancel_through_->store(id,
                               std::memory_order_release);  // the worker stops at its next chunk
      }
      continue;
    }
    std::int32_t status = 0;
    std::uint64_t size = 0;
    if (!get(&status, sizeof status) || !get(&size, sizeof size)) return false;
    std::string message(size, '\0');
    if (!get(message.data(), size)) return false;
    if (type == Message::failed) {
      failure.emplace(static_cast<ExitCode>(status), message);
      continue;  // `done` follows
    }
    if ((status & kRetiring) != 0) reap_worker();  // over its memory budget: replaced next call
    status &= ~kRetiring;
    if (failure) throw *failure;
    if (status == kFailed)
      throw Error(ExitCode::software, "speech synthesis failed on " + quote(text));
    return wanted && status == kComplete;
  }
}

}  // namespace voxmark::speech
