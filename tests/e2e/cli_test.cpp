// The command line end to end: the real binary, as a user runs it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_process.h"

namespace voxmark::test {
namespace {

ProcessResult voxmark(std::vector<std::string> args, ProcessOptions options = {}) {
  args.insert(args.begin(), voxmark_binary());
  return run_process(args, options);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(Cli, VersionAndHelp) {
  const auto version = voxmark({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("voxmark ", 0), 0u);
  for (const char* command : {"outline", "sentences"}) {
    const auto help = voxmark({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("--json"), std::string::npos) << command;
  }
}

TEST(Cli, UnknownOptionIsAUsageErrorOnOneLine) {
  const auto r = voxmark({"sentences", "--no-such-option"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("--no-such-option"), std::string::npos);
  EXPECT_TRUE(r.out.empty());
}

TEST(Cli, UnknownCommandIsAUsageError) {
  // A word that is neither a command nor an existing file.
  const auto r = voxmark({"outline", "a.md", "extra-argument"});
  EXPECT_EQ(r.exit_code, 64);
}

TEST(Cli, SentencesOfTheBundledOpEdFromAnyDirectory) {
  ProcessOptions options;
  options.working_directory = "/";
  const auto r = voxmark({"sentences"}, options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto got = lines(r.out);
  ASSERT_EQ(got.size(), 31u);
  EXPECT_EQ(got.front(), "A new beginning for NATO and Russia");
  EXPECT_EQ(got.back(), "Subscribe to our newsletters");
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, SentencesJsonHasTheDocumentedFieldsAndPointsAtTheSource) {
  const auto r = voxmark({"sentences", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto source = lines(read_file(source_path("content/nato-russia.md")));
  std::size_t expected_index = 1;
  for (const auto& line : lines(r.out)) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j.at("index").get<std::size_t>(), expected_index++);
    EXPECT_GE(j.at("section").get<int>(), 1);
    EXPECT_GE(j.at("block").get<int>(), 1);
    EXPECT_FALSE(j.at("kind").get<std::string>().empty());
    const std::string text = j.at("text").get<std::string>();
    const int line_number = j.at("line").get<int>();
    ASSERT_GE(line_number, 1);
    ASSERT_LE(line_number, static_cast<int>(source.size()));
    // The sentence's first word stands on the line it names (voxmark's announcements of a
    // list or quote name the line where it starts).
    const std::string kind = j.at("kind").get<std::string>();
    if (kind == "list" || kind == "quote" || kind == "table") continue;
    std::string first_word = text.substr(0, text.find(' '));
    if (first_word.front() == '"') first_word.erase(0, 1);
    EXPECT_NE(source[line_number - 1].find(first_word), std::string::npos) << text;
  }
  EXPECT_EQ(expected_index, 32u);
}

TEST(Cli, OutlineShowsTheStructure) {
  TempDir dir;
  const std::string doc = dir.write(
      "doc.md", "# One\n\nText here.\n\n## One point one\n\nMore. And more.\n\n# Two\n\nEnd.\n");
  const auto text = voxmark({"outline", doc});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("1. One"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  2. One point one"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("3. Two"), std::string::npos) << text.out;

  const auto json = voxmark({"outline", "--json", doc});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j.at("sections").size(), 3u);
  EXPECT_EQ(j["sections"][1]["title"], "One point one");
  EXPECT_EQ(j["sections"][1]["level"], 2);
  EXPECT_EQ(j["sections"][1]["parent"], 1);
  EXPECT_EQ(j["sections"][1]["sentences"], 3);
  EXPECT_EQ(j["sections"][1]["line"], 5);
  EXPECT_EQ(j["sentences"], 7);
  EXPECT_GT(j["estimated_seconds"].get<double>(), 0);
}

TEST(Cli, ReadsStandardInput) {
  ProcessOptions options;
  options.stdin_text = "# From stdin\n\nHello there. Second sentence.\n";
  const auto r = voxmark({"sentences", "-"}, options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out),
            (std::vector<std::string>{"From stdin", "Hello there.", "Second sentence."}));
}

// Bad input: one clear line on stderr naming the file, a documented exit code, no crash.
struct BadInput {
  const char* name;
  std::string content;  // written to a file unless special
  int exit_code;
  const char* message;  // must appear in stderr
  bool produces_output;
};

void PrintTo(const BadInput& input, std::ostream* os) { *os << input.name; }

class BadInputTest : public testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, GetsOneClearLineAndTheDocumentedExitCode) {
  const BadInput& c = GetParam();
  TempDir dir;
  std::string path;
  if (c.content == "<missing>") {
    path = dir.file("missing.md");
  } else if (c.content == "<directory>") {
    path = dir.path();
  } else {
    path = dir.write("input.md", c.content);
  }
  // Every command that reads a document treats it alike, and writes nothing when it fails.
  const std::string out = dir.file("out.wav");
  const std::vector<std::vector<std::string>> commands{{"outline", path},
                                                       {"sentences", path},
                                                       {"export", path, "-o", out, "-q"},
                                                       {"play", path, "--sink", "null"}};
  for (const auto& command : commands) {
    const auto r = voxmark(command);
    const bool speaks = command[0] == "export" || command[0] == "play";
    EXPECT_EQ(r.exit_code, c.exit_code) << command[0] << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << command[0] << ": " << r.err;
    EXPECT_NE(r.err.find(path), std::string::npos) << "names the file: " << r.err;
    if (!speaks) {
      EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
      EXPECT_EQ(!r.out.empty(), c.produces_output) << command[0];
    } else if (c.exit_code != 0) {
      EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
    }
    if (command[0] == "export") {
      EXPECT_EQ(std::filesystem::exists(out), c.exit_code == 0) << r.err;
      std::filesystem::remove(out);
    }
  }
}

const BadInput kBadInputs[] = {
    {"missing_file", "<missing>", 66, "no such file", false},
    {"directory", "<directory>", 66, "is a directory", false},
    {"binary_file",
     std::string("\x7f"
                 "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                 16),
     65, "binary", false},
    {"invalid_utf8", "# Title\n\nBad \xFF\xFE byte.\n", 0, ":3: invalid UTF-8", true},
    {"nul_bytes", std::string("# Title\n\nA NUL \0 here, in a line of ordinary text.\n", 51), 0,
     ":3: 1 NUL byte", true},
    {"empty_document", "", 65, "empty", false},
    {"only_white_space", "  \n\n\t\n", 65, "empty", false},
    {"nothing_to_say", "<!-- only html -->\n<div><img src=\"x.png\"></div>\n\n---\n", 65,
     "nothing to read", false},
};

INSTANTIATE_TEST_SUITE_P(Cli, BadInputTest, testing::ValuesIn(kBadInputs),
                         [](const auto& info) { return std::string(info.param.name); });

// FILE and options written before the command belong to the command: `voxmark notes.md export`
// used to export the bundled op-ed, `voxmark --speed 3 export` to export at speed 1.
TEST(Cli, FileAndOptionsBeforeTheCommandAreHonoured) {
  TempDir dir;
  const std::string doc = dir.write("notes.md", "# Notes\n\nMy own words. Nothing else.\n");
  const auto outline = voxmark({doc, "outline"});
  ASSERT_EQ(outline.exit_code, 0) << outline.err;
  EXPECT_EQ(outline.out, voxmark({"outline", doc}).out);
  EXPECT_NE(outline.out.find("Notes"), std::string::npos) << outline.out;
  // The same bytes as the command written the usual way.
  ASSERT_EQ(voxmark({doc, "export", "-o", dir.file("before.wav"), "-q"}).exit_code, 0);
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("after.wav"), "-q"}).exit_code, 0);
  EXPECT_TRUE(read_file(dir.file("before.wav")) == read_file(dir.file("after.wav")));
  ASSERT_EQ(voxmark({"--speed", "3", "--voice", "en-gb", "export", doc, "-o", dir.file("fast1.wav"),
                     "-q"})
                .exit_code,
            0);
  ASSERT_EQ(voxmark({"export", doc, "--speed", "3", "--voice", "en-gb", "-o", dir.file("fast2.wav"),
                     "-q"})
                .exit_code,
            0);
  EXPECT_TRUE(read_file(dir.file("fast1.wav")) == read_file(dir.file("fast2.wav")));
  EXPECT_LT(read_file(dir.file("fast1.wav")).size(), read_file(dir.file("after.wav")).size() / 2);
}

// What cannot be honoured is refused: one line, exit 64, nothing done.
struct MisplacedCase {
  const char* name;
  std::vector<std::string> args;  // DOC stands for a document
  const char* message;
};
void PrintTo(const MisplacedCase& c, std::ostream* os) { *os << c.name; }

class MisplacedOption : public testing::TestWithParam<MisplacedCase> {};

TEST_P(MisplacedOption, IsAUsageErrorOnOneLine) {
  TempDir dir;
  const std::string doc = dir.write("notes.md", "# Notes\n\nWords.\n");
  std::vector<std::string> args;
  for (std::string a : GetParam().args) args.push_back(a == "DOC" ? doc : a);
  ProcessOptions options;
  options.working_directory = dir.path();
  const auto r = voxmark(args, options);
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
  EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(lines(read_file(doc)).size(), 3u);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) ++files, (void)e;
  EXPECT_EQ(files, 1u) << "something was written";
}

const MisplacedCase kMisplaced[] = {
    {"file_before_a_command_without_one",
     {"DOC", "voices"},
     "before the command voices, which reads no document"},
    {"option_the_command_lacks",
     {"--resume", "outline", "DOC"},
     "--resume is written before the command outline"},
    {"speed_before_sentences", {"--speed", "2", "sentences", "DOC"}, "does not take that option"},
    {"file_twice",
     {"DOC", "export", "DOC", "-o", "x.wav"},
     "both before and after the command export"},
    {"option_twice",
     {"--speed", "2", "export", "DOC", "--speed", "3", "-o", "x.wav"},
     "--speed is given both before and after"},
    {"output_before_export", {"-o", "x.wav", "export", "DOC"}, "-o"},
    {"resume_with_a_start",
     {"--resume", "play", "DOC", "--sentence", "2"},
     "cannot be used together"},
    {"resume_and_from", {"play", "DOC", "--resume", "--from", "1"}, "excludes"},
    {"from_and_sentence", {"DOC", "--from", "1", "--sentence", "2"}, "excludes"},
};

INSTANTIATE_TEST_SUITE_P(Cli, MisplacedOption, testing::ValuesIn(kMisplaced),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Cli, HelpShowsTheFormsThatWork) {
  const auto help = voxmark({"--help"});
  ASSERT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("voxmark [FILE] [OPTIONS]"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("voxmark COMMAND [FILE] [OPTIONS]"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("[file] [SUBCOMMAND]"), std::string::npos) << help.out;
}

// Settings files the user names or asks for: an error that says what and where.
TEST(Cli, AMissingKeyFileIsAnErrorNamingIt) {
  TempDir dir;
  const std::string doc = dir.write("notes.md", "# Notes\n\nWords.\n");
  ProcessOptions options;
  options.stdin_text = "quit\n";  // commands on stdin: the key file used to go unread
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"play", doc, "--sink", "null", "--keys", dir.file("nokeys.conf")},
        std::vector<std::string>{"--keys", dir.file("nokeys.conf"), "play", doc, "--sink", "null"},
        std::vector<std::string>{"keys", "--keys", dir.file("nokeys.conf")}}) {
    const auto r = voxmark(args, options);
    EXPECT_EQ(r.exit_code, 66) << r.err;
    EXPECT_NE(r.err.find(dir.file("nokeys.conf")), std::string::npos) << r.err;
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
  }
}

TEST(Cli, ABrokenPresetAskedForSaysWhatIsWrongInIt) {
  TempDir dir;
  const std::string doc = dir.write("notes.md", "# Notes\n\nWords.\n");
  std::filesystem::create_directories(dir.file("config/voxmark/voices"));
  const std::string preset =
      dir.write("config/voxmark/voices/mine.toml", "name = \"mine\"\n\nrate_wpm = 525\n");
  ProcessOptions options;
  options.env["XDG_CONFIG_HOME"] = dir.file("config");
  options.stdin_text = "quit\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"export", doc, "-o", dir.file("out.wav"), "--voice", "mine"},
        std::vector<std::string>{"play", doc, "--sink", "null", "--voice", "mine"}}) {
    const auto r = voxmark(args, options);
    EXPECT_EQ(r.exit_code, 65) << r.err;
    EXPECT_NE(r.err.find(preset + ":3: rate_wpm 525 is out of range; use 80 to 450"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("out.wav")));
  }
  // A preset can hold a speed factor: 3x at 175 words per minute is the same audio as --speed 3.
  dir.write("config/voxmark/voices/three.toml", "rate_wpm = 175\nspeed_factor = 3\n");
  ASSERT_EQ(
      voxmark({"export", doc, "-o", dir.file("preset.wav"), "--voice", "three", "-q"}, options)
          .exit_code,
      0);
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("speed.wav"), "--speed", "3", "-q"}, options)
                .exit_code,
            0);
  EXPECT_TRUE(read_file(dir.file("preset.wav")) == read_file(dir.file("speed.wav")));
  ASSERT_EQ(voxmark({"export", doc, "-o", dir.file("plain.wav"), "-q"}, options).exit_code, 0);
  EXPECT_FALSE(read_file(dir.file("preset.wav")) == read_file(dir.file("plain.wav")));
}

TEST(Cli, UnreadableFileIsNoInput) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every file";
  TempDir dir;
  const std::string path = dir.write("secret.md", "# Secret\n");
  chmod(path.c_str(), 0);
  const auto r = voxmark({"sentences", path});
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_NE(r.err.find("cannot be opened"), std::string::npos);
}

TEST(Cli, HundredMegabyteDocumentIsRead) {
  TempDir dir;
  std::string paragraph;
  while (paragraph.size() < 100u * 1024 * 1024) {
    paragraph += "This is one sentence of a very long single line. ";
  }
  const std::string path = dir.write("big.md", paragraph);
  paragraph.clear();
  paragraph.shrink_to_fit();
  ProcessOptions options;
  options.timeout_seconds = 240;
  const auto r = voxmark({"outline", "--json", path}, options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["sentences"].get<std::size_t>(), (100u * 1024 * 1024 + 48) / 49);
}

TEST(Cli, DeeplyNestedDocumentIsRead) {
  TempDir dir;
  std::string quotes(10000, '>');
  const auto r = voxmark({"sentences", dir.write("deep.md", quotes + " deep\n")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Each quote is announced (the outer ones hold one quote each), then the text.
  std::string expected;
  for (int i = 0; i < 9999; ++i) expected += "Quote, 1 part.\n";
  EXPECT_EQ(r.out, expected + "Quote, 1 paragraph.\ndeep\n");
}

// Issue 13: the user's abbreviations for the document's language (front matter `language`).
TEST(Cli, UserAbbreviationsForTheDocumentLanguage) {
  TempDir dir;
  const std::string doc = dir.write(
      "council.md", "---\nlanguage: en-GB\n---\nWe met Cllr. Hughes at noon. She voted no.\n");
  std::filesystem::create_directories(dir.file("config/voxmark/abbreviations"));
  ProcessOptions options;
  options.env["XDG_CONFIG_HOME"] = dir.file("config");
  EXPECT_EQ(lines(voxmark({"sentences", doc}, options).out).size(), 3u);  // no file yet
  dir.write("config/voxmark/abbreviations/en.txt", "# mine\nCllr.  title\n");
  auto r = voxmark({"sentences", doc}, options);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out),
            (std::vector<std::string>{"We met Cllr. Hughes at noon.", "She voted no."}));
  const std::string file =
      dir.write("config/voxmark/abbreviations/en.txt", "# mine\nCllr.  title\nCllr   title\n");
  r = voxmark({"sentences", doc}, options);
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find(file + ":3: 'Cllr' is not one abbreviation"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace voxmark::test
