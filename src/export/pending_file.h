// Files that appear whole or not at all: written under a temporary name beside the target
// and renamed over it only when complete. Until then the previous target is untouched.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>

namespace voxmark::audiobook {

// Ownership: removes its temporary file (or folder) in the destructor unless committed.
// Threads: one thread.
class PendingPath {
 public:
  enum class Kind { file, directory };
  // Checks that the target's folder exists and is writable, and creates the temporary
  // (an empty file, or an empty folder). Throws Error(cant_create) with what to do.
  // Notes what is at the target now: commit() replaces exactly that and nothing else.
  PendingPath(std::filesystem::path target, Kind kind);
  ~PendingPath();
  PendingPath(const PendingPath&) = delete;
  PendingPath& operator=(const PendingPath&) = delete;

  const std::filesystem::path& temporary() const { return temporary_; }
  const std::filesystem::path& target() const { return target_; }

  // Flushes the temporary to disk and moves it to the target. A file target that existed
  // when this object was made is replaced only if it is still that file (whoever checked it
  // then decided it may be replaced); where there is no file now, none is ever overwritten
  // should one appear at the last moment. A folder target is never replaced: it must not exist.
  // Throws Error(cant_create) when the target appeared or changed meanwhile, Error(io) when the
  // move fails; either way the temporary is removed and the target left as it is.
  void commit();
  // Removes the temporary now (also done by the destructor).
  void discard() noexcept;

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  Kind kind_;
  std::optional<struct ::stat> target_at_start_;  // lstat of the target when made
  bool done_ = false;
};

// rename(2) that never replaces: fails with EEXIST when `to` exists (renameat2 with
// RENAME_NOREPLACE; where the file system lacks it, a hard link for files, else a check just
// before the rename). Returns 0 or an errno value.
int rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to);

// Same file, size and modification time (lstat): what was checked is still what is there.
bool same_stat(const struct ::stat& a, const struct ::stat& b);

// Flushes a file or folder to disk so a rename that follows cannot expose a partial file.
void sync_path(const std::filesystem::path& path);

}  // namespace voxmark::audiobook
