#include "export/profile.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "common/error.h"
#include "common/printable.h"
#include "voxmark/embedded.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

struct BuiltIn {
  std::string_view name;
  const std::string_view* text;
};
const BuiltIn kBuiltIn[] = {{"acx", &embedded::acx_profile}};

// Reads one table's keys, refusing any it does not know.
class Keys {
 public:
  Keys(const toml::table& table, std::string prefix, const std::string& source)
      : table_(table), prefix_(std::move(prefix)), source_(source) {}

  const toml::node* get(std::string_view key) {
    known_.insert(std::string(key));
    return table_.get(key);
  }

  [[noreturn]] void fail(const toml::node& node, const std::string& what) const {
    throw Error(ExitCode::data,
                source_ + ":" + std::to_string(node.source().begin.line) + ": " + what);
  }

  std::optional<std::string> text(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) return std::nullopt;
    if (!node->is_string()) fail(*node, prefix_ + std::string(key) + " must be a quoted string");
    return node->as_string()->get();
  }

  std::optional<double> number(std::string_view key, double low, double high) {
    const toml::node* node = get(key);
    if (!node) return std::nullopt;
    char range[64];
    std::snprintf(range, sizeof range, "%g to %g", low, high);
    if (!node->is_number())
      fail(*node, prefix_ + std::string(key) + " must be a number from " + range);
    const double v = node->is_integer() ? static_cast<double>(node->as_integer()->get())
                                        : node->as_floating_point()->get();
    if (!(v >= low && v <= high)) {
      fail(*node, prefix_ + std::string(key) + " is out of range; use " + range);
    }
    return v;
  }

  std::optional<bool> flag(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) return std::nullopt;
    if (!node->is_boolean()) fail(*node, prefix_ + std::string(key) + " must be true or false");
    return node->as_boolean()->get();
  }

  const toml::table* table(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) return nullptr;
    if (!node->is_table()) fail(*node, "[" + std::string(key) + "] must be a table");
    return node->as_table();
  }

  // Every key not asked for is a mistake in the file.
  void refuse_unknown() const {
    for (auto&& [key, node] : table_) {
      if (known_.count(std::string(key.str()))) continue;
      std::string names;
      for (const auto& k : known_) names += (names.empty() ? "" : ", ") + k;
      throw Error(ExitCode::data, source_ + ":" + std::to_string(key.source().begin.line) +
                                      ": unknown key '" + prefix_ + printable(key.str()) +
                                      "'; known keys here: " + names);
    }
  }

 private:
  const toml::table& table_;
  std::string prefix_;
  const std::string& source_;
  std::set<std::string> known_;
};

std::vector<fs::path> toml_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml" && entry.is_regular_file(ec))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

ExportProfile parse_profile(std::string_view toml_text, const std::string& source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw Error(ExitCode::data, source_name + ":" + std::to_string(e.source().begin.line) + ": " +
                                    std::string(e.description()) +
                                    "; fix the TOML syntax (profiles/acx.toml is an example)");
  }
  ExportProfile p;
  p.source = source_name;
  Keys top(root, "", source_name);
  p.name = top.text("name").value_or(fs::path(source_name).stem().string());
  p.description = top.text("description").value_or("");
  if (const auto format = top.text("format")) {
    try {
      p.format = audio_format_from(*format, {});
    } catch (const Error&) {
      top.fail(*root.get("format"), "format '" + printable(*format) +
                                        "' is not one voxmark writes; use wav, flac, ogg, opus, "
                                        "mp3, m4a or m4b");
    }
  }
  if (const auto split = top.text("split")) {
    if (*split != "sections") top.fail(*root.get("split"), "split must be \"sections\"");
    p.split_sections = true;
  }
  if (const toml::table* t = top.table("encoding")) {
    Keys keys(*t, "encoding.", source_name);
    p.encoding.sample_rate_hz =
        static_cast<int>(keys.number("sample_rate_hz", 8000, 96000).value_or(0));
    p.encoding.bitrate_kbps = static_cast<int>(keys.number("bitrate_kbps", 8, 320).value_or(0));
    p.encoding.constant_bitrate = keys.flag("constant_bitrate").value_or(false);
    keys.refuse_unknown();
  }
  if (const toml::table* t = top.table("loudness")) {
    Keys keys(*t, "loudness.", source_name);
    LoudnessTarget target;
    const auto lufs = keys.number("lufs", kMinLoudnessLufs, kMaxLoudnessLufs);
    const auto rms = keys.number("rms_db", -40, -6);
    if (lufs && rms)
      keys.fail(*t->get("rms_db"), "give loudness.lufs or loudness.rms_db, not both");
    if (rms) {
      target.measure = LoudnessTarget::Measure::rms_db;
      target.level = *rms;
    } else if (lufs) {
      target.level = *lufs;
    }
    target.true_peak_ceiling_db = keys.number("true_peak_db", -12, 0).value_or(-3.0);
    keys.refuse_unknown();
    p.loudness = target;
  }
  if (const toml::table* t = top.table("files")) {
    Keys keys(*t, "files.", source_name);
    p.head_silence_ms = static_cast<int>(keys.number("head_silence_ms", 0, 10000).value_or(0));
    p.tail_silence_ms = static_cast<int>(keys.number("tail_silence_ms", 0, 10000).value_or(0));
    p.max_file_minutes = keys.number("max_minutes", 0.05, 6000).value_or(0);
    p.file_rms_min_db = keys.number("rms_min_db", -60, 0);
    p.file_rms_max_db = keys.number("rms_max_db", -60, 0);
    if (p.file_rms_min_db && p.file_rms_max_db && *p.file_rms_min_db + 2 > *p.file_rms_max_db) {
      keys.fail(*t->get("rms_max_db"), "files.rms_max_db must be at least 2 dB above rms_min_db");
    }
    keys.refuse_unknown();
  }
  top.refuse_unknown();
  return p;
}

fs::path user_profile_dir() {
  const char* config = std::getenv("XDG_CONFIG_HOME");
  if (config && *config) return fs::path(config) / "voxmark" / "profiles";
  const char* home = std::getenv("HOME");
  if (home && *home) return fs::path(home) / ".config" / "voxmark" / "profiles";
  return {};
}

std::vector<std::string> profile_names(const fs::path& user_dir) {
  std::set<std::string> names;
  for (const auto& b : kBuiltIn) names.emplace(b.name);
  for (const auto& file : toml_files(user_dir)) names.insert(file.stem().string());
  return {names.begin(), names.end()};
}

ExportProfile find_profile(std::string_view name, const fs::path& user_dir) {
  for (const auto& file : toml_files(user_dir)) {
    if (file.stem().string() != name) continue;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
      throw Error(ExitCode::no_input,
                  file.string() + ": cannot read the profile; check its permissions");
    }
    ExportProfile p = parse_profile(text.str(), file.string());
    p.name = std::string(name);
    return p;
  }
  for (const auto& b : kBuiltIn) {
    if (b.name == name) {
      ExportProfile p = parse_profile(*b.text, std::string(b.name) + ".toml (built in)");
      p.source = "built-in";
      return p;
    }
  }
  std::string known;
  for (const auto& n : profile_names(user_dir)) known += (known.empty() ? "" : ", ") + n;
  throw Error(ExitCode::usage, "--profile " + printable(name) + ": no such profile; there are: " +
                                   known + " (add your own in " + user_dir.string() + ")");
}

}  // namespace voxmark::audiobook
