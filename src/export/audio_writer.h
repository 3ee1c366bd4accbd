// Writes an audiobook's audio with libsndfile: WAV (with chapter cue points), FLAC, Ogg
// Vorbis or MP3, appearing at its path only when complete (see pending_file.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "export/pending_file.h"

namespace voxmark::audiobook {

enum class AudioFormat { wav, flac, ogg, mp3 };

// "wav", "flac", "ogg", "mp3" -> format; an empty name takes the path's extension.
// Throws Error(usage) naming the formats voxmark writes.
AudioFormat audio_format_from(std::string_view name, const std::filesystem::path& path);
std::string_view extension_of(AudioFormat format);  // "wav", ...

struct AudioMetadata {
  std::string title;
  std::string artist;
  std::string comment;
};

// A chapter mark: a WAV cue point, labelled, at a sample offset from the file's start.
struct Chapter {
  std::uint64_t sample_offset = 0;
  std::string title;
};

// Threads: one thread. Ownership: owns its temporary files until finish() or destruction.
//
// WAV takes chapter cue points, which libsndfile accepts only before any audio is written,
// while chapter positions are known only after synthesis. So WAV audio is first spooled as
// raw samples to a temporary file beside the target, then written out in finish(); other
// formats (which cannot hold cue points) are encoded as the audio arrives.
class AudioWriter {
 public:
  AudioWriter(std::filesystem::path target, AudioFormat format, int sample_rate_hz,
              AudioMetadata metadata);
  ~AudioWriter();

  // Appends mono samples. Throws Error(io) when the disk is full or the write fails.
  void write(std::span<const std::int16_t> samples);
  void write_silence(std::uint64_t sample_count);
  // Marks a chapter at the current end of the audio (WAV only; ignored for other formats).
  void add_chapter(std::string title);

  std::uint64_t samples_written() const { return samples_written_; }
  int sample_rate_hz() const { return sample_rate_hz_; }

  // Completes the file and moves it into place. Throws Error(io).
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint64_t samples_written_ = 0;
  int sample_rate_hz_;
};

}  // namespace voxmark::audiobook
