// voxmark play [FILE]: listening, controlled by keys (a terminal) or by commands on stdin.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "audio/sink.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/voice_options.h"
#include "common/interrupt.h"
#include "player/line_commands.h"
#include "player/navigation.h"
#include "player/player.h"
#include "player/position_store.h"
#include "speech/speech_process.h"
#include "tui/terminal_ui.h"
#include "tui/text_layout.h"

namespace voxmark::cli {
namespace {

struct PlayOptions {
  DocumentOptions document;
  VoiceOptions voice;
  bool resume = false;
  std::string from_section;
  std::size_t sentence = 0;  // 1-based; 0 = not given
  std::string device;
  std::string sink = "portaudio";
  std::string events;
  std::string ui = "full";
  std::string keys;  // a key-binding file; empty: the XDG default
};

std::unique_ptr<audio::AudioSink> make_sink(const PlayOptions& options) {
  if (options.sink == "portaudio") return audio::make_portaudio_sink(options.device);
  if (options.sink == "null") return audio::make_null_sink(false);
  if (options.sink == "null-realtime") return audio::make_null_sink(true);
  if (options.sink.rfind("file:", 0) == 0) return audio::make_file_sink(options.sink.substr(5));
  throw Error(ExitCode::usage, "--sink " + options.sink +
                                   ": use portaudio, null, null-realtime or file:PATH.wav");
}

std::size_t start_sentence(const PlayOptions& options, const document::Document& doc) {
  if (options.sentence > 0) {
    if (options.sentence > doc.sentences.size()) {
      throw Error(ExitCode::usage, "--sentence " + std::to_string(options.sentence) +
                                       ": the document has " + std::to_string(doc.sentences.size()) +
                                       " sentences");
    }
    return options.sentence - 1;
  }
  if (!options.from_section.empty()) {
    const auto section = player::find_section(doc, options.from_section);
    if (!section) {
      throw Error(ExitCode::usage, "--from " + options.from_section +
                                       ": no such section (or several match); see voxmark outline");
    }
    return std::min(doc.sections[*section].first_sentence, doc.sentences.size() - 1);
  }
  if (options.resume) {
    const auto saved = player::load_position(doc.key);
    if (saved && *saved < doc.sentences.size()) return *saved;
  }
  return 0;
}

// Commands come as lines on stdin (scripts, tests, other assistive tools). End of input
// lets the document finish. Runs the player on this thread; returns where to resume.
std::size_t play_with_line_commands(player::Player& player, bool json_events, std::mutex& out_mutex) {
  player::LineCommandReader reader(
      STDIN_FILENO,
      {[&player](const player::Command& command) { player.submit(command); },
       [&](std::size_t line, const std::string& message) {
         std::lock_guard guard(out_mutex);
         std::cerr << "voxmark: stdin:" << line << ": " << message << "\n";
         if (json_events) {
           std::cout << nlohmann::ordered_json{{"event", "error"}, {"line", line}, {"message", message}}.dump()
                     << std::endl;
         }
       },
       {}});
  return player.run();
}

// A person at a terminal: single keys, and a screen that follows the voice. The player runs
// on its own thread; the screen on this one.
std::size_t play_with_keys(const PlayOptions& options, const document::Document& doc,
                           const ResolvedVoice& voice, player::Player& player) {
  std::vector<Warning> warnings;
  const tui::KeyBindings keys = tui::load_key_bindings(options.keys, warnings);
  print_warnings(warnings);
  std::atomic<bool> done{false};
  std::size_t resume_at = 0;  // written by the player thread, read after join()
  std::exception_ptr failure;
  std::thread playing([&] {
    try {
      resume_at = player.run();
    } catch (...) {
      resume_at = player.snapshot().sentence;
      failure = std::current_exception();
    }
    done = true;
  });
  tui::UiOptions ui;
  // JSON events own stdout; the screen then speaks plainly on stderr.
  const int out_fd = options.events == "json" ? STDERR_FILENO : STDOUT_FILENO;
  ui.plain = options.ui == "plain" || !tui::can_use_full_screen(STDIN_FILENO, out_fd);
  ui.no_color = tui::no_color_requested();
  ui.rate_wpm = voice.preset.rate_wpm;
  const tui::UiExit exit = tui::run_terminal_ui(player, doc, keys, ui, [&] { return done.load(); },
                                                STDIN_FILENO, out_fd);
  if (exit != tui::UiExit::player_done) player.request_stop();
  playing.join();
  if (failure) std::rethrow_exception(failure);
  return resume_at;
}

int run_play(const PlayOptions& options) {
  install_interrupt_handlers();
  const document::Document doc =
      load_document(options.document.file, options.document.read, /*with_key=*/true);
  const ResolvedVoice voice = resolve_voice(options.voice, doc.metadata.language);
  player::PlayerSettings settings;
  settings.start_sentence = start_sentence(options, doc);
  settings.speed_factor = voice.settings.speed_factor;
  settings.pauses = voice.preset.pauses;

  // The engine speaks at the voice's own rate; the player applies the speed factor itself,
  // so that a speed change is heard at once, on audio already made.
  speech::VoiceSettings engine_settings = voice.settings;
  engine_settings.speed_factor = 1.0;
  // Synthesis runs in a speech process (forked now, before any thread starts), so playback
  // says each sentence exactly as export does.
  auto engine = std::make_unique<speech::SpeechProcess>([&voice, engine_settings] {
    auto espeak = std::make_unique<speech::EspeakEngine>(voice.lexicon);
    espeak->configure(engine_settings);
    return espeak;
  });
  auto sink = make_sink(options);

  const bool json_events = options.events == "json";
  std::mutex out_mutex;
  player::Player player(doc, std::move(engine), std::move(sink), settings,
                        [&](const nlohmann::ordered_json& event) {
                          std::lock_guard guard(out_mutex);
                          if (json_events) {
                            std::cout << event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                      << std::endl;
                          } else if (event["event"] == "sentence" && options.ui == "plain" &&
                                     !::isatty(STDIN_FILENO)) {
                            std::cout << event["text"].get<std::string>() << std::endl;
                          }
                        });

  std::size_t resume_at = 0;
  try {
    resume_at = ::isatty(STDIN_FILENO) ? play_with_keys(options, doc, voice, player)
                                       : play_with_line_commands(player, json_events, out_mutex);
  } catch (...) {
    player::save_position(doc.key, player.snapshot().sentence);  // never lose the place
    throw;
  }
  if (!player::save_position(doc.key, resume_at)) {
    std::cerr << "voxmark: warning: could not save the position in "
              << player::positions_file().string() << "\n";
  }
  if (interrupted()) return 128 + interrupt_signal();
  return 0;
}

}  // namespace

void add_play_options(CLI::App& command, PlayOptions& options) {
  add_document_options(command, options.document);
  add_voice_options(command, options.voice);
  command.add_option("--keys", options.keys, "Key-binding file (default: ~/.config/voxmark/keys.conf)");
  command.add_flag("--resume", options.resume, "Continue where this document was left");
  command.add_option("--from", options.from_section, "Start at a section: its number or title");
  command.add_option("--sentence", options.sentence, "Start at sentence N")->check(CLI::PositiveNumber);
  command.add_option("--device", options.device, "Output device: a number or name from voxmark devices");
  command.add_option("--sink", options.sink,
                     "Where audio goes: portaudio (default), null, null-realtime, file:PATH.wav");
  command.add_option("--events", options.events, "json: write JSON Lines events to stdout")
      ->check(CLI::IsMember({"json"}));
  command.add_option("--ui", options.ui, "full (redrawing screen) or plain (one line a sentence)")
      ->check(CLI::IsMember({"full", "plain"}));
}

void register_play(CLI::App& app, Action& action) {
  auto options = std::make_shared<PlayOptions>();
  CLI::App* command = app.add_subcommand("play", "Read the document aloud (the default command)");
  add_play_options(*command, *options);
  command->callback([options, &action] { action = [options] { return run_play(*options); }; });
  // `voxmark [FILE] [OPTIONS]` without a command plays too.
  auto top = std::make_shared<PlayOptions>();
  add_play_options(app, *top);
  app.final_callback([top, &action] {
    if (!action) action = [top] { return run_play(*top); };
  });
}

}  // namespace voxmark::cli
