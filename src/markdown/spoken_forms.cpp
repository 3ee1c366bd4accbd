#include "markdown/spoken_forms.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace voxmark::markdown {
namespace {

// Names of the ASCII symbols, short as screen readers say them in code.
constexpr std::string_view ascii_name(char c) {
  switch (c) {
    case '!':
      return "exclamation";
    case '"':
      return "quote";
    case '#':
      return "hash";
    case '$':
      return "dollar";
    case '%':
      return "percent";
    case '&':
      return "ampersand";
    case '\'':
      return "apostrophe";
    case '(':
      return "open paren";
    case ')':
      return "close paren";
    case '*':
      return "star";
    case '+':
      return "plus";
    case ',':
      return "comma";
    case '-':
      return "dash";
    case '.':
      return "dot";
    case '/':
      return "slash";
    case ':':
      return "colon";
    case ';':
      return "semicolon";
    case '<':
      return "less than";
    case '=':
      return "equals";
    case '>':
      return "greater than";
    case '?':
      return "question mark";
    case '@':
      return "at";
    case '[':
      return "open bracket";
    case '\\':
      return "backslash";
    case ']':
      return "close bracket";
    case '^':
      return "caret";
    case '_':
      return "underscore";
    case '`':
      return "backtick";
    case '{':
      return "open brace";
    case '|':
      return "bar";
    case '}':
      return "close brace";
    case '~':
      return "tilde";
    default:
      return {};
  }
}

// Short names for the non-ASCII punctuation met most in prose; the rest get ICU's name.
std::string_view common_name(UChar32 c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
      return "apostrophe";
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
      return "quote";
    case 0x2013:
      return "en dash";
    case 0x2014:
      return "em dash";
    case 0x2026:
      return "ellipsis";
    case 0x2022:
      return "bullet";
    case 0x00B7:
      return "middle dot";
    default:
      return {};
  }
}

bool is_space(UChar32 c) { return c == ' ' || (c >= '\t' && c <= '\r') || u_isUWhiteSpace(c); }

bool is_regional_indicator(UChar32 c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

// Emoji and other pictographs (U+2000 up, so (c) and (R) stay as eSpeak NG says them), and
// the symbols of the blocks READMEs use as marks in tables and lists (Geometric Shapes,
// Miscellaneous Symbols, Dingbats: check marks, ballot boxes, crosses, stars), which eSpeak NG
// 1.51 passes over in silence when they are not emoji ("macOS: ✘" was heard "macOS").
bool is_pictograph(UChar32 c) {
  if (c < 0x2000) return false;
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return true;
  return c >= 0x25A0 && c <= 0x27BF && u_charType(c) == U_OTHER_SYMBOL;
}

// Invisible parts of emoji sequences: variation selectors, joiners, skin tones, tags, keycap.
bool is_emoji_glue(UChar32 c) {
  return c == 0x200D || c == 0xFE0F || c == 0xFE0E || c == 0x20E3 ||
         (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F);
}

bool is_symbol(UChar32 c) {
  const int8_t type = u_charType(c);
  return type == U_MATH_SYMBOL || type == U_CURRENCY_SYMBOL || type == U_MODIFIER_SYMBOL ||
         type == U_OTHER_SYMBOL || u_ispunct(c);
}

// ICU's name for a character, in lower case: "GRINNING FACE" -> "grinning face".
void append_unicode_name(UChar32 c, std::string& out) {
  char name[128];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = u_charName(c, U_UNICODE_CHAR_NAME, name, sizeof name, &status);
  if (U_FAILURE(status) || length <= 0 || length >= static_cast<int32_t>(sizeof name)) return;
  for (int32_t i = 0; i < length; ++i) {
    const char ch = name[i];
    out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
  }
}

// Appends a word with a space on each side; white space is folded later.
void append_word(std::string& out, std::string_view word) {
  out.push_back(' ');
  out.append(word);
  out.push_back(' ');
}

void append_name(UChar32 c, std::string& out) {
  if (c < 0x80) {
    append_word(out, ascii_name(static_cast<char>(c)));
  } else if (const std::string_view common = common_name(c); !common.empty()) {
    append_word(out, common);
  } else {
    out.push_back(' ');
    append_unicode_name(c, out);
    out.push_back(' ');
  }
}

// A regional indicator at s[i - 1]; with the one after it a flag: "flag G B". Returns where
// reading goes on.
int32_t append_regional(const uint8_t* s, int32_t i, int32_t length, UChar32 c, std::string& out) {
  int32_t after = i;
  UChar32 next = -1;
  if (after < length) U8_NEXT(s, after, length, next);
  const auto letter = [](UChar32 r) { return static_cast<char>('A' + (r - 0x1F1E6)); };
  if (is_regional_indicator(next)) {
    out += std::string(" flag ") + letter(c) + ' ' + letter(next) + ' ';
    return after;
  }
  out += std::string(" ") + letter(c) + ' ';
  return i;
}

// Folds white space runs to one space and trims.
std::string fold_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool is_pause_punctuation(UChar32 c) {
  return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?';
}

// The symbols eSpeak NG names by itself in plain text (checked against espeak-ng 1.51 -x).
bool espeak_names(UChar32 c) {
  return c == '#' || c == '&' || c == '%' || c == '*' || c == '@' || c == '/' || c == '~' ||
         c == '+' || c == '=' || c == '\\' || c == '$';
}

// --- Numbers as a listener expects them (English words: the reader has no document
// language here yet) ------------------------------------------------------------------------

bool is_digit(uint8_t b) { return b >= '0' && b <= '9'; }
bool is_ascii_alnum(uint8_t b) {
  return is_digit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

// An ISO date "2024-01-15" starting at s[at], as a whole token: not inside a longer run of
// digits and dashes, a path or file name ("logs/2024-01-15.txt"), a version or a timestamp
// ("2024-01-15T10:00" stays as written: read in part it would be worse). Appends
// "15 January 2024" and returns the end, or -1.
int32_t speak_iso_date(const uint8_t* s, int32_t at, int32_t length, std::string& out) {
  if (at + 10 > length) return -1;
  if (at > 0) {
    const uint8_t b = s[at - 1];
    if (is_ascii_alnum(b) || b == '-' || b == '.' || b == '/' || b == '_' || b == '\\') return -1;
  }
  for (int32_t k = 0; k < 10; ++k) {
    if ((k == 4 || k == 7) ? s[at + k] != '-' : !is_digit(s[at + k])) return -1;
  }
  const int32_t end = at + 10;
  if (end < length) {
    const uint8_t b = s[end];
    if (is_ascii_alnum(b) || b == '-' || b == '_' || b == '/') return -1;
    if ((b == '.' || b == ':') && end + 1 < length && is_ascii_alnum(s[end + 1])) return -1;
  }
  const auto number = [&](int32_t from, int32_t n) {
    int value = 0;
    for (int32_t k = 0; k < n; ++k) value = value * 10 + (s[from + k] - '0');
    return value;
  };
  const int year = number(at, 4);
  const int month = number(at + 5, 2);
  const int day = number(at + 8, 2);
  static constexpr std::array<std::string_view, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return -1;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return -1;
  out += std::to_string(day);
  out.push_back(' ');
  out += kMonths[month - 1];
  out.push_back(' ');
  out.append(reinterpret_cast<const char*>(s) + at, 4);
  return end;
}

// A currency sign (`sign` bytes at s[at]) before a number: "$1.5 million" -> "1.5 million
// dollars", "£1" -> "1 pound". Not after a letter or digit ("US$5" stays), not before a
// number glued to letters ("$5k", "$1.5M"), not before anything but a number ("$HOME").
// Appends the words and returns the end, or -1.
int32_t speak_money(const uint8_t* s, int32_t at, int32_t sign, int32_t length,
                    std::string_view unit, std::string& out) {
  if (at > 0 && is_ascii_alnum(s[at - 1])) return -1;
  int32_t i = at + sign;
  const int32_t first = i;
  while (i < length && is_digit(s[i])) ++i;
  if (i == first) return -1;
  // Thousands separators: ",000" groups of exactly three digits.
  while (i + 3 < length && s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
         is_digit(s[i + 3]) && (i + 4 >= length || !is_digit(s[i + 4]))) {
    i += 4;
  }
  if (i + 1 < length && s[i] == '.' && is_digit(s[i + 1])) {
    i += 2;
    while (i < length && is_digit(s[i])) ++i;
  }
  if (i < length && (is_ascii_alnum(s[i]) || s[i] == '_')) return -1;
  const std::string_view number(reinterpret_cast<const char*>(s) + first,
                                static_cast<std::size_t>(i - first));
  std::string_view scale;
  for (const std::string_view word : {"thousand", "million", "billion", "trillion"}) {
    const auto w = static_cast<int32_t>(word.size());
    if (i + 1 + w <= length && s[i] == ' ' &&
        std::string_view(reinterpret_cast<const char*>(s) + i + 1, word.size()) == word &&
        (i + 1 + w == length || !is_ascii_alnum(s[i + 1 + w]))) {
      scale = word;
      i += 1 + w;
      break;
    }
  }
  out.append(number);
  if (!scale.empty()) {
    out.push_back(' ');
    out.append(scale);
  }
  out.push_back(' ');
  out.append(unit);
  if (number != "1" || !scale.empty()) out.push_back('s');
  return i;
}

// The unit a currency sign at s[at] stands for, and its length in bytes; empty if none.
std::pair<std::string_view, int32_t> currency_at(const uint8_t* s, int32_t at, int32_t length) {
  if (s[at] == '$') return {"dollar", 1};
  if (at + 1 < length && s[at] == 0xC2 && s[at + 1] == 0xA3) return {"pound", 2};
  if (at + 2 < length && s[at] == 0xE2 && s[at + 1] == 0x82 && s[at + 2] == 0xAC) {
    return {"euro", 3};
  }
  return {{}, 0};
}

// An en dash (U+2013) at s[at, at + 3) between two numbers is a range: "10–12" -> "10 to 12",
// "9:00–17:00", "$10–$20". Between words ("pre–war") it stays.
bool is_number_range(const uint8_t* s, int32_t at, int32_t length) {
  if (at == 0 || !is_digit(s[at - 1])) return false;
  const int32_t next = at + 3;
  if (next >= length) return false;
  if (is_digit(s[next])) return true;
  const int32_t sign = currency_at(s, next, length).second;
  return sign > 0 && next + sign < length && is_digit(s[next + sign]);
}

// One of the forms above starting at s[at] (a digit, a currency sign's first byte or an en
// dash's): appends its words and returns the end, or -1 when there is none.
int32_t speak_number_form(const uint8_t* s, int32_t at, int32_t length, std::string& out) {
  if (is_digit(s[at])) return speak_iso_date(s, at, length, out);
  if (s[at] == 0xE2 && at + 2 < length && s[at + 1] == 0x80 && s[at + 2] == 0x93) {
    if (!is_number_range(s, at, length)) return -1;
    out += " to ";
    return at + 3;
  }
  const auto [unit, sign] = currency_at(s, at, length);
  if (sign == 0) return -1;
  return speak_money(s, at, sign, length, unit, out);
}

// Bytes where the default level may rewrite: lead bytes of U+2000 up (pictographs, en dash,
// euro sign), '$', '£''s lead byte 0xC2 and '-' (an ISO date). One look-up a byte.
constexpr std::array<bool, 256> kSomeStop = [] {
  std::array<bool, 256> stop{};
  for (int b = 0xE2; b < 256; ++b) stop[static_cast<std::size_t>(b)] = true;
  stop['$'] = stop['-'] = stop[0xC2] = true;
  return stop;
}();

}  // namespace

std::string spell_code(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 2);
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;
    if (is_space(c)) {
      out.push_back(' ');
    } else if (is_regional_indicator(c)) {
      i = append_regional(s, i, length, c, out);
    } else if (c < 0x80 ? !ascii_name(static_cast<char>(c)).empty()
                        : (is_symbol(c) || is_pictograph(c))) {
      append_name(c, out);
    } else if (c >= 0x80 && is_emoji_glue(c)) {
      // silent: part of the emoji before it
    } else {
      out.append(utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
  }
  return fold_spaces(out);
}

bool prose_needs_rewrite(std::string_view utf8, PunctuationLevel level) {
  if (level == PunctuationLevel::some) {  // the default, over every byte of a document
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    for (std::size_t k = 0; k < utf8.size(); ++k) {
      if (!kSomeStop[s[k]]) continue;
      // A hyphen matters only after a digit (a date), 0xC2 only as the pound sign: plain
      // hyphenated words and other Latin-1 letters keep the fast path.
      if (s[k] == '-') {
        if (k > 0 && is_digit(s[k - 1])) return true;
      } else if (s[k] == 0xC2) {
        if (k + 1 < utf8.size() && s[k + 1] == 0xA3) return true;
      } else {
        return true;
      }
    }
    return false;
  }
  for (const char ch : utf8) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0xE2) return true;  // may be an emoji (U+2000 up) or non-ASCII punctuation
    if (level != PunctuationLevel::some && b >= 0x80) return true;
    if (level != PunctuationLevel::some && b < 0x80 && !ascii_name(ch).empty()) return true;
  }
  return false;
}

namespace {

// The default level changes only pictographs (U+2000 up, lead bytes 0xE2 and above) and the
// number forms (at '$', '-' after a digit, '£'): runs of other bytes are copied whole, since
// this runs over every byte of a document.
void speak_prose_some(std::string_view utf8, std::string& out) {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t copied = 0;
  bool after_name = false;
  for (int32_t i = 0; i < length;) {
    if (!kSomeStop[s[i]]) {
      if (after_name && is_pause_punctuation(s[i]) && out.back() == ' ') out.pop_back();
      after_name = false;
      ++i;
      continue;
    }
    if (s[i] < 0xE2) {
      // '$', '£', or a date's first dash: "2024-01-15" is seen at s[i] == '-', four digits on.
      const bool dash = s[i] == '-';
      const int32_t at = dash ? i - 4 : i;
      std::string words;
      int32_t end = -1;
      if (!dash) {
        end = speak_number_form(s, at, length, words);
      } else if (at >= copied && is_digit(s[i - 1])) {
        end = speak_iso_date(s, at, length, words);
      }
      if (end < 0) {
        after_name = false;
        ++i;
        continue;
      }
      out.append(utf8.data() + copied, static_cast<std::size_t>(at - copied));
      out += words;
      after_name = false;
      copied = i = end;
      continue;
    }
    const int32_t start = i;
    if (s[i] == 0xE2) {
      std::string words;
      if (const int32_t end = speak_number_form(s, i, length, words); end >= 0) {
        out.append(utf8.data() + copied, static_cast<std::size_t>(start - copied));
        out += words;
        after_name = false;
        copied = i = end;
        continue;
      }
    }
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    const bool regional = is_regional_indicator(c);
    if (!regional && !is_pictograph(c) && !is_emoji_glue(c)) continue;
    out.append(utf8.data() + copied, static_cast<std::size_t>(start - copied));
    if (regional) {
      i = append_regional(s, i, length, c, out);
      after_name = true;
    } else if (!is_emoji_glue(c)) {
      append_name(c, out);
      after_name = true;
    }
    copied = i;
  }
  out.append(utf8.data() + copied, static_cast<std::size_t>(length - copied));
}

}  // namespace

void speak_prose(std::string_view utf8, PunctuationLevel level, std::string& out) {
  if (level == PunctuationLevel::some) {
    speak_prose_some(utf8, out);
    return;
  }
  if (!prose_needs_rewrite(utf8, level)) {
    out.append(utf8);
    return;
  }
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  // The code point before and after position i, for "inside a word" and "inside a number".
  auto peek_before = [&](int32_t at) -> UChar32 {
    if (at <= 0) return -1;
    UChar32 c = 0;
    U8_PREV(s, 0, at, c);
    return c;
  };
  auto peek_after = [&](int32_t at) -> UChar32 {
    if (at >= length) return -1;
    UChar32 c = 0;
    U8_NEXT(s, at, length, c);
    return c;
  };
  bool after_name = false;  // the last thing appended was a name with a space after it
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;
    if (after_name && is_pause_punctuation(c) && !out.empty() && out.back() == ' ') out.pop_back();
    after_name = false;
    // Dates, ranges and money are said as words at every level, before any symbol is named.
    if (c == '$' || c == 0xA3 || c == 0x20AC || c == 0x2013 || (c >= '0' && c <= '9')) {
      if (const int32_t end = speak_number_form(s, start, length, out); end >= 0) {
        i = end;
        continue;
      }
    }
    if (is_regional_indicator(c)) {
      i = append_regional(s, i, length, c, out);
      after_name = true;
      continue;
    }
    if (is_pictograph(c)) {
      append_name(c, out);
      after_name = true;
      continue;
    }
    if (c >= 0x80 && is_emoji_glue(c)) continue;
    const bool symbol = c < 0x80 ? !ascii_name(static_cast<char>(c)).empty() : is_symbol(c);
    if (!symbol || level == PunctuationLevel::some) {
      out.append(utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
      continue;
    }
    const UChar32 before = peek_before(start);
    const UChar32 after = peek_after(i);
    const bool in_word = before >= 0 && after >= 0 && u_isalnum(before) && u_isalnum(after);
    const bool in_number = before >= 0 && after >= 0 && u_isdigit(before) && u_isdigit(after);
    const bool joiner = ((c == '\'' || c == 0x2019 || c == '-') && in_word) ||
                        ((c == '.' || c == ',') && in_number);
    if (level == PunctuationLevel::none) {
      // Left out: the symbols eSpeak NG would name, and non-ASCII symbols (arrows, currency).
      // Kept: pause punctuation, joiners, and the marks eSpeak NG is silent on (brackets,
      // quotes, dashes), which still give their pauses.
      const bool named = c < 0x80 ? espeak_names(c) && !joiner : !u_ispunct(c);
      if (named) {
        out.push_back(' ');
      } else {
        out.append(
            utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
      }
      continue;
    }
    // all
    if (joiner) {
      out.append(utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
      continue;
    }
    append_name(c, out);
    if (is_pause_punctuation(c)) {
      // Keep the mark itself after its name, so the voice still pauses there.
      out.pop_back();
      out.append(utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
      out.push_back(' ');
    }
  }
}

bool looks_like_url(std::string_view text) {
  if (text.starts_with("www.") || text.starts_with("WWW.")) return true;
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos || colon == 0 || colon > 10) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = text[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

std::string speak_url(std::string_view url, UrlMode mode) {
  if (url.starts_with("mailto:")) return std::string(url.substr(7));
  if (mode == UrlMode::full) return std::string(url);
  if (mode == UrlMode::none) return "link";
  std::string_view rest = url;
  if (const std::size_t scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
  }
  const std::string_view address = rest.substr(0, rest.find_first_of("?#"));
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);  // user:password@host
  }
  // This machine's own address says nothing without its port and path, which are what a
  // README means by it: "link to localhost:8080/api".
  const std::string_view host =
      rest.starts_with('[') ? rest.substr(0, rest.find(']') + 1) : rest.substr(0, rest.find(':'));
  if (host == "localhost" || host == "127.0.0.1" || host == "0.0.0.0" || host == "[::1]") {
    std::string_view local = address.substr(address.find(host));
    while (local.ends_with('/')) local.remove_suffix(1);
    return "link to " + std::string(local);
  }
  if (!rest.starts_with('[')) rest = rest.substr(0, rest.find(':'));  // the port
  if (rest.starts_with("www.") || rest.starts_with("WWW.")) rest.remove_prefix(4);
  if (rest.empty()) return "link";
  return "link to " + std::string(rest);
}

}  // namespace voxmark::markdown
