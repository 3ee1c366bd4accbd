// Pieces of export that need no speech: file names, subtitles, formats, pending files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "export/exporter.h"
#include "export/pending_file.h"

namespace voxmark::audiobook {
namespace {
namespace fs = std::filesystem;

TEST(SectionFileName, IsNumberedSafeAndShort) {
  EXPECT_EQ(section_file_name(3, 12, "Preventing proliferation", "wav"), "03 - Preventing proliferation.wav");
  EXPECT_EQ(section_file_name(7, 150, "Title", "flac"), "007 - Title.flac");
  EXPECT_EQ(section_file_name(1, 2, "../../etc/passwd", "wav"), "01 - etc passwd.wav");
  EXPECT_EQ(section_file_name(1, 2, "a/b\\c:d*e?f\"g<h>i|j", "wav"), "01 - a b c d e f g h i j.wav");
  EXPECT_EQ(section_file_name(1, 2, "tab\there\x01", "wav"), "01 - tab here.wav");
  EXPECT_EQ(section_file_name(1, 2, "...", "wav"), "01 - Section.wav");
  EXPECT_EQ(section_file_name(1, 2, "", "wav"), "01 - Section.wav");
  // Long titles are cut at a character boundary, never inside UTF-8.
  std::string long_title;
  for (int i = 0; i < 40; ++i) long_title += "\xC3\xA9";  // é, 2 bytes each
  const std::string name = section_file_name(1, 2, long_title, "wav");
  EXPECT_LE(name.size(), 5u + 60u + 4u);
  EXPECT_EQ((name.size() - 9) % 2, 0u) << name;
}

TEST(Subtitles, TimesComeFromSamples) {
  const std::vector<SubtitleCue> cues{{0, 22050, "First."}, {33075, 3 * 3600 * 22050ull + 22, "A < B & C --> D"}};
  EXPECT_EQ(render_subtitles(SubtitleFormat::vtt, cues, 22050),
            "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\nFirst.\n\n"
            "2\n00:00:01.500 --> 03:00:00.000\nA &lt; B &amp; C -> D\n\n");
  EXPECT_EQ(render_subtitles(SubtitleFormat::srt, cues, 22050),
            "1\n00:00:00,000 --> 00:00:01,000\nFirst.\n\n"
            "2\n00:00:01,500 --> 03:00:00,000\nA < B & C -> D\n\n");
  EXPECT_EQ(subtitle_timestamp(SubtitleFormat::vtt, 22049, 22050), "00:00:00.999");
}

TEST(Formats, FromNameOrExtension) {
  EXPECT_EQ(audio_format_from("", "book.WAV"), AudioFormat::wav);
  EXPECT_EQ(audio_format_from("", "book.flac"), AudioFormat::flac);
  EXPECT_EQ(audio_format_from("", "book.ogg"), AudioFormat::ogg);
  EXPECT_EQ(audio_format_from("mp3", "book.wav"), AudioFormat::mp3);
  EXPECT_EQ(audio_format_from("", "book"), AudioFormat::wav);
  EXPECT_THROW(audio_format_from("", "book.aiff"), Error);
  EXPECT_THROW(subtitle_format_from("subs.txt"), Error);
}

TEST(PendingPath, AppearsOnlyOnCommitAndLeavesNothingOtherwise) {
  const fs::path dir = fs::temp_directory_path() / ("voxmark-pending-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "out.txt") << "old";
  {
    PendingPath pending(dir / "out.txt", PendingPath::Kind::file);
    std::ofstream(pending.temporary()) << "new";
    EXPECT_EQ(pending.temporary().parent_path(), dir);
  }  // not committed: discarded
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  {
    std::ifstream in(dir / "out.txt");
    std::string text;
    in >> text;
    EXPECT_EQ(text, "old");
  }
  {
    PendingPath pending(dir / "out.txt", PendingPath::Kind::file);
    std::ofstream(pending.temporary()) << "new";
    pending.commit();
  }
  std::ifstream in(dir / "out.txt");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "new");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_THROW(PendingPath(dir / "missing" / "x.wav", PendingPath::Kind::file), Error);
  EXPECT_THROW(PendingPath(dir, PendingPath::Kind::file), Error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace voxmark::audiobook
