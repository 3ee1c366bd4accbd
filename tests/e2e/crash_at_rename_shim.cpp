// A crash injected between writing a file and renaming it into place, for the atomic-output
// tests: preloaded (LD_PRELOAD) into voxmark, it kills the process with SIGKILL -- nothing
// runs after it, as in a power cut or the OOM killer -- at the moment voxmark asks to rename
// something onto a path ending in $VOXMARK_TEST_CRASH_AT_RENAME. Without that variable, or for
// other paths, the calls go to the C library unchanged. Built only with the tests; voxmark's
// own code has no test hook.
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

void crash_if_target(const char* to) {
  const char* suffix = std::getenv("VOXMARK_TEST_CRASH_AT_RENAME");
  if (!suffix || !*suffix || !to) return;
  const std::size_t n = std::strlen(to), m = std::strlen(suffix);
  if (n < m || std::strcmp(to + n - m, suffix) != 0) return;
  ::kill(::getpid(), SIGKILL);
  ::pause();
}

template <typename F>
F next(const char* name) {
  return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

int rename(const char* from, const char* to) {
  crash_if_target(to);
  static auto real = next<int (*)(const char*, const char*)>("rename");
  return real(from, to);
}

int renameat(int from_dir, const char* from, int to_dir, const char* to) {
  crash_if_target(to);
  static auto real = next<int (*)(int, const char*, int, const char*)>("renameat");
  return real(from_dir, from, to_dir, to);
}

int renameat2(int from_dir, const char* from, int to_dir, const char* to, unsigned flags) {
  crash_if_target(to);
  static auto real = next<int (*)(int, const char*, int, const char*, unsigned)>("renameat2");
  return real(from_dir, from, to_dir, to, flags);
}

// The fallback for file systems without renameat2: link, then unlink the temporary.
int link(const char* from, const char* to) {
  crash_if_target(to);
  static auto real = next<int (*)(const char*, const char*)>("link");
  return real(from, to);
}

}  // extern "C"
