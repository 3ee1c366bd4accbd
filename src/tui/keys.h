// Keys as the listener presses them: the bytes a terminal sends, decoded into key events, and
// the names the key-binding file uses for them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace voxmark::tui {

enum class KeyCode : std::uint8_t {
  character,  // a printable character (never a space): see Key::character
  space,
  enter,
  escape,
  tab,
  backspace,
  left,
  right,
  up,
  down,
  page_up,
  page_down,
  home,
  end,
  insert,
  delete_key,
  unknown,  // a control character, a function key, Alt+something: reported, never bound
};

struct Key {
  KeyCode code = KeyCode::unknown;
  char32_t character = 0;  // the code point, for KeyCode::character only
  bool operator==(const Key&) const = default;
};

inline Key character_key(char32_t c) { return Key{KeyCode::character, c}; }
inline Key named_key(KeyCode code) { return Key{code, 0}; }

// The name the key-binding file uses: "a", "!", "PageDown", "Space", "Hash" (for '#', which
// starts a comment in the file). Unknown keys are "unknown".
std::string key_name(const Key& key);

// The key as help and docs show it: key_name(), except '#' itself.
std::string key_label(const Key& key);

// The inverse of key_name(): a single character (case matters: "v" is not "V"), or a name
// such as "PageDown" (case does not matter). Accepts "Sharp" for '#' as mpv does.
std::optional<Key> parse_key_name(std::string_view name);

// Every multi-letter name parse_key_name() accepts, for error messages and the docs.
std::string_view key_name_list();

// Turns the bytes read from a terminal into keys. Escape sequences may arrive split across
// reads, so an incomplete one is kept until more bytes come; a lone ESC is only an Escape
// key once the terminal has been quiet for kEscapeTimeoutMs (call flush() then).
// Understands the xterm, VT100/VT220, rxvt and Linux-console variants: ESC [ A, ESC O A,
// ESC [ 1 ; 5 C (modifiers ignored), ESC [ 5 ~, ESC [ 1 ~, ESC [ H, ESC [ 4 ~, ESC [ F ...
// Threads: one owner.
class KeyDecoder {
 public:
  static constexpr int kEscapeTimeoutMs = 30;

  // Decodes what it can; keeps the tail of an incomplete sequence for the next call.
  std::vector<Key> feed(std::string_view bytes);
  // True when bytes wait for the rest of a sequence (the caller then waits at most
  // kEscapeTimeoutMs before calling flush()).
  bool has_pending() const { return !pending_.empty(); }
  // The terminal went quiet: a pending lone ESC is the Escape key; a truncated sequence is
  // an unknown key.
  std::vector<Key> flush();

 private:
  std::string pending_;
};

}  // namespace voxmark::tui
