#include "speech/word_span.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace voxmark::speech {
namespace {

bool is_word_char(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_isdigit(c) ||
         (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

bool is_joiner(UChar32 c) {
  // Inside "1,300", "12.5", "NATO-led", "Russia's".
  return c == ',' || c == '.' || c == '-' || c == '\'' || c == 0x2019 || c == 0x2010 || c == 0x2011;
}

UChar32 code_point_at(std::string_view text, std::size_t at, std::size_t* next) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto i = static_cast<int32_t>(at);
  UChar32 c;
  U8_NEXT(bytes, i, static_cast<int32_t>(text.size()), c);
  *next = static_cast<std::size_t>(i);
  return c;
}

// Punctuation that is not said: trimmed from the ends of a word ("2010," -> "2010"), while
// symbols eSpeak reads out ("%", "&", "#") stay.
bool is_silent_punctuation(UChar32 c) {
  const auto mask = U_GET_GC_MASK(c);
  if ((mask & (U_GC_PS_MASK | U_GC_PE_MASK | U_GC_PI_MASK | U_GC_PF_MASK | U_GC_PD_MASK)) != 0) {
    return true;
  }
  return std::u32string_view(U",.;:!?\"'\u2026\u00A1\u00BF\u2019").find(static_cast<char32_t>(c)) !=
         std::u32string_view::npos;
}

}  // namespace

// Byte offset of each code point of `text`, plus text.size() at the end (eSpeak NG reports
// word positions in code points).
std::vector<std::size_t> code_point_offsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  offsets.reserve(text.size() + 1);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    offsets.push_back(static_cast<std::size_t>(i));
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    (void)c;
  }
  offsets.push_back(text.size());
  return offsets;
}

// eSpeak NG's word length covers only what it says first: "1," of "1,300", "NATO" of
// "NATO-Russia". Extends `end` over the rest of the written word (letters and digits, and
// joiners between them), but not across ideographs, which are words on their own.
std::size_t extend_word_end(std::string_view text, std::size_t end) {
  while (end < text.size()) {
    std::size_t next = 0;
    const UChar32 c = code_point_at(text, end, &next);
    if (c < 0 || u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) break;
    if (is_word_char(c)) {
      end = next;
      continue;
    }
    if (!is_joiner(c) || next >= text.size()) break;
    std::size_t after = 0;
    const UChar32 d = code_point_at(text, next, &after);
    if (d < 0 || !is_word_char(d) || u_hasBinaryProperty(d, UCHAR_IDEOGRAPHIC)) break;
    end = after;
  }
  return end;
}

// Shrinks [begin, end) of `text` to drop white space, and unspoken punctuation when something
// else remains.
std::pair<std::size_t, std::size_t> trim_word(std::string_view text, std::size_t begin,
                                              std::size_t end) {
  struct Cp {
    std::size_t begin, end;
    UChar32 c;
  };
  std::vector<Cp> cps;
  for (std::size_t i = begin; i < end;) {
    std::size_t next = 0;
    const UChar32 c = code_point_at(text.substr(0, end), i, &next);
    cps.push_back({i, next, c});
    i = next;
  }
  const auto space = [](const Cp& p) { return p.c < 0 || u_isUWhiteSpace(p.c); };
  const auto droppable = [&](const Cp& p) { return space(p) || is_silent_punctuation(p.c); };
  const bool has_spoken =
      std::any_of(cps.begin(), cps.end(), [&](const Cp& p) { return !droppable(p); });
  std::size_t first = 0, last = cps.size();
  while (first < last && (has_spoken ? droppable(cps[first]) : space(cps[first]))) ++first;
  while (last > first && (has_spoken ? droppable(cps[last - 1]) : space(cps[last - 1]))) --last;
  if (first == last) return {begin, begin};
  return {cps[first].begin, cps[last - 1].end};
}

}  // namespace voxmark::speech
