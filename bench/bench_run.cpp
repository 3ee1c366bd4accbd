// voxmark_bench_run: runs one command once and prints what it cost, for the bench scripts.
//
//   voxmark_bench_run [--stdout FILE] [--tree-rss] -- COMMAND [ARGS...]
//
// Prints one line: `wall_s=W cpu_s=C maxrss_kb=M tree_rss_kb=T tree_pss_kb=P exit=E`
// - wall_s: monotonic clock from just before fork() to the end of wait4().
// - cpu_s: user + system time of the command and of every descendant it waited for.
// - maxrss_kb: wait4()'s ru_maxrss: the peak resident set of the largest single process
//   (the command or one of its waited-for descendants), as GNU time's "Maximum resident set
//   size" reports it. It is not a sum over processes that ran at the same time.
// - tree_rss_kb (with --tree-rss; else 0): the largest sum of VmRSS over the command and all
//   its living descendants, sampled from /proc every 10 ms (pages shared by forked children
//   counted once in each process, so it overstates).
// - tree_pss_kb (with --tree-rss; else 0): the same with PSS (/proc/PID/smaps_rollup), where
//   a page shared by n processes counts 1/n in each: what the whole tree held at once.
// Standard input is /dev/null; standard output goes to FILE (default /dev/null); standard
// error is kept. A benchmark helper: it measures, it does not judge.
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

// Parent pid and VmRSS (kB) of every process, from /proc.
struct ProcInfo {
  pid_t parent = 0;
  long rss_kb = 0;
};

struct TreeMemory {
  long rss_kb = 0;
  long pss_kb = 0;
};

long pss_kb(pid_t pid) {
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  std::string line;
  while (std::getline(rollup, line)) {
    if (line.rfind("Pss:", 0) == 0) return std::atol(line.c_str() + 4);
  }
  return 0;
}

std::map<pid_t, ProcInfo> read_processes() {
  std::map<pid_t, ProcInfo> all;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return all;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') continue;
    std::ifstream status("/proc/" + std::string(entry->d_name) + "/status");
    std::string line;
    ProcInfo info;
    while (std::getline(status, line)) {
      if (line.rfind("PPid:", 0) == 0) info.parent = static_cast<pid_t>(std::atol(line.c_str() + 5));
      if (line.rfind("VmRSS:", 0) == 0) info.rss_kb = std::atol(line.c_str() + 6);
    }
    all[static_cast<pid_t>(pid)] = info;
  }
  closedir(proc);
  return all;
}

TreeMemory tree_memory(pid_t root) {
  const auto all = read_processes();
  std::set<pid_t> tree{root};
  bool grew = true;
  while (grew) {  // descendants: add children of members until nothing changes
    grew = false;
    for (const auto& [pid, info] : all) {
      if (!tree.count(pid) && tree.count(info.parent)) {
        tree.insert(pid);
        grew = true;
      }
    }
  }
  TreeMemory sum;
  for (pid_t pid : tree) {
    const auto it = all.find(pid);
    if (it == all.end()) continue;
    sum.rss_kb += it->second.rss_kb;
    sum.pss_kb += pss_kb(pid);
  }
  return sum;
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: voxmark_bench_run [--stdout FILE] [--tree-rss] -- COMMAND [ARGS...]\n");
  std::exit(64);
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path = "/dev/null";
  bool tree = false;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg == "--stdout" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (arg == "--tree-rss") {
      tree = true;
    } else {
      usage();
    }
  }
  if (i >= argc) usage();

  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child < 0) {
    std::perror("voxmark_bench_run: fork");
    return 71;
  }
  if (child == 0) {
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) _exit(73);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    execvp(argv[i], argv + i);
    std::fprintf(stderr, "voxmark_bench_run: cannot run %s: %s\n", argv[i], std::strerror(errno));
    _exit(127);
  }

  std::atomic<bool> done{false};
  std::atomic<long> peak{0};
  std::atomic<long> peak_pss{0};
  std::thread sampler;
  if (tree) {
    sampler = std::thread([&] {
      while (!done.load()) {
        const TreeMemory now = tree_memory(child);
        if (now.rss_kb > peak.load()) peak = now.rss_kb;
        if (now.pss_kb > peak_pss.load()) peak_pss = now.pss_kb;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    });
  }
  int status = 0;
  rusage usage_info{};
  while (wait4(child, &status, 0, &usage_info) < 0 && errno == EINTR) {
  }
  const auto end = std::chrono::steady_clock::now();
  done = true;
  if (sampler.joinable()) sampler.join();

  const double wall = std::chrono::duration<double>(end - start).count();
  const double cpu = static_cast<double>(usage_info.ru_utime.tv_sec + usage_info.ru_stime.tv_sec) +
                     static_cast<double>(usage_info.ru_utime.tv_usec + usage_info.ru_stime.tv_usec) / 1e6;
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::printf("wall_s=%.6f cpu_s=%.6f maxrss_kb=%ld tree_rss_kb=%ld tree_pss_kb=%ld exit=%d\n", wall, cpu,
              usage_info.ru_maxrss, peak.load(), peak_pss.load(), code);
  return 0;
}
