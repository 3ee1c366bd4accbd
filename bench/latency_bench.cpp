// voxmark_latency_bench: how long a listener waits, measured from outside the program.
//
//   voxmark_latency_bench --voxmark PATH --sink SINK [--monitor SOURCE] [--doc FILE]
//                         [--launches N] [--commands N] [--seed N] [--raw FILE] [--log FILE]
//
// Runs `voxmark play [FILE] --sink SINK --events json` with commands on its standard input
// (as scripts and other assistive tools drive it) and measures:
// - launch: from just before fork() to the first `sentence` event read on the pipe, N times
//   (a fresh process each time; `quit` once the first sentence is heard). The event's own
//   t_ms counts from when the player started, so (arrival - launch - t_ms) is the start-up
//   before the player (document, voice, speech process, audio device).
// - navigation: N jumps (next, prev, next-block, goto-sentence R, in turn) sent while
//   speaking, a random 250-650 ms apart, each after the previous one was answered.
// - speed: N speed commands (speed 1.5, speed 1, faster, slower, speed 2, normal-speed).
// - resume: N times `pause` while sound is heard, silence, then `resume`.
// For each command: voxmark's own `latency_ms` (command received -> its first audio at the
// device, on the sink's clock) and the driver's view (line written -> event read; `jump` and
// `speed` events come when the audio callback has taken the command's first sample).
//
// With --monitor SOURCE (a PulseAudio monitor, e.g. vm.monitor), the driver also records that
// source with `parec` (10 ms fragments) and times the first non-zero sample the sink mixed
// after each launch and each resume, and the first sound after each jump that follows at
// least 2 ms of digital silence (the old sentence is cut and the device restarted, the new one
// starts from eSpeak NG's leading silence): audio as it left the sound server, independent of what
// voxmark reports. A jump whose cut has no such silence is found at the next pause instead (a high
// outlier, counted in the row). The sink's own mix-ahead S comes from `pactl list sinks`. A
// speed change cuts the same way (the device's queue is dropped and the rest of the sentence
// stretched again), so it is timed at the monitor likewise, and also as voxmark's own
// latency_ms (the sink's clock; resume, where both are measured, shows how close that is to
// the monitor) + S.
// docs/performance.md explains the method.
//
// Prints a table of medians and 90th percentiles; with --raw, every measurement as TSV.
// A benchmark: it measures and prints; it asserts nothing.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
double now_s() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }
void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "voxmark_latency_bench: %s\n", message.c_str());
  std::exit(1);
}

// A child process with pipes to its standard input and output.
struct Child {
  pid_t pid = -1;
  int in = -1;   // we write its standard input
  int out = -1;  // we read its standard output
};

Child spawn(const std::vector<std::string>& args, const std::string& stderr_path) {
  int to_child[2], from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0) die("pipe failed");
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) die("fork failed");
  if (pid == 0) {
    dup2(to_child[0], STDIN_FILENO);
    dup2(from_child[1], STDOUT_FILENO);
    const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err >= 0) dup2(err, STDERR_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  return {pid, to_child[1], from_child[0]};
}

// One line of output with the time it was read.
struct Line {
  double arrival_s = 0;
  std::string text;
};

// Reads a child's standard output on its own thread, stamping each line as it arrives.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd), thread_([this] { run(); }) {}
  ~LineReader() {
    if (thread_.joinable()) thread_.join();
  }

  // The next line, or nothing at end of output or after `timeout_s`.
  std::optional<Line> next(double timeout_s) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::duration<double>(timeout_s),
                   [&] { return !lines_.empty() || eof_; });
    if (lines_.empty()) return std::nullopt;
    Line line = std::move(lines_.front());
    lines_.pop_front();
    return line;
  }

 private:
  void run() {
    std::string pending;
    char buffer[65536];
    for (;;) {
      const ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      const double arrival = now_s();
      pending.append(buffer, static_cast<std::size_t>(n));
      std::size_t newline;
      while ((newline = pending.find('\n')) != std::string::npos) {
        std::lock_guard guard(mutex_);
        lines_.push_back({arrival, pending.substr(0, newline)});
        pending.erase(0, newline + 1);
        wake_.notify_all();
      }
    }
    std::lock_guard guard(mutex_);
    eof_ = true;
    wake_.notify_all();
  }

  int fd_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Line> lines_;
  bool eof_ = false;
  std::thread thread_;
};

// Records a PulseAudio monitor source with parec and notes each onset: the first non-zero
// sample after at least 100 ms of digital silence, timed by the arrival of the fragment that
// holds it. The null sink mixes ("renders") its inputs in passes, each when its timer reaches
// the first sample of the pass, up to one block (about 10 ms here, the monitor's fragment)
// ahead of the sample's nominal play time; the monitor receives each pass at once. So an
// onset's arrival is when the sink mixed it: the earliest it can be heard. PulseAudio's own
// figure for what the sink holds rendered ahead ("sink latency", sampled with pactl) is
// reported beside it.
class Monitor {
 public:
  Monitor(const std::string& source, int rate, const std::string& stderr_path) : rate_(rate) {
    child_ = spawn({"parec", "-d", source, "--latency-msec=10", "--raw", "--format=s16le",
                    "--rate=" + std::to_string(rate), "--channels=1"},
                   stderr_path);
    thread_ = std::thread([this] { run(); });
  }
  ~Monitor() {
    kill(child_.pid, SIGTERM);
    if (thread_.joinable()) thread_.join();
    close(child_.out);
    close(child_.in);
    waitpid(child_.pid, nullptr, 0);
  }

  // When the sink mixed the first onset after `after_s`, waiting up to `timeout_s`.
  std::optional<double> onset_after(double after_s, double timeout_s) {
    return first_after(onsets_, after_s, timeout_s);
  }

  // When the sink mixed the first sound after `after_s` that follows at least 2 ms of digital
  // silence (a jump: the old sentence cut, the new one's leading silence), waiting up to
  // `timeout_s`.
  std::optional<double> gap_onset_after(double after_s, double timeout_s) {
    return first_after(gap_onsets_, after_s, timeout_s);
  }

  // Waits until the monitor has heard `quiet_s` of digital silence (at most `timeout_s`).
  bool wait_quiet(double quiet_s, double timeout_s) {
    const double deadline = now_s() + timeout_s;
    while (now_s() < deadline) {
      {
        std::lock_guard guard(mutex_);
        if (zero_run_ >= static_cast<std::uint64_t>(quiet_s * rate_)) return true;
      }
      sleep_s(0.01);
    }
    return false;
  }

  bool receiving() {
    std::lock_guard guard(mutex_);
    return samples_ > 0;
  }

  // How long the monitor has heard nothing but zeros, up to the last fragment.
  double silent_s() {
    std::lock_guard guard(mutex_);
    return static_cast<double>(zero_run_) / rate_;
  }

 private:
  // The first of `times` (arrival times, filled by run()) at or after `after_s`.
  std::optional<double> first_after(const std::vector<double>& times, double after_s,
                                    double timeout_s) {
    const double deadline = now_s() + timeout_s;
    for (;;) {
      {
        std::lock_guard guard(mutex_);
        for (const double t : times) {
          if (t >= after_s) return t;
        }
      }
      if (now_s() > deadline) return std::nullopt;
      sleep_s(0.002);
    }
  }

  void run() {
    std::vector<char> buffer(8192);
    std::size_t carry = 0;  // an odd byte left from the last read
    for (;;) {
      const ssize_t n = read(child_.out, buffer.data() + carry, buffer.size() - carry);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      const double arrival = now_s();
      const std::size_t bytes = carry + static_cast<std::size_t>(n);
      const std::size_t count = bytes / 2;
      std::lock_guard guard(mutex_);
      for (std::size_t i = 0; i < count; ++i) {
        std::int16_t s;
        std::memcpy(&s, buffer.data() + 2 * i, 2);
        if (s == 0) {
          ++zero_run_;
          continue;
        }
        if (zero_run_ >= static_cast<std::uint64_t>(rate_ / 10)) onsets_.push_back(arrival);
        if (zero_run_ >= static_cast<std::uint64_t>(rate_ / 500)) gap_onsets_.push_back(arrival);
        zero_run_ = 0;
      }
      samples_ += count;
      carry = bytes % 2;
      if (carry) buffer[0] = buffer[bytes - 1];
    }
  }

  int rate_;
  Child child_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<double> onsets_;      // arrival times, after 100 ms of silence
  std::vector<double> gap_onsets_;  // arrival times, after 2 ms of silence
  std::uint64_t zero_run_ = 0;
  std::uint64_t samples_ = 0;
};

// PulseAudio's figure for the audio its sinks hold mixed ahead ("Latency: N usec" of the first
// sink in `pactl list sinks`), in ms; NAN when pactl says nothing.
double pulse_sink_latency_ms() {
  FILE* p = popen("pactl list sinks 2>/dev/null", "r");
  if (!p) return NAN;
  char line[512];
  double ms = NAN;
  while (std::fgets(line, sizeof line, p)) {
    const char* at = std::strstr(line, "\tLatency: ");
    if (at && std::isnan(ms)) ms = std::atof(at + 10) / 1000.0;
  }
  pclose(p);
  return ms;
}

struct Options {
  std::string voxmark;
  std::string sink = "null-realtime";
  std::string monitor;
  std::string doc;
  int launches = 50;
  int commands = 50;
  unsigned seed = 1;
  std::string raw;
  std::string log = "/dev/null";
};

std::vector<std::string> play_args(const Options& o) {
  std::vector<std::string> args{o.voxmark, "play"};
  if (!o.doc.empty()) args.push_back(o.doc);
  args.insert(args.end(), {"--sink", o.sink, "--events", "json"});
  return args;
}

// A running `voxmark play` that we talk to.
class Player {
 public:
  explicit Player(const Options& o)
      : launch_s_(now_s()), child_(spawn(play_args(o), o.log)), reader_(child_.out) {}
  ~Player() { finish(); }

  double launch_s() const { return launch_s_; }

  // The next event (parsed) with its arrival time; nothing at end or timeout.
  std::optional<std::pair<double, nlohmann::json>> event(double timeout_s) {
    for (;;) {
      auto line = reader_.next(timeout_s);
      if (!line) return std::nullopt;
      auto j = nlohmann::json::parse(line->text, nullptr, false);
      if (j.is_object() && j.contains("event")) return std::make_pair(line->arrival_s, j);
    }
  }

  // Waits for an event of one of `kinds`; other events pass.
  std::optional<std::pair<double, nlohmann::json>> wait_for(const std::vector<std::string>& kinds,
                                                            double timeout_s) {
    const double deadline = now_s() + timeout_s;
    while (now_s() < deadline) {
      auto e = event(deadline - now_s());
      if (!e) return std::nullopt;
      const std::string kind = e->second["event"];
      if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) return e;
      if (kind == "finished") return e;
    }
    return std::nullopt;
  }

  // Writes one command line; returns the time just before the write.
  double send(const std::string& command) {
    const std::string line = command + "\n";
    const double t = now_s();
    if (write(child_.in, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
      die("write to voxmark failed");
    return t;
  }

  void finish() {
    if (child_.pid < 0) return;
    send_quiet("quit\n");
    close(child_.in);
    for (int i = 0; i < 300; ++i) {  // up to 3 s for a clean exit, then stop it
      if (waitpid(child_.pid, nullptr, WNOHANG) == child_.pid) {
        child_.pid = -1;
        break;
      }
      sleep_s(0.01);
    }
    if (child_.pid > 0) {
      kill(child_.pid, SIGKILL);
      waitpid(child_.pid, nullptr, 0);
      child_.pid = -1;
    }
    while (reader_.next(1.0)) {
    }
    close(child_.out);
  }

 private:
  void send_quiet(const std::string& line) {
    [[maybe_unused]] const ssize_t n = write(child_.in, line.data(), line.size());
  }
  double launch_s_;
  Child child_;
  LineReader reader_;
};

struct Stats {
  std::vector<double> values;
  void add(double v) { values.push_back(v); }
  double percentile(double p) const {
    if (values.empty()) return NAN;
    std::vector<double> v = values;
    std::sort(v.begin(), v.end());
    const std::size_t rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::max<std::size_t>(rank, 1) - 1];
  }
  double min() const {
    return values.empty() ? NAN : *std::min_element(values.begin(), values.end());
  }
  double max() const {
    return values.empty() ? NAN : *std::max_element(values.begin(), values.end());
  }
};

void print_row(const std::string& what, const Stats& s) {
  std::printf("  %-62s %4zu %7.1f %7.1f %7.1f %7.1f\n", what.c_str(), s.values.size(),
              s.percentile(50), s.percentile(90), s.min(), s.max());
}

int sentence_count(const Options& o) {
  std::string command = "'" + o.voxmark + "' outline --json";
  if (!o.doc.empty()) command += " '" + o.doc + "'";
  FILE* p = popen(command.c_str(), "r");
  if (!p) die("cannot run voxmark outline");
  std::string text;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) text.append(buffer, n);
  pclose(p);
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("sentences"))
    die("voxmark outline --json gave no sentence count");
  return j["sentences"].get<int>();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--voxmark")
      o.voxmark = value();
    else if (a == "--sink")
      o.sink = value();
    else if (a == "--monitor")
      o.monitor = value();
    else if (a == "--doc")
      o.doc = value();
    else if (a == "--launches")
      o.launches = std::atoi(value().c_str());
    else if (a == "--commands")
      o.commands = std::atoi(value().c_str());
    else if (a == "--seed")
      o.seed = static_cast<unsigned>(std::atoi(value().c_str()));
    else if (a == "--raw")
      o.raw = value();
    else if (a == "--log")
      o.log = value();
    else
      die("unknown argument " + a + " (see the comment at the top of bench/latency_bench.cpp)");
  }
  if (o.voxmark.empty()) die("--voxmark PATH is required");
  signal(SIGPIPE, SIG_IGN);
  std::mt19937 random(o.seed);
  const int sentences = sentence_count(o);
  std::ofstream raw;
  if (!o.raw.empty()) raw.open(o.raw, std::ios::app);
  auto record = [&](const std::string& kind, double value) {
    if (raw)
      raw << o.sink << (o.monitor.empty() ? "" : "+monitor") << '\t' << kind << '\t' << value
          << '\n';
  };

  std::optional<Monitor> monitor;
  if (!o.monitor.empty()) {
    monitor.emplace(o.monitor, 22050, o.log);
    for (int i = 0; i < 200 && !monitor->receiving(); ++i) sleep_s(0.01);
    if (!monitor->receiving()) die("parec gives no audio from " + o.monitor);
  }

  // ---- launch to first audio
  Stats first_event, startup, player_first, at_monitor, launch_device;
  for (int i = 0; i < o.launches; ++i) {
    if (monitor && !monitor->wait_quiet(0.15, 5.0)) die("the monitor never went quiet");
    Player p(o);
    auto e = p.wait_for({"sentence"}, 10.0);
    if (!e || e->second["event"] != "sentence") die("no sentence event after launch (see --log)");
    const double arrival_ms = (e->first - p.launch_s()) * 1000;
    const double t_ms = e->second["t_ms"].get<double>();
    first_event.add(arrival_ms);
    startup.add(arrival_ms - t_ms);
    player_first.add(t_ms);
    record("launch_first_event_ms", arrival_ms);
    record("launch_startup_ms", arrival_ms - t_ms);
    if (monitor) {
      const auto heard = monitor->onset_after(p.launch_s(), 5.0);
      if (!heard) die("the monitor heard nothing after a launch");
      const double heard_ms = (*heard - p.launch_s()) * 1000;
      at_monitor.add(heard_ms);
      launch_device.add(heard_ms - arrival_ms);
      record("launch_at_monitor_ms", heard_ms);
    }
    p.finish();
  }

  // ---- commands while speaking
  auto run_commands = [&](const std::vector<std::string>& cycle, const std::string& answer,
                          Stats& own, Stats& driver, int& ignored, Stats* heard = nullptr) {
    std::optional<Player> p;
    int sent = 0;
    while (static_cast<int>(own.values.size()) < o.commands) {
      if (!p) {
        p.emplace(o);
        if (!p->wait_for({"sentence"}, 10.0)) die("no sentence event after launch (see --log)");
      }
      std::uniform_real_distribution<double> gap(0.25, 0.65);
      sleep_s(gap(random));
      std::string command = cycle[static_cast<std::size_t>(sent++) % cycle.size()];
      if (command == "goto-sentence") {
        std::uniform_int_distribution<int> target(1, sentences);
        command.append(1, ' ').append(std::to_string(target(random)));
      }
      const double written = p->send(command);
      auto e = p->wait_for({answer, "ignored", "error"}, 10.0);
      if (!e) die("no answer to '" + command + "'");
      const std::string kind = e->second["event"];
      if (kind == "finished") {  // the document ended: start again
        p.reset();
        continue;
      }
      if (kind != answer) {
        ++ignored;
        continue;
      }
      const double own_ms = e->second.value("latency_ms", NAN);
      const double driver_ms = (e->first - written) * 1000;
      if (heard && monitor) {
        // The new sentence at the monitor: its first sound after the cut's silence.
        if (const auto onset = monitor->gap_onset_after(written, 2.0)) {
          heard->add((*onset - written) * 1000);
          record(answer + "_at_monitor_ms", (*onset - written) * 1000);
        }
      }
      own.add(own_ms);
      driver.add(driver_ms);
      record(answer + "_latency_ms", own_ms);
      record(answer + "_driver_ms", driver_ms);
    }
  };
  Stats jump_own, jump_driver, jump_heard, speed_own, speed_driver, speed_heard;
  int jump_ignored = 0, speed_ignored = 0;
  run_commands({"next", "prev", "next-block", "goto-sentence"}, "jump", jump_own, jump_driver,
               jump_ignored, &jump_heard);
  run_commands({"speed 1.5", "speed 1", "faster", "slower", "speed 2", "normal-speed"}, "speed",
               speed_own, speed_driver, speed_ignored, &speed_heard);

  // ---- resume after a pause: the one command whose first audio can be found in the
  // recording without doubt (digital silence, then sound). It gives the device latency while
  // playing: the monitor's onset less the `resumed` event's arrival.
  Stats resume_own, resume_driver, resume_heard, steady_device, sink_ahead;
  int resume_skipped = 0;
  {
    std::optional<Player> p;
    std::uniform_real_distribution<double> gap(0.3, 0.8);
    while (static_cast<int>(resume_own.values.size()) < o.commands) {
      if (!p) {
        p.emplace(o);
        if (!p->wait_for({"sentence"}, 10.0)) die("no sentence event after launch (see --log)");
      }
      sleep_s(gap(random));
      // Pause only while sound is heard: resuming inside a pause between sentences would
      // resume silence.
      if (monitor && monitor->silent_s() > 0.005) {
        ++resume_skipped;
        continue;
      }
      p->send("pause");
      auto paused = p->wait_for({"paused"}, 10.0);
      if (!paused) die("no answer to 'pause'");
      if (paused->second["event"] == "finished") {
        p.reset();
        continue;
      }
      if (monitor && !monitor->wait_quiet(0.15, 2.0))
        die("the monitor did not go quiet after pause");
      if (!monitor) sleep_s(0.2);
      const double written = p->send("resume");
      auto resumed = p->wait_for({"resumed"}, 10.0);
      if (!resumed || resumed->second["event"] != "resumed") die("no answer to 'resume'");
      const double own_ms = resumed->second.value("latency_ms", NAN);
      const double driver_ms = (resumed->first - written) * 1000;
      if (monitor) {
        const auto heard = monitor->onset_after(written, 2.0);
        if (!heard) die("the monitor heard nothing after resume");
        const double heard_ms = (*heard - written) * 1000;
        if (heard_ms > 500) {  // resumed into a pause after all: not a measurement
          ++resume_skipped;
          continue;
        }
        resume_heard.add(heard_ms);
        steady_device.add(heard_ms - driver_ms);
        record("resume_at_monitor_ms", heard_ms);
        const double ahead = pulse_sink_latency_ms();
        if (!std::isnan(ahead)) sink_ahead.add(ahead);
      }
      resume_own.add(own_ms);
      resume_driver.add(driver_ms);
      record("resume_latency_ms", own_ms);
      record("resume_driver_ms", driver_ms);
    }
  }
  const double ahead_ms = monitor && !sink_ahead.values.empty() ? sink_ahead.percentile(50) : 0.0;

  auto plus = [](const Stats& s, double add) {
    Stats out;
    for (double v : s.values) out.add(v + add);
    return out;
  };

  std::printf("sink %s%s; document %s (%d sentences)\n", o.sink.c_str(),
              monitor ? (", recorded at " + o.monitor).c_str() : "",
              o.doc.empty() ? "(bundled op-ed)" : o.doc.c_str(), sentences);
  std::printf("  %-62s %4s %7s %7s %7s %7s\n", "milliseconds", "n", "median", "p90", "min", "max");
  if (monitor) {
    std::printf(
        "  what the listener waits for, at the device (+ S: the sink's mix-ahead, median %.1f "
        "ms)\n",
        ahead_ms);
    print_row("launch -> first audio (monitor onset + S)", plus(at_monitor, ahead_ms));
    print_row("navigation -> new sentence (monitor onset after the cut + S)",
              plus(jump_heard, ahead_ms));
    print_row("speed -> changed audio (monitor onset after the cut + S)",
              plus(speed_heard, ahead_ms));
    print_row("speed -> changed audio (voxmark latency_ms + S)", plus(speed_own, ahead_ms));
  } else {
    std::printf("  what the listener waits for (this sink has no device latency)\n");
    print_row("launch -> first audio (first sentence event read)", first_event);
    print_row("navigation -> new sentence (jump event read)", jump_driver);
    print_row("speed -> changed audio (speed event read)", speed_driver);
  }
  std::printf("  how it adds up\n");
  print_row("launch -> first sentence event read", first_event);
  print_row("  launch -> player start (arrival - t_ms)", startup);
  print_row("  player start -> first sentence (t_ms)", player_first);
  if (monitor) {
    print_row("launch -> first sample mixed by the sink (monitor onset)", at_monitor);
    print_row("  sink onset - sentence event read, at launch", launch_device);
  }
  print_row("resume: voxmark latency_ms", resume_own);
  print_row("resume: command written -> resumed event read", resume_driver);
  if (monitor) {
    print_row("resume: command written -> first sample mixed (monitor onset)", resume_heard);
    print_row("  D = monitor onset - resumed event read", steady_device);
    print_row("  S = sink latency (pactl), sampled while playing", sink_ahead);
  }
  if (monitor) print_row("navigation: command written -> new sentence mixed (monitor)", jump_heard);
  print_row("navigation: voxmark latency_ms", jump_own);
  print_row("navigation: command written -> jump event read", jump_driver);
  if (monitor)
    print_row("speed: command written -> cut's first sound mixed (monitor)", speed_heard);
  print_row("speed: voxmark latency_ms", speed_own);
  print_row("speed: command written -> speed event read", speed_driver);
  if (jump_ignored + speed_ignored + resume_skipped > 0) {
    std::printf(
        "  (not counted: %d navigation answered 'ignored', %d speed, %d pause/resume trials in "
        "silence)\n",
        jump_ignored, speed_ignored, resume_skipped);
  }
  return 0;
}
