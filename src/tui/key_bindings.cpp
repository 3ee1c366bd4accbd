#include "tui/key_bindings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "common/printable.h"
#include "tui/text_layout.h"

namespace voxmark::tui {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// "next-heading 2", "speed 1.5": the same text whatever spacing the file used.
std::string canonical_text(const player::Command& command) {
  const player::CommandSpec& spec = player::spec_of(command.id);
  std::string out(spec.name);
  if (spec.argument == player::ArgumentKind::none) return out;
  char buffer[32];
  if (command.value == std::floor(command.value)) {
    std::snprintf(buffer, sizeof buffer, " %.0f", command.value);
  } else {
    std::snprintf(buffer, sizeof buffer, " %g", command.value);
  }
  return out + buffer;
}

bool same_command(const player::Command& a, const player::Command& b) {
  return a.id == b.id && a.value == b.value;
}

// A key name inside a Markdown table cell, as code: a '|' would end the cell and a backtick
// the code span.
std::string markdown_key(const std::string& name) {
  std::string escaped;
  for (char c : name) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  if (name.find('`') != std::string::npos) return "`` " + escaped + " ``";
  return "`" + escaped + "`";
}

std::string markdown_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '[') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void KeyBindings::bind(Binding binding) {
  for (Binding& existing : bindings_) {
    if (existing.key == binding.key) {
      existing = std::move(binding);
      return;
    }
  }
  bindings_.push_back(std::move(binding));
}

void KeyBindings::unbind(const Key& key) {
  std::erase_if(bindings_, [&](const Binding& b) { return b.key == key; });
}

const Binding* KeyBindings::find(const Key& key) const {
  for (const Binding& b : bindings_) {
    if (b.key == key) return &b;
  }
  return nullptr;
}

void parse_key_bindings(std::string_view text, std::string_view file_name, KeyBindings& bindings,
                        std::vector<Warning>& warnings) {
  // Where each key was bound in this file, to point out a key bound twice by mistake.
  std::map<std::string, std::size_t> seen_on_line;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto newline = text.find('\n');
    const std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;

    const std::string where = std::string(file_name) + ":" + std::to_string(line_number);
    // Messages quote the line (the key, the command's error); printable() keeps a stray
    // control character in the file from reaching the terminal.
    auto warn = [&](const std::string& message) {
      warnings.push_back(Warning{where, printable(message)});
    };

    const auto key_end = line.find_first_of(" \t");
    const std::string_view key_token = line.substr(0, key_end);
    std::string_view rest = key_end == std::string_view::npos ? "" : line.substr(key_end);
    std::string_view description;
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
      description = trim(rest.substr(hash + 1));
      rest = rest.substr(0, hash);
    }
    rest = trim(rest);

    const std::optional<Key> key = parse_key_name(key_token);
    if (!key) {
      warn("unknown key '" + std::string(key_token) +
           "'; a key is one character or one of: " + std::string(key_name_list()));
      continue;
    }
    if (rest.empty()) {
      warn("'" + std::string(key_token) +
           "' has no command; write KEY COMMAND, for example 'n next'");
      continue;
    }
    const std::string name = key_name(*key);
    if (const auto it = seen_on_line.find(name); it != seen_on_line.end()) {
      warn("key '" + name + "' was already bound on line " + std::to_string(it->second) +
           "; this line replaces it");
    }
    seen_on_line[name] = line_number;

    if (rest == "ignore") {
      bindings.unbind(*key);
      continue;
    }
    auto parsed = player::parse_command(rest);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
      warn(*error);
      continue;
    }
    const player::Command command = std::get<player::Command>(parsed);
    Binding binding;
    binding.key = *key;
    binding.command = command;
    binding.command_text = canonical_text(command);
    // The help screen prints the description: the same care as for warnings.
    binding.description = description.empty() ? std::string(player::spec_of(command.id).description)
                                              : printable(description);
    binding.where = where;
    bindings.bind(std::move(binding));
  }
}

std::vector<HelpEntry> help_entries(const KeyBindings& bindings) {
  std::vector<HelpEntry> entries;
  std::vector<player::Command> commands;  // parallel to entries
  for (const Binding& b : bindings.all()) {
    const auto it = std::find_if(commands.begin(), commands.end(), [&](const player::Command& c) {
      return same_command(c, b.command);
    });
    if (it != commands.end()) {
      entries[static_cast<std::size_t>(it - commands.begin())].key_names.push_back(
          key_label(b.key));
      continue;
    }
    commands.push_back(b.command);
    entries.push_back(HelpEntry{{key_label(b.key)}, b.command_text, b.description});
  }
  return entries;
}

std::vector<std::string> help_lines(const KeyBindings& bindings) {
  const std::vector<HelpEntry> entries = help_entries(bindings);
  std::vector<std::string> keys;
  int column = 0;
  for (const HelpEntry& e : entries) {
    std::string joined;
    for (const std::string& k : e.key_names) joined += (joined.empty() ? "" : ", ") + k;
    column = std::max(column, display_width(joined));
    keys.push_back(std::move(joined));
  }
  // A long key list (many keys for one command) should not push every description right.
  column = std::min(column, 18);
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    lines.push_back(pad_to_width(keys[i], column) + "  " + entries[i].description);
  }
  return lines;
}

std::string keys_markdown(const KeyBindings& defaults) {
  std::string out =
      "# Keys\n"
      "\n"
      "<!-- Generated from src/tui/default-keys.conf by `voxmark keys --markdown > docs/keys.md`.\n"
      "     Do not edit by hand: a unit test fails when this file and the defaults differ. -->\n"
      "\n"
      "These keys control `voxmark play` in a terminal, on the full screen and with `--ui plain`.\n"
      "Each runs a command of the language standard input accepts (see `docs/commands.md`).\n"
      "\n"
      "| Key | Command | What it does |\n"
      "| --- | --- | --- |\n";
  for (const HelpEntry& e : help_entries(defaults)) {
    std::string keys;
    for (const std::string& k : e.key_names) keys += (keys.empty() ? "" : ", ") + markdown_key(k);
    out += "| " + keys + " | `" + e.command_text + "` | " + markdown_text(e.description) + " |\n";
  }
  out +=
      "\n"
      "Shifted digits are listed as the characters a US keyboard sends (`!` is Shift+1). On\n"
      "other layouts, bind the characters your keyboard sends (see below). Ctrl-C stops and\n"
      "Ctrl-Z suspends, as in any terminal program; the terminal is restored either way.\n"
      "\n"
      "## In the outline and the help\n"
      "\n"
      "`t` opens the outline: Up and Down (or PageUp, PageDown, Home, End) choose a section,\n"
      "typing its number chooses it directly, Enter goes there and Escape closes the outline.\n"
      "`?` opens the help; Up and Down scroll it and Escape, Enter, `?` or `q` close it.\n"
      "Playback goes on meanwhile.\n"
      "\n"
      "## Your own keys\n"
      "\n"
      "voxmark reads `$XDG_CONFIG_HOME/voxmark/keys.conf` (by default\n"
      "`~/.config/voxmark/keys.conf`) after the defaults. Each line binds one key:\n"
      "\n"
      "```\n"
      "# KEY  COMMAND [ARGUMENTS]  # what it does (shown by ?)\n"
      "n      next\n"
      "p      prev\n"
      "s      speed 2.5            # my usual speed\n"
      "Hash   prev-heading 3\n"
      "v      ignore               # unbind v\n"
      "```\n"
      "\n"
      "- A key is one character (case matters: `v` and `V` differ) or one of: " +
      std::string(key_name_list()) +
      ".\n"
      "- The command is any command of the standard-input language, with its arguments.\n"
      "- A line for a key that already has a binding replaces it; `KEY ignore` removes it.\n"
      "- `#` starts a comment (so the `#` key is written `Hash`); blank lines are ignored.\n"
      "- A line that is wrong is reported as `voxmark: warning: FILE:LINE: what is wrong` and\n"
      "  skipped; the other lines still work.\n"
      "\n"
      "`voxmark keys` lists the keys in effect, your file included.\n";
  return out;
}

}  // namespace voxmark::tui
