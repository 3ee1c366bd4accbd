#include "text/abbreviations.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/printable.h"
#include "text/unicode_chars.h"
#include "voxmark/embedded.h"

namespace voxmark::text::detail {
namespace {

struct BuiltIn {
  std::string_view language;
  const std::string_view* text;
};

// The compiled-in files (CMakeLists.txt embeds data/abbreviations/*.txt).
const std::array<BuiltIn, 4> kBuiltIn = {{{"en", &embedded::abbreviations_en},
                                          {"fr", &embedded::abbreviations_fr},
                                          {"de", &embedded::abbreviations_de},
                                          {"es", &embedded::abbreviations_es}}};

struct KindName {
  std::string_view name;
  Abbr kind;
};

constexpr std::array<KindName, 12> kKinds = {{{"title", Abbr::kTitle},
                                              {"number", Abbr::kNumberPrefix},
                                              {"citation", Abbr::kCitation},
                                              {"joiner", Abbr::kInfix},
                                              {"month", Abbr::kMonth},
                                              {"end", Abbr::kEnd},
                                              {"suffix", Abbr::kSuffix},
                                              {"unit", Abbr::kUnit},
                                              {"latin", Abbr::kLatin},
                                              {"etc", Abbr::kEtc},
                                              {"et-al", Abbr::kEtAl},
                                              {"time", Abbr::kTime}}};

std::string KindList() {
  std::string out;
  for (const auto& k : kKinds) out += (out.empty() ? "" : ", ") + std::string(k.name);
  return out;
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// Letters (any script), inner dots, apostrophes, hyphens and the ordinal signs "°" "º".
bool IsValidWord(std::string_view w) {
  if (w.empty() || w.front() == '.' || w.back() == '.') return false;
  for (std::size_t i = 0; i < w.size();) {
    const Decoded d = DecodeAt(w, i, w.size());
    if (!(IsAlpha(d.cp) || d.cp == '.' || d.cp == '\'' || d.cp == '-' || d.cp == 0xB0 ||
          d.cp == 0xBA)) {
      return false;
    }
    if (d.cp == '.' && i + 1 < w.size() && w[i + 1] == '.') return false;
    i += d.len;
  }
  return true;
}

}  // namespace

void Abbreviations::parse(std::string_view text, const std::string& name) {
  std::vector<std::pair<std::string, AbbrEntry>> exact;
  std::vector<std::pair<std::string, AbbrEntry>> folded;
  int number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto fields = Fields(line);
    if (fields.empty() || fields[0].front() == '#') continue;
    const std::string where = printable(name) + ":" + std::to_string(number) + ": ";
    const std::string fix = "; fix or remove the line (format: docs/guide.md, \"Abbreviations\")";
    if (fields.size() < 2 || fields.size() > 3) {
      throw Error(ExitCode::data, where + "expected ABBREVIATION KIND [exact], got " +
                                      std::to_string(fields.size()) + " field(s)" + fix);
    }
    std::string_view word = fields[0];
    if (word.size() < 2 || word.back() != '.' || !IsValidWord(word.substr(0, word.size() - 1))) {
      throw Error(ExitCode::data, where + "'" + printable(word) +
                                      "' is not one abbreviation ending in a period, such as "
                                      "'Dr.' or 'e.g.'" +
                                      fix);
    }
    word.remove_suffix(1);
    AbbrEntry entry;
    for (const auto& k : kKinds) {
      if (k.name == fields[1]) entry.kind = k.kind;
    }
    if (entry.kind == Abbr::kNone) {
      throw Error(ExitCode::data, where + "unknown kind '" + printable(fields[1]) +
                                      "' (use one of " + KindList() + ")" + fix);
    }
    if (fields.size() == 3 && fields[2] != "exact") {
      throw Error(ExitCode::data, where + "unknown flag '" + printable(fields[2]) +
                                      "' (the only flag is 'exact')" + fix);
    }
    const std::string lower = AsciiLower(word);
    if (fields.size() == 3) {
      entry.rule = CaseRule::kExact;
      exact.emplace_back(std::string(word), entry);
    } else {
      entry.rule = lower == word ? CaseRule::kAny : CaseRule::kCapitalized;
      folded.emplace_back(lower, entry);
    }
    if (pos > text.size()) break;
  }
  // Only a whole valid file is added.
  for (auto& [k, e] : exact) {
    folded_.erase(k);
    exact_[k] = e;
  }
  for (auto& [k, e] : folded) {
    folded_[k] = e;
    // A later case-insensitive entry overrides an earlier exact one of the same word.
    for (auto it = exact_.begin(); it != exact_.end();) {
      it = AsciiLower(it->first) == k ? exact_.erase(it) : std::next(it);
    }
  }
}

Abbr Abbreviations::lookup(std::string_view word) const {
  if (word.empty()) return Abbr::kNone;
  const std::string w(word);
  if (auto it = exact_.find(w); it != exact_.end()) return it->second.kind;
  const std::string key = AsciiLower(word);
  auto it = folded_.find(key);
  if (it == folded_.end()) return Abbr::kNone;
  if (it->second.rule == CaseRule::kAny) return it->second.kind;
  if (word[0] >= 'A' && word[0] <= 'Z') return it->second.kind;
  // Lower-case "dr." or "st." is a street ("5th st."), which may end a sentence.
  return it->second.kind == Abbr::kTitle ? Abbr::kEnd : Abbr::kNone;
}

std::string PrimaryLanguage(std::string_view locale) {
  const std::size_t end = locale.find_first_of("-_@.");
  return AsciiLower(locale.substr(0, end));
}

std::string UserAbbreviationFile(std::string_view language) {
  const std::string rel = "/voxmark/abbreviations/" + std::string(language) + ".txt";
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + rel;
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return std::string(home) + "/.config" + rel;
  return "";
}

const Abbreviations& AbbreviationsFor(std::string_view locale) {
  std::string language = PrimaryLanguage(locale);
  const BuiltIn* built_in = &kBuiltIn[0];
  for (const auto& b : kBuiltIn) {
    if (b.language == language) built_in = &b;
  }
  // A language tag is letters only; anything else never names a user file.
  const bool plain = !language.empty() && language.size() <= 8 &&
                     language.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
  const std::string user_file = plain ? UserAbbreviationFile(language) : std::string();

  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Abbreviations>> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  const std::string key = std::string(built_in->language) + '\n' + user_file;
  if (auto it = cache.find(key); it != cache.end()) return *it->second;

  auto set = std::make_unique<Abbreviations>();
  set->set_language(std::string(built_in->language));
  set->parse(*built_in->text,
             "data/abbreviations/" + std::string(built_in->language) + ".txt (built in)");
  if (!user_file.empty()) {
    std::ifstream in(user_file, std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      set->parse(text.str(), user_file);
    }
  }
  return *cache.emplace(key, std::move(set)).first->second;
}

}  // namespace voxmark::text::detail
