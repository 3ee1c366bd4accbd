#include "export/audio_writer.h"

#include <sndfile.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "common/error.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kCopyBlockSamples = 1 << 16;
// Plain RIFF WAV sizes are 32-bit; past this voxmark writes RF64 (which loses cue points).
constexpr std::uint64_t kMaxRiffDataBytes = 0xFFFFFFFFull - (1u << 20);

int sndfile_format(AudioFormat format, bool rf64) {
  switch (format) {
    case AudioFormat::wav:
      return (rf64 ? SF_FORMAT_RF64 : SF_FORMAT_WAV) | SF_FORMAT_PCM_16;
    case AudioFormat::flac:
      return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    case AudioFormat::ogg:
      return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    case AudioFormat::mp3:
      return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
  }
  return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
}

std::string write_failure(const fs::path& target, const std::string& reason) {
  return target.string() + ": writing failed (" + reason +
         "); free some space or choose another folder; nothing was left behind";
}

void append_u32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

// The payload of a LIST chunk of type "adtl" holding one "labl" per cue point: how WAV
// labels cue points. Each sub-chunk is padded with NULs to a multiple of 4 bytes.
std::string cue_labels_chunk(const std::vector<Chapter>& chapters) {
  std::string data = "adtl";
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    std::string text = chapters[i].title;
    text.push_back('\0');
    while (text.size() % 4 != 0) text.push_back('\0');
    data += "labl";
    append_u32(data, static_cast<std::uint32_t>(4 + text.size()));
    append_u32(data, static_cast<std::uint32_t>(i + 1));
    data += text;
  }
  return data;
}

}  // namespace

AudioFormat audio_format_from(std::string_view name, const fs::path& path) {
  std::string wanted(name);
  if (wanted.empty()) {
    wanted = path.extension().string();
    if (!wanted.empty()) wanted.erase(0, 1);
  }
  std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (wanted == "wav" || wanted == "wave") return AudioFormat::wav;
  if (wanted == "flac") return AudioFormat::flac;
  if (wanted == "ogg" || wanted == "oga") return AudioFormat::ogg;
  if (wanted == "mp3") return AudioFormat::mp3;
  if (name.empty() && wanted.empty()) return AudioFormat::wav;
  throw Error(ExitCode::usage, "unknown audio format '" + wanted +
                                   "'; use --format wav, flac, ogg or mp3 (or that extension)");
}

std::string_view extension_of(AudioFormat format) {
  switch (format) {
    case AudioFormat::wav: return "wav";
    case AudioFormat::flac: return "flac";
    case AudioFormat::ogg: return "ogg";
    case AudioFormat::mp3: return "mp3";
  }
  return "wav";
}

struct AudioWriter::Impl {
  Impl(fs::path target, AudioFormat format, int rate, AudioMetadata metadata)
      : output(target, PendingPath::Kind::file),
        format(format),
        sample_rate_hz(rate),
        metadata(std::move(metadata)) {}

  ~Impl() {
    if (sndfile) sf_close(sndfile);
    if (spool_stream) std::fclose(spool_stream);
  }

  // Opens the encoder on the temporary output, with metadata (and chapters for WAV).
  void open_sndfile(bool rf64) {
    SF_INFO info{};
    info.samplerate = sample_rate_hz;
    info.channels = 1;
    info.format = sndfile_format(format, rf64);
    sndfile = sf_open(output.temporary().c_str(), SFM_WRITE, &info);
    if (!sndfile) {
      throw Error(ExitCode::cant_create, output.target().string() + ": cannot create (" +
                                             sf_strerror(nullptr) + ")");
    }
    if (!metadata.title.empty()) sf_set_string(sndfile, SF_STR_TITLE, metadata.title.c_str());
    if (!metadata.artist.empty()) sf_set_string(sndfile, SF_STR_ARTIST, metadata.artist.c_str());
    if (!metadata.comment.empty()) sf_set_string(sndfile, SF_STR_COMMENT, metadata.comment.c_str());
    sf_set_string(sndfile, SF_STR_SOFTWARE, "voxmark");
    if (format == AudioFormat::wav && !rf64 && !chapters.empty()) set_cues();
  }

  void set_cues() {
    // SF_CUES_VAR is a fixed-size struct; build the same layout for any number of cues.
    std::vector<std::byte> buffer(sizeof(std::uint32_t) + chapters.size() * sizeof(SF_CUE_POINT));
    const auto count = static_cast<std::uint32_t>(chapters.size());
    std::memcpy(buffer.data(), &count, sizeof count);
    for (std::size_t i = 0; i < chapters.size(); ++i) {
      SF_CUE_POINT cue{};
      cue.indx = static_cast<std::int32_t>(i + 1);
      cue.position = static_cast<std::uint32_t>(chapters[i].sample_offset);
      cue.fcc_chunk = 0x61746164;  // "data", little-endian
      cue.sample_offset = static_cast<std::uint32_t>(chapters[i].sample_offset);
      std::snprintf(cue.name, sizeof cue.name, "%s", chapters[i].title.c_str());
      std::memcpy(buffer.data() + sizeof(std::uint32_t) + i * sizeof(SF_CUE_POINT), &cue, sizeof cue);
    }
    sf_command(sndfile, SFC_SET_CUE, buffer.data(), static_cast<int>(buffer.size()));
    std::string labels = cue_labels_chunk(chapters);
    SF_CHUNK_INFO chunk{};
    std::memcpy(chunk.id, "LIST", 4);
    chunk.id_size = 4;
    chunk.datalen = static_cast<unsigned>(labels.size());
    chunk.data = labels.data();
    sf_set_chunk(sndfile, &chunk);
  }

  void encode(const std::int16_t* samples, std::size_t count) {
    errno = 0;
    const sf_count_t written = sf_write_short(sndfile, samples, static_cast<sf_count_t>(count));
    if (written != static_cast<sf_count_t>(count)) {
      throw Error(ExitCode::io, write_failure(output.target(), errno ? std::strerror(errno)
                                                                      : sf_strerror(sndfile)));
    }
  }

  void spool(const std::int16_t* samples, std::size_t count) {
    errno = 0;
    if (std::fwrite(samples, sizeof(std::int16_t), count, spool_stream) != count) {
      throw Error(ExitCode::io, write_failure(output.target(), std::strerror(errno)));
    }
  }

  PendingPath output;
  AudioFormat format;
  int sample_rate_hz;
  AudioMetadata metadata;
  SNDFILE* sndfile = nullptr;
  std::unique_ptr<PendingPath> spool_path;  // WAV only
  std::FILE* spool_stream = nullptr;
  std::vector<Chapter> chapters;
  bool finished = false;
};

AudioWriter::AudioWriter(fs::path target, AudioFormat format, int sample_rate_hz,
                         AudioMetadata metadata)
    : impl_(std::make_unique<Impl>(target, format, sample_rate_hz, std::move(metadata))),
      sample_rate_hz_(sample_rate_hz) {
  if (format == AudioFormat::wav) {
    impl_->spool_path = std::make_unique<PendingPath>(
        target.parent_path() / (target.filename().string() + ".samples"), PendingPath::Kind::file);
    impl_->spool_stream = std::fopen(impl_->spool_path->temporary().c_str(), "wb");
    if (!impl_->spool_stream) {
      throw Error(ExitCode::cant_create, target.string() + ": cannot write a temporary file (" +
                                             std::strerror(errno) + ")");
    }
  } else {
    impl_->open_sndfile(false);
  }
}

AudioWriter::~AudioWriter() = default;

void AudioWriter::write(std::span<const std::int16_t> samples) {
  if (samples.empty()) return;
  if (impl_->spool_stream) {
    impl_->spool(samples.data(), samples.size());
  } else {
    impl_->encode(samples.data(), samples.size());
  }
  samples_written_ += samples.size();
}

void AudioWriter::write_silence(std::uint64_t sample_count) {
  static const std::vector<std::int16_t> zeros(kCopyBlockSamples, 0);
  while (sample_count > 0) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(sample_count, zeros.size()));
    write({zeros.data(), n});
    sample_count -= n;
  }
}

void AudioWriter::add_chapter(std::string title) {
  impl_->chapters.push_back({samples_written_, std::move(title)});
}

void AudioWriter::finish() {
  Impl& impl = *impl_;
  if (impl.finished) return;
  if (impl.spool_stream) {
    if (std::fflush(impl.spool_stream) != 0) {
      throw Error(ExitCode::io, write_failure(impl.output.target(), std::strerror(errno)));
    }
    std::fclose(impl.spool_stream);
    impl.spool_stream = nullptr;
    const bool rf64 = samples_written_ * sizeof(std::int16_t) > kMaxRiffDataBytes;
    impl.open_sndfile(rf64);
    std::FILE* in = std::fopen(impl.spool_path->temporary().c_str(), "rb");
    if (!in) throw Error(ExitCode::io, write_failure(impl.output.target(), std::strerror(errno)));
    std::vector<std::int16_t> block(kCopyBlockSamples);
    for (std::size_t got; (got = std::fread(block.data(), sizeof(std::int16_t), block.size(), in)) > 0;) {
      try {
        impl.encode(block.data(), got);
      } catch (...) {
        std::fclose(in);
        throw;
      }
    }
    const bool read_failed = std::ferror(in) != 0;
    std::fclose(in);
    if (read_failed) throw Error(ExitCode::io, write_failure(impl.output.target(), "reading the temporary file failed"));
    impl.spool_path->discard();
  }
  sf_write_sync(impl.sndfile);
  const int close_error = sf_close(impl.sndfile);
  impl.sndfile = nullptr;
  if (close_error != 0) {
    throw Error(ExitCode::io, write_failure(impl.output.target(), sf_error_number(close_error)));
  }
  impl.output.commit();
  impl.finished = true;
}

}  // namespace voxmark::audiobook
