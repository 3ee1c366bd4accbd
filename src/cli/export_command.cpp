// voxmark export [FILE] -o OUT: the document as an audiobook file.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/voice_options.h"
#include "common/interrupt.h"
#include "common/printable.h"
#include "document/source.h"
#include "export/cover.h"
#include "export/exporter.h"
#include "export/talkingbook/talking_book.h"
#include "media/media.h"
#include "speech/speech_process.h"

namespace voxmark::cli {
namespace {

struct ExportCommandOptions {
  DocumentOptions document;
  VoiceOptions voice;
  std::string output;
  std::string format;
  std::string subtitles;
  std::string split;
  std::string loudness;  // "": the default (or the profile's)
  std::string cover;
  std::string profile;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool quiet = false;
};

// A progress bar on a terminal: percent, audio done, time left, speed against real time.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled)
      : enabled_(enabled), started_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() { clear(); }

  // Takes the bar off the line, so that what follows starts on a clean one.
  void clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

  void update(const audiobook::ExportProgress& p) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (p.stage == audiobook::ExportProgress::Stage::levelling) {
      std::fputs("\r\033[Klevelling the loudness...", stderr);
      std::fflush(stderr);
      drawn_ = true;
      return;
    }
    const bool encoding = p.stage == audiobook::ExportProgress::Stage::encoding;
    const bool done = encoding ? p.samples_written >= p.samples_total : false;
    if (now - last_ < std::chrono::milliseconds(100) && !done) return;
    last_ = now;
    // The levelling may write the book more than once (a WAV or FLAC pass that missed its
    // level): each pass's bar and times start again.
    if (encoding && (!encoding_started_ || p.samples_written < last_written_)) {
      encoding_started_ = true;
      started_ = now;
    }
    if (encoding) last_written_ = p.samples_written;
    const double wall = std::chrono::duration<double>(now - started_).count();
    const double audio = static_cast<double>(p.samples_written) / std::max(p.sample_rate_hz, 1);
    const double fraction =
        encoding
            ? static_cast<double>(p.samples_written) /
                  static_cast<double>(std::max<std::uint64_t>(p.samples_total, 1))
            : static_cast<double>(p.sentences_done) / std::max<std::size_t>(p.sentences_total, 1);
    const double eta = fraction > 0 ? wall / fraction - wall : 0;
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r\033[K%s[%s%s] %3.0f%%  %s of audio  %s left  %.0fx real time",
                 encoding ? "encoding " : "",
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(),
                 fraction * 100, format_duration(audio).c_str(), format_duration(eta).c_str(),
                 wall > 0 ? audio / wall : 0.0);
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_{};
  bool encoding_started_ = false;
  std::uint64_t last_written_ = 0;  // samples written at the last drawing, in this pass
};

// --loudness: "off" or LUFS in the documented range.
audiobook::LoudnessTarget parse_loudness(const std::string& value) {
  audiobook::LoudnessTarget target;
  if (value.empty()) return target;
  if (value == "off") {
    target.measure = audiobook::LoudnessTarget::Measure::off;
    return target;
  }
  std::size_t used = 0;
  double lufs = 0;
  try {
    lufs = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() ||
      !(lufs >= audiobook::kMinLoudnessLufs && lufs <= audiobook::kMaxLoudnessLufs)) {
    throw Error(ExitCode::usage, "--loudness " + printable(value) +
                                     ": give a level in LUFS from -40 to -10 (audiobooks: -18, the "
                                     "default; podcasts: -16), or off");
  }
  target.level = lufs;
  return target;
}

// The cover: --cover, else the front matter's `cover:` (relative to the document's folder).
// A cover the format cannot hold: --cover is refused, the front matter's noted.
std::optional<audiobook::Cover> resolve_cover(const ExportCommandOptions& options,
                                              audiobook::AudioFormat format) {
  const std::string_view extension = audiobook::extension_of(format);
  if (!options.cover.empty()) {
    if (!audiobook::holds_cover(format)) {
      throw Error(ExitCode::usage, "--cover: " + std::string(extension) +
                                       " files hold no picture; export to m4b, m4a, mp3, opus, "
                                       "ogg or flac for a cover");
    }
    return audiobook::load_cover(options.cover, "--cover");
  }
  const std::string& file = options.document.file;
  if (file.empty() || file == "-") return std::nullopt;  // only a file has a folder to look in
  const auto named = audiobook::front_matter_cover(document::load_source(file).bytes);
  if (!named) return std::nullopt;
  const std::string origin = printable(file) + ": cover";
  if (!audiobook::holds_cover(format)) {
    print_warnings({{printable(file), "cover: " + std::string(extension) +
                                          " files hold no picture; the cover is left out"}});
    return std::nullopt;
  }
  std::filesystem::path picture(*named);
  if (picture.is_relative()) picture = std::filesystem::path(file).parent_path() / picture;
  return audiobook::load_cover(picture, origin);
}

int run_export(const ExportCommandOptions& options) {
  install_interrupt_handlers();
  audiobook::ExportOptions settings;
  settings.output = options.output;
  settings.loudness = parse_loudness(options.loudness);
  if (!options.profile.empty()) {
    settings.rules = audiobook::find_profile(options.profile, audiobook::user_profile_dir());
    const audiobook::ExportProfile& profile = settings.rules;
    if (profile.format && !options.format.empty() &&
        audiobook::audio_format_from(options.format, {}) != *profile.format) {
      throw Error(ExitCode::usage, "--format " + options.format + ": --profile " + profile.name +
                                       " writes " +
                                       std::string(audiobook::extension_of(*profile.format)) +
                                       "; leave out --format");
    }
    if (profile.loudness && !options.loudness.empty()) {
      throw Error(ExitCode::usage, "--loudness: --profile " + profile.name +
                                       " sets the level its checks need; leave out --loudness");
    }
    if (profile.loudness) settings.loudness = *profile.loudness;
  }
  settings.split_sections = options.split == "sections" || settings.rules.split_sections;
  // .epub / .html (or --format epub / html): a talking book, its audio one MP3.
  const bool audio_format_named =
      !options.format.empty() && options.format != "epub" && options.format != "html";
  const std::optional<audiobook::TalkingBookKind> talking_book =
      audio_format_named ? std::nullopt
                         : audiobook::talking_book_kind(options.format, settings.output);
  if (talking_book) {
    const std::string what =
        *talking_book == audiobook::TalkingBookKind::epub ? "an EPUB" : "a read-along page";
    if (!options.profile.empty()) {
      throw Error(ExitCode::usage, "--profile " + options.profile + ": " + what +
                                       " is not an audiobook for a publisher; leave out --profile");
    }
    if (settings.split_sections) {
      throw Error(ExitCode::usage,
                  "--split: " + what + " is one file; leave out --split (or export audio)");
    }
    settings.format = audiobook::AudioFormat::mp3;
  } else if (settings.rules.format && options.format.empty()) {
    settings.format = *settings.rules.format;
    if (!settings.split_sections && settings.output.has_extension() &&
        audiobook::audio_format_from("", settings.output) != settings.format) {
      throw Error(ExitCode::usage,
                  printable(options.output) + ": --profile " + settings.rules.name + " writes " +
                      std::string(audiobook::extension_of(settings.format)) + "; name a ." +
                      std::string(audiobook::extension_of(settings.format)) + " file");
    }
  } else {
    settings.format = audiobook::audio_format_from(
        options.format, settings.split_sections ? std::filesystem::path() : settings.output);
  }
  // Every format but WAV is written by the FFmpeg module: load it now, so that a missing one is
  // refused before any synthesis, not after it.
  if (settings.format != audiobook::AudioFormat::wav) media::ffmpeg();
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
  // --cover is checked before the document is read; the front matter's after.
  if (!options.cover.empty()) settings.cover = resolve_cover(options, settings.format);
  settings.jobs = options.jobs;
  if (!options.document.file.empty() && options.document.file != "-") {
    settings.input = options.document.file;  // never to be written over
  }

  const VoicedDocument voiced =
      load_voiced_document(options.document.file, options.document.read, options.voice);
  const document::Document& doc = voiced.doc;
  const ResolvedVoice& voice = voiced.voice;
  if (options.cover.empty()) settings.cover = resolve_cover(options, settings.format);
  settings.pauses = voice.preset.pauses;
  settings.speed_factor = voice.settings.speed_factor;

  const auto started = std::chrono::steady_clock::now();
  ProgressBar bar(!options.quiet && ::isatty(STDERR_FILENO));
  const auto engine_factory = [voice] {
    auto engine = std::make_unique<speech::EspeakEngine>(voice.lexicon);
    engine->configure(voice.settings);
    return engine;
  };
  const auto on_progress = [&bar](const audiobook::ExportProgress& p) { bar.update(p); };
  const audiobook::ExportSummary summary =
      talking_book
          ? audiobook::export_talking_book(
                doc, *talking_book, settings,
                doc.metadata.language.empty() ? voice.settings.espeak_voice : doc.metadata.language,
                engine_factory, on_progress)
          : audiobook::export_audiobook(doc, settings, engine_factory, on_progress);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
    if (settings.loudness.measure != audiobook::LoudnessTarget::Measure::off) {
      const bool rms = settings.loudness.measure == audiobook::LoudnessTarget::Measure::rms_db;
      const char* unit = rms ? "dB RMS" : "LUFS";
      char line[200];
      std::snprintf(
          line, sizeof line,
          // The gain is more than the difference when the limiter had to take peaks back.
          "voxmark: levelled to %.1f %s (measured %.1f %s, gain %+.1f dB), peaks limited to "
          "%.1f dBTP\n",
          settings.loudness.level, unit, summary.measured_db, unit, summary.gain_db,
          settings.loudness.true_peak_ceiling_db);
      std::cerr << line;
    }
  }
  if (speech::speech_verbose()) {
    const bool rms = settings.loudness.measure == audiobook::LoudnessTarget::Measure::rms_db;
    if (summary.levelling_written) {
      std::cerr << "voxmark: levelling: " << summary.levelling_passes.size()
                << " whole-book passes, each writing the book and measuring it as written (on "
                   "two threads), in "
                << std::lround(summary.levelling_wall_s * 1000) << " ms\n";
    } else if (summary.levelling_split) {
      std::cerr << "voxmark: levelling: " << summary.levelling_passes.size()
                << " whole-book passes on two threads, the book cut at "
                << format_duration(static_cast<double>(*summary.levelling_split) /
                                   summary.sample_rate_hz)
                << ", in " << std::lround(summary.levelling_wall_s * 1000) << " ms\n";
    } else if (!summary.levelling_passes.empty()) {
      std::cerr << "voxmark: levelling: " << summary.levelling_passes.size()
                << " whole-book passes on one thread (no pause to cut the book at), in "
                << std::lround(summary.levelling_wall_s * 1000) << " ms\n";
    }
    const auto& sample = summary.levelling_sample_passes;
    for (std::size_t i = 0; i < sample.size(); ++i) {
      char line[200];
      std::snprintf(line, sizeof line,
                    "voxmark: levelling sample (%zu sentences) pass %zu: gain %+.3f dB, measured "
                    "%.3f %s%s\n",
                    summary.levelling_sample_sentences, i, sample[i].gain_db, sample[i].measured,
                    rms ? "dB RMS" : "LUFS", i == 0 ? " unlimited: the aim" : "");
      std::cerr << line;
    }
    for (std::size_t i = 0; i < summary.levelling_passes.size(); ++i) {
      char line[160];
      std::snprintf(line, sizeof line,
                    "voxmark: levelling pass %zu: gain %+.3f dB, measured %.3f %s\n", i + 1,
                    summary.levelling_passes[i].gain_db, summary.levelling_passes[i].measured,
                    rms ? "dB RMS" : "LUFS");
      std::cerr << line;
    }
  }
  return 0;
}

}  // namespace

void register_export(CLI::App& app, Action& action) {
  auto options = std::make_shared<ExportCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "export", "Write the document as an audiobook (M4B, MP3, Opus, ... with chapters)");
  add_document_options(*command, options->document);
  add_voice_options(*command, options->voice);
  command
      ->add_option("-o,--output", options->output,
                   "The audio file, book.epub or page.html to write (with --split sections: a "
                   "folder)")
      ->required();
  command
      ->add_option("--format", options->format,
                   "wav, flac, ogg, opus, mp3, m4a, m4b, or a talking book: epub (EPUB 3 with "
                   "Media Overlays) or html (a read-along page); default: from OUT's extension")
      ->check(CLI::IsMember([] {
        std::vector<std::string> names = audiobook::audio_format_names();
        names.insert(names.end(), {"epub", "html"});  // talking books
        return names;
      }()));
  command->add_option(
      "--subtitles", options->subtitles,
      "Also write subtitles, one cue per sentence: FILE.vtt or FILE.srt (with --split: vtt or srt, "
      "one file beside each section's audio)");
  command->add_option("--split", options->split, "sections: one file per section and a playlist")
      ->check(CLI::IsMember({"sections"}));
  command->add_option(
      "--loudness", options->loudness,
      "Level the whole book to LUFS (-40 to -10; default -18, peaks under -3 dBTP), or off");
  command->add_option(
      "--cover", options->cover,
      "A JPEG or PNG picture to embed as the cover (default: the front matter's cover:)");
  command->add_option(
      "--profile", options->profile,
      "Write to a publisher's technical requirements: acx, or a profile of your own");
  command
      ->add_option("-j,--jobs", options->jobs, "Synthesis processes (default: the number of cores)")
      ->check(CLI::Range(1, 64));
  command->add_flag("-q,--quiet", options->quiet, "No progress bar and no summary");
  command->callback([options, &action] { action = [options] { return run_export(*options); }; });
}

}  // namespace voxmark::cli
