#include "speech/time_stretch.h"

#include <sonic.h>

#include <algorithm>
#include <new>
#include <sstream>
#include <utility>

#include "common/error.h"

namespace voxmark::speech {
namespace {

void check_speed(double speed_factor) {
  // Also rejects NaN.
  if (!(speed_factor >= TimeStretch::kMinSpeedFactor &&
        speed_factor <= TimeStretch::kMaxSpeedFactor)) {
    std::ostringstream message;
    message << "speed factor " << speed_factor << " is out of range; use "
            << TimeStretch::kMinSpeedFactor << " to " << TimeStretch::kMaxSpeedFactor;
    throw Error(ExitCode::usage, message.str());
  }
}

sonicStream create_stream(int sample_rate_hz, double speed_factor) {
  sonicStream stream = sonicCreateStream(sample_rate_hz, 1);
  if (stream == nullptr) throw std::bad_alloc();
  sonicSetSpeed(stream, static_cast<float>(speed_factor));
  return stream;
}

}  // namespace

TimeStretch::TimeStretch(int sample_rate_hz, double speed_factor)
    : sample_rate_hz_(sample_rate_hz), speed_factor_(speed_factor) {
  if (sample_rate_hz <= 0) {
    throw Error(ExitCode::software, "TimeStretch needs a positive sample rate");
  }
  check_speed(speed_factor);
  stream_ = create_stream(sample_rate_hz, speed_factor);
}

TimeStretch::~TimeStretch() {
  if (stream_ != nullptr) sonicDestroyStream(stream_);
}

TimeStretch::TimeStretch(TimeStretch&& other) noexcept
    : stream_(std::exchange(other.stream_, nullptr)),
      sample_rate_hz_(other.sample_rate_hz_),
      speed_factor_(other.speed_factor_) {}

TimeStretch& TimeStretch::operator=(TimeStretch&& other) noexcept {
  if (this != &other) {
    if (stream_ != nullptr) sonicDestroyStream(stream_);
    stream_ = std::exchange(other.stream_, nullptr);
    sample_rate_hz_ = other.sample_rate_hz_;
    speed_factor_ = other.speed_factor_;
  }
  return *this;
}

void TimeStretch::set_speed(double speed_factor) {
  check_speed(speed_factor);
  speed_factor_ = speed_factor;
  sonicSetSpeed(stream_, static_cast<float>(speed_factor));
}

void TimeStretch::push(std::span<const int16_t> samples) {
  // sonic copies the input; its API is not const-correct.
  constexpr std::size_t kMaxPerWrite = 1 << 20;  // keeps the int count in range
  while (!samples.empty()) {
    const std::size_t n = std::min(samples.size(), kMaxPerWrite);
    if (sonicWriteShortToStream(stream_, const_cast<short*>(samples.data()), static_cast<int>(n)) ==
        0) {
      throw std::bad_alloc();
    }
    samples = samples.subspan(n);
  }
}

std::size_t TimeStretch::pull(std::vector<int16_t>& out) {
  const std::size_t before = out.size();
  for (;;) {
    const int available = sonicSamplesAvailable(stream_);
    if (available <= 0) break;
    const std::size_t at = out.size();
    out.resize(at + static_cast<std::size_t>(available));
    const int got = sonicReadShortFromStream(stream_, out.data() + at, available);
    out.resize(at + static_cast<std::size_t>(got > 0 ? got : 0));
    if (got <= 0) break;  // 0 is "nothing ready", not an error
  }
  return out.size() - before;
}

void TimeStretch::flush() {
  if (sonicFlushStream(stream_) == 0) throw std::bad_alloc();
}

void TimeStretch::reset() {
  sonicStream fresh = create_stream(sample_rate_hz_, speed_factor_);
  sonicDestroyStream(stream_);
  stream_ = fresh;
}

}  // namespace voxmark::speech
