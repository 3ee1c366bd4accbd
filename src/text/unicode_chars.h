// UTF-8 decoding and the character classes the sentence rules look at (internal to src/text).
// Input should be valid UTF-8, but nothing here trusts that: a malformed byte decodes as
// U+FFFD of length 1, so every loop still advances and stays in bounds.
#pragma once

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace voxmark::text::detail {

struct Decoded {
  UChar32 cp;
  std::size_t len;
};

// The code point starting at i (i < end).
inline Decoded DecodeAt(std::string_view s, std::size_t i, std::size_t end) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = 0;
  UChar32 cp = 0;
  UChar32 min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {0xFFFD, 1};
  }
  if (end - i < len) return {0xFFFD, 1};
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1};
  return {cp, len};
}

// The code point ending just before i (i > begin).
inline Decoded DecodeBefore(std::string_view s, std::size_t i, std::size_t begin) {
  std::size_t j = i - 1;
  while (j > begin && i - j < 4 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  const Decoded d = DecodeAt(s, j, i);
  if (j + d.len == i) return d;
  return {0xFFFD, 1};
}

// ---------------------------------------------------------------------------------------
// Character classes.

inline bool IsSpace(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return u_isUWhiteSpace(c);
}

// Characters after which UAX #29 always breaks (Sep, CR, LF); voxmark treats them all as
// hard line ends, like '\n'.
inline bool IsParaSep(UChar32 c) {
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

inline bool IsDotLike(UChar32 c) { return c == '.' || c == 0x2026; }  // '.', '…'

inline bool IsBang(UChar32 c) {  // !, ?, ‼, ‽, ⁇, ⁈, ⁉
  return c == '!' || c == '?' || c == 0x203C || c == 0x203D || (c >= 0x2047 && c <= 0x2049);
}

inline bool IsCloser(UChar32 c) {
  if (c == '"' || c == '\'') return true;
  if (c < 0x80) return c == ')' || c == ']' || c == '}';
  const auto t = u_charType(c);
  return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

inline bool IsOpener(UChar32 c) {
  if (c == '"' || c == '\'') return true;
  if (c < 0x80) return c == '(' || c == '[' || c == '{';
  if (c == 0xBF || c == 0xA1) return true;  // ¿ ¡
  const auto t = u_charType(c);
  return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION;
}

inline bool IsUpper(UChar32 c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(c) || u_istitle(c);
}
inline bool IsLower(UChar32 c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return u_islower(c);
}
inline bool IsDigit(UChar32 c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_isdigit(c);
}
inline bool IsAlpha(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isalpha(c);
}

// List bullets. '-', '*' and '+' count only when the line also starts with them.
inline bool IsBullet(UChar32 c) {
  // • ‣ ⁃ ∙ ▪ ▫ ■ □ ▸ ► ○ ● ◦
  static constexpr std::array<UChar32, 13> kBullets = {0x2022, 0x2023, 0x2043, 0x2219, 0x25AA,
                                                       0x25AB, 0x25A0, 0x25A1, 0x25B8, 0x25BA,
                                                       0x25CB, 0x25CF, 0x25E6};
  return c == '-' || c == '*' || c == '+' ||
         std::find(kBullets.begin(), kBullets.end(), c) != kBullets.end();
}

// ASCII lower-casing; other bytes are kept (keys with non-ASCII letters are stored as is).
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace voxmark::text::detail
