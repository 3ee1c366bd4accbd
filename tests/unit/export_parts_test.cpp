// Pieces of export that need no speech: file names, subtitles, formats, pending files.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "common/error.h"
#include "export/exporter.h"
#include "export/file_plan.h"
#include "export/output_paths.h"
#include "export/pending_file.h"
#include "export/split_folder.h"
#include "markdown/markdown_reader.h"

namespace voxmark::audiobook {
namespace {
namespace fs = std::filesystem;

TEST(SectionFileName, IsNumberedSafeAndShort) {
  EXPECT_EQ(section_file_name(3, 12, "Preventing proliferation", "wav"),
            "03 - Preventing proliferation.wav");
  EXPECT_EQ(section_file_name(7, 150, "Title", "flac"), "007 - Title.flac");
  EXPECT_EQ(section_file_name(1, 2, "../../etc/passwd", "wav"), "01 - etc passwd.wav");
  EXPECT_EQ(section_file_name(1, 2, "a/b\\c:d*e?f\"g<h>i|j", "wav"),
            "01 - a b c d e f g h i j.wav");
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

// Chapter titles: what a listener picks from in a player's chapter list.
TEST(SectionLabel, ThePreambleNeverRepeatsAHeadingsTitle) {
  const auto read = [](const std::string& markdown) {
    return markdown::read_markdown(document::sanitize_utf8("test.md", markdown));
  };
  // A README: badges, then "# name" (which becomes the book's title).
  const document::Document readme = read("Build status: passing.\n\n# libthing\n\nA library.\n");
  ASSERT_EQ(readme.sections.size(), 2u);
  EXPECT_EQ(readme.metadata.title, "libthing");
  EXPECT_EQ(section_labels(readme)[0], "Introduction");
  EXPECT_EQ(section_labels(readme)[1], "libthing");
  // A title of its own (front matter) names the opening chapter.
  const document::Document book =
      read("---\ntitle: A Long Night\n---\nIt was late.\n\n# One\n\nRain fell.\n");
  ASSERT_EQ(book.sections.size(), 2u);
  EXPECT_EQ(section_labels(book)[0], "A Long Night");
  EXPECT_EQ(section_labels(book)[1], "One");
}

TEST(SectionLabel, SectionsOfOneNameAreToldApart) {
  const auto read = [](const std::string& markdown) {
    return markdown::read_markdown(document::sanitize_utf8("test.md", markdown));
  };
  // bat's README: "Prerequisites" under two platforms.
  const document::Document doc = read(
      "# Linux\n\n## Prerequisites\n\nA.\n\n# Windows\n\n## Prerequisites\n\nB.\n\n"
      "## Usage\n\nC.\n");
  ASSERT_EQ(doc.sections.size(), 5u);
  EXPECT_EQ(section_labels(doc)[1], "Linux: Prerequisites");
  EXPECT_EQ(section_labels(doc)[3], "Windows: Prerequisites");
  EXPECT_EQ(section_labels(doc)[4], "Usage");  // unique: as written
  // Parents of one name too: numbered in order.
  const document::Document flat = read("# Notes\n\nA.\n\n# Notes\n\nB.\n");
  ASSERT_EQ(flat.sections.size(), 2u);
  EXPECT_EQ(section_labels(flat)[0], "Notes (1)");
  EXPECT_EQ(section_labels(flat)[1], "Notes (2)");
}

TEST(Subtitles, TimesComeFromSamples) {
  const std::vector<SubtitleCue> cues{{0, 22050, "First."},
                                      {33075, 3 * 3600 * 22050ull + 22, "A < B & C --> D"}};
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
  const fs::path dir =
      fs::temp_directory_path() / ("voxmark-pending-" + std::to_string(::getpid()));
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

// A fresh folder under the temp folder, removed afterwards.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "voxmark-parts-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempFolder() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& bytes) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return path_ / name;
  }

 private:
  fs::path path_;
};

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every file under a folder (hidden ones too) with its bytes.
std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = fs::relative(e.path(), dir).string();
    out[name] = e.is_symlink()     ? "-> " + fs::read_symlink(e.path()).string()
                : e.is_directory() ? "(folder)"
                                   : read(e.path());
  }
  return out;
}

Error refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "not refused";
  return Error(ExitCode::ok, "");
}

TEST(PendingPath, NeverReplacesAFileThatAppearedOrChangedMeanwhile) {
  TempFolder dir;
  {
    PendingPath pending(dir.path() / "new.wav", PendingPath::Kind::file);
    std::ofstream(pending.temporary()) << "audio";
    dir.write("new.wav", "someone else's file");  // appears while voxmark writes
    EXPECT_EQ(refusal([&] { pending.commit(); }).code(), ExitCode::cant_create);
  }
  EXPECT_EQ(read(dir.path() / "new.wav"), "someone else's file");
  dir.write("old.wav", "RIFF old");
  {
    PendingPath pending(dir.path() / "old.wav", PendingPath::Kind::file);
    std::ofstream(pending.temporary()) << "audio";
    fs::remove(dir.path() / "old.wav");
    dir.write("old.wav", "replaced by the user meanwhile");
    EXPECT_EQ(refusal([&] { pending.commit(); }).code(), ExitCode::cant_create);
  }
  EXPECT_EQ(read(dir.path() / "old.wav"), "replaced by the user meanwhile");
  {
    // Gone meanwhile: nothing to lose, the new file takes its place.
    PendingPath pending(dir.path() / "old.wav", PendingPath::Kind::file);
    std::ofstream(pending.temporary()) << "audio";
    fs::remove(dir.path() / "old.wav");
    pending.commit();
  }
  EXPECT_EQ(read(dir.path() / "old.wav"), "audio");
  EXPECT_EQ(contents(dir.path()).size(), 2u) << "a temporary was left";
  // A folder is only ever created, never replaced.
  fs::create_directory(dir.path() / "book");
  EXPECT_EQ(refusal([&] { PendingPath(dir.path() / "book", PendingPath::Kind::directory); }).code(),
            ExitCode::cant_create);
}

TEST(OutputPaths, TheInputAndFilesOfAnotherKindAreNeverOverwritten) {
  TempFolder dir;
  const fs::path doc = dir.write("notes.md", "# Notes\n\nMy only copy.\n");
  dir.write("photo.wav", std::string("\x89PNG\r\n", 6));
  dir.write("old.wav", std::string("RIFF\x24\0\0\0WAVEfmt ", 16));
  dir.write("old.vtt", "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\nHi\n");
  dir.write("old.srt", "1\n00:00:00,000 --> 00:00:01,000\nHi\n");
  dir.write("empty.wav", "");
  fs::create_symlink(doc, dir.path() / "link.wav");
  fs::create_symlink(dir.path() / "old.wav", dir.path() / "to-old.wav");
  const auto check = [&](const std::string& name, OutputKind kind) {
    return checked_output_file(dir.path() / name, kind, doc);
  };
  EXPECT_EQ(refusal([&] { check("notes.md", OutputKind::audio); }).code(), ExitCode::cant_create);
  EXPECT_NE(std::string(refusal([&] { check("link.wav", OutputKind::audio); }).what())
                .find("is the document being read"),
            std::string::npos);
  EXPECT_NE(std::string(refusal([&] { check("photo.wav", OutputKind::audio); }).what())
                .find("is not an audio file"),
            std::string::npos);
  EXPECT_EQ(refusal([&] { check("old.wav", OutputKind::subtitles); }).code(),
            ExitCode::cant_create);
  EXPECT_EQ(refusal([&] { checked_output_file("/dev/null", OutputKind::audio, doc); }).code(),
            ExitCode::cant_create);
  EXPECT_EQ(refusal([&] {
              checked_output_file(dir.path() / "a.vtt", OutputKind::subtitles, doc,
                                  {dir.path() / "a.vtt"});
            }).code(),
            ExitCode::cant_create);
  EXPECT_EQ(check("old.wav", OutputKind::audio), dir.path() / "old.wav");
  EXPECT_EQ(check("old.vtt", OutputKind::subtitles), dir.path() / "old.vtt");
  EXPECT_EQ(check("old.srt", OutputKind::subtitles), dir.path() / "old.srt");
  EXPECT_EQ(check("empty.wav", OutputKind::audio), dir.path() / "empty.wav");
  EXPECT_EQ(check("new.wav", OutputKind::audio), dir.path() / "new.wav");
  // A link is followed: the file it leads to is written, the link stays.
  EXPECT_EQ(check("to-old.wav", OutputKind::audio), fs::canonical(dir.path() / "old.wav"));
  EXPECT_EQ(read(doc), "# Notes\n\nMy only copy.\n");
}

TEST(Manifest, RoundTripsAndNeverNamesAPathOutsideTheFolder) {
  const std::vector<ManifestEntry> entries{{"01 - One.wav", 1234, 1700000000123456789},
                                           {"01 - One.vtt", 56, 1700000000223456789}};
  const std::string playlist =
      "#EXTM3U\n#EXTINF:3,01 - One\n01 - One.wav\n" + render_manifest(entries);
  const auto parsed = parse_manifest(playlist);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].name, "01 - One.wav");
  EXPECT_EQ((*parsed)[0].size_bytes, 1234u);
  EXPECT_EQ((*parsed)[1].mtime_ns, 1700000000223456789);
  EXPECT_FALSE(parse_manifest("#EXTM3U\n#EXTINF:3,x\nx.wav\n")) << "not voxmark's playlist";
  const auto doctored = parse_manifest(
      "#VOXMARK-MANIFEST:1\n"
      "#VOXMARK-FILE:{\"name\":\"../victim\",\"bytes\":1,\"mtime_ns\":1}\n"
      "#VOXMARK-FILE:{\"name\":\"/etc/passwd\",\"bytes\":1,\"mtime_ns\":1}\n"
      "#VOXMARK-FILE:{\"name\":\".hidden\",\"bytes\":1,\"mtime_ns\":1}\n"
      "#VOXMARK-FILE:{\"name\":\"playlist.m3u\",\"bytes\":1,\"mtime_ns\":1}\n"
      "#VOXMARK-FILE:{\"name\":\"ok.wav\",\"bytes\":1,\"mtime_ns\":1}\n"
      "#VOXMARK-FILE:not json\n");
  ASSERT_TRUE(doctored);
  ASSERT_EQ(doctored->size(), 1u);
  EXPECT_EQ(doctored->front().name, "ok.wav");
}

// Writes a split export's files through SplitFolder, as the exporter does.
SplitFolder::Result write_split(const fs::path& folder, const std::vector<std::string>& names,
                                const fs::path& input = {}) {
  SplitFolder split(folder, names, input);
  for (const std::string& name : names) std::ofstream(split.staging_path(name)) << "audio " + name;
  std::string entries;
  for (const std::string& name : names) entries += "#EXTINF:1," + name + "\n" + name + "\n";
  return split.commit(entries);
}

TEST(SplitFolder, ANewFolderAppearsWhole) {
  TempFolder dir;
  const auto result = write_split(dir.path() / "book", {"01 - A.wav", "02 - B.wav"});
  EXPECT_EQ(result.written.size(), 3u);
  EXPECT_TRUE(result.removed.empty());
  const auto files = contents(dir.path() / "book");
  EXPECT_EQ(files.size(), 3u);
  EXPECT_EQ(files.at("01 - A.wav"), "audio 01 - A.wav");
  ASSERT_TRUE(parse_manifest(files.at("playlist.m3u")));
  EXPECT_EQ(parse_manifest(files.at("playlist.m3u"))->size(), 2u);
  EXPECT_EQ(contents(dir.path()).size(), 4u) << "only the folder and its files";
  // Written the way the guide shows it, with a trailing slash.
  write_split(dir.path().string() + "/slash/", {"01 - A.wav"});
  EXPECT_TRUE(fs::exists(dir.path() / "slash" / "01 - A.wav"));
}

TEST(SplitFolder, ReplacesOnlyItsOwnFilesAndKeepsEveryOtherOne) {
  TempFolder dir;
  const fs::path book = dir.path() / "book";
  write_split(book, {"01 - A.wav", "02 - B.wav"});
  dir.write("book/my notes.txt", "mine");
  dir.write("book/extra/cover.jpg", "picture");
  // The book changed: section B was renamed C.
  const auto result = write_split(book, {"01 - A.wav", "02 - C.wav"});
  auto files = contents(book);
  EXPECT_EQ(files.at("my notes.txt"), "mine");
  EXPECT_EQ(files.at("extra/cover.jpg"), "picture");
  EXPECT_EQ(files.at("02 - C.wav"), "audio 02 - C.wav");
  EXPECT_FALSE(files.count("02 - B.wav")) << "its own stale file goes";
  ASSERT_EQ(result.removed.size(), 1u);
  EXPECT_EQ(result.removed.front(), book / "02 - B.wav");
  EXPECT_EQ(files.size(), 6u) << "no staging folder left";
  // A file of the earlier export that the user changed is theirs now: it stays, even when the
  // book no longer has it.
  dir.write("book/02 - C.wav", "my own recording");
  const auto again = write_split(book, {"01 - A.wav", "02 - D.wav"});
  EXPECT_TRUE(again.removed.empty());
  EXPECT_EQ(read(book / "02 - C.wav"), "my own recording");
}

TEST(SplitFolder, RefusesFoldersAndFilesItDidNotWriteAndTouchesNothing) {
  TempFolder dir;
  dir.write("music/song.mp3", "a song");
  dir.write("doc.md", "# Doc\n");
  dir.write("own/01 - A.wav", "someone's file with voxmark's name");
  const auto before = contents(dir.path());
  for (const fs::path& folder : {dir.path() / "music", dir.path(), dir.path() / ".",
                                 dir.path() / "own", dir.path() / "doc.md"}) {
    const Error e = refusal([&] { write_split(folder, {"01 - A.wav"}, dir.path() / "doc.md"); });
    EXPECT_EQ(e.code(), ExitCode::cant_create) << folder;
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
  }
  EXPECT_EQ(contents(dir.path()), before);
  // A file voxmark wrote, changed since: refused too (the user's now).
  write_split(dir.path() / "book", {"01 - A.wav"});
  dir.write("book/01 - A.wav", "edited by hand");
  const auto book = contents(dir.path() / "book");
  EXPECT_NE(std::string(refusal([&] { write_split(dir.path() / "book", {"01 - A.wav"}); }).what())
                .find("changed after voxmark wrote it"),
            std::string::npos);
  EXPECT_EQ(contents(dir.path() / "book"), book);
  // A doctored manifest naming a file outside the folder removes nothing.
  dir.write("victim.txt", "keep me");
  const std::string evil =
      "#EXTM3U\n#VOXMARK-MANIFEST:1\n#VOXMARK-FILE:{\"name\":\"../victim.txt\","
      "\"bytes\":7,\"mtime_ns\":0}\n";
  dir.write("evil/playlist.m3u", evil);
  write_split(dir.path() / "evil", {"01 - A.wav"});
  EXPECT_EQ(read(dir.path() / "victim.txt"), "keep me");
}

TEST(SplitFolder, AnEmptyFolderIsUsedAndNothingIsLeftWhenNotCommitted) {
  TempFolder dir;
  fs::create_directory(dir.path() / "empty");
  {
    SplitFolder split(dir.path() / "empty", {"01 - A.wav"}, {});
    std::ofstream(split.staging_path("01 - A.wav")) << "half";
  }  // an error or Ctrl-C: never committed
  EXPECT_TRUE(fs::is_empty(dir.path() / "empty"));
  {
    SplitFolder split(dir.path() / "new", {"01 - A.wav"}, {});
    std::ofstream(split.staging_path("01 - A.wav")) << "half";
  }
  EXPECT_EQ(contents(dir.path()).size(), 1u) << "only the empty folder";
  write_split(dir.path() / "empty", {"01 - A.wav"});
  EXPECT_EQ(contents(dir.path() / "empty").size(), 2u);
}

}  // namespace
}  // namespace voxmark::audiobook
