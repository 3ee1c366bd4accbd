// Everything that needs the compiled-in default key file lives in this one translation unit,
// so that tests of the parser link without it (they read src/tui/default-keys.conf).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <system_error>

#include "tui/key_bindings.h"
#include "voxmark/embedded.h"

namespace voxmark::tui {
namespace {

// Far more than any key file needs: refuses to slurp /dev/zero or a log named by mistake.
constexpr std::uintmax_t kMaxKeyFileBytes = 1 << 20;

// The file's text, or nullopt with `reason` set.
std::optional<std::string> read_small_file(const std::string& path, std::string& reason) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    reason = "it does not exist";
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    reason = "it is not a regular file";
    return std::nullopt;
  }
  if (std::filesystem::file_size(path, ec) > kMaxKeyFileBytes) {
    reason = "it is larger than 1 MiB";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = "it cannot be opened (check its permissions)";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string_view default_key_bindings_text() { return embedded::default_key_bindings; }

KeyBindings default_key_bindings(std::vector<Warning>& warnings) {
  KeyBindings bindings;
  parse_key_bindings(default_key_bindings_text(), "(default keys)", bindings, warnings);
  return bindings;
}

std::string default_user_key_file() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/voxmark/keys.conf";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return std::string(home) + "/.config/voxmark/keys.conf";
  return "";
}

KeyBindings load_key_bindings(const std::string& key_file, std::vector<Warning>& warnings) {
  KeyBindings bindings = default_key_bindings(warnings);
  const bool named = !key_file.empty();
  const std::string path = named ? key_file : default_user_key_file();
  if (path.empty()) return bindings;
  std::string reason;
  const std::optional<std::string> text = read_small_file(path, reason);
  if (!text) {
    if (named) {
      throw Error(ExitCode::no_input, "cannot read the key file " + path + ": " + reason);
    }
    // No file of one's own is the usual case; a file that is there but unreadable is worth
    // a word, since the listener expects their keys.
    if (reason != "it does not exist") {
      warnings.push_back(Warning{path, "key file ignored: " + reason});
    }
    return bindings;
  }
  parse_key_bindings(*text, path, bindings, warnings);
  return bindings;
}

void print_keys(std::ostream& out, bool markdown, const std::string& key_file,
                std::vector<Warning>& warnings) {
  if (markdown) {
    out << keys_markdown(default_key_bindings(warnings));
    return;
  }
  for (const std::string& line : help_lines(load_key_bindings(key_file, warnings))) {
    out << line << "\n";
  }
}

}  // namespace voxmark::tui
