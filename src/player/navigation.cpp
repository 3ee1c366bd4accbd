#include "player/navigation.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

namespace voxmark::player {
namespace {

using document::Document;

bool has_sentences(const Document& doc, std::size_t section) {
  return doc.sections[section].sentence_count > 0;
}

// The first sentence of the first section from `section` onwards (in direction `step`)
// that matches `wanted` and has sentences of its own.
template <typename Predicate>
std::optional<std::size_t> section_start(const Document& doc, long section, int step,
                                         Predicate wanted) {
  for (long s = section; s >= 0 && s < static_cast<long>(doc.sections.size()); s += step) {
    const auto index = static_cast<std::size_t>(s);
    if (wanted(doc.sections[index]) && has_sentences(doc, index))
      return doc.sections[index].first_sentence;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> navigate(const Document& doc, std::size_t current,
                                    const Command& command) {
  if (doc.sentences.empty()) return std::nullopt;
  current = std::min(current, doc.sentences.size() - 1);
  const auto& sentence = doc.sentences[current];
  const long section = static_cast<long>(sentence.section_index);
  const auto any = [](const document::Section&) { return true; };
  const int level = static_cast<int>(command.value);
  const auto at_level = [level](const document::Section& s) { return s.level == level; };
  switch (command.id) {
    case CommandId::next:
      if (current + 1 < doc.sentences.size()) return current + 1;
      return std::nullopt;
    case CommandId::prev:
      return current > 0 ? current - 1 : 0;
    case CommandId::repeat:
      return current;
    case CommandId::next_block:
      if (sentence.block_index + 1 < doc.blocks.size())
        return doc.blocks[sentence.block_index + 1].first_sentence;
      return std::nullopt;
    case CommandId::prev_block:
      return sentence.block_index > 0 ? doc.blocks[sentence.block_index - 1].first_sentence : 0;
    case CommandId::skip_past: {
      // The innermost unit around this sentence: units are in order of their first sentence,
      // so the last one that contains it is the innermost.
      std::optional<std::size_t> end;
      for (const document::Unit& unit : doc.units) {
        if (unit.first_sentence > current) break;
        if (current < unit.first_sentence + unit.sentence_count)
          end = unit.first_sentence + unit.sentence_count;
      }
      if (!end || *end >= doc.sentences.size()) return std::nullopt;
      return *end;
    }
    case CommandId::next_section:
      return section_start(doc, section + 1, +1, any);
    case CommandId::prev_section:
      return section_start(doc, section - 1, -1, any).value_or(0);
    case CommandId::next_heading:
      return section_start(doc, section + 1, +1, at_level);
    case CommandId::prev_heading:
      return section_start(doc, section - 1, -1, at_level);
    case CommandId::go_start:
      return 0;
    case CommandId::go_end:
      return doc.sentences.size() - 1;
    case CommandId::goto_section: {
      const auto number = static_cast<std::size_t>(command.value);
      if (number < 1 || number > doc.sections.size()) return std::nullopt;
      return std::min(doc.sections[number - 1].first_sentence, doc.sentences.size() - 1);
    }
    case CommandId::goto_sentence: {
      const auto number = static_cast<std::size_t>(command.value);
      if (number < 1 || number > doc.sentences.size()) return std::nullopt;
      return number - 1;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::size_t> find_section(const Document& doc, std::string_view wanted) {
  if (!wanted.empty() && wanted.find_first_not_of("0123456789") == std::string_view::npos) {
    std::size_t number = 0;
    const auto [end, ec] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), number);
    if (ec == std::errc() && number >= 1 && number <= doc.sections.size()) return number - 1;
    return std::nullopt;  // out of range, or too large to be a number at all
  }
  auto lower = [](std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return out;
  };
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < doc.sections.size(); ++i) {
    if (doc.sections[i].title == wanted) return i;
    if (lower(doc.sections[i].title).rfind(lower(wanted), 0) == 0) {
      if (found) return std::nullopt;  // ambiguous
      found = i;
    }
  }
  return found;
}

}  // namespace voxmark::player
