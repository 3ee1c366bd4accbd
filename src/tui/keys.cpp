#include "tui/keys.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace voxmark::tui {
namespace {

struct NamedKey {
  std::string_view name;
  KeyCode code;
};

// The order is the one key_name_list() shows.
constexpr std::array<NamedKey, 15> kNamedKeys{{
    {"Space", KeyCode::space},
    {"Enter", KeyCode::enter},
    {"Escape", KeyCode::escape},
    {"Tab", KeyCode::tab},
    {"Backspace", KeyCode::backspace},
    {"Left", KeyCode::left},
    {"Right", KeyCode::right},
    {"Up", KeyCode::up},
    {"Down", KeyCode::down},
    {"PageUp", KeyCode::page_up},
    {"PageDown", KeyCode::page_down},
    {"Home", KeyCode::home},
    {"End", KeyCode::end},
    {"Insert", KeyCode::insert},
    {"Delete", KeyCode::delete_key},
}};

constexpr char kEsc = '\x1b';
constexpr std::size_t kMaxPendingBytes = 64;

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// One UTF-8 code point at the start of `s`: its value and length, 0 length when `s` ends
// inside it, or nullopt when the bytes are not UTF-8.
struct Utf8Char {
  char32_t value = 0;
  std::size_t length = 0;
};
std::optional<Utf8Char> decode_utf8(std::string_view s) {
  const auto lead = static_cast<unsigned char>(s[0]);
  std::size_t length = 0;
  char32_t value = 0;
  if (lead < 0x80) return Utf8Char{lead, 1};
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
  } else {
    return std::nullopt;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (k >= s.size()) return Utf8Char{0, 0};
    const auto b = static_cast<unsigned char>(s[k]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (b & 0x3F);
  }
  const char32_t min_value = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return std::nullopt;
  }
  return Utf8Char{value, length};
}

// The key of a complete CSI or SS3 sequence, from its parameters and final byte.
Key sequence_key(bool ss3, std::string_view params, char final_byte) {
  switch (final_byte) {
    case 'A':
    case 'a':  // rxvt: Shift+Up
      return named_key(KeyCode::up);
    case 'B':
    case 'b':
      return named_key(KeyCode::down);
    case 'C':
    case 'c':
      return named_key(KeyCode::right);
    case 'D':
    case 'd':
      return named_key(KeyCode::left);
    case 'H':
      return named_key(KeyCode::home);
    case 'F':
      return named_key(KeyCode::end);
    case 'M':  // keypad Enter in application mode
      return ss3 ? named_key(KeyCode::enter) : named_key(KeyCode::unknown);
    case '~':
    case '^':  // rxvt: Ctrl+ the same keys
    case '@': {
      if (ss3) return named_key(KeyCode::unknown);
      // The first parameter says which key; a second one (after ';') is the modifiers.
      int number = 0;
      for (char c : params) {
        if (c == ';') break;
        if (c < '0' || c > '9') return named_key(KeyCode::unknown);
        number = number * 10 + (c - '0');
        if (number > 1000) return named_key(KeyCode::unknown);
      }
      switch (number) {
        case 1:  // VT220 Find, sent by xterm in some modes and by the Linux console
        case 7:  // rxvt
          return named_key(KeyCode::home);
        case 2:
          return named_key(KeyCode::insert);
        case 3:
          return named_key(KeyCode::delete_key);
        case 4:  // VT220 Select, the Linux console's End
        case 8:  // rxvt
          return named_key(KeyCode::end);
        case 5:
          return named_key(KeyCode::page_up);
        case 6:
          return named_key(KeyCode::page_down);
        default:
          return named_key(KeyCode::unknown);
      }
    }
    default:
      return named_key(KeyCode::unknown);
  }
}

// The result of decoding the start of a buffer: a key and the bytes it used, or "wait for
// more bytes" (length 0).
struct Decoded {
  Key key;
  std::size_t length = 0;
};

Decoded decode_one(std::string_view s);

// `s` starts with ESC.
Decoded decode_escape(std::string_view s) {
  if (s.size() < 2) return {};
  const char introducer = s[1];
  if (introducer == kEsc) return {named_key(KeyCode::escape), 1};
  if (introducer == '[' || introducer == 'O') {
    const bool ss3 = introducer == 'O';
    std::size_t j = 2;
    if (j >= s.size()) return {};
    // The Linux console's F1-F5: ESC [ [ A ... ESC [ [ E.
    if (!ss3 && s[j] == '[') {
      if (j + 1 >= s.size()) return {};
      return {named_key(KeyCode::unknown), j + 2};
    }
    const std::size_t params_begin = j;
    // Parameter bytes 0x30-0x3F, then intermediate bytes 0x20-0x2F, then one final byte.
    while (j < s.size() && s[j] >= 0x30 && s[j] <= 0x3F) ++j;
    const std::size_t params_end = j;
    while (j < s.size() && s[j] >= 0x20 && s[j] <= 0x2F) ++j;
    if (j >= s.size()) return {};
    const char final_byte = s[j];
    if (final_byte < 0x40 || final_byte > 0x7E) {
      // Not a sequence after all (a control byte or a character interrupted it): drop what
      // came before and decode that byte on its own.
      return {named_key(KeyCode::unknown), j};
    }
    const Key key =
        sequence_key(ss3, s.substr(params_begin, params_end - params_begin), final_byte);
    return {key, j + 1};
  }
  // ESC followed by a key: what most terminals send for Alt+key. Never bound, so that a
  // meta key cannot trigger a command by accident.
  const Decoded rest = decode_one(s.substr(1));
  if (rest.length == 0) return {};
  return {named_key(KeyCode::unknown), 1 + rest.length};
}

Decoded decode_one(std::string_view s) {
  const auto b = static_cast<unsigned char>(s[0]);
  switch (b) {
    case 0x1b:
      return decode_escape(s);
    case '\r':
    case '\n':
      return {named_key(KeyCode::enter), 1};
    case '\t':
      return {named_key(KeyCode::tab), 1};
    case 0x7f:
    case 0x08:
      return {named_key(KeyCode::backspace), 1};
    case ' ':
      return {named_key(KeyCode::space), 1};
    default:
      break;
  }
  if (b < 0x20) return {named_key(KeyCode::unknown), 1};
  const auto c = decode_utf8(s);
  if (!c) return {named_key(KeyCode::unknown), 1};
  if (c->length == 0) return {};
  // C1 controls and the no-break space variants are not keys anyone binds.
  if (c->value >= 0x80 && c->value < 0xA0) return {named_key(KeyCode::unknown), c->length};
  return {character_key(c->value), c->length};
}

}  // namespace

std::string key_name(const Key& key) {
  if (key.code == KeyCode::character) {
    if (key.character == '#') return "Hash";
    std::string out;
    append_utf8(out, key.character);
    return out;
  }
  for (const NamedKey& named : kNamedKeys) {
    if (named.code == key.code) return std::string(named.name);
  }
  return "unknown";
}

std::string key_label(const Key& key) {
  return key == character_key('#') ? std::string("#") : key_name(key);
}

std::optional<Key> parse_key_name(std::string_view name) {
  if (name.empty()) return std::nullopt;
  if (const auto c = decode_utf8(name); c && c->length == name.size()) {
    if (c->value == ' ') return named_key(KeyCode::space);
    if (c->value < 0x20 || c->value == 0x7f || (c->value >= 0x80 && c->value < 0xA0)) {
      return std::nullopt;
    }
    return character_key(c->value);
  }
  for (const NamedKey& named : kNamedKeys) {
    if (equals_ignoring_case(name, named.name)) return named_key(named.code);
  }
  if (equals_ignoring_case(name, "Hash") || equals_ignoring_case(name, "Sharp")) {
    return character_key('#');
  }
  if (equals_ignoring_case(name, "Esc")) return named_key(KeyCode::escape);
  if (equals_ignoring_case(name, "Return")) return named_key(KeyCode::enter);
  return std::nullopt;
}

std::string_view key_name_list() {
  return "Space, Enter, Escape, Tab, Backspace, Left, Right, Up, Down, PageUp, PageDown, Home, "
         "End, Insert, Delete, Hash (for #)";
}

std::vector<Key> KeyDecoder::feed(std::string_view bytes) {
  pending_.append(bytes);
  std::vector<Key> keys;
  std::size_t i = 0;
  while (i < pending_.size()) {
    const Decoded d = decode_one(std::string_view(pending_).substr(i));
    if (d.length == 0) break;
    keys.push_back(d.key);
    i += d.length;
  }
  pending_.erase(0, i);
  // No real sequence is this long: garbage (a paste of binary data) must not pile up.
  if (pending_.size() > kMaxPendingBytes) {
    keys.push_back(named_key(KeyCode::unknown));
    pending_.clear();
  }
  return keys;
}

std::vector<Key> KeyDecoder::flush() {
  if (pending_.empty()) return {};
  const Key key = pending_ == "\x1b" ? named_key(KeyCode::escape) : named_key(KeyCode::unknown);
  pending_.clear();
  return {key};
}

}  // namespace voxmark::tui
