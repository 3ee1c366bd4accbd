#include "player/command.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace voxmark::player {
namespace {

using enum CommandId;
using enum ArgumentKind;

constexpr CommandSpec kCommands[] = {
    {pause, "pause", none, 0, 0, "pause"},
    {resume, "resume", none, 0, 0, "resume after a pause"},
    {toggle, "toggle", none, 0, 0, "pause or resume"},
    {next, "next", none, 0, 0, "next sentence"},
    {prev, "prev", none, 0, 0, "previous sentence (from the start of the current one)"},
    {next_block, "next-block", none, 0, 0, "next block (paragraph, list item, quote)"},
    {prev_block, "prev-block", none, 0, 0, "previous block"},
    {skip_past, "skip-past", none, 0, 0,
     "skip past the list, table, quote or code block being read"},
    {next_section, "next-section", none, 0, 0, "next section (heading)"},
    {prev_section, "prev-section", none, 0, 0, "previous section"},
    {next_heading, "next-heading", integer, 1, 6, "next heading of level N"},
    {prev_heading, "prev-heading", integer, 1, 6, "previous heading of level N"},
    {repeat, "repeat", none, 0, 0, "repeat the current sentence"},
    {go_start, "start", none, 0, 0, "go to the start of the document"},
    {go_end, "end", none, 0, 0, "go to the last sentence"},
    {goto_section, "goto-section", integer, 1, 1e9, "go to section N (see voxmark outline)"},
    {goto_sentence, "goto-sentence", integer, 1, 1e9, "go to sentence N"},
    {goto_saved, "goto-saved", none, 0, 0, "go back to where you left this document last time"},
    {faster, "faster", none, 0, 0, "speak 0.1 faster"},
    {slower, "slower", none, 0, 0, "speak 0.1 slower"},
    {normal_speed, "normal-speed", none, 0, 0, "back to speed 1"},
    {speed, "speed", number, kMinSpeed, kMaxSpeed, "set the speed factor"},
    {volume_up, "volume-up", none, 0, 0, "volume up by 10"},
    {volume_down, "volume-down", none, 0, 0, "volume down by 10"},
    {volume, "volume", integer, 0, kMaxVolumePercent, "set the volume in percent"},
    {quit, "quit", none, 0, 0, "stop and remember the position"},
    {outline, "outline", none, 0, 0, "pick a section from the outline (terminal only)"},
    {help, "help", none, 0, 0, "show the keys (terminal only)"},
};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string format_number(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::span<const CommandSpec> command_table() { return kCommands; }

const CommandSpec& spec_of(CommandId id) {
  for (const CommandSpec& spec : kCommands) {
    if (spec.id == id) return spec;
  }
  return kCommands[0];
}

std::string syntax_of(const CommandSpec& spec) {
  std::string out(spec.name);
  if (spec.argument == integer && spec.max_value < 1e9) {
    out += " N (" + format_number(spec.min_value) + " to " + format_number(spec.max_value) + ")";
  } else if (spec.argument == integer) {
    out += " N";
  } else if (spec.argument == number) {
    out += " X (" + format_number(spec.min_value) + " to " + format_number(spec.max_value) + ")";
  }
  return out;
}

std::variant<Command, std::string> parse_command(std::string_view line) {
  line = trim(line);
  const auto space = line.find_first_of(" \t");
  const std::string_view name = line.substr(0, space);
  const std::string_view rest = space == std::string_view::npos ? "" : trim(line.substr(space));
  for (const CommandSpec& spec : kCommands) {
    if (spec.name != name) continue;
    if (spec.argument == none) {
      if (!rest.empty())
        return "'" + std::string(line) + "': " + std::string(name) + " takes no argument";
      return Command{spec.id};
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    const bool whole = spec.argument == number || value == std::floor(value);
    if (rest.empty() || ec != std::errc() || end != rest.data() + rest.size() || !whole ||
        !(value >= spec.min_value && value <= spec.max_value)) {
      return "'" + std::string(line) + "': expected " + syntax_of(spec);
    }
    return Command{spec.id, value};
  }
  if (name.empty()) return std::string("empty command; try help, toggle, next, speed 1.5, quit");
  return "unknown command '" + std::string(name) +
         "'; commands: next, prev, next-block, "
         "next-section, next-heading N, toggle, faster, slower, speed X, volume N, quit (see "
         "docs/commands.md)";
}

}  // namespace voxmark::player
