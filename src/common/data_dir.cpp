#include "common/data_dir.h"

#include <system_error>

// Both come from CMakeLists.txt (GNUInstallDirs); the fallbacks keep other builds compiling.
#ifndef VOXMARK_DATA_FROM_BIN
#define VOXMARK_DATA_FROM_BIN "../share/voxmark"
#endif
#ifndef VOXMARK_INSTALL_DATADIR
#define VOXMARK_INSTALL_DATADIR "/usr/local/share/voxmark"
#endif

namespace voxmark {
namespace fs = std::filesystem;

fs::path find_data_dir(const fs::path& executable, const fs::path& install_datadir) {
  std::error_code ec;
  if (!executable.empty()) {
    const fs::path beside = executable.parent_path() / VOXMARK_DATA_FROM_BIN;
    // The voices folder marks a real installation (a build folder has no share/voxmark).
    if (fs::is_directory(beside / "voices", ec)) return beside.lexically_normal();
  }
  if (!install_datadir.empty() && fs::is_directory(install_datadir / "voices", ec)) {
    return install_datadir;
  }
  return {};
}

const fs::path& own_executable() {
  static const fs::path exe = [] {
    std::error_code ec;
    fs::path path = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : path;
  }();
  return exe;
}

const fs::path& data_dir() {
  static const fs::path dir = find_data_dir(own_executable(), VOXMARK_INSTALL_DATADIR);
  return dir;
}

std::optional<fs::path> installed_data_file(std::string_view relative) {
  const fs::path& dir = data_dir();
  if (dir.empty()) return std::nullopt;
  fs::path file = dir / fs::path(relative);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  return file;
}

}  // namespace voxmark
