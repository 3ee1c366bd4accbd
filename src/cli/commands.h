// Each command registers its CLI11 subcommand and the function that runs it.
// Registration only declares options; the work happens in the returned action after
// parsing succeeded, so a usage error never leaves anything half-done.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "markdown/markdown_reader.h"

namespace voxmark::cli {

// Runs a parsed command; returns the exit code or throws Error.
using Action = std::function<int()>;

// Options every command that reads a document shares.
struct DocumentOptions {
  std::string file;  // "" = the bundled op-ed, "-" = standard input
  markdown::ReadOptions read;
};
void add_document_options(CLI::App& command, DocumentOptions& options);

void register_outline(CLI::App& app, Action& action);
void register_sentences(CLI::App& app, Action& action);
void register_export(CLI::App& app, Action& action);
void register_play(CLI::App& app, Action& action);
void register_devices(CLI::App& app, Action& action);
void register_voices(CLI::App& app, Action& action);
void register_keys(CLI::App& app, Action& action);
// The hidden __generate and __complete commands (hidden_commands.cpp).
void register_hidden(CLI::App& app, Action& action);

}  // namespace voxmark::cli
