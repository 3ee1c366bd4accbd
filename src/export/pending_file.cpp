#include "export/pending_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

void sync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

bool same_stat(const struct ::stat& a, const struct ::stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
         (a.st_mode & S_IFMT) == (b.st_mode & S_IFMT);
}

int rename_no_replace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  // The file system cannot do it atomically (some network and FAT file systems).
  struct ::stat st {};
  if (::lstat(from.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
    if (::link(from.c_str(), to.c_str()) == 0) {
      ::unlink(from.c_str());
      return 0;
    }
    if (errno == EEXIST) return EEXIST;
  }
  if (::lstat(to.c_str(), &st) == 0) return EEXIST;
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

PendingPath::PendingPath(fs::path target, Kind kind) : target_(std::move(target)), kind_(kind) {
  fs::path folder = target_.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw Error(ExitCode::cant_create, target_.string() + ": the folder " + folder.string() +
                                           " does not exist; create it first");
  }
  if (kind == Kind::file && fs::is_directory(target_, ec)) {
    throw Error(ExitCode::cant_create, target_.string() +
                                           ": is a directory; name a file to write, such as " +
                                           (target_ / "book.wav").string());
  }
  if (kind == Kind::directory && fs::exists(fs::symlink_status(target_, ec))) {
    throw Error(ExitCode::cant_create,
                target_.string() + ": already exists; voxmark writes a new folder here only");
  }
  struct ::stat st {};
  if (::lstat(target_.c_str(), &st) == 0) target_at_start_ = st;
  // A hidden name beside the target: same file system, so the final rename is atomic.
  std::string hidden = ".";  // built by appending: GCC 12 warns falsely on "." + string
  hidden += target_.filename().string();
  hidden += ".voxmark-XXXXXX";
  std::string pattern = (folder / hidden).string();
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
  fs::remove_all(temporary_, ec);  // only ever the temporary this object made
}

void PendingPath::commit() {
  if (done_) return;
  std::error_code ec;
  if (kind_ == Kind::directory) {
    for (const auto& entry : fs::directory_iterator(temporary_, ec)) sync_path(entry.path());
  }
  sync_path(temporary_);
  struct ::stat now {};
  const bool exists_now = ::lstat(target_.c_str(), &now) == 0;
  int error = 0;
  if (target_at_start_ && kind_ == Kind::file && exists_now) {
    // Replace only what was checked when the work began.
    if (!same_stat(now, *target_at_start_)) {
      discard();
      throw Error(ExitCode::cant_create,
                  target_.string() +
                      ": changed while voxmark was writing it; it was left as it is "
                      "and nothing was written, run the command again");
    }
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) error = errno;
  } else {
    error = rename_no_replace(temporary_, target_);
    if (error == EEXIST || error == ENOTEMPTY) {
      discard();
      throw Error(ExitCode::cant_create,
                  target_.string() +
                      ": appeared while voxmark was writing; it was left as it is "
                      "and nothing was written, run the command again");
    }
  }
  if (error != 0) {
    discard();
    throw Error(ExitCode::io, target_.string() + ": cannot move the finished " +
                                  (kind_ == Kind::file ? "file" : "folder") + " into place (" +
                                  std::strerror(error) + ")");
  }
  done_ = true;
  sync_path(target_.parent_path().empty() ? fs::path(".") : target_.parent_path());
}

}  // namespace voxmark::audiobook
