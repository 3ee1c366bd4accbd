// The keyboard-controlled terminal UI of `voxmark play`: the entry point.
//
// Two faces, the same keys (docs/keys.md):
// - full screen: a status bar and the current sentence with the spoken word highlighted,
//   redrawn as playback moves; `t` opens the outline, `?` the keys (see tui/screen.h);
// - plain (`--ui plain`), for screen readers and braille displays: no escape sequences at
//   all; each sentence printed once as it starts, state changes as short lines (see
//   tui/plain_reporter.h).
//
// The terminal is always given back (see tui/terminal.h): on quit, at the end of the
// document, on Ctrl-C/SIGTERM/SIGHUP, on Ctrl-Z (and taken again on fg), and on a crash.
#pragma once

#include <functional>

#include "document/document.h"
#include "player/command.h"
#include "player/player.h"
#include "tui/key_bindings.h"

namespace voxmark::tui {

struct UiOptions {
  bool plain = false;       // --ui plain
  bool no_color = false;    // no colour escapes (set it from no_color_requested(): NO_COLOR)
  double rate_wpm = 175.0;  // the voice's words per minute at speed 1, for time estimates
  // One line said once at the start ("You left this document at sentence 12 ..."): plain
  // mode prints it after the intro; the full screen shows it on the message row.
  std::string notice;
};

// What the UI needs of the player. Player provides it (see the overload below); tests give
// fakes. `submit` and `snapshot` are called on the UI thread while the player runs on its
// own; neither may block for long.
struct PlayerAccess {
  std::function<void(const player::Command&)> submit;
  std::function<player::PlayerSnapshot()> snapshot;
  std::function<bool()> done;  // true once the player stopped (end, quit, error)
};

enum class UiExit {
  player_done,    // done() became true (the end of the document, or the player stopped)
  quit,           // the listener quit; quit was submitted
  interrupted,    // SIGINT, SIGTERM or SIGHUP (interrupted()); nothing was submitted
  terminal_lost,  // the output cannot be written any more; quit was submitted
};

// Full screen needs a terminal on both sides that can move its cursor.
bool can_use_full_screen(int in_fd, int out_fd);

// Runs the UI on the calling thread (the main thread) until the player is done, the
// listener quits or the process is interrupted, then restores the terminal. Keys are read
// from `in_fd` (put into raw mode when it is a terminal); the screen or the plain lines go
// to `out_fd`. Plain mode expects a terminal on `in_fd` for its keys; without one it only
// prints. Installs the SIGINT/SIGTERM/SIGHUP handlers of common/interrupt.h if the caller
// has not. Polls snapshot() every 25 ms and redraws only what changed.
UiExit run_terminal_ui(const PlayerAccess& player, const document::Document& doc,
                       const KeyBindings& bindings, const UiOptions& options, int in_fd = 0,
                       int out_fd = 1);

// The same for the real player. `player_done` is true once Player::run() returned (it
// runs on the player's own thread).
UiExit run_terminal_ui(player::Player& player, const document::Document& doc,
                       const KeyBindings& bindings, const UiOptions& options,
                       std::function<bool()> player_done, int in_fd = 0, int out_fd = 1);

}  // namespace voxmark::tui
