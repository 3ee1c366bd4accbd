#include "tui/terminal_ui.h"

#include <poll.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "common/interrupt.h"
#include "tui/controller.h"
#include "tui/plain_reporter.h"
#include "tui/screen.h"
#include "tui/status.h"
#include "tui/terminal.h"
#include "tui/text_layout.h"

namespace voxmark::tui {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Often enough that the highlight keeps up with speech at 3x and more (a word every 100 ms
// or so), rarely enough to cost nothing.
constexpr milliseconds kPollInterval{25};
// A message ("x is not bound") stays this long, then the hint line comes back.
constexpr milliseconds kMessageTime{4000};
// The notice at the start is longer and read while the first sentence plays.
constexpr milliseconds kNoticeTime{15000};

std::string key_of(const KeyBindings& bindings, player::CommandId id) {
  for (const Binding& b : bindings.all()) {
    if (b.command.id == id) return key_label(b.key);
  }
  return "";
}

// "Space pause · t outline · ? all keys · q quit", from the keys actually bound.
std::string hint_line(const KeyBindings& bindings) {
  const std::pair<player::CommandId, const char*> wanted[] = {
      {player::CommandId::toggle, "pause"},
      {player::CommandId::outline, "outline"},
      {player::CommandId::help, "all keys"},
      {player::CommandId::quit, "quit"},
  };
  std::string line;
  for (const auto& [id, words] : wanted) {
    const std::string key = key_of(bindings, id);
    if (key.empty()) continue;
    line += (line.empty() ? "" : " \xC2\xB7 ") + key + " " + words;
  }
  return line;
}

std::string move_to(int row, int column) {
  return "\x1b[" + std::to_string(row + 1) + ";" + std::to_string(column + 1) + "H";
}

// The loop's state and its pieces, so that each step is one small function.
class Ui {
 public:
  Ui(const PlayerAccess& player, const document::Document& doc, const KeyBindings& bindings,
     const UiOptions& options, int in_fd, int out_fd)
      : player_(player),
        bindings_(bindings),
        options_(options),
        in_fd_(in_fd),
        out_fd_(out_fd),
        status_(doc, options.rate_wpm),
        controller_(doc, bindings, options.plain),
        screen_(doc, status_, help_lines(bindings), hint_line(bindings)),
        reporter_(doc, status_),
        palette_(terminal_palette(options.no_color)) {}

  UiExit run() {
    TerminalSession session(in_fd_, out_fd_, !options_.plain);
    size_ = terminal_size(out_fd_);
    if (options_.plain) {
      const std::string help = key_of(bindings_, player::CommandId::help);
      const std::string quit = key_of(bindings_, player::CommandId::quit);
      print_lines(
          {reporter_.intro_line(help.empty() ? "?" : help, quit.empty() ? "Ctrl-C" : quit)});
      if (!options_.notice.empty()) print_lines({options_.notice});
    } else if (!options_.notice.empty()) {
      controller_.show_message(options_.notice);
      message_until_ = Clock::now() + kNoticeTime;
    }
    for (;;) {
      if (interrupted()) return UiExit::interrupted;
      if (player_.done()) {
        // The last lines ("Finished") before giving the terminal back.
        if (options_.plain) print_lines(reporter_.update(player_.snapshot()));
        return UiExit::player_done;
      }
      if (TerminalSession::take_suspend_request()) {
        session.suspend_for_job_control();
        full_redraw_ = true;
      }
      if (TerminalSession::take_continued()) {
        // Stopped by someone else's SIGSTOP: the shell may have reset the modes meanwhile.
        session.enter();
        full_redraw_ = true;
      }
      if (!session.entered()) {
        // In the background: wait to be brought to the foreground.
        ::poll(nullptr, 0, 100);
        if (session.enter()) full_redraw_ = true;
        continue;
      }
      if (TerminalSession::take_resized()) {
        size_ = terminal_size(out_fd_);
        full_redraw_ = true;
      }
      for (const Key& key : read_keys()) {
        if (const std::optional<UiExit> exit = handle_key(key)) return *exit;
      }
      if (terminal_lost_) {
        player_.submit(player::Command{player::CommandId::quit});
        return UiExit::terminal_lost;
      }
      show(player_.snapshot());
      if (terminal_lost_) {
        player_.submit(player::Command{player::CommandId::quit});
        return UiExit::terminal_lost;
      }
    }
  }

 private:
  // Waits up to kPollInterval for keys (less while an escape sequence is incomplete).
  std::vector<Key> read_keys() {
    auto timeout = kPollInterval;
    const auto now = Clock::now();
    if (decoder_.has_pending()) {
      const auto waited = std::chrono::duration_cast<milliseconds>(now - pending_since_);
      const milliseconds limit{KeyDecoder::kEscapeTimeoutMs};
      if (waited >= limit) return decoder_.flush();
      timeout = std::min(timeout, limit - waited);
    }
    struct pollfd fd {};
    fd.fd = in_fd_;
    fd.events = POLLIN;
    const int ready = ::poll(&fd, input_open_ ? 1 : 0, static_cast<int>(timeout.count()));
    if (ready <= 0 || (fd.revents & (POLLIN | POLLHUP | POLLERR)) == 0) return {};
    char buffer[256];
    const ssize_t n = ::read(in_fd_, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return {};
    if (n <= 0) {
      // End of input (or the terminal hung up): playback goes on without keys.
      input_open_ = false;
      return decoder_.flush();
    }
    const bool was_pending = decoder_.has_pending();
    std::vector<Key> keys = decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    if (decoder_.has_pending() && !was_pending) pending_since_ = Clock::now();
    return keys;
  }

  std::optional<UiExit> handle_key(const Key& key) {
    const player::PlayerSnapshot snapshot = player_.snapshot();
    controller_.set_page_rows(
        static_cast<std::size_t>(std::max(1, Screen::body_rows(size_.rows) - 1)));
    const std::string message_before = controller_.state().message;
    const Controller::Outcome outcome = controller_.handle(key, snapshot);
    for (const player::Command& command : outcome.commands) player_.submit(command);
    if (options_.plain) print_lines(outcome.lines);
    if (outcome.redraw) dirty_ = true;
    if (!controller_.state().message.empty() && controller_.state().message != message_before) {
      message_until_ = Clock::now() + kMessageTime;
    }
    if (outcome.quit) return UiExit::quit;
    return std::nullopt;
  }

  void show(const player::PlayerSnapshot& snapshot) {
    if (!controller_.state().message.empty() && Clock::now() >= message_until_) {
      controller_.clear_message();
      dirty_ = true;
    }
    if (!options_.plain && snapshot.cues != shown_cues_ && !snapshot.cue_reason.empty()) {
      // The earcon's words on the screen too ("Nothing further that way").
      std::string message = snapshot.cue_reason;
      message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
      controller_.show_message(std::move(message));
      message_until_ = Clock::now() + kMessageTime;
      dirty_ = true;
    }
    shown_cues_ = snapshot.cues;
    // Waiting at the end: the message stays as long as the wait does.
    if (snapshot.waiting_at_end) message_until_ = Clock::now() + kMessageTime;
    const bool changed = snapshot.version != shown_version_ || !shown_once_;
    if (options_.plain) {
      // While the outline waits for a choice its lines must not drown among sentences;
      // the sentence playing when it closes is printed then.
      if (changed && !controller_.picking()) {
        print_lines(reporter_.update(snapshot));
        shown_version_ = snapshot.version;
        shown_once_ = true;
      }
      return;
    }
    if (!changed && !dirty_ && !full_redraw_) return;
    draw(screen_.render(snapshot, controller_.state(), size_.columns, size_.rows, palette_));
    shown_version_ = snapshot.version;
    shown_once_ = true;
    dirty_ = false;
  }

  // Writes only the rows that changed since the last frame.
  void draw(const Frame& frame) {
    std::string out;
    if (full_redraw_) {
      out += "\x1b[0m\x1b[H\x1b[2J";
      shown_.rows.clear();
      full_redraw_ = false;
    }
    for (std::size_t i = 0; i < frame.rows.size(); ++i) {
      if (i < shown_.rows.size() && shown_.rows[i] == frame.rows[i]) continue;
      out += move_to(static_cast<int>(i), 0) + "\x1b[0m" + frame.rows[i] + "\x1b[0m\x1b[K";
    }
    if (!out.empty() || frame.cursor_row != shown_.cursor_row ||
        frame.cursor_column != shown_.cursor_column) {
      out += move_to(frame.cursor_row, frame.cursor_column);
    }
    if (!out.empty() && !write_all(out_fd_, out)) terminal_lost_ = true;
    shown_ = frame;
  }

  void print_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) out += line + "\n";
    if (!out.empty() && !write_all(out_fd_, out)) terminal_lost_ = true;
  }

  const PlayerAccess& player_;
  const KeyBindings& bindings_;
  const UiOptions& options_;
  int in_fd_;
  int out_fd_;
  StatusText status_;
  Controller controller_;
  Screen screen_;
  PlainReporter reporter_;
  Palette palette_;
  KeyDecoder decoder_;
  Clock::time_point pending_since_{};
  Clock::time_point message_until_{};
  TerminalSize size_;
  Frame shown_;
  std::uint64_t shown_version_ = 0;
  std::uint64_t shown_cues_ = 0;  // earcons already shown as a message
  bool shown_once_ = false;
  bool dirty_ = true;
  bool full_redraw_ = true;
  bool input_open_ = true;
  bool terminal_lost_ = false;
};

}  // namespace

bool can_use_full_screen(int in_fd, int out_fd) {
  const char* term = std::getenv("TERM");
  return ::isatty(in_fd) && ::isatty(out_fd) && term != nullptr && term[0] != '\0' &&
         std::strcmp(term, "dumb") != 0;
}

UiExit run_terminal_ui(const PlayerAccess& player, const document::Document& doc,
                       const KeyBindings& bindings, const UiOptions& options, int in_fd,
                       int out_fd) {
  // Without these, Ctrl-C would kill the process with the terminal still raw.
  install_interrupt_handlers();
  Ui ui(player, doc, bindings, options, in_fd, out_fd);
  return ui.run();
}

}  // namespace voxmark::tui
