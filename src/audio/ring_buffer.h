// A single-producer / single-consumer ring of samples for the audio callback, which must
// not lock or allocate. (PortAudio's own ring buffer is not exported by Debian's library.)
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace voxmark::audio {

// Positions are absolute sample counts since creation (they never wrap in practice:
// 2^64 samples), so "where the producer was" can be named and skipped to.
// Threads: write() on the producer thread only; read() and skip_to() on the consumer only.
class SampleRing {
 public:
  explicit SampleRing(std::size_t capacity_samples) : buffer_(capacity_samples) {}

  std::size_t capacity() const { return buffer_.size(); }
  std::uint64_t write_position() const { return write_.load(std::memory_order_acquire); }
  std::uint64_t read_position() const { return read_.load(std::memory_order_acquire); }
  std::size_t free_space() const {
    return buffer_.size() - static_cast<std::size_t>(write_position() - read_position());
  }
  std::size_t available() const {
    return static_cast<std::size_t>(write_position() - read_position());
  }

  // Producer: copies as many samples as fit; returns how many.
  std::size_t write(std::span<const std::int16_t> samples) {
    const std::uint64_t w = write_.load(std::memory_order_relaxed);
    const std::uint64_t r = read_.load(std::memory_order_acquire);
    const std::size_t n =
        std::min(samples.size(), buffer_.size() - static_cast<std::size_t>(w - r));
    for (std::size_t i = 0; i < n; ++i) buffer_[(w + i) % buffer_.size()] = samples[i];
    write_.store(w + n, std::memory_order_release);
    return n;
  }

  // Consumer: copies up to out.size() samples; returns how many.
  std::size_t read(std::span<std::int16_t> out) {
    const std::uint64_t r = read_.load(std::memory_order_relaxed);
    const std::uint64_t w = write_.load(std::memory_order_acquire);
    const std::size_t n = std::min(out.size(), static_cast<std::size_t>(w - r));
    for (std::size_t i = 0; i < n; ++i) out[i] = buffer_[(r + i) % buffer_.size()];
    read_.store(r + n, std::memory_order_release);
    return n;
  }

  // Consumer: makes the last `count` samples read readable again (a pause that dropped what
  // the device held reads it again on resume). They are still in the ring as long as `count`
  // plus what the producer keeps queued stays under the capacity: the producer writes only
  // into room it saw free, which this does not enlarge.
  void rewind(std::uint64_t count) {
    read_.store(read_.load(std::memory_order_relaxed) - count, std::memory_order_release);
  }

  // Consumer: drops everything before `position` (clamped to what was written).
  void skip_to(std::uint64_t position) {
    const std::uint64_t r = read_.load(std::memory_order_relaxed);
    const std::uint64_t w = write_.load(std::memory_order_acquire);
    if (position > r) read_.store(std::min(position, w), std::memory_order_release);
  }

 private:
  std::vector<std::int16_t> buffer_;
  std::atomic<std::uint64_t> write_{0};
  std::atomic<std::uint64_t> read_{0};
};

}  // namespace voxmark::audio
