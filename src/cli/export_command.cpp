// voxmark export [FILE] -o OUT: the document as an audiobook file.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/voice_options.h"
#include "common/interrupt.h"
#include "export/exporter.h"

namespace voxmark::cli {
namespace {

struct ExportCommandOptions {
  DocumentOptions document;
  VoiceOptions voice;
  std::string output;
  std::string format;
  std::string subtitles;
  std::string split;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool quiet = false;
};

// A progress bar on a terminal: percent, audio done, time left, speed against real time.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled), started_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() { clear(); }

  // Takes the bar off the line, so that what follows starts on a clean one.
  void clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

  void update(const audiobook::ExportProgress& p) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && p.sentences_done < p.sentences_total) return;
    last_ = now;
    const double wall = std::chrono::duration<double>(now - started_).count();
    const double audio = static_cast<double>(p.samples_written) / std::max(p.sample_rate_hz, 1);
    const double fraction = static_cast<double>(p.sentences_done) / std::max<std::size_t>(p.sentences_total, 1);
    const double eta = fraction > 0 ? wall / fraction - wall : 0;
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r\033[K[%s%s] %3.0f%%  %s of audio  %s left  %.0fx real time",
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), fraction * 100,
                 format_duration(audio).c_str(), format_duration(eta).c_str(),
                 wall > 0 ? audio / wall : 0.0);
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_{};
};

int run_export(const ExportCommandOptions& options) {
  install_interrupt_handlers();
  audiobook::ExportOptions settings;
  settings.output = options.output;
  settings.format = audiobook::audio_format_from(options.format, options.split.empty()
                                                                     ? settings.output
                                                                     : std::filesystem::path());
  settings.split_sections = options.split == "sections";
  if (!options.subtitles.empty()) {
    // With --split the subtitles sit beside each section's file: only the format is taken.
    const bool format_only = options.subtitles == "vtt" || options.subtitles == "srt";
    if (settings.split_sections && !format_only) {
      throw Error(ExitCode::usage, "--subtitles " + options.subtitles +
                                       ": with --split sections, give vtt or srt (one file is "
                                       "written beside each section's audio)");
    }
    if (!settings.split_sections && format_only) {
      throw Error(ExitCode::usage, "--subtitles " + options.subtitles +
                                       ": name the file to write, such as book." +
                                       options.subtitles);
    }
    settings.subtitles = format_only ? "subtitles." + options.subtitles : options.subtitles;
    audiobook::subtitle_format_from(*settings.subtitles);  // a bad name fails before any work
  }
  settings.jobs = options.jobs;
  if (!options.document.file.empty() && options.document.file != "-") {
    settings.input = options.document.file;  // never to be written over
  }

  const document::Document doc = load_document(options.document.file, options.document.read);
  const ResolvedVoice voice = resolve_voice(options.voice, doc.metadata.language);
  settings.pauses = voice.preset.pauses;
  settings.speed_factor = voice.settings.speed_factor;

  const auto started = std::chrono::steady_clock::now();
  ProgressBar bar(!options.quiet && ::isatty(STDERR_FILENO));
  const audiobook::ExportSummary summary = audiobook::export_audiobook(
      doc, settings,
      [voice] {
        auto engine = std::make_unique<speech::EspeakEngine>(voice.lexicon);
        engine->configure(voice.settings);
        return engine;
      },
      [&bar](const audiobook::ExportProgress& p) { bar.update(p); });
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double audio = static_cast<double>(summary.samples_written) / summary.sample_rate_hz;
  bar.clear();
  if (!options.quiet) {
    const std::string figures =
        format_duration(audio) + " of audio, " + std::to_string(doc.sentences.size()) +
        " sentences, " + std::to_string(summary.chapters) +
        (summary.chapters == 1 ? " chapter" : " chapters") + ") in " + format_duration(wall);
    if (settings.split_sections) {
      // Every file, so that a listener who cannot see the folder knows what is in it.
      for (const auto& file : summary.files)
        std::cerr << "voxmark: wrote " << file.string() << "\n";
      for (const auto& file : summary.removed) {
        std::cerr << "voxmark: removed " << file.string() << " (from the previous export)\n";
      }
      std::cerr << "voxmark: " << summary.files.size() << " files in " << options.output << " ("
                << figures << "\n";
    } else {
      std::cerr << "voxmark: wrote " << summary.files.front().string() << " (" << figures << "\n";
      for (std::size_t i = 1; i < summary.files.size(); ++i) {
        std::cerr << "voxmark: wrote " << summary.files[i].string() << "\n";
      }
    }
  }
  return 0;
}

}  // namespace

void register_export(CLI::App& app, Action& action) {
  auto options = std::make_shared<ExportCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "export", "Write the document as an audiobook (WAV with chapters, FLAC, Ogg or MP3)");
  add_document_options(*command, options->document);
  add_voice_options(*command, options->voice);
  command->add_option("-o,--output", options->output,
                      "The audio file to write (with --split sections: a folder)")
      ->required();
  command->add_option("--format", options->format, "wav, flac, ogg or mp3; default: from OUT's extension")
      ->check(CLI::IsMember({"wav", "flac", "ogg", "mp3"}));
  command->add_option("--subtitles", options->subtitles,
                      "Also write subtitles, one cue per sentence: FILE.vtt or FILE.srt (with --split: vtt or srt, "
                      "one file beside each section's audio)");
  command->add_option("--split", options->split, "sections: one file per section and a playlist")
      ->check(CLI::IsMember({"sections"}));
  command->add_option("-j,--jobs", options->jobs, "Synthesis processes (default: the number of cores)")
      ->check(CLI::Range(1, 64));
  command->add_flag("-q,--quiet", options->quiet, "No progress bar and no summary");
  command->callback([options, &action] { action = [options] { return run_export(*options); }; });
}

}  // namespace voxmark::cli
