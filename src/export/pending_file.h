// Files that appear whole or not at all: written under a temporary name beside the target
// and renamed over it only when complete. Until then the previous target is untouched.
#pragma once

#include <filesystem>
#include <string>

namespace voxmark::audiobook {

// Ownership: removes its temporary file (or folder) in the destructor unless committed.
// Threads: one thread.
class PendingPath {
 public:
  enum class Kind { file, directory };
  // Checks that the target's folder exists and is writable, and creates the temporary
  // (an empty file, or an empty folder). Throws Error(cant_create) with what to do.
  PendingPath(std::filesystem::path target, Kind kind);
  ~PendingPath();
  PendingPath(const PendingPath&) = delete;
  PendingPath& operator=(const PendingPath&) = delete;

  const std::filesystem::path& temporary() const { return temporary_; }
  const std::filesystem::path& target() const { return target_; }

  // Flushes the temporary to disk and moves it over the target. A directory target that
  // exists is replaced as a whole. Throws Error(io) when that fails (the temporary is removed).
  void commit();
  // Removes the temporary now (also done by the destructor).
  void discard() noexcept;

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  Kind kind_;
  bool done_ = false;
};

}  // namespace voxmark::audiobook
