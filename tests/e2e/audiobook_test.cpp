// Audiobook formats end to end: the real binary writes M4B, M4A, Opus, Ogg, FLAC, MP3 and
// WAV; FFmpeg's ffprobe and ffmpeg (not the libraries voxmark writes with) read them back:
// codec, chapters against the outline, tags, duration, cover, loudness, and the ACX checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audio_check.h"
#include "media_probe.h"
#include "run_process.h"

namespace voxmark::test {
namespace {
namespace fs = std::filesystem;

const char* kBook =
    "---\ntitle: A Small Book\nauthor: Ann Author\nsource: The Press\n---\n\n"
    "# First part\n\nOne sentence here. Another one follows.\n\n- A list item.\n\n"
    "# Second part\n\nThe middle.\n\n## A subsection\n\nThe end is near.\n";

ProcessResult voxmark(std::vector<std::string> args, ProcessOptions options = {}) {
  args.insert(args.begin(), voxmark_binary());
  return run_process(args, options);
}

// The chapters a listener should see: the outline's sections that have something to say.
std::vector<std::string> outline_titles(const std::string& doc) {
  const auto r = voxmark({"outline", "--json", doc});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> titles;
  const auto outline = nlohmann::json::parse(r.out);
  for (const auto& s : outline["sections"]) {
    if (s["sentences"].get<int>() > 0) titles.push_back(s["title"]);
  }
  return titles;
}

double duration_seconds(const nlohmann::json& probe) {
  return std::stod(probe["format"]["duration"].get<std::string>());
}

struct FormatCase {
  const char* extension;
  const char* codec;
  int sample_rate_hz;
};
const FormatCase kFormats[] = {{"m4b", "aac", 22050},   {"m4a", "aac", 22050},
                               {"opus", "opus", 48000}, {"ogg", "vorbis", 22050},
                               {"flac", "flac", 22050}, {"mp3", "mp3", 22050}};

class Audiobook : public testing::Test {
 protected:
  void SetUp() override {
    doc_ = dir_.write("book.md", kBook);
    const auto r = voxmark({"export", doc_, "-o", dir_.file("book.wav"), "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    wav_ = read_audio(dir_.file("book.wav"));
    wav_seconds_ = static_cast<double>(wav_.samples.size()) / wav_.sample_rate_hz;
  }
  TempDir dir_;
  std::string doc_;
  Audio wav_;
  double wav_seconds_ = 0;
};

TEST_F(Audiobook, EveryFormatHoldsTheOutlineAsChaptersTheTagsAndTheWholeAudio) {
  const std::vector<std::string> titles = outline_titles(doc_);
  ASSERT_EQ(titles, (std::vector<std::string>{"First part", "Second part", "A subsection"}));
  // Where each chapter starts in the WAV (cue points, read by libsndfile elsewhere): the
  // same marks must be in every format, to the millisecond.
  const auto wav_probe = ffprobe(dir_.file("book.wav"));
  for (const FormatCase& f : kFormats) {
    SCOPED_TRACE(f.extension);
    const std::string out = dir_.file(std::string("book.") + f.extension);
    const auto r = voxmark({"export", doc_, "-o", out, "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto probe = ffprobe(out);
    EXPECT_EQ(audio_stream(probe)["codec_name"], f.codec);
    EXPECT_EQ(std::stoi(audio_stream(probe)["sample_rate"].get<std::string>()), f.sample_rate_hz);
    EXPECT_EQ(audio_stream(probe)["channels"], 1);
    const auto chapters = probed_chapters(probe);
    ASSERT_EQ(chapters.size(), titles.size());
    for (std::size_t i = 0; i < titles.size(); ++i) {
      EXPECT_EQ(chapters[i].title, titles[i]) << i;
      if (wav_probe.contains("chapters") && wav_probe["chapters"].size() == titles.size()) {
        EXPECT_NEAR(chapters[i].start_seconds,
                    std::stod(wav_probe["chapters"][i]["start_time"].get<std::string>()), 0.002)
            << i;
      }
    }
    EXPECT_EQ(chapters.front().start_seconds, 0);
    EXPECT_EQ(probed_tag(probe, "title"), "A Small Book");
    EXPECT_EQ(probed_tag(probe, "artist"), "Ann Author");
    EXPECT_EQ(probed_tag(probe, "album"), "A Small Book");
    EXPECT_EQ(probed_tag(probe, "genre"), "Audiobook");
    EXPECT_NEAR(duration_seconds(probe), wav_seconds_, wav_seconds_ * 0.01);
    // The decoded audio too, not only the header's claim.
    const double decoded = static_cast<double>(decode(out).size()) / f.sample_rate_hz;
    EXPECT_NEAR(decoded, wav_seconds_, wav_seconds_ * 0.01);
  }
  // M4B is filed as an audiobook by its brand; M4A is not.
  EXPECT_EQ(probed_tag(ffprobe(dir_.file("book.m4b")), "major_brand"), "M4B ");
  EXPECT_EQ(probed_tag(ffprobe(dir_.file("book.m4a")), "major_brand"), "M4A ");
  // The Vorbis chapter comments as players read them: CHAPTER001=00:00:00.000, CHAPTER001NAME.
  for (const char* name : {"book.opus", "book.ogg", "book.flac"}) {
    const std::string bytes = read_file(dir_.file(name));
    EXPECT_NE(bytes.find("CHAPTER001=00:00:00.000"), std::string::npos) << name;
    EXPECT_NE(bytes.find("CHAPTER003NAME=A subsection"), std::string::npos) << name;
  }
  // MP3: ID3v2 CHAP frames with a CTOC table of contents.
  const std::string mp3 = read_file(dir_.file("book.mp3"));
  EXPECT_EQ(mp3.rfind("ID3", 0), 0u);
  EXPECT_NE(mp3.find("CTOC"), std::string::npos);
}

TEST_F(Audiobook, WavHoldsTheTagsToo) {
  const auto probe = ffprobe(dir_.file("book.wav"));
  EXPECT_EQ(probed_tag(probe, "title"), "A Small Book");
  EXPECT_EQ(probed_tag(probe, "artist"), "Ann Author");
  EXPECT_EQ(probed_chapters(probe).size(), 3u);
}

TEST_F(Audiobook, FlacIsTheWavSampleForSample) {
  ASSERT_EQ(voxmark({"export", doc_, "-o", dir_.file("book.flac"), "-q"}).exit_code, 0);
  const Audio flac = read_audio(dir_.file("book.flac"));
  EXPECT_EQ(flac.sample_rate_hz, wav_.sample_rate_hz);
  ASSERT_EQ(flac.samples.size(), wav_.samples.size());
  EXPECT_TRUE(flac.samples == wav_.samples) << "FLAC is lossless: it must decode to the WAV";
  EXPECT_TRUE(decode(dir_.file("book.flac")) == wav_.samples) << "as FFmpeg decodes it";
}

TEST_F(Audiobook, TheCoverIsEmbeddedByteForByte) {
  make_picture(dir_.file("cover.png"));
  make_picture(dir_.file("cover.jpg"));
  const std::string png = read_file(dir_.file("cover.png"));
  const std::string jpg = read_file(dir_.file("cover.jpg"));
  for (const char* ext : {"m4b", "mp3", "flac", "opus", "ogg"}) {
    SCOPED_TRACE(ext);
    for (const auto& [picture, bytes] :
         {std::pair{"cover.png", png}, std::pair{"cover.jpg", jpg}}) {
      const std::string out = dir_.file(std::string("covered.") + ext);
      const auto r = voxmark({"export", doc_, "-o", out, "--cover", dir_.file(picture), "-q"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
      const auto probe = ffprobe(out);
      bool attached = false;
      for (const auto& s : probe["streams"]) {
        attached |= s["codec_type"] == "video" && s["disposition"]["attached_pic"] == 1;
      }
      EXPECT_TRUE(attached) << picture;
      EXPECT_TRUE(extract_cover(out, dir_.path()) == bytes) << picture;
      EXPECT_EQ(probed_chapters(probe).size(), 3u);
    }
  }
}

TEST_F(Audiobook, TheFrontMattersCoverIsFoundBesideTheDocument) {
  fs::create_directory(dir_.file("art"));
  make_picture(dir_.file("art/front.png"));
  std::string text = kBook;
  text.insert(text.find("---\n\n"), "cover: art/front.png\n");
  const std::string doc = dir_.write("covered.md", text);
  ProcessOptions elsewhere;
  elsewhere.working_directory = "/";  // relative to the document, not to where voxmark runs
  const auto r = voxmark({"export", doc, "-o", dir_.file("covered.m4b"), "-q"}, elsewhere);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(extract_cover(dir_.file("covered.m4b"), dir_.path()) ==
              read_file(dir_.file("art/front.png")));
  // A WAV cannot hold it: said once, and the export goes on.
  const auto w = voxmark({"export", doc, "-o", dir_.file("covered.wav"), "-q"});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  EXPECT_NE(w.err.find("warning"), std::string::npos) << w.err;
  EXPECT_NE(w.err.find("no picture"), std::string::npos) << w.err;
}

// FFmpeg's ebur128 filter finds `path` at `lufs` (within 1 LU) with true peaks at -3 dBTP or
// under.
void expect_levelled(const std::string& path, double lufs) {
  const Loudness l = measure_loudness(path);
  EXPECT_NEAR(l.integrated_lufs, lufs, 1.0) << path;
  EXPECT_LE(l.true_peak_dbtp, -3.0) << path;
}

TEST_F(Audiobook, LevelledToMinus18LufsWithTruePeaksUnderMinus3) {
  for (const char* name : {"book.wav", "book.flac", "book.m4b", "book.opus", "book.mp3"}) {
    SCOPED_TRACE(name);
    if (std::string(name) != "book.wav") {
      ASSERT_EQ(voxmark({"export", doc_, "-o", dir_.file(name), "-q"}).exit_code, 0);
    }
    expect_levelled(dir_.file(name), -18.0);
  }
  ASSERT_EQ(
      voxmark({"export", doc_, "-o", dir_.file("quiet.wav"), "-q", "--loudness", "-23"}).exit_code,
      0);
  expect_levelled(dir_.file("quiet.wav"), -23.0);
  // off: the engine's own level (the op-ed's is about -21 LUFS with peaks near full scale).
  ASSERT_EQ(
      voxmark({"export", doc_, "-o", dir_.file("raw.wav"), "-q", "--loudness", "off"}).exit_code,
      0);
  const Loudness raw = measure_loudness(dir_.file("raw.wav"));
  EXPECT_GT(std::abs(raw.integrated_lufs - (-18.0)), 1.0)
      << "the test needs a book that is not at -18 already";
}

// One gain for the whole book: the sections keep their levels relative to each other. Here a
// section of short words with pauses between them is some decibels quieter than one long
// sentence; levelling each file on its own would erase that difference.
TEST(AudiobookLevels, SplitSectionsKeepTheirRelativeLevels) {
  TempDir dir;
  const std::string doc = dir.write(
      "levels.md",
      "# Quiet\n\nYes.\n\nNo.\n\nWell.\n\nFine.\n\nGood.\n\nSo.\n\nAh.\n\nOh.\n\n# Loud\n\nThis "
      "section "
      "is one long sentence that goes on and on without a single pause between its many words, "
      "from its first word to its very last one.\n");
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("off"), "--split", "sections", "-q",
                     "--loudness", "off"})
                .exit_code,
            0);
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("on"), "--split", "sections", "-q"}).exit_code,
            0);
  const std::string quiet = "01 - Quiet.wav", loud = "02 - Loud.wav";
  const auto lufs = [&](const std::string& file) {
    return measure_loudness(dir.file(file)).integrated_lufs;
  };
  const double raw_difference = lufs("off/" + loud) - lufs("off/" + quiet);
  ASSERT_GT(raw_difference, 0.8) << "the test needs sections of different loudness";
  // Levelled each on its own, both would be at -18 LUFS (no difference left).
  EXPECT_NEAR(lufs("on/" + loud) - lufs("on/" + quiet), raw_difference, 0.4);
  EXPECT_NEAR(lufs("on/" + loud), -18.0, 1.0);
}

TEST_F(Audiobook, SplitFilesAreTaggedAsTracksOfTheAlbumAndAllListed) {
  const std::string out = dir_.file("tracks");
  const auto r = voxmark({"export", doc_, "-o", out, "--split", "sections", "--format", "m4b"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> names{"01 - First part.m4b", "02 - Second part.m4b",
                                       "03 - A subsection.m4b"};
  const std::string playlist = read_file(out + "/playlist.m3u");
  const std::vector<std::string> titles = outline_titles(doc_);
  for (std::size_t i = 0; i < names.size(); ++i) {
    SCOPED_TRACE(names[i]);
    const auto probe = ffprobe(out + "/" + names[i]);
    EXPECT_EQ(probed_tag(probe, "album"), "A Small Book");
    EXPECT_EQ(probed_tag(probe, "title"), titles[i]);
    EXPECT_EQ(probed_tag(probe, "artist"), "Ann Author");
    EXPECT_EQ(probed_tag(probe, "track"), std::to_string(i + 1) + "/3");
    EXPECT_NE(playlist.find("\n" + names[i] + "\n"), std::string::npos);
    EXPECT_NE(r.err.find("voxmark: wrote " + out + "/" + names[i] + "\n"), std::string::npos)
        << r.err;
  }
}

// ACX's checks, each file measured as ACX's own tools would.
void expect_acx_file(const std::string& path, const std::string& album, int track, int total) {
  SCOPED_TRACE(path);
  const auto probe = ffprobe(path);
  const auto& audio = audio_stream(probe);
  EXPECT_EQ(audio["codec_name"], "mp3");
  EXPECT_EQ(audio["sample_rate"], "44100");
  EXPECT_EQ(audio["channels"], 1);
  EXPECT_GE(std::stoi(audio["bit_rate"].get<std::string>()), 192000);
  // Constant bit rate: LAME marks a CBR file's header "Info" (a VBR one "Xing").
  const std::string head = read_file(path).substr(0, 64 << 10);
  EXPECT_NE(head.find("Info"), std::string::npos);
  EXPECT_EQ(head.find("Xing"), std::string::npos);
  const Levels levels = measure_levels(path);
  EXPECT_GE(levels.rms_db, -23.0);
  EXPECT_LE(levels.rms_db, -18.0);
  EXPECT_LE(levels.peak_db, -3.0);
  EXPECT_LT(levels.noise_floor_db, -60.0);
  const double duration = std::stod(probe["format"]["duration"].get<std::string>());
  EXPECT_LT(duration, 120 * 60);
  const auto silences = detect_silences(path, -60, 0.3);
  ASSERT_GE(silences.size(), 2u);
  EXPECT_NEAR(silences.front().start_seconds, 0, 0.01);
  EXPECT_GE(silences.front().end_seconds, 0.5);
  EXPECT_LE(silences.front().end_seconds, 1.0);
  // The container's duration counts MP3 framing (1152-sample frames and the decoder's 529-sample
  // delay) that silencedetect never sees: up to about two frames plus the delay at 44.1 kHz.
  EXPECT_NEAR(silences.back().end_seconds, duration, (2 * 1152 + 529) / 44100.0);
  EXPECT_GE(silences.back().end_seconds - silences.back().start_seconds, 1.0);
  EXPECT_LE(silences.back().end_seconds - silences.back().start_seconds, 5.0);
  EXPECT_EQ(probed_tag(probe, "album"), album);
  EXPECT_EQ(probed_tag(probe, "track"), std::to_string(track) + "/" + std::to_string(total));
}

TEST(AudiobookProfile, AcxGivesOneCompliantMp3PerSection) {
  TempDir dir;
  const std::string out = dir.file("acx");
  const auto r = voxmark({"export", "-o", out, "--profile", "acx", "-q"});  // the bundled op-ed
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) {
    if (e.path().extension() == ".mp3") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  const auto outline = nlohmann::json::parse(voxmark({"outline", "--json"}).out);
  std::size_t with_text = 0;
  for (const auto& s : outline["sections"]) with_text += s["sentences"].get<int>() > 0;
  ASSERT_EQ(names.size(), with_text);
  for (std::size_t i = 0; i < names.size(); ++i) {
    expect_acx_file(out + "/" + names[i], outline["title"], static_cast<int>(i + 1),
                    static_cast<int>(names.size()));
  }
}

// A section longer than the profile's longest file is cut between sentences; the parts are
// numbered, listed and together say every sentence once, in order.
TEST(AudiobookProfile, ALongSectionIsSplitBetweenSentences) {
  TempDir dir;
  fs::create_directories(dir.file("config/voxmark/profiles"));
  std::string acx = read_file(source_path("profiles/acx.toml"));
  acx.replace(acx.find("max_minutes = 120"), 17, "max_minutes = 0.2");  // 12 s
  dir.write("config/voxmark/profiles/short.toml", acx);
  std::string text = "---\ntitle: Long\n---\n\n# Only part\n\n";
  for (int i = 1; i <= 12; ++i)
    text += "This is sentence number " + std::to_string(i) + " of the section. ";
  const std::string doc = dir.write("long.md", text + "\n");
  ProcessOptions options;
  options.env["XDG_CONFIG_HOME"] = dir.file("config");
  const std::string out = dir.file("parts");
  const auto r = voxmark(
      {"export", doc, "-o", out, "--profile", "short", "--subtitles", "srt", "-q"}, options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) {
    if (e.path().extension() == ".mp3") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  ASSERT_GE(names.size(), 3u);
  const std::string playlist = read_file(out + "/playlist.m3u");
  std::string spoken;
  for (std::size_t i = 0; i < names.size(); ++i) {
    SCOPED_TRACE(names[i]);
    char part[64];
    std::snprintf(part, sizeof part, "(part %02zu of %02zu)", i + 1, names.size());
    EXPECT_NE(names[i].find(part), std::string::npos);
    EXPECT_NE(playlist.find("\n" + names[i] + "\n"), std::string::npos);
    const auto probe = ffprobe(out + "/" + names[i]);
    EXPECT_LE(duration_seconds(probe), 12.0 + 0.1);
    std::string srt = read_file(out + "/" + fs::path(names[i]).replace_extension(".srt").string());
    std::istringstream lines(srt);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("-->") == std::string::npos && !line.empty() &&
          line.find_first_not_of("0123456789") != std::string::npos) {
        spoken += line + " ";
      }
    }
  }
  std::string expected;
  for (int i = 1; i <= 12; ++i)
    expected += "This is sentence number " + std::to_string(i) + " of the section. ";
  EXPECT_EQ(spoken, "Only part " + expected);
}

// A full disk while the file is encoded (not while the book is spooled): the M4B and Opus
// writers' own failures. A small file system holds the spool and a little more.
TEST(AudiobookFault, ADiskFullWhileEncodingLeavesNothing) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a small file system needs root (CI runs as root)";
  TempDir dir;
  std::string body = read_file(source_path("content/nato-russia.md"));
  const std::string doc = dir.write("book.md", body.substr(body.find("\n# ")));
  ASSERT_EQ(
      voxmark({"export", doc, "-o", dir.file("ref.wav"), "-q", "--loudness", "off"}).exit_code, 0);
  const std::uintmax_t spool_bytes = read_audio(dir.file("ref.wav")).samples.size() * 2;
  const std::string disk = dir.file("disk");
  fs::create_directory(disk);
  const std::string size = std::to_string((spool_bytes + (256 << 10)) / 4096 * 4096 + 8192);
  ASSERT_EQ(
      run_process({"/usr/bin/mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", disk}).exit_code,
      0);
  struct Unmount {
    std::string path;
    ~Unmount() { run_process({"/usr/bin/umount", path}); }
  } unmount{disk};
  dir.write("disk/book.m4b", std::string("\0\0\0\x1c"
                                         "ftypM4B the previous audiobook",
                                         34));
  for (const char* name : {"book.m4b", "book.opus"}) {
    SCOPED_TRACE(name);
    const auto r = voxmark({"export", doc, "-o", disk + "/" + name, "-q"});
    EXPECT_EQ(r.exit_code, 74) << r.err;
    EXPECT_NE(r.err.find("writing failed"), std::string::npos) << r.err;
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(disk)) left.push_back(e.path().filename().string());
    EXPECT_EQ(left, std::vector<std::string>{"book.m4b"});
    EXPECT_EQ(read_file(disk + "/book.m4b"), std::string("\0\0\0\x1c"
                                                         "ftypM4B the previous audiobook",
                                                         34));
  }
}

}  // namespace
}  // namespace voxmark::test
