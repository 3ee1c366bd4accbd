#include "tui/terminal.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

namespace voxmark::tui {
namespace {

// Alternate screen (saves the listener's screen), hidden cursor, no auto-wrap (writing the
// last column must not scroll the screen).
constexpr std::string_view kEnterScreen = "\x1b[?1049h\x1b[?25l\x1b[?7l";
// Attributes off, auto-wrap and cursor back, main screen back.
constexpr std::string_view kLeaveScreen = "\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l";

// What the signal handlers need. Written by the UI thread before the handlers can use it;
// read by handlers, which can only touch lock-free atomics and plain data written earlier.
struct termios g_saved_termios;
std::atomic<int> g_restore_in_fd{-1};   // restore g_saved_termios here; -1: nothing to do
std::atomic<int> g_restore_out_fd{-1};  // write kLeaveScreen here; -1: nothing to do
std::atomic<bool> g_resized{false};
std::atomic<bool> g_suspend_requested{false};
std::atomic<bool> g_continued{false};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "used in signal handlers");

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT};
constexpr int kJobSignals[] = {SIGWINCH, SIGTSTP, SIGCONT};
struct sigaction g_previous[NSIG];  // indexed by signal number: what to put back

// Async-signal-safe: write(2) and tcsetattr(3) only.
void restore_terminal_from_handler() {
  const int out_fd = g_restore_out_fd.exchange(-1);
  if (out_fd >= 0) {
    const char* p = kLeaveScreen.data();
    std::size_t left = kLeaveScreen.size();
    while (left > 0) {
      const ssize_t n = ::write(out_fd, p, left);
      if (n <= 0) break;
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  const int in_fd = g_restore_in_fd.exchange(-1);
  if (in_fd >= 0) ::tcsetattr(in_fd, TCSANOW, &g_saved_termios);
}

extern "C" void on_fatal_signal(int signal_number) {
  const int saved_errno = errno;
  restore_terminal_from_handler();
  // Hand the signal to whoever had it before (the default action: a core dump; or a
  // sanitizer's report). It is blocked while this handler runs, so it arrives on return.
  ::sigaction(signal_number, &g_previous[signal_number], nullptr);
  ::raise(signal_number);
  errno = saved_errno;
}

extern "C" void on_job_signal(int signal_number) {
  if (signal_number == SIGWINCH) g_resized.store(true);
  if (signal_number == SIGTSTP) g_suspend_requested.store(true);
  if (signal_number == SIGCONT) g_continued.store(true);
}

void install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: these signals may land on the player's threads; their system calls should
  // not fail because of them. (The UI's poll() returns early either way.)
  action.sa_flags = SA_RESTART;
  ::sigaction(signal_number, &action, &g_previous[signal_number]);
}

void install_handlers() {
  for (int s : kFatalSignals) {
    struct sigaction current {};
    ::sigaction(s, nullptr, &current);
    // An ignored SIGQUIT stays ignored.
    if (current.sa_handler == SIG_IGN) {
      g_previous[s] = current;
      continue;
    }
    install(s, on_fatal_signal);
  }
  for (int s : kJobSignals) install(s, on_job_signal);
}

void uninstall_handlers() {
  for (int s : kFatalSignals) ::sigaction(s, &g_previous[s], nullptr);
  for (int s : kJobSignals) ::sigaction(s, &g_previous[s], nullptr);
}

bool is_foreground(int fd) {
  if (!::isatty(fd)) return true;
  const pid_t group = ::tcgetpgrp(fd);
  return group < 0 || group == ::getpgrp();
}

int env_int(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return 0;
  const int n = std::atoi(value);
  return n > 0 && n < 10000 ? n : 0;
}

}  // namespace

TerminalSize terminal_size(int fd) {
  TerminalSize size;
  struct winsize ws {};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
    size.columns = ws.ws_col;
    size.rows = ws.ws_row;
    return size;
  }
  if (const int columns = env_int("COLUMNS")) size.columns = columns;
  if (const int rows = env_int("LINES")) size.rows = rows;
  return size;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      ::usleep(1000);  // a non-blocking terminal that is full: wait for it to drain
      continue;
    }
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

TerminalSession::TerminalSession(int in_fd, int out_fd, bool full_screen)
    : in_fd_(in_fd), out_fd_(out_fd), full_screen_(full_screen) {
  raw_input_ = ::isatty(in_fd) && ::tcgetattr(in_fd, &g_saved_termios) == 0;
  g_resized.store(false);
  g_suspend_requested.store(false);
  g_continued.store(false);
  install_handlers();
  enter();
}

TerminalSession::~TerminalSession() {
  leave();
  uninstall_handlers();
}

bool TerminalSession::enter() {
  if (!is_foreground(in_fd_) || (full_screen_ && !is_foreground(out_fd_))) return false;
  // Published before the modes change, so a crash half-way still restores.
  if (raw_input_) g_restore_in_fd.store(in_fd_);
  if (full_screen_) g_restore_out_fd.store(out_fd_);
  if (raw_input_) {
    struct termios raw = g_saved_termios;
    // No line editing and no echo; ISIG stays, so Ctrl-C and Ctrl-Z remain signals.
    // IEXTEN off so Ctrl-V and Ctrl-O arrive as keys; IXON off so Ctrl-S cannot freeze the
    // screen; ICRNL off so Enter arrives as CR whatever the terminal's settings.
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ECHONL | IEXTEN));
    raw.c_lflag |= ISIG;
    raw.c_iflag &= static_cast<tcflag_t>(~(IXON | ICRNL | INLCR | IGNCR));
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(in_fd_, TCSANOW, &raw);
  }
  if (full_screen_) write_all(out_fd_, kEnterScreen);
  entered_ = true;
  return true;
}

void TerminalSession::leave() {
  if (!entered_) return;
  entered_ = false;
  // Claimed from the handlers first, so that a signal arriving now does not restore twice.
  const int out_fd = g_restore_out_fd.exchange(-1);
  const int in_fd = g_restore_in_fd.exchange(-1);
  if (out_fd >= 0) write_all(out_fd, kLeaveScreen);
  if (in_fd >= 0) ::tcsetattr(in_fd, TCSANOW, &g_saved_termios);
}

void TerminalSession::suspend_for_job_control() {
  leave();
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  struct sigaction ours {};
  ::sigaction(SIGTSTP, &default_action, &ours);
  sigset_t tstp;
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  ::pthread_sigmask(SIG_UNBLOCK, &tstp, nullptr);
  ::raise(SIGTSTP);  // the process stops here until the shell continues it
  ::sigaction(SIGTSTP, &ours, nullptr);
  g_continued.store(false);
  enter();
}

bool TerminalSession::take_resized() { return g_resized.exchange(false); }
bool TerminalSession::take_suspend_request() { return g_suspend_requested.exchange(false); }
bool TerminalSession::take_continued() { return g_continued.exchange(false); }

}  // namespace voxmark::tui
