#include "player/position_store.h"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace voxmark::player {
namespace fs = std::filesystem;

namespace {

// FNV-1a: stable across builds and machines, unlike std::hash; not for security.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ull) {
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

std::string hex(std::uint64_t value) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(value));
  return hash;
}

nlohmann::json read_all() {
  std::ifstream in(positions_file());
  if (!in) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : nlohmann::json::object();
}

std::string string_field(const nlohmann::json& entry, const char* name) {
  const auto it = entry.find(name);
  return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string document_key(std::string_view name, std::string_view bytes) {
  if (name == "(stdin)") return std::string(name) + "#" + hex(fnv1a(bytes));
  if (name.starts_with("(")) return std::string(name);
  std::error_code ec;
  const fs::path absolute = fs::weakly_canonical(fs::path(name), ec);
  return ec ? std::string(name) : absolute.string();
}

fs::path positions_file() {
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state && *state) return fs::path(state) / "voxmark" / "positions.json";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".local" / "state" / "voxmark" / "positions.json";
}

std::string sentences_hash(const document::Document& doc) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const auto& s : doc.sentences) h = fnv1a("\n", fnv1a(s.text, h));
  return hex(h);
}

std::optional<SavedPlace> load_place(const std::string& key) {
  const nlohmann::json all = read_all();
  const auto it = all.find(key);
  if (it == all.end() || !it->is_object()) return std::nullopt;
  const nlohmann::json& entry = *it;
  const auto sentence = entry.find("sentence");
  if (sentence == entry.end() || !sentence->is_number_unsigned()) return std::nullopt;
  SavedPlace place;
  place.sentence = sentence->get<std::size_t>();
  if (const auto count = entry.find("sentences");
      count != entry.end() && count->is_number_unsigned()) {
    place.sentence_count = count->get<std::size_t>();
  }
  place.content_hash = string_field(entry, "content");
  place.text = string_field(entry, "text");
  place.before = string_field(entry, "before");
  place.after = string_field(entry, "after");
  if (const auto speed = entry.find("speed"); speed != entry.end() && speed->is_number() &&
                                              speed->get<double>() >= 0.5 &&
                                              speed->get<double>() <= 6.0) {
    place.speed_factor = speed->get<double>();
  }
  return place;
}

bool save_place(const std::string& key, const document::Document& doc, std::size_t sentence,
                double speed_factor) {
  try {
    const fs::path file = positions_file();
    nlohmann::json all = read_all();
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto text = [&](std::size_t i) {
      return i < doc.sentences.size() ? doc.sentences[i].text : std::string();
    };
    all[key] = {{"sentence", sentence},
                {"sentences", doc.sentences.size()},
                {"content", sentences_hash(doc)},
                {"text", text(sentence)},
                {"before", sentence > 0 ? text(sentence - 1) : std::string()},
                {"after", text(sentence + 1)},
                {"speed", std::round(speed_factor * 100) / 100},
                {"saved_unix_s", std::chrono::duration_cast<std::chrono::seconds>(now).count()}};
    return write_state_file(
        file, all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } catch (...) {
    return false;
  }
}

bool write_state_file(const fs::path& file, const std::string& text) {
  try {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    // A link (dotfiles kept elsewhere) stays a link: the file it leads to is replaced.
    fs::path target = file;
    if (fs::is_symlink(fs::symlink_status(file, ec))) {
      target = fs::canonical(file, ec);
      if (ec) return false;
    }
    std::string temporary =
        (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) return false;
    ::close(fd);
    {
      std::ofstream out(temporary, std::ios::trunc);
      out << text;
      out.flush();
      if (!out) {
        fs::remove(temporary, ec);  // ours: mkstemp made it
        return false;
      }
    }
    fs::permissions(temporary, fs::perms(0644), ec);
    fs::rename(temporary, target, ec);
    if (ec) fs::remove(temporary, ec);
    return !ec;
  } catch (...) {
    return false;
  }
}

}  // namespace voxmark::player
