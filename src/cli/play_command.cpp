// voxmark play [FILE]: listening, controlled by keys (a terminal) or by commands on stdin.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "audio/sink.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/voice_options.h"
#include "common/interrupt.h"
#include "common/printable.h"
#include "player/device_latency.h"
#include "player/event_writer.h"
#include "player/line_commands.h"
#include "player/navigation.h"
#include "player/player.h"
#include "player/position_store.h"
#include "player/resume_place.h"
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
  std::string keys;      // a key-binding file; empty: the XDG default
  bool verbose = false;  // the device, its latency and every underrun on stderr
};

std::unique_ptr<audio::AudioSink> make_sink(const PlayOptions& options) {
  if (options.sink == "portaudio") return audio::make_portaudio_sink(options.device);
  if (options.sink == "null") return audio::make_null_sink(false);
  if (options.sink == "null-realtime") return audio::make_null_sink(true);
  if (options.sink.rfind("file:", 0) == 0) return audio::make_file_sink(options.sink.substr(5));
  throw Error(ExitCode::usage,
              "--sink " + options.sink + ": use portaudio, null, null-realtime or file:PATH.wav");
}

// "notes.md", or "the document" for the bundled op-ed and standard input.
std::string document_label(const document::Document& doc) {
  return doc.name.empty() || doc.name.front() == '(' || doc.name == "-" ? "the document"
                                                                        : printable(doc.name);
}

// "12: In the beginning was ..." for messages: where the listener was, in their words.
std::string sentence_excerpt(const std::string& text) {
  constexpr std::size_t kMaxBytes = 48;
  std::string out = printable(text);
  if (out.size() > kMaxBytes) {
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "...";
  }
  return out;
}

// Where playback starts, where goto-saved leads, the speed to start at, and the one line
// that says so (empty when there is nothing to say).
struct StartPlan {
  std::size_t sentence = 0;
  std::optional<std::size_t> saved_sentence;
  std::optional<double> remembered_speed;
  std::string notice;
};

StartPlan plan_start(const PlayOptions& options, const document::Document& doc,
                     const std::string& goto_saved_hint) {
  StartPlan plan;
  const std::optional<player::SavedPlace> saved = player::load_place(doc.key);
  const std::optional<player::FoundPlace> found =
      saved ? player::find_place(doc, *saved) : std::nullopt;
  if (found && found->sentence < doc.sentences.size()) plan.saved_sentence = found->sentence;
  if (saved && saved->speed_factor && !options.voice.speed_factor) {
    plan.remembered_speed = saved->speed_factor;
  }
  const std::string name = document_label(doc);
  const std::string of = " of " + std::to_string(doc.sentences.size());
  if (options.sentence > 0) {
    if (options.sentence > doc.sentences.size()) {
      throw Error(ExitCode::usage, "--sentence " + std::to_string(options.sentence) +
                                       ": the document has " +
                                       std::to_string(doc.sentences.size()) + " sentences");
    }
    plan.sentence = options.sentence - 1;
  } else if (!options.from_section.empty()) {
    const auto section = player::find_section(doc, options.from_section);
    if (!section) {
      throw Error(ExitCode::usage, "--from " + options.from_section +
                                       ": no such section (or several match); see voxmark outline");
    }
    plan.sentence = std::min(doc.sections[*section].first_sentence, doc.sentences.size() - 1);
  } else if (options.resume) {
    if (!saved) {
      plan.notice = "No saved place for " + name + "; starting at the beginning.";
    } else if (!found) {
      plan.notice = name + " changed since you left it and your place (sentence " +
                    std::to_string(saved->sentence + 1) + ", \"" + sentence_excerpt(saved->text) +
                    "\") is not in it any more; starting at the beginning.";
    } else {
      const player::FoundPlace place = found.value();
      plan.sentence = place.sentence;
      const std::string at = "sentence " + std::to_string(place.sentence + 1) + of;
      plan.notice = place.how == player::FoundPlace::How::unchanged
                        ? "Resuming at " + at + "."
                        : name + " changed since you left it; found your place again: " + at + ".";
    }
    return plan;
  }
  // Not resuming: say once that there is a place to go back to, and how.
  if (plan.saved_sentence && *plan.saved_sentence > 0 && *plan.saved_sentence != plan.sentence) {
    plan.notice = "You left " + name + " at sentence " + std::to_string(*plan.saved_sentence + 1) +
                  of + "; " + goto_saved_hint + ", or start with --resume.";
  }
  return plan;
}

// Commands come as lines on stdin (scripts, tests, other assistive tools). End of input
// lets the document finish. Runs the player on this thread; returns where to resume.
// A bad line is one line on stderr (its bytes escaped: a line may carry anything) and, with
// JSON events, an `error` event, emitted by the player in order with the commands.
std::size_t play_with_line_commands(player::Player& player, bool json_events,
                                    std::mutex& err_mutex) {
  player::LineCommandReader reader(
      STDIN_FILENO,
      {[&player](const player::Command& command) { player.submit(command); },
       [&](std::size_t line, const std::string& message) {
         const std::string shown = printable(message);
         {
           std::lock_guard guard(err_mutex);
           std::cerr << "voxmark: stdin:" << line << ": " << shown << std::endl;
         }
         if (json_events) {
           player.submit_event({{"event", "error"}, {"line", line}, {"message", shown}});
         }
       },
       // No command can come any more: the end of the document must not wait for one.
       [&player] { player.input_ended(); }});
  return player.run();
}

// A person at a terminal: single keys (from `key_fd`), and a screen that follows the voice.
// The player runs on its own thread; the screen on this one.
std::size_t play_with_keys(const PlayOptions& options, const document::Document& doc,
                           const ResolvedVoice& voice, const tui::KeyBindings& keys,
                           const std::string& notice, int key_fd, player::Player& player) {
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
  ui.plain = options.ui == "plain" || !tui::can_use_full_screen(key_fd, out_fd);
  ui.no_color = tui::no_color_requested();
  ui.rate_wpm = voice.preset.rate_wpm;
  ui.notice = notice;
  const tui::UiExit exit = tui::run_terminal_ui(
      player, doc, keys, ui, [&] { return done.load(); }, key_fd, out_fd);
  if (exit != tui::UiExit::player_done) player.request_stop();
  playing.join();
  if (failure) std::rethrow_exception(failure);
  return resume_at;
}

// The key of a command in `keys` ("b"), or "" when none is bound.
std::string key_for(const tui::KeyBindings& keys, player::CommandId id) {
  for (const tui::Binding& b : keys.all()) {
    if (b.command.id == id) return tui::key_label(b.key);
  }
  return "";
}

// Where the keys come from: standard input when it is a terminal; the controlling terminal
// when standard input carries the document (`cat notes.md | voxmark -`) and voxmark runs in
// its foreground; none otherwise (commands then come as lines on standard input, which for
// a document read from there is only its end). Owns the terminal it opened.
class KeySource {
 public:
  explicit KeySource(const PlayOptions& options) {
    if (::isatty(STDIN_FILENO)) {
      fd_ = STDIN_FILENO;
    } else if (options.document.file == "-") {
      tty_ = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
      // Only in the foreground: a background job (or a script's child in its own process
      // group) reading the terminal would be stopped; it plays without keys instead.
      if (tty_ >= 0 && ::tcgetpgrp(tty_) == ::getpgrp()) fd_ = tty_;
    }
  }
  ~KeySource() {
    if (tty_ >= 0) ::close(tty_);
  }
  KeySource(const KeySource&) = delete;
  KeySource& operator=(const KeySource&) = delete;
  bool keys() const { return fd_ >= 0; }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  int tty_ = -1;
};

int run_play(const PlayOptions& given) {
  // --verbose is one of the voice options (it also tells how speech runs); here it also says
  // which audio device plays and every underrun (dropout).
  PlayOptions options = given;
  options.verbose = speech::speech_verbose();
  install_interrupt_handlers();
  const VoicedDocument voiced = load_voiced_document(options.document.file, options.document.read,
                                                     options.voice, /*with_key=*/true);
  const document::Document& doc = voiced.doc;
  const ResolvedVoice& voice = voiced.voice;
  // The key file is read in every mode, so that a wrong --keys is an error, never ignored.
  std::vector<Warning> key_warnings;
  const tui::KeyBindings keys = tui::load_key_bindings(options.keys, key_warnings);
  const KeySource key_source(options);
  if (key_source.keys()) print_warnings(key_warnings);  // bad lines matter where keys are read

  const std::string goto_saved_key = key_for(keys, player::CommandId::goto_saved);
  const StartPlan plan = plan_start(
      options, doc,
      key_source.keys() ? (goto_saved_key.empty() ? "bind a key to goto-saved to go back there"
                                                  : "press " + goto_saved_key + " to go back there")
                        : "send goto-saved to go back there");
  player::PlayerSettings settings;
  settings.start_sentence = plan.sentence;
  settings.saved_sentence = plan.saved_sentence;
  settings.speed_factor = plan.remembered_speed.value_or(voice.settings.speed_factor);
  settings.pauses = voice.preset.pauses;
  std::string notice = plan.notice;
  if (plan.remembered_speed &&
      std::abs(*plan.remembered_speed - voice.settings.speed_factor) > 1e-9) {
    notice += (notice.empty() ? "" : " ") + std::string("Speed ") +
              tui::format_speed(*plan.remembered_speed) + ", as you last listened to " +
              document_label(doc) + " (--speed to choose another).";
  }

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
  const bool plain_lines = !json_events && options.ui == "plain" && !key_source.keys();
  // The device buffer this device needed last time (after underruns), kept per device.
  const std::string device = sink->description();
  const std::optional<double> learned_latency_s =
      options.sink == "portaudio" ? player::load_device_latency(device) : std::nullopt;
  if (learned_latency_s) sink->prefer_latency(*learned_latency_s);
  if (options.verbose) {
    std::cerr << "voxmark: audio: " << device;
    if (learned_latency_s) {
      std::cerr << "; device latency " << std::lround(*learned_latency_s * 1000)
                << " ms, learned from earlier underruns";
    }
    std::cerr << "\n";
  }
  // stdout (events, or the plain sentence lines) is written by its own thread: a reader that
  // stops reading never holds up audio or commands; one that goes away stops playback.
  std::mutex playing_mutex;           // guards `playing` against the writer's thread
  player::Player* playing = nullptr;  // set below; the writer outlives the player
  std::atomic<bool> output_closed{false};
  std::optional<player::EventWriter> writer;
  if (json_events || plain_lines) {
    player::EventWriter::Options writer_options;
    writer_options.overflow_line = [json_events](std::size_t dropped) {
      if (!json_events) return "[" + std::to_string(dropped) + " lines not shown]";
      return nlohmann::ordered_json{{"event", "overflow"}, {"dropped", dropped}}.dump();
    };
    writer_options.on_closed = [&] {
      output_closed = true;
      std::lock_guard guard(playing_mutex);
      if (playing) playing->request_stop("output closed");
    };
    writer.emplace(STDOUT_FILENO, std::move(writer_options));
  }
  std::mutex err_mutex;
  player::Player player(
      doc, std::move(engine), std::move(sink), settings, [&](const nlohmann::ordered_json& event) {
        if (event["event"] == "error" && event.contains("sentence")) {
          // A skipped sentence is said on the screen too, not only to scripts.
          std::lock_guard guard(err_mutex);
          std::cerr << "voxmark: " << printable(event["message"].get<std::string>()) << std::endl;
        } else if (event["event"] == "underrun") {
          // The larger buffer is kept for the next session on this device.
          player::save_device_latency(device, event["latency_ms"].get<double>() / 1000.0);
          if (options.verbose) {
            std::lock_guard guard(err_mutex);
            std::cerr << "voxmark: audio underrun " << event["count"].dump()
                      << " (the device ran dry); device latency now " << event["latency_ms"].dump()
                      << " ms" << std::endl;
          }
        }
        if (!writer) return;
        if (json_events) {
          // Document text and command lines may hold any bytes: never throw on them.
          writer->post(event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        } else if (event["event"] == "sentence") {
          writer->post(event["text"].get<std::string>());
        }
      });
  {
    std::lock_guard guard(playing_mutex);
    playing = &player;
  }
  // Declared after the player, so destroyed before it: the writer's thread then no longer
  // reaches a player that is gone.
  struct Unpublish {
    std::mutex& mutex;
    player::Player*& pointer;
    ~Unpublish() {
      std::lock_guard guard(mutex);
      pointer = nullptr;
    }
  } unpublish{playing_mutex, playing};

  std::size_t resume_at = 0;
  try {
    if (key_source.keys()) {
      resume_at = play_with_keys(options, doc, voice, keys, notice, key_source.fd(), player);
    } else {
      if (!notice.empty()) std::cerr << "voxmark: " << notice << "\n";
      resume_at = play_with_line_commands(player, json_events, err_mutex);
    }
  } catch (...) {
    // Never lose the place.
    player::save_place(doc.key, doc, player.snapshot().sentence, player.snapshot().speed_factor);
    throw;
  }
  if (!player::save_place(doc.key, doc, resume_at, player.snapshot().speed_factor)) {
    std::cerr << "voxmark: warning: could not save the position in "
              << player::positions_file().string() << "\n";
  }
  if (options.verbose) {
    const player::PlayerSnapshot end = player.snapshot();
    std::cerr << "voxmark: audio: " << end.underruns << " underruns; device latency "
              << std::lround(end.device_latency_s * 1000) << " ms" << std::endl;
  }
  if (interrupted()) return 128 + interrupt_signal();
  if (output_closed) {
    // Like any output that fails part-way: exit 74, the position kept (saved above).
    std::cerr << "voxmark: standard output was closed; stopped at sentence " << resume_at + 1
              << " (position saved)" << std::endl;
    return static_cast<int>(ExitCode::io);
  }
  return 0;
}

}  // namespace

void add_play_options(CLI::App& command, PlayOptions& options) {
  add_document_options(command, options.document);
  add_voice_options(command, options.voice);
  command.add_option("--keys", options.keys,
                     "Key-binding file (default: ~/.config/voxmark/keys.conf)");
  CLI::Option* resume =
      command.add_flag("--resume", options.resume,
                       "Continue where this document was left (found again after an edit)");
  CLI::Option* from =
      command.add_option("--from", options.from_section, "Start at a section: its number or title");
  CLI::Option* sentence = command.add_option("--sentence", options.sentence, "Start at sentence N")
                              ->check(CLI::PositiveNumber);
  // One starting place: the others would be ignored.
  resume->excludes(from)->excludes(sentence);
  from->excludes(sentence);
  command.add_option("--device", options.device,
                     "Output device: a number or name from voxmark devices");
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
