// voxmark keys: the key bindings in effect, or docs/keys.md.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "tui/key_bindings.h"

namespace voxmark::cli {

struct KeysOptions {
  bool markdown = false;
  std::string key_file;
};

void register_keys(CLI::App& app, Action& action) {
  auto options = std::make_shared<KeysOptions>();
  CLI::App* command = app.add_subcommand("keys", "List the keys of voxmark play (with your key file)");
  command->add_flag("--markdown", options->markdown,
                    "Print docs/keys.md (the default keys) as Markdown");
  command->add_option("--keys", options->key_file, "Key-binding file (default: ~/.config/voxmark/keys.conf)");
  command->callback([options, &action] {
    action = [options] {
      std::vector<Warning> warnings;
      tui::print_keys(std::cout, options->markdown, options->key_file, warnings);
      print_warnings(warnings);
      return 0;
    };
  });
}

}  // namespace voxmark::cli
