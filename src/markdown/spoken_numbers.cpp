#include "markdown/spoken_numbers.h"

#include <array>
#include <string_view>
#include <utility>

#include "markdown/spoken_units.h"

namespace voxmark::markdown {
namespace {

bool is_digit(uint8_t b) { return b >= '0' && b <= '9'; }
bool is_ascii_alnum(uint8_t b) {
  return is_digit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
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
  // GitHub's inline math, "$2^n$" or "$2 + 3$": the next '$' closes it (glued to what is before
  // it, and no amount after it, unlike "$5 or $10").
  if (s[at] == '$') {
    for (int32_t k = i; k < length; ++k) {
      if (s[k] != '$') continue;
      if (s[k - 1] != ' ' && (k + 1 == length || !is_digit(s[k + 1]))) return -1;
      break;
    }
  }
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

// Whether the word before s[at] (after spaces) is "the" or "The": "the 1800s" is a century,
// "timeout 1800s" is seconds.
bool after_the(const uint8_t* s, int32_t at) {
  int32_t k = at;
  if (k == 0 || s[k - 1] != ' ') return false;
  while (k > 0 && s[k - 1] == ' ') --k;
  if (k < 3 || (k > 3 && is_ascii_alnum(s[k - 4]))) return false;
  return (s[k - 3] == 't' || s[k - 3] == 'T') && s[k - 2] == 'h' && s[k - 1] == 'e';
}

// Whether the word before s[at] (after spaces) is one that comes before a decade: "the", or
// "early", "mid" or "late" ("in the late 1960's", "in early 1970's Britain").
bool after_decade_word(const uint8_t* s, int32_t at) {
  if (after_the(s, at)) return true;
  int32_t k = at;
  if (k == 0 || s[k - 1] != ' ') return false;
  while (k > 0 && s[k - 1] == ' ') --k;
  int32_t begin = k;
  while (begin > 0 && is_ascii_alnum(s[begin - 1])) --begin;
  std::string word(reinterpret_cast<const char*>(s + begin), static_cast<std::size_t>(k - begin));
  for (char& c : word) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return word == "early" || word == "mid" || word == "late";
}

// A typographic apostrophe (U+2019) at s[at, at + 3), as in "’80s".
bool right_quote_at(const uint8_t* s, int32_t at, int32_t length) {
  return at + 2 < length && s[at] == 0xE2 && s[at + 1] == 0x80 && s[at + 2] == 0x99;
}

bool ends_word(const uint8_t* s, int32_t end, int32_t length) {
  return end >= length || !(is_ascii_alnum(s[end]) || s[end] == '_' || s[end] >= 0x80);
}

constexpr std::array<std::string_view, 10> kDecades = {
    "",        "tens",    "twenties",  "thirties", "forties",
    "fifties", "sixties", "seventies", "eighties", "nineties"};
constexpr std::array<std::string_view, 11> kTeensAndTwenty = {
    "ten",     "eleven",    "twelve",   "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};

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

}  // namespace

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

// A decade or century: "1990s" -> "nineteen nineties", "the 1900s" -> "the nineteen hundreds",
// "'80s" (or with a typographic apostrophe) -> "eighties", "the 80s" -> "the eighties"; also with
// an apostrophe before the s ("1990's", "'90's", "the 1800's"). A whole token only; a century
// ("1900s") and a bare two-digit decade ("80s") only after "the", since "1800s" and "80s" are also
// seconds ("timeout 1800s"). Years 1000s to 2090s.
int32_t speak_decade(const uint8_t* s, int32_t at, int32_t length, std::string& out) {
  int32_t digits_at = at;
  bool apostrophe = false;
  if (s[at] == '\'') {
    digits_at = at + 1;
    apostrophe = true;
  } else if (right_quote_at(s, at, length)) {
    digits_at = at + 3;
    apostrophe = true;
  } else if (at > 0 && (is_ascii_alnum(s[at - 1]) || s[at - 1] == '.' || s[at - 1] == '-' ||
                        s[at - 1] == '/' || s[at - 1] == '_' || s[at - 1] == ':')) {
    return -1;
  }
  int32_t n = 0;
  while (digits_at + n < length && is_digit(s[digits_at + n])) ++n;
  // "1990s", or in older prose "1990's" and "'90's"
  int32_t end = digits_at + n;
  if (end < length && s[end] == '\'') {
    end += 1;
  } else if (right_quote_at(s, end, length)) {
    end += 3;
  }
  ++end;
  if ((n != 2 && n != 4) || (apostrophe && n != 2) || end > length || s[end - 1] != 's' ||
      !ends_word(s, end, length) || s[digits_at + n - 1] != '0') {
    return -1;
  }
  // "1990's" is also a year's possessive ("2020's revenue"): a decade only after "the",
  // "early", "mid" or "late".
  if (n == 4 && end - (digits_at + n) > 1 && !after_decade_word(s, at)) return -1;
  const int decade = s[digits_at + n - 2] - '0';
  if (n == 2) {
    if (decade == 0 || (!apostrophe && !after_the(s, at))) return -1;
    out += kDecades[static_cast<std::size_t>(decade)];
    return end;
  }
  const int century = (s[digits_at] - '0') * 10 + (s[digits_at + 1] - '0');
  if (century < 10 || century > 20) return -1;
  if (decade == 0) {
    if (!after_the(s, at)) return -1;
    out +=
        century == 20 ? "two thousands" : std::string(kTeensAndTwenty[century - 10]) + " hundreds";
    return end;
  }
  out += kTeensAndTwenty[static_cast<std::size_t>(century - 10)];
  out.push_back(' ');
  out += kDecades[static_cast<std::size_t>(decade)];
  return end;
}

// A factor: "5x faster" -> "5 times faster", "2.5x" -> "2.5 times". A whole token: not
// "0x1F", "1920x1080", "4x4" or "Win3x".
int32_t speak_times(const uint8_t* s, int32_t at, int32_t length, std::string& out) {
  if (at > 0 && (is_ascii_alnum(s[at - 1]) || s[at - 1] == '.' || s[at - 1] == '_')) return -1;
  int32_t k = at;
  while (k < length && is_digit(s[k])) ++k;
  if (k < length && s[k] == '.' && k + 1 < length && is_digit(s[k + 1])) {
    ++k;
    while (k < length && is_digit(s[k])) ++k;
  }
  if (k == at || k >= length || s[k] != 'x' || !ends_word(s, k + 1, length)) return -1;
  if (k + 2 < length && s[k + 1] == '.' && is_ascii_alnum(s[k + 2])) return -1;
  out.append(reinterpret_cast<const char*>(s) + at, static_cast<std::size_t>(k - at));
  out += " times";
  return k + 1;
}

// "~5" -> "about 5" (s[at] is the tilde; a path "~/x" stays).
static int32_t speak_approximately(const uint8_t* s, int32_t at, int32_t length, std::string& out) {
  if (at + 1 >= length || !is_digit(s[at + 1])) return -1;
  if (at > 0 && is_ascii_alnum(s[at - 1])) return -1;
  out += "about ";
  return at + 1;
}

int32_t speak_number_form_at_stop(const uint8_t* s, int32_t i, int32_t copied, int32_t length,
                                  std::string& out, int32_t& at) {
  at = i;
  if (s[i] == '-') {  // a date's first dash, four digits after its start
    at = i - 4;
    return at >= copied && is_digit(s[i - 1]) ? speak_iso_date(s, at, length, out) : -1;
  }
  if (s[i] == 's') {  // a decade's s: "1990s", "1990's", "'80s", "’80’s"
    int32_t zero = i - 1;
    if (zero >= 0 && s[zero] == '\'') {
      zero -= 1;
    } else if (zero >= 2 && right_quote_at(s, zero - 2, length)) {
      zero -= 3;
    }
    if (zero < 1 || s[zero] != '0' || !is_digit(s[zero - 1])) return -1;
    at = zero - 1;
    if (at >= 2 && is_digit(s[at - 1]) && is_digit(s[at - 2])) {
      at -= 2;
    } else if (at >= 1 && s[at - 1] == '\'') {
      at -= 1;
    } else if (at >= 3 && right_quote_at(s, at - 3, length)) {
      at -= 3;
    }
    return at >= copied ? speak_decade(s, at, length, out) : -1;
  }
  if (s[i] == 'x') {  // a factor's x: "2.5x"
    while (at > 0 && (is_digit(s[at - 1]) || s[at - 1] == '.')) --at;
    while (at < i && !is_digit(s[at])) ++at;  // not from a leading '.'
    return at < i && at >= copied ? speak_times(s, at, length, out) : -1;
  }
  if (is_digit(s[i])) {  // a number's first digit: a unit or a version
    if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',')) return -1;
    const int32_t end = speak_unit(s, i, length, out);
    return end >= 0 ? end : speak_version(s, i, length, out);
  }
  return speak_number_form(s, i, length, out);
}

// Which form it can be is told by the first byte: a digit, an en dash's lead or a sign's.
int32_t speak_number_form(const uint8_t* s, int32_t at, int32_t length, std::string& out) {
  if (is_digit(s[at])) {
    int32_t end = speak_iso_date(s, at, length, out);
    if (end < 0) end = speak_decade(s, at, length, out);
    if (end < 0) end = speak_times(s, at, length, out);
    if (end < 0) end = speak_unit(s, at, length, out);
    if (end < 0) end = speak_version(s, at, length, out);
    return end;
  }
  if (s[at] == '~') return speak_approximately(s, at, length, out);
  if (s[at] == '\'' || right_quote_at(s, at, length)) {
    return speak_decade(s, at, length, out);
  }
  if (s[at] == 0xE2 && at + 2 < length && s[at + 1] == 0x80 && s[at + 2] == 0x93) {
    if (!is_number_range(s, at, length)) return -1;
    out += " to ";
    return at + 3;
  }
  const auto [unit, sign] = currency_at(s, at, length);
  if (sign == 0) return -1;
  return speak_money(s, at, sign, length, unit, out);
}

}  // namespace voxmark::markdown
