// Key bindings: which command each key runs. One file format for the defaults compiled into
// voxmark (src/tui/default-keys.conf) and for the listener's own file, in the manner of
// mpv's input.conf:
//
//   KEY COMMAND [ARGUMENTS]  # what it does
//
// COMMAND ARGUMENTS is exactly a line of the standard-input command language
// (player::parse_command), so the keys, stdin and the tests share one command table.
// `KEY ignore` removes a binding. A bad line is reported as a Warning ("FILE:LINE") and
// skipped; the other lines still work.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "player/command.h"
#include "tui/keys.h"

namespace voxmark::tui {

struct Binding {
  Key key;
  player::Command command;
  std::string command_text;  // canonical: "next-heading 2", "speed 1.5"
  std::string description;   // the line's comment, or the command's own description
  std::string where;         // "FILE:LINE" of the line that made it
};

// The bindings in effect, in the order help lists them (the default file's order, then
// keys the listener added).
class KeyBindings {
 public:
  // Binds a key, replacing (in place) any binding it had.
  void bind(Binding binding);
  void unbind(const Key& key);
  // The key's binding, or nullptr.
  const Binding* find(const Key& key) const;
  const std::vector<Binding>& all() const { return bindings_; }

 private:
  std::vector<Binding> bindings_;
};

// Applies the lines of one key file to `bindings` (later lines win). `file_name` is used in
// warnings only. Never throws for bad content: each bad line becomes one warning.
void parse_key_bindings(std::string_view text, std::string_view file_name, KeyBindings& bindings,
                        std::vector<Warning>& warnings);

// One row of help: the keys that run the same command, and what it does.
struct HelpEntry {
  std::vector<std::string> key_names;  // "PageDown", "]", "#" (key_label)
  std::string command_text;
  std::string description;
};
std::vector<HelpEntry> help_entries(const KeyBindings& bindings);

// The help text, one line a command: the keys padded to a column, then the description.
// Used by the `?` screen, by plain mode and by `voxmark keys`.
std::vector<std::string> help_lines(const KeyBindings& bindings);

// docs/keys.md, generated from the default bindings (a unit test checks the file is current).
std::string keys_markdown(const KeyBindings& defaults);

// --- Needing the compiled-in defaults (default_keys.cpp) -------------------------------------

// The text of src/tui/default-keys.conf, as compiled into the binary.
std::string_view default_key_bindings_text();

// The default bindings alone. Warnings here would be a bug in default-keys.conf.
KeyBindings default_key_bindings(std::vector<Warning>& warnings);

// $XDG_CONFIG_HOME/voxmark/keys.conf, else ~/.config/voxmark/keys.conf ("" when neither
// XDG_CONFIG_HOME nor HOME is set).
std::string default_user_key_file();

// The defaults, then the listener's file on top: `key_file`, or when empty the default
// user file if it exists. Bad lines become warnings. Throws Error(no_input) when a file the
// listener named explicitly cannot be read.
KeyBindings load_key_bindings(const std::string& key_file, std::vector<Warning>& warnings);

// For `voxmark keys`: with `markdown`, docs/keys.md (from the defaults only, so that
// `voxmark keys --markdown > docs/keys.md` regenerates the doc); otherwise the keys in effect
// (defaults plus the listener's file) as help lines. Throws as load_key_bindings().
void print_keys(std::ostream& out, bool markdown, const std::string& key_file,
                std::vector<Warning>& warnings);

}  // namespace voxmark::tui
