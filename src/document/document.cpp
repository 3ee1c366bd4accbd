#include "document/document.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

namespace voxmark::document {

std::string_view to_string(BlockKind kind) {
  switch (kind) {
    case BlockKind::heading:
      return "heading";
    case BlockKind::paragraph:
      return "paragraph";
    case BlockKind::list_item:
      return "list_item";
    case BlockKind::block_quote:
      return "block_quote";
    case BlockKind::code_block:
      return "code_block";
    case BlockKind::table:
      return "table";
    case BlockKind::table_row:
      return "table_row";
    case BlockKind::list:
      return "list";
    case BlockKind::quote:
      return "quote";
    case BlockKind::note:
      return "note";
  }
  return "paragraph";
}

bool is_announcement(BlockKind kind) {
  return kind == BlockKind::table || kind == BlockKind::list || kind == BlockKind::quote;
}

std::string_view to_string(SectionKind kind) {
  switch (kind) {
    case SectionKind::preamble:
      return "preamble";
    case SectionKind::heading:
      return "heading";
    case SectionKind::run_in:
      return "run-in";
    case SectionKind::thematic_break:
      return "break";
    case SectionKind::continuation:
      return "continuation";
  }
  return "heading";
}

std::string_view to_string(UnitKind kind) {
  switch (kind) {
    case UnitKind::list:
      return "list";
    case UnitKind::block_quote:
      return "quote";
    case UnitKind::table:
      return "table";
    case UnitKind::code_block:
      return "code block";
  }
  return "list";
}

namespace {
// What an ASCII byte is to count_words, looked up once per byte.
enum AsciiKind : uint8_t { other, alnum, joiner, number_separator };
constexpr std::array<uint8_t, 128> kAsciiKinds = [] {
  std::array<uint8_t, 128> kinds{};
  for (int c = 0; c < 128; ++c) {
    // The same letters and digits as std::isalnum in the "C" locale.
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      kinds[c] = alnum;
    }
  }
  kinds['\''] = joiner;
  kinds['-'] = joiner;
  kinds[','] = number_separator;
  kinds['.'] = number_separator;
  return kinds;
}();
}  // namespace

std::size_t count_words(std::string_view utf8) {
  std::size_t words = 0;
  bool in_word = false;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    if (s[i] < 0x80) {  // ASCII, most of any English text: no decoding, no ICU call
      const uint8_t kind = kAsciiKinds[s[i++]];
      if (kind == alnum) {
        words += in_word ? 0 : 1;
        in_word = true;
      } else if (in_word) {
        // Apostrophes and hyphens join a word ("Russia's", "NATO-led"), and so do separators
        // inside a number ("1,300", "3.5").
        in_word = kind == joiner ||
                  (kind == number_separator && i < length && s[i] >= '0' && s[i] <= '9');
      }
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    const bool joiner = c == 0x2019;  // a typographic apostrophe
    const bool word_char = (c >= 0 && u_isalnum(c)) || (joiner && in_word);
    if (word_char && !in_word) ++words;
    in_word = word_char;
  }
  return words;
}

std::size_t Document::word_count() const {
  std::size_t total = 0;
  for (const Sentence& s : sentences) total += s.word_count;
  return total;
}

std::size_t Document::section_end_sentence(std::size_t section_index) const {
  const int level = sections[section_index].level;
  for (std::size_t i = section_index + 1; i < sections.size(); ++i) {
    if (level == 0 || sections[i].level <= level) return sections[i].first_sentence;
  }
  return sentences.size();
}

}  // namespace voxmark::document
