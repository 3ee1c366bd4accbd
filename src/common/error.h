// Errors a user can act on, and the one place that maps them to exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace voxmark {

// Exit codes follow sysexits(3); docs/cli.md lists them for users.
enum class ExitCode : int {
  ok = 0,
  usage = 64,        // EX_USAGE: a bad option or argument
  data = 65,         // EX_DATAERR: the input is not a readable document
  no_input = 66,     // EX_NOINPUT: the input file is missing or unreadable
  unavailable = 69,  // EX_UNAVAILABLE: no audio output device
  software = 70,     // EX_SOFTWARE: an internal error (a bug)
  cant_create = 73,  // EX_CANTCREAT: the output cannot be created
  io = 74,           // EX_IOERR: reading or writing failed part-way (disk full, ...)
  interrupted = 130, // killed by SIGINT (128 + 2), the shell convention
};

// A failure with a message meant for the user: what went wrong, where, and what to do.
// The message is one line, without the "voxmark: " prefix.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

// A non-fatal problem reported once (for example invalid UTF-8 that was replaced).
struct Warning {
  std::string where;    // "file:line", or just "file"
  std::string message;  // one line
};

}  // namespace voxmark
