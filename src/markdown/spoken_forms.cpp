#include "markdown/spoken_forms.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "markdown/spoken_numbers.h"

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

bool is_digit(uint8_t b) { return b >= '0' && b <= '9'; }

// Bytes where the default level may rewrite: lead bytes of U+2000 up (pictographs, en dash,
// euro sign), '$', '£''s lead byte 0xC2, '-' (an ISO date), 's' (a decade), 'x' (a factor),
// '~' and digits (units, versions). One look-up a byte.
constexpr std::array<bool, 256> kSomeStop = [] {
  std::array<bool, 256> stop{};
  for (int b = 0xE2; b < 256; ++b) stop[static_cast<std::size_t>(b)] = true;
  stop['$'] = stop['-'] = stop[0xC2] = stop['s'] = stop['x'] = stop['~'] = true;
  for (int b = '0'; b <= '9'; ++b) stop[static_cast<std::size_t>(b)] = true;  // units, versions
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
      if (s[k] == '-' || s[k] == 'x') {  // a date's dash, a factor's x: after a digit
        if (k > 0 && is_digit(s[k - 1])) return true;
      } else if (s[k] == 's' || is_digit(s[k])) {  // a decade ("1990s"), a unit, a version
        std::string words;
        int32_t at = 0;
        const auto n = static_cast<int32_t>(utf8.size());
        if (speak_number_form_at_stop(s, static_cast<int32_t>(k), 0, n, words, at) >= 0) {
          return true;
        }
      } else if (s[k] == '~') {  // "~5"
        if (k + 1 < utf8.size() && is_digit(s[k + 1])) return true;
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
// number forms (at '$', '£', '~', digits, and a date's, decade's or factor's later byte): runs of
// other bytes are copied whole, since this runs over every byte of a document.
void speak_prose_some(std::string_view utf8, bool english_number_words, std::string& out) {
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
      // '$', '£', '~', a number's first digit, or a form seen at its later byte: a date's first
      // dash ("2024-01-15"), a decade's s ("1990s", "'80s") or a factor's x ("2.5x").
      std::string words;
      int32_t at = i;
      const int32_t end = english_number_words
                              ? speak_number_form_at_stop(s, i, copied, length, words, at)
                              : -1;  // the voice's own reading
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
    if (s[i] == 0xE2 && english_number_words) {
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

void speak_prose(std::string_view utf8, PunctuationLevel level, bool english_number_words,
                 std::string& out) {
  if (level == PunctuationLevel::some) {
    speak_prose_some(utf8, english_number_words, out);
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
    if (english_number_words && (c == '$' || c == 0xA3 || c == 0x20AC || c == 0x2013 || c == '~' ||
                                 c == '\'' || c == 0x2019 || (c >= '0' && c <= '9'))) {
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
