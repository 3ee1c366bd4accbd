// The book's samples on disk between the two passes of an export: synthesis appends them,
// levelling and encoding read them back (levelling in parts, on two threads). Memory stays bounded
// whatever the book's length, and everything the writers need up front (chapter positions, the
// loudness) is known before the first byte of a file is encoded.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>

#include "export/pending_file.h"

namespace voxmark::audiobook {

// Ownership: owns a hidden temporary file beside `beside` (removed by the destructor).
// Threads: appends on one thread; then read_at on any.
class SampleSpool {
 public:
  // `beside`: a path in the folder to use (the temporary gets a hidden name next to it);
  // `shown`: the output named in messages. Throws Error(cant_create).
  SampleSpool(const std::filesystem::path& beside, std::filesystem::path shown);
  ~SampleSpool();
  SampleSpool(const SampleSpool&) = delete;
  SampleSpool& operator=(const SampleSpool&) = delete;

  // Throw Error(io) when the disk is full or a file-size limit is reached.
  void append(std::span<const std::int16_t> samples);
  void append_silence(std::uint64_t count);
  std::uint64_t size() const { return size_; }

  // After the last append, before any read_at. Throws Error(io).
  void finish_appending();
  // Up to `out.size()` samples from `first_sample` on; fewer only at the end. Reads never move
  // a shared position (pread): any number of threads may read at once. Throws Error(io).
  std::size_t read_at(std::uint64_t first_sample, std::span<std::int16_t> out) const;

 private:
  std::filesystem::path shown_;
  PendingPath file_;
  std::FILE* stream_ = nullptr;
  std::uint64_t size_ = 0;
};

}  // namespace voxmark::audiobook
