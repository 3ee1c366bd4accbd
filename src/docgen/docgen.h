// docgen: man pages and shell completions generated from the CLI11 definitions the program
// parses its command line with, so what they document is what voxmark accepts.
//
// Contract: pure functions of the App (and of the compiled-in key bindings and command table
// for voxmark-keys(7)); no I/O, no global state. Hidden commands and options (empty group, as
// `__generate`/`__complete`) are left out. The build runs `voxmark __generate all DIR`
// (CMakeLists.txt), installs the results, and tests lint them and compare them with the App.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace voxmark::docgen {

// What a value-taking option's argument is, for completion.
enum class ValueKind {
  none,     // a flag
  file,     // a path (text values)
  choice,   // one of `choices`
  number,   // nothing to offer
  voice,    // a voice preset or eSpeak NG voice: `voxmark __complete voices`
  section,  // a section of the document on the line: `voxmark __complete sections FILE`
};

struct OptionDoc {
  std::vector<std::string> names;  // "-o", "--output"; a positional has none
  std::string positional;          // "file" for a positional, else ""
  std::string value_name;          // "FILE", "N", "X", "none|some|all"; "" for a flag
  std::string description;
  ValueKind kind = ValueKind::none;
  std::vector<std::string> choices;  // for ValueKind::choice
};

struct CommandDoc {
  std::string name;  // "" for the top level
  std::string description;
  std::vector<OptionDoc> options;  // in definition order, --help first
};

// The top level first, then every visible subcommand in definition order.
std::vector<CommandDoc> describe(const CLI::App& app);

// voxmark(1): synopsis, a section per command, exit status, files, environment, examples.
std::string man_page(const CLI::App& app);
// voxmark-keys(7): the default keys and the stdin commands.
std::string keys_man_page();

std::string bash_completion(const CLI::App& app);
std::string zsh_completion(const CLI::App& app);
std::string fish_completion(const CLI::App& app);

}  // namespace voxmark::docgen
