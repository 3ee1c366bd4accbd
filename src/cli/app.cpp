#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "common/error.h"

namespace voxmark::cli {

void add_document_options(CLI::App& command, DocumentOptions& options) {
  command.add_option("file", options.file,
                     "Markdown file to read; - reads standard input; default: the bundled op-ed");
  command.add_flag("--read-code", options.read.read_code_blocks,
                   "After announcing a code block, read it line by line with its symbols named");
  command
      .add_option_function<std::string>(
          "--punctuation",
          [&options](const std::string& level) {
            options.read.punctuation = level == "none"  ? markdown::PunctuationLevel::none
                                       : level == "all" ? markdown::PunctuationLevel::all
                                                        : markdown::PunctuationLevel::some;
          },
          "How much punctuation prose says: none, some (default) or all; code is always spelled")
      ->check(CLI::IsMember({"none", "some", "all"}));
  command
      .add_option_function<std::string>(
          "--urls",
          [&options](const std::string& mode) {
            options.read.urls = mode == "full"   ? markdown::UrlMode::full
                                : mode == "none" ? markdown::UrlMode::none
                                                 : markdown::UrlMode::host;
          },
          "How bare URLs are said: host (default: \"link to example.org\"), full or none")
      ->check(CLI::IsMember({"full", "host", "none"}));
  command
      .add_option_function<std::string>(
          "--structure",
          [&options](const std::string& mode) {
            options.read.structure = mode == "headings" ? markdown::StructureMode::headings
                                                        : markdown::StructureMode::full;
          },
          "What makes sections: full (default: headings, bold run-in headings, thematic breaks) "
          "or headings (Markdown headings only)")
      ->check(CLI::IsMember({"full", "headings"}));
}

int run_cli(int argc, char** argv) {
  CLI::App app{"voxmark reads Markdown documents aloud.", "voxmark"};
  app.set_version_flag("--version", std::string("voxmark ") + VOXMARK_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  Action action;
  register_outline(app, action);
  register_sentences(app, action);
  register_export(app, action);
  register_voices(app, action);
  register_devices(app, action);
  register_keys(app, action);
  register_play(app, action);  // last: it also makes `voxmark [FILE]` play

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "voxmark: " << e.what() << "; see voxmark --help\n";
    return static_cast<int>(ExitCode::usage);
  }

  try {
    return action();
  } catch (const Error& e) {
    std::cerr << "voxmark: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    std::cerr << "voxmark: out of memory; try a smaller document\n";
    return static_cast<int>(ExitCode::software);
  } catch (const std::exception& e) {
    std::cerr << "voxmark: internal error: " << e.what() << "; please report it\n";
    return static_cast<int>(ExitCode::software);
  }
}

}  // namespace voxmark::cli
