#include "export/pending_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

// Flushes a file or folder to disk so the rename that follows cannot expose a partial file.
void sync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

PendingPath::PendingPath(fs::path target, Kind kind) : target_(std::move(target)), kind_(kind) {
  fs::path folder = target_.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw Error(ExitCode::cant_create, target_.string() + ": the folder " + folder.string() +
                                           " does not exist; create it first");
  }
  if (kind == Kind::file && fs::is_directory(target_, ec)) {
    throw Error(ExitCode::cant_create,
                target_.string() + ": is a directory; name a file to write, such as " +
                    (target_ / "book.wav").string());
  }
  if (kind == Kind::directory && fs::exists(target_, ec) && !fs::is_directory(target_, ec)) {
    throw Error(ExitCode::cant_create,
                target_.string() + ": is a file; --split needs a folder to write into");
  }
  // A hidden name beside the target: same file system, so the final rename is atomic.
  std::string pattern = (folder / ("." + target_.filename().string() + ".voxmark-XXXXXX")).string();
  if (kind == Kind::file) {
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      throw Error(ExitCode::cant_create, target_.string() + ": cannot write in " + folder.string() +
                                             " (" + std::strerror(errno) +
                                             "); choose a folder you can write to");
    }
    ::fchmod(fd, 0644);  // mkstemp makes 0600; an audiobook is an ordinary file
    ::close(fd);
  } else if (!::mkdtemp(pattern.data())) {
    throw Error(ExitCode::cant_create, target_.string() + ": cannot write in " + folder.string() +
                                           " (" + std::strerror(errno) +
                                           "); choose a folder you can write to");
  }
  temporary_ = pattern;
  if (kind == Kind::directory) fs::permissions(temporary_, fs::perms(0755), ec);
}

PendingPath::~PendingPath() { discard(); }

void PendingPath::discard() noexcept {
  if (done_) return;
  done_ = true;
  std::error_code ec;
  fs::remove_all(temporary_, ec);
}

void PendingPath::commit() {
  if (done_) return;
  std::error_code ec;
  if (kind_ == Kind::directory) {
    for (const auto& entry : fs::directory_iterator(temporary_, ec)) sync_path(entry.path());
  }
  sync_path(temporary_);
  if (kind_ == Kind::directory && fs::exists(target_, ec)) {
    // rename() cannot replace a non-empty folder: move the old one aside first.
    const fs::path old = temporary_.string() + ".old";
    fs::rename(target_, old, ec);
    if (!ec) fs::rename(temporary_, target_, ec);
    if (ec) {
      fs::rename(old, target_);
      discard();
      throw Error(ExitCode::io, target_.string() + ": cannot replace the folder (" + ec.message() + ")");
    }
    done_ = true;
    fs::remove_all(old, ec);
    return;
  }
  fs::rename(temporary_, target_, ec);
  if (ec) {
    discard();
    throw Error(ExitCode::io, target_.string() + ": cannot move the finished file into place (" +
                                  ec.message() + ")");
  }
  done_ = true;
  sync_path(target_.parent_path().empty() ? fs::path(".") : target_.parent_path());
}

}  // namespace voxmark::audiobook
