#include "export/levelling.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
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
constexpr std::uint64_t kBlockSteps = 4;   // a gating block: 400 ms
constexpr double kTolerance = 0.15;        // LU or dB: the book's level is near enough
constexpr std::size_t kSampleStride = 8;   // level_sample: every 8th sentence, at most
constexpr double kSampleTolerance = 0.02;  // the sample's passes stop this near their aim
constexpr int kSamplePasses = 6;
constexpr double kLeastSlope = 0.25;  // dB of level for a dB of gain: the limiter saturates

// One part of a measuring pass: the mastered samples measured.
struct PartLevels {
  explicit PartLevels(int rate, std::size_t files) : meter(rate), file_sum_of_squares(files, 0.0) {}
  LoudnessMeter meter;
  std::vector<double> file_sum_of_squares;
  std::vector<std::int16_t> head;  // the first mastered samples, as many as asked for
  std::exception_ptr error;
};

// Measures the mastered samples of [begin, ...) into `part` as they come, in order, keeping
// the first `keep_head` of them.
class RangeMeasurer {
 public:
  RangeMeasurer(const std::vector<PlannedFile>& files, std::uint64_t begin, std::size_t keep_head,
                PartLevels& part)
      : files_(files), at_(begin), keep_head_(keep_head), part_(part) {}

  void add(std::span<const std::int16_t> block) {
    part_.meter.add(block);
    if (part_.head.size() < keep_head_) {
      const std::size_t n = std::min(keep_head_ - part_.head.size(), block.size());
      part_.head.insert(part_.head.end(), block.begin(), block.begin() + n);
    }
    // Each file's part of the block, summed in the order of its samples.
    std::size_t i = 0;
    while (i < block.size()) {
      while (k_ < files_.size() && at_ >= files_[k_].end_sample) ++k_;
      if (k_ == files_.size()) break;
      if (at_ < files_[k_].begin_sample) {  // between files: skipped
        const auto gap = std::min<std::uint64_t>(files_[k_].begin_sample - at_, block.size() - i);
        i += static_cast<std::size_t>(gap);
        at_ += gap;
        continue;
      }
      const std::size_t n = static_cast<std::size_t>(
          std::min<std::uint64_t>(files_[k_].end_sample - at_, block.size() - i));
      double sum = part_.file_sum_of_squares[k_];
      for (const std::int16_t v : block.subspan(i, n)) {
        const double x = v * (1.0 / 32768);  // exact, as v / 32768.0
        sum += x * x;
      }
      part_.file_sum_of_squares[k_] = sum;
      i += n;
      at_ += n;
    }
    at_ += block.size() - i;
  }

 private:
  const std::vector<PlannedFile>& files_;
  std::uint64_t at_;
  std::size_t k_ = 0;
  std::size_t keep_head_;
  PartLevels& part_;
};

// Masters [begin, end) at `gain_db` into `part`, keeping its first `keep_head` samples.
void measure_range(const SampleSpool& spool, const std::vector<PlannedFile>& files, int rate,
                   double gain_db, double ceiling_db, std::uint64_t begin, std::uint64_t end,
                   const fs::path& output, std::size_t keep_head, PartLevels& part) {
  RangeMeasurer measurer(files, begin, keep_head, part);
  master_range(spool, files, rate, gain_db, ceiling_db, true, begin, end, output,
               [&](std::span<const std::int16_t> block) { measurer.add(block); });
}

// What one part's meter measured, as the whole book's levels.
MasteredLevels levels_of(PartLevels& whole) {
  MasteredLevels levels;
  levels.lufs = whole.meter.integrated_lufs();
  levels.rms_db = rms_db(whole.meter.sum_of_squares(), whole.meter.samples());
  levels.file_sum_of_squares = std::move(whole.file_sum_of_squares);
  return levels;
}

// Blocks of samples from one thread to another, in order, at most kQueuedBlocks waiting.
// Threads: one pushes, one pops.
class BlockQueue {
 public:
  void push(std::span<const std::int16_t> block) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return blocks_.size() < kQueuedBlocks; });
    blocks_.emplace_back(block.begin(), block.end());
    ready_.notify_one();
  }
  // False once closed and empty.
  bool pop(std::vector<std::int16_t>& block) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !blocks_.empty() || closed_; });
    if (blocks_.empty()) return false;
    block = std::move(blocks_.front());
    blocks_.pop_front();
    room_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_one();
  }

 private:
  static constexpr std::size_t kQueuedBlocks = 8;  // 8 x 32,768 samples: 512 KiB
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;
  std::deque<std::vector<std::int16_t>> blocks_;
  bool closed_ = false;
};

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
    return levels_of(whole);
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

WrittenLevels master_and_measure(const SampleSpool& spool, const std::vector<PlannedFile>& files,
                                 int rate, double gain_db, double ceiling_db,
                                 const fs::path& output, const SampleSink& sink) {
  PartLevels whole(rate, files.size());
  BlockQueue queue;
  std::thread meter([&] {
    RangeMeasurer measurer(files, 0, 0, whole);
    std::vector<std::int16_t> block;
    while (queue.pop(block)) {
      // After a failure the blocks are still taken, so that the limiter's thread never waits.
      if (whole.error) continue;
      try {
        measurer.add(block);
      } catch (...) {
        whole.error = std::current_exception();
      }
    }
  });
  WrittenLevels written;
  {
    // The meter's thread has taken every block at the end of this scope, however the limiter's
    // work ends.
    struct Join {
      BlockQueue& queue;
      std::thread& thread;
      ~Join() {
        queue.close();
        thread.join();
      }
    } join{queue, meter};
    written.largest_reduction_db =
        master_range(spool, files, rate, gain_db, ceiling_db, true, 0, spool.size(), output,
                     [&](std::span<const std::int16_t> block) {
                       sink(block);
                       queue.push(block);
                     });
  }
  if (whole.error) std::rethrow_exception(whole.error);
  written.levels = levels_of(whole);
  return written;
}

std::vector<SpooledSentence> level_sample(const std::vector<SpooledSentence>& spooled) {
  const std::size_t stride = std::min<std::size_t>(kSampleStride, spooled.size() / 8);
  std::vector<SpooledSentence> sample;
  if (stride < 3) return sample;
  for (std::size_t i = stride / 2; i < spooled.size(); i += stride) sample.push_back(spooled[i]);
  return sample;
}

MasteredLevels measure_sample(const SampleSpool& spool, const std::vector<SpooledSentence>& sample,
                              int rate, double gain_db, double ceiling_db, bool levelled,
                              const fs::path& output) {
  PartLevels parts[2] = {PartLevels(rate, 0), PartLevels(rate, 0)};
  const auto measure = [&](std::size_t first, PartLevels& part) {
    try {
      for (std::size_t i = first; i < sample.size(); i += 2) {
        master_range(spool, {}, rate, gain_db, ceiling_db, levelled, sample[i].start_sample,
                     sample[i].end_sample, output,
                     [&](std::span<const std::int16_t> block) { part.meter.add(block); });
      }
    } catch (...) {
      part.error = std::current_exception();
    }
  };
  std::thread worker(measure, 1, std::ref(parts[1]));
  measure(0, parts[0]);
  worker.join();
  for (const PartLevels& part : parts) {
    if (part.error) std::rethrow_exception(part.error);
  }
  MasteredLevels levels;
  levels.rms_db = rms_db(parts[0].meter.sum_of_squares() + parts[1].meter.sum_of_squares(),
                         parts[0].meter.samples() + parts[1].meter.samples());
  const std::array<const LoudnessMeter*, 2> meters{&parts[0].meter, &parts[1].meter};
  levels.lufs = LoudnessMeter::integrated_lufs(meters);
  return levels;
}

BookLevel find_book_level(const SampleSpool& spool, const std::vector<SpooledSentence>& spooled,
                          const std::vector<PlannedFile>& files, int rate, double first_gain_db,
                          double ceiling_db, const LoudnessTarget& target, const fs::path& output,
                          const std::function<void()>& before_pass,
                          const WholeBookPass& whole_book_pass) {
  const bool by_rms = target.measure == LoudnessTarget::Measure::rms_db;
  const auto level_of = [&](const MasteredLevels& l) { return by_rms ? l.rms_db : l.lufs; };
  BookLevel found;
  found.gain_db = first_gain_db;
  // The limiter makes a decibel more gain give less than a decibel more level: the next gain is
  // on the line through the last two passes (a secant), the first step at a slope of 1.
  const auto secant = [](double level, double gain, double previous_level, double previous_gain) {
    return std::clamp((level - previous_level) / (gain - previous_gain), kLeastSlope, 1.0);
  };
  const std::vector<SpooledSentence> sample = level_sample(spooled);
  found.sample_sentences = sample.size();
  double slope = 1.0;
  if (!sample.empty()) {
    if (before_pass) before_pass();
    const double aim =
        level_of(measure_sample(spool, sample, rate, 0.0, ceiling_db, false, output)) +
        first_gain_db;
    found.sample_passes.push_back({first_gain_db, aim});
    // Speech limited at the usual levels gives half a decibel more level for a decibel more
    // gain (-18 LUFS, ceiling -3 dBTP: 0.46 to 0.52): the first step takes that, the secants
    // after it the sample's own.
    slope = 0.5;
    bool reached = false;
    double previous_gain = 0, previous_level = 0;
    for (int pass = 0; std::isfinite(aim) && pass < kSamplePasses; ++pass) {
      if (before_pass) before_pass();
      const double level =
          level_of(measure_sample(spool, sample, rate, found.gain_db, ceiling_db, true, output));
      found.sample_passes.push_back({found.gain_db, level});
      const double missing = aim - level;
      if (!std::isfinite(level)) break;
      if (std::abs(missing) <= kSampleTolerance) {
        reached = true;
        break;
      }
      if (pass > 0) {
        const double s = (level - previous_level) / (found.gain_db - previous_gain);
        if (!(s >= kLeastSlope)) break;  // the limiter takes most of each decibel more
        slope = std::min(s, 1.0);
      }
      previous_gain = found.gain_db;
      previous_level = level;
      found.gain_db += missing / slope;
    }
    // A level the limiter can hardly reach (or a sample that says nothing): the whole-book
    // passes start afresh, as without a sample.
    if (!reached) {
      found.gain_db = first_gain_db;
      slope = 1.0;
    }
  }
  if (!whole_book_pass) found.split = levelling_split_point(spooled, spool.size(), rate);
  double previous_gain = 0, previous_level = 0;
  for (int pass = 0;; ++pass) {
    if (before_pass) before_pass();
    found.levels = whole_book_pass ? whole_book_pass(found.gain_db)
                                   : measure_mastered(spool, files, rate, found.gain_db, ceiling_db,
                                                      found.split, output);
    const double level = level_of(found.levels);
    found.passes.push_back({found.gain_db, level});
    const double missing = target.level - level;
    if (!std::isfinite(level) || std::abs(missing) <= kTolerance || pass == 3) break;
    if (pass > 0) slope = secant(level, found.gain_db, previous_level, previous_gain);
    previous_gain = found.gain_db;
    previous_level = level;
    found.gain_db += missing / slope;
  }
  return found;
}

}  // namespace voxmark::audiobook
