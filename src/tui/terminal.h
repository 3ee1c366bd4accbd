// The terminal's modes, and giving them back whatever happens.
//
// A TerminalSession puts the terminal into the state the UI needs (keys unbuffered and not
// echoed; on the full screen also the alternate screen, a hidden cursor and no auto-wrap)
// and restores it:
// - when it is destroyed (quit, end of document, SIGINT/SIGTERM/SIGHUP noticed by the loop,
//   an exception unwinding);
// - on Ctrl-Z, through suspend_for_job_control() (restores, stops, re-enters on SIGCONT);
// - on a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT): a handler restores the
//   saved termios with tcsetattr and writes the show-cursor and leave-alternate-screen
//   sequences with write(2) (both async-signal-safe), then re-raises the signal to whatever
//   handled it before (the default action, or a sanitizer's report).
// ISIG stays on, so Ctrl-C and Ctrl-Z still send signals.
//
// Threads: construct, use and destroy on one thread (the UI's). Signal handlers may run on
// any thread; they only set flags or restore the terminal. One session at a time.
#pragma once

#include <string_view>

namespace voxmark::tui {

struct TerminalSize {
  int columns = 80;
  int rows = 24;
};

// The terminal's size, from TIOCGWINSZ; else $COLUMNS/$LINES; else 80x24.
TerminalSize terminal_size(int fd);

// Writes all of `bytes`, retrying after EINTR and short writes. False when the terminal is
// gone (EIO after a hang-up, EPIPE): the caller stops drawing.
bool write_all(int fd, std::string_view bytes);

class TerminalSession {
 public:
  // `in_fd`: switched to raw input when it is a terminal. `out_fd`: with `full_screen`,
  // receives the alternate-screen and cursor sequences.
  TerminalSession(int in_fd, int out_fd, bool full_screen);
  ~TerminalSession();
  TerminalSession(const TerminalSession&) = delete;
  TerminalSession& operator=(const TerminalSession&) = delete;

  // Gives the terminal back as it was (idempotent).
  void leave();
  // Takes it again (after a stop, or after the shell changed the modes while stopped).
  // Does nothing while the process is in the background, where touching the terminal
  // would stop it again; returns whether the terminal is ours now.
  bool enter();
  bool entered() const { return entered_; }

  // Ctrl-Z: leave(), stop the process as SIGTSTP's default action would, and when continued
  // enter() again. Returns after the process was continued.
  void suspend_for_job_control();

  // Flags set by the signal handlers, cleared when read.
  static bool take_resized();          // SIGWINCH
  static bool take_suspend_request();  // SIGTSTP
  static bool take_continued();        // SIGCONT (after a SIGSTOP from elsewhere, too)

 private:
  int in_fd_;
  int out_fd_;
  bool full_screen_;
  bool raw_input_;
  bool entered_ = false;
};

}  // namespace voxmark::tui
