// The PortAudio backend: the real path to a sound device (ALSA, JACK, or PulseAudio through
// ALSA's pulse plugin).
// clang-format off
#include <cstdarg>  // alsa/error.h uses va_list without including it
#include <alsa/error.h>
// clang-format on
#include <jack/jack.h>
#include <portaudio.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <mutex>
#include <string>

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

class PortAudioSink final : public AudioSink {
 public:
  explicit PortAudioSink(PaDeviceIndex device) : device_(device) {}
  ~PortAudioSink() override { stop(); }

  void start(int sample_rate_hz, RenderCallback render) override {
    render_ = std::move(render);
    rate_ = sample_rate_hz;
    // The device buffer is what protects against dropouts when the machine is busy: take the
    // host API's own "high" (safe) latency, never less than kMinLatencySeconds. Navigation
    // stays fast anyway, because a jump flushes voxmark's own queue (the player's ring), not
    // the device's. (The low latency, 11.6 ms on ALSA, underran about once a minute on
    // PulseAudio, each time followed by ~2 s of silence. Flushing the device too, with
    // Pa_AbortStream + Pa_StartStream, was tried: through the pulse plugin every restart
    // costs ~1.8 s of silence, see docs/performance.md.)
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

  void open() {
    stopping_ = false;
    PaStreamParameters params{};
    params.device = device_;
    params.channelCount = 1;
    params.sampleFormat = paInt16;
    params.suggestedLatency = latency_wanted_s_;
    PaError err = Pa_OpenStream(&stream_, nullptr, &params, rate_, paFramesPerBufferUnspecified,
                                paClipOff, &PortAudioSink::callback, this);
    if (err == paNoError) err = Pa_SetStreamFinishedCallback(stream_, &PortAudioSink::finished);
    if (err == paNoError) err = Pa_StartStream(stream_);
    if (err != paNoError) {
      stopping_ = true;
      if (stream_) Pa_CloseStream(stream_);
      stream_ = nullptr;
      throw Error(ExitCode::unavailable, std::string("cannot open the audio device (") +
                                             Pa_GetErrorText(err) + "); " + no_device_message());
    }
    latency_s_ = Pa_GetStreamInfo(stream_)->outputLatency;
    std::lock_guard lock(clock_mutex_);
    clock_stream_ = stream_;
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
    Pa_StopStream(stream_);  // waits for the last callback
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
  static int callback(const void*, void* output, unsigned long frames,
                      const PaStreamCallbackTimeInfo* time, PaStreamCallbackFlags flags,
                      void* self) {
    auto* sink = static_cast<PortAudioSink*>(self);
    if (flags & paOutputUnderflow) sink->underruns_.fetch_add(1, std::memory_order_relaxed);
    sink->render_(static_cast<std::int16_t*>(output), frames, time->outputBufferDacTime);
    return paContinue;
  }
  // PortAudio calls this when the stream ends, on its own thread or inside Pa_StopStream: an
  // end that stop() did not ask for is a device failure.
  static void finished(void* self) {
    auto* sink = static_cast<PortAudioSink*>(self);
    if (!sink->stopping_.load()) sink->failed_ = true;
  }

  PaDeviceIndex device_;
  PaStream* stream_ = nullptr;  // the control thread's (start/stop)
  // now_s() may be called from any thread (sink.h), also while start() or stop() run, so it
  // reads the stream under a lock and never after stop() began closing it (found by
  // ThreadSanitizer: Player::submit raced with start()).
  mutable std::mutex clock_mutex_;
  PaStream* clock_stream_ = nullptr;
  std::atomic<bool> stopping_{false};
  static constexpr double kMinLatencySeconds = 0.05;
  static constexpr double kMaxLatencySeconds = 0.4;
  RenderCallback render_;
  int rate_ = 0;
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
