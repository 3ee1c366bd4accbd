#include "common/printable.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <cstdio>

namespace voxmark {

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  char escape[16];
  for (std::int32_t i = 0; i < length;) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) {  // not UTF-8: each byte of the ill-formed sequence shown as \xNN
      for (std::int32_t k = start; k < i; ++k) {
        std::snprintf(escape, sizeof escape, "\\x%02x", s[k]);
        out += escape;
      }
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(c));
      out += escape;
    } else if (c >= 0x80 && c < 0xA0) {
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
      out += escape;
    } else {
      out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
  }
  return out;
}

void controls_to_spaces(std::string& text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      text[i] = ' ';
    } else if (c == 0xC2 && i + 1 < text.size()) {  // U+0080..U+009F are C2 80..C2 9F
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {
        text[i] = ' ';
        text[++i] = ' ';
      }
    }
  }
}

}  // namespace voxmark
