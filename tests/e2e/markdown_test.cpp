// Real-world Markdown through the real binary: the reading options, and a document's language
// choosing its voice (heard in the exported audio).
#include <gtest/gtest.h>

#include "audio_check.h"
#include "run_process.h"

namespace voxmark::test {
namespace {

ProcessResult voxmark(std::vector<std::string> args, ProcessOptions options = {}) {
  args.insert(args.begin(), voxmark_binary());
  return run_process(args, options);
}

const char* kTechnical =
    "# Options\n\n"
    "| Option | Default |\n|---|---|\n| `--urls` | host |\n\n"
    "See https://example.org/docs/a.html, the default is `,`. Mail dev@example.org.\n";

TEST(ReadingOptions, UrlsAndPunctuationChangeWhatIsSaid) {
  TempDir dir;
  const std::string doc = dir.write("doc.md", kTechnical);
  const auto host = voxmark({"sentences", doc});
  ASSERT_EQ(host.exit_code, 0) << host.err;
  EXPECT_EQ(host.out,
            "Options\nTable, 2 columns, 1 row: Option, Default.\nOption: dash dash urls.\n"
            "Default: host.\nSee link to example.org, the default is comma.\n"
            "Mail dev@example.org.\n");
  const auto full = voxmark({"sentences", doc, "--urls", "full", "--punctuation", "all"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_NE(full.out.find("See https://example.org/docs/a.html comma, the default is comma dot."),
            std::string::npos)
      << full.out;
  const auto none = voxmark({"outline", doc, "--urls", "none", "--punctuation", "none"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
}

TEST(ReadingOptions, UnknownValuesAreUsageErrors) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"sentences", "--urls", "path"},
                                             {"outline", "--punctuation", "most"},
                                             {"export", "-o", "/tmp/x.wav", "--urls", "2"}}) {
    const auto r = voxmark(args);
    EXPECT_EQ(r.exit_code, 64) << args[1];
    EXPECT_NE(r.err.find(args[args.size() - 2]), std::string::npos) << r.err;
  }
}

// `language: fr` in the front matter, no --voice: the French voice reads it, exactly as
// --voice fr does, and not as the default (English) voice does.
TEST(DocumentLanguage, ChoosesTheVoiceWhenNoneWasAsked) {
  TempDir dir;
  const std::string body = "Bonjour tout le monde.\n";
  const std::string french = dir.write("fr.md", "---\nlanguage: fr\n---\n" + body);
  const std::string plain = dir.write("plain.md", body);
  ASSERT_EQ(voxmark({"export", "-q", french, "-o", dir.file("fr.wav")}).exit_code, 0);
  ASSERT_EQ(
      voxmark({"export", "-q", plain, "--voice", "fr", "-o", dir.file("voice-fr.wav")}).exit_code,
      0);
  ASSERT_EQ(voxmark({"export", "-q", plain, "-o", dir.file("default.wav")}).exit_code, 0);
  const auto by_language = read_audio(dir.file("fr.wav")).samples;
  EXPECT_TRUE(by_language == read_audio(dir.file("voice-fr.wav")).samples);
  EXPECT_FALSE(by_language == read_audio(dir.file("default.wav")).samples);
  // An explicit --voice wins over the document's language.
  ASSERT_EQ(voxmark({"export", "-q", french, "--voice", "default", "-o", dir.file("asked.wav")})
                .exit_code,
            0);
  EXPECT_TRUE(read_audio(dir.file("asked.wav")).samples ==
              read_audio(dir.file("default.wav")).samples);
}

// A document that states no language, read with --voice fr, is read as French: its dates and
// units are left for the French voice (heard as `language: fr` makes them heard), never made
// English words ("15 January 2024") that the French voice would say with French sounds.
TEST(DocumentLanguage, NumberWordsFollowTheVoiceWhenTheDocumentStatesNone) {
  TempDir dir;
  const std::string body = "Le 2024-01-15, en 3.1ms.\n";
  const std::string french = dir.write("fr.md", "---\nlanguage: fr\n---\n" + body);
  const std::string plain = dir.write("plain.md", body);
  ASSERT_EQ(voxmark({"export", "-q", french, "-o", dir.file("fr.wav")}).exit_code, 0);
  const auto r = voxmark({"export", "-q", plain, "--voice", "fr", "-o", dir.file("voice-fr.wav"),
                          "--subtitles", dir.file("voice-fr.srt")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string subtitles = read_file(dir.file("voice-fr.srt"));
  EXPECT_NE(subtitles.find("Le 2024-01-15, en 3.1ms."), std::string::npos) << subtitles;
  EXPECT_TRUE(read_audio(dir.file("fr.wav")).samples ==
              read_audio(dir.file("voice-fr.wav")).samples);
  // An English voice on the same document still says them in words.
  ASSERT_EQ(voxmark({"export", "-q", plain, "--voice", "default", "-o", dir.file("en.wav"),
                     "--subtitles", dir.file("en.srt")})
                .exit_code,
            0);
  const std::string english = read_file(dir.file("en.srt"));
  EXPECT_NE(english.find("15 January 2024"), std::string::npos) << english;
  EXPECT_NE(english.find("3.1 milliseconds"), std::string::npos) << english;
}

TEST(DocumentLanguage, WithoutAVoiceForItWarnsAndReadsWithTheDefault) {
  TempDir dir;
  const std::string doc = dir.write("x.md", "---\nlanguage: tlh\n---\nQapla.\n");
  const auto r = voxmark({"export", "-q", doc, "-o", dir.file("x.wav")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no voice speaks 'tlh'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace voxmark::test
