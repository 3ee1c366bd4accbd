// Sinks without a sound device: a null sink (paced at real time or unpaced) and a file
// sink. Both run the render callback on their own thread, like a device would.
#include <sndfile.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "audio/sink.h"
#include "common/error.h"

namespace voxmark::audio {
namespace {

constexpr double kPeriodSeconds = 0.010;  // 10 ms callbacks, like a low-latency device

class ThreadedSink : public AudioSink {
 public:
  ~ThreadedSink() override { stop(); }

  void start(int sample_rate_hz, RenderCallback render) override {
    rate_ = sample_rate_hz;
    render_ = std::move(render);
    running_ = true;
    thread_ = std::thread([this] { run(); });
  }

  void stop() override {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }

 protected:
  virtual void run() = 0;
  // Atomic: now_s() may run on any thread (sink.h), also while start() sets the rate
  // (ThreadSanitizer caught Player::submit reading it during start()).
  std::atomic<int> rate_{0};
  RenderCallback render_;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

class NullSink final : public ThreadedSink {
 public:
  NullSink(bool paced, double latency_s) : paced_(paced), latency_s_(latency_s) {}

  double now_s() const override {
    if (!paced_) return static_cast<double>(consumed_.load()) / std::max(rate_.load(), 1);
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  double output_latency_s() const override { return latency_s_; }
  std::string description() const override {
    return paced_ ? "null (real time)" : "null (unpaced)";
  }

 private:
  void run() override {
    const int rate = rate_.load();
    const auto period_frames = static_cast<std::size_t>(std::ceil(rate * kPeriodSeconds));
    std::vector<std::int16_t> buffer(period_frames);
    const auto begin = std::chrono::steady_clock::now();
    // Frames are counted against the clock: after period k, exactly round(k * rate * period)
    // frames have been asked for (220 and 221 alternate at 22,050 Hz), so the rate is exact
    // and never drifts (a fixed 220 a period would run 0.23% slow).
    std::uint64_t period = 0, asked = 0;
    while (running_) {
      ++period;
      const auto due = static_cast<std::uint64_t>(
          std::llround(static_cast<double>(period) * rate * kPeriodSeconds));
      const auto frames = static_cast<std::size_t>(paced_ ? due - asked : period_frames);
      asked = due;
      const std::size_t real = render_(buffer.data(), frames, now_s() + latency_s_);
      consumed_ += paced_ ? frames : real;
      if (paced_) {
        std::this_thread::sleep_until(
            begin +
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double>(static_cast<double>(period) * kPeriodSeconds)));
      } else {
        // Unpaced: as fast as the player fills; a short nap when it had nothing.
        if (real < frames) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
  }

  bool paced_;
  double latency_s_;
  std::atomic<std::uint64_t> consumed_{0};
};

class FileSink final : public ThreadedSink {
 public:
  explicit FileSink(std::string path) : path_(std::move(path)) {}
  ~FileSink() override {
    stop();
    if (file_) sf_close(file_);
  }

  void start(int sample_rate_hz, RenderCallback render) override {
    SF_INFO info{};
    info.samplerate = sample_rate_hz;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    file_ = sf_open(path_.c_str(), SFM_WRITE, &info);
    if (!file_) {
      throw Error(ExitCode::cant_create, path_ + ": cannot create (" + sf_strerror(nullptr) + ")");
    }
    ThreadedSink::start(sample_rate_hz, std::move(render));
  }
  double now_s() const override {
    return static_cast<double>(consumed_.load()) / std::max(rate_.load(), 1);
  }
  double output_latency_s() const override { return 0; }
  bool failed() const override { return failed_.load(); }
  std::string description() const override { return "file " + path_; }

 private:
  void run() override {
    const auto frames = static_cast<std::size_t>(rate_.load() * kPeriodSeconds);
    std::vector<std::int16_t> buffer(frames);
    while (running_) {
      const std::size_t real = render_(buffer.data(), frames, now_s());
      // This sink's "device" is a file: writing here is its playing.
      if (sf_write_short(file_, buffer.data(), static_cast<sf_count_t>(real)) !=
          static_cast<sf_count_t>(real)) {
        failed_ = true;
        return;
      }
      consumed_ += real;
      if (real < frames) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  std::string path_;
  SNDFILE* file_ = nullptr;
  std::atomic<std::uint64_t> consumed_{0};
  std::atomic<bool> failed_{false};
};

}  // namespace

std::unique_ptr<AudioSink> make_null_sink(bool paced, double sink_latency_s) {
  return std::make_unique<NullSink>(paced, sink_latency_s);
}

std::unique_ptr<AudioSink> make_file_sink(const std::string& path) {
  return std::make_unique<FileSink>(path);
}

}  // namespace voxmark::audio
