// The real player behind the UI. Kept apart from terminal_ui.cpp so that tests of the UI
// with a fake player do not link the player.
#include "tui/terminal_ui.h"

namespace voxmark::tui {

UiExit run_terminal_ui(player::Player& player, const document::Document& doc,
                       const KeyBindings& bindings, const UiOptions& options,
                       std::function<bool()> player_done, int in_fd, int out_fd) {
  const PlayerAccess access{
      [&player](const player::Command& command) { player.submit(command); },
      [&player] { return player.snapshot(); },
      std::move(player_done),
  };
  return run_terminal_ui(access, doc, bindings, options, in_fd, out_fd);
}

}  // namespace voxmark::tui
