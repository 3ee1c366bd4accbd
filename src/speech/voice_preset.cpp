#include "speech/voice_preset.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <span>
#include <sstream>

#include "common/printable.h"
#include "voxmark/embedded.h"

namespace voxmark::speech {
namespace {

constexpr int kMaxPauseMs = 10000;
constexpr double kMinPresetSpeed = 0.5;  // the range of --speed and of the speed keys
constexpr double kMaxPresetSpeed = 6.0;
constexpr std::string_view kTopKeys[] = {"name",         "description", "espeak_voice", "language",
                                         "rate_wpm",     "pitch",       "pitch_range",  "volume",
                                         "speed_factor", "pauses"};
constexpr std::string_view kPauseKeys[] = {"sentence_ms", "block_ms", "section_ms"};

std::string where(const std::string& source, const toml::source_region& region) {
  return source + ":" + std::to_string(region.begin.line);
}

// 1.5 -> "1.5", 6 -> "6", 0.25 -> "0.25"
std::string format_number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

std::string known_keys(std::span<const std::string_view> keys) {
  std::string out;
  for (const std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

void warn_unknown_keys(const toml::table& table, std::span<const std::string_view> known,
                       const std::string& prefix, const std::string& source,
                       std::vector<Warning>& warnings) {
  for (auto&& [key, node] : table) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    (void)node;
    warnings.push_back(
        {where(source, key.source()), "unknown key '" + prefix + printable(key.str()) +
                                          "' ignored; known keys: " + known_keys(known)});
  }
}

void read_string(const toml::table& table, std::string_view key, const std::string& source,
                 std::string& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  if (!node->is_string()) {
    throw Error(ExitCode::data, where(source, node->source()) + ": " + std::string(key) +
                                    " must be a quoted string, e.g. " + std::string(key) +
                                    " = \"...\"");
  }
  out = node->as_string()->get();
}

void read_int(const toml::table& table, std::string_view key, std::string_view shown_key, int low,
              int high, const std::string& source, int& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  if (!node->is_integer()) {
    throw Error(ExitCode::data, where(source, node->source()) + ": " + std::string(shown_key) +
                                    " must be a whole number from " + std::to_string(low) + " to " +
                                    std::to_string(high) + ", without quotes");
  }
  const int64_t value = node->as_integer()->get();
  if (value < low || value > high) {
    throw Error(ExitCode::data, where(source, node->source()) + ": " + std::string(shown_key) +
                                    " " + std::to_string(value) + " is out of range; use " +
                                    std::to_string(low) + " to " + std::to_string(high));
  }
  out = static_cast<int>(value);
}

void read_number(const toml::table& table, std::string_view key, double low, double high,
                 const std::string& source, double& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  const auto range = format_number(low) + " to " + format_number(high);
  if (!node->is_number()) {
    throw Error(ExitCode::data, where(source, node->source()) + ": " + std::string(key) +
                                    " must be a number from " + range + ", without quotes");
  }
  const double value = node->is_integer() ? static_cast<double>(node->as_integer()->get())
                                          : node->as_floating_point()->get();
  if (!(value >= low && value <= high)) {
    throw Error(ExitCode::data, where(source, node->source()) + ": " + std::string(key) + " " +
                                    format_number(value) + " is out of range; use " + range);
  }
  out = value;
}

std::string read_file(const std::filesystem::path& file, const char* what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::no_input, file.string() + ": cannot read the " + what + " (" +
                                        std::strerror(errno) + "); check the path");
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw Error(ExitCode::io, file.string() + ": reading failed part-way");
  return content.str();
}

std::vector<std::filesystem::path> toml_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

void add_or_replace(std::vector<VoicePreset>& presets, VoicePreset preset) {
  for (VoicePreset& existing : presets) {
    if (existing.name == preset.name) {
      existing = std::move(preset);
      return;
    }
  }
  presets.push_back(std::move(preset));
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return lower_ascii(a) == lower_ascii(b);
}

std::string basename_of(std::string_view identifier) {
  const std::size_t slash = identifier.rfind('/');
  return std::string(slash == std::string_view::npos ? identifier : identifier.substr(slash + 1));
}

}  // namespace

VoiceSettings to_voice_settings(const VoicePreset& preset, double speed_factor) {
  VoiceSettings s;
  s.espeak_voice = preset.espeak_voice;
  s.rate_wpm = preset.rate_wpm;
  s.speed_factor = speed_factor;
  s.pitch = preset.pitch;
  s.pitch_range = preset.pitch_range;
  s.volume = preset.volume;
  return s;
}

VoicePreset parse_preset(std::string_view toml_text, const std::string& source_name,
                         std::vector<Warning>& warnings) {
  toml::table table;
  try {
    table = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw Error(ExitCode::data, where(source_name, e.source()) + ": " + printable(e.description()) +
                                    "; fix the TOML syntax (voices/default.toml is an example)");
  }

  VoicePreset preset;
  preset.source = source_name;
  warn_unknown_keys(table, kTopKeys, "", source_name, warnings);
  read_string(table, "name", source_name, preset.name);
  read_string(table, "description", source_name, preset.description);
  read_string(table, "espeak_voice", source_name, preset.espeak_voice);
  read_string(table, "language", source_name, preset.language);
  read_int(table, "rate_wpm", "rate_wpm", 80, 450, source_name, preset.rate_wpm);
  read_int(table, "pitch", "pitch", 0, 100, source_name, preset.pitch);
  read_int(table, "pitch_range", "pitch_range", 0, 100, source_name, preset.pitch_range);
  read_int(table, "volume", "volume", 0, 200, source_name, preset.volume);
  read_number(table, "speed_factor", kMinPresetSpeed, kMaxPresetSpeed, source_name,
              preset.speed_factor);

  if (const toml::node* node = table.get("pauses")) {
    const toml::table* pauses = node->as_table();
    if (pauses == nullptr) {
      throw Error(ExitCode::data, where(source_name, node->source()) +
                                      ": pauses must be a table; write [pauses] on its own line "
                                      "followed by sentence_ms, block_ms and section_ms");
    }
    warn_unknown_keys(*pauses, kPauseKeys, "pauses.", source_name, warnings);
    read_int(*pauses, "sentence_ms", "pauses.sentence_ms", 0, kMaxPauseMs, source_name,
             preset.pauses.sentence_ms);
    read_int(*pauses, "block_ms", "pauses.block_ms", 0, kMaxPauseMs, source_name,
             preset.pauses.block_ms);
    read_int(*pauses, "section_ms", "pauses.section_ms", 0, kMaxPauseMs, source_name,
             preset.pauses.section_ms);
  }

  if (preset.name.empty()) {
    preset.name = std::filesystem::path(source_name).stem().string();
  }
  if (!is_valid_espeak_voice_name(preset.espeak_voice)) {
    const toml::node* node = table.get("espeak_voice");
    throw Error(ExitCode::data,
                (node != nullptr ? where(source_name, node->source()) : source_name) +
                    ": espeak_voice '" + printable(preset.espeak_voice) +
                    "' is not a valid eSpeak NG voice name; use letters, digits and -_+/ (), "
                    "e.g. \"en-gb\" (espeak-ng --voices lists them)");
  }
  return preset;
}

VoicePreset load_preset(const std::filesystem::path& file, std::vector<Warning>& warnings) {
  return parse_preset(read_file(file, "voice preset"), file.string(), warnings);
}

VoicePreset builtin_default_preset() {
  std::vector<Warning> ignored;
  try {
    VoicePreset preset = parse_preset(embedded::default_voice_preset, "default.toml", ignored);
    preset.source = "built-in";
    return preset;
  } catch (const Error& e) {
    throw Error(ExitCode::software,
                std::string("the built-in voice preset is broken: ") + e.what());
  }
}

std::filesystem::path user_preset_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "voxmark" / "voices";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != 0) {
    return std::filesystem::path(home) / ".config" / "voxmark" / "voices";
  }
  return {};
}

std::vector<VoicePreset> load_presets(const std::filesystem::path& dir,
                                      const std::filesystem::path& user_dir,
                                      std::vector<Warning>& warnings) {
  std::vector<VoicePreset> presets;
  presets.push_back(builtin_default_preset());
  for (const std::filesystem::path& folder : {dir, user_dir}) {
    for (const std::filesystem::path& file : toml_files(folder)) {
      try {
        add_or_replace(presets, load_preset(file, warnings));
      } catch (const Error& e) {
        // e.what() starts with "FILE:LINE: " already.
        const std::string message = e.what();
        const std::size_t colon = message.find(": ");
        warnings.push_back({colon == std::string::npos ? file.string() : message.substr(0, colon),
                            (colon == std::string::npos ? message : message.substr(colon + 2)) +
                                " (preset skipped)"});
      }
    }
  }
  return presets;
}

std::vector<VoicePreset> load_presets(const std::filesystem::path& dir,
                                      std::vector<Warning>& warnings) {
  return load_presets(dir, user_preset_dir(), warnings);
}

std::size_t edit_distance(std::string_view a_in, std::string_view b_in) {
  const std::string a = lower_ascii(a_in);
  const std::string b = lower_ascii(b_in);
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];  // row[i-1][j-1]
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

VoicePreset find_voice(std::string_view name, const std::vector<VoicePreset>& presets,
                       const std::vector<InstalledVoice>& installed_voices) {
  for (const VoicePreset& p : presets) {
    if (p.name == name) return p;
  }
  for (const VoicePreset& p : presets) {
    if (equals_ignoring_case(p.name, name)) return p;
  }

  // An eSpeak NG voice, with an optional "+variant" kept as given.
  const std::size_t plus = name.find('+');
  const std::string_view base = name.substr(0, plus);
  const std::string variant(plus == std::string_view::npos ? "" : name.substr(plus));
  const InstalledVoice* found = nullptr;
  std::size_t best_rank = std::numeric_limits<std::size_t>::max();
  for (const InstalledVoice& v : installed_voices) {
    if (equals_ignoring_case(v.identifier, base) || equals_ignoring_case(v.name, base) ||
        equals_ignoring_case(basename_of(v.identifier), base)) {
      found = &v;
      best_rank = 0;
      break;
    }
    // A language: the voice that lists it earliest wins ("en-gb" -> gmw/en, not the RP voice).
    for (std::size_t rank = 0; rank < v.languages.size(); ++rank) {
      if (equals_ignoring_case(v.languages[rank], base) && rank + 1 < best_rank) {
        found = &v;
        best_rank = rank + 1;
      }
    }
  }
  if (found != nullptr &&
      (variant.empty() || is_valid_espeak_voice_name(found->identifier + variant))) {
    VoicePreset preset = builtin_default_preset();
    for (const VoicePreset& p : presets) {
      if (p.name == "default") preset = p;
    }
    preset.name = std::string(name);
    preset.description = "eSpeak NG voice " + found->name;
    preset.espeak_voice = found->identifier + variant;
    const std::string language =
        found->languages.empty() ? std::string(base) : found->languages.front();
    preset.language = language.substr(0, language.find("-x-"));
    preset.source = "eSpeak NG";
    return preset;
  }

  // Unknown: suggest the nearest names.
  std::vector<std::string> candidates;
  for (const VoicePreset& p : presets) candidates.push_back(p.name);
  for (const InstalledVoice& v : installed_voices) {
    candidates.push_back(basename_of(v.identifier));
    for (const std::string& language : v.languages) candidates.push_back(language);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<std::pair<std::size_t, std::string>> scored;
  const std::size_t limit = std::max<std::size_t>(2, base.size() / 3);
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(base, c);
    if (d <= limit) scored.emplace_back(d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string message = "unknown voice '" + std::string(name) + "'";
  if (!scored.empty()) {
    message += "; did you mean ";
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i) {
      if (i > 0) message += i + 1 == std::min<std::size_t>(scored.size(), 3) ? " or " : ", ";
      message += "'" + scored[i].second + variant + "'";
    }
    message += "? Use";
  } else {
    message += "; use";
  }
  std::string preset_names;
  for (const VoicePreset& p : presets) preset_names += (preset_names.empty() ? "" : ", ") + p.name;
  message += " a preset (" + preset_names +
             ") or an eSpeak NG voice or language (espeak-ng --voices lists them)";
  throw Error(ExitCode::usage, message);
}

}  // namespace voxmark::speech
