// --split sections: the folder of section files, where voxmark replaces only what it wrote.
//
// The playlist (playlist.m3u) doubles as the folder's manifest: after its entries, comment
// lines record each file voxmark wrote there with its size and modification time. A later
// export into the folder replaces, or removes when no longer part of the book, only the files
// listed there that are still as voxmark left them; every other file stays as it is.
//
// The folder may be
// - new: everything is written into a hidden folder beside it, renamed into place at the end;
// - empty, or holding a voxmark playlist: files are written into a hidden folder inside it
//   and moved into place at the end, the playlist last;
// - anything else, a folder with files voxmark did not write: refused.
// Refused too: a file the export would write that exists and is not in the manifest as
// written, and the document being read among the files to write. Refusals (Error
// cant_create, exit 73) come from the constructor, before any work: nothing is touched.
// Until commit() the folder is as it was; on any failure or interruption the hidden folder is
// removed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "export/pending_file.h"

namespace voxmark::audiobook {

inline constexpr std::string_view kPlaylistName = "playlist.m3u";

// One file voxmark wrote, as the manifest records it.
struct ManifestEntry {
  std::string name;  // a plain file name in the folder, never a path
  std::uintmax_t size_bytes = 0;
  std::int64_t mtime_ns = 0;  // modification time, nanoseconds since the epoch
};

// The manifest lines appended to a playlist.
std::string render_manifest(const std::vector<ManifestEntry>& entries);
// The manifest in a playlist's text; nullopt when the playlist is not voxmark's. Entries whose
// name is not a plain file name are dropped (so a doctored playlist cannot reach elsewhere).
std::optional<std::vector<ManifestEntry>> parse_manifest(std::string_view playlist);

// Ownership: owns the hidden folder it writes into until commit(). Threads: one thread.
class SplitFolder {
 public:
  // `names`: every file the export will write (audio and subtitles; not the playlist).
  // `input`: the document's file, or empty. Throws Error(cant_create) as described above.
  SplitFolder(std::filesystem::path folder, std::vector<std::string> names,
              const std::filesystem::path& input);
  ~SplitFolder();
  SplitFolder(const SplitFolder&) = delete;
  SplitFolder& operator=(const SplitFolder&) = delete;

  // Replaces the names given (an export learns the parts of long sections only after
  // synthesis); names not given before are checked as the constructor checks them. Throws
  // Error(cant_create) as the constructor does; the folder is still untouched then.
  void set_names(std::vector<std::string> names);

  // Where to write the file `name` (one of the names given) until commit(). The staging
  // folder may also hold an export's own hidden temporaries, as long as they are gone by
  // commit().
  std::filesystem::path staging_path(const std::string& name) const;

  struct Result {
    std::vector<std::filesystem::path> written;  // in the order of the names, playlist last
    std::vector<std::filesystem::path> removed;  // files of an earlier export no longer needed
  };
  // Moves the files into the folder and writes the playlist: "#EXTM3U\n", `entries` (the
  // #EXTINF lines and file names), then the manifest. Throws Error(cant_create) when a file
  // appeared meanwhile where a new one goes, Error(io) when a move fails.
  Result commit(const std::string& entries);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace voxmark::audiobook
