#include "tui/controller.h"

#include <algorithm>

namespace voxmark::tui {

using player::Command;
using player::CommandId;

std::string section_label(const document::Document& doc, std::size_t section_index) {
  const document::Section& s = doc.sections[section_index];
  const std::string name = s.level == 0      ? "(before the first heading)"
                           : s.title.empty() ? "(untitled)"
                                             : s.title;
  return std::to_string(section_index + 1) + ". " + name;
}

Controller::Controller(const document::Document& doc, const KeyBindings& bindings, bool plain)
    : doc_(doc),
      bindings_(bindings),
      plain_(plain),
      help_line_count_(help_lines(bindings).size()) {}

std::string Controller::key_for(CommandId id, std::string_view fallback) const {
  for (const Binding& b : bindings_.all()) {
    if (b.command.id == id) return key_label(b.key);
  }
  return std::string(fallback);
}

Controller::Outcome Controller::handle(const Key& key, const player::PlayerSnapshot& snapshot) {
  Outcome out;
  switch (state_.overlay) {
    case Overlay::none:
      handle_normal(key, snapshot, out);
      break;
    case Overlay::outline:
      handle_outline(key, snapshot, out);
      break;
    case Overlay::help:
      handle_help(key, snapshot, out);
      break;
  }
  return out;
}

void Controller::handle_normal(const Key& key, const player::PlayerSnapshot& snapshot,
                               Outcome& out) {
  const Binding* binding = bindings_.find(key);
  if (binding == nullptr) {
    // Escape is pressed out of habit to "get out of" something: no need to scold.
    if (key.code == KeyCode::escape) return;
    const std::string name = key.code == KeyCode::unknown ? "That key" : key_label(key);
    state_.message =
        name + " is not bound; press " + key_for(CommandId::help, "?") + " for the keys";
    if (plain_) out.lines.push_back(state_.message);
    out.redraw = true;
    return;
  }
  const bool had_message = !state_.message.empty();
  state_.message.clear();
  out.redraw = had_message;
  switch (binding->command.id) {
    case CommandId::outline:
      open_outline(snapshot, out);
      return;
    case CommandId::help:
      if (plain_) {
        out.lines.push_back("Keys:");
        for (const std::string& line : help_lines(bindings_)) out.lines.push_back(line);
      } else {
        state_.overlay = Overlay::help;
        state_.help_first_line = 0;
        out.redraw = true;
      }
      return;
    case CommandId::quit:
      out.commands.push_back(binding->command);
      out.quit = true;
      return;
    default:
      out.commands.push_back(binding->command);
      return;
  }
}

void Controller::pass_through(const Binding& binding, Outcome& out) {
  const CommandId id = binding.command.id;
  if (id == CommandId::outline || id == CommandId::help || id == CommandId::quit) return;
  out.commands.push_back(binding.command);
}

void Controller::open_outline(const player::PlayerSnapshot& snapshot, Outcome& out) {
  if (doc_.sections.empty()) {
    state_.message = "This document has no sections";
    if (plain_) out.lines.push_back(state_.message);
    out.redraw = true;
    return;
  }
  state_.overlay = Overlay::outline;
  state_.outline_typed.clear();
  const std::size_t current = snapshot.sentence < doc_.sentences.size()
                                  ? doc_.sentences[snapshot.sentence].section_index
                                  : 0;
  state_.outline_selected = std::min(current, doc_.sections.size() - 1);
  state_.outline_playing = state_.outline_selected;
  out.redraw = true;
  if (plain_) {
    const std::size_t count = doc_.sections.size();
    out.lines.push_back("Outline, " + std::to_string(count) +
                        (count == 1 ? " section" : " sections") +
                        ": Up and Down choose, or type a number; Enter goes there, "
                        "Escape cancels.");
    out.lines.push_back(outline_choice_line());
  }
}

std::string Controller::outline_choice_line() const {
  std::string line = section_label(doc_, state_.outline_selected);
  if (state_.outline_selected == state_.outline_playing) line += " (playing now)";
  return line;
}

void Controller::select_section(std::size_t index, Outcome& out, bool at_edge) {
  index = std::min(index, doc_.sections.size() - 1);
  const bool stayed = index == state_.outline_selected;
  state_.outline_selected = index;
  out.redraw = true;
  // Plain mode says where the choice is now; at either end it says so, so that a key press
  // never goes unanswered.
  if (plain_) {
    std::string line = outline_choice_line();
    if (at_edge && stayed) line += index == 0 ? " (top of the list)" : " (end of the list)";
    out.lines.push_back(std::move(line));
  }
}

void Controller::handle_outline(const Key& key, const player::PlayerSnapshot&, Outcome& out) {
  const std::size_t last = doc_.sections.size() - 1;
  const std::size_t selected = state_.outline_selected;
  const std::size_t page = page_rows_;
  const auto close = [&] {
    state_.overlay = Overlay::none;
    state_.outline_typed.clear();
    out.redraw = true;
  };
  switch (key.code) {
    case KeyCode::up:
      state_.outline_typed.clear();
      select_section(selected == 0 ? 0 : selected - 1, out, /*at_edge=*/true);
      return;
    case KeyCode::down:
      state_.outline_typed.clear();
      select_section(std::min(last, selected + 1), out, /*at_edge=*/true);
      return;
    case KeyCode::page_up:
      state_.outline_typed.clear();
      select_section(selected > page ? selected - page : 0, out, /*at_edge=*/true);
      return;
    case KeyCode::page_down:
      state_.outline_typed.clear();
      select_section(std::min(last, selected + page), out, /*at_edge=*/true);
      return;
    case KeyCode::home:
      state_.outline_typed.clear();
      select_section(0, out, /*at_edge=*/true);
      return;
    case KeyCode::end:
      state_.outline_typed.clear();
      select_section(last, out, /*at_edge=*/true);
      return;
    case KeyCode::enter:
      out.commands.push_back(Command{CommandId::goto_section, static_cast<double>(selected + 1)});
      if (plain_) out.lines.push_back("Going to " + section_label(doc_, selected));
      close();
      return;
    case KeyCode::escape:
      if (plain_) out.lines.push_back("Outline closed");
      close();
      return;
    case KeyCode::backspace:
      if (!state_.outline_typed.empty()) {
        state_.outline_typed.pop_back();
        if (!state_.outline_typed.empty()) {
          select_section(std::stoul(state_.outline_typed) - 1, out, /*at_edge=*/false);
        }
        out.redraw = true;
      }
      return;
    default:
      break;
  }
  if (key.code == KeyCode::character && key.character >= '0' && key.character <= '9') {
    // Typing a number picks that section; a digit that would run past the last section
    // starts a new number, so "3" then "5" in a 20-section outline is section 5.
    std::string typed = state_.outline_typed + static_cast<char>(key.character);
    auto valid = [&](const std::string& digits) {
      if (digits.size() > 9) return false;
      const unsigned long n = std::stoul(digits);
      return n >= 1 && n <= doc_.sections.size();
    };
    if (!valid(typed)) typed = std::string(1, static_cast<char>(key.character));
    if (valid(typed)) {
      state_.outline_typed = typed;
      select_section(std::stoul(typed) - 1, out, /*at_edge=*/false);
    } else {
      state_.outline_typed.clear();
      out.redraw = true;
    }
    return;
  }
  const Binding* binding = bindings_.find(key);
  if (binding != nullptr &&
      (binding->command.id == CommandId::outline || binding->command.id == CommandId::quit)) {
    // The outline key again, or q: close the outline rather than quit by surprise.
    if (plain_) out.lines.push_back("Outline closed");
    close();
    return;
  }
  if (binding != nullptr) pass_through(*binding, out);
}

void Controller::handle_help(const Key& key, const player::PlayerSnapshot&, Outcome& out) {
  const std::size_t count = help_line_count_;
  const std::size_t max_first = count > page_rows_ ? count - page_rows_ : 0;
  std::size_t& first = state_.help_first_line;
  out.redraw = true;
  switch (key.code) {
    case KeyCode::up:
      first = first == 0 ? 0 : first - 1;
      return;
    case KeyCode::down:
      first = std::min(max_first, first + 1);
      return;
    case KeyCode::page_up:
      first = first > page_rows_ ? first - page_rows_ : 0;
      return;
    case KeyCode::page_down:
      first = std::min(max_first, first + page_rows_);
      return;
    case KeyCode::home:
      first = 0;
      return;
    case KeyCode::end:
      first = max_first;
      return;
    case KeyCode::escape:
    case KeyCode::enter:
      state_.overlay = Overlay::none;
      return;
    default:
      break;
  }
  const Binding* binding = bindings_.find(key);
  if (binding != nullptr &&
      (binding->command.id == CommandId::help || binding->command.id == CommandId::quit)) {
    state_.overlay = Overlay::none;
    return;
  }
  if (binding != nullptr) pass_through(*binding, out);
}

}  // namespace voxmark::tui
