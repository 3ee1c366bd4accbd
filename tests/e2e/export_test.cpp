// voxmark export end to end: the real binary, real eSpeak NG, files read back by libsndfile.
#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audio_check.h"
#include "run_process.h"

namespace voxmark::test {
namespace {
namespace fs = std::filesystem;

// Three sections, several blocks: every kind of pause occurs.
const char* kBook =
    "---\ntitle: A Small Book\nauthor: Ann Author\n---\n\n"
    "# First part\n\nOne sentence here. Another one follows.\n\n- A list item.\n\n"
    "# Second part\n\nThe middle.\n\n## A subsection\n\nThe end is near.\n";

ProcessResult voxmark(std::vector<std::string> args, ProcessOptions options = {}) {
  args.insert(args.begin(), voxmark_binary());
  return run_process(args, options);
}

std::vector<nlohmann::json> sentences_json(const std::string& path) {
  const auto r = voxmark({"sentences", "--json", path});
  std::vector<nlohmann::json> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

// Files in a folder, hidden ones (temporaries) included.
std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Every file and folder under `dir`, hidden ones included, with its bytes (a link: where it
// leads): what a user would find there.
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = fs::relative(e.path(), dir).string();
    out[name] = e.is_symlink()        ? "-> " + fs::read_symlink(e.path()).string()
                : e.is_directory()    ? "(folder)"
                : e.is_regular_file() ? read_file(e.path().string())
                                      : "(special)";
  }
  return out;
}

struct Expected {
  std::vector<std::int16_t> samples;
  std::vector<std::size_t> sentence_starts;
  std::vector<std::size_t> section_starts;
};

// The sentences' reference audio with the default preset's pauses between them
// (sentence 250 ms, block 500 ms, section 900 ms).
Expected expected_audio(const std::string& doc_path, double speed = 1.0) {
  const auto info = sentences_json(doc_path);
  std::vector<std::string> texts;
  for (const auto& j : info) texts.push_back(j["text"]);
  const auto audio = reference_audio(texts);
  Expected e;
  for (std::size_t i = 0; i < audio.size(); ++i) {
    if (i > 0) {
      const int ms = info[i]["section"] != info[i - 1]["section"] ? 900
                     : info[i]["block"] != info[i - 1]["block"]   ? 500
                                                                  : 250;
      e.samples.insert(e.samples.end(), pause_samples(static_cast<int>(ms / speed), 22050), 0);
    }
    if (i == 0 || info[i]["section"] != info[i - 1]["section"])
      e.section_starts.push_back(e.samples.size());
    e.sentence_starts.push_back(e.samples.size());
    e.samples.insert(e.samples.end(), audio[i].begin(), audio[i].end());
  }
  return e;
}

TEST(Export, AudioIsEachSentenceAsTheEngineSaysItWithThePausesBetween) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  // --loudness off: the engine's own samples (levelling is tested in audiobook_test.cpp).
  const auto r =
      voxmark({"export", doc, "-o", dir.file("book.wav"), "--jobs", "1", "--loudness", "off"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Audio audio = read_audio(dir.file("book.wav"));
  EXPECT_EQ(audio.sample_rate_hz, 22050);
  EXPECT_EQ(audio.channels, 1);
  const Expected expected = expected_audio(doc);
  ASSERT_EQ(audio.samples.size(), expected.samples.size());
  EXPECT_TRUE(audio.samples == expected.samples) << "the audio differs from the engine's";
}

TEST(Export, AnyNumberOfJobsGivesTheSameBytes) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("one.wav"), "--jobs", "1"}).exit_code, 0);
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("four.wav"), "--jobs", "4"}).exit_code, 0);
  const std::string one = read_file(dir.file("one.wav"));
  EXPECT_GT(one.size(), 44u);
  EXPECT_TRUE(one == read_file(dir.file("four.wav")));
}

TEST(Export, VerboseTellsTheLevellingPasses) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  const auto r = voxmark({"export", doc, "-o", dir.file("book.wav"), "-q", "--verbose"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A book this short (under 24 sentences) has no sample: 2 or 3 whole-book passes. A WAV file
  // is written by each of them, measured as it is written.
  EXPECT_NE(r.err.find(" whole-book passes, each writing the book and measuring it as written"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("voxmark: levelling pass 1: gain +"), std::string::npos) << r.err;
  // An encoded format is written once, after passes that only measure, on two threads.
  const auto ogg = voxmark({"export", doc, "-o", dir.file("book.ogg"), "-q", "--verbose"});
  ASSERT_EQ(ogg.exit_code, 0) << ogg.err;
  EXPECT_NE(ogg.err.find(" whole-book passes on two threads, the book cut at 0:0"),
            std::string::npos)
      << ogg.err;
  const auto quiet = voxmark({"export", doc, "-o", dir.file("quiet.wav"), "-q"});
  EXPECT_EQ(quiet.err.find("levelling"), std::string::npos) << quiet.err;
}

TEST(Export, ChaptersAreCuePointsAtSectionStartsLabelledWithTitles) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("book.wav")}).exit_code, 0);
  SF_INFO info{};
  SNDFILE* file = sf_open(dir.file("book.wav").c_str(), SFM_READ, &info);
  ASSERT_NE(file, nullptr);
  SF_CUES cues{};
  ASSERT_EQ(sf_command(file, SFC_GET_CUE, &cues, sizeof cues), SF_TRUE);
  EXPECT_STREQ(sf_get_string(file, SF_STR_TITLE), "A Small Book");
  EXPECT_STREQ(sf_get_string(file, SF_STR_ARTIST), "Ann Author");
  sf_close(file);
  const Expected expected = expected_audio(doc);
  ASSERT_EQ(cues.cue_count, 3u);
  const char* titles[] = {"First part", "Second part", "A subsection"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(cues.cue_points[i].sample_offset, expected.section_starts[i]) << i;
    // Players read `position` (the sample in play order): both fields carry the mark.
    EXPECT_EQ(cues.cue_points[i].position, expected.section_starts[i]) << i;
    EXPECT_STREQ(cues.cue_points[i].name, titles[i]);
  }
}

TEST(Export, SubtitleCuesStartWhereTheirSentencesStart) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  const auto first =
      voxmark({"export", doc, "-o", dir.file("book.wav"), "--subtitles", dir.file("book.vtt")});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // Said once, however many times the levelling wrote the book (this short one: two or three).
  const std::string wrote = "voxmark: wrote " + dir.file("book.vtt") + "\n";
  EXPECT_NE(first.err.find(wrote), std::string::npos) << first.err;
  EXPECT_EQ(first.err.find(wrote), first.err.rfind(wrote)) << first.err;
  ASSERT_EQ(
      voxmark({"export", doc, "-o", dir.file("book2.wav"), "--subtitles", dir.file("book.srt")})
          .exit_code,
      0);
  const Expected expected = expected_audio(doc);
  const auto texts = voxmark_sentences(doc);
  const std::string vtt = read_file(dir.file("book.vtt"));
  const std::string srt = read_file(dir.file("book.srt"));
  EXPECT_EQ(vtt.rfind("WEBVTT\n", 0), 0u);
  auto stamp = [](std::size_t sample, char separator) {
    const std::size_t ms = sample * 1000 / 22050;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%02zu:%02zu:%02zu%c%03zu", ms / 3600000, ms / 60000 % 60,
                  ms / 1000 % 60, separator, ms % 1000);
    return std::string(buffer);
  };
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_NE(vtt.find(stamp(expected.sentence_starts[i], '.') + " --> "), std::string::npos)
        << texts[i];
    EXPECT_NE(srt.find(stamp(expected.sentence_starts[i], ',') + " --> "), std::string::npos)
        << texts[i];
    EXPECT_NE(vtt.find("\n" + texts[i] + "\n"), std::string::npos) << texts[i];
  }
}

// A cue as a subtitle file states it.
struct ParsedCue {
  std::uint64_t start_ms = 0;
  std::uint64_t end_ms = 0;
  std::vector<std::string> lines;
};

std::vector<ParsedCue> parse_cues(const std::string& text) {
  std::vector<ParsedCue> cues;
  std::istringstream in(text);
  const auto ms = [](const std::string& stamp) {  // "01:02:03.456" or "01:02:03,456"
    return static_cast<std::uint64_t>(
        std::stoi(stamp.substr(0, 2)) * 3600000 + std::stoi(stamp.substr(3, 2)) * 60000 +
        std::stoi(stamp.substr(6, 2)) * 1000 + std::stoi(stamp.substr(9, 3)));
  };
  for (std::string line; std::getline(in, line);) {
    const auto arrow = line.find(" --> ");
    if (arrow == std::string::npos) continue;
    ParsedCue cue{ms(line.substr(0, arrow)), ms(line.substr(arrow + 5)), {}};
    while (std::getline(in, line) && !line.empty()) cue.lines.push_back(line);
    cues.push_back(cue);
  }
  return cues;
}

// Every sentence's cues: contiguous, from its first sample to its last, its text (wrapped to two
// lines of 42 characters at most), a long sentence's later cues starting when their first word
// is spoken (the engine's word events), in both formats.
TEST(Export, SubtitleCuesCoverEachSentenceExactlyAndSayItsText) {
  TempDir dir;
  const std::string doc = dir.write(
      "long.md",
      "# Cues\n\nShort one. This sentence is long enough that it cannot fit into a single "
      "subtitle cue of two lines, so it has to be cut into several cues, each of them starting "
      "when its first word is spoken by the voice. The end.\n");
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("cues.wav"), "--subtitles", dir.file("cues.srt"),
                     "--loudness", "off", "-q"})
                .exit_code,
            0);
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("cues2.wav"), "--subtitles",
                     dir.file("cues.vtt"), "--loudness", "off", "-q"})
                .exit_code,
            0);
  const Expected expected = expected_audio(doc);
  const auto texts = voxmark_sentences(doc);
  const auto utterances = reference_utterances(texts);
  const auto to_ms = [](std::uint64_t sample) { return sample * 1000 / 22050; };
  for (const char* name : {"cues.srt", "cues.vtt"}) {
    SCOPED_TRACE(name);
    const auto cues = parse_cues(read_file(dir.file(name)));
    std::size_t c = 0;
    bool split_seen = false;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      SCOPED_TRACE(texts[i]);
      const std::uint64_t start = expected.sentence_starts[i];
      const std::uint64_t end = start + utterances[i].samples.size();
      ASSERT_LT(c, cues.size());
      EXPECT_EQ(cues[c].start_ms, to_ms(start));
      std::string said;
      const std::size_t first = c;
      for (; c < cues.size() && (c == first || cues[c].start_ms == cues[c - 1].end_ms) &&
             cues[c].start_ms < to_ms(end);
           ++c) {
        EXPECT_LE(cues[c].lines.size(), 2u);
        for (const auto& line : cues[c].lines) {
          EXPECT_LE(line.size(), 42u) << line;
          said += (said.empty() ? "" : " ") + line;
        }
        if (c > first) {
          split_seen = true;
          // Where the engine said this cue's first word.
          const std::string word = cues[c].lines.front().substr(0, cues[c].lines.front().find(' '));
          const std::size_t byte = texts[i].find(" " + word + " ") + 1;
          std::uint64_t word_start = 0;
          for (const auto& w : utterances[i].words) {
            if (w.text_begin_byte == byte) word_start = w.sample_offset;
          }
          EXPECT_NE(word_start, 0u) << word;
          EXPECT_EQ(cues[c].start_ms, to_ms(start + word_start)) << word;
        }
      }
      EXPECT_EQ(cues[c - 1].end_ms, to_ms(end));
      EXPECT_EQ(said, texts[i]);
    }
    EXPECT_EQ(c, cues.size());
    EXPECT_TRUE(split_seen) << "the long sentence should take several cues";
  }
}

TEST(Export, DoubleSpeedHalvesTheDuration) {
  TempDir dir;
  ASSERT_EQ(voxmark({"export", "-o", dir.file("normal.wav")}).exit_code, 0);
  ASSERT_EQ(voxmark({"export", "-o", dir.file("fast.wav"), "--speed", "2"}).exit_code, 0);
  const double normal = static_cast<double>(read_audio(dir.file("normal.wav")).samples.size());
  const double fast = static_cast<double>(read_audio(dir.file("fast.wav")).samples.size());
  EXPECT_NEAR(fast / normal, 0.5, 0.5 * 0.03);
}

TEST(Export, CompressedFormatsHoldTheSameAudioLength) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("book.wav")}).exit_code, 0);
  const double wav = static_cast<double>(read_audio(dir.file("book.wav")).samples.size());
  for (const char* name : {"book.flac", "book.ogg", "book.mp3"}) {
    const auto r = voxmark({"export", doc, "-o", dir.file(name)});
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
    const Audio audio = read_audio(dir.file(name));
    EXPECT_EQ(audio.sample_rate_hz, 22050) << name;
    // Lossy encoders pad a little at the ends.
    EXPECT_NEAR(static_cast<double>(audio.samples.size()) / wav, 1.0, 0.02) << name;
  }
  // --format wins over the extension.
  ASSERT_EQ(
      voxmark({"export", doc, "-o", dir.file("named.wav"), "--format", "flac", "-q"}).exit_code, 0);
  SF_INFO info{};
  SNDFILE* f = sf_open(dir.file("named.wav").c_str(), SFM_READ, &info);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(info.format & SF_FORMAT_TYPEMASK, SF_FORMAT_FLAC);
  sf_close(f);
}

TEST(Export, SplitWritesOneSafeFilePerSectionInsideTheFolderAndAPlaylist) {
  TempDir dir;
  const std::string doc =
      dir.write("tricky.md",
                "# ../../etc/passwd\n\nEscape attempt.\n\n# Tab\there\x01 and / slash\n\nControl "
                "characters.\n\n# " +
                    std::string(300, 'x') + "\n\nLong title.\n\n# .hidden\n\nDots.\n");
  const std::string out = dir.file("book");
  const auto r = voxmark({"export", doc, "-o", out, "--split", "sections", "--subtitles", "vtt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto names = files_in(out);
  EXPECT_EQ(files_in(dir.path()), (std::vector<std::string>{"book", "tricky.md"}));
  std::size_t audio_files = 0;
  for (const auto& name : names) {
    EXPECT_EQ(name.find('/'), std::string::npos);
    EXPECT_NE(name.front(), '.') << name;
    EXPECT_LE(name.size(), 80u) << name;
    for (unsigned char c : name) EXPECT_GE(c, 0x20) << name;
    if (name.ends_with(".wav")) {
      ++audio_files;
      EXPECT_FALSE(read_audio(out + "/" + name).samples.empty());
      EXPECT_TRUE(fs::exists(out + "/" + fs::path(name).replace_extension(".vtt").string()))
          << name;
    }
  }
  EXPECT_EQ(audio_files, 4u);
  EXPECT_EQ(names.front().rfind("01 - ", 0), 0u) << names.front();
  const std::string playlist = read_file(out + "/playlist.m3u");
  EXPECT_EQ(playlist.rfind("#EXTM3U\n", 0), 0u);
  for (const auto& name : names) {
    if (name.ends_with(".wav")) {
      EXPECT_NE(playlist.find("\n" + name + "\n"), std::string::npos) << name;
    }
  }
  // Each file once (the levelling may write the book more than once before it is right).
  std::size_t entries = 0;
  for (std::size_t at = playlist.find("#EXTINF:"); at != std::string::npos;
       at = playlist.find("#EXTINF:", at + 1)) {
    ++entries;
  }
  EXPECT_EQ(entries, audio_files) << playlist;
  EXPECT_FALSE(fs::exists("/etc/passwd.wav"));
}

TEST(Export, AudioTagsInTheDocumentAreReadAsTextAndOpenNothing) {
  TempDir dir;
  const std::string marker = dir.file("marker");
  const std::string doc = dir.write(
      "evil.md", "Say &lt;audio src=\"" + marker +
                     "\"&gt; and &lt;speak&gt;&lt;audio src=\"$(touch " + marker +
                     ")\"/&gt;&lt;/speak&gt; aloud.\n\n<audio src=\"" + marker + "\"></audio>\n");
  const auto r = voxmark({"export", doc, "-o", dir.file("evil.wav")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_FALSE(read_audio(dir.file("evil.wav")).samples.empty());
}

// Every failure: a clear line, the documented code, and nothing written, changed or left
// behind, in a folder that holds the user's own files too.
struct Failure {
  const char* name;
  std::vector<std::string> args;  // after "export"; OUT and DOC stand for paths, DIR for the folder
  int exit_code;
  const char* message;
  // ulimit -f for the run: >= 0 makes the write fail half-way, after the files are opened.
  long file_size_limit_bytes = -1;
};

void PrintTo(const Failure& f, std::ostream* os) { *os << f.name; }

class ExportFailure : public testing::TestWithParam<Failure> {};

TEST_P(ExportFailure, LeavesNothingBehind) {
  TempDir dir;
  const std::string doc = dir.write("doc.md", "# Title\n\nSome text to speak.\n");
  dir.write("previous.wav", std::string("RIFF\x24\0\0\0WAVEfmt the previous file", 33));
  dir.write("notes.txt", "my notes, the only copy");
  dir.write("words.vtt", "not subtitles: my word list");
  fs::create_directory(dir.file("music"));
  dir.write("music/song.mp3", "a song");
  fs::create_symlink(doc, dir.file("link-to-doc.wav"));
  ASSERT_EQ(::mkfifo(dir.file("pipe.wav").c_str(), 0644), 0);
  const auto before = tree(dir.path());
  std::vector<std::string> args{"export"};
  for (std::string a : GetParam().args) {
    if (a == "DOC") a = doc;
    if (a == "OUT") a = dir.file("previous.wav");
    if (a == "DIR") a = dir.path();
    if (a.rfind("DIR/", 0) == 0) a = dir.path() + a.substr(3);
    args.push_back(a);
  }
  ProcessOptions options;
  options.file_size_limit_bytes = GetParam().file_size_limit_bytes;
  const auto r = voxmark(args, options);
  EXPECT_EQ(r.exit_code, GetParam().exit_code) << r.err;
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
  // One line, also under ulimit -f (where libpulse, started by eSpeak NG's audio probe in
  // the speech processes, used to print "ftruncate() failed" lines of its own first).
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(tree(dir.path()), before);
}

const Failure kFailures[] = {
    {"unknown_voice", {"DOC", "-o", "OUT", "--voice", "engglish"}, 64, "engglish"},
    {"speed_out_of_range", {"DOC", "-o", "OUT", "--speed", "7"}, 64, "--speed"},
    {"unknown_format", {"DOC", "-o", "OUT", "--format", "aiff"}, 64, "--format"},
    {"unknown_extension", {"DOC", "-o", "DIR/book.xyz"}, 64, "unknown audio format"},
    {"bad_subtitle_name", {"DOC", "-o", "OUT", "--subtitles", "DIR/subs.txt"}, 64, ".vtt or .srt"},
    {"missing_output_folder", {"DOC", "-o", "DIR/missing/book.wav"}, 73, "does not exist"},
    {"output_is_a_directory", {"DOC", "-o", "DIR/"}, 73, "is a directory"},
    {"missing_document", {"DIR/none.md", "-o", "OUT"}, 66, "no such file"},
    {"no_output_given", {"DOC"}, 64, "--output"},
    // The user's files: never written over, whatever path leads to them.
    {"output_is_the_document",
     {"DOC", "-o", "DOC", "--format", "wav"},
     73,
     "is the document being read"},
    {"output_is_the_document_by_another_path",
     {"DOC", "-o", "DIR/music/../doc.md", "--format", "wav"},
     73,
     "is the document being read"},
    {"output_links_to_the_document",
     {"DOC", "-o", "DIR/link-to-doc.wav"},
     73,
     "is the document being read"},
    {"output_is_a_file_that_is_not_audio",
     {"DOC", "-o", "DIR/notes.txt", "--format", "wav"},
     73,
     "is not an audio file"},
    {"output_is_a_pipe", {"DOC", "-o", "DIR/pipe.wav"}, 73, "not a regular file"},
    {"subtitles_over_a_file_that_is_not_subtitles",
     {"DOC", "-o", "DIR/new.wav", "--subtitles", "DIR/words.vtt"},
     73,
     "is not a subtitle file"},
    {"subtitles_are_the_audio",
     {"DOC", "-o", "DIR/both.vtt", "--format", "wav", "--subtitles", "DIR/both.vtt"},
     73,
     "also the output for the audio"},
    {"split_into_a_folder_of_the_users",
     {"DOC", "-o", "DIR/music", "--split", "sections"},
     73,
     "voxmark did not write"},
    {"split_into_the_documents_folder",
     {"DOC", "-o", "DIR", "--split", "sections"},
     73,
     "voxmark did not write"},
    {"split_into_the_documents_folder_by_dotdot",
     {"DOC", "-o", "DIR/music/..", "--split", "sections"},
     73,
     "voxmark did not write"},
    {"split_output_is_the_document",
     {"DOC", "-o", "DOC", "--split", "sections"},
     73,
     "is the document being read"},
    {"split_output_is_a_file", {"DOC", "-o", "OUT", "--split", "sections"}, 73, "is a file"},
    {"split_with_a_subtitle_file_name",
     {"DOC", "-o", "DIR/book", "--split", "sections", "--subtitles", "DIR/b.vtt"},
     64,
     "give vtt or srt"},
    {"subtitle_format_without_split",
     {"DOC", "-o", "DIR/new.wav", "--subtitles", "vtt"},
     64,
     "name the file to write"},
    // Audiobook options: refused before any work, nothing written.
    {"missing_cover", {"DOC", "-o", "DIR/new.m4b", "--cover", "DIR/none.jpg"}, 66, "no such file"},
    {"cover_that_is_not_a_picture",
     {"DOC", "-o", "DIR/new.m4b", "--cover", "DIR/notes.txt"},
     65,
     "not a JPEG or PNG"},
    {"cover_that_is_a_folder",
     {"DOC", "-o", "DIR/new.m4b", "--cover", "DIR/music"},
     66,
     "not a file"},
    {"cover_in_a_wav",
     {"DOC", "-o", "DIR/new.wav", "--cover", "DIR/notes.txt"},
     64,
     "hold no picture"},
    {"unknown_profile", {"DOC", "-o", "DIR/book", "--profile", "acxx"}, 64, "there are: acx"},
    {"profile_with_another_format",
     {"DOC", "-o", "DIR/book", "--profile", "acx", "--format", "m4b"},
     64,
     "writes mp3"},
    {"profile_with_a_loudness",
     {"DOC", "-o", "DIR/book", "--profile", "acx", "--loudness", "-16"},
     64,
     "leave out --loudness"},
    {"loudness_too_loud", {"DOC", "-o", "DIR/new.m4b", "--loudness", "-5"}, 64, "-40 to -10"},
    {"loudness_too_quiet", {"DOC", "-o", "DIR/new.m4b", "--loudness", "-60"}, 64, "-40 to -10"},
    {"loudness_not_a_number", {"DOC", "-o", "DIR/new.m4b", "--loudness", "loud"}, 64, "-40 to -10"},
    {"unknown_format_opus_typo", {"DOC", "-o", "DIR/new.opsu"}, 64, "unknown audio format"},
    // Failing half-way, after the files were opened and partly written: a file-size limit
    // (4 KiB, a tenth of the audio) over the previous file, a new file with its subtitles, a
    // new split folder.
    {"write_fails_over_the_previous_file", {"DOC", "-o", "OUT", "-q"}, 74, "writing failed", 4096},
    {"write_fails_with_subtitles",
     {"DOC", "-o", "DIR/new.wav", "--subtitles", "DIR/new.vtt", "-q"},
     74,
     "writing failed",
     4096},
    {"write_fails_in_a_new_split_folder",
     {"DOC", "-o", "DIR/book", "--split", "sections", "--format", "wav", "-q"},
     74,
     "writing failed",
     4096},
};

INSTANTIATE_TEST_SUITE_P(Export, ExportFailure, testing::ValuesIn(kFailures),
                         [](const auto& info) { return std::string(info.param.name); });

// `-o .`: the folder the user is in. Refused when it holds their files (it used to be
// replaced as a whole, or fail with an internal error); used when empty.
TEST(Export, SplitIntoTheCurrentFolderNeverReplacesIt) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  const auto before = tree(dir.path());
  ProcessOptions here;
  here.working_directory = dir.path();
  auto r = voxmark({"export", "book.md", "-o", ".", "--split", "sections", "-q"}, here);
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_EQ(tree(dir.path()), before);
  fs::create_directory(dir.file("empty"));
  here.working_directory = dir.file("empty");
  r = voxmark({"export", doc, "-o", ".", "--split", "sections", "-q"}, here);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir.file("empty/playlist.m3u")));
  EXPECT_TRUE(fs::exists(dir.file("empty/01 - First part.wav")));
  EXPECT_EQ(read_file(doc), kBook);
}

// A link as output (an audiobook shelf kept elsewhere): the file it leads to is replaced, the
// link stays a link.
TEST(Export, ALinkAsOutputStaysALink) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  fs::create_directory(dir.file("shelf"));
  ASSERT_EQ(
      voxmark({"export", doc, "-o", dir.file("shelf/book.wav"), "-q", "--speed", "2"}).exit_code,
      0);
  fs::create_symlink(dir.file("shelf/book.wav"), dir.file("current.wav"));
  const auto r = voxmark({"export", doc, "-o", dir.file("current.wav"), "-q", "--loudness", "off"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir.file("current.wav")));
  EXPECT_EQ(read_audio(dir.file("shelf/book.wav")).samples, expected_audio(doc).samples);
  EXPECT_EQ(files_in(dir.file("shelf")), (std::vector<std::string>{"book.wav"}));
}

// A folder voxmark wrote: a second export replaces its own files (and removes those no longer
// part of the book), and keeps whatever the user put there.
TEST(Export, SplitAgainReplacesOnlyTheFilesItWrote) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  const std::string out = dir.file("book");
  // --loudness off: with levelling, the renamed section would change the whole book's gain
  // and so every file's bytes (as it should); here the files themselves are the point.
  auto r = voxmark(
      {"export", doc, "-o", out, "--split", "sections", "--subtitles", "srt", "--loudness", "off"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The summary names every file written, one a line.
  for (const auto& name : files_in(out)) {
    EXPECT_NE(r.err.find("voxmark: wrote " + out + "/" + name + "\n"), std::string::npos) << r.err;
  }
  EXPECT_EQ(files_in(out).size(), 7u);  // 3 sections, audio and subtitles, and the playlist
  dir.write("book/cover.jpg", "the user's picture");
  fs::create_directory(out + "/notes");
  dir.write("book/notes/todo.txt", "the user's notes");
  const std::string first_audio = read_file(out + "/01 - First part.wav");
  // The second part is renamed: its old files are voxmark's and go; the user's stay.
  std::string edited = kBook;
  edited.replace(edited.find("# Second part"), 13, "# Part two");
  dir.write("book.md", edited);
  r = voxmark({"export", doc, "-o", out, "--split", "sections", "--loudness", "off"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(out + "/cover.jpg"), "the user's picture");
  EXPECT_EQ(read_file(out + "/notes/todo.txt"), "the user's notes");
  EXPECT_EQ(read_file(out + "/01 - First part.wav"), first_audio);
  EXPECT_TRUE(fs::exists(out + "/02 - Part two.wav"));
  EXPECT_FALSE(fs::exists(out + "/02 - Second part.wav"));
  EXPECT_FALSE(fs::exists(out + "/02 - Second part.srt"));
  EXPECT_NE(r.err.find("voxmark: removed " + out + "/02 - Second part.wav"), std::string::npos)
      << r.err;
  EXPECT_EQ(files_in(out), (std::vector<std::string>{"01 - First part.wav", "02 - Part two.wav",
                                                     "03 - A subsection.wav", "cover.jpg", "notes",
                                                     "playlist.m3u"}));
  // A file of voxmark's that the user changed is theirs now: refused, nothing touched.
  dir.write("book/01 - First part.wav", "my own recording");
  const auto before = tree(out);
  r = voxmark({"export", doc, "-o", out, "--split", "sections"});
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_NE(r.err.find("changed after voxmark wrote it"), std::string::npos) << r.err;
  EXPECT_EQ(tree(out), before);
}

TEST(Export, UnknownVoiceSuggestsTheClosestNames) {
  const auto r = voxmark({"export", "-o", "/tmp/unused.wav", "--voice", "en-gbb"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("en-gb"), std::string::npos) << r.err;
}

// Faults half-way: the previous OUT is untouched and no temporary file remains. Beside it, a
// folder of an earlier split export holding the user's own files too: after a failed split
// export into it, or into a new folder, everything is as it was.
class ExportFault : public testing::Test {
 protected:
  void SetUp() override {
    std::string body = read_file(source_path("content/nato-russia.md"));
    body = body.substr(body.find("\n# "));
    std::string big;
    for (int i = 0; i < 60; ++i) big += body + "\n\n";
    doc_ = dir_.write("big.md", big);
    dir_.write("book.wav", std::string("RIFF\x24\0\0\0WAVEfmt the previous file", 33));
    dir_.write("book.m4b", std::string("\0\0\0\x1c"
                                       "ftypM4B the previous audiobook",
                                       34));
    const auto r = voxmark({"export", dir_.write("small.md", kBook), "-o", dir_.file("split"),
                            "--split", "sections", "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    dir_.write("split/my notes.txt", "the user's own file");
    before_ = tree(dir_.path());
  }
  void ExpectNothingChanged() { EXPECT_EQ(tree(dir_.path()), before_); }
  // The three outputs every fault is tried on.
  std::vector<std::vector<std::string>> outputs() {
    return {{"-o", dir_.file("book.wav")},
            {"-o", dir_.file("book.m4b")},
            {"-o", dir_.file("book.opus")},
            {"-o", dir_.file("split"), "--split", "sections"},
            {"-o", dir_.file("new-folder"), "--split", "sections", "--format", "m4b"}};
  }
  TempDir dir_;
  std::string doc_;
  std::map<std::string, std::string> before_;
};

TEST_F(ExportFault, FileSizeLimitIsAnIoErrorAndLeavesNothing) {
  for (const auto& output : outputs()) {
    ProcessOptions options;
    // ulimit -f: less than one section's audio, so that the split exports fail too.
    options.file_size_limit_bytes = 200 << 10;
    std::vector<std::string> args{"export", doc_, "-q"};
    args.insert(args.end(), output.begin(), output.end());
    const auto r = voxmark(args, options);
    EXPECT_EQ(r.exit_code, 74) << output[1] << ": " << r.err;
    EXPECT_NE(r.err.find("writing failed"), std::string::npos) << r.err;
    ExpectNothingChanged();
  }
}

TEST_F(ExportFault, InterruptHalfWayLeavesNothing) {
  for (int signal_number : {SIGINT, SIGTERM}) {
    for (const auto& output : outputs()) {
      ProcessOptions options;
      options.signal_number = signal_number;
      // Late enough that voxmark has started and installed its handlers even on a loaded
      // machine (before that, the signal's default action ends it without a word), and long
      // before the 60 copies of the op-ed are done.
      options.signal_after_seconds = 1.5;
      std::vector<std::string> args{"export", doc_, "--jobs", "1"};
      args.insert(args.end(), output.begin(), output.end());
      const auto r = voxmark(args, options);
      EXPECT_EQ(r.exit_code, 128 + signal_number) << output[1] << ": " << r.err;
      EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
      ExpectNothingChanged();
    }
  }
}

}  // namespace
}  // namespace voxmark::test
