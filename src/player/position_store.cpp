#include "player/position_store.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace voxmark::player {
namespace fs = std::filesystem;

namespace {

// FNV-1a: stable across builds and machines, unlike std::hash; not for security.
std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

nlohmann::json read_all() {
  std::ifstream in(positions_file());
  if (!in) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

std::string document_key(std::string_view name, std::string_view bytes) {
  std::string path(name);
  if (!name.starts_with("(")) {
    std::error_code ec;
    const fs::path absolute = fs::weakly_canonical(fs::path(name), ec);
    if (!ec) path = absolute.string();
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(bytes)));
  return path + "#" + hash;
}

fs::path positions_file() {
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state && *state) return fs::path(state) / "voxmark" / "positions.json";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".local" / "state" / "voxmark" / "positions.json";
}

std::optional<std::size_t> load_position(const std::string& key) {
  const nlohmann::json all = read_all();
  const auto it = all.find(key);
  if (it == all.end() || !it->is_object() || !it->contains("sentence")) return std::nullopt;
  const auto& sentence = (*it)["sentence"];
  if (!sentence.is_number_unsigned()) return std::nullopt;
  return sentence.get<std::size_t>();
}

bool save_position(const std::string& key, std::size_t sentence) {
  try {
    const fs::path file = positions_file();
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    nlohmann::json all = read_all();
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    all[key] = {{"sentence", sentence},
                {"saved_unix_s", std::chrono::duration_cast<std::chrono::seconds>(now).count()}};
    const fs::path temporary = file.string() + ".tmp-" + std::to_string(::getpid());
    {
      std::ofstream out(temporary, std::ios::trunc);
      out << all.dump(2) << "\n";
      out.flush();
      if (!out) {
        fs::remove(temporary, ec);
        return false;
      }
    }
    fs::rename(temporary, file, ec);
    if (ec) fs::remove(temporary, ec);
    return !ec;
  } catch (...) {
    return false;
  }
}

}  // namespace voxmark::player
