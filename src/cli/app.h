// The command line: parses arguments with CLI11 and runs one command.
// main() only calls run_cli(); tests may call it too.
#pragma once

namespace voxmark::cli {

// Returns the process exit code (see common/error.h). Prints errors as one line on stderr.
int run_cli(int argc, char** argv);

}  // namespace voxmark::cli
