// The levelling's measuring passes on two threads: the book is cut in a pause, each part
// mastered and measured on its own, and the parts' measurements combined must be what one pass
// over the whole book measures. Real speech (eSpeak NG's command line), spooled as the exporter
// spools it: sentences with pauses of digital silence between them.
#include "export/levelling.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_speech.h"

namespace voxmark::audiobook {
namespace {

namespace fs = std::filesystem;
constexpr int kRate = 22050;

// One sentence said by eSpeak NG's command line, read back with libsndfile.
std::vector<std::int16_t> speech(const std::string& text) {
  const std::vector<std::int16_t> samples = test::cli_speech(text);
  // Trimmed as the engine trims its utterances: the pauses are the spool's own silence.
  const auto loud = [](std::int16_t s) { return std::abs(static_cast<int>(s)) > 64; };
  const auto first = std::find_if(samples.begin(), samples.end(), loud);
  const auto last = std::find_if(samples.rbegin(), samples.rend(), loud).base();
  return first < last ? std::vector<std::int16_t>(first, last) : std::vector<std::int16_t>{};
}

const std::vector<std::vector<std::int16_t>>& sentences() {
  static const auto said = [] {
    std::vector<std::vector<std::int16_t>> s;
    for (const char* text : {
             "The licenses for most software are designed to take away your freedom to share "
             "and change it.",
             "By contrast, the GNU General Public License is intended to guarantee your freedom!",
             "Does it?",
             "Yes: 1,234 times, at 5 p.m., and again at dawn.",
             "When we speak of free software, we are referring to freedom, not price.",
             "To protect your rights, we need to prevent others from denying you these rights.",
             "Developers that use the GNU GPL protect your rights with two steps.",
             "Some devices are designed to deny users access to install or run modified "
             "versions of the software inside them.",
         }) {
      s.push_back(speech(text));
    }
    return s;
  }();
  return said;
}

// A spooled book: the sentences with the exporter's pauses between (250 ms within a paragraph,
// 500 between paragraphs, 900 before a heading), and two files, the second across the middle.
struct Book {
  fs::path dir;
  std::unique_ptr<SampleSpool> spool;
  std::vector<SpooledSentence> spooled;
  std::vector<PlannedFile> files;

  // `times`: the sentences over again, as a longer book.
  explicit Book(int times = 1,
                const std::vector<int>& pauses_ms = {250, 500, 250, 900, 250, 500, 250}) {
    dir = fs::temp_directory_path() / ("voxmark-levelling-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    spool = std::make_unique<SampleSpool>(dir / "book.wav", dir / "book.wav");
    const auto& said = sentences();
    for (std::size_t i = 0; i < said.size() * times; ++i) {
      if (i > 0) spool->append_silence(pauses_ms[(i - 1) % pauses_ms.size()] * kRate / 1000);
      const auto& sentence = said[i % said.size()];
      spooled.push_back({spool->size(), spool->size() + sentence.size()});
      spool->append(sentence);
    }
    spool->finish_appending();
    PlannedFile a, b;
    a.begin_sample = 0;
    a.end_sample = spooled[1].end_sample;
    b.begin_sample = spooled[2].start_sample;
    b.end_sample = spool->size();
    files = {a, b};
  }
  ~Book() {
    spool.reset();
    std::error_code e;
    fs::remove_all(dir, e);
  }
};

TEST(Levelling, SpeechIsThere) {
  for (const auto& s : sentences()) {
    ASSERT_GT(s.size(), static_cast<std::size_t>(kRate / 4))
        << "espeak-ng (package espeak-ng) gave no speech";
  }
}

TEST(Levelling, TheCutIsInSilenceOnTheBlockGridNearTheMiddle) {
  const Book book;
  const std::uint64_t total = book.spool->size();
  const auto cut = levelling_split_point(book.spooled, total, kRate);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(*cut % LoudnessMeter::block_step_samples(kRate), 0u);
  // Digital silence for the limiter's margin on both sides.
  const std::size_t margin = Mastering::quiet_margin_samples(kRate);
  EXPECT_GT(margin, static_cast<std::size_t>(0.005 * kRate));  // the attack window at least
  std::vector<std::int16_t> around(2 * margin);
  ASSERT_EQ(book.spool->read_at(*cut - margin, around), around.size());
  EXPECT_TRUE(std::all_of(around.begin(), around.end(), [](std::int16_t s) { return s == 0; }));
  // In the pause nearest the middle of those after 200 ms of silence or more.
  std::size_t pause = 0;
  while (pause + 1 < book.spooled.size() && book.spooled[pause + 1].start_sample <= *cut) ++pause;
  ASSERT_LT(pause + 1, book.spooled.size());
  EXPECT_GE(*cut - book.spooled[pause].end_sample, static_cast<std::uint64_t>(0.2 * kRate));
  const auto off_middle = [&](std::uint64_t at) {
    return std::abs(static_cast<double>(at) - static_cast<double>(total) / 2);
  };
  for (std::size_t i = 1; i < book.spooled.size(); ++i) {
    const std::uint64_t quiet = book.spooled[i - 1].end_sample;
    const std::uint64_t loud = book.spooled[i].start_sample;
    // A pause of 350 ms leaves 200 ms or more before its point (up to 112 ms before `loud`).
    if (loud - quiet < static_cast<std::uint64_t>(0.35 * kRate)) continue;
    EXPECT_LE(off_middle(*cut), off_middle(loud) + 0.12 * kRate) << "pause " << i;
  }
}

TEST(Levelling, NoPauseLongEnoughMeansNoCut) {
  // Sentences 10 ms apart: less than the limiter's margin on both sides.
  std::vector<SpooledSentence> spooled;
  for (std::uint64_t i = 0; i < 20; ++i) spooled.push_back({i * 22271, i * 22271 + 22050});
  EXPECT_FALSE(levelling_split_point(spooled, 20 * 22271, kRate).has_value());
  // A pause, but within 400 ms of the end.
  spooled = {{0, 22050}, {22050 + 11025, 22050 + 11025 + 4410}};
  EXPECT_FALSE(levelling_split_point(spooled, spooled.back().end_sample, kRate).has_value());
  spooled.push_back({spooled.back().end_sample + 11025, spooled.back().end_sample + 22050});
  EXPECT_TRUE(levelling_split_point(spooled, spooled.back().end_sample, kRate).has_value());
}

TEST(Levelling, TheCutLeavesTheLimitersMarginAndComesAfterARest) {
  const std::uint64_t step = LoudnessMeter::block_step_samples(kRate);  // 2205
  const std::uint64_t margin = Mastering::quiet_margin_samples(kRate);
  // One pause (500 ms), the next sentence 100 samples after a block boundary: the grid point
  // just before it is inside the limiter's margin, the one before that is the cut.
  const std::uint64_t loud = 25 * step + 100;
  std::vector<SpooledSentence> spooled = {{0, 44100}, {loud, loud + 44100}};
  auto cut = levelling_split_point(spooled, loud + 44100, kRate);
  ASSERT_TRUE(cut.has_value());
  EXPECT_GE(loud - *cut, margin);
  EXPECT_GE(*cut - 44100, margin);
  // A pause of 200 ms in the middle (its point 100 ms after the sentence) and one of 900 ms
  // further off: the cut is in the long one, where the limiter has had 200 ms to recover.
  spooled = {{0, 66150}, {70560, 136710}, {156555, 178605}};
  cut = levelling_split_point(spooled, 178605, kRate);
  ASSERT_TRUE(cut.has_value());
  EXPECT_GT(*cut, 136710u);
  EXPECT_GE(*cut - 136710, static_cast<std::uint64_t>(0.2 * kRate));
  // With only short pauses, the one nearest the middle.
  spooled = {{0, 66150}, {70560, 136710}, {141120, 178605}};
  cut = levelling_split_point(spooled, 178605, kRate);
  ASSERT_TRUE(cut.has_value());
  EXPECT_LT(*cut, 70560u);
}

TEST(Levelling, TwoThreadsMeasureWhatOneMeasures) {
  const Book book;
  const auto cut = levelling_split_point(book.spooled, book.spool->size(), kRate);
  ASSERT_TRUE(cut.has_value());
  // Unlimited, limited as the exporter's passes limit (-18 LUFS needs about +4 dB here), and
  // limited on every syllable.
  for (const double gain_db : {-6.0, 4.0, 12.0}) {
    const MasteredLevels one =
        measure_mastered(*book.spool, book.files, kRate, gain_db, -3.2, std::nullopt, "book.wav");
    const MasteredLevels two =
        measure_mastered(*book.spool, book.files, kRate, gain_db, -3.2, cut, "book.wav");
    ASSERT_TRUE(std::isfinite(one.lufs));
    // Measured: equal without limiting; 4e-7 LU and dB apart with it (the second part's
    // limiter starts fully released, the whole book's has kept a trace of its last reduction).
    EXPECT_NEAR(two.lufs, one.lufs, 1e-4) << "gain " << gain_db << " dB";
    EXPECT_NEAR(two.rms_db, one.rms_db, 1e-4) << "gain " << gain_db << " dB";
    ASSERT_EQ(two.file_sum_of_squares.size(), 2u);
    for (std::size_t k = 0; k < 2; ++k) {
      EXPECT_NEAR(two.file_sum_of_squares[k] / one.file_sum_of_squares[k], 1.0, 1e-5)
          << "file " << k << ", gain " << gain_db << " dB";
    }
  }
}

TEST(Levelling, WritingWhileMeasuringGivesTheSamplesOfOnePassAndTheirExactLevels) {
  Book book(3);
  book.files[1].gain_adjust_db = -1.5;  // a file's own gain is applied as it is written
  for (const double gain_db : {-6.0, 4.0, 12.0}) {
    std::vector<std::int16_t> alone;
    const double alone_reduction =
        master_range(*book.spool, book.files, kRate, gain_db, -3.2, true, 0, book.spool->size(),
                     "book.wav", [&](std::span<const std::int16_t> block) {
                       alone.insert(alone.end(), block.begin(), block.end());
                     });
    std::vector<std::int16_t> written;
    const WrittenLevels levels =
        master_and_measure(*book.spool, book.files, kRate, gain_db, -3.2, "book.wav",
                           [&](std::span<const std::int16_t> block) {
                             written.insert(written.end(), block.begin(), block.end());
                           });
    EXPECT_TRUE(written == alone) << "gain " << gain_db << " dB";
    EXPECT_EQ(levels.largest_reduction_db, alone_reduction) << "gain " << gain_db << " dB";
    // The levels of exactly those samples: one meter over all of them, and each file's own.
    LoudnessMeter meter(kRate);
    meter.add(alone);
    EXPECT_EQ(levels.levels.lufs, meter.integrated_lufs()) << "gain " << gain_db << " dB";
    EXPECT_EQ(levels.levels.rms_db, rms_db(meter.sum_of_squares(), meter.samples()));
    const MasteredLevels one =
        measure_mastered(*book.spool, book.files, kRate, gain_db, -3.2, std::nullopt, "book.wav");
    EXPECT_EQ(levels.levels.lufs, one.lufs);
    EXPECT_TRUE(levels.levels.file_sum_of_squares == one.file_sum_of_squares);
  }
}

TEST(Levelling, AFailureWhileWritingEndsTheMeasuringThreadToo) {
  const Book book(3);
  std::size_t blocks = 0;
  EXPECT_THROW(master_and_measure(*book.spool, book.files, kRate, 4.0, -3.2, "book.wav",
                                  [&](std::span<const std::int16_t>) {
                                    if (++blocks == 2) throw std::runtime_error("disk full");
                                  }),
               std::runtime_error);
  EXPECT_EQ(blocks, 2u);
}

TEST(Levelling, ARangeStartsAtTheGainOfTheFileItStartsIn) {
  Book book;
  book.files[0].gain_adjust_db = -2.0;
  book.files[1].gain_adjust_db = -7.0;
  const std::uint64_t total = book.spool->size();
  const auto cut = levelling_split_point(book.spooled, total, kRate);
  ASSERT_TRUE(cut.has_value());
  const auto master = [&](std::uint64_t begin, std::uint64_t end) {
    std::vector<std::int16_t> out;
    master_range(
        *book.spool, book.files, kRate, -6.0, -1.0, true, begin, end, "book.wav",
        [&](std::span<const std::int16_t> b) { out.insert(out.end(), b.begin(), b.end()); });
    return out;
  };
  const std::vector<std::int16_t> whole = master(0, total);
  ASSERT_EQ(whole.size(), total);
  std::vector<std::int16_t> parts = master(0, *cut);
  const std::vector<std::int16_t> second = master(*cut, total);
  parts.insert(parts.end(), second.begin(), second.end());
  // Far under the ceiling, nothing is limited: the parts are the whole, sample for sample.
  EXPECT_TRUE(parts == whole);
}

TEST(Levelling, TheSampleIsEveryStrideThSentenceOfABookOf24OrMore) {
  const auto book = [](std::size_t n) {
    std::vector<SpooledSentence> spooled;
    for (std::uint64_t i = 0; i < n; ++i) spooled.push_back({i * 1000, i * 1000 + 900});
    return spooled;
  };
  EXPECT_TRUE(level_sample(book(23)).empty());  // a stride of 2: no cheaper than the book
  const auto third = level_sample(book(24));    // a stride of 3, from the middle of the first
  ASSERT_EQ(third.size(), 8u);
  EXPECT_EQ(third[0].start_sample, 1000u);
  EXPECT_EQ(third[1].start_sample, 4000u);
  const auto eighth = level_sample(book(1000));  // a stride of 8 at most
  ASSERT_EQ(eighth.size(), 125u);
  EXPECT_EQ(eighth[0].start_sample, 4000u);
  EXPECT_EQ(eighth[1].start_sample, 12000u);
}

// What the exporter's synthesis measured: the unlimited book's loudness.
double unlimited_lufs(const Book& book) {
  LoudnessMeter meter(kRate);
  std::vector<std::int16_t> all(book.spool->size());
  book.spool->read_at(0, all);
  meter.add(all);
  return meter.integrated_lufs();
}

TEST(Levelling, TheSampleFindsTheGainForOneWholeBookPass) {
  const Book book(4);           // 32 sentences: a sample of 8
  const LoudnessTarget target;  // -18 LUFS, -3 dBTP
  const double first_gain_db = target.level - unlimited_lufs(book);
  const BookLevel found = find_book_level(*book.spool, book.spooled, book.files, kRate,
                                          first_gain_db, -3.2, target, "book.wav", nullptr);
  EXPECT_EQ(found.sample_sentences, 8u);
  ASSERT_GE(found.sample_passes.size(), 2u);
  // The limiter takes loudness off: the sample's unlimited aim is above its first limited pass.
  EXPECT_GT(found.sample_passes[0].measured, found.sample_passes[1].measured + 0.3);
  ASSERT_EQ(found.passes.size(), 1u);
  EXPECT_NEAR(found.passes[0].measured, target.level, 0.15);
  EXPECT_GT(found.gain_db, first_gain_db + 0.5);
  EXPECT_EQ(found.passes[0].gain_db, found.gain_db);
  EXPECT_TRUE(found.split.has_value());
}

TEST(Levelling, ALevelTheLimiterCanHardlyReachLeavesTheSampleAside) {
  const Book book(4);
  LoudnessTarget target;
  target.level = -10;  // the loudest allowed: 3 dB from the ceiling, speech is limited all over
  const double first_gain_db = target.level - unlimited_lufs(book);
  const BookLevel found = find_book_level(*book.spool, book.spooled, book.files, kRate,
                                          first_gain_db, -3.2, target, "book.wav", nullptr);
  EXPECT_GE(found.sample_passes.size(), 3u);
  // The whole-book passes then start where they would without a sample.
  ASSERT_FALSE(found.passes.empty());
  EXPECT_EQ(found.passes[0].gain_db, first_gain_db);
}

}  // namespace
}  // namespace voxmark::audiobook
