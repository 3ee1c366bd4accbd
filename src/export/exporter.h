// voxmark export: a document -> an audiobook file (or one file per section), with chapters,
// tags, a cover, levelled loudness and subtitles, synthesized in parallel worker processes.
//
// Two passes. Synthesis appends every sentence (and the pauses between) to a spool on disk
// (spool.h) while libebur128 measures it; then, after the levelling's measuring passes
// (levelling.h), the spool is read once more, levelled with one gain for the whole book and
// limited (loudness.h), and handed to the format writers
// (formats/format_writer.h), which so know every chapter mark before their first byte.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "document/document.h"
#include "export/file_plan.h"
#include "export/formats/format_writer.h"
#include "export/levelling.h"
#include "export/loudness.h"
#include "export/profile.h"
#include "export/subtitles.h"
#include "export/synthesis_pool.h"
#include "speech/voice_preset.h"

namespace voxmark::audiobook {

struct ExportOptions {
  std::filesystem::path output;  // the file, or with split_sections the folder
  std::filesystem::path input;   // the document's file, never written; empty: not a file
  AudioFormat format = AudioFormat::wav;
  std::optional<std::filesystem::path> subtitles;  // .vtt or .srt; with split: one per file
  bool split_sections = false;
  int jobs = 1;                // synthesis processes
  speech::PausesMs pauses;     // at speed 1
  double speed_factor = 1.0;   // pauses shrink with speed, as the speech does
  LoudnessTarget loudness;     // Measure::off: the engine's samples unchanged
  std::optional<Cover> cover;  // for formats that hold one (holds_cover())
  // A profile's encoding and file rules (head and tail silence, longest file, each file's
  // RMS window); its format, split and loudness are already in the fields above.
  ExportProfile rules;
};

struct ExportProgress {
  enum class Stage { synthesis, levelling, encoding } stage = Stage::synthesis;
  std::size_t sentences_done = 0;
  std::size_t sentences_total = 0;
  std::uint64_t samples_written = 0;  // synthesized, then encoded
  std::uint64_t samples_total = 0;    // while encoding: the spool's length
  int sample_rate_hz = 0;
};

struct ExportSummary {
  std::vector<std::filesystem::path> files;    // what was written, audio first
  std::vector<std::filesystem::path> removed;  // split: files of an earlier export now gone
  std::uint64_t samples_written = 0;           // over all audio files
  int sample_rate_hz = 0;
  std::size_t chapters = 0;
  double measured_db = 0;       // the book's loudness before levelling (LUFS or dB RMS)
  double gain_db = 0;           // applied to the whole book
  double largest_limit_db = 0;  // the most the limiter took off a peak
  std::vector<LevellingPass> levelling_passes;         // in order; none when not levelled
  std::vector<LevellingPass> levelling_sample_passes;  // over a sample of the sentences
  std::size_t levelling_sample_sentences = 0;
  std::optional<std::uint64_t> levelling_split;  // where the measuring passes cut the spool
  bool levelling_written = false;  // each whole-book pass wrote the files as it measured them
  double levelling_wall_s = 0;     // the measuring passes' wall time (and writing, if written)
  // Without --split: where each document sentence is in the audio file, head silence
  // included (sample positions at sample_rate_hz). The subtitles are timed from these same
  // values (sentence_in_file, file_plan.h), and so are the talking-book overlays.
  std::vector<SentenceInFile> sentence_samples;
};

// Writes everything or nothing: on any error or a stop signal the previous output is
// untouched and no temporary file remains. Where it may write: output_paths.h (one file) and
// split_folder.h (a folder of sections); refusals come before any synthesis. Throws Error
// (interrupted: exit 128 + signal). `on_progress` is called after each sentence and each
// encoded block, on the calling thread.
ExportSummary export_audiobook(const document::Document& doc, const ExportOptions& options,
                               EngineFactory engine_factory,
                               const std::function<void(const ExportProgress&)>& on_progress);

// A file name for a section: "03 - Title.wav", with characters that are unsafe in file
// names replaced, kept short, and never a path (no "/", no leading "."). Exposed for tests.
std::string section_file_name(std::size_t number, std::size_t count, std::string_view title,
                              std::string_view extension);

}  // namespace voxmark::audiobook
