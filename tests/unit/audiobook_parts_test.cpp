// Audiobook export parts as logic: subtitle cues, the limiter, profiles, the file plan.
#include <ebur128.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "common/error.h"
#include "export/file_plan.h"
#include "export/loudness.h"
#include "export/profile.h"
#include "export/subtitles.h"

namespace voxmark::audiobook {
namespace {

TEST(SentenceCues, ShortSentenceIsOneCueOverItsWholeSpan) {
  const auto cues = sentence_cues({"A short one.", 100, 900, {}});
  ASSERT_EQ(cues.size(), 1u);
  EXPECT_EQ(cues[0].start_sample, 100u);
  EXPECT_EQ(cues[0].end_sample, 900u);
  EXPECT_EQ(cues[0].text, "A short one.");
}

TEST(SentenceCues, LongSentenceWrapsAndSplitsAtWordEvents) {
  std::string text;
  std::vector<speech::WordTiming> words;
  for (int i = 0; i < 30; ++i) {
    if (!text.empty()) text += ' ';
    words.push_back({static_cast<std::size_t>(i) * 1000, text.size(), 3});
    char word[8];
    std::snprintf(word, sizeof word, "w%02d", i);  // unique, 3 characters: word i at byte 4 i
    text += word;
  }
  const auto cues = sentence_cues({text, 50, 50 + 30000, words});
  ASSERT_GT(cues.size(), 1u);
  EXPECT_EQ(cues.front().start_sample, 50u);
  EXPECT_EQ(cues.back().end_sample, 30050u);
  std::string joined;
  for (std::size_t c = 0; c < cues.size(); ++c) {
    if (c > 0) {
      EXPECT_EQ(cues[c].start_sample, cues[c - 1].end_sample);  // contiguous
      // Starts at its first word's event: word i at i * 1000 samples.
      const std::size_t byte = text.find(cues[c].text.substr(0, 3));
      EXPECT_EQ(cues[c].start_sample - 50, byte / 4 * 1000);
    }
    std::size_t lines = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i <= cues[c].text.size(); ++i) {
      if (i == cues[c].text.size() || cues[c].text[i] == '\n') {
        EXPECT_LE(i - line_start, kMaxCueLineChars) << cues[c].text;
        if (i < cues[c].text.size()) ++lines;
        line_start = i + 1;
      }
    }
    EXPECT_LE(lines, kMaxCueLines);
    std::string flat = cues[c].text;
    for (char& ch : flat) ch = ch == '\n' ? ' ' : ch;
    joined += (joined.empty() ? "" : " ") + flat;
  }
  EXPECT_EQ(joined, text);
}

TEST(SentenceCues, AWordLongerThanALineIsCut) {
  const std::string url(100, 'x');
  const auto cues = sentence_cues({url, 0, 1000, {}});
  for (const auto& cue : cues) {
    for (std::size_t at = 0, next; at <= cue.text.size(); at = next + 1) {
      next = cue.text.find('\n', at);
      if (next == std::string::npos) next = cue.text.size();
      EXPECT_LE(next - at, kMaxCueLineChars);
    }
  }
}

double true_peak_dbtp(const std::vector<std::int16_t>& samples, int rate) {
  ebur128_state* st = ebur128_init(1, static_cast<unsigned long>(rate), EBUR128_MODE_TRUE_PEAK);
  ebur128_add_frames_short(st, samples.data(), samples.size());
  double peak = 0;
  ebur128_true_peak(st, 0, &peak);
  ebur128_destroy(&st);
  return 20 * std::log10(peak);
}

TEST(Mastering, UnderTheCeilingAndUnchangedSamplesComeOutExactly) {
  std::vector<std::int16_t> in;
  for (int i = 0; i < 20000; ++i)
    in.push_back(static_cast<std::int16_t>(3000 * std::sin(i * 0.05)));
  Mastering m(22050, 0.0, -3.0);
  std::vector<std::int16_t> out;
  m.process(in, out);
  m.flush(out);
  EXPECT_EQ(out, in);
}

TEST(Mastering, TruePeaksStayUnderTheCeilingWithoutClipping) {
  // A loud tone near a quarter of the rate, phased so that its peaks fall between samples,
  // raised 12 dB: a limiter that only looked at samples would let it through.
  const int rate = 22050;
  std::vector<std::int16_t> in;
  for (int i = 0; i < rate; ++i) {
    in.push_back(static_cast<std::int16_t>(20000 * std::sin(2 * M_PI * 5000.0 / rate * i + 0.7)));
  }
  Mastering m(rate, 12.0, -3.0);
  std::vector<std::int16_t> out;
  m.process(in, out);
  m.flush(out);
  ASSERT_EQ(out.size(), in.size());
  EXPECT_LE(true_peak_dbtp(out, rate), -3.0 + 0.05);
  EXPECT_GT(m.largest_reduction_db(), 6.0);
  for (const auto s : out) EXPECT_LT(std::abs(static_cast<int>(s)), 32767);
}

TEST(Profiles, AcxIsBuiltInAndAnUnknownKeyIsRefused) {
  const ExportProfile acx = find_profile("acx", {});
  EXPECT_EQ(acx.format, AudioFormat::mp3);
  EXPECT_TRUE(acx.split_sections);
  EXPECT_EQ(acx.encoding.sample_rate_hz, 44100);
  EXPECT_EQ(acx.encoding.bitrate_kbps, 192);
  ASSERT_TRUE(acx.loudness);
  EXPECT_EQ(acx.loudness->measure, LoudnessTarget::Measure::rms_db);
  EXPECT_EQ(acx.max_file_minutes, 120);
  try {
    parse_profile("name = \"x\"\n[files]\nhead_silense_ms = 500\n", "x.toml");
    FAIL() << "an unknown key must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::data);
    EXPECT_NE(std::string(e.what()).find("x.toml:3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(find_profile("nope", {}), Error);
}

TEST(FilePlan, ALongSectionIsCutBetweenSentencesIntoNumberedParts) {
  document::Document doc;
  doc.metadata.title = "Book";
  document::Section long_section;
  long_section.title = "Long";
  long_section.level = 1;
  long_section.source_line = 1;
  doc.sections.push_back(long_section);
  std::vector<SpooledSentence> spooled;
  for (std::size_t i = 0; i < 10; ++i) {
    doc.sentences.push_back({"s", 0, 0, 1, 1});
    spooled.push_back({i * 1000, i * 1000 + 900});
  }
  PlanRules rules;
  rules.split_sections = true;
  rules.max_file_samples = 3500;  // three sentences fit
  const auto files = plan_files(doc, spooled, 10000, rules, "mp3");
  ASSERT_EQ(files.size(), 4u);
  std::size_t next = 0;
  for (std::size_t k = 0; k < files.size(); ++k) {
    EXPECT_EQ(files[k].first_sentence, next);
    next = files[k].end_sentence;
    EXPECT_LE(files[k].end_sample - files[k].begin_sample, 3500u);
    EXPECT_EQ(files[k].track_number, static_cast<int>(k + 1));
  }
  EXPECT_EQ(next, 10u);
  EXPECT_EQ(files[0].name, "01 - Long (part 01 of 04).mp3");
  EXPECT_EQ(files[3].title, "Long (part 04 of 04)");
}

}  // namespace
}  // namespace voxmark::audiobook
