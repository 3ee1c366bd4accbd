// The PortAudio backend: the real path to a sound device (ALSA, JACK, or PulseAudio through
// ALSA's pulse plugin).
// clang-format off
#include <cstdarg>  // alsa/error.h uses va_list without including it
#include <alsa/error.h>
// clang-format on
#include <jack/jack.h>
#include <portaudio.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include "audio/alsa_probe.h"
#include "audio/sink.h"
#include "common/error.h"

namespace voxmark::audio {
namespace {

extern "C" void quiet_alsa(const char*, int, const char*, int, const char*, ...) {}
extern "C" void quiet_jack(const char*) {}

// PortAudio is initialised once per process, with the libraries' start-up noise silenced
// (on a machine without sound ALSA and JACK print about a hundred lines to stderr).
// Playing on the default device, PortAudio probes only what ALSA's default device needs
// (audio/alsa_probe.h: ~40 ms less start-up on PulseAudio); listing devices or choosing one
// probes them all. Threads: the thread that opens sinks, before any stream is open.
class PortAudioLibrary {
 public:
  enum class Probe { default_device, every_device };

  static void ensure(Probe probe) {
    static PortAudioLibrary library;
    library.initialise(probe);
    if (library.error_ != paNoError) {
      throw Error(ExitCode::unavailable, std::string("the sound system cannot start (") +
                                             Pa_GetErrorText(library.error_) +
                                             "); use voxmark export to write a file instead");
    }
  }

 private:
  PortAudioLibrary() {
    snd_lib_error_set_handler(quiet_alsa);
    jack_set_error_function(quiet_jack);
    jack_set_info_function(quiet_jack);
  }
  ~PortAudioLibrary() { terminate(); }

  void initialise(Probe probe) {
    if (initialised_ && (probe == Probe::default_device || !narrowed_)) return;
    terminate();
    narrowed_ = false;
    if (probe == Probe::default_device && !narrow_alsa_configuration_to_default().empty()) {
      narrowed_ = true;
      error_ = Pa_Initialize();
      initialised_ = true;
      // ALSA's default must have come through: PortAudio names it "default". Otherwise (the
      // default needs a definition that was taken out) probe everything after all.
      const PaDeviceIndex index = error_ == paNoError ? Pa_GetDefaultOutputDevice() : paNoDevice;
      const bool found =
          index != paNoDevice && std::string(Pa_GetDeviceInfo(index)->name) == "default";
      restore_full_alsa_configuration();
      if (found) return;
      terminate();
      narrowed_ = false;
    }
    error_ = Pa_Initialize();
    initialised_ = true;
  }
  void terminate() {
    if (initialised_ && error_ == paNoError) Pa_Terminate();
    initialised_ = false;
  }

  bool initialised_ = false;
  bool narrowed_ = false;  // initialised with the probe narrowed to the default device
  PaError error_ = paNoError;
};

std::string no_device_message() {
  return "no audio output device found; use voxmark export FILE -o book.wav to write an "
         "audiobook instead, or voxmark devices to list devices";
}

PaDeviceIndex find_device(const std::string& name) {
  if (name.empty()) {
    const PaDeviceIndex index = Pa_GetDefaultOutputDevice();
    if (index == paNoDevice) throw Error(ExitCode::unavailable, no_device_message());
    return index;
  }
  const int count = Pa_GetDeviceCount();
  int index = -1;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), index);
  if (ec == std::errc() && end == name.data() + name.size() && index >= 0 && index < count &&
      Pa_GetDeviceInfo(index)->maxOutputChannels > 0) {
    return index;
  }
  PaDeviceIndex found = paNoDevice;
  for (int i = 0; i < count; ++i) {
    const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
    if (info->maxOutputChannels <= 0) continue;
    const std::string device = info->name;
    if (device == name) return i;
    if (device.find(name) != std::string::npos) {
      if (found != paNoDevice) {
        throw Error(ExitCode::usage,
                    "--device '" + name + "' matches several devices; see voxmark devices");
      }
      found = i;
    }
  }
  if (found == paNoDevice) {
    throw Error(ExitCode::unavailable,
                "no output device matches --device '" + name + "'; see voxmark devices");
  }
  return found;
}

// The stream is PortAudio's blocking kind, written by the sink's own thread, rather than its
// callback kind, so that voxmark decides what the device holds. PortAudio 19.6 starts a
// callback stream with its whole buffer silenced, so dropping a callback stream's queue and
// restarting it is still heard a buffer late. A blocking stream starts with nothing queued:
// after a jump the new sentence is heard ~11 ms after the command instead of after the
// device's buffer (50 ms or more; docs/performance.md, "Jumps drop the device's queue").
class PortAudioSink final : public AudioSink {
 public:
  explicit PortAudioSink(PaDeviceIndex device) : device_(device) {}
  ~PortAudioSink() override { stop(); }

  void start(int sample_rate_hz, RenderCallback render) override {
    render_ = std::move(render);
    rate_ = sample_rate_hz;
    // The device buffer is what protects against dropouts when the machine is busy: take the
    // host API's own "high" (safe) latency, never less than kMinLatencySeconds. Navigation
    // does not wait for it: a jump drops what the device holds (drop_queued).
    const PaDeviceInfo* info = Pa_GetDeviceInfo(device_);
    latency_wanted_s_ =
        std::max({info->defaultHighOutputLatency, kMinLatencySeconds, latency_wanted_s_});
    open();
  }

  double raise_latency() override {
    if (!stream_ || latency_wanted_s_ >= kMaxLatencySeconds) return latency_s_;
    // Reopens the stream with twice the room. What the device held is lost, but it had just
    // run dry anyway; the player's queue is untouched, so nothing is skipped.
    latency_wanted_s_ = std::min(kMaxLatencySeconds, latency_wanted_s_ * 2);
    close_stream();
    try {
      open();
    } catch (const std::exception&) {
      failed_ = true;  // the player stops and says the device failed
    }
    return latency_s_;
  }

  void prefer_latency(double latency_s) override {
    latency_wanted_s_ = std::clamp(latency_s, 0.0, kMaxLatencySeconds);
  }

  std::uint64_t underruns() const override { return underruns_.load(std::memory_order_relaxed); }

  bool drops_queued() const override { return true; }

  std::optional<DroppedQueue> drop_queued() override {
    // Inside render, on the writer thread: the stream is this thread's to restart.
    drop_pending_ = true;
    return DroppedQueue{Pa_GetStreamTime(stream_) + last_restart_s_,
                        static_cast<double>(queued_at_render_) / rate_};
  }

  void open() {
    stopping_ = false;
    PaStreamParameters params{};
    params.device = device_;
    params.channelCount = 1;
    params.sampleFormat = paInt16;
    params.suggestedLatency = latency_wanted_s_;
    PaError err = Pa_OpenStream(&stream_, nullptr, &params, rate_, paFramesPerBufferUnspecified,
                                paClipOff, nullptr, nullptr);
    if (err == paNoError) err = Pa_StartStream(stream_);
    // Started and nothing written yet: the whole buffer is free.
    const long free_frames = err == paNoError ? Pa_GetStreamWriteAvailable(stream_) : 0;
    if (err == paNoError && free_frames < 0) err = static_cast<PaError>(free_frames);
    if (err != paNoError) {
      if (stream_) Pa_CloseStream(stream_);
      stream_ = nullptr;
      throw Error(ExitCode::unavailable, std::string("cannot open the audio device (") +
                                             Pa_GetErrorText(err) + "); " + no_device_message());
    }
    buffer_frames_ = free_frames;
    latency_s_ = Pa_GetStreamInfo(stream_)->outputLatency;
    {
      std::lock_guard lock(clock_mutex_);
      clock_stream_ = stream_;
    }
    writer_ = std::thread([this] { write_loop(); });
  }

  void stop() override { close_stream(); }

  void close_stream() {
    if (!stream_) return;
    {
      // now_s() stops reading this stream's clock before the stream is closed.
      std::lock_guard lock(clock_mutex_);
      clock_stream_ = nullptr;
    }
    stopping_ = true;
    if (writer_.joinable()) writer_.join();  // returns within one chunk's write
    Pa_AbortStream(stream_);
    Pa_CloseStream(stream_);
    stream_ = nullptr;
  }

  double now_s() const override {
    std::lock_guard lock(clock_mutex_);
    return clock_stream_ ? Pa_GetStreamTime(clock_stream_) : 0.0;
  }
  double output_latency_s() const override { return latency_s_; }
  bool failed() const override { return failed_.load(); }
  std::string description() const override {
    const PaDeviceInfo* info = Pa_GetDeviceInfo(device_);
    return std::string(info->name) + " (" + Pa_GetHostApiInfo(info->hostApi)->name + ")";
  }

 private:
  // The writer thread: render a chunk, write it (blocks while the device buffer is full).
  // A write error is a device failure (unplugged, a full disk behind ALSA's file plugin).
  void write_loop() {
    std::array<std::int16_t, kChunkFrames> chunk{};
    const long idle_frames = static_cast<long>(kIdleQueuedSeconds * rate_);
    const auto chunk_time = std::chrono::microseconds(1'000'000 * kChunkFrames / rate_);
    bool wrote_sound = false;  // the last chunk written held audio, not idle silence
    while (!stopping_.load(std::memory_order_acquire)) {
      const long free_frames = Pa_GetStreamWriteAvailable(stream_);
      if (free_frames < 0) {
        failed_ = true;
        return;
      }
      const long queued = std::max(0L, buffer_frames_ - free_frames);
      const double dac_s = Pa_GetStreamTime(stream_) + static_cast<double>(queued) / rate_;
      queued_at_render_ = queued;
      const std::size_t real = render_(chunk.data(), chunk.size(), dac_s);
      if (drop_pending_) {
        drop_pending_ = false;
        const double before_s = Pa_GetStreamTime(stream_);
        PaError err = Pa_AbortStream(stream_);
        if (err == paNoError) err = Pa_StartStream(stream_);
        if (err != paNoError) {
          failed_ = true;
          return;
        }
        last_restart_s_ = std::max(0.0, Pa_GetStreamTime(stream_) - before_s);
      }
      // Nothing to play (paused, or waiting for speech): only a little silence is kept
      // queued, so that what comes next (a resume, a jump's sentence, the first sentence) is
      // not heard a whole device buffer late behind silence.
      const bool idle = real == 0 && std::all_of(chunk.begin(), chunk.end(),
                                                 [](std::int16_t s) { return s == 0; });
      if (idle && queued >= idle_frames) {
        std::this_thread::sleep_for(chunk_time);
        continue;
      }
      const PaError err = Pa_WriteStream(stream_, chunk.data(), chunk.size());
      // Running out of idle silence is not heard; running out of sound is.
      if (err == paOutputUnderflowed && wrote_sound) {
        underruns_.fetch_add(1, std::memory_order_relaxed);
      } else if (err != paNoError && err != paOutputUnderflowed) {
        failed_ = true;
        return;
      }
      wrote_sound = !idle;
    }
  }

  // Written 128 frames (5.8 ms at 22,050 Hz) at a time. A write waits while the device's
  // buffer is full, for at most one of the device's periods (PortAudio chooses them): how
  // long a jump or stop() can wait for the writer.
  static constexpr std::size_t kChunkFrames = 128;
  // Idle, the device is kept this far ahead with silence: enough for the writer's wake-ups.
  static constexpr double kIdleQueuedSeconds = 0.025;
  static constexpr double kMinLatencySeconds = 0.05;
  static constexpr double kMaxLatencySeconds = 0.4;

  PaDeviceIndex device_;
  PaStream* stream_ = nullptr;  // opened and closed by the control thread, written by writer_
  std::thread writer_;
  // now_s() may be called from any thread (sink.h), also while start() or stop() run, so it
  // reads the stream under a lock and never after stop() began closing it (found by
  // ThreadSanitizer: Player::submit raced with start()).
  mutable std::mutex clock_mutex_;
  PaStream* clock_stream_ = nullptr;
  std::atomic<bool> stopping_{false};
  RenderCallback render_;
  int rate_ = 0;
  long buffer_frames_ = 0;       // the device buffer, in frames (free when nothing is queued)
  bool drop_pending_ = false;    // writer thread only: set by drop_queued() inside render
  long queued_at_render_ = 0;    // writer thread only: frames the device held at this render
  double last_restart_s_ = 0;    // writer thread only: how long the last drop's restart took
  double latency_wanted_s_ = 0;  // suggested to PortAudio (control thread)
  double latency_s_ = 0;         // what the stream reports
  std::atomic<std::uint64_t> underruns_{0};
  std::atomic<bool> failed_{false};
};

}  // namespace

std::vector<OutputDevice> list_output_devices() {
  PortAudioLibrary::ensure(PortAudioLibrary::Probe::every_device);
  std::vector<OutputDevice> devices;
  const PaDeviceIndex default_index = Pa_GetDefaultOutputDevice();
  for (int i = 0; i < Pa_GetDeviceCount(); ++i) {
    const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
    if (info->maxOutputChannels <= 0) continue;
    devices.push_back({i, info->name, Pa_GetHostApiInfo(info->hostApi)->name, i == default_index,
                       info->defaultLowOutputLatency});
  }
  return devices;
}

std::unique_ptr<AudioSink> make_portaudio_sink(const std::string& device_name) {
  PortAudioLibrary::ensure(device_name.empty() ? PortAudioLibrary::Probe::default_device
                                               : PortAudioLibrary::Probe::every_device);
  return std::make_unique<PortAudioSink>(find_device(device_name));
}

}  // namespace voxmark::audio
