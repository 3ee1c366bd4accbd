// The speech engine against the real eSpeak NG: what a listener or a security reviewer checks.
#include "speech/espeak_engine.h"

#include <gtest/gtest.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "common/error.h"
#include "speech/time_stretch.h"

namespace voxmark::speech {
namespace {

namespace fs = std::filesystem;

std::string g_ctype_before_engine;

// One engine per process: every test shares it and resets what it changes.
EspeakEngine& engine() {
  static EspeakEngine* shared = [] {
    const char* ctype = std::setlocale(LC_CTYPE, nullptr);
    g_ctype_before_engine = ctype != nullptr ? ctype : "";
    return new EspeakEngine();
  }();
  return *shared;
}

EspeakEngine& engine_with(const VoiceSettings& settings) {
  EspeakEngine& e = engine();
  e.set_lexicon({});
  e.configure(settings);
  return e;
}

VoiceSettings speed(double factor) {
  VoiceSettings s;
  s.speed_factor = factor;
  return s;
}

std::string word_text(std::string_view text, const WordTiming& w) {
  return std::string(text.substr(w.text_begin_byte, w.text_length_bytes));
}

void expect_timings_sane(const Utterance& u) {
  ASSERT_FALSE(u.samples.empty());
  std::size_t previous = 0;
  for (const WordTiming& w : u.words) {
    EXPECT_GE(w.sample_offset, previous);
    EXPECT_LT(w.sample_offset, u.samples.size());
    previous = w.sample_offset;
  }
}

fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "voxmark-speech-XXXXXX").string();
  const char* made = mkdtemp(pattern.data());
  if (made == nullptr) throw std::runtime_error("mkdtemp failed");
  return made;
}

// Median fundamental frequency of the voiced frames, by normalised autocorrelation.
double median_pitch_hz(const std::vector<int16_t>& samples, int rate_hz) {
  const std::size_t frame = 1024;
  const std::size_t min_lag = static_cast<std::size_t>(rate_hz / 400);
  const std::size_t max_lag = static_cast<std::size_t>(rate_hz / 60);
  std::vector<double> pitches;
  for (std::size_t start = 0; start + frame + max_lag < samples.size(); start += frame / 2) {
    double energy = 0;
    for (std::size_t i = 0; i < frame; ++i)
      energy += double(samples[start + i]) * samples[start + i];
    if (energy / frame < 1000.0 * 1000.0) continue;  // quiet or unvoiced
    double best = 0;
    std::size_t best_lag = 0;
    for (std::size_t lag = min_lag; lag <= max_lag; ++lag) {
      double sum = 0, e1 = 0, e2 = 0;
      for (std::size_t i = 0; i < frame; ++i) {
        const double a = samples[start + i], b = samples[start + i + lag];
        sum += a * b;
        e1 += a * a;
        e2 += b * b;
      }
      const double r = sum / std::sqrt(e1 * e2 + 1e-9);
      if (r > best) {
        best = r;
        best_lag = lag;
      }
    }
    if (best > 0.6) pitches.push_back(double(rate_hz) / best_lag);
  }
  if (pitches.empty()) return 0;
  std::nth_element(pitches.begin(), pitches.begin() + pitches.size() / 2, pitches.end());
  return pitches[pitches.size() / 2];
}

const char kSentence[] =
    "We are working together, for example, to counter the threat of attacks on mass transport "
    "and other public gathering places.";

TEST(EspeakEngine, SpeaksWordsWithTimingsInsideTheSamples) {
  const std::string text = "Hello world, this is a test.";
  const Utterance u = engine_with({}).synthesize(text);
  expect_timings_sane(u);
  ASSERT_EQ(u.words.size(), 6u);
  const std::vector<std::string> expected = {"Hello", "world", "this", "is", "a", "test"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(word_text(text, u.words[i]), expected[i]);
  }
  EXPECT_EQ(u.words[0].sample_offset, 0u);
  // Roughly a second and a half of speech at 175 wpm.
  EXPECT_GT(u.samples.size(), std::size_t(engine().sample_rate_hz()));
  EXPECT_LT(u.samples.size(), std::size_t(3 * engine().sample_rate_hz()));
}

TEST(EspeakEngine, WordOffsetsAreUtf8BytesOfTheOriginalText) {
  const std::string text = "Caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 \xC3\x86r\xC3\xB8.";
  const Utterance u = engine_with({}).synthesize(text);
  expect_timings_sane(u);
  std::vector<std::string> words;
  for (const WordTiming& w : u.words) words.push_back(word_text(text, w));
  EXPECT_EQ(words, (std::vector<std::string>{"Caf\xC3\xA9", "na\xC3\xAFve", "r\xC3\xA9sum\xC3\xA9",
                                             "\xC3\x86r\xC3\xB8"}));
}

// eSpeak NG reports overlapping or odd positions for numbers, phrases it knows and symbols;
// the words still come out in order, without overlaps, and without stray spaces.
TEST(EspeakEngine, WordsDoNotOverlapEvenWhereEspeakPositionsDo) {
  const std::string text =
      "More than 1,300 graduates in 2010, a 12.5% rise, d\xC3\xA9j\xC3\xA0 vu a\xF0\x9F\x98\x80 b.";
  const Utterance u = engine_with({}).synthesize(text);
  expect_timings_sane(u);
  std::vector<std::string> words;
  std::size_t end = 0;
  for (const WordTiming& w : u.words) {
    EXPECT_GE(w.text_begin_byte, end);
    end = w.text_begin_byte + w.text_length_bytes;
    words.push_back(word_text(text, w));
    EXPECT_FALSE(words.back().empty());
    EXPECT_NE(words.back().front(), ' ');
    EXPECT_NE(words.back().back(), ' ');
  }
  for (const char* expected : {"1,300", "graduates", "2010", "rise", "b"}) {
    EXPECT_NE(std::find(words.begin(), words.end(), expected), words.end()) << expected;
  }
}

TEST(EspeakEngine, TrimsSilenceAtBothEnds) {
  const Utterance u = engine_with({}).synthesize("Yes.");
  ASSERT_FALSE(u.samples.empty());
  EXPECT_GE(std::abs(int(u.samples.front())), EspeakEngine::kSilenceThreshold);
  EXPECT_GE(std::abs(int(u.samples.back())), EspeakEngine::kSilenceThreshold);
  // Also under sonic, where the flush could add a quiet tail.
  const Utterance fast = engine_with(speed(2.5)).synthesize("Yes.");
  ASSERT_FALSE(fast.samples.empty());
  EXPECT_GE(std::abs(int(fast.samples.front())), EspeakEngine::kSilenceThreshold);
  EXPECT_GE(std::abs(int(fast.samples.back())), EspeakEngine::kSilenceThreshold);
}

TEST(EspeakEngine, StreamsInPiecesWhoseWordsStartInsideThem) {
  EspeakEngine& e = engine_with({});
  std::size_t chunks = 0, total = 0, words = 0;
  const bool finished = e.synthesize(
      kSentence, [&](std::span<const int16_t> samples, std::span<const WordTiming> ws) {
        for (const WordTiming& w : ws) {
          EXPECT_GE(w.sample_offset, total);
          EXPECT_LT(w.sample_offset, total + samples.size());
        }
        ++chunks;
        total += samples.size();
        words += ws.size();
        return true;
      });
  EXPECT_TRUE(finished);
  EXPECT_GT(chunks, 10u);  // pieces of a few tens of milliseconds
  EXPECT_EQ(words, 20u);
  EXPECT_LT(double(total) / chunks, 0.2 * e.sample_rate_hz());
}

TEST(EspeakEngine, SinkCanStopAndTheNextCallWorks) {
  EspeakEngine& e = engine_with({});
  std::size_t calls = 0;
  EXPECT_FALSE(e.synthesize(kSentence, [&](auto, auto) { return ++calls < 2; }));
  EXPECT_EQ(calls, 2u);
  const Utterance u = e.synthesize("Still speaking.");
  expect_timings_sane(u);
  EXPECT_EQ(u.words.size(), 2u);
}

TEST(EspeakEngine, SinkExceptionsPropagateAndTheNextCallWorks) {
  EspeakEngine& e = engine_with({});
  EXPECT_THROW(e.synthesize(kSentence, [](auto, auto) -> bool { throw std::runtime_error("x"); }),
               std::runtime_error);
  EXPECT_EQ(e.synthesize("Again.").words.size(), 1u);
}

TEST(EspeakEngine, SinkCallingBackIntoTheEngineIsRefused) {
  EspeakEngine& e = engine_with({});
  try {
    e.synthesize("Hello there.", [&](auto, auto) {
      e.synthesize("nested");
      return true;
    });
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::software);
  }
  EXPECT_EQ(e.synthesize("Fine again.").words.size(), 2u);
}

// The same state and text give the same samples: two processes forked from one state make
// identical audio (this is what makes an export reproducible).
TEST(EspeakEngine, SameStateAndTextGiveTheSameSamples) {
  engine_with({});
  auto run_child = [] {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      std::vector<int16_t> all;
      for (const char* t : {"Hello world, this is a test.", kSentence, "Hello world."}) {
        const Utterance u = engine().synthesize(t);
        all.insert(all.end(), u.samples.begin(), u.samples.end());
        for (const WordTiming& w : u.words) all.push_back(int16_t(w.sample_offset & 0x7fff));
      }
      const std::size_t size = all.size();
      ssize_t ignored = write(fds[1], &size, sizeof size);
      ignored = write(fds[1], all.data(), all.size() * sizeof(int16_t));
      (void)ignored;
      _exit(0);
    }
    close(fds[1]);
    std::size_t size = 0;
    EXPECT_EQ(read(fds[0], &size, sizeof size), ssize_t(sizeof size));
    std::vector<int16_t> all(size);
    std::size_t got = 0;
    while (got < size * sizeof(int16_t)) {
      const ssize_t n =
          read(fds[0], reinterpret_cast<char*>(all.data()) + got, size * sizeof(int16_t) - got);
      if (n <= 0) break;
      got += std::size_t(n);
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return all;
  };
  const std::vector<int16_t> first = run_child();
  const std::vector<int16_t> second = run_child();
  ASSERT_GT(first.size(), 10000u);
  EXPECT_TRUE(first == second);
}

// Within one process eSpeak NG 1.51 carries hidden state from call to call (see
// espeak_engine.h), so the same text later gives the same words and nearly the same length.
TEST(EspeakEngine, SameTextLaterInTheProcessGivesTheSameWordsAndNearlyTheSameLength) {
  EspeakEngine& e = engine_with({});
  const Utterance a = e.synthesize(kSentence);
  e.synthesize("Something else entirely, to move the hidden state along!");
  const Utterance b = e.synthesize(kSentence);
  ASSERT_EQ(a.words.size(), b.words.size());
  for (std::size_t i = 0; i < a.words.size(); ++i) {
    EXPECT_EQ(a.words[i].text_begin_byte, b.words[i].text_begin_byte);
    EXPECT_EQ(a.words[i].text_length_bytes, b.words[i].text_length_bytes);
  }
  EXPECT_NEAR(double(b.samples.size()) / a.samples.size(), 1.0, 0.02);
}

TEST(EspeakEngine, AudioTagIsSpokenAsTextAndOpensNoFile) {
  const fs::path dir = make_temp_dir();
  const fs::path marker = dir / "marker.wav";
  std::ofstream(marker) << "not a wav file, so SSML mode would hand it to sox";
  const fs::path pwned = dir / "pwned";

  const int watch = inotify_init1(IN_NONBLOCK);
  ASSERT_GE(watch, 0);
  ASSERT_GE(inotify_add_watch(watch, marker.c_str(), IN_OPEN | IN_ACCESS), 0);

  const std::string text = "Listen: <audio src=\"" + marker.string() +
                           "\"> and <audio src=\"x$(touch " + pwned.string() + ").wav\"></audio>";
  const Utterance u = engine_with({}).synthesize(text);
  expect_timings_sane(u);

  char events[4096];
  errno = 0;
  EXPECT_LT(read(watch, events, sizeof events), 0) << "eSpeak NG opened " << marker;
  EXPECT_EQ(errno, EAGAIN);
  EXPECT_FALSE(fs::exists(pwned));

  // The markup was read out as words.
  bool said_audio = false, said_src = false;
  for (const WordTiming& w : u.words) {
    said_audio = said_audio || word_text(text, w) == "audio";
    said_src = said_src || word_text(text, w) == "src";
  }
  EXPECT_TRUE(said_audio);
  EXPECT_TRUE(said_src);
  EXPECT_GT(u.samples.size(), std::size_t(2 * engine().sample_rate_hz()));

  // The watch itself works: our own open is seen.
  { std::ifstream(marker).get(); }
  EXPECT_GT(read(watch, events, sizeof events), 0);
  close(watch);
  fs::remove_all(dir);
}

// "[[...]]" is eSpeak's phoneme input; in plain-text mode it must stay text. Interpreted, the
// first sentence would sound like "a hello b"; as text, it sounds like the neutralised one.
TEST(EspeakEngine, DocumentTextCannotInjectPhonemes) {
  EspeakEngine& e = engine_with({});
  const double injected = double(e.synthesize("a [[h@'loU]] b").samples.size());
  const double neutral = double(e.synthesize("a ((h@'loU)) b").samples.size());
  const double hello = double(e.synthesize("a hello b").samples.size());
  EXPECT_NEAR(injected / neutral, 1.0, 0.03);
  EXPECT_GT(injected / hello, 1.4);
}

// U+0001 starts an eSpeak embedded command even in plain text ("\x01" "80S" = slower, "20A" =
// quieter) and the change would outlast the sentence.
TEST(EspeakEngine, ControlCharactersCannotChangeTheVoice) {
  EspeakEngine& e = engine_with({});
  const Utterance before = e.synthesize("Hello world.");
  const Utterance attack = e.synthesize(
      "hello \x01"
      "20A \x01"
      "80S world");
  const Utterance neutral = e.synthesize("hello  20A  80S world");
  const Utterance after = e.synthesize("Hello world.");
  EXPECT_NEAR(double(after.samples.size()) / before.samples.size(), 1.0, 0.03);
  const auto peak = [](const Utterance& u) {
    int p = 0;
    for (int16_t s : u.samples) p = std::max(p, std::abs(int(s)));
    return p;
  };
  EXPECT_GT(peak(after), peak(before) * 0.8);
  EXPECT_GT(peak(attack), peak(before) * 0.6);
  EXPECT_NEAR(double(attack.samples.size()) / neutral.samples.size(), 1.0, 0.03);
}

TEST(EspeakEngine, SpeedTwoHalvesTheDuration) {
  for (const char* text : {"Hello world, this is a test.", kSentence}) {
    const Utterance normal = engine_with(speed(1.0)).synthesize(text);
    const Utterance fast = engine_with(speed(2.0)).synthesize(text);
    expect_timings_sane(fast);
    EXPECT_NEAR(double(normal.samples.size()) / fast.samples.size(), 2.0, 0.06) << text;
    ASSERT_EQ(normal.words.size(), fast.words.size());
    EXPECT_NEAR(double(normal.words.back().sample_offset) / fast.words.back().sample_offset, 2.0,
                0.1);
  }
}

TEST(EspeakEngine, SpeedSixWorks) {
  const Utterance normal = engine_with(speed(1.0)).synthesize(kSentence);
  const Utterance fastest = engine_with(speed(6.0)).synthesize(kSentence);
  expect_timings_sane(fastest);
  EXPECT_EQ(fastest.words.size(), normal.words.size());
  EXPECT_NEAR(double(normal.samples.size()) / fastest.samples.size(), 6.0, 0.4);
}

TEST(EspeakEngine, SlowSpeedAndFastPresetsWork) {
  const Utterance normal = engine_with(speed(1.0)).synthesize(kSentence);
  const Utterance slow = engine_with(speed(0.5)).synthesize(kSentence);
  expect_timings_sane(slow);
  EXPECT_NEAR(double(slow.samples.size()) / normal.samples.size(), 2.0, 0.1);
  VoiceSettings fast_preset;
  fast_preset.rate_wpm = 450;  // above eSpeak's clean range: 400 + sonic
  const Utterance fast = engine_with(fast_preset).synthesize(kSentence);
  expect_timings_sane(fast);
  EXPECT_LT(fast.samples.size(), normal.samples.size() / 2);
}

TEST(EspeakEngine, SonicKeepsThePitch) {
  const int rate = engine().sample_rate_hz();
  const double normal =
      median_pitch_hz(engine_with(speed(1.0)).synthesize(kSentence).samples, rate);
  const double fast = median_pitch_hz(engine_with(speed(2.0)).synthesize(kSentence).samples, rate);
  VoiceSettings high;
  high.pitch = 95;
  const double higher = median_pitch_hz(engine_with(high).synthesize(kSentence).samples, rate);
  ASSERT_GT(normal, 60);
  EXPECT_NEAR(fast / normal, 1.0, 0.1);
  EXPECT_GT(higher / normal, 1.2);  // the estimate does track pitch
}

TEST(EspeakEngine, AppliesTheLexiconAndReportsOriginalOffsets) {
  EspeakEngine& e = engine_with({});
  const std::string text = "Anders Fogh Rasmussen spoke.";
  const Utterance plain = e.synthesize(text);
  std::vector<Warning> warnings;
  e.set_lexicon(
      Lexicon::parse("Rasmussen\tRass-mooss-en\nAnders Fogh\tAnnerss Foe\n", "t", warnings));
  const Utterance respelled = e.synthesize(text);
  e.set_lexicon({});
  ASSERT_TRUE(warnings.empty());
  expect_timings_sane(respelled);
  std::vector<std::string> words;
  for (const WordTiming& w : respelled.words) words.push_back(word_text(text, w));
  // eSpeak splits "Rass-mooss-en" into pieces; they are reported once, as the original word.
  EXPECT_EQ(words, (std::vector<std::string>{"Anders Fogh", "Rasmussen", "spoke"}));
  EXPECT_NE(plain.samples, respelled.samples);
}

TEST(EspeakEngine, EmptyAndSilentTextGiveNoAudio) {
  EspeakEngine& e = engine_with({});
  Utterance u = e.synthesize("");
  EXPECT_TRUE(u.samples.empty());
  EXPECT_TRUE(u.words.empty());
  u = e.synthesize("   ");
  EXPECT_TRUE(u.samples.empty());
}

TEST(EspeakEngine, SelectsVoicesByNameOrLanguage) {
  EspeakEngine& e = engine();
  for (const char* voice : {"en-gb", "en-us", "gmw/en", "English (America)", "en-us+f3", "de"}) {
    VoiceSettings s;
    s.espeak_voice = voice;
    EXPECT_NO_THROW(e.configure(s)) << voice;
    EXPECT_FALSE(e.synthesize("One two.").samples.empty()) << voice;
  }
  VoiceSettings unknown;
  unknown.espeak_voice = "xx-nowhere";
  try {
    e.configure(unknown);
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::usage);
    EXPECT_NE(std::string(error.what()).find("xx-nowhere"), std::string::npos);
  }
  EXPECT_EQ(engine_with({}).synthesize("Still fine.").words.size(), 2u);
}

TEST(EspeakEngine, OnlyOneEnginePerProcess) {
  engine();
  try {
    EspeakEngine second;
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::software);
  }
}

TEST(EspeakEngine, RestoresTheProcessLocale) {
  engine();
  const char* now = std::setlocale(LC_CTYPE, nullptr);
  EXPECT_EQ(std::string(now != nullptr ? now : ""), g_ctype_before_engine);
}

TEST(EspeakEngine, ListsInstalledVoices) {
  engine();
  const std::vector<InstalledVoice> voices = list_installed_voices();
  ASSERT_GT(voices.size(), 50u);
  const auto british = std::find_if(voices.begin(), voices.end(), [](const InstalledVoice& v) {
    return v.identifier == "gmw/en";
  });
  ASSERT_NE(british, voices.end());
  EXPECT_EQ(british->name, "English (Great Britain)");
  EXPECT_NE(std::find(british->languages.begin(), british->languages.end(), "en-gb"),
            british->languages.end());
}

TEST(EspeakEngine, RatePlanKeepsEspeakInItsCleanRange) {
  EXPECT_EQ(plan_rate(175, 1.0).espeak_rate_wpm, 175);
  EXPECT_EQ(plan_rate(175, 1.0).stretch_factor, 1.0);
  EXPECT_EQ(plan_rate(175, 2.0).espeak_rate_wpm, 175);
  EXPECT_DOUBLE_EQ(plan_rate(175, 2.0).stretch_factor, 2.0);
  EXPECT_EQ(plan_rate(450, 1.0).espeak_rate_wpm, 400);
  EXPECT_DOUBLE_EQ(plan_rate(450, 1.0).stretch_factor, 1.125);
  EXPECT_EQ(plan_rate(80, 0.5).espeak_rate_wpm, 80);
  EXPECT_DOUBLE_EQ(plan_rate(80, 0.5).stretch_factor, 0.5);
}

TEST(EspeakVoiceSettings, OutOfRangeValuesAreUsageErrorsNamingTheRange) {
  const auto message_for = [](VoiceSettings s) -> std::string {
    try {
      validate_voice_settings(s);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::usage);
      return e.what();
    }
    return "";
  };
  VoiceSettings s;
  EXPECT_EQ(message_for(s), "");
  s.pitch = 101;
  EXPECT_EQ(message_for(s), "pitch 101 is out of range; use 0 to 100");
  s = {};
  s.pitch_range = -1;
  EXPECT_EQ(message_for(s), "pitch_range -1 is out of range; use 0 to 100");
  s = {};
  s.volume = 201;
  EXPECT_EQ(message_for(s), "volume 201 is out of range; use 0 to 200");
  s = {};
  s.rate_wpm = 79;
  EXPECT_EQ(message_for(s), "rate_wpm 79 is out of range; use 80 to 450");
  s = {};
  s.speed_factor = 6.5;
  EXPECT_EQ(message_for(s), "speed_factor 6.5 is out of range; use 0.5 to 6");
  s = {};
  s.speed_factor = std::nan("");
  EXPECT_NE(message_for(s), "");
  s = {};
  s.espeak_voice = "../../etc/passwd";
  EXPECT_NE(message_for(s).find("not a valid eSpeak NG voice name"), std::string::npos);
  EXPECT_THROW(engine().configure(s), Error);
}

TEST(EspeakTimeStretch, SpeedOneIsExact) {
  std::vector<int16_t> in(30000);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = int16_t(8000 * std::sin(i * 0.05));
  TimeStretch stretch(22050, 1.0);
  std::vector<int16_t> out;
  stretch.push(in);
  stretch.pull(out);
  stretch.flush();
  stretch.pull(out);
  EXPECT_EQ(out, in);
}

TEST(EspeakTimeStretch, StreamsAndChangesSpeedBetweenPushes) {
  // A 150 Hz voiced-like tone.
  std::vector<int16_t> in(22050 * 2);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const double t = double(i) / 22050;
    in[i] = int16_t(6000 * std::sin(2 * M_PI * 150 * t) + 3000 * std::sin(2 * M_PI * 300 * t));
  }
  TimeStretch stretch(22050, 2.0);
  std::vector<int16_t> out;
  const std::span<const int16_t> all(in);
  stretch.push(all.first(in.size() / 2));
  stretch.pull(out);
  stretch.set_speed(4.0);
  stretch.push(all.subspan(in.size() / 2));
  stretch.pull(out);
  stretch.flush();
  stretch.pull(out);
  // Half the input at 2x and half at 4x: 1/4 + 1/8 of the input length.
  EXPECT_NEAR(double(out.size()) / in.size(), 0.375, 0.01);
  EXPECT_NEAR(median_pitch_hz(out, 22050), 150, 5);
}

TEST(EspeakTimeStretch, RejectsSpeedsOutOfRange) {
  EXPECT_THROW(TimeStretch(22050, 0.1), Error);
  TimeStretch stretch(22050);
  EXPECT_THROW(stretch.set_speed(9), Error);
  EXPECT_DOUBLE_EQ(stretch.speed_factor(), 1.0);
}

}  // namespace
}  // namespace voxmark::speech
