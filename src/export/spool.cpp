#include "export/spool.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "common/error.h"
#include "export/formats/format_writer.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

SampleSpool::SampleSpool(const fs::path& beside, fs::path shown)
    : shown_(std::move(shown)),
      file_(beside.parent_path() / (beside.filename().string() + ".samples"),
            PendingPath::Kind::file) {
  stream_ = std::fopen(file_.temporary().c_str(), "w+b");
  if (!stream_) {
    throw Error(ExitCode::cant_create,
                shown_.string() + ": cannot write a temporary file (" + std::strerror(errno) + ")");
  }
}

SampleSpool::~SampleSpool() {
  if (stream_) std::fclose(stream_);
}

void SampleSpool::append(std::span<const std::int16_t> samples) {
  errno = 0;
  if (std::fwrite(samples.data(), sizeof(std::int16_t), samples.size(), stream_) !=
      samples.size()) {
    throw Error(ExitCode::io, write_failure(shown_, std::strerror(errno ? errno : EIO)));
  }
  size_ += samples.size();
}

void SampleSpool::append_silence(std::uint64_t count) {
  static const std::vector<std::int16_t> zeros(1 << 14, 0);
  while (count > 0) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(count, zeros.size()));
    append({zeros.data(), n});
    count -= n;
  }
}

void SampleSpool::finish_appending() {
  errno = 0;
  if (std::fflush(stream_) != 0) {
    throw Error(ExitCode::io, write_failure(shown_, std::strerror(errno ? errno : EIO)));
  }
}

std::size_t SampleSpool::read_at(std::uint64_t first_sample, std::span<std::int16_t> out) const {
  auto* bytes = reinterpret_cast<char*>(out.data());
  const std::size_t want = out.size() * sizeof(std::int16_t);
  std::size_t got = 0;
  while (got < want) {
    const ssize_t n = ::pread(::fileno(stream_), bytes + got, want - got,
                              static_cast<off_t>(first_sample * sizeof(std::int16_t) + got));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ExitCode::io, write_failure(shown_, "reading the temporary file failed"));
    }
    got += static_cast<std::size_t>(n);
  }
  return got / sizeof(std::int16_t);
}

}  // namespace voxmark::audiobook
