// Where played audio goes: one interface, three backends.
//
// Contract (the mpv ao style):
// - The player opens a sink with a RenderCallback. The sink calls it from its own audio
//   thread (the PortAudio sink's writer thread, or the null/file sink's) whenever it needs
//   `frames` more mono int16 samples. The callback must fill all of them (silence if it has
//   nothing), must not lock, allocate, block or do I/O, and returns quickly.
// - `dac_time_s` is when the first of those samples reaches the listener, on the sink's
//   clock; `now_s()` reads the same clock from any thread. Latency figures compare the two.
// - start()/stop()/close() are called from one control thread. stop() returns after the
//   last callback has finished.
// - A device buffer (PortAudio's) holds audio rendered earlier that is not heard yet; on a
//   jump or a speed change the callback asks the sink to drop it (drop_queued), so the new
//   audio is heard at once instead of after the device's whole buffer.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace voxmark::audio {

// Called on the audio thread. `out` has room for `frames` samples; all are filled. Returns how
// many of them were real audio (the rest is silence because nothing was queued): an unpaced
// sink keeps only those, so its clock and its file hold no gaps that a device would not.
using RenderCallback =
    std::function<std::size_t(std::int16_t* out, std::size_t frames, double dac_time_s)>;

// What AudioSink::drop_queued() did.
struct DroppedQueue {
  double next_heard_s = 0;  // when the buffer being rendered is now heard (the sink's clock),
                            // replacing the callback's dac_time_s
  double dropped_s = 0;     // the audio the device held unplayed and dropped, in seconds
};

class AudioSink {
 public:
  virtual ~AudioSink() = default;
  // Opens the device for mono int16 at `sample_rate_hz` and starts calling `render`.
  // Throws Error(unavailable) when the device cannot be opened.
  virtual void start(int sample_rate_hz, RenderCallback render) = 0;
  virtual void stop() = 0;
  // The sink's clock, in seconds; the same clock as the callback's dac_time_s.
  virtual double now_s() const = 0;
  // The device's output latency in seconds (time from the callback to the listener).
  virtual double output_latency_s() const = 0;
  // Set when the device failed mid-stream (unplugged, ...); the player stops and says so.
  virtual bool failed() const { return false; }
  // How many times the device ran out of audio (PortAudio's output-underflow flag): each is a
  // gap the listener hears. Any thread.
  virtual std::uint64_t underruns() const { return 0; }
  // After underruns: gives the device more room (a longer buffer) if it can, and returns the
  // output latency now in effect, in seconds. Control thread.
  virtual double raise_latency() { return output_latency_s(); }
  // Before start(): begin with a device buffer of at least `latency_s` (one this device needed
  // in an earlier session; player/device_latency.h), capped as raise_latency() is. Sinks
  // without a device buffer ignore it. Control thread.
  virtual void prefer_latency(double latency_s) { (void)latency_s; }
  // Called from inside the RenderCallback, on the audio thread: the device drops the audio it
  // holds and has not played, before the buffer being rendered is written, so that buffer is
  // heard next. Returns when its first sample is now expected to be heard and how much was
  // dropped; nothing when this sink holds no audio to drop.
  virtual std::optional<DroppedQueue> drop_queued() { return std::nullopt; }
  // Whether drop_queued() really drops audio the listener has not heard yet. Without it, all
  // audio rendered is heard, so the player counts what the callback has read as heard.
  // Any thread.
  virtual bool drops_queued() const { return false; }
  virtual std::string description() const = 0;
};

struct OutputDevice {
  int index = -1;  // PortAudio device index
  std::string name;
  std::string host_api;
  bool is_default = false;
  double default_low_latency_s = 0;
};

// PortAudio devices that can play (ALSA and JACK start-up noise silenced).
// Throws Error(unavailable) when PortAudio cannot start.
std::vector<OutputDevice> list_output_devices();

// A PortAudio stream on `device_name` (empty: the default device; else a device index or a
// name or unique part of one). Throws Error(unavailable) with what to do.
std::unique_ptr<AudioSink> make_portaudio_sink(const std::string& device_name);

// Consumes audio without playing it: paced at real time (the clock is the steady clock), or
// unpaced (as fast as the player writes; the clock counts consumed samples). For tests and
// benchmarks. `sink_latency_s` is the simulated device latency.
std::unique_ptr<AudioSink> make_null_sink(bool paced, double sink_latency_s = 0.0);

// Writes what is played into a WAV file (unpaced), through libsndfile.
std::unique_ptr<AudioSink> make_file_sink(const std::string& path);

}  // namespace voxmark::audio
