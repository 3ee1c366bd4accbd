// Runs the real voxmark binary (or any program) as a user would, for end-to-end tests.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace voxmark::test {

struct ProcessResult {
  int exit_code = -1;  // the exit status, or 128 + signal when killed by a signal
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

struct ProcessOptions {
  std::string stdin_text;                  // written to its stdin, then closed
  std::map<std::string, std::string> env;  // added to (or replacing in) the environment
  std::string working_directory;           // empty: the test's own
  double timeout_seconds = 120;            // killed (SIGKILL) after this
  long file_size_limit_bytes = -1;         // RLIMIT_FSIZE (ulimit -f) when >= 0
  int signal_number = 0;                   // sent once, after signal_after_seconds
  double signal_after_seconds = 0;
  // Sent once when stderr (or stdout) first contains this text, instead of after a time.
  std::string signal_when_output_contains;
  // Runs it as the user nobody (groups, gid then uid dropped with setgroups/setresgid/
  // setresuid before exec), so that file permissions apply even when the tests run as root.
  // Needs root; the child exits 126 when a step fails.
  bool as_nobody = false;
};

// argv[0] is the program path. Never throws for the program's failures; they are in the result.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// The voxmark binary built with the tests, and the test data folder.
std::string voxmark_binary();
std::string test_data(const std::string& name);
std::string source_path(const std::string& relative);

// A fresh empty folder under the system temp folder, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes bytes to a file in the folder (making its folders) and returns its path.
  std::string write(const std::string& name, const std::string& bytes) const;

 private:
  std::string path_;
};

std::string read_file(const std::string& path);

// Points HOME, XDG_CONFIG_HOME and XDG_STATE_HOME into `dir` (its config/ and state/), so that a
// run neither reads nor changes the settings, voices and saved places of whoever runs the tests.
void isolate_home(ProcessOptions& options, const TempDir& dir);

// The sentences of a document ("" = the bundled op-ed), as `voxmark sentences` prints them.
std::vector<std::string> voxmark_sentences(const std::string& path = "");

}  // namespace voxmark::test
