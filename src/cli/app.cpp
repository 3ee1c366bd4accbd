#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/version.h"
#include "common/error.h"

namespace voxmark::cli {

namespace {

// The top-level usage shows the forms that work: a file alone plays it; a command comes
// first otherwise (options and FILE written before it are moved to it, see below).
class Formatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App* app, std::string name) const override {
    if (app->get_parent() != nullptr) return CLI::Formatter::make_usage(app, std::move(name));
    return "Usage: voxmark [FILE] [OPTIONS]            read FILE aloud (the play command)\n"
           "       voxmark COMMAND [FILE] [OPTIONS]    see voxmark COMMAND --help\n";
  }
};

std::string shown_name(const CLI::Option& option) {
  if (!option.get_positional()) return option.get_name();
  return "'" + option.results().front() + "'";
}

// `voxmark notes.md export -o x.wav`, `voxmark --speed 3 export ...`: what was written before
// the command was parsed as options of the top level (which plays), where the command never
// looks. Each is given to the command instead, as if written after it; one the command does
// not take, or gives itself, is a usage error. Nothing is ever dropped silently.
void move_options_to_command(CLI::App& app) {
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  if (chosen.empty()) return;
  CLI::App& command = *chosen.front();
  const std::string name = command.get_name();
  std::vector<CLI::Option*> moved;
  for (CLI::Option* top : app.get_options()) {
    if (top->count() == 0 || top == app.get_help_ptr() || top == app.get_version_ptr()) continue;
    CLI::Option* own =
        command.get_option_no_throw(top->get_positional() ? top->get_name(true) : top->get_name());
    if (own == nullptr) {
      throw Error(ExitCode::usage,
                  shown_name(*top) + " is written before the command " + name + ", which " +
                      (top->get_positional() ? "reads no document" : "does not take that option") +
                      "; see voxmark " + name + " --help");
    }
    if (own->count() > 0) {
      throw Error(ExitCode::usage, shown_name(*top) +
                                       " is given both before and after the command " + name +
                                       "; give it once, after the command");
    }
    own->add_result(top->results());
    own->run_callback();  // checks the value and stores it where the command reads it
    moved.push_back(own);
  }
  for (CLI::Option* own : moved) {
    for (CLI::Option* other : own->get_excludes()) {
      if (other->count() > 0) {
        throw Error(ExitCode::usage, own->get_name() + " and " + other->get_name() +
                                         " cannot be used together; choose one");
      }
    }
  }
}

}  // namespace

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
  app.set_version_flag(
      "--version",
      [] {
        std::string text = version_text();
        text.pop_back();  // CLI11 ends the text with a newline itself
        return text;
      },
      "Print the versions of voxmark and of the libraries it runs with");
  app.require_subcommand(0, 1);
  app.fallthrough(false);
  app.formatter(std::make_shared<Formatter>());

  Action action;
  register_outline(app, action);
  register_sentences(app, action);
  register_export(app, action);
  register_voices(app, action);
  register_devices(app, action);
  register_keys(app, action);
  register_hidden(app, action);
  register_play(app, action);  // last: it also makes `voxmark [FILE]` play

  try {
    app.parse(argc, argv);
    move_options_to_command(app);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "voxmark: " << e.what() << "; see voxmark --help\n";
    return static_cast<int>(ExitCode::usage);
  } catch (const Error& e) {
    std::cerr << "voxmark: " << e.what() << "\n";
    return static_cast<int>(e.code());
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
