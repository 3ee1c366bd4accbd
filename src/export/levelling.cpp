#include "export/levelling.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <thread>

#include "common/error.h"
#include "common/interrupt.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBlockSamples = 1 << 15;
// levelling_split_point: silence enough for the limiter's release (80 ms) to have recovered
// all but 8% of a reduction before the cut.
constexpr double kRestedSeconds = 0.2;
constexpr std::uint64_t kBlockSteps = 4;  // a gating block: 400 ms

// One part of a measuring pass: the mastered samples measured.
struct PartLevels {
  explicit PartLevels(int rate, std::size_t files) : meter(rate), file_sum_of_squares(files, 0.0) {}
  LoudnessMeter meter;
  std::vector<double> file_sum_of_squares;
  std::vector<std::int16_t> head;  // the first mastered samples, as many as asked for
  std::exception_ptr error;
};

// Masters [begin, end) at `gain_db` into `part`, keeping its first `keep_head` samples.
void measure_range(const SampleSpool& spool, const std::vector<PlannedFile>& files, int rate,
                   double gain_db, double ceiling_db, std::uint64_t begin, std::uint64_t end,
                   const fs::path& output, std::size_t keep_head, PartLevels& part) {
  std::uint64_t at = begin;
  std::size_t k = 0;
  master_range(spool, files, rate, gain_db, ceiling_db, true, begin, end, output,
               [&](std::span<const std::int16_t> block) {
                 part.meter.add(block);
                 if (part.head.size() < keep_head) {
                   const std::size_t n = std::min(keep_head - part.head.size(), block.size());
                   part.head.insert(part.head.end(), block.begin(), block.begin() + n);
                 }
                 // Each file's part of the block, summed in the order of its samples.
                 std::size_t i = 0;
                 while (i < block.size()) {
                   while (k < files.size() && at >= files[k].end_sample) ++k;
                   if (k == files.size()) break;
                   if (at < files[k].begin_sample) {  // between files: skipped
                     const auto gap =
                         std::min<std::uint64_t>(files[k].begin_sample - at, block.size() - i);
                     i += static_cast<std::size_t>(gap);
                     at += gap;
                     continue;
                   }
                   const std::size_t n = static_cast<std::size_t>(
                       std::min<std::uint64_t>(files[k].end_sample - at, block.size() - i));
                   double sum = part.file_sum_of_squares[k];
                   for (const std::int16_t v : block.subspan(i, n)) {
                     const double x = v * (1.0 / 32768);  // exact, as v / 32768.0
                     sum += x * x;
                   }
                   part.file_sum_of_squares[k] = sum;
                   i += n;
                   at += n;
                 }
                 at += block.size() - i;
               });
}

}  // namespace

void throw_interrupted(const fs::path& output) {
  throw Error(static_cast<ExitCode>(128 + interrupt_signal()),
              "interrupted; " + output.string() + " is untouched and no temporary file is left");
}

double master_range(const SampleSpool& spool, const std::vector<PlannedFile>& files, int rate,
                    double book_gain_db, double ceiling_db, bool levelled, std::uint64_t begin,
                    std::uint64_t end, const fs::path& output, const SampleSink& sink) {
  // The gain in force at `begin`: that of the last file begun by then.
  std::size_t next_file = 0;  // the next file whose first sample sets the gain
  double gain_db = book_gain_db;
  while (next_file < files.size() && files[next_file].begin_sample <= begin) {
    gain_db = book_gain_db + files[next_file++].gain_adjust_db;
  }
  Mastering mastering(rate, gain_db, ceiling_db);
  std::vector<std::int16_t> in(kBlockSamples);
  std::vector<std::int16_t> out;
  std::uint64_t pushed = begin;
  while (pushed < end) {
    if (interrupted()) throw_interrupted(output);
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(in.size(), end - pushed));
    if (next_file < files.size() && files[next_file].begin_sample >= pushed) {
      if (files[next_file].begin_sample == pushed) {
        mastering.set_gain_db(book_gain_db + files[next_file].gain_adjust_db);
        ++next_file;
        continue;
      }
      want = static_cast<std::size_t>(
          std::min<std::uint64_t>(want, files[next_file].begin_sample - pushed));
    }
    const std::size_t got = spool.read_at(pushed, {in.data(), want});
    if (got == 0) break;
    pushed += got;
    if (levelled) {
      out.clear();
      mastering.process({in.data(), got}, out);
      sink(out);
    } else {
      sink({in.data(), got});  // the engine's samples as they are
    }
  }
  out.clear();
  if (levelled) mastering.flush(out);
  sink(out);
  return mastering.largest_reduction_db();
}

std::optional<std::uint64_t> levelling_split_point(const std::vector<SpooledSentence>& spooled,
                                                   std::uint64_t total_samples, int rate) {
  const std::uint64_t step = LoudnessMeter::block_step_samples(rate);
  const std::uint64_t margin = Mastering::quiet_margin_samples(rate);
  const auto rested = static_cast<std::uint64_t>(kRestedSeconds * rate);
  struct Candidate {
    std::uint64_t at = 0;
    bool rested = false;         // after kRestedSeconds of silence or more
    std::uint64_t distance = 0;  // from the middle, doubled
  };
  std::optional<Candidate> best;
  const auto better = [](const Candidate& a, const Candidate& b) {
    if (a.rested != b.rested) return a.rested;
    return a.distance < b.distance;  // ties: the earlier, met first
  };
  for (std::size_t i = 1; i < spooled.size(); ++i) {
    const std::uint64_t quiet = spooled[i - 1].end_sample;  // the pause: [quiet, loud)
    const std::uint64_t loud = spooled[i].start_sample;
    if (loud < quiet + 2 * margin) continue;
    // The latest point on the block grid that leaves the margin before the next sentence.
    const std::uint64_t at = (loud - margin) / step * step;
    if (at < quiet + margin || at < kBlockSteps * step || at + kBlockSteps * step > total_samples) {
      continue;
    }
    Candidate c;
    c.at = at;
    c.rested = at - quiet >= rested;
    c.distance = 2 * at > total_samples ? 2 * at - total_samples : total_samples - 2 * at;
    if (!best || better(c, *best)) best = c;
  }
  if (!best) return std::nullopt;
  return best->at;
}

MasteredLevels measure_mastered(const SampleSpool& spool, const std::vector<PlannedFile>& files,
                                int rate, double gain_db, double ceiling_db,
                                std::optional<std::uint64_t> split, const fs::path& output) {
  MasteredLevels levels;
  const std::uint64_t total = spool.size();
  if (!split) {
    PartLevels whole(rate, files.size());
    measure_range(spool, files, rate, gain_db, ceiling_db, 0, total, output, 0, whole);
    levels.lufs = whole.meter.integrated_lufs();
    levels.rms_db = rms_db(whole.meter.sum_of_squares(), whole.meter.samples());
    levels.file_sum_of_squares = std::move(whole.file_sum_of_squares);
    return levels;
  }
  // The gating blocks that end in the second part's first 300 ms start in the first part.
  const auto across =
      static_cast<std::size_t>((kBlockSteps - 1) * LoudnessMeter::block_step_samples(rate));
  PartLevels first(rate, files.size());
  PartLevels second(rate, files.size());
  std::thread worker([&] {
    try {
      measure_range(spool, files, rate, gain_db, ceiling_db, *split, total, output, across, second);
    } catch (...) {
      second.error = std::current_exception();
    }
  });
  try {
    measure_range(spool, files, rate, gain_db, ceiling_db, 0, *split, output, 0, first);
  } catch (...) {
    first.error = std::current_exception();
  }
  worker.join();
  if (first.error) std::rethrow_exception(first.error);
  if (second.error) std::rethrow_exception(second.error);
  levels.rms_db = rms_db(first.meter.sum_of_squares() + second.meter.sum_of_squares(),
                         first.meter.samples() + second.meter.samples());
  levels.file_sum_of_squares = std::move(first.file_sum_of_squares);
  for (std::size_t k = 0; k < files.size(); ++k) {
    levels.file_sum_of_squares[k] += second.file_sum_of_squares[k];
  }
  first.meter.add(second.head);  // after its sums were taken: counted once
  const std::array<const LoudnessMeter*, 2> meters{&first.meter, &second.meter};
  levels.lufs = LoudnessMeter::integrated_lufs(meters);
  return levels;
}

BookLevel find_book_level(const SampleSpool& spool, const std::vector<PlannedFile>& files, int rate,
                          double first_gain_db, double ceiling_db, const LoudnessTarget& target,
                          std::optional<std::uint64_t> split, const fs::path& output,
                          const std::function<void()>& before_pass) {
  const bool by_rms = target.measure == LoudnessTarget::Measure::rms_db;
  BookLevel found;
  found.gain_db = first_gain_db;
  double previous_gain = 0, previous_level = 0;
  for (int pass = 0;; ++pass) {
    if (before_pass) before_pass();
    found.levels = measure_mastered(spool, files, rate, found.gain_db, ceiling_db, split, output);
    const double level = by_rms ? found.levels.rms_db : found.levels.lufs;
    found.passes.push_back({found.gain_db, level});
    const double missing = target.level - level;
    if (!std::isfinite(level) || std::abs(missing) <= 0.15 || pass == 3) break;
    // The limiter makes a decibel more gain give less than a decibel more level.
    const double slope =
        pass == 0
            ? 1.0
            : std::clamp((level - previous_level) / (found.gain_db - previous_gain), 0.25, 1.0);
    previous_gain = found.gain_db;
    previous_level = level;
    found.gain_db += missing / slope;
  }
  return found;
}

}  // namespace voxmark::audiobook
