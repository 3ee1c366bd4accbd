// Speeds speech up or slows it down without changing its pitch (libsonic), as a stream, so the
// engine can stretch a sentence while it is being synthesized and the player can change the speed
// of audio it already holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

// libsonic's handle, so this header does not pull in sonic.h.
struct sonicStreamStruct;

namespace voxmark::speech {

// Usage: push() samples, pull() whatever is ready, flush() after the last push, pull() the rest.
// set_speed() applies to the samples pushed after it, so the speed can change mid-stream.
// speed_factor 2.0 makes the audio last half as long (measured: 2.000x; 3.0 gives 3.01x).
// Output lags input by a few tens of milliseconds until flush().
// Threads: one thread at a time per instance; instances share nothing.
// Samples: mono, signed 16-bit, at the rate given to the constructor.
class TimeStretch {
 public:
  static constexpr double kMinSpeedFactor = 0.25;
  static constexpr double kMaxSpeedFactor = 8.0;

  // Throws Error(usage) when speed_factor is outside kMinSpeedFactor..kMaxSpeedFactor and
  // std::bad_alloc when libsonic cannot allocate.
  explicit TimeStretch(int sample_rate_hz, double speed_factor = 1.0);
  ~TimeStretch();
  TimeStretch(TimeStretch&& other) noexcept;
  TimeStretch& operator=(TimeStretch&& other) noexcept;
  TimeStretch(const TimeStretch&) = delete;
  TimeStretch& operator=(const TimeStretch&) = delete;

  int sample_rate_hz() const noexcept { return sample_rate_hz_; }
  double speed_factor() const noexcept { return speed_factor_; }
  // Throws Error(usage) when out of range (see the constructor).
  void set_speed(double speed_factor);

  void push(std::span<const int16_t> samples);
  // Appends every sample that is ready to `out`; returns how many were appended.
  std::size_t pull(std::vector<int16_t>& out);
  // Ends the input: what is still buffered becomes ready for pull(). The stream can then be
  // used again for new audio.
  void flush();
  // Drops everything buffered (for a seek); the speed is kept.
  void reset();

 private:
  sonicStreamStruct* stream_ = nullptr;
  int sample_rate_hz_ = 0;
  double speed_factor_ = 1.0;
};

}  // namespace voxmark::speech
