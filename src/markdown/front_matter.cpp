#include "markdown/front_matter.h"

#include <yaml-cpp/yaml.h>

#include <string>

#include "common/printable.h"

namespace voxmark::markdown {
namespace {

// Returns the line starting at `pos` (without its line ending) and moves `pos` past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const std::size_t end = text.find('\n', pos);
  std::string_view line =
      text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
  pos = end == std::string_view::npos ? text.size() : end + 1;
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

// Metadata is shown (outline, the screen's title), so its control characters become spaces.
std::string scalar(const YAML::Node& map, const char* key) {
  const YAML::Node node = map[key];
  std::string value = node && node.IsScalar() ? node.as<std::string>() : std::string();
  controls_to_spaces(value);
  return value;
}

// A BCP 47 language tag as voxmark uses it: a 2-8 letter language, then subtags of 1-8
// letters or digits after '-' (or ICU's '_'): "en", "en-GB", "zh-Hant-TW". The tag becomes an
// ICU locale for sentence breaking, where a malformed one is an error, so anything else is
// refused here with a warning (found by fuzzing).
bool is_language_tag(std::string_view tag) {
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  while (i < tag.size() && alpha(tag[i])) ++i;
  if (i < 2 || i > 8) return false;
  while (i < tag.size()) {
    if (tag[i] != '-' && tag[i] != '_') return false;
    const std::size_t begin = ++i;
    while (i < tag.size() && (alpha(tag[i]) || digit(tag[i]))) ++i;
    if (i == begin || i - begin > 8) return false;
  }
  return true;
}

}  // namespace

FrontMatter read_front_matter(std::string_view text, std::string_view name,
                              std::vector<Warning>& warnings) {
  FrontMatter result;
  std::size_t pos = 0;
  if (next_line(text, pos) != "---") return result;
  const std::size_t yaml_begin = pos;
  int lines = 1;
  while (pos < text.size()) {
    const std::size_t line_begin = pos;
    const std::string_view line = next_line(text, pos);
    ++lines;
    if (line == "---" || line == "...") {
      try {
        const YAML::Node root =
            YAML::Load(std::string(text.substr(yaml_begin, line_begin - yaml_begin)));
        // Only a mapping is front matter; anything else is Markdown that starts with a
        // thematic break, and is read as such rather than lost.
        if (!root.IsMap()) return result;
        result.metadata.title = scalar(root, "title");
        result.metadata.author = scalar(root, "author");
        result.metadata.source = scalar(root, "source");
        const char* language_key = scalar(root, "language").empty() ? "lang" : "language";
        const std::string language = scalar(root, language_key);
        if (is_language_tag(language)) {
          result.metadata.language = language;
        } else if (!language.empty()) {
          warnings.push_back(
              {std::string(name) + ":" + std::to_string(root[language_key].Mark().line + 2),
               std::string(language_key) + " '" + printable(language) +
                   "' is not a language tag such as en or en-GB; ignored"});
        }
      } catch (const YAML::Exception& e) {
        warnings.push_back({std::string(name) + ":" + std::to_string(e.mark.line + 2),
                            // yaml-cpp's message can quote the offending character.
                            "front matter is not valid YAML (" + printable(e.msg) +
                                "); it is read as Markdown text"});
        return result;
      }
      result.length_bytes = pos;
      result.line_count = lines;
      return result;
    }
  }
  // No closing line: this "---" is a thematic break, not front matter.
  return result;
}

}  // namespace voxmark::markdown
