// Hidden commands for the build and the shell completions (not in --help):
//   voxmark __generate man|keys-man|bash|zsh|fish      one file to stdout
//   voxmark __generate all DIR                         DIR/man/* and DIR/completions/*
//   voxmark __complete voices                          names --voice accepts, one a line
//   voxmark __complete sections FILE                   section titles of FILE, one a line
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/voice_options.h"
#include "common/error.h"
#include "docgen/docgen.h"

namespace voxmark::cli {
namespace fs = std::filesystem;
namespace {

struct HiddenOptions {
  std::string what;
  std::string argument;
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    throw Error(ExitCode::cant_create, path.string() + ": cannot write it; check the folder");
  }
}

int generate(const CLI::App& app, const HiddenOptions& options) {
  if (options.what == "man") std::cout << docgen::man_page(app);
  if (options.what == "keys-man") std::cout << docgen::keys_man_page();
  if (options.what == "bash") std::cout << docgen::bash_completion(app);
  if (options.what == "zsh") std::cout << docgen::zsh_completion(app);
  if (options.what == "fish") std::cout << docgen::fish_completion(app);
  if (options.what != "all") return 0;
  if (options.argument.empty()) {
    throw Error(ExitCode::usage, "__generate all needs the output folder: __generate all DIR");
  }
  const fs::path dir = options.argument;
  std::error_code ec;
  fs::create_directories(dir / "man", ec);
  fs::create_directories(dir / "completions", ec);
  write_file(dir / "man" / "voxmark.1", docgen::man_page(app));
  write_file(dir / "man" / "voxmark-keys.7", docgen::keys_man_page());
  write_file(dir / "completions" / "voxmark.bash", docgen::bash_completion(app));
  write_file(dir / "completions" / "_voxmark", docgen::zsh_completion(app));
  write_file(dir / "completions" / "voxmark.fish", docgen::fish_completion(app));
  return 0;
}

int complete(const HiddenOptions& options) {
  if (options.what == "voices") {
    std::vector<Warning> ignored;  // a broken preset of the user's: not the place to say so
    for (const speech::VoicePreset& p : all_presets(ignored)) std::cout << p.name << "\n";
    for (const speech::InstalledVoice& v : speech::list_installed_voices()) {
      std::cout << (v.languages.empty() ? v.identifier : v.languages.front()) << "\n";
    }
    return 0;
  }
  // sections FILE
  if (options.argument.empty()) return 0;
  const document::Document doc = load_document(options.argument, markdown::ReadOptions{});
  for (const document::Section& s : doc.sections) {
    if (!s.title.empty()) std::cout << s.title << "\n";
  }
  return 0;
}

}  // namespace

void register_hidden(CLI::App& app, Action& action) {
  auto generate_options = std::make_shared<HiddenOptions>();
  CLI::App* gen = app.add_subcommand("__generate", "Man pages and completions (for the build)");
  gen->group("");  // hidden
  gen->add_option("what", generate_options->what)
      ->required()
      ->check(CLI::IsMember({"man", "keys-man", "bash", "zsh", "fish", "all"}));
  gen->add_option("dir", generate_options->argument);
  gen->callback([generate_options, &app, &action] {
    action = [generate_options, &app] { return generate(app, *generate_options); };
  });

  auto complete_options = std::make_shared<HiddenOptions>();
  CLI::App* comp = app.add_subcommand("__complete", "Candidates for the shell completions");
  comp->group("");
  comp->add_option("what", complete_options->what)
      ->required()
      ->check(CLI::IsMember({"voices", "sections"}));
  comp->add_option("file", complete_options->argument);
  comp->callback([complete_options, &action] {
    action = [complete_options] { return complete(*complete_options); };
  });
}

}  // namespace voxmark::cli
