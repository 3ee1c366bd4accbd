// The one command table: stdin lines, key bindings and tests all run these commands.
// A command records what the listener wants; the player thread applies it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace voxmark::player {

enum class CommandId {
  pause,
  resume,
  toggle,
  next,  // sentence
  prev,
  next_block,  // paragraph, list item, ...
  prev_block,
  skip_past,  // past the list, table, quote or code block being read
  next_section,
  prev_section,
  next_heading,  // argument: level 1-6
  prev_heading,
  repeat,  // the current sentence from its start
  go_start,
  go_end,         // the last sentence
  goto_section,   // argument: section number (1-based)
  goto_sentence,  // argument: sentence number (1-based)
  goto_saved,     // where the listener left this document last time (PlayerSettings)
  faster,         // +0.1
  slower,         // -0.1
  normal_speed,   // 1.0
  speed,          // argument: factor 0.5-6
  volume_up,      // +10
  volume_down,    // -10
  volume,         // argument: percent 0-200
  quit,           // saves the position
  // Terminal-only: the key-binding screen handles these; elsewhere they are refused.
  outline,
  help,
};

enum class ArgumentKind { none, integer, number };

struct CommandSpec {
  CommandId id;
  std::string_view name;
  ArgumentKind argument;
  double min_value;  // the argument's range, when it has one
  double max_value;
  std::string_view description;
};

struct Command {
  CommandId id;
  double value = 0;  // the argument, when the command takes one
};

// Every command, in the order the help lists them.
std::span<const CommandSpec> command_table();
const CommandSpec& spec_of(CommandId id);

// Parses "next-heading 2", "speed 1.5", "toggle" ... (surrounding white space ignored).
// On error returns a one-line message naming the command and its expected syntax.
std::variant<Command, std::string> parse_command(std::string_view line);

// "speed X (0.5 to 6)" for help and error messages.
std::string syntax_of(const CommandSpec& spec);

inline constexpr double kMinSpeed = 0.5;
inline constexpr double kMaxSpeed = 6.0;
inline constexpr double kSpeedStep = 0.1;
inline constexpr int kMaxVolumePercent = 200;
inline constexpr int kVolumeStepPercent = 10;

}  // namespace voxmark::player
