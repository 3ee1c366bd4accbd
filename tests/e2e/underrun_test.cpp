// Dropouts on a device with a real clock (issue 18): voxmark is stopped (SIGSTOP) for half a
// second while it plays to a PulseAudio null sink through ALSA's pulse plugin, so the device
// really runs dry. voxmark must say so (an `underrun` event), give the device a larger buffer,
// and start the next session on that device with the larger buffer (devices.json in its state
// folder). The PulseAudio daemon is private to the test (its own runtime folder and socket)
// and stopped by its process id. Skipped where PulseAudio or the ALSA pulse plugin is missing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "event_reader.h"
#include "run_process.h"

namespace voxmark::test {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            int in_fd, int out_fd, const std::string& err_path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (in_fd >= 0) ::dup2(in_fd, 0);
    if (out_fd >= 0) ::dup2(out_fd, 1);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err >= 0) ::dup2(err, 2);
    if (out_fd < 0 && err >= 0) ::dup2(err, 1);
    for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
    std::vector<std::string> all = args;
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

bool pulse_available() {
  const auto has = [](const char* program) {
    return run_process({"/bin/sh", "-c", std::string("command -v ") + program}).exit_code == 0;
  };
  return has("pulseaudio") && has("pactl") &&
         run_process({"/bin/sh", "-c", "ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so"})
                 .exit_code == 0;
}

class Underrun : public testing::Test {
 protected:
  void SetUp() override {
    if (!pulse_available()) {
      GTEST_SKIP() << "needs pulseaudio, pulseaudio-utils and libasound2-plugins";
    }
    const std::string run = dir_.file("run");
    fs::create_directories(run);
    fs::permissions(run, fs::perms::owner_all, fs::perm_options::replace);
    env_ = {{"HOME", dir_.path()},
            {"XDG_STATE_HOME", dir_.file("state")},
            {"XDG_CONFIG_HOME", dir_.file("config")},
            {"XDG_RUNTIME_DIR", run},
            {"PULSE_RUNTIME_PATH", run},
            {"PULSE_SERVER", "unix:" + run + "/native"}};
    pulse_ =
        spawn({"pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
               "--load=module-null-sink sink_name=vm rate=22050 channels=1",
               "--load=module-native-protocol-unix socket=" + run + "/native"},
              env_, -1, -1, dir_.file("pulse.log"));
    ProcessOptions options;
    options.env = env_;
    options.timeout_seconds = 5;
    bool up = false;
    for (int i = 0; i < 200 && !up; ++i) {
      up = run_process({"/bin/sh", "-c", "pactl info"}, options).exit_code == 0;
      if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(up) << read_file(dir_.file("pulse.log"));
    // ALSA's default device -> the pulse plugin -> the daemon above.
    dir_.write(".asoundrc", "pcm.!default { type pulse }\nctl.!default { type pulse }\n");
    doc_ = dir_.write("doc.md", "# Long\n\n" + std::string(200, ' ') +
                                    "This sentence is spoken while the test stops voxmark. "
                                    "And this one too, with some more words in it. "
                                    "A third sentence, so that there is always audio queued. "
                                    "A fourth one, longer, to keep the device busy for a while. "
                                    "And a last one, at the end of the document.\n");
  }
  void TearDown() override {
    if (pulse_ > 0) {
      ::kill(pulse_, SIGTERM);
      ::waitpid(pulse_, nullptr, 0);
    }
  }

  // One `voxmark play --events json --verbose` session, driven through its stdin.
  struct Session {
    pid_t pid = -1;
    int in = -1, out = -1;
    std::string err_path;
    EventReader reader;

    // Reads events until one named `name` arrives (returned) or `timeout_s` passes.
    std::optional<nlohmann::json> until(const std::string& name, double timeout_s) {
      return reader.until(
          out, [&](const nlohmann::json& e) { return e["event"] == name; },
          std::chrono::milliseconds(static_cast<long>(timeout_s * 1000)));
    }
    // Sends quit and waits (30 s at most) for the exit code.
    int quit() {
      const std::string line = "quit\n";
      if (::write(in, line.data(), line.size()) < 0) return -1;
      return wait_exit();
    }
    // Closes voxmark's input and waits (30 s at most) for its exit code.
    int wait_exit() {
      ::close(in);
      in = -1;
      const auto deadline = Clock::now() + std::chrono::seconds(30);
      while (Clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          pid = -1;
          return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        until("", 0.01);  // keep the pipe drained
      }
      return -1;
    }
    ~Session() {
      if (pid > 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
      if (in >= 0) ::close(in);
      if (out >= 0) ::close(out);
    }
  };

  std::unique_ptr<Session> start(const std::string& name,
                                 const std::vector<std::string>& more_args = {}) {
    auto s = std::make_unique<Session>();
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return nullptr;
    s->err_path = dir_.file(name + ".err");
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args{voxmark_binary(), "play", doc_, "--events", "json", "--verbose"};
    args.insert(args.end(), more_args.begin(), more_args.end());
    s->pid = spawn(args, env_, in[0], out[1], s->err_path);
    ::close(in[0]);
    ::close(out[1]);
    s->in = in[1];
    s->out = out[0];
    return s;
  }

  // How many underruns the --verbose summary line of `err` counts (-1: no such line).
  static int underruns_in(const std::string& err) {
    std::smatch m;
    if (!std::regex_search(err, m, std::regex("audio: ([0-9]+) underruns"))) return -1;
    return std::stoi(m[1]);
  }

  // The device latency, in ms, that a --verbose line of `err` names after `prefix`.
  static std::optional<double> latency_after(const std::string& err, const std::string& prefix) {
    std::smatch m;
    if (!std::regex_search(err, m, std::regex(prefix + "([0-9.]+) ms"))) return std::nullopt;
    return std::stod(m[1]);
  }

  TempDir dir_;
  std::map<std::string, std::string> env_;
  std::string doc_;
  pid_t pulse_ = -1;
};

TEST_F(Underrun, IsReportedAndTheLargerBufferIsKeptForTheNextSession) {
  auto first = start("first");
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->until("sentence", 30)) << read_file(first->err_path);
  // Stopped for half a second, voxmark's audio thread cannot refill the device, whose clock
  // goes on: a real underrun. Tried a few times (a busy machine may hide one in its slack).
  std::optional<nlohmann::json> underrun;
  for (int attempt = 0; attempt < 5 && !underrun; ++attempt) {
    ::kill(first->pid, SIGSTOP);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::kill(first->pid, SIGCONT);
    underrun = first->until("underrun", 1.5);
  }
  ASSERT_TRUE(underrun) << "no underrun event after five stops of 0.5 s; stderr:\n"
                        << read_file(first->err_path);
  EXPECT_EQ((*underrun)["count"], 1);
  const double raised_ms = (*underrun)["latency_ms"].get<double>();
  // From the 50 ms the device starts at (at least), doubled.
  EXPECT_GE(raised_ms, 90.0);
  EXPECT_EQ(first->quit(), 0);
  const std::string first_err = read_file(first->err_path);
  EXPECT_NE(first_err.find("voxmark: audio underrun 1 (the device ran dry)"), std::string::npos)
      << first_err;

  // Kept per device in the state folder...
  const auto saved = nlohmann::json::parse(read_file(dir_.file("state/voxmark/devices.json")));
  ASSERT_EQ(saved.size(), 1u) << saved.dump();
  EXPECT_NEAR(saved.begin().value()["latency_ms"].get<double>(), raised_ms, 0.1);

  // ... and the next session on that device starts with it, and plays with it.
  auto second = start("second");
  ASSERT_TRUE(second);
  ASSERT_TRUE(second->until("sentence", 30)) << read_file(second->err_path);
  EXPECT_EQ(second->quit(), 0);
  const std::string second_err = read_file(second->err_path);
  const auto learned = latency_after(second_err, "device latency ");
  ASSERT_TRUE(learned) << second_err;
  EXPECT_NEAR(*learned, raised_ms, 1.0) << second_err;
  EXPECT_NE(second_err.find("learned from earlier underruns"), std::string::npos) << second_err;
  const auto played_with = latency_after(second_err, "underruns; device latency ");
  ASSERT_TRUE(played_with) << second_err;
  EXPECT_GE(*played_with, 0.9 * raised_ms) << second_err;
}

}  // namespace
}  // namespace voxmark::test

namespace voxmark::test {
namespace {

// Records the device's monitor with parec: when each read arrived, and whether it held sound.
class MonitorRecorder {
 public:
  MonitorRecorder(const std::map<std::string, std::string>& env, const std::string& err_path) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    pid_ = spawn({"parec", "-d", "vm.monitor", "--latency-msec=10", "--raw", "--format=s16le",
                  "--rate=22050", "--channels=1"},
                 env, -1, out[1], err_path);
    ::close(out[1]);
    fd_ = out[0];
    thread_ = std::thread([this] {
      std::vector<std::int16_t> samples(1024);
      std::uint64_t total = 0;  // samples read before this read
      std::size_t carry = 0;    // a byte of a sample split between reads
      for (;;) {
        const ssize_t n = ::read(fd_, reinterpret_cast<char*>(samples.data()) + carry,
                                 samples.size() * 2 - carry);
        if (n <= 0) return;
        const std::size_t bytes = carry + static_cast<std::size_t>(n);
        const std::size_t count = bytes / 2;
        Read read{Clock::now(), total, count, std::nullopt, std::nullopt};
        for (std::size_t i = 0; i < count; ++i) {
          if (samples[i] == 0) continue;
          if (!read.first_sound) read.first_sound = total + i;
          read.last_sound = total + i;
        }
        total += count;
        carry = bytes % 2;
        if (carry)
          std::memcpy(samples.data(), reinterpret_cast<char*>(samples.data()) + bytes - 1, 1);
        std::lock_guard guard(mutex_);
        reads_.push_back(read);
      }
    });
  }
  ~MonitorRecorder() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
  }
  // The last read that held sound in [from, to), in ms after `from`; nothing if none did.
  std::optional<double> last_sound_ms(Clock::time_point from, Clock::time_point to) {
    std::lock_guard guard(mutex_);
    std::optional<double> last;
    for (const Read& r : reads_) {
      if (r.first_sound && r.at >= from && r.at < to) {
        last = std::chrono::duration<double, std::milli>(r.at - from).count();
      }
    }
    return last;
  }
  // The first read that held sound at or after `from`, in ms after it.
  std::optional<double> first_sound_ms(Clock::time_point from) {
    std::lock_guard guard(mutex_);
    for (const Read& r : reads_) {
      if (r.first_sound && r.at >= from) {
        return std::chrono::duration<double, std::milli>(r.at - from).count();
      }
    }
    return std::nullopt;
  }
  // The monitor's first and last sample with sound among the reads in [from, to), counted in
  // samples of the monitor's stream (which runs on the device's clock, silence included).
  std::optional<std::pair<std::uint64_t, std::uint64_t>> sound_span(Clock::time_point from,
                                                                    Clock::time_point to) {
    std::lock_guard guard(mutex_);
    std::optional<std::pair<std::uint64_t, std::uint64_t>> span;
    for (const Read& r : reads_) {
      if (!r.first_sound || r.at < from || r.at >= to) continue;
      if (!span) span = {*r.first_sound, *r.last_sound};
      span->second = *r.last_sound;
    }
    return span;
  }
  // The monitor's sample that was being read at `at` (the end of the first read after it).
  std::optional<std::uint64_t> sample_at(Clock::time_point at) {
    std::lock_guard guard(mutex_);
    for (const Read& r : reads_) {
      if (r.at >= at) return r.first_sample + r.count;
    }
    return std::nullopt;
  }
  bool receiving() {
    std::lock_guard guard(mutex_);
    return !reads_.empty();
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::thread thread_;
  struct Read {
    Clock::time_point at;                      // when the read returned
    std::uint64_t first_sample = 0;            // of the stream, counted from the recorder's start
    std::size_t count = 0;                     // samples
    std::optional<std::uint64_t> first_sound;  // stream sample index of its first non-zero one
    std::optional<std::uint64_t> last_sound;
  };
  std::mutex mutex_;
  std::vector<Read> reads_;
};

// The same private PulseAudio device, for what its real clock shows besides underruns.
class PulseDevice : public Underrun {
 protected:
  static constexpr double kRate = 22050;

  // What a session played to the document's end shows.
  struct Played {
    double span_samples = 0;        // the monitor's first sound to its last
    std::uint64_t first_sound = 0;  // the monitor's stream sample where it began
    std::vector<nlohmann::json> events;
  };
  // Sends a line to the session's stdin, and returns when it was sent.
  static std::optional<Clock::time_point> send(Session& session, const std::string& line) {
    const auto at = Clock::now();
    if (::write(session.in, line.data(), line.size()) != ssize_t(line.size())) return std::nullopt;
    return at;
  }
  // Starts a session that records its events, calls on_event with each (which may send
  // commands; false gives up), and waits for the document's end. A session with a dropout (on
  // a loaded machine), whose silence would lengthen the span, is played again, up to 3 times.
  std::optional<Played> play_to_end(
      MonitorRecorder& monitor, const std::string& name, const std::vector<std::string>& args,
      const std::function<bool(const nlohmann::json&, Session&)>& on_event) {
    std::optional<Played> played;
    for (int attempt = 0; attempt < 3; ++attempt) {
      fs::remove(dir_.file(name + ".err"));
      played = play_once(monitor, name, args, on_event);
      if (!played || underruns_in(read_file(dir_.file(name + ".err"))) == 0) break;
    }
    return played;
  }
  std::optional<Played> play_once(
      MonitorRecorder& monitor, const std::string& name, const std::vector<std::string>& args,
      const std::function<bool(const nlohmann::json&, Session&)>& on_event) {
    Played p;
    const auto began = Clock::now();
    auto session = start(name, args);
    if (!session) return std::nullopt;
    for (;;) {
      const auto e = session->reader.until(
          session->out, [](const nlohmann::json&) { return true; }, std::chrono::seconds(30));
      if (!e) return std::nullopt;
      p.events.push_back(*e);
      if (!on_event(*e, *session)) return std::nullopt;
      if ((*e)["event"] == "finished") break;
    }
    if (session->wait_exit() != 0) return std::nullopt;  // after the device's last audio
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto span = monitor.sound_span(began, Clock::now());
    if (!span) return std::nullopt;
    p.first_sound = span->first;
    p.span_samples = double(span->second - span->first);
    return p;
  }
  // The monitor's stream samples from a session's first sound to `at`.
  std::optional<double> samples_until(MonitorRecorder& monitor, const Played& p,
                                      Clock::time_point at) {
    const auto sample = monitor.sample_at(at);
    if (!sample) return std::nullopt;
    return double(*sample) - double(p.first_sound);
  }
  // The device is given a 400 ms buffer, as if learned from earlier underruns, and a recorder
  // is on its monitor. The null sink may be in one of its up-to-2 s blocks when the recorder
  // connects (nothing asked it for low latency before): its first data can take that long.
  std::unique_ptr<MonitorRecorder> large_buffer_and_recorder() {
    dir_.write("state/voxmark/devices.json",
               R"j({"default (ALSA)": {"latency_ms": 400.0, "saved_unix_s": 0}})j");
    auto monitor = std::make_unique<MonitorRecorder>(env_, dir_.file("parec.err"));
    for (int i = 0; i < 500 && !monitor->receiving(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return monitor->receiving() ? std::move(monitor) : nullptr;
  }
  static double ms(double samples) { return samples / kRate * 1000; }
};

// A jump is heard at once, not after what the device had queued: the device's buffer is
// dropped (docs/architecture.md, Playback). The device is given a 400 ms buffer, learned as if
// from earlier underruns, and each command is sent while it is full. A jump's latency (when
// voxmark's sink says its first sample is heard, on the device's clock) must be well under
// that buffer; and after a pause and a jump sent together, the monitor must go quiet within a
// few tens of ms, where without the drop the old sentence would go on for those 400 ms. The
// resume after it is heard at once too: while paused the device holds little silence.
TEST_F(PulseDevice, AJumpDropsWhatTheDeviceQueuedAndIsHeardAtOnce) {
  dir_.write("state/voxmark/devices.json",
             R"j({"default (ALSA)": {"latency_ms": 400.0, "saved_unix_s": 0}})j");
  MonitorRecorder monitor(env_, dir_.file("parec.err"));
  // The null sink may be in one of its up-to-2 s blocks when the recorder connects (nothing
  // asked it for low latency before): its first data can take that long.
  for (int i = 0; i < 500 && !monitor.receiving(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(monitor.receiving()) << read_file(dir_.file("parec.err"));
  std::string text = "# Jumps\n\n";
  for (int i = 1; i <= 12; ++i) {
    text += "Sentence " + std::to_string(i) +
            " is long enough that the device is always full of it while the test jumps. ";
  }
  doc_ = dir_.write("jumps.md", text + "\n");
  auto session = start("jump");
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->until("sentence", 30)) << read_file(session->err_path);
  std::vector<double> latencies_ms, heard_after_ms, resume_latencies_ms, resume_heard_ms;
  const auto send = [&](const std::string& commands) {
    return ::write(session->in, commands.data(), commands.size()) ==
           static_cast<ssize_t>(commands.size());
  };
  for (int i = 0; i < 3; ++i) {
    // A jump while playing: when its first sample is heard, by the sink's clock.
    std::this_thread::sleep_for(std::chrono::milliseconds(800));  // the device buffer fills
    ASSERT_TRUE(send("next\n"));
    const auto jump = session->until("jump", 10);
    ASSERT_TRUE(jump) << read_file(session->err_path);
    latencies_ms.push_back((*jump)["latency_ms"].get<double>());
    // A pause and a jump together: the jump drops what the device holds, so the monitor goes
    // quiet at once; without the drop the old sentence goes on for the device's buffer.
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    const auto sent = Clock::now();
    ASSERT_TRUE(send("toggle\nnext\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    heard_after_ms.push_back(
        monitor.last_sound_ms(sent, sent + std::chrono::milliseconds(1200)).value_or(0.0));
    // Resuming: while paused the device is kept nearly empty, so the sentence is not queued
    // behind a device buffer of silence.
    const auto resume_sent = Clock::now();
    ASSERT_TRUE(send("toggle\n"));
    const auto resumed = session->until("resumed", 10);
    ASSERT_TRUE(resumed) << read_file(session->err_path);
    resume_latencies_ms.push_back((*resumed)["latency_ms"].get<double>());
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    resume_heard_ms.push_back(monitor.first_sound_ms(resume_sent).value_or(1e9));
  }
  EXPECT_EQ(session->quit(), 0);
  const std::string err = read_file(session->err_path);
  const auto device_ms = latency_after(err, "underruns; device latency ");
  ASSERT_TRUE(device_ms) << err;
  EXPECT_GE(*device_ms, 350.0) << "the learned buffer was not used:\n" << err;
  for (int i = 0; i < 3; ++i) {
    EXPECT_LT(heard_after_ms[i], *device_ms / 2)
        << "jump " << i + 1 << ": sound went on for the device's queue; device latency "
        << *device_ms << " ms";
    EXPECT_LT(latencies_ms[i], *device_ms / 2)
        << "jump " << i + 1 << ": the jump waited for the device's queue";
    EXPECT_LT(resume_latencies_ms[i], *device_ms / 2)
        << "resume " << i + 1 << ": queued behind the device's silence";
    EXPECT_LT(resume_heard_ms[i], *device_ms / 2)
        << "resume " << i + 1 << ": heard only after the device's silence";
  }
}

// A speed change is heard at once and goes on from the point being heard: the audio the device
// holds (400 ms, as if learned from underruns) was stretched at the old speed, so it is dropped
// and stretched again (docs/architecture.md, Playback). Three things a listener would notice:
// - the change waits for the device's buffer: its latency must be well under it;
// - speech is skipped or said twice: the sound played from the first sample to the last must
//   last as long as the part heard at 1x plus the rest at 2x, which a session played at 2x
//   throughout tells (the 400 ms buffer skipped would make it 200 ms shorter);
// - a sentence is announced twice: the change is sent right after a sentence event, when the
//   device still holds that sentence's start, so it is fed again; its event must not repeat.
TEST_F(PulseDevice, ASpeedChangeIsHeardAtOnceAndGoesOnFromThePointHeard) {
  const auto monitor = large_buffer_and_recorder();
  ASSERT_TRUE(monitor) << read_file(dir_.file("parec.err"));
  doc_ = dir_.write("speed.md",
                    "A first sentence, heard at the normal speed for a few seconds or so. "
                    "The second one, after which the listener asks for double speed. "
                    "A third sentence, which is heard at double speed from its start. "
                    "And a fourth and last one, to have some more audio after the change.\n");
  std::optional<Clock::time_point> sent;
  std::optional<double> latency_ms;
  const auto changed =
      play_to_end(*monitor, "change", {}, [&](const nlohmann::json& e, Session& session) {
        if (e["event"] == "sentence" && e["index"] == 2) sent = send(session, "speed 2\n");
        if (e["event"] == "speed") latency_ms = e["latency_ms"].get<double>();
        return true;
      });
  ASSERT_TRUE(changed) << read_file(dir_.file("change.err"));
  const auto fast = play_to_end(*monitor, "fast", {"--speed", "2"},
                                [](const nlohmann::json&, Session&) { return true; });
  ASSERT_TRUE(fast) << read_file(dir_.file("fast.err"));
  const std::string err = read_file(dir_.file("change.err"));
  const auto device_ms = latency_after(err, "underruns; device latency ");
  ASSERT_TRUE(device_ms) << err;
  EXPECT_GE(*device_ms, 350.0) << "the learned buffer was not used:\n" << err;
  ASSERT_TRUE(sent && latency_ms) << "no speed event";
  EXPECT_LT(*latency_ms, *device_ms / 2) << "the speed change waited for the device";

  // Heard at 1x up to the change, the rest at 2x: the 2x session's span plus half the part
  // heard before the change. A cut only adds (the device's restart is a few ms of silence, and
  // up to 10 ms are said again; on this null sink the spans also vary by some tens of ms), so
  // the window is 100 ms under and 150 over: the 400 ms buffer skipped would be 200 ms under.
  const auto before_change = samples_until(
      *monitor, *changed, *sent + std::chrono::microseconds(long(*latency_ms * 1000)));
  ASSERT_TRUE(before_change);
  const double expected = fast->span_samples + *before_change / 2;
  std::printf("speed change: latency %.1f ms; sound %.0f ms, expected %.0f ms\n", *latency_ms,
              ms(changed->span_samples), ms(expected));
  EXPECT_GT(ms(changed->span_samples), ms(expected) - 100.0) << "speech skipped";
  EXPECT_LT(ms(changed->span_samples), ms(expected) + 150.0)
      << "2x throughout " << ms(fast->span_samples) << " ms; heard at 1x before the change "
      << ms(*before_change) << " ms";

  std::vector<int> sentences;
  for (const auto& e : changed->events) {
    if (e["event"] == "sentence") sentences.push_back(e["index"].get<int>());
  }
  EXPECT_EQ(sentences, (std::vector<int>{1, 2, 3, 4})) << "each sentence is announced once";
}

// A pause is heard at once: the device drops what it holds (400 ms here, as if learned from
// underruns) and the fade-out starts where the listener is. Nothing is lost: on resume the
// ring is read again from there, so the session's sound lasts as long as the same document
// played without a pause, plus the pause (the 400 ms buffer dropped for good would be 400 ms
// shorter; the window is 100 ms under and 200 over, as the resume's start on this null sink
// varies by some tens of ms and only ever adds).
TEST_F(PulseDevice, APauseIsHeardAtOnceAndResumesWhereTheListenerWas) {
  const auto monitor = large_buffer_and_recorder();
  ASSERT_TRUE(monitor) << read_file(dir_.file("parec.err"));
  doc_ = dir_.write("pause.md",
                    "A first sentence, long enough to be paused in the middle of it, with "
                    "some more words after the place where the pause comes. "
                    "And a second one, which ends the document.\n");
  std::optional<Clock::time_point> paused_sent, resumed_sent;
  std::optional<double> paused_ms, resumed_ms, sound_before_pause_ms, sound_after_pause_ms;
  const auto paused =
      play_to_end(*monitor, "pause", {}, [&](const nlohmann::json& e, Session& session) {
        if (e["event"] == "sentence" && e["index"] == 1) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // well inside it
          paused_sent = send(session, "pause\n");
          std::this_thread::sleep_for(std::chrono::milliseconds(1500));
          sound_before_pause_ms =
              monitor->last_sound_ms(*paused_sent - std::chrono::milliseconds(100), *paused_sent);
          // No sound from the first read after the command on: 0.
          sound_after_pause_ms =
              monitor->last_sound_ms(*paused_sent, *paused_sent + std::chrono::milliseconds(1500))
                  .value_or(0.0);
          resumed_sent = send(session, "resume\n");
        }
        if (e["event"] == "paused") paused_ms = e["latency_ms"].get<double>();
        if (e["event"] == "resumed") resumed_ms = e["latency_ms"].get<double>();
        return true;
      });
  ASSERT_TRUE(paused) << read_file(dir_.file("pause.err"));
  const auto plain =
      play_to_end(*monitor, "plain", {}, [](const nlohmann::json&, Session&) { return true; });
  ASSERT_TRUE(plain) << read_file(dir_.file("plain.err"));
  const std::string err = read_file(dir_.file("pause.err"));
  const auto device_ms = latency_after(err, "underruns; device latency ");
  ASSERT_TRUE(device_ms) << err;
  EXPECT_GE(*device_ms, 350.0) << "the learned buffer was not used:\n" << err;
  ASSERT_TRUE(paused_sent && resumed_sent && paused_ms && resumed_ms) << "no pause or resume";
  EXPECT_LT(*paused_ms, *device_ms / 2) << "the pause waited for the device";
  ASSERT_TRUE(sound_before_pause_ms) << "the pause came in a silence";
  EXPECT_LT(*sound_after_pause_ms, *device_ms / 2) << "sound went on for the device's queue";

  const auto pause_heard = samples_until(
      *monitor, *paused, *paused_sent + std::chrono::microseconds(long(*paused_ms * 1000)));
  const auto resume_heard = samples_until(
      *monitor, *paused, *resumed_sent + std::chrono::microseconds(long(*resumed_ms * 1000)));
  ASSERT_TRUE(pause_heard && resume_heard);
  const double expected = plain->span_samples + (*resume_heard - *pause_heard);
  std::printf("pause: latency %.1f ms, sound until %.1f ms; sound %.0f ms, expected %.0f ms\n",
              *paused_ms, *sound_after_pause_ms, ms(paused->span_samples), ms(expected));
  EXPECT_GT(ms(paused->span_samples), ms(expected) - 100.0) << "speech lost";
  EXPECT_LT(ms(paused->span_samples), ms(expected) + 200.0)
      << "without the pause " << ms(plain->span_samples) << " ms; paused for "
      << ms(*resume_heard - *pause_heard) << " ms";
}

// Sentence events come when a sentence's first sample is handed to the device, so with a
// 400 ms buffer the event for sentence 2 arrives while the listener still hears the end of
// sentence 1. A pause sent then drops the device's queue: the listener stopped in sentence 1,
// so that is what the `paused` event, the `stopped` event on quit and the saved place say.
TEST_F(PulseDevice, APauseRightAfterASentenceEventKeepsTheSentenceTheListenerIsIn) {
  const auto monitor = large_buffer_and_recorder();
  ASSERT_TRUE(monitor) << read_file(dir_.file("parec.err"));
  doc_ = dir_.write("early.md",
                    "A first sentence that is heard to its very end. A second sentence, "
                    "whose event comes before it is heard. A third one, never reached.\n");
  auto session = start("early");
  ASSERT_TRUE(session);
  const auto second = session->reader.until(
      session->out,
      [](const nlohmann::json& e) { return e["event"] == "sentence" && e["index"] == 2; },
      std::chrono::seconds(30));
  ASSERT_TRUE(second) << read_file(session->err_path);
  ASSERT_TRUE(send(*session, "pause\n"));
  const auto paused = session->until("paused", 10);
  ASSERT_TRUE(paused) << read_file(session->err_path);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(send(*session, "quit\n"));
  const auto stopped = session->until("stopped", 10);
  ASSERT_TRUE(stopped) << read_file(session->err_path);
  EXPECT_EQ(session->wait_exit(), 0);
  EXPECT_EQ((*paused)["sentence"], 1) << paused->dump();
  EXPECT_EQ((*stopped)["sentence"], 1) << stopped->dump();
}

}  // namespace
}  // namespace voxmark::test
