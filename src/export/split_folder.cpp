#include "export/split_folder.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/error.h"
#include "common/printable.h"
#include "export/output_paths.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kManifestMarker = "#VOXMARK-MANIFEST:1";
constexpr std::string_view kFilePrefix = "#VOXMARK-FILE:";
constexpr std::string_view kStagingPrefix = ".voxmark-";
constexpr std::uintmax_t kMaxPlaylistBytes = 16u << 20;

// 'NAME', printable (built by appending: GCC 12 warns falsely on "'" + string).
std::string in_quotes(std::string_view name) {
  std::string out = "'";
  out += printable(name);
  out += "'";
  return out;
}

bool plain_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.front() != '.' &&
         name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos &&
         name != kPlaylistName;
}

// A hidden staging folder of an earlier run that was killed (mkdtemp: ".voxmark-XXXXXX").
bool is_staging_leftover(const std::string& name) {
  return name.starts_with(kStagingPrefix) && name.size() == kStagingPrefix.size() + 6;
}

std::int64_t mtime_ns(const struct ::stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// The file is still what the manifest says voxmark wrote.
bool as_written(const fs::path& file, const ManifestEntry& entry, struct ::stat* out = nullptr) {
  struct ::stat st {};
  if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  if (out) *out = st;
  return static_cast<std::uintmax_t>(st.st_size) == entry.size_bytes &&
         mtime_ns(st) == entry.mtime_ns;
}

std::optional<std::string> read_playlist(const fs::path& file) {
  struct ::stat st {};
  if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<std::uintmax_t>(st.st_size) > kMaxPlaylistBytes) {
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<ManifestEntry> entries_of(const fs::path& dir, const std::vector<std::string>& names) {
  std::vector<ManifestEntry> entries;
  for (const std::string& name : names) {
    struct ::stat st {};
    if (::lstat((dir / name).c_str(), &st) != 0) continue;
    entries.push_back({name, static_cast<std::uintmax_t>(st.st_size), mtime_ns(st)});
  }
  return entries;
}

void write_playlist(PendingPath& pending, const std::string& text) {
  std::ofstream out(pending.temporary(), std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) {
    throw Error(ExitCode::io, pending.target().string() +
                                  ": writing failed; free some space or choose another folder");
  }
}

}  // namespace

std::string render_manifest(const std::vector<ManifestEntry>& entries) {
  std::string out =
      "# Written by voxmark. It wrote the files below; the next export into this folder "
      "replaces or removes these (only while unchanged) and no other file.\n";
  out += kManifestMarker;
  out += "\n";
  for (const ManifestEntry& e : entries) {
    nlohmann::ordered_json j{{"name", e.name}, {"bytes", e.size_bytes}, {"mtime_ns", e.mtime_ns}};
    out += std::string(kFilePrefix) +
           j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  return out;
}

std::optional<std::vector<ManifestEntry>> parse_manifest(std::string_view playlist) {
  bool marked = false;
  std::vector<ManifestEntry> entries;
  std::istringstream in{std::string(playlist)};
  for (std::string line; std::getline(in, line);) {
    if (line.ends_with('\r')) line.pop_back();
    if (line == kManifestMarker) marked = true;
    if (!line.starts_with(kFilePrefix)) continue;
    const auto j = nlohmann::json::parse(line.substr(kFilePrefix.size()), nullptr, false);
    if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("bytes") ||
        !j["bytes"].is_number_unsigned() || !j.contains("mtime_ns") ||
        !j["mtime_ns"].is_number_integer()) {
      continue;
    }
    ManifestEntry e{j["name"].get<std::string>(), j["bytes"].get<std::uintmax_t>(),
                    j["mtime_ns"].get<std::int64_t>()};
    if (plain_file_name(e.name)) entries.push_back(std::move(e));
  }
  if (!marked) return std::nullopt;
  return entries;
}

struct SplitFolder::Impl {
  fs::path folder;
  std::vector<std::string> names;
  fs::path input;
  std::unique_ptr<PendingPath> new_folder;       // the folder did not exist
  fs::path staging;                              // it did: a hidden folder inside it
  std::map<std::string, ManifestEntry> earlier;  // what an earlier export wrote there
  std::map<std::string, struct ::stat> replace;  // files of that export to be replaced
  bool committed = false;

  ~Impl() {
    std::error_code ec;
    if (!staging.empty() && !committed) fs::remove_all(staging, ec);  // ours, from mkdtemp
  }

  [[noreturn]] void refuse(const std::string& what) const {
    throw Error(ExitCode::cant_create, printable(folder.string()) + ": " + what);
  }

  // A file the export will write there: never the document, and only new or voxmark's own.
  void check_name(const std::string& name, const fs::path& input) {
    const fs::path file = folder / name;
    if (!input.empty() && same_file(file, input)) {
      refuse(in_quotes(name) + " there is the document being read; name another folder");
    }
    struct ::stat st {};
    if (::lstat(file.c_str(), &st) != 0) return;  // a new file
    const auto it = earlier.find(name);
    if (it == earlier.end() || !as_written(file, it->second, &st)) {
      refuse(in_quotes(name) + " there " +
             (it == earlier.end() ? std::string("was not written by voxmark")
                                  : std::string("was changed after voxmark wrote it")) +
             " and would be replaced; move it away or name another folder");
    }
    replace[name] = st;
  }

  void check_existing_folder(const fs::path& input) {
    std::error_code ec;
    std::vector<std::string> others;  // what is there besides voxmark's own files
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const std::string name = entry.path().filename().string();
      if (name != kPlaylistName && !is_staging_leftover(name)) others.push_back(name);
    }
    if (ec) refuse("cannot read the folder (" + ec.message() + "); choose another folder");
    const fs::path playlist = folder / kPlaylistName;
    const bool has_playlist = fs::exists(fs::symlink_status(playlist, ec));
    std::optional<std::vector<ManifestEntry>> manifest;
    if (has_playlist) {
      if (const auto text = read_playlist(playlist)) manifest = parse_manifest(*text);
    }
    if (!manifest && (has_playlist || !others.empty())) {
      const std::string example =
          printable(has_playlist ? std::string(kPlaylistName) : others.front());
      refuse("holds files voxmark did not write ('" + example + "'" +
             (others.size() > 1 ? " and " + std::to_string(others.size() - 1) + " more" : "") +
             "); --split writes into a new or empty folder, or one it wrote before; "
             "name another folder");
    }
    if (manifest) {
      for (ManifestEntry& e : *manifest) earlier[e.name] = e;
    }
    for (const std::string& name : names) check_name(name, input);
    if (!input.empty() && same_file(playlist, input)) {
      refuse(std::string(kPlaylistName) + " there is the document being read; name another folder");
    }
    std::string pattern = (folder / (std::string(kStagingPrefix) + "XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) {
      refuse(std::string("cannot write in it (") + std::strerror(errno) +
             "); choose a folder you can write to");
    }
    staging = pattern;
  }
};

SplitFolder::SplitFolder(fs::path folder, std::vector<std::string> names, const fs::path& input)
    : impl_(std::make_unique<Impl>()) {
  // "book/" names the folder "book" (a path ending in a separator has no file name).
  while (!folder.has_filename() && folder.has_relative_path()) folder = folder.parent_path();
  impl_->folder = std::move(folder);
  impl_->names = std::move(names);
  impl_->input = input;
  std::error_code ec;
  const fs::file_status link = fs::symlink_status(impl_->folder, ec);
  const fs::file_status status = fs::status(impl_->folder, ec);
  if (!fs::exists(link)) {
    impl_->new_folder = std::make_unique<PendingPath>(impl_->folder, PendingPath::Kind::directory);
  } else if (!fs::exists(status)) {
    impl_->refuse("is a link to nothing; name a folder");
  } else if (!fs::is_directory(status)) {
    impl_->refuse(!input.empty() && same_file(impl_->folder, input)
                      ? "is the document being read; --split needs a folder to write into"
                      : "is a file; --split needs a folder to write into");
  } else {
    impl_->check_existing_folder(input);
  }
}

SplitFolder::~SplitFolder() = default;

void SplitFolder::set_names(std::vector<std::string> names) {
  const std::set<std::string> checked(impl_->names.begin(), impl_->names.end());
  if (!impl_->new_folder) {
    for (const std::string& name : names) {
      if (!checked.count(name)) impl_->check_name(name, impl_->input);
    }
  }
  impl_->names = std::move(names);
}

fs::path SplitFolder::staging_path(const std::string& name) const {
  return (impl_->new_folder ? impl_->new_folder->temporary() : impl_->staging) / name;
}

SplitFolder::Result SplitFolder::commit(const std::string& entries) {
  Impl& impl = *impl_;
  const fs::path staged = impl.new_folder ? impl.new_folder->temporary() : impl.staging;
  // Renames keep sizes and times, so the staged files give the manifest.
  const std::string playlist_text =
      "#EXTM3U\n" + entries + render_manifest(entries_of(staged, impl.names));
  Result result;
  if (impl.new_folder) {
    {
      PendingPath playlist(staged / kPlaylistName, PendingPath::Kind::file);
      write_playlist(playlist, playlist_text);
      playlist.commit();
    }
    impl.new_folder->commit();
    for (const std::string& name : impl.names) result.written.push_back(impl.folder / name);
    result.written.push_back(impl.folder / kPlaylistName);
    return result;
  }

  // The playlist is written first (where a full disk shows), put in place last.
  PendingPath playlist(impl.folder / kPlaylistName, PendingPath::Kind::file);
  write_playlist(playlist, playlist_text);
  for (const auto& [name, st] : impl.replace) {
    struct ::stat now {};
    if (::lstat((impl.folder / name).c_str(), &now) != 0 || !same_stat(now, st)) {
      impl.refuse(in_quotes(name) +
                  " there changed while voxmark was writing; nothing was replaced, run the "
                  "command again");
    }
  }
  for (const std::string& name : impl.names) {
    const fs::path from = staged / name;
    const fs::path to = impl.folder / name;
    sync_path(from);
    int error = 0;
    if (impl.replace.count(name)) {
      if (::rename(from.c_str(), to.c_str()) != 0) error = errno;
    } else {
      error = rename_no_replace(from, to);
      if (error == EEXIST) {
        impl.refuse(in_quotes(name) +
                    " appeared there while voxmark was writing; it was "
                    "left as it is, run the command again");
      }
    }
    if (error != 0) {
      throw Error(ExitCode::io, printable(to.string()) +
                                    ": cannot move the finished file into place (" +
                                    std::strerror(error) + ")");
    }
    result.written.push_back(to);
  }
  // Files of the earlier export that this one did not write again (a section renamed or
  // gone): voxmark's own, still as it wrote them, so they go.
  const std::set<std::string> now_written(impl.names.begin(), impl.names.end());
  for (const auto& [name, entry] : impl.earlier) {
    const fs::path file = impl.folder / name;
    if (now_written.count(name) || !as_written(file, entry)) continue;
    if (::unlink(file.c_str()) == 0) result.removed.push_back(file);
  }
  playlist.commit();
  result.written.push_back(impl.folder / kPlaylistName);
  impl.committed = true;
  std::error_code ec;
  fs::remove_all(impl.staging, ec);  // empty by now; ours, from mkdtemp
  sync_path(impl.folder);
  return result;
}

}  // namespace voxmark::audiobook
