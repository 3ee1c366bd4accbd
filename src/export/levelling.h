// Levelling the spooled book, export_audiobook's second stage: the limiter run over the spool
// (loudness.h's Mastering), and the measuring passes that find the book's gain. The limiter
// takes off some loudness where it holds peaks down, so the gain is found by mastering audio
// without writing it and measuring the result: first a sample of the sentences, a few times,
// then the whole book, usually once (find_book_level). Every measuring pass runs on two
// threads (a whole-book pass cut in two inside a pause, levelling_split_point); the pass that
// writes the files runs one limiter over the whole book, in order. Where the files are cheap to
// write, the exporter makes each whole-book pass a writing one, measured as it writes
// (master_and_measure: the limiter on one thread, the meter on another), and keeps the last.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "export/file_plan.h"
#include "export/loudness.h"
#include "export/spool.h"

namespace voxmark::audiobook {

// Mastered samples on their way out, in order.
using SampleSink = std::function<void(std::span<const std::int16_t>)>;

// Throws the export's Error for a stop signal (exit 128 + signal).
[[noreturn]] void throw_interrupted(const std::filesystem::path& output);

// Reads the spool's samples [begin, end), each file's at the book's gain plus the file's own,
// through a fresh limiter (or untouched when not levelled), and hands the result to `sink`:
// end - begin samples, in order. Returns the most the limiter took off a peak, in dB.
// Threads: any; several may run at once on one spool. Throws Error (interrupted, io).
double master_range(const SampleSpool& spool, const std::vector<PlannedFile>& files, int rate,
                    double book_gain_db, double ceiling_db, bool levelled, std::uint64_t begin,
                    std::uint64_t end, const std::filesystem::path& output, const SampleSink& sink);

// What the mastered book measures: its loudness, RMS, and each file's sum of squares.
struct MasteredLevels {
  double lufs = 0;
  double rms_db = 0;
  std::vector<double> file_sum_of_squares;
};

// Where a measuring pass may cut the book in two: a sample inside a pause between two
// sentences (digital silence, at least Mastering::quiet_margin_samples on both sides), on the
// loudness meter's block grid (a multiple of LoudnessMeter::block_step_samples, so that the
// second part's gating blocks are the whole book's), with 400 ms or more on each side: the
// latest such point in its pause, and of those the one nearest the middle of the book after
// 200 ms of silence or more (the limiter's release has then recovered all but 8% of its
// reduction), else the one nearest the middle. None when no pause qualifies. It depends on the
// audio alone, never on --jobs or timing: the same document gives the same gain, and so the
// same file.
std::optional<std::uint64_t> levelling_split_point(const std::vector<SpooledSentence>& spooled,
                                                   std::uint64_t total_samples, int rate);

// The book mastered at `gain_db` (each file's gain_adjust_db on top) and measured, not written.
// Without a split point, one limiter and one meter over the whole book. With one, each part
// on its own thread with its own limiter and meter; the first part's meter then also takes the
// second part's first 300 ms, so that the gating blocks across the cut are measured too, with
// the first part's filter state, and the two meters' blocks are gated together: the loudness
// is the whole book's but for the second limiter starting from rest (see
// Mastering::quiet_margin_samples); sums of squares add up. Throws Error (interrupted, io).
MasteredLevels measure_mastered(const SampleSpool& spool, const std::vector<PlannedFile>& files,
                                int rate, double gain_db, double ceiling_db,
                                std::optional<std::uint64_t> split,
                                const std::filesystem::path& output);

// What master_and_measure wrote: the levels of exactly those samples, and the most the limiter
// took off a peak, in dB.
struct WrittenLevels {
  MasteredLevels levels;
  double largest_reduction_db = 0;
};

// The whole book mastered at `gain_db` (each file's gain_adjust_db on top) into `sink`, as
// master_range over the whole spool, and measured on a second thread as it is written: one
// limiter and one meter, so the levels are those of the samples `sink` got.
// Threads: the caller's runs the limiter and `sink`; another the meter (at most 8 blocks of
// samples wait for it). Throws Error (interrupted, io) and what `sink` throws.
WrittenLevels master_and_measure(const SampleSpool& spool, const std::vector<PlannedFile>& files,
                                 int rate, double gain_db, double ceiling_db,
                                 const std::filesystem::path& output, const SampleSink& sink);

// One measuring pass: the gain tried, and what the limited book then measured (LUFS or dB
// RMS, as the target).
struct LevellingPass {
  double gain_db = 0;
  double measured = 0;
};

// Every stride-th sentence of the book (the stride: an eighth of the sentence count, up to
// 8), whose loudness change with the gain stands for the book's; none for a book of under 24
// sentences, where the sample would cost more passes than it saves.
std::vector<SpooledSentence> level_sample(const std::vector<SpooledSentence>& spooled);

// The sample's sentences mastered at `gain_db`, each by a fresh limiter (as after a pause),
// and measured together; `levelled` false: as spooled, gain not applied. On two threads
// (alternate sentences). Throws Error (interrupted, io).
MasteredLevels measure_sample(const SampleSpool& spool, const std::vector<SpooledSentence>& sample,
                              int rate, double gain_db, double ceiling_db, bool levelled,
                              const std::filesystem::path& output);

// The book's gain. The limiter takes loudness off, more the more gain there is; `first_gain_db`
// is what the unlimited book needs. First, on the sample (level_sample), the gain at which the
// sample, limited, measures what it measures unlimited at first_gain_db: that is the gain at
// which the limiter's loss on the sample is made up, and the book's loss is close to the
// sample's (cheap passes over an eighth of the book, until within 0.02 LU or dB, or 6 of them).
// Then measuring passes over the whole book (measure_mastered, cut at levelling_split_point),
// each correcting the gain by what the last one missed, until the limited book is within
// 0.15 LU (or dB) of the target, or after 4 passes: usually the first is within.
struct BookLevel {
  double gain_db = 0;
  MasteredLevels levels;                     // the last pass's, at gain_db
  std::vector<LevellingPass> passes;         // over the whole book
  std::vector<LevellingPass> sample_passes;  // over the sample, the first one unlimited
  std::size_t sample_sentences = 0;
  std::optional<std::uint64_t> split;  // where measure_mastered's passes cut it
};
// `whole_book_pass` masters the whole book at a gain and measures it; when empty, it is
// measure_mastered, cut at levelling_split_point. (The exporter's own writes the files as it
// measures: the last pass's files are then the book at the gain found.)
using WholeBookPass = std::function<MasteredLevels(double gain_db)>;
BookLevel find_book_level(const SampleSpool& spool, const std::vector<SpooledSentence>& spooled,
                          const std::vector<PlannedFile>& files, int rate, double first_gain_db,
                          double ceiling_db, const LoudnessTarget& target,
                          const std::filesystem::path& output,
                          const std::function<void()>& before_pass,
                          const WholeBookPass& whole_book_pass = {});

}  // namespace voxmark::audiobook
