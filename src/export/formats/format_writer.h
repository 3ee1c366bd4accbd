// Audio file writers: one contract, one file per format behind it.
//
// What a writer receives, and when (export/exporter.cpp drives every writer the same way):
//  1. Construction, before any audio: a FileSpec with the path to write (always a temporary
//     that PendingPath or SplitFolder moves into place, so a writer never decides where its
//     file ends up), the sample rate of the samples to come, the tags, every chapter mark of
//     the file and the cover. All of it is known up front because an export synthesizes the
//     whole book into a spool first (export/spool.h) and encodes in a second pass.
//  2. write(), any number of times: mastered mono 16-bit samples at FileSpec::sample_rate_hz,
//     in order. A writer that needs another rate (Opus: 48 kHz; a profile's 44.1 kHz)
//     resamples them itself with libswresample.
//  3. finish(): completes the file (trailers written, sizes patched, flushed).
// Sentence times do not reach writers: subtitles are separate files (export/subtitles.h).
// Errors: the constructor throws Error(cant_create) when the file or the encoder cannot be
// opened; write() and finish() throw Error(io) when writing fails (disk full, ulimit -f).
// Destroying a writer without finish() leaves a partial temporary that its PendingPath removes.
// Threads: one thread per writer; writers share nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace voxmark::audiobook {

enum class AudioFormat { wav, flac, ogg, opus, mp3, m4a, m4b };

// "wav", "flac", "ogg", "opus", "mp3", "m4a", "m4b" -> format; an empty name takes the path's
// extension (none: WAV). Throws Error(usage) naming the formats voxmark writes.
AudioFormat audio_format_from(std::string_view name, const std::filesystem::path& path);
std::string_view extension_of(AudioFormat format);  // "wav", ...
// Every format's name, in the order the help text lists them.
const std::vector<std::string>& audio_format_names();
// Whether the format holds a cover picture (every format but WAV).
bool holds_cover(AudioFormat format);

// A chapter mark at a sample offset from the file's start (at FileSpec::sample_rate_hz).
struct Chapter {
  std::uint64_t sample_offset = 0;
  std::string title;
};

// Text tags; an empty string or a zero number is not written.
struct Tags {
  std::string title;   // the book, or with one file per section the section
  std::string artist;  // the author
  std::string album;   // the book's title
  std::string comment;
  int track_number = 0;  // 1-based, with --split
  int track_total = 0;
  std::string genre;  // "Audiobook"
};

// A cover picture as read from its file (checked to be JPEG or PNG, export/cover.h).
struct Cover {
  std::string bytes;
  std::string mime_type;  // "image/jpeg" or "image/png"
  int width_px = 0;       // as FFmpeg decoded the picture's header
  int height_px = 0;
};

// How to encode, where a profile asks for more than the format's defaults.
struct Encoding {
  int sample_rate_hz = 0;         // 0: the format's choice (the input rate, or 48 kHz for Opus)
  int bitrate_kbps = 0;           // 0: the format's default for speech
  bool constant_bitrate = false;  // MP3: CBR (also the default there)
};

struct FileSpec {
  std::filesystem::path path;       // where to write (a temporary; see the contract above)
  std::filesystem::path shown;      // the name to use in messages: the final target
  int sample_rate_hz = 22050;       // of the samples write() receives
  std::uint64_t total_samples = 0;  // how many write() will receive (for the last chapter's end)
  Tags tags;
  std::vector<Chapter> chapters;  // in order, the first at 0 when there are any
  std::optional<Cover> cover;
  Encoding encoding;
};

// Threads and ownership: see the contract at the top.
class FormatWriter {
 public:
  virtual ~FormatWriter() = default;
  virtual void write(std::span<const std::int16_t> samples) = 0;
  virtual void finish() = 0;
};

// Opens the writer for `format` (formats/format_table.cpp). Throws as described above.
std::unique_ptr<FormatWriter> open_writer(AudioFormat format, const FileSpec& spec);

// The format writers, one file each (formats/*.cpp).
std::unique_ptr<FormatWriter> open_wav(const FileSpec& spec);
std::unique_ptr<FormatWriter> open_flac(const FileSpec& spec);
std::unique_ptr<FormatWriter> open_ogg_vorbis(const FileSpec& spec);
std::unique_ptr<FormatWriter> open_opus(const FileSpec& spec);
std::unique_ptr<FormatWriter> open_mp3(const FileSpec& spec);
std::unique_ptr<FormatWriter> open_mp4(const FileSpec& spec, bool audiobook);  // m4b / m4a

// "writing failed (REASON); free some space or choose another folder; nothing was left
// behind": the one message every writer gives for a failed write. Inline: the FFmpeg module
// (media/media.h) gives it too.
inline std::string write_failure(const std::filesystem::path& shown, const std::string& reason) {
  return shown.string() + ": writing failed (" + reason +
         "); free some space or choose another folder; nothing was left behind";
}

}  // namespace voxmark::audiobook
