// What a key does: the listener's keys in, commands for the player and UI changes out.
// No terminal and no player here, so every key path is unit-tested.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "document/document.h"
#include "player/command.h"
#include "player/player.h"
#include "tui/key_bindings.h"
#include "tui/keys.h"

namespace voxmark::tui {

// What covers the sentence on the full screen.
enum class Overlay { none, outline, help };

// The UI's own state (the player's is in PlayerSnapshot).
struct UiState {
  Overlay overlay = Overlay::none;
  std::size_t outline_selected = 0;  // section index (0-based)
  std::size_t outline_playing = 0;   // the section playing when the outline opened
  std::string outline_typed;         // digits typed in the outline: a section number
  std::size_t help_first_line = 0;   // scroll position of the help
  std::string message;               // one line for the listener ("x is not bound ..."), or ""
};

// "3. Background", "1. (before the first heading)": how the outline names a section.
std::string section_label(const document::Document& doc, std::size_t section_index);

// Threads: one owner (the UI thread). Keeps references to `doc` and `bindings`.
class Controller {
 public:
  // `plain`: --ui plain, where the outline and the help are printed lines, not overlays.
  Controller(const document::Document& doc, const KeyBindings& bindings, bool plain);

  struct Outcome {
    std::vector<player::Command> commands;  // to submit to the player, in order
    bool quit = false;                      // quit was pressed (also in `commands`)
    std::vector<std::string> lines;         // plain mode: lines to print
    bool redraw = false;                    // full mode: the UI state changed
  };

  // One key. `snapshot` says where playback is (the outline opens at the current section).
  Outcome handle(const Key& key, const player::PlayerSnapshot& snapshot);

  const UiState& state() const { return state_; }
  void clear_message() { state_.message.clear(); }
  // A line for the listener on the message row (until the next key or its time is up).
  void show_message(std::string message) { state_.message = std::move(message); }
  // Rows a PageUp/PageDown moves in the outline and the help (the screen's body height).
  void set_page_rows(std::size_t rows) { page_rows_ = rows == 0 ? 1 : rows; }
  // True while the plain-mode outline waits for a choice (sentences are not printed then,
  // so that the choices are not lost among them).
  bool picking() const { return state_.overlay == Overlay::outline; }

 private:
  void handle_normal(const Key& key, const player::PlayerSnapshot& snapshot, Outcome& out);
  void handle_outline(const Key& key, const player::PlayerSnapshot& snapshot, Outcome& out);
  void handle_help(const Key& key, const player::PlayerSnapshot& snapshot, Outcome& out);
  // A bound key pressed while an overlay is open: player commands still work.
  void pass_through(const Binding& binding, Outcome& out);
  void open_outline(const player::PlayerSnapshot& snapshot, Outcome& out);
  void select_section(std::size_t index, Outcome& out, bool at_edge);
  std::string outline_choice_line() const;
  std::string key_for(player::CommandId id, std::string_view fallback) const;

  const document::Document& doc_;
  const KeyBindings& bindings_;
  bool plain_;
  UiState state_;
  std::size_t page_rows_ = 10;
  std::size_t help_line_count_ = 0;
};

}  // namespace voxmark::tui
