// The speech core: long-lived worker processes that reset eSpeak NG before every sentence, on
// the real eSpeak NG. What a listener relies on: the same sentence always sounds the same;
// a crash, a hang or a stop request costs one sentence, never voxmark.
#include "speech/speech_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "speech/espeak_engine.h"
#include "speech/library_snapshot.h"

// AddressSanitizer changes two things these tests look at: a crash in a worker is caught and
// reported by the sanitizer (the worker then exits instead of dying by the signal, and may
// report the failure itself), and freed memory stays resident in its quarantine.
#if defined(__SANITIZE_ADDRESS__)
#define VOXMARK_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VOXMARK_TEST_UNDER_ASAN 1
#endif
#endif
#ifndef VOXMARK_TEST_UNDER_ASAN
#define VOXMARK_TEST_UNDER_ASAN 0
#endif
// ThreadSanitizer catches a worker's crash the same way.
#if defined(__SANITIZE_THREAD__)
#define VOXMARK_TEST_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define VOXMARK_TEST_UNDER_TSAN 1
#endif
#endif
#ifndef VOXMARK_TEST_UNDER_TSAN
#define VOXMARK_TEST_UNDER_TSAN 0
#endif

namespace voxmark::speech {
namespace {

constexpr const char* kFirst =
    "The committee met on Tuesday, and nobody expected the vote to pass.";
constexpr const char* kSecond = "Rain fell all night over the quiet harbour.";
constexpr const char* kCrash = "please crash now";

// The real engine, which crashes (like a bug in eSpeak NG would) on one text.
class CrashingEngine final : public Engine {
 public:
  CrashingEngine() : espeak_() {}
  int sample_rate_hz() const override { return espeak_.sample_rate_hz(); }
  void configure(const VoiceSettings& s) override { espeak_.configure(s); }
  bool synthesize(std::string_view text, const ChunkSink& sink) override {
    if (text == kCrash) std::raise(SIGSEGV);
    return espeak_.synthesize(text, sink);
  }
  using Engine::synthesize;

 private:
  EspeakEngine espeak_;
};

EngineFactory espeak_factory() {
  return [] { return std::make_unique<EspeakEngine>(); };
}

SpeechProcessOptions fork_options() {
  SpeechProcessOptions o;
  o.force_fork = true;
  return o;
}

// The memory only this process holds and has written (smaps_rollup's Private_Dirty): what a
// leak costs. Not the resident size: a worker forked from this big test process inherits its
// free heap, and a leak into those pages leaves the resident size where it was.
std::size_t private_dirty_bytes_of(pid_t pid) {
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  for (std::string line; std::getline(rollup, line);) {
    if (line.rfind("Private_Dirty:", 0) == 0) {
      return std::stoul(line.substr(line.find(':') + 1)) * 1024;  // "Private_Dirty:  116 kB"
    }
  }
  return 0;
}

// Runs `body` in a child process with its own engine and a snapshot taken the way a worker
// takes it (one synthesis with the final voice first), and returns the child's wait status.
// Own process: the one engine per process, and the restore touches nobody else. The body's
// return value is the exit code; 10 means the snapshot was not found.
int in_child_with_snapshot(const std::function<int(EspeakEngine&, LibrarySnapshot&)>& body) {
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    EspeakEngine engine;
    std::string why_not;
    std::optional<LibrarySnapshot> snapshot = LibrarySnapshot::find(why_not);
    if (!snapshot) ::_exit(10);
    engine.synthesize(".");
    snapshot->take();
    ::_exit(body(engine, *snapshot));
  }
  int status = 0;
  return ::waitpid(pid, &status, 0) == pid ? status : -1;
}

// Step 1 of issue 10, the mechanism itself: in one process, a sentence said again after
// another comes out different, unless the library's data is restored first.
TEST(LibrarySnapshot, RestoringTheLibraryDataMakesASentenceComeOutTheSameAgain) {
  const int status = in_child_with_snapshot([](EspeakEngine& engine, LibrarySnapshot& snapshot) {
    const auto first = engine.synthesize(kFirst).samples;
    engine.synthesize(kSecond);
    const auto again_without_restore = engine.synthesize(kFirst).samples;
    snapshot.restore();
    engine.synthesize(kSecond);
    snapshot.restore();
    const auto again_with_restore = engine.synthesize(kFirst).samples;
    if (again_without_restore == first) return 11;  // the drift this exists for is gone?
    return again_with_restore == first ? 0 : 12;
  });
  ASSERT_TRUE(status != -1 && WIFEXITED(status)) << "status " << status;
  EXPECT_NE(WEXITSTATUS(status), 10) << "the snapshot of libespeak-ng was not found";
  EXPECT_NE(WEXITSTATUS(status), 11) << "no drift without the restore: re-check facts.md";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// eSpeak NG's queue thread waits on a condition variable inside the restored data for the
// whole life of a worker: restore() must not write bytes that did not change (writing even the
// same values races with that thread). Here the data is made read-only right after take(): a
// restore that writes anything unchanged faults.
TEST(LibrarySnapshot, RestoreWritesOnlyWhatChanged) {
  const int status = in_child_with_snapshot([](EspeakEngine&, LibrarySnapshot& snapshot) {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<std::uintptr_t>(snapshot.data_begin());
    const std::uintptr_t first_page = (begin + page - 1) / page * page;
    const std::uintptr_t end_page = (begin + snapshot.size_bytes()) / page * page;
    if (end_page <= first_page) return 13;  // no whole page to protect
    void* pages = reinterpret_cast<void*>(first_page);
    if (::mprotect(pages, end_page - first_page, PROT_READ) != 0) return 14;
    snapshot.restore();  // nothing changed since take(): nothing may be written
    return ::mprotect(pages, end_page - first_page, PROT_READ | PROT_WRITE) == 0 ? 0 : 15;
  });
  ASSERT_TRUE(status != -1 && WIFEXITED(status))
      << "restore() wrote unchanged data (signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0)
      << ")";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(SpeechProcess, UsesTheSnapshotOnThisLibraryAndForksWhenTold) {
  SpeechProcess snapshot(espeak_factory());
  EXPECT_EQ(snapshot.reset_method(), "snapshot");
  SpeechProcess forking(espeak_factory(), fork_options());
  EXPECT_EQ(forking.reset_method().rfind("fork (", 0), 0u) << forking.reset_method();
  ::setenv("VOXMARK_SPEECH_RESET", "fork", 1);
  SpeechProcess by_environment(espeak_factory());
  ::unsetenv("VOXMARK_SPEECH_RESET");
  EXPECT_EQ(by_environment.reset_method(), "fork (VOXMARK_SPEECH_RESET=fork)");
}

// Both paths give the same samples as each other, for a sentence said first, said again
// after others, and after a voice change and back.
TEST(SpeechProcess, SameTextGivesTheSameSamplesWhateverCameBeforeAndOnBothPaths) {
  SpeechProcess worker(espeak_factory());
  SpeechProcess forking(espeak_factory(), fork_options());
  const Utterance first = worker.synthesize(kFirst);
  ASSERT_GT(first.samples.size(), 22050u);
  worker.synthesize(kSecond);
  worker.synthesize("Ваня пошёл домой.");  // a language switch in between
  const Utterance again = worker.synthesize(kFirst);
  EXPECT_EQ(again.samples, first.samples);
  ASSERT_EQ(again.words.size(), first.words.size());
  for (std::size_t i = 0; i < first.words.size(); ++i) {
    EXPECT_EQ(again.words[i].sample_offset, first.words[i].sample_offset);
  }
  EXPECT_EQ(forking.synthesize(kSecond).samples, worker.synthesize(kSecond).samples);
  EXPECT_EQ(forking.synthesize(kFirst).samples, first.samples);

  VoiceSettings other;
  other.espeak_voice = "en-gb";
  other.pitch = 70;
  worker.configure(other);
  forking.configure(other);
  const Utterance british = worker.synthesize(kFirst);
  EXPECT_NE(british.samples, first.samples);
  EXPECT_EQ(forking.synthesize(kFirst).samples, british.samples);
  EXPECT_EQ(worker.synthesize(kFirst).samples, british.samples);
  worker.configure({});
  EXPECT_EQ(worker.synthesize(kFirst).samples, first.samples);
}

TEST(SpeechProcess, RefusedSettingsKeepThePreviousOnes) {
  SpeechProcess worker(espeak_factory());
  const Utterance before = worker.synthesize(kSecond);
  VoiceSettings bad;
  bad.espeak_voice = "no-such-voice";
  EXPECT_THROW(worker.configure(bad), Error);
  EXPECT_EQ(worker.synthesize(kSecond).samples, before.samples);
}

// A crash in the engine fails that sentence with a clear message; the next sentence works in
// a new worker, with the same samples as before the crash.
TEST(SpeechProcess, ACrashFailsOneSentenceAndTheWorkerIsRestarted) {
  for (const SpeechProcessOptions& options : {SpeechProcessOptions{}, fork_options()}) {
    SpeechProcess worker([] { return std::make_unique<CrashingEngine>(); }, options);
    const Utterance before = worker.synthesize(kSecond);
    try {
      worker.synthesize(kCrash);
      ADD_FAILURE() << "no error for a crash";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::software);
      if (!VOXMARK_TEST_UNDER_ASAN && !VOXMARK_TEST_UNDER_TSAN) {
        EXPECT_NE(std::string(e.what()).find("crashed"), std::string::npos) << e.what();
      }
      if (!options.force_fork) {
        EXPECT_NE(std::string(e.what()).find(kCrash), std::string::npos) << e.what();
      }
    }
    EXPECT_EQ(worker.synthesize(kSecond).samples, before.samples);
  }
}

// A worker that stops answering (here: stopped with SIGSTOP) is killed at the deadline, the
// call throws naming the sentence, and the next sentence gets a new worker.
TEST(SpeechProcess, AStalledWorkerIsKilledAtTheDeadlineAndReplaced) {
  SpeechProcessOptions options;
  options.deadline_base_s = 0.5;
  options.deadline_per_byte_s = 0;
  for (const bool fork_path : {false, true}) {
    options.force_fork = fork_path;
    SpeechProcess worker(espeak_factory(), options);
    const Utterance before = worker.synthesize(kSecond);
    const pid_t stalled = worker.worker_pid();
    ASSERT_GT(stalled, 0);
    ASSERT_EQ(::kill(stalled, SIGSTOP), 0);
    try {
      worker.synthesize(kFirst);
      ADD_FAILURE() << "no error for a stalled worker";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("did not finish"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("The committee met"), std::string::npos) << e.what();
    }
    EXPECT_NE(::kill(stalled, 0), 0) << "the stalled worker still exists";
    EXPECT_EQ(worker.synthesize(kSecond).samples, before.samples);
    EXPECT_EQ(worker.worker_starts(), 2);
  }
}

// Ctrl-Z stops voxmark and its workers together (the terminal stops the whole process group).
// That time must not count against the stall deadline, or every sentence in progress at a
// Ctrl-Z would fail after `fg`.
TEST(SpeechProcess, TimeWhileVoxmarkIsStoppedDoesNotCountAgainstTheDeadline) {
  int progress[2];
  ASSERT_EQ(::pipe(progress), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setpgid(0, 0);  // a job of its own, as voxmark is in a shell
    ::close(progress[0]);
    SpeechProcessOptions options;
    options.deadline_base_s = 1.5;
    options.deadline_per_byte_s = 0;
    SpeechProcess worker(espeak_factory(), options);
    worker.synthesize(".");
    std::string longer;
    for (int i = 0; i < 20; ++i) longer += std::string(kFirst) + " ";
    bool told = false;
    try {
      const bool complete = worker.synthesize(longer, [&](auto, auto) {
        if (!told) {
          told = true;
          const char c = 'x';
          if (::write(progress[1], &c, 1) != 1) ::_exit(3);
        }
        return true;
      });
      ::_exit(complete ? 0 : 2);
    } catch (const Error&) {
      ::_exit(1);
    }
  }
  ::close(progress[1]);
  ::setpgid(pid, pid);
  char c = 0;
  ASSERT_EQ(::read(progress[0], &c, 1), 1);
  ::kill(-pid, SIGSTOP);  // what the terminal does on Ctrl-Z (SIGTSTP), for the whole job
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ::kill(-pid, SIGCONT);
  ::close(progress[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: the stop counted as a stall";
}

// interrupt() from another thread ends a synthesis whose worker is stopped (so it cannot
// answer), and the engine works again afterwards.
TEST(SpeechProcess, InterruptEndsASynthesisEvenWhenTheWorkerIsStopped) {
  SpeechProcess worker(espeak_factory());
  const Utterance before = worker.synthesize(kSecond);
  std::promise<void> first_chunk;
  bool stopped_it = false;
  std::thread interrupter;
  const bool complete = [&] {
    std::future<void> arrived = first_chunk.get_future();
    interrupter = std::thread([&] {
      arrived.wait();
      worker.interrupt();
    });
    std::string longer;
    for (int i = 0; i < 20; ++i) longer += std::string(kFirst) + " ";
    return worker.synthesize(longer,
                             [&](std::span<const std::int16_t>, std::span<const WordTiming>) {
                               if (!stopped_it) {
                                 stopped_it = true;
                                 ::kill(worker.worker_pid(), SIGSTOP);
                                 first_chunk.set_value();
                               }
                               return true;
                             });
  }();
  interrupter.join();
  EXPECT_FALSE(complete);
  EXPECT_EQ(worker.synthesize(kSecond).samples, before.samples);
}

// An interrupt while the worker is running normally stops it without a restart.
TEST(SpeechProcess, InterruptOfARunningWorkerKeepsIt) {
  SpeechProcess worker(espeak_factory());
  std::string longer;
  for (int i = 0; i < 20; ++i) longer += std::string(kFirst) + " ";
  std::size_t samples = 0;
  const bool complete = worker.synthesize(longer, [&](std::span<const std::int16_t> s, auto) {
    if (samples == 0) worker.interrupt();
    samples += s.size();
    return true;
  });
  EXPECT_FALSE(complete);
  EXPECT_EQ(worker.worker_starts(), 1);
  EXPECT_GT(worker.synthesize(kSecond).samples.size(), 22050u);
}

// Text that makes eSpeak NG switch language leaks a little each time; the worker is replaced
// after its memory budget, so memory stays bounded however many such sentences come.
TEST(SpeechProcess, LanguageSwitchesDoNotGrowMemoryWithoutBound) {
#if VOXMARK_TEST_UNDER_ASAN
  // AddressSanitizer keeps freed memory in quarantine (256 MB by default) and has its own
  // allocator, so a worker's memory says nothing about the engine's leak; the release build
  // measures it.
  GTEST_SKIP() << "process memory is not meaningful under AddressSanitizer";
#endif
#if VOXMARK_TEST_UNDER_TSAN
  // ThreadSanitizer's shadow and history for every allocation make the worker's memory grow
  // well past what it holds; the worker still recycles on its heap count (the sanitizer's),
  // but the bound below cannot be seen from outside.
  GTEST_SKIP() << "process memory is not meaningful under ThreadSanitizer";
#endif
  constexpr std::size_t kBudget = std::size_t{4} << 20;
  constexpr int kSentences = 150;
  const std::string switching = "He said Здравствуйте, мир and नमस्ते दुनिया to everyone.";
  auto feed = [&](SpeechProcess& worker, std::size_t& peak, std::size_t& start) {
    worker.synthesize(kSecond);
    start = private_dirty_bytes_of(worker.worker_pid());
    for (int i = 0; i < kSentences; ++i) {
      worker.synthesize(switching + " " + std::to_string(i));
      if (worker.worker_pid() > 0)
        peak = std::max(peak, private_dirty_bytes_of(worker.worker_pid()));
    }
  };
  SpeechProcessOptions unbounded;
  unbounded.memory_budget_bytes = std::size_t{1} << 40;
  SpeechProcess leaking(espeak_factory(), unbounded);
  std::size_t leaking_peak = 0, leaking_start = 0;
  feed(leaking, leaking_peak, leaking_start);
  // The leak is real: without recycling the worker grows past the budget.
  EXPECT_GT(leaking_peak, leaking_start + kBudget);

  SpeechProcessOptions bounded;
  bounded.memory_budget_bytes = kBudget;
  SpeechProcess recycled(espeak_factory(), bounded);
  std::size_t peak = 0, start = 0;
  feed(recycled, peak, start);
  EXPECT_GT(recycled.worker_starts(), 1);
  // One sentence's leak (under 1 MB) may come on top of the budget before the check.
  EXPECT_LT(peak, start + kBudget + (std::size_t{1} << 20));
}

}  // namespace
}  // namespace voxmark::speech
