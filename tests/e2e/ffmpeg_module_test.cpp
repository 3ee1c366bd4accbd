// The FFmpeg module (src/media/media.h) end to end: only what needs FFmpeg loads it, and a
// voxmark whose module is missing says so in one line, writes nothing, and still does the rest.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "run_process.h"

namespace voxmark::test {
namespace {
namespace fs = std::filesystem;

const char* kNote = "# Note\n\nA short note. It has two sentences.\n";

// The shared objects the dynamic loader opened for a run (LD_DEBUG=files lists each one).
std::string loaded_objects(const std::vector<std::string>& args, const TempDir& dir) {
  ProcessOptions options;
  isolate_home(options, dir);
  options.env["LD_DEBUG"] = "files";
  options.working_directory = dir.path();
  std::vector<std::string> argv{voxmark_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  const ProcessResult r = run_process(argv, options);
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(r.err.size() > 2000 ? r.err.size() - 2000 : 0);
  return r.err;
}

TEST(FfmpegModule, OnlyCompressedFormatsLoadFfmpeg) {
  TempDir dir;
  const std::string note = dir.write("note.md", kNote);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"sentences", note},
                                               {"outline", note},
                                               {"voices"},
                                               {"export", note, "-o", dir.file("note.wav")}}) {
    const std::string opened = loaded_objects(args, dir);
    EXPECT_EQ(opened.find("libavcodec"), std::string::npos) << args[0] << " loaded FFmpeg";
    EXPECT_EQ(opened.find("voxmark-ffmpeg.so"), std::string::npos) << args[0];
  }
  // The other side: an MP3 loads the module, and with it FFmpeg.
  const std::string opened = loaded_objects({"export", note, "-o", dir.file("note.mp3")}, dir);
  EXPECT_NE(opened.find("voxmark-ffmpeg.so"), std::string::npos);
  EXPECT_NE(opened.find("libavcodec"), std::string::npos);
  EXPECT_TRUE(fs::is_regular_file(dir.file("note.mp3")));
}

TEST(FfmpegModule, WithoutItCompressedFormatsAreRefusedBeforeAnyWorkAndWavStillWorks) {
  TempDir dir;
  // The program alone in a folder of its own: no module beside it or relative to it.
  const fs::path bin = fs::path(dir.path()) / "prefix" / "bin";
  fs::create_directories(bin);
  const fs::path lone = bin / "voxmark";
  fs::copy_file(voxmark_binary(), lone);
  if (fs::exists(fs::path(VOXMARK_TEST_INSTALL_MODULEDIR) / "voxmark-ffmpeg.so")) {
    GTEST_SKIP() << "a voxmark is installed at " VOXMARK_TEST_INSTALL_MODULEDIR
                    ", which the lone program would use";
  }
  const std::string note = dir.write("work/note.md", kNote);
  ProcessOptions options;
  isolate_home(options, dir);
  // Refused before any work: with files limited to 0 bytes, synthesis (its spool) would fail
  // with 74 first.
  ProcessOptions no_files = options;
  no_files.file_size_limit_bytes = 0;
  for (const char* name : {"note.mp3", "note.m4b", "note.opus", "note.flac", "note.ogg"}) {
    const ProcessResult r = run_process(
        {lone.string(), "export", note, "-o", dir.file(std::string("work/") + name)}, no_files);
    EXPECT_EQ(r.exit_code, 69) << name << ": " << r.err;
    EXPECT_NE(r.err.find("voxmark-ffmpeg.so"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("reinstall voxmark"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  // Nothing was written beside the document.
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir.file("work")))
    left.push_back(entry.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"note.md"});

  const ProcessResult wav =
      run_process({lone.string(), "export", note, "-o", dir.file("work/note.wav")}, options);
  EXPECT_EQ(wav.exit_code, 0) << wav.err;
  EXPECT_GT(fs::file_size(dir.file("work/note.wav")), 10000u);
  const ProcessResult version = run_process({lone.string(), "--version"}, options);
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("FFmpeg: not available"), std::string::npos) << version.out;
  // With the module back beside it, the same program names FFmpeg's version.
  fs::copy_file(fs::path(voxmark_binary()).parent_path() / "voxmark-ffmpeg.so",
                bin / "voxmark-ffmpeg.so");
  const ProcessResult found = run_process({lone.string(), "--version"}, options);
  EXPECT_NE(found.out.find("\nFFmpeg "), std::string::npos) << found.out;
  EXPECT_EQ(found.out.find("not available"), std::string::npos) << found.out;
}

}  // namespace
}  // namespace voxmark::test
