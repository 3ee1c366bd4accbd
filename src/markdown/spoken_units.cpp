#include "markdown/spoken_units.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdlib>
#include <string>
#include <string_view>

namespace voxmark::markdown {
namespace {

// A unit symbol and its words. What eSpeak NG 1.51 makes of each glued to a number (espeak-ng
// -x) is why it is here: "3.1ms" "em es", "2.43MB" "em bee", "16kHz" "kay aitch zed", "200px"
// "pee ex", "1.5s" "one point five zee". Not here, since eSpeak NG says them right or they are
// also something else: "%" ("percent"), "5GHz" is said right but kept with its family, "B"
// ("7B" parameters), "K" ("4K"), "D" ("3D"), "m" and "M" (minutes, metres, millions), "b" and
// "Gb" (bits or bytes), "s" after a whole number ("the 10s", "10s" is heard "tens").
struct SpokenUnit {
  std::string_view symbol;  // case matters: "ms" and "MS", "mb" and "MB" are not the same
  std::string_view one;     // after exactly "1", or describing what follows (unit_words)
  std::string_view many;
  bool spaced = false;        // also as a word of its own after the number ("150 ms")
  bool decimal_only = false;  // only after a decimal fraction: "1.5s", not "10s"
};

// clang-format off
constexpr std::array kSpokenUnits = {
    // time
    SpokenUnit{"ns", "nanosecond", "nanoseconds", true},
    SpokenUnit{"us", "microsecond", "microseconds"},
    SpokenUnit{"\u00B5s", "microsecond", "microseconds", true},  // micro sign
    SpokenUnit{"\u03BCs", "microsecond", "microseconds", true},  // Greek mu
    SpokenUnit{"ms", "millisecond", "milliseconds", true},
    SpokenUnit{"s", "second", "seconds", false, true},
    SpokenUnit{"min", "minute", "minutes"},
    SpokenUnit{"h", "hour", "hours"},
    // data
    SpokenUnit{"kB", "kilobyte", "kilobytes", true},
    SpokenUnit{"KB", "kilobyte", "kilobytes", true},
    SpokenUnit{"MB", "megabyte", "megabytes", true},
    SpokenUnit{"GB", "gigabyte", "gigabytes", true},
    SpokenUnit{"TB", "terabyte", "terabytes", true},
    SpokenUnit{"PB", "petabyte", "petabytes", true},
    SpokenUnit{"KiB", "kibibyte", "kibibytes", true},
    SpokenUnit{"MiB", "mebibyte", "mebibytes", true},
    SpokenUnit{"GiB", "gibibyte", "gibibytes", true},
    SpokenUnit{"TiB", "tebibyte", "tebibytes", true},
    SpokenUnit{"KB/s", "kilobyte per second", "kilobytes per second", true},
    SpokenUnit{"kB/s", "kilobyte per second", "kilobytes per second", true},
    SpokenUnit{"MB/s", "megabyte per second", "megabytes per second", true},
    SpokenUnit{"GB/s", "gigabyte per second", "gigabytes per second", true},
    SpokenUnit{"MiB/s", "mebibyte per second", "mebibytes per second", true},
    SpokenUnit{"GiB/s", "gibibyte per second", "gibibytes per second", true},
    SpokenUnit{"kbps", "kilobit per second", "kilobits per second", true},
    SpokenUnit{"Kbps", "kilobit per second", "kilobits per second", true},
    SpokenUnit{"Mbps", "megabit per second", "megabits per second", true},
    SpokenUnit{"Gbps", "gigabit per second", "gigabits per second", true},
    // frequency
    SpokenUnit{"Hz", "hertz", "hertz", true},
    SpokenUnit{"kHz", "kilohertz", "kilohertz", true},
    SpokenUnit{"MHz", "megahertz", "megahertz", true},
    SpokenUnit{"GHz", "gigahertz", "gigahertz", true},
    // screens and print
    SpokenUnit{"px", "pixel", "pixels", true},
    SpokenUnit{"fps", "frame per second", "frames per second", true},
    SpokenUnit{"dpi", "dot per inch", "dots per inch", true},
    // length and mass
    SpokenUnit{"mm", "millimeter", "millimeters", true},
    SpokenUnit{"cm", "centimeter", "centimeters", true},
    SpokenUnit{"km", "kilometer", "kilometers", true},
    SpokenUnit{"kg", "kilogram", "kilograms", true},
};
// clang-format on

bool is_digit(uint8_t b) { return b >= '0' && b <= '9'; }
bool is_ascii_alnum(uint8_t b) {
  return is_digit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

// Whether the code point at s[at] (at < length) is a letter or digit of any script.
bool alnum_at(const uint8_t* s, int32_t at, int32_t length) {
  if (s[at] < 0x80) return is_ascii_alnum(s[at]) || s[at] == '_';
  UChar32 c = 0;
  U8_NEXT(s, at, length, c);
  return c >= 0 && (u_isalnum(c) || c == 0xB5);
}

// A number starts a token at s[at]: not inside a word, a hex or other number ("0x1F", "1e3",
// "1920x1080"), a path, a time ("10:30"), money or a name ("@2", "#3", "v2" unless `after_v`).
bool starts_token(const uint8_t* s, int32_t at) {
  if (at == 0) return true;
  const uint8_t b = s[at - 1];
  if (b >= 0x80) {
    int32_t before = at;
    UChar32 c = 0;
    U8_PREV(s, 0, before, c);
    return c >= 0 && !u_isalnum(c) && c != 0xB5;
  }
  if (is_ascii_alnum(b)) return false;
  switch (b) {
    case '_':
    case '.':
    case ',':
    case '/':
    case '\\':
    case ':':
    case '$':
    case '#':
    case '@':
    case '\'':
    case '^':
      return false;
    case '-':  // a minus sign, not a part of a name ("x86-64KB", "build-2.0.1")
      return at == 1 || !(is_ascii_alnum(s[at - 2]) || s[at - 2] == '_');
    default:
      return true;
  }
}

// The token ends at s[end]: not before a letter or digit, nor before a file extension, a path
// or a compound ("5ms.log", "64KB/page", "16kHz-sampled": see starts_compound).
bool ends_token(const uint8_t* s, int32_t end, int32_t length) {
  if (end >= length) return true;
  if (alnum_at(s, end, length)) return false;
  const uint8_t b = s[end];
  return !((b == '.' || b == '/' || b == '-' || b == ':' || b == '@') && end + 1 < length &&
           alnum_at(s, end + 1, length));
}

// The end of the number at s[at]: digits, thousands groups ("1,024"), a fraction ("3.1").
int32_t number_end(const uint8_t* s, int32_t at, int32_t length, bool& decimal) {
  int32_t k = at;
  while (k < length && is_digit(s[k])) ++k;
  if (k - at <= 3) {
    while (k + 3 < length && s[k] == ',' && is_digit(s[k + 1]) && is_digit(s[k + 2]) &&
           is_digit(s[k + 3]) && (k + 4 >= length || !is_digit(s[k + 4]))) {
      k += 4;
    }
  }
  decimal = k + 1 < length && s[k] == '.' && is_digit(s[k + 1]);
  if (decimal) {
    k += 2;
    while (k < length && is_digit(s[k])) ++k;
  }
  return k;
}

// The token goes on as a hyphenated compound at s[end]: "-" and a letter ("64KB-aligned",
// "16kHz-sampled"), not a range ("5ms-10ms").
bool starts_compound(const uint8_t* s, int32_t end, int32_t length) {
  return end + 1 < length && s[end] == '-' &&
         ((s[end + 1] >= 'a' && s[end + 1] <= 'z') || (s[end + 1] >= 'A' && s[end + 1] <= 'Z'));
}

// How the unit's symbol must end: the token, a hyphenated compound's first part ("64KB-
// aligned"), or a range's first part, before "-" and a digit ("5ms-10ms").
enum class UnitEnd { token, compound, range };

// The longest unit whose symbol is at s[at] and ends as `ends`; null if none.
const SpokenUnit* unit_at(const uint8_t* s, int32_t at, int32_t length, bool decimal, bool spaced,
                          UnitEnd ends = UnitEnd::token) {
  const SpokenUnit* best = nullptr;
  for (const SpokenUnit& unit : kSpokenUnits) {
    const auto n = static_cast<int32_t>(unit.symbol.size());
    if ((spaced && !unit.spaced) || (unit.decimal_only && !decimal) || at + n > length) continue;
    if (std::string_view(reinterpret_cast<const char*>(s) + at, unit.symbol.size()) !=
        unit.symbol) {
      continue;
    }
    const int32_t end = at + n;
    const bool ended = ends == UnitEnd::token ? ends_token(s, end, length)
                       : ends == UnitEnd::compound
                           ? starts_compound(s, end, length)
                           : end + 1 < length && s[end] == '-' && is_digit(s[end + 1]);
    if (!ended) continue;
    if (!best || unit.symbol.size() > best->symbol.size()) best = &unit;
  }
  return best;
}

// Whether a sentence may start at s[begin]: only spaces before it since the text's start or a
// sentence's or clause's end ('.', '!', '?', ':', ';'), an opening bracket or a quote.
bool sentence_may_start(const uint8_t* s, int32_t begin) {
  int32_t k = begin;
  while (k > 0 && s[k - 1] == ' ') --k;
  if (k == 0) return true;
  return std::string_view(".!?:;(\"'").find(static_cast<char>(s[k - 1])) != std::string_view::npos;
}

// Whether the number at s[at] comes right after the article "a" or "an" (after a space or a
// no-break space): the unit is then an adjective, said in the singular ("a 5 MB cache" -> "a 5
// megabyte cache"). A capital "A" counts only where a sentence may start ("A 5 MB cache is
// enough"), not as a label ("disk A 500GB").
bool after_indefinite_article(const uint8_t* s, int32_t at) {
  int32_t k = at;
  for (;;) {
    if (k > 0 && s[k - 1] == ' ') {
      --k;
    } else if (k > 1 && s[k - 2] == 0xC2 && s[k - 1] == 0xA0) {
      k -= 2;
    } else {
      break;
    }
  }
  if (k == at) return false;
  int32_t begin = k;
  while (begin > 0 && is_ascii_alnum(s[begin - 1])) --begin;
  if (begin > 0 && s[begin - 1] == '_') return false;  // in a word
  if (begin > 0 && s[begin - 1] >= 0x80) {
    // A letter of another script goes on with the word ("España"); a dash or a quote does not
    // ("it—a 5 MB download").
    int32_t before = begin;
    UChar32 c = 0;
    U8_PREV(s, 0, before, c);
    if (c < 0 || u_isalnum(c)) return false;
  }
  const std::string_view word(reinterpret_cast<const char*>(s) + begin,
                              static_cast<std::size_t>(k - begin));
  if (word == "a" || word == "an") return true;
  return (word == "A" || word == "An" || word == "AN") && sentence_may_start(s, begin);
}

// A number's value, its thousands commas skipped: s[at, end) as number_end found it.
double number_value(const uint8_t* s, int32_t at, int32_t end) {
  std::string digits;
  for (int32_t k = at; k < end; ++k) {
    if (s[k] != ',') digits.push_back(static_cast<char>(s[k]));
  }
  return std::strtod(digits.c_str(), nullptr);
}

// The unit's words after `digits`: singular for exactly 1, or where the unit describes what
// follows (`adjective`: after "a", first in a compound) unless its singular has "per" in it ("a
// 300 dpi scan" is "a 300 dots per inch scan", not "dot per inch").
std::string_view unit_words(const SpokenUnit& unit, std::string_view digits, bool adjective) {
  const bool singular =
      digits == "1" || (adjective && unit.one.find(" per ") == std::string_view::npos);
  return singular ? unit.one : unit.many;
}

// The number at s[at] and its unit (the token's start is the caller's to check): appends the
// words, sets `unit` and returns the end, or returns -1. `singular`: the unit is an adjective
// whatever the number.
int32_t number_with_unit(const uint8_t* s, int32_t at, int32_t length, bool singular,
                         std::string& out, const SpokenUnit*& unit) {
  bool decimal = false;
  const int32_t number = number_end(s, at, length, decimal);
  int32_t symbol = number;
  unit = unit_at(s, symbol, length, decimal, false);
  // The first part of a compound adjective: in the singular, the rest read as written ("64KB-
  // aligned" -> "64 kilobyte-aligned").
  const bool compound =
      !unit && (unit = unit_at(s, symbol, length, decimal, false, UnitEnd::compound));
  if (!unit && number < length && s[number] == ' ') {
    symbol = number + 1;
    unit = unit_at(s, symbol, length, decimal, true);
  } else if (!unit && number + 1 < length && s[number] == 0xC2 && s[number + 1] == 0xA0) {
    symbol = number + 2;  // a no-break space
    unit = unit_at(s, symbol, length, decimal, true);
  }
  if (!unit) return -1;
  const std::string_view digits(reinterpret_cast<const char*>(s) + at,
                                static_cast<std::size_t>(number - at));
  out.append(digits);
  out.push_back(' ');
  out.append(unit_words(*unit, digits, compound || singular));
  return symbol + static_cast<int32_t>(unit->symbol.size());
}

// A range with a hyphen and a unit after its second number, or after both: "5-10ms", "5-10 ms",
// "5ms-10ms" -> "5 to 10 milliseconds"; "5ms-1.5s" -> "5 milliseconds to 1.5 seconds".
int32_t unit_range(const uint8_t* s, int32_t at, int32_t length, bool singular, std::string& out) {
  bool decimal = false;
  const int32_t number = number_end(s, at, length, decimal);
  const SpokenUnit* first = nullptr;
  int32_t dash = number;
  if (dash >= length || s[dash] != '-') {
    first = unit_at(s, number, length, decimal, false, UnitEnd::range);
    if (!first) return -1;
    dash = number + static_cast<int32_t>(first->symbol.size());
  }
  if (dash + 1 >= length || s[dash] != '-' || !is_digit(s[dash + 1])) return -1;
  std::string second;
  const SpokenUnit* unit = nullptr;
  const int32_t end = number_with_unit(s, dash + 1, length, singular, second, unit);
  if (end < 0) return -1;
  // A range in one unit goes up: "15ms-5ms" is a subtraction, "3080-10GB" a model's name.
  bool second_decimal = false;
  const int32_t second_end = number_end(s, dash + 1, length, second_decimal);
  if ((!first || first == unit) &&
      !(number_value(s, at, number) < number_value(s, dash + 1, second_end))) {
    return -1;
  }
  const std::string_view digits(reinterpret_cast<const char*>(s) + at,
                                static_cast<std::size_t>(number - at));
  out.append(digits);
  if (first && first != unit) {
    out.push_back(' ');
    out.append(unit_words(*first, digits, singular));
  }
  out.append(" to ");
  out.append(second);
  return end;
}

}  // namespace

int32_t speak_unit(const uint8_t* s, int32_t at, int32_t length, std::string& out) {
  if (at >= length || !is_digit(s[at]) || !starts_token(s, at)) return -1;
  const bool singular = after_indefinite_article(s, at);
  const int32_t range = unit_range(s, at, length, singular, out);
  if (range >= 0) return range;
  const SpokenUnit* unit = nullptr;
  return number_with_unit(s, at, length, singular, out, unit);
}

int32_t speak_version(const uint8_t* s, int32_t at, int32_t length, std::string& out) {
  if (at >= length || !is_digit(s[at])) return -1;
  const bool after_v = at > 0 && (s[at - 1] == 'v' || s[at - 1] == 'V');
  if (after_v ? !starts_token(s, at - 1) : !starts_token(s, at)) return -1;
  std::array<std::string_view, 3> parts;
  int32_t k = at;
  for (std::size_t part = 0; part < parts.size(); ++part) {
    if (part > 0) {
      if (k + 1 >= length || s[k] != '.' || !is_digit(s[k + 1])) return -1;
      ++k;
    }
    const int32_t first = k;
    while (k < length && is_digit(s[k])) ++k;
    parts[part] = std::string_view(reinterpret_cast<const char*>(s) + first,
                                   static_cast<std::size_t>(k - first));
  }
  if (k + 1 < length && s[k] == '.' && is_digit(s[k + 1])) return -1;  // "10.0.0.1"
  if (k < length && s[k] != '-' && s[k] != '+' && !ends_token(s, k, length)) return -1;
  // eSpeak NG says the digits after a point one by one: right for "1.2.3", not for "1.51.0".
  if (parts[1].size() < 2 && parts[2].size() < 2) return -1;
  if (after_v) out.push_back(' ');
  out.append(parts[0]);
  for (std::size_t part = 1; part < parts.size(); ++part) {
    out.append(" point ");
    out.append(parts[part]);
  }
  return k;
}

}  // namespace voxmark::markdown
