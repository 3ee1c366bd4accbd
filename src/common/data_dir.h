// Where voxmark's installed data lives: share/voxmark with the voice presets (voices/*.toml),
// the English lexicon (voices/en.lexicon) and the audiobook profiles (profiles/*.toml).
//
// Contract: the copies compiled into the program are the defaults and always work (from the
// build folder nothing is installed); an installed copy, when present, is read instead so that
// what `cmake --install` or the Debian package put under share/voxmark is what runs. Looked up
// relative to the executable first (a prefix moved elsewhere, or unpacked with `dpkg -x`), then
// at the prefix the build was configured for. Thread-safe (no shared state besides a constant
// computed once).
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace voxmark {

// The program's own path (/proc/self/exe: its real path whatever argv[0] or PATH said), or an
// empty path when it cannot be read. The FFmpeg module (media/media.h) is found from it too.
const std::filesystem::path& own_executable();

// The share/voxmark folder in use, or an empty path when none is installed.
const std::filesystem::path& data_dir();

// data_dir()/relative when that file exists, else nullopt (use the compiled-in copy).
std::optional<std::filesystem::path> installed_data_file(std::string_view relative);

// The search itself, for tests: `executable` is the program's own path; `install_datadir` the
// configured one. Returns the first folder that exists, else an empty path.
std::filesystem::path find_data_dir(const std::filesystem::path& executable,
                                    const std::filesystem::path& install_datadir);

}  // namespace voxmark
