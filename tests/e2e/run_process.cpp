#include "run_process.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace voxmark::test {

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string key = entry.substr(0, entry.find('='));
    if (!options.env.count(key)) env_strings.push_back(entry);
  }
  for (const auto& [key, value] : options.env) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    setpgid(0, 0);
    if (options.file_size_limit_bytes >= 0) {
      const rlimit limit{static_cast<rlim_t>(options.file_size_limit_bytes),
                         static_cast<rlim_t>(options.file_size_limit_bytes)};
      setrlimit(RLIMIT_FSIZE, &limit);
    }
    if (!options.working_directory.empty() && chdir(options.working_directory.c_str()) != 0)
      _exit(127);
    if (options.as_nobody) {
      const uid_t nobody = 65534;  // Debian's nobody and nogroup
      if (setgroups(0, nullptr) != 0 || setresgid(nobody, nobody, nobody) != 0 ||
          setresuid(nobody, nobody, nobody) != 0) {
        _exit(126);
      }
    }
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  signal(SIGPIPE, SIG_IGN);

  ProcessResult result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  fcntl(in_fd, F_SETFL, O_NONBLOCK);
  if (options.stdin_text.empty()) close(in_fd), in_fd = -1;
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000));
  int open_outputs = 2;
  char buffer[65536];
  bool killed = false;
  bool signalled = false;
  const auto started = std::chrono::steady_clock::now();
  while (open_outputs > 0) {
    if (options.signal_number != 0 && !signalled) {
      const bool due =
          options.signal_when_output_contains.empty()
              ? std::chrono::steady_clock::now() - started >
                    std::chrono::milliseconds(
                        static_cast<long>(options.signal_after_seconds * 1000))
              : result.err.find(options.signal_when_output_contains) != std::string::npos ||
                    result.out.find(options.signal_when_output_contains) != std::string::npos;
      if (due) {
        kill(pid, options.signal_number);
        signalled = true;
      }
    }
    pollfd fds[3] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {in_fd, POLLOUT, 0}};
    const int n = poll(fds, in_fd >= 0 ? 3 : 2, 20);
    if (std::chrono::steady_clock::now() > deadline && !killed) {
      kill(-pid, SIGKILL);
      killed = true;
    }
    if (n <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP))) {
        const ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
        if (got > 0) {
          (i == 0 ? result.out : result.err).append(buffer, got);
        } else {
          close(fds[i].fd);
          (i == 0 ? out_pipe[0] : err_pipe[0]) = -1;
          --open_outputs;
        }
      }
    }
    if (in_fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t put =
          write(in_fd, options.stdin_text.data() + written, options.stdin_text.size() - written);
      if (put > 0) written += put;
      if (put < 0 || written == options.stdin_text.size()) close(in_fd), in_fd = -1;
    }
  }
  if (in_fd >= 0) close(in_fd);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string voxmark_binary() { return VOXMARK_BINARY; }
std::string test_data(const std::string& name) {
  return std::string(VOXMARK_TEST_DATA_DIR) + "/" + name;
}
std::string source_path(const std::string& relative) {
  return std::string(VOXMARK_SOURCE_DIR) + "/" + relative;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "voxmark-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& bytes) const {
  const std::string path = file(name);
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::vector<std::string> voxmark_sentences(const std::string& path) {
  std::vector<std::string> args{voxmark_binary(), "sentences"};
  if (!path.empty()) args.push_back(path);
  std::vector<std::string> out;
  std::istringstream in(run_process(args).out);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void isolate_home(ProcessOptions& options, const TempDir& dir) {
  options.env["HOME"] = dir.path();
  options.env["XDG_CONFIG_HOME"] = dir.file("config");
  options.env["XDG_STATE_HOME"] = dir.file("state");
}

}  // namespace voxmark::test
